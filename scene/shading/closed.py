"""Which structure faces belong to closed solids, so the sun rays can skip half of them.

A ray that meets a closed surface wound outward (every edge shared by exactly two faces,
once each way, enclosing a positive volume) always leaves it through a face turned toward
the ray's direction, whether it started outside or inside: the faces of such a part turned
away from the sun can never be the only ones a sun ray hits. Dropping them from the shadow
casters (``shadows.occluders``) leaves every answer the same and halves the triangles the
ray caster builds its tree over. Open parts (panels, strips, meshes with cracks) keep all
their faces.

Closedness depends on the mesh only, so it is found once per shared mesh (about a hundred
on the default scene), with vertices welded at ``WELD_M``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

from ..model.layers import EFFECT_MATERIALS, layer_of
from .merge import static_instances

if TYPE_CHECKING:
    from ..model.graph import Mesh
    from ..model.world import World

WELD_M = 1e-4  # vertices closer than this (m, mesh frame) are one when looking for closure


def closed_parts(mesh: Mesh) -> list[np.ndarray]:
    """Per primitive of ``mesh``, (F_p,) bool: faces in a closed, outward-wound connected
    part of the whole mesh (all primitives together; effect primitives, which cast no
    shadow, make their part open)."""
    prims = mesh.primitives
    sizes = [len(p.faces) for p in prims]
    n = sum(sizes)
    if not n:
        return [np.zeros(0, bool) for _ in prims]
    v = np.vstack([p.vertices for p in prims]).astype(np.float64)
    offsets = np.cumsum([0] + [len(p.vertices) for p in prims])[:-1]
    f = np.vstack([p.faces.astype(np.int64) + o for p, o in zip(prims, offsets, strict=True)])
    effect = np.repeat([p.material in EFFECT_MATERIALS for p in prims], sizes)
    _, weld = np.unique(np.round(v / WELD_M).astype(np.int64), axis=0, return_inverse=True)
    w = weld.ravel()[f]
    # directed edges (3F, 2), each face's three, and the undirected edge each one is
    e = np.concatenate([w[:, [0, 1]], w[:, [1, 2]], w[:, [2, 0]]])
    face = np.tile(np.arange(n), 3)
    lo, hi = np.minimum(e[:, 0], e[:, 1]), np.maximum(e[:, 0], e[:, 1])
    _, edge, count = np.unique(
        lo * (int(weld.max()) + 1) + hi, return_inverse=True, return_counts=True
    )
    forward = np.bincount(edge, weights=e[:, 0] < e[:, 1], minlength=len(count))
    manifold = (count == 2) & (forward == 1)  # two faces, wound opposite ways along it
    # parts: faces joined through shared edges
    order = np.argsort(edge, kind="stable")
    se, sf = edge[order], face[order]
    pair = se[1:] == se[:-1]
    graph = coo_matrix((np.ones(pair.sum()), (sf[:-1][pair], sf[1:][pair])), shape=(n, n))
    n_parts, part = connected_components(graph, directed=False)
    open_part = np.zeros(n_parts, bool)
    open_part[part[face[~manifold[edge]]]] = True
    open_part[part[effect]] = True
    a, b, c = v[f[:, 0]], v[f[:, 1]], v[f[:, 2]]
    volume = np.bincount(part, weights=np.einsum("ij,ij->i", a, np.cross(b, c)), minlength=n_parts)
    closed = (~open_part & (volume > 0))[part]
    return np.split(closed, np.cumsum(sizes)[:-1])


def closed_faces(world: World) -> dict:
    """{(layer, material): (F,) bool} aligned with the faces of
    ``merge.merged_by_material(world)``: True for faces of closed parts
    (:func:`closed_parts`) of instances that are not mirrored."""
    cache: dict[int, list[np.ndarray]] = {}
    acc: dict[tuple[str, str], list] = {}
    for node, m, mesh in static_instances(world):
        parts = cache.get(id(mesh))
        if parts is None:
            parts = cache[id(mesh)] = closed_parts(mesh)
        mirrored = np.linalg.det(m[:3, :3]) <= 0  # would turn the winding inside out
        for prim, closed in zip(mesh.primitives, parts, strict=True):
            key = (layer_of(node.kind, prim.material), prim.material)
            acc.setdefault(key, []).append(np.zeros_like(closed) if mirrored else closed)
    return {key: np.concatenate(items) for key, items in sorted(acc.items())}
