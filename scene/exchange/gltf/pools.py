"""Floodlight pools baked into the terrain: an emissive texture over the near grid, so the
pools of the lamps not written as lights show in any client, with or without lights.

The texture holds what our renderer adds for those lamps (``lighting.lamp_pools``: albedo
x lamp irradiance x lamp_intensity x 1.1) in the display-referred scale of ``lights`` (1 =
white), overlapping pools rolled off with a soft knee below ``materials.EMISSIVE_PEAK``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from ...assemble.world import REGOLITH_TINT
from ...model.color import encode_display, to_uint8
from ...shading.lighting import lamp_pools
from .materials import EMISSIVE_PEAK

if TYPE_CHECKING:
    from ....terrain.heightfield import Terrain
    from ...model.graph import SpotLight

KNEE = 0.6  # pools stay linear up to here, then roll off towards EMISSIVE_PEAK
TONE_GAIN = 1.1  # the renderer's exposure on radiance before its tone curve


def soft_knee(x: np.ndarray) -> np.ndarray:
    """(...,) values >= 0: unchanged up to KNEE, then rising smoothly to EMISSIVE_PEAK."""
    span = EMISSIVE_PEAK - KNEE
    return np.where(x <= KNEE, x, KNEE + span * np.tanh((x - KNEE) / span))


def pool_glow(terrain: Terrain, lamps: list[SpotLight], lamp_intensity: float) -> np.ndarray | None:
    """(n, n, 3) uint8 sRGB emissive image of the pools of ``lamps`` on ``terrain``'s grid
    (first row at v = 0, like its albedo texture), or None without lamps or light. Only
    the lit texels are worked on (the pools cover a small part of the grid)."""
    if not lamps or lamp_intensity <= 0:
        return None
    irr = lamp_pools(terrain, lamps)  # (n, n, 3)
    lit = np.flatnonzero(irr.reshape(-1, 3).max(axis=1) > 0)  # (K,) texels under a pool
    if not len(lit):
        return None
    albedo = terrain.albedo.reshape(-1)[lit]  # (K,)
    e = irr.reshape(-1, 3)[lit] * (albedo[:, None] * REGOLITH_TINT * (lamp_intensity * TONE_GAIN))
    peak = e.max(axis=1, keepdims=True)
    e *= np.divide(soft_knee(peak), peak, out=np.zeros_like(peak), where=peak > 0)
    img = np.zeros((terrain.size_px * terrain.size_px, 3), np.uint8)
    img[lit] = to_uint8(encode_display(e))
    return img.reshape(terrain.size_px, terrain.size_px, 3) if img.any() else None
