"""Lighting that is computed, not rendered: terrain radiance with baked sun shadows,
earthshine fill and floodlight pools. Pure numpy; the renderer only displays the result.
"""

from __future__ import annotations

import numpy as np

from ...terrain import shading
from ..model import graph
from ..model.graph import SpotLight

EARTHSHINE_COLOR = np.array([0.55, 0.65, 1.0])
SUN_COLOR = np.array(graph.SUN_COLOR)


def terrain_radiance(
    terrain,
    lighting: dict,
    lamps: list[SpotLight],
    extra_shadow: np.ndarray | None = None,
    baked: np.ndarray | None = None,
) -> np.ndarray:
    """(n, n, 3) linear radiance of a ground grid: albedo × (sun + earthshine + lamps).

    extra_shadow: optional (n, n) 0..1 sun visibility from other casters (structures).
    baked: the grid's terrain shadows if already baked (default: bake them here)."""
    az, el = lighting["sun_azimuth_deg"], lighting["sun_elevation_deg"]
    sun = shading.sun_vector(az, el)
    if baked is None:
        baked = shading.bake_shadows(terrain, az, el)
    lit = shading.lambert(terrain, sun) * baked
    if extra_shadow is not None:
        lit = lit * extra_shadow
    nz = terrain.normals()[..., 2]
    irr = lit[..., None] * SUN_COLOR * lighting["sun_intensity"]
    irr = irr + (lighting["earthshine"] * (0.4 + 0.6 * nz))[..., None] * EARTHSHINE_COLOR
    if lighting["lamps"] and lamps:
        irr = irr + lamp_pools(terrain, lamps) * lighting["lamp_intensity"]
    return terrain.albedo[..., None] * irr


def lamp_pools(terrain, lamps: list[SpotLight]) -> np.ndarray:
    """(n, n, 3) irradiance from floodlights: each lamp lights a soft disc under it."""
    n = terrain.size_px
    out = np.zeros((n, n, 3))
    x0, y0 = terrain.origin
    c = terrain.cell_m
    for lamp in lamps:
        px, py, pz = lamp.position
        h = lamp.mount_m or max(pz - float(terrain.height_at(px, py)), 2.0)
        reach = min(lamp.range_m, 10.0 * h)  # beyond ~10 heights a pool is < 0.1 %
        j0, j1 = int((px - reach - x0) / c), int((px + reach - x0) / c) + 2
        i0, i1 = int((py - reach - y0) / c), int((py + reach - y0) / c) + 2
        j0, i0 = max(j0, 0), max(i0, 0)
        j1, i1 = min(j1, n), min(i1, n)
        if j0 >= j1 or i0 >= i1:
            continue
        xs = x0 + np.arange(j0, j1) * c
        ys = y0 + np.arange(i0, i1) * c
        dx = xs[None, :] - px
        dy = ys[:, None] - py
        d2 = dx * dx + dy * dy
        fall = (h * h) / (d2 + h * h) ** 1.5 * h  # cos-weighted inverse square, 1 below
        fall *= np.clip(1.0 - np.sqrt(d2) / reach, 0.0, 1.0) ** 2
        out[i0:i1, j0:j1] += fall[..., None] * np.asarray(lamp.color) * lamp.intensity
    return out


def tone_map(radiance: np.ndarray, exposure: float = 1.0) -> np.ndarray:
    """Linear radiance → display 0..1 (filmic-ish Reinhard on luminance, then gamma 2.2)."""
    x = np.maximum(radiance * exposure, 0.0)
    mapped = x / (1.0 + x)
    return np.clip(mapped, 0.0, 1.0) ** (1 / 2.2)
