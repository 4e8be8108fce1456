"""Ambient occlusion, baked once in numpy: how much of the sky (and of the earthshine and the
lamps' scattered light) a point can see.

Ground: horizon-based, from the heightfield with the structures stamped into it (each face's
top raises its grid cell), so crater walls, trenches and the ground round the foot of every
building darken where they close in. Structures: a few rays per face over the hemisphere
round its normal, cast against the same BVH as the sun rays (``shadows``), vectorised in one
batch; plus contact darkening near the ground.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    from ..model.graph import Mesh
    from .shadows import Caster

AZIMUTHS = 8  # horizon directions per ground sample
STEPS_CELLS = (1, 2, 4, 8, 16, 32)  # march distances, in grid cells
STRENGTH = 0.9  # how much a closed horizon darkens (1: fully)
FACE_RAYS = 3  # hemisphere rays per face
CONTACT_M = 3.0  # faces within this height of the ground darken towards it


def structure_heights(heights: np.ndarray, origin, cell_m: float, points: np.ndarray) -> np.ndarray:
    """(n, n) float64 ``heights`` with every (K, 3) world point's z stamped into its cell
    (the maximum of the ground and the points there)."""
    out = heights.copy()
    if not len(points):
        return out
    n = heights.shape[0]
    j = np.floor((points[:, 0] - origin[0]) / cell_m + 0.5).astype(np.int64)
    i = np.floor((points[:, 1] - origin[1]) / cell_m + 0.5).astype(np.int64)
    ok = (i >= 0) & (i < n) & (j >= 0) & (j < n)
    np.maximum.at(out, (i[ok], j[ok]), points[ok, 2])
    return out


def ground_ao(heights: np.ndarray, cell_m: float, surface: np.ndarray | None = None) -> np.ndarray:
    """(n, n) float64 sky visibility 0..1 of a heightfield's samples: for ``AZIMUTHS``
    directions the highest horizon over ``STEPS_CELLS``, visibility 1 - mean(sin(horizon)).

    heights: (n, n) float m, the ground the samples sit on; surface: (n, n) the occluders
    (default ``heights``; e.g. ``structure_heights``)."""
    h = np.asarray(heights, np.float64)
    occ = h if surface is None else np.asarray(surface, np.float64)
    n = h.shape[0]
    acc = np.zeros_like(h)
    pad = STEPS_CELLS[-1]
    big = np.pad(occ, pad, mode="edge")
    for k in range(AZIMUTHS):
        a = 2 * np.pi * k / AZIMUTHS
        best = np.zeros_like(h)  # tan of the highest horizon so far (0: level)
        for s in STEPS_CELLS:
            di, dj = int(round(s * np.sin(a))), int(round(s * np.cos(a)))
            dist = np.hypot(di, dj) * cell_m
            if dist == 0:
                continue
            ahead = big[pad + di : pad + di + n, pad + dj : pad + dj + n]
            np.maximum(best, (ahead - h) / dist, out=best)
        acc += best / np.sqrt(1.0 + best * best)  # sin of the horizon angle
    return np.clip(1.0 - STRENGTH * acc / AZIMUTHS, 0.0, 1.0)


def _hemisphere(normals: np.ndarray, k: int) -> np.ndarray:
    """(K, k, 3) fixed cosine-spread directions round each (K, 3) unit normal."""
    t = np.cross(normals, np.where(np.abs(normals[:, 2:3]) < 0.9, [0.0, 0.0, 1.0], [1.0, 0, 0]))
    t /= np.linalg.norm(t, axis=1, keepdims=True)
    b = np.cross(normals, t)
    a = 2 * np.pi * (np.arange(k) + 0.5) / k
    up = 0.6  # cos of the rays' angle from the normal (about 53 deg)
    side = np.sqrt(1 - up * up)
    return (
        normals[:, None] * up
        + side * np.cos(a)[None, :, None] * t[:, None]
        + side * np.sin(a)[None, :, None] * b[:, None]
    )


def face_ao(
    centroids: np.ndarray,
    normals: np.ndarray,
    intersector: Any,
    ground_of=None,
    rays: int = FACE_RAYS,
    chunk: int = 1_000_000,
) -> np.ndarray:
    """(K,) float64 sky visibility 0..1 of faces ((K, 3) centroids and unit normals): the
    share of ``rays`` fixed hemisphere rays round the normal that escape ``intersector``
    (anything with ``intersects_any``: rays are unbounded, this is what sees the sky), times
    contact darkening of the faces within ``CONTACT_M`` of the ground that are not turned
    up (``ground_of(x, y)`` heights; None: none)."""
    k = len(centroids)
    vis = np.ones(k)
    if k and intersector is not None and rays:
        d = _hemisphere(normals, rays).reshape(-1, 3)
        o = np.repeat(centroids + normals * 0.05, rays, axis=0)
        hit = np.zeros(len(o), bool)
        for i in range(0, len(o), chunk):
            hit[i : i + chunk] = intersector.intersects_any(o[i : i + chunk], d[i : i + chunk])
        vis = 1.0 - 0.85 * hit.reshape(k, rays).mean(axis=1)
    if ground_of is not None and k:
        above = centroids[:, 2] - np.asarray(ground_of(centroids[:, 0], centroids[:, 1]))
        near = np.exp(-np.maximum(above, 0.0) / CONTACT_M) * (normals[:, 2] < 0.7)
        vis *= 1.0 - 0.5 * near
    return vis


def grids_occlusion(terrain, merged: dict, grids: list) -> list[np.ndarray]:
    """(n, n) sky visibility of each ground grid of ``grids`` [(terrain grid, lamps)]: the
    near grid (``terrain``) with the structures of ``merged`` ({key: ((V, 3), (F, 3))})
    stamped into its heights (contact darkening round their feet), the far grid from its
    own relief."""
    out = []
    for grid, _ in grids:
        surface = None
        if grid is terrain and merged:
            pts = np.concatenate([np.asarray(v, np.float64) for v, _ in merged.values()])
            surface = structure_heights(grid.heights, grid.origin, grid.cell_m, pts)
        out.append(ground_ao(grid.heights, grid.cell_m, surface))
    return out


def self_occluder(mesh: Mesh, m: np.ndarray) -> Caster:
    """A ray caster of all of ``mesh``'s opaque primitives placed by the (4, 4) world matrix
    ``m``: what occludes the faces of a vehicle drawn per frame (its ``face_ao``)."""
    from trimesh.util import append_faces

    from ...assets.materials import PALETTE
    from .shadows import Caster

    prims = [p for p in mesh.primitives if not PALETTE[p.material].is_emissive]
    placed = [p.vertices @ m[:3, :3].T + m[:3, 3] for p in prims]
    return Caster(*append_faces(placed, [p.faces for p in prims]))
