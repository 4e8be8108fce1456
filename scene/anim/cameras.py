"""Camera poses for named shots and smooth, terrain-safe camera paths.

A pose is (position (3,), target (3,), fov_deg). Scene-file z values may be heights above
the terrain (``above_ground``); they are resolved to world z here.

Paths (the model of Blender, Google Earth Studio, three.js): keyframes of time, position,
look-at target and fov. Positions and targets run on a centripetal Catmull-Rom spline (no
cusps or self-loops), re-parametrised by arc length so that the camera moves at constant
speed within each segment and passes every keyframe at its time; ``easing`` eases the first
segment in and/or the last one out; fov is interpolated monotonically (PCHIP). No roll: the
camera's up is world +z. The path is lifted wherever it, or the straight line between two
frames, would pass closer than ``clearance_m`` to the terrain.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
from scipy.interpolate import PchipInterpolator
from scipy.ndimage import gaussian_filter1d, maximum_filter1d

if TYPE_CHECKING:
    from collections.abc import Sequence

    from ...terrain.heightfield import Terrain


@dataclass(frozen=True)
class Pose:
    position: tuple[float, float, float]
    target: tuple[float, float, float]
    fov_deg: float


def _resolve(
    terrain: Terrain, xyz: Sequence[float], above_ground: bool
) -> tuple[float, float, float]:
    """World (x, y, z) of a scene-file point (3 numbers; z above the ground if
    ``above_ground``)."""
    x, y, z = xyz
    if above_ground:
        z = z + float(terrain.height_at(x, y))
    return (float(x), float(y), float(z))


def shot_pose(terrain: Terrain, shot: dict) -> Pose:
    """World pose of a validated ``[[shots]]`` entry."""
    ag = shot["above_ground"]
    return Pose(
        _resolve(terrain, shot["position"], ag),
        _resolve(terrain, shot["target"], ag),
        shot["fov_deg"],
    )


class CatmullRom:
    """Centripetal (alpha = 0.5) Catmull-Rom spline through points (K, 3), K >= 2, with an
    arc-length table per segment."""

    def __init__(self, points: np.ndarray, samples_per_segment: int = 64) -> None:
        """``points``: (K, 3) knots (m); each segment gets an arc-length table over
        ``samples_per_segment + 1`` parameters."""
        p = np.asarray(points, float)
        self.points = p
        ext = np.vstack([2 * p[0] - p[1], p, 2 * p[-1] - p[-2]])  # phantom end points
        self.ext = ext
        self.n_seg = len(p) - 1
        u = np.linspace(0.0, 1.0, samples_per_segment + 1)
        self.u_table = u
        self.s_table = []
        for i in range(self.n_seg):
            pts = self._segment(i, u)
            d = np.linalg.norm(np.diff(pts, axis=0), axis=1)
            self.s_table.append(np.concatenate([[0.0], np.cumsum(d)]))

    def _segment(self, i: int, u: np.ndarray) -> np.ndarray:
        """Points (U, 3) float64 of segment i (between points i and i+1) at the (U,)
        parameters u (0..1)."""
        p0, p1, p2, p3 = self.ext[i : i + 4]

        def knot(a: np.ndarray, b: np.ndarray) -> float:
            """Centripetal knot interval between the (3,) points a and b."""
            return max(np.linalg.norm(b - a) ** 0.5, 1e-6)

        t0 = 0.0
        t1 = t0 + knot(p0, p1)
        t2 = t1 + knot(p1, p2)
        t3 = t2 + knot(p2, p3)
        t = (t1 + (t2 - t1) * np.asarray(u, float))[:, None]
        a1 = (t1 - t) / (t1 - t0) * p0 + (t - t0) / (t1 - t0) * p1
        a2 = (t2 - t) / (t2 - t1) * p1 + (t - t1) / (t2 - t1) * p2
        a3 = (t3 - t) / (t3 - t2) * p2 + (t - t2) / (t3 - t2) * p3
        b1 = (t2 - t) / (t2 - t0) * a1 + (t - t0) / (t2 - t0) * a2
        b2 = (t3 - t) / (t3 - t1) * a2 + (t - t1) / (t3 - t1) * a3
        return (t2 - t) / (t2 - t1) * b1 + (t - t1) / (t2 - t1) * b2

    def length(self, i: int) -> float:
        return float(self.s_table[i][-1])

    def at_fraction(self, i: int, frac: np.ndarray) -> np.ndarray:
        """Points (U, 3) float64 on segment i at the (U,) fractions (0..1) of its arc
        length."""
        s = np.clip(frac, 0, 1) * self.length(i)
        u = np.interp(s, self.s_table[i], self.u_table)
        return self._segment(i, u)


def _ease(u: np.ndarray, kind: str, first: bool, last: bool) -> np.ndarray:
    """Fraction of a segment's length covered at time fraction u (0..1): (U,) → (U,)."""
    u = np.clip(u, 0.0, 1.0)
    ein = first and kind in ("ease_in_out", "ease_in")
    eout = last and kind in ("ease_in_out", "ease_out")
    if ein and eout:
        return u * u * (3 - 2 * u)
    if ein:  # start from rest, reach the constant speed of the next segment smoothly
        return u * u
    if eout:
        return 1 - (1 - u) ** 2
    return u


class CameraPath:
    """A keyframed, arc-length parametrised, terrain-safe camera path."""

    def __init__(self, terrain: Terrain, path: dict) -> None:
        self.name = path["name"]
        ag = path["above_ground"]
        keys = path["keys"]
        self.terrain = terrain
        self.times = np.array([k["t"] for k in keys], dtype=float)
        self.key_positions = np.array([_resolve(terrain, k["position"], ag) for k in keys])
        self.key_targets = np.array([_resolve(terrain, k["target"], ag) for k in keys])
        self.fovs = np.array([k["fov_deg"] for k in keys], dtype=float)
        self.easing = path["easing"]
        self.clearance = path.get("clearance_m", 10.0)
        self.pos_spline = CatmullRom(self.key_positions)
        self.tgt_spline = CatmullRom(self.key_targets)
        self.fov_curve = PchipInterpolator(self.times, self.fovs)
        self.lift_t = np.array([self.times[0], self.times[-1]])
        self.lift_z = np.zeros(2)
        self.warnings: list[str] = []
        self._make_safe()

    @property
    def duration(self) -> float:
        return float(self.times[-1] - self.times[0])

    def _raw(self, spline: CatmullRom, t: np.ndarray) -> np.ndarray:
        """(T, 3) float64 points of ``spline`` at the (T,) times ``t`` (s; clamped to the
        path, eased per segment), without the lift."""
        t = np.clip(np.asarray(t, float), self.times[0], self.times[-1])
        seg = np.clip(np.searchsorted(self.times, t, side="right") - 1, 0, len(self.times) - 2)
        out = np.empty((len(t), 3))
        for i in np.unique(seg):
            m = seg == i
            u = (t[m] - self.times[i]) / (self.times[i + 1] - self.times[i])
            frac = _ease(u, self.easing, i == 0, i == len(self.times) - 2)
            out[m] = spline.at_fraction(i, frac)
        return out

    def positions(self, t: np.ndarray) -> np.ndarray:
        """(T, 3) float64 camera positions (m) at the (T,) times ``t`` (seconds from the
        path's start key), lifted clear of the terrain."""
        p = self._raw(self.pos_spline, t)
        p[:, 2] += np.interp(t, self.lift_t, self.lift_z)
        return p

    def targets(self, t: np.ndarray) -> np.ndarray:
        """(T, 3) float64 look-at targets (m) at the (T,) times ``t`` (s)."""
        return self._raw(self.tgt_spline, t)

    def _make_safe(self, samples_per_s: float = 120.0) -> None:
        """Lift the path where it dips below terrain + clearance (warns where)."""
        n = max(int(self.duration * samples_per_s), 200)
        t = np.linspace(self.times[0], self.times[-1], n)
        p = self._raw(self.pos_spline, t)
        ground = self.terrain.height_at(p[:, 0], p[:, 1])
        need = np.maximum(ground + self.clearance - p[:, 2], 0.0)
        if need.max() < 0.05:  # within 5 cm of the clearance: nothing worth a lift
            return
        worst = int(np.argmax(need))
        self.warnings.append(
            f"path {self.name!r}: lifted up to {need[worst]:.1f} m to keep "
            f"{self.clearance:g} m above the terrain near t={t[worst]:.1f} s "
            f"(x={p[worst, 0]:.0f}, y={p[worst, 1]:.0f})"
        )
        warnings.warn(self.warnings[-1], stacklevel=3)
        # a smooth lift at least as large as needed everywhere: widen, smooth, re-check
        width = max(int(samples_per_s * 1.5), 3)
        lift = gaussian_filter1d(maximum_filter1d(need, width * 2 + 1), width / 2) + 1.0
        lift = np.maximum(lift, need + 1.0)  # 1 m spare for chords between frames
        self.lift_t, self.lift_z = t, lift

    def sample(self, n: int) -> list[Pose]:
        """``n`` poses evenly spaced in time over the whole path."""
        t = np.linspace(self.times[0], self.times[-1], n) if n > 1 else np.array([self.times[0]])
        return self.poses(t)

    def poses(self, t: np.ndarray) -> list[Pose]:
        """One Pose per time of the (T,) array ``t`` (s)."""
        pos, tgt = self.positions(t), self.targets(t)
        fov = self.fov_curve(np.clip(t, self.times[0], self.times[-1]))
        return [
            Pose(tuple(map(float, p)), tuple(map(float, q)), float(f))
            for p, q, f in zip(pos, tgt, fov, strict=True)
        ]

    def min_clearance(self, per_frame: int, fps: float) -> float:
        """Smallest height above the terrain over the frames' samples and the straight lines
        between consecutive frames (``per_frame`` samples per line)."""
        n = max(2, int(round(self.duration * fps)) + 1)
        t = np.linspace(self.times[0], self.times[-1], n)
        p = self.positions(t)
        u = np.linspace(0, 1, per_frame, endpoint=False)
        seg = p[:-1, None, :] + (p[1:] - p[:-1])[:, None, :] * u[None, :, None]
        pts = np.vstack([seg.reshape(-1, 3), p[-1:]])
        return float(np.min(pts[:, 2] - self.terrain.height_at(pts[:, 0], pts[:, 1])))
