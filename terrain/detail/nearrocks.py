"""The detail tier's rocks that are drawn as meshes near the camera: the same rocks as the
patches' (``features.cell_rocks``, the boulder law continued down to ``rock_d_min``), the
ones close enough to be seen as shapes.

A rock of diameter ``D`` is drawn within ``min(reach_per_m · D, r_max)`` of the camera
(3-D distance: a 5 cm pebble within 15 m, a 10 cm one within 30 m, rocks of 20 cm and up
within 60 m at the defaults: ~5 pixels across where they appear at 1280 px over 50°),
growing from nothing over the last ``grow`` fraction of that distance so it never pops;
rocks the base's traces cleared from the ground (roads, ruts, blast zones, paths:
``traces.clear_at``) are left out, as the patches leave out their texture. Every value is
a pure function of the camera position, the seed and the traces: a rock's yaw, tilt and
shape variant hash from its position.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .features import cell_rocks, gather
from .noise import hash_unit
from .patch import DetailLaw
from .traces import Traces, clear_at

__all__ = ["NearRocks", "near_rocks"]

REACH_PER_M, R_MAX, GROW = 300.0, 60.0, 0.25
N_VARIANTS = 8
ROCK_KEY = 5


@dataclass(frozen=True)
class NearRocks:
    """(N,) arrays of the rocks to draw: centre ``x``, ``y`` (m), diameter ``d`` (m, already
    scaled by its growth), ``yaw`` and ``tilt`` (rad), shape ``variant`` (int)."""

    x: np.ndarray
    y: np.ndarray
    d: np.ndarray
    yaw: np.ndarray
    tilt: np.ndarray
    variant: np.ndarray

    def __len__(self) -> int:
        return int(self.x.size)


def near_rocks(
    law: DetailLaw,
    traces: Traces | None,
    position,
    above: float,
    reach_per_m: float = REACH_PER_M,
    r_max: float = R_MAX,
    grow: float = GROW,
    cull=None,
) -> NearRocks:
    """The rocks to draw as meshes for a camera at ``position`` (x, y[, z] m) ``above`` m
    over the ground (module doc), in the cells' order; ``cull(x, y, d)`` ((N,) each) gives
    an (N,) bool of the ones to keep (the caller's view), before the traces are asked."""
    cx, cy = float(position[0]), float(position[1])
    f = gather(
        lambda i, j: cell_rocks(
            law.seed, i, j, law.cell_m, law.rock_a, law.rock_b, law.rock_d_min, law.rock_d_max
        ),
        (cx - r_max, cy - r_max, cx + r_max, cy + r_max),
        0.0,
        law.cell_m,
    )
    dist = np.sqrt((f.x - cx) ** 2 + (f.y - cy) ** 2 + above * above)
    lim = np.minimum(reach_per_m * f.d, r_max)
    sel = dist < lim
    x, y, d, lim, dist = f.x[sel], f.y[sel], f.d[sel], lim[sel], dist[sel]
    if cull is not None and x.size:
        keep = np.asarray(cull(x, y, d), bool)
        x, y, d, lim, dist = x[keep], y[keep], d[keep], lim[keep], dist[keep]
    if traces and x.size:
        keep = clear_at(traces, x, y) > 0.5
        x, y, d, lim, dist = x[keep], y[keep], d[keep], lim[keep], dist[keep]
    scale = np.clip((lim - dist) / (grow * lim), 0.0, 1.0)
    scale = scale * scale * (3.0 - 2.0 * scale)
    i = np.floor(x * 1024.0).astype(np.int64)[:, None]
    j = np.floor(y * 1024.0).astype(np.int64)[:, None]
    h = hash_unit(i, j + np.arange(3, dtype=np.int64)[None, :], law.seed * 16 + ROCK_KEY)
    return NearRocks(
        x,
        y,
        d * scale,
        np.pi * h[:, 0],
        np.radians(12.0) * h[:, 1],
        np.floor((h[:, 2] + 1.0) * 0.5 * N_VARIANTS).astype(np.int64).clip(0, N_VARIANTS - 1),
    )
