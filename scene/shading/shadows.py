"""Sun shadows cast by structures, by ray casting (Embree through trimesh).

VTK's single shadow map cannot resolve a 20 m tank on a 10 km terrain, so shadows are cast
with rays instead: from every ground sample toward the sun against the structures (their
shadows on the ground, hundreds of metres long under a low sun), and from every structure
vertex toward the sun against structures and terrain (structures shadowing each other, and
standing in crater shadow). Emissive effect geometry (plumes) casts no shadow.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import trimesh
from trimesh.util import append_faces

from ..model.layers import EFFECT_MATERIALS

if TYPE_CHECKING:
    from trimesh.ray import ray_pyembree, ray_triangle

    from ...terrain.heightfield import Terrain


def _intersector(
    vertices: np.ndarray, faces: np.ndarray
) -> ray_pyembree.RayMeshIntersector | ray_triangle.RayMeshIntersector:
    """A ray intersector (Embree if available) over the mesh ``vertices`` (V, 3), ``faces``
    (F, 3)."""
    mesh = trimesh.Trimesh(vertices, faces, process=False, validate=False)
    try:
        from trimesh.ray.ray_pyembree import RayMeshIntersector
    except ImportError:  # embreex missing: trimesh's slower pure-numpy intersector
        from trimesh.ray.ray_triangle import RayMeshIntersector
    return RayMeshIntersector(mesh)


def occluders(
    merged: dict, terrain_vf: tuple[np.ndarray, np.ndarray] | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """One ((V, 3) float64, (F, 3) int64) of every shadow-casting structure triangle of
    ``merged`` (plus the terrain's (V, 3), (F, 3) ``terrain_vf`` if given)."""
    parts = [(v, f) for (_, mat), (v, f) in merged.items() if mat not in EFFECT_MATERIALS]
    if terrain_vf is not None:
        parts.append(terrain_vf)
    v, f = append_faces([v for v, _ in parts], [f.astype(np.int64) for _, f in parts])
    return v.astype(np.float64), f


def sun_visible(
    points: np.ndarray,
    sun: np.ndarray,
    intersector: ray_pyembree.RayMeshIntersector | ray_triangle.RayMeshIntersector,
    lift: float = 0.05,
    chunk: int = 1_000_000,
) -> np.ndarray:
    """(K,) bool: True where the ray from ``points`` ((K, 3)) toward ``sun`` ((3,) unit)
    escapes without hitting the intersector's mesh."""
    out = np.ones(len(points), dtype=bool)
    d = np.broadcast_to(sun, (min(chunk, len(points)), 3))
    for i in range(0, len(points), chunk):
        o = points[i : i + chunk] + sun * lift
        out[i : i + chunk] = ~intersector.intersects_any(o, d[: len(o)])
    return out


def ground_shadow(terrain: Terrain, merged: dict, sun: np.ndarray) -> np.ndarray:
    """(n, n) float32 on the terrain grid: 0 where a structure of ``merged`` hides the sun
    (``sun`` (3,) unit), else 1."""
    if not merged or sun[2] <= 0:
        return np.ones((terrain.size_px, terrain.size_px), np.float32)
    v, f = occluders(merged)
    hit = _intersector(v, f)
    x, y = terrain.xy_grid()
    pts = np.column_stack([x.ravel(), y.ravel(), terrain.heights.ravel() + 0.15])
    # only samples whose sun ray can reach the structures' bounding box need a ray
    lo, hi = v.min(axis=0), v.max(axis=0)
    need = _ray_hits_box(pts, sun, lo, hi)
    lit = np.ones(len(pts), dtype=bool)
    lit[need] = sun_visible(pts[need], sun, hit)
    return lit.reshape(terrain.size_px, terrain.size_px).astype(np.float32)


def _ray_hits_box(o: np.ndarray, d: np.ndarray, lo: np.ndarray, hi: np.ndarray) -> np.ndarray:
    """(K,) bool: rays o + t d (t > 0) that pass through the axis-aligned box (slab test);
    ``o`` (K, 3) origins, ``d`` (3,) direction, ``lo``, ``hi`` (3,) box corners."""
    with np.errstate(divide="ignore", invalid="ignore"):
        inv = 1.0 / d
        t1 = (lo - o) * inv
        t2 = (hi - o) * inv
    tmin = np.nanmax(np.minimum(t1, t2), axis=1)
    tmax = np.nanmin(np.maximum(t1, t2), axis=1)
    return tmax >= np.maximum(tmin, 0.0)


def scene_intersector(
    merged: dict, terrain_vf: tuple[np.ndarray, np.ndarray]
) -> ray_pyembree.RayMeshIntersector | ray_triangle.RayMeshIntersector:
    """Ray intersector over every shadow-casting structure triangle and the terrain's
    ((V, 3), (F, 3)) ``terrain_vf``."""
    return _intersector(*occluders(merged, terrain_vf))
