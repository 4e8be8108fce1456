"""Static structures flattened into few big meshes for rendering and ray casting."""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

import numpy as np
from trimesh.util import append_faces

from ..model.layers import layer_of

if TYPE_CHECKING:
    from collections.abc import Iterator

    from ..model.assetcache import AssetCache
    from ..model.graph import Mesh, Node
    from ..model.world import World

DYNAMIC_KINDS = ("rover",)  # drawn per frame by scene.dynamic, not merged
MIN_ROCK_DRAWN_M = 2.5  # smaller boulders are in the scene graph (and GLB) but not rendered


TILE_M = 600.0  # structures are grouped in square tiles for level of detail and culling


def tile_of(x: float, y: float) -> tuple[int, int]:
    """The (ix, iy) ``TILE_M`` tile holding world (x, y)."""
    return int(np.floor(x / TILE_M)), int(np.floor(y / TILE_M))


def static_instances(
    world: World, lod0: AssetCache | None = None
) -> Iterator[tuple[Node, np.ndarray, Mesh]]:
    """(node, (4, 4) world matrix, mesh) of every static structure instance that is drawn,
    in scene-graph order: not the terrain, not the vehicles (``DYNAMIC_KINDS``), not the
    boulders under ``MIN_ROCK_DRAWN_M``. With ``lod0`` (an AssetCache at detail 0) the mesh
    is each placed asset's at that detail, and what is not placed (rocks) is left out."""
    by_name = {p.name: p for p in world.layout.placements}
    for node, m in world.graph.instances():
        if node.kind == "terrain" or node.kind in DYNAMIC_KINDS:
            continue
        if node.kind == "rock" and node.extras.get("diameter_m", 9.0) < MIN_ROCK_DRAWN_M:
            continue
        mesh = node.mesh
        if lod0 is not None:
            p = by_name.get(node.name)
            if p is None:
                continue
            mesh = lod0.mesh(p.kind, p.params, p.variant)
        yield node, m, mesh


def merged_by_material(world: World, lod0: AssetCache | None = None) -> tuple[dict, dict]:
    """All static structure instances (:func:`static_instances`) flattened into one
    ((V, 3) float64, (F, 3) int64) pair per (layer, material), in world space: few actors
    for VTK, and layers the viewer can toggle. Keys are sorted; within a key, instances
    come in scene-graph order.

    lod0: optional AssetCache at detail 0; then each placed asset is merged at that detail
    instead (rocks, which have no cheaper level, are left out).

    Returns (merged {key: (V, F)}, face_info {key: (F, 3) float}) where face_info holds each
    face's tile (ix, iy) and the radius of the instance it came from (level-of-detail
    distances scale with it)."""
    acc: dict[tuple[str, str], list] = {}
    radii: dict[int, float] = {}  # id(mesh) -> half its bounding box diagonal (mesh frame)
    for node, m, mesh in static_instances(world, lod0):
        r, t = m[:3, :3], m[:3, 3]
        tile = tile_of(t[0], t[1])
        half = radii.get(id(mesh))
        if half is None:
            b = mesh.bounds()
            half = radii[id(mesh)] = float(np.linalg.norm(b[1] - b[0]) / 2)
        radius = half * float(np.linalg.norm(r[:, 0]))
        for prim in mesh.primitives:
            key = (layer_of(node.kind, prim.material), prim.material)
            row = (tile[0], tile[1], radius)
            acc.setdefault(key, []).append((prim.vertices @ r.T + t, prim.faces, row))
    out, infos = {}, {}
    for key, items in sorted(acc.items()):
        out[key] = append_faces([v for v, _, _ in items], [f.astype(np.int64) for _, f, _ in items])
        rows = np.array([row for _, _, row in items], dtype=np.float64)
        infos[key] = np.repeat(rows, [len(f) for _, f, _ in items], axis=0)
    return out, infos


def split_tiles(
    v: np.ndarray, f: np.ndarray, info: np.ndarray
) -> Iterator[tuple[tuple[int, int], float, np.ndarray, np.ndarray, np.ndarray]]:
    """Yield (tile (ix, iy), radius, V' (K, 3), F' (L, 3) int64, sel (L,) int64) per tile, in
    tile order: compact sub-meshes of ``v`` (V, 3), ``f`` (F, 3), and the indices (ascending)
    of the faces of ``f`` they hold; ``info``: the (F, 3) face records of
    :func:`merged_by_material`. One sort of the faces by tile, then each tile touches only
    its own faces."""
    if len(f) == 0:
        return
    tiles = info[:, :2].astype(np.int64)
    lo = tiles.min(axis=0)
    span = tiles.max(axis=0) - lo + 1
    code = (tiles[:, 0] - lo[0]) * span[1] + (tiles[:, 1] - lo[1])  # row-major: (ix, iy) order
    # a small integer type lets the stable sort be a radix sort (the codes count the tiles)
    small = np.int16 if span[0] * span[1] < 2**15 else np.int64
    order = np.argsort(code.astype(small), kind="stable")
    counts = np.bincount(code, minlength=int(span[0] * span[1]))
    present = np.flatnonzero(counts)
    starts = np.concatenate([[0], np.cumsum(counts[present])])
    keys = np.stack([present // span[1] + lo[0], present % span[1] + lo[1]], axis=1)
    slot = np.empty(len(v), dtype=np.int64)  # vertex -> its index in the current tile
    for k, tile in enumerate(keys):
        sel = order[starts[k] : starts[k + 1]]
        ff = f[sel]
        used = np.unique(ff)
        slot[used] = np.arange(len(used))
        yield (
            (int(tile[0]), int(tile[1])),
            float(info[sel, 2].max()),
            v[used],
            slot[ff],
            sel,
        )


class GlowShell(NamedTuple):
    """One translucent glow mesh the renderer draws over the scene (an engine jet's proxy,
    ``jets.jet_shells``): ``vertices`` (V, 3) float world m, ``faces`` (F, 3) int, display
    ``color`` (3,) 0..1 and ``alpha`` opacity (below 1: drawn in the translucent pass).
    Unpacks as the 4-tuple (vertices, faces, color, alpha)."""

    vertices: np.ndarray
    faces: np.ndarray
    color: tuple[float, float, float]
    alpha: float


def graph_top(world: World) -> float:
    """Highest world z (m) of any mesh instance's bounding box: ``graph.bounds()[1, 2]``,
    with each shared mesh's box corners found once."""
    corners: dict[int, np.ndarray] = {}
    top = -np.inf
    for node, m in world.graph.instances():
        c = corners.get(id(node.mesh))
        if c is None:
            b = node.mesh.bounds()
            c = corners[id(node.mesh)] = np.array(
                [[x, y, z] for x in b[:, 0] for y in b[:, 1] for z in b[:, 2]]
            )
        top = max(top, float((c @ m[2, :3] + m[2, 3]).max()))
    return top
