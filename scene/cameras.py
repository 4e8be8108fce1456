"""Camera poses for named shots and sampled camera paths.

A pose is (position (3,), target (3,), fov_deg). Scene-file z values may be heights above
the terrain (``above_ground``); they are resolved to world z here.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Pose:
    position: tuple[float, float, float]
    target: tuple[float, float, float]
    fov_deg: float


def _resolve(terrain, xyz, above_ground: bool) -> tuple[float, float, float]:
    x, y, z = xyz
    if above_ground:
        z = z + float(terrain.height_at(x, y))
    return (float(x), float(y), float(z))


def shot_pose(terrain, shot: dict) -> Pose:
    """World pose of a validated ``[[shots]]`` entry."""
    ag = shot["above_ground"]
    return Pose(_resolve(terrain, shot["position"], ag), _resolve(terrain, shot["target"], ag),
                shot["fov_deg"])


class CameraPath:
    """A keyframed path: positions, targets and fov interpolated between keys.

    Positions use piecewise-linear interpolation in time; the whole path's time is eased
    (``ease_in_out`` = smoothstep) so the camera starts and stops gently.
    """

    def __init__(self, terrain, path: dict):
        self.name = path["name"]
        ag = path["above_ground"]
        keys = path["keys"]
        self.times = np.array([k["t"] for k in keys], dtype=float)
        self.positions = np.array([_resolve(terrain, k["position"], ag) for k in keys])
        self.targets = np.array([_resolve(terrain, k["target"], ag) for k in keys])
        self.fovs = np.array([k["fov_deg"] for k in keys], dtype=float)
        self.easing = path["easing"]

    @property
    def duration(self) -> float:
        return float(self.times[-1] - self.times[0])

    def _eased(self, u: np.ndarray) -> np.ndarray:
        u = np.clip(u, 0.0, 1.0)
        return u * u * (3 - 2 * u) if self.easing == "ease_in_out" else u

    def sample(self, n: int) -> list[Pose]:
        """``n`` poses evenly spaced in (eased) time over the whole path."""
        u = np.linspace(0.0, 1.0, n) if n > 1 else np.zeros(1)
        t = self.times[0] + self._eased(u) * self.duration
        pos = np.column_stack([np.interp(t, self.times, self.positions[:, i]) for i in range(3)])
        tgt = np.column_stack([np.interp(t, self.times, self.targets[:, i]) for i in range(3)])
        fov = np.interp(t, self.times, self.fovs)
        return [Pose(tuple(p), tuple(q), float(f)) for p, q, f in zip(pos, tgt, fov, strict=True)]
