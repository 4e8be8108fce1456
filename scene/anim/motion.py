"""Time in the scene: vehicles drive their roads (the graph's ``Drive`` channels), dust
trails behind them, plumes flicker and warning beacons blink. Everything is a pure function
of (world, time in seconds)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from ..layout.packing import ground_fit
from ..layout.plan import point_at, polyline_length
from ..model.graph import Drive, transform

if TYPE_CHECKING:
    from ...terrain.heightfield import Terrain
    from ..model.world import World


def _pingpong(s: np.ndarray, length: float) -> tuple[np.ndarray, np.ndarray]:
    """Arc position bounced between the road's ends, and the driving direction (+1/-1):
    float64 of ``s``'s shape (0-d for one vehicle, (N,) for N)."""
    period = 2 * length
    m = np.mod(s, period)
    forward = m <= length
    return np.where(forward, m, period - m), np.where(forward, 1.0, -1.0)


def drive_matrix(terrain: Terrain, drive: Drive, t: float) -> np.ndarray:
    """(4, 4) float64 world matrix at time ``t`` of the vehicle of ``drive`` (a channel of
    the scene graph): its arc position bounced between the ends of its (N, 2) road, heading
    along the road, tilted to the ground fitted under its footprint."""
    road = drive.road
    length = polyline_length(road)
    margin = drive.margin_m
    s, direction = _pingpong(
        np.asarray(drive.s0 - margin + drive.speed_mps * t), max(length - 2 * margin, 1.0)
    )
    s = float(s) + margin
    x0, y0 = point_at(road, s)
    x1, y1 = point_at(road, s + 2.0 * float(direction))
    heading = float(np.degrees(np.arctan2(y1 - y0, x1 - x0)))
    basis = ground_fit(terrain, _Pose2D(float(x0), float(y0), heading), drive)
    m = transform((x0, y0, float(terrain.height_at(x0, y0))))
    m[:3, :3] = basis
    return m


@dataclass
class _Pose2D:
    """Where a vehicle stands on the map: what ``layout.packing.ground_fit`` reads."""

    x: float
    y: float
    rotation_deg: float


def drive_matrices(world: World, t: float) -> dict[str, np.ndarray]:
    """{node name: (4, 4) world matrix at ``t``} for every drive channel of the graph."""
    return {d.node: drive_matrix(world.terrain, d, t) for d in world.graph.drives}


PUFF_R0, PUFF_GROWTH = 0.35, 1.6  # a dust puff's radius (m) at birth, and its growth


def dust_puffs(
    world: World, t: float, per_emitter: int = 24, matrices: dict[str, np.ndarray] | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """Regolith kicked up behind driving vehicles: (P, 3) puff centres and (P,) radii, float64
    metres.

    Puffs are born at the drive's dust points (the rear wheels), drift back and up, grow and
    fade (radius grows; the renderer draws them translucent). Deterministic in (seed, t).
    ``matrices``: the vehicles' (4, 4) world matrices at ``t`` by node name, if the caller
    has them."""
    centres, radii = [], []
    rng = np.random.default_rng([world.cfg.seed, 31])
    for d in world.graph.drives:
        m = (
            matrices[d.node]
            if matrices and d.node in matrices
            else drive_matrix(world.terrain, d, t)
        )
        back = -m[:3, 0]
        for e in d.dust_points:
            base = m[:3, :3] @ np.asarray(e, float) + m[:3, 3]
            age = (np.arange(per_emitter) + (t * 3.0) % 1.0) / per_emitter  # 0..1
            jitter = rng.normal(0, 1, (per_emitter, 3))
            pos = (
                base[None, :]
                + back[None, :] * (age[:, None] * 14.0 * d.speed_mps / 6.0)
                + np.array([0, 0, 1.0])[None, :] * (age[:, None] * 5.0)
                + jitter * (0.3 + 1.2 * age[:, None])
            )
            centres.append(pos)
            radii.append(PUFF_R0 + PUFF_GROWTH * age)
    if not centres:
        return np.zeros((0, 3)), np.zeros(0)
    return np.vstack(centres), np.concatenate(radii)


def plume_flicker(t: float, seed: int) -> float:
    """Opacity multiplier of the engine plumes at time ``t`` (0.8..1.0, smooth)."""
    ph = np.random.default_rng([seed, 41]).uniform(0, 2 * np.pi, 3)
    w = np.array([7.1, 11.3, 17.9])
    return float(0.9 + 0.1 * np.mean(np.sin(w * t + ph)))


def beacons_on(t: float) -> bool:
    """Red warning beacons blink: on for 0.4 s of every second."""
    return (t % 1.0) < 0.4
