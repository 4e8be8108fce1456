"""Time in the scene: rovers drive their roads, dust trails behind them, plumes flicker and
warning beacons blink. Everything is a pure function of (world, time in seconds)."""

from __future__ import annotations

import numpy as np

from .graph import transform
from .layout import point_at, polyline_length
from .packing import ground_fit


def _pingpong(s: np.ndarray, length: float) -> tuple[np.ndarray, np.ndarray]:
    """Arc position bounced between the road's ends, and the driving direction (+1/-1)."""
    period = 2 * length
    m = np.mod(s, period)
    forward = m <= length
    return np.where(forward, m, period - m), np.where(forward, 1.0, -1.0)


def vehicle_matrix(world, placement, t: float) -> np.ndarray:
    """4x4 world matrix of a moving vehicle at time ``t`` (its static pose if it has no road)."""
    ex = placement.extras
    if "road" not in ex:
        m = transform((placement.x, placement.y, placement.z), placement.rotation_deg)
        if placement.basis is not None:
            m[:3, :3] = placement.basis
        return m
    poly = world.layout.roads[ex["road"]]
    length = polyline_length(poly)
    margin = 12.0
    s, direction = _pingpong(np.asarray(ex["s0"] - margin + ex["speed_mps"] * t),
                             max(length - 2 * margin, 1.0))
    s = float(s) + margin
    x0, y0 = point_at(poly, s)
    x1, y1 = point_at(poly, s + 2.0 * float(direction))
    heading = float(np.degrees(np.arctan2(y1 - y0, x1 - x0)))
    moved = type(placement)(**{**placement.__dict__, "x": float(x0), "y": float(y0),
                               "rotation_deg": heading})
    asset = world.assets.get(placement.kind, placement.params, placement.variant)
    basis = ground_fit(world.terrain, moved, asset)
    m = transform((x0, y0, float(world.terrain.height_at(x0, y0))))
    m[:3, :3] = basis
    return m


PUFF_R0, PUFF_GROWTH = 0.35, 1.6  # a dust puff's radius (m) at birth, and its growth


def dust_puffs(world, t: float, per_emitter: int = 24,
               matrices: dict | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Regolith kicked up behind moving rovers: (P, 3) puff centres and (P,) radii.

    Puffs are born at the rear wheels, drift back and up, grow and fade (radius grows;
    the renderer draws them translucent). Deterministic in (seed, t). ``matrices``: the
    rovers' world matrices at ``t`` by name, if the caller already has them."""
    centres, radii = [], []
    rng = np.random.default_rng([world.cfg["seed"], 31])
    for p in world.layout.placements:
        if p.kind != "rover" or "road" not in p.extras:
            continue
        m = matrices[p.name] if matrices and p.name in matrices else vehicle_matrix(world, p, t)
        asset = world.assets.get(p.kind, p.params, p.variant)
        back = -m[:3, 0]
        for e in asset.emitters:
            if e.kind != "dust":
                continue
            base = m[:3, :3] @ np.asarray(e.position, float) + m[:3, 3]
            age = (np.arange(per_emitter) + (t * 3.0) % 1.0) / per_emitter  # 0..1
            jitter = rng.normal(0, 1, (per_emitter, 3))
            pos = (base[None, :] + back[None, :] * (age[:, None] * 14.0 * p.extras["speed_mps"]
                                                   / 6.0)
                   + np.array([0, 0, 1.0])[None, :] * (age[:, None] * 5.0)
                   + jitter * (0.3 + 1.2 * age[:, None]))
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
