"""Sun shadows cast by structures, by ray casting (Embree through embreex).

VTK's single shadow map cannot resolve a 20 m tank on a 10 km terrain, so shadows are cast
with rays instead: from ground samples toward the sun against the structures (their shadows
on the ground, hundreds of metres long under a low sun), and from every sun-facing structure
face toward the sun against structures and terrain (structures shadowing each other, and
standing in crater shadow). Emissive effect geometry (plumes) casts no shadow.

One :class:`Caster` (one BVH) over the structures serves the ground grids and the faces of
one bake (:class:`SunShadows`); the terrain's own is small. It leaves out the faces of
closed parts turned away from the sun (``closed``: about half of them, with the same
answers). Ground samples get a ray only where the terrain leaves them lit (elsewhere the
answer does not show).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
from trimesh.util import append_faces

from ..model.layers import EFFECT_MATERIALS

if TYPE_CHECKING:
    from ...terrain.heightfield import Terrain


class Caster:
    """Any-hit ray queries against one fixed triangle mesh: (V, 3) ``vertices`` (world m),
    (F, 3) int ``faces``. Embree (embreex) when installed, else trimesh's pure-numpy
    intersector. Vertices are moved to their bounding box's corner and scaled to ~100 units
    in float64 before Embree's float32 (as trimesh does), for precision far from the origin."""

    def __init__(self, vertices: np.ndarray, faces: np.ndarray) -> None:
        self.n_faces = len(faces)
        self._embree = self._fallback = None
        if not self.n_faces:
            return
        v = np.asarray(vertices, np.float64)
        lo, hi = v.min(axis=0), v.max(axis=0)
        self.origin = lo
        self.scale = 100.0 / max(float(np.linalg.norm(hi - lo)), 1e-9)
        try:
            from embreex import rtcore_scene
            from embreex.mesh_construction import TriangleMesh
        except ImportError:  # embreex missing: trimesh's slower pure-numpy intersector
            import trimesh
            from trimesh.ray.ray_triangle import RayMeshIntersector

            mesh = trimesh.Trimesh(v, faces, process=False, validate=False)
            self._fallback = RayMeshIntersector(mesh)
            return
        self._embree = rtcore_scene.EmbreeScene()
        scaled = ((v - self.origin) * self.scale).astype(np.float32)
        TriangleMesh(
            scene=self._embree, vertices=scaled, indices=np.asarray(faces).astype(np.int32)
        )
        # build the BVH now (embreex does on the first query): queries may then come from
        # several threads at once (they run without the GIL)
        self._embree.run(np.zeros((1, 3), np.float32), np.ones((1, 3), np.float32))

    def intersects_any(self, origins: np.ndarray, directions: np.ndarray) -> np.ndarray:
        """(K,) bool: rays from ``origins`` (K, 3) along ``directions`` ((K, 3), or (1, 3)
        for all) that hit."""
        k = len(origins)
        if not self.n_faces or not k:
            return np.zeros(k, bool)
        d = np.asarray(directions, np.float64)
        d = d / np.linalg.norm(d, axis=1, keepdims=True)
        if self._fallback is not None:
            return self._fallback.intersects_any(origins, np.broadcast_to(d, (k, 3)))
        o = ((np.asarray(origins, np.float64) - self.origin) * self.scale).astype(np.float32)
        return self._embree.run(o, d.astype(np.float32), query="OCCLUDED") != -1


class Casters:
    """Several :class:`Caster` queried as one (a ray hits if it hits any); each later one
    only sees the rays the earlier ones let through."""

    def __init__(self, *casters: Caster) -> None:
        self.casters = casters

    def intersects_any(self, origins: np.ndarray, directions: np.ndarray) -> np.ndarray:
        """(K,) bool, as :meth:`Caster.intersects_any`."""
        hit = np.zeros(len(origins), bool)
        todo = np.arange(len(origins))
        for c in self.casters:
            if not len(todo):
                break
            h = c.intersects_any(
                origins[todo], directions if len(directions) == 1 else directions[todo]
            )
            hit[todo[h]] = True
            todo = todo[~h]
        return hit


def occluders(
    merged: dict,
    terrain_vf: tuple[np.ndarray, np.ndarray] | None = None,
    sun: np.ndarray | None = None,
    closed: dict | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """One ((V, 3) float64, (F, 3) int64) of every shadow-casting structure triangle of
    ``merged`` (plus the terrain's (V, 3), (F, 3) ``terrain_vf`` if given).

    With ``sun`` ((3,) unit) and ``closed`` ({key: (F,) bool}, ``closed.closed_faces``),
    the faces of closed parts turned away from the sun are left out: a sun ray meeting
    such a part also meets one of its faces turned to the sun (see ``closed``)."""
    parts = []
    for key, (v, f) in merged.items():
        if key[1] in EFFECT_MATERIALS:
            continue
        if sun is None or closed is None or not closed.get(key, np.zeros(0, bool)).any():
            parts.append((v, f))
            continue
        c = np.flatnonzero(closed[key])
        a = v[f[c, 0]]
        away = np.cross(v[f[c, 1]] - a, v[f[c, 2]] - a) @ sun < 0
        keep = np.ones(len(f), bool)
        keep[c[away]] = False
        parts.append((v, f[keep]))
    if terrain_vf is not None:
        parts.append(terrain_vf)
    if not parts:
        return np.zeros((0, 3)), np.zeros((0, 3), np.int64)
    v, f = append_faces([v for v, _ in parts], [f.astype(np.int64) for _, f in parts])
    return np.asarray(v, np.float64), f


def structure_caster(
    merged: dict, sun: np.ndarray | None = None, closed: dict | None = None
) -> Caster:
    """A :class:`Caster` over every shadow-casting structure triangle of ``merged`` (for
    rays toward ``sun`` only, without the faces ``closed`` lets it skip: ``occluders``)."""
    return Caster(*occluders(merged, None, sun, closed))


def sun_visible(
    points: np.ndarray,
    sun: np.ndarray,
    intersector: Caster | Casters,
    lift: float = 0.05,
    chunk: int = 1_000_000,
) -> np.ndarray:
    """(K,) bool: True where the ray from ``points`` ((K, 3)) toward ``sun`` ((3,) unit)
    escapes without hitting the intersector's mesh (anything with ``intersects_any``)."""
    out = np.ones(len(points), dtype=bool)
    d = np.asarray(sun, np.float64)[None, :]
    for i in range(0, len(points), chunk):
        o = points[i : i + chunk] + sun * lift
        out[i : i + chunk] = ~intersector.intersects_any(o, d)
    return out


class SunShadows:
    """Structure shadows under one sun (``sun`` (3,) unit) from the structures of ``merged``:
    one :class:`Caster` (one BVH) shared by every ground grid and the structure faces of a
    bake; ``closed`` ({key: (F,) bool}, ``closed.closed_faces``) lets it leave out the faces
    of closed parts turned away from the sun."""

    def __init__(self, merged: dict, sun: np.ndarray, closed: dict | None = None) -> None:
        self.sun = np.asarray(sun, np.float64)
        self.caster = structure_caster(merged, self.sun, closed)

    def ground(self, terrain: Terrain, where: np.ndarray | None = None) -> np.ndarray:
        """(n, n) float32 on the terrain grid: 0 where a structure hides the sun, else 1.

        where: optional (n, n) bool, the samples whose answer matters (e.g. those the
        terrain leaves lit); the others are reported lit without a ray."""
        n = terrain.size_px
        if not self.caster.n_faces or self.sun[2] <= 0:
            return np.ones((n, n), np.float32)
        x, y = terrain.xy_grid()
        pts = np.column_stack([x.ravel(), y.ravel(), terrain.heights.ravel() + 0.15])
        if where is None:
            lit = sun_visible(pts, self.sun, self.caster)
        else:
            idx = np.flatnonzero(where)
            lit = np.ones(len(pts), dtype=bool)
            lit[idx] = sun_visible(pts[idx], self.sun, self.caster)
        return lit.reshape(n, n).astype(np.float32)

    def faces_intersector(self, terrain_vf: tuple[np.ndarray, np.ndarray]) -> Casters:
        """What shadows structure faces: the structures and the terrain's ((V, 3), (F, 3))
        ``terrain_vf``."""
        return Casters(self.caster, Caster(*terrain_vf))


def ground_shadow(terrain: Terrain, merged: dict, sun: np.ndarray) -> np.ndarray:
    """(n, n) float32 on the terrain grid: 0 where a structure of ``merged`` hides the sun
    (``sun`` (3,) unit), else 1 (:meth:`SunShadows.ground`)."""
    if not merged or sun[2] <= 0:
        return np.ones((terrain.size_px, terrain.size_px), np.float32)
    return SunShadows(merged, sun).ground(terrain)


def scene_intersector(merged: dict, terrain_vf: tuple[np.ndarray, np.ndarray]) -> Casters:
    """What shadows structure faces: every shadow-casting structure triangle of ``merged``
    and the terrain's ((V, 3), (F, 3)) ``terrain_vf``."""
    return Casters(structure_caster(merged), Caster(*terrain_vf))
