"""Lighting structures in numpy, face by face, the same way the ground is lit.

Each face of the merged structure meshes gets radiance = albedo × (sun × N·S × visibility
+ earthshine fill + floodlights), tone-mapped like the terrain, and is drawn unlit. This keeps
structures and ground in one exposure, puts cast shadows on structures exactly where the sun
rays say, and lets any number of lamps light them (VTK's fixed-function lights cannot).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from ...assets.materials import PALETTE
from ..model.graph import SpotLight
from .ao import face_ao
from .lighting import (
    EARTHSHINE_COLOR,
    SUN_COLOR,
    lamp_falloff,
    lamp_mount,
    lamp_reach,
    tone_map,
)
from .shadows import sun_visible
from .tone import scene_exposure

if TYPE_CHECKING:
    from collections.abc import Callable


def face_frames(v: np.ndarray, f: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(F, 3) centroids and (F, 3) unit normals (float64 for float64 ``v``) of the triangles
    ``v`` (V, 3), ``f`` (F, 3) int; degenerate faces get +z."""
    a, b, c = v[f[:, 0]], v[f[:, 1]], v[f[:, 2]]
    n = np.cross(b - a, c - a)
    length = np.linalg.norm(n, axis=1, keepdims=True)
    n = np.where(length > 1e-12, n / np.maximum(length, 1e-12), (0.0, 0.0, 1.0))
    return (a + b + c) / 3.0, n


PANEL_M = 3.0  # the panels a large surface is made of vary in value cell by cell
PANEL_SPREAD = 0.14  # relative spread of a panel's value (±7 %)
BAY_M = 12.0  # and bays of panels (four by four) vary again, so a far wall is not uniform
BAY_SPREAD = 0.14


def _cell_hash(points: np.ndarray, size: float) -> np.ndarray:
    """(K,) float64 0..1: a hash of the ``size`` m cell each (K, 3) point lies in."""
    c = np.floor(points / size).astype(np.int64)
    h = (c[:, 0] * 73856093) ^ (c[:, 1] * 19349663) ^ (c[:, 2] * 83492791)
    h = (h ^ (h >> 13)) * 1274126177
    return ((h >> 8) & 0xFFFF).astype(np.float64) / 65535.0


def panel_jitter(points: np.ndarray) -> np.ndarray:
    """(K,) float64 factors for faces at ``points`` ((K, 3) world m): 1 ± ``PANEL_SPREAD``/2
    by the ``PANEL_M`` cell each lies in, times 1 ± ``BAY_SPREAD``/2 by its ``BAY_M`` cell
    (a hash of the cells: no random state, the same faces get the same factors in every
    run), so neighbouring panels of a wall or roof differ in value, near and far."""
    if not len(points):
        return np.ones(0)
    fine = 1.0 + PANEL_SPREAD * (_cell_hash(points, PANEL_M) - 0.5)
    return fine * (1.0 + BAY_SPREAD * (_cell_hash(points, BAY_M) - 0.5))


LAMP_CELL_M = 20.0  # grid cell (m) the points are bucketed in for the lamps


def lamp_irradiance(
    points: np.ndarray,
    normals: np.ndarray | None,
    lamps: list[SpotLight],
    ground_of: Callable[[float, float], float] | None = None,
) -> np.ndarray:
    """(K, 3) float64 linear irradiance at ``points`` ((K, 3) world m) from spot lamps
    (inverse square beyond the lamp's mounting height, cone falloff, cosine on the (K, 3)
    unit ``normals`` if given); ``ground_of(x, y)`` measures mounting heights (see
    ``lighting.lamp_mount``).

    The points are sorted into ``LAMP_CELL_M`` grid cells once; each lamp reads the
    contiguous runs of cells within its ``lighting.lamp_reach`` (beyond it the falloff is
    0), row by row, and keeps the points inside that distance and its cone. One scalar
    weight per point is summed per lamp colour, in lamp order."""
    k = len(points)
    out = np.zeros((k, 3))
    if not lamps or not k:
        return out
    cell = LAMP_CELL_M
    lo = points[:, :2].min(axis=0)
    ij = ((points[:, :2] - lo) / cell).astype(np.int64)
    nx, ny = int(ij[:, 0].max()) + 1, int(ij[:, 1].max()) + 1
    key = ij[:, 1] * nx + ij[:, 0]
    order = np.argsort(key, kind="stable")
    starts = np.searchsorted(key[order], np.arange(nx * ny + 1))
    xs, ys, zs = np.ascontiguousarray(points[order].T)  # (K,) each, sorted by cell
    nrm = None if normals is None else np.ascontiguousarray(normals[order].T)
    sums: dict[tuple, np.ndarray] = {}  # lamp colour -> (K,) summed weights (sorted order)
    for lamp in lamps:
        p = np.asarray(lamp.position, float)
        mount = lamp_mount(lamp, ground_of)
        reach = lamp_reach(lamp, mount)
        axis = np.asarray(lamp.direction, float)
        axis = axis / (np.linalg.norm(axis) + 1e-12)
        half = np.radians(lamp.cone_deg / 2)
        cone_lo, cone_hi = np.cos(half * 1.3), np.cos(half * 0.7)
        acc = sums.setdefault(tuple(lamp.color), np.zeros(k))
        j0 = max(int((p[1] - reach - lo[1]) // cell), 0)
        j1 = min(int((p[1] + reach - lo[1]) // cell), ny - 1)
        for j in range(j0, j1 + 1):
            # the columns of this row of cells that come within reach
            gap = max(lo[1] + j * cell - p[1], p[1] - (lo[1] + (j + 1) * cell), 0.0)
            half_w = np.sqrt(max(reach * reach - gap * gap, 0.0))
            i0 = max(int((p[0] - half_w - lo[0]) // cell), 0)
            i1 = min(int((p[0] + half_w - lo[0]) // cell), nx - 1)
            if i0 > i1:
                continue
            s, e = starts[j * nx + i0], starts[j * nx + i1 + 1]
            if s == e:
                continue
            dx, dy, dz = xs[s:e] - p[0], ys[s:e] - p[1], zs[s:e] - p[2]
            dist2 = dx * dx + dy * dy + dz * dz
            near = np.flatnonzero(dist2 <= reach * reach)
            if not len(near):
                continue
            dx, dy, dz, dist2 = dx[near], dy[near], dz[near], dist2[near]
            dist = np.sqrt(dist2) + 1e-9
            proj = dx * axis[0] + dy * axis[1] + dz * axis[2]
            sel = np.flatnonzero(proj > cone_lo * dist)  # outside the cone the light is 0
            if not len(sel):
                continue
            dist2, dist = dist2[sel], dist[sel]
            cone = np.clip((proj[sel] / dist - cone_lo) / (cone_hi - cone_lo + 1e-9), 0, 1)
            fall = lamp_falloff(dist2, mount, reach)
            hit = s + near[sel]
            if nrm is not None:
                facing = nrm[0][hit] * dx[sel] + nrm[1][hit] * dy[sel] + nrm[2][hit] * dz[sel]
                fall *= np.clip(-facing / dist, 0, 1)
            acc[hit] += cone * fall * lamp.intensity
    for color, acc in sums.items():
        out[order] += acc[:, None] * np.asarray(color)
    return out


def face_display(
    merged: dict,
    lighting: dict,
    sun: np.ndarray,
    lamps: list[SpotLight],
    intersector: Any | None,
    ground_of: Callable[[float, float], float] | None = None,
    occluder: Any | None = None,
) -> dict:
    """{(layer, material): (F, 3) float32 display colours} for every non-emissive mesh of
    ``merged`` ({(layer, material): ((V, 3), (F, 3))}, world m), under ``sun`` ((3,) unit).

    intersector: what casts shadows on the faces (``shadows.scene_intersector``, anything
    with ``intersects_any``); None: every sun-facing face is lit. ground_of:
    ``height_at(x, y)`` for the lamps' mounts and the contact darkening. occluder: what
    occludes the faces' sky (``ao.face_ao``, e.g. a ``shadows.Caster`` of the meshes
    themselves); None: no occlusion (nor contact darkening)."""
    faces = FaceSet.of([merged])
    vis = faces.sun_visible(sun, intersector)
    lamp = None
    if lighting["lamps"]:
        lamp = lamp_irradiance(faces.centroids, faces.normals, lamps, ground_of)
    occ = None
    if occluder is not None:
        occ = face_ao(faces.centroids, faces.normals, occluder, ground_of)
    return faces.display(lighting, sun, vis, lamp, None, occ)[0]


class FaceSet:
    """The non-emissive faces of several merged dicts ({(layer, material): ((V, 3),
    (F, 3))}, e.g. both levels of detail) side by side, to be lit in one go: ``keys``
    [(which dict, key)], ``centroids`` and ``normals`` (K, 3) float64 (``face_frames``),
    face ``ends`` (len(keys),) of each key's run."""

    def __init__(self, n_meshes: int, keys: list, frames: list) -> None:
        self.n_meshes = n_meshes
        self.keys = keys
        self.ends = np.cumsum([len(c) for c, _ in frames], dtype=np.int64)
        empty = np.zeros((0, 3))
        self.centroids = np.concatenate([c for c, _ in frames]) if frames else empty
        self.normals = np.concatenate([n for _, n in frames]) if frames else empty

    @classmethod
    def of(cls, meshes: list[dict]) -> FaceSet:
        """The non-emissive faces of ``meshes``, in dict then key order."""
        keys = [
            (i, key)
            for i, merged in enumerate(meshes)
            for key in merged
            if not PALETTE[key[1]].is_emissive
        ]
        frames = [
            face_frames(np.asarray(meshes[i][k][0], np.float64), meshes[i][k][1]) for i, k in keys
        ]
        return cls(len(meshes), keys, frames)

    def mesh_rows(self, i: int) -> slice:
        """The rows of ``centroids`` / ``normals`` that hold the faces of mesh dict ``i``
        (the dicts' faces follow each other, in dict order)."""
        starts = np.r_[0, self.ends[:-1]]
        mine = [k for k, (m, _) in enumerate(self.keys) if m == i]
        return slice(int(starts[mine[0]]), int(self.ends[mine[-1]])) if mine else slice(0, 0)

    def sun_visible(self, sun: np.ndarray, intersector: Any | None) -> np.ndarray:
        """(K,) bool: faces turned to ``sun`` ((3,) unit) whose sun ray escapes
        ``intersector`` (anything with ``intersects_any``; None: nothing casts; a list:
        one per mesh dict, each casting on its own dict's faces)."""
        front = self.normals @ sun > 0
        if intersector is None:  # no casters given: every sun-facing face is lit
            return front
        per_mesh = intersector if isinstance(intersector, list) else [intersector] * self.n_meshes
        vis = np.zeros(len(front), bool)
        if front.any() and sun[2] > 0:
            for i, cast in enumerate(per_mesh):
                rows = np.flatnonzero(front[self.mesh_rows(i)]) + self.mesh_rows(i).start
                c, n = self.centroids[rows], self.normals[rows]
                vis[rows] = sun_visible(c + n * 0.03, sun, cast, lift=0.05)
        return vis

    def display(
        self,
        lighting: dict,
        sun: np.ndarray,
        visible: np.ndarray,
        lamp: np.ndarray | None,
        extra: np.ndarray | None = None,
        ao: np.ndarray | None = None,
    ) -> list[dict]:
        """[{(layer, material): (F, 3) float32 display colours}] per merged dict: sun ×
        N·S × ``visible`` ((K,) bool, :meth:`sun_visible`) + earthshine + ``lamp`` ((K, 3)
        :func:`lamp_irradiance`, or None: no lamps) × the lamp intensity + ``extra`` ((K, 3)
        further irradiance: the engine jets), the fill, lamps and jets × ``ao`` ((K,) sky
        visibility, ``ao.face_ao``; None: 1), tone-mapped (``tone.filmic``)."""
        n = self.normals
        ndots = np.clip(n @ sun, 0.0, None)
        irr = (ndots * visible)[:, None] * SUN_COLOR * lighting["sun_intensity"]
        fill = (lighting["earthshine"] * (0.55 + 0.45 * n[:, 2]))[:, None] * EARTHSHINE_COLOR
        if lamp is not None:
            fill = fill + lamp * lighting["lamp_intensity"]
        if extra is not None:
            fill = fill + extra
        irr = irr + (fill if ao is None else fill * ao[:, None])
        exposure = scene_exposure(lighting)
        irr = irr * panel_jitter(self.centroids)[:, None]
        out: list[dict] = [{} for _ in range(self.n_meshes)]
        starts = np.r_[0, self.ends[:-1]] if len(self.ends) else self.ends
        for (i, key), lo, hi in zip(self.keys, starts, self.ends, strict=True):
            mat = PALETTE[key[1]]
            # metals: a little view-independent sheen so they don't read as flat grey
            albedo = np.asarray(mat.base_color) * (1.0 - 0.35 * mat.metallic) + 0.08 * mat.metallic
            out[i][key] = tone_map(albedo * irr[lo:hi], exposure=exposure).astype(np.float32)
        return out
