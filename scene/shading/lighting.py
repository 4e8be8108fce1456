"""Lighting that is computed, not rendered: terrain radiance with baked sun shadows,
earthshine fill and floodlight pools. Pure numpy; the renderer only displays the result.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from ...terrain import shading
from ..model import graph
from ..model.graph import SpotLight
from .tone import filmic

if TYPE_CHECKING:
    from collections.abc import Callable

    from ...terrain.heightfield import Terrain

EARTHSHINE_COLOR = np.array([0.55, 0.65, 1.0])
SUN_COLOR = np.array(graph.SUN_COLOR)


def terrain_radiance(
    terrain: Terrain,
    lighting: dict,
    lamps: list[SpotLight],
    extra_shadow: np.ndarray | None = None,
    baked: np.ndarray | None = None,
    lam: np.ndarray | None = None,
    normals: np.ndarray | None = None,
    extra: np.ndarray | None = None,
    ao: np.ndarray | None = None,
) -> np.ndarray:
    """(n, n, 3) float64 linear radiance of a ground grid: albedo × (sun + earthshine +
    lamps).

    extra_shadow: optional (n, n) 0..1 sun visibility from other casters (structures).
    baked: the grid's (n, n) terrain shadows if already baked (default: bake them here).
    lam: the grid's (n, n) Lambert term if already computed (``shading.lambert``).
    normals: the grid's (n, n, 3) ``normals()`` if already computed.
    extra: optional (n, n, 3) further irradiance (the engine jets, ``jets.jet_ground``).
    ao: optional (n, n) sky visibility 0..1 (``ao.ground_ao``): scales the earthshine fill
    and the floodlights (their light arrives scattered from round about)."""
    az, el = lighting["sun_azimuth_deg"], lighting["sun_elevation_deg"]
    sun = shading.sun_vector(az, el)
    if baked is None:
        baked = shading.bake_shadows(terrain, az, el)
    if lam is None:
        lam = shading.lambert(terrain, sun)
    lit = lam * baked
    if extra_shadow is not None:
        lit = lit * extra_shadow
    nz = (terrain.normals() if normals is None else normals)[..., 2]
    irr = lit[..., None] * SUN_COLOR * lighting["sun_intensity"]
    occ = 1.0 if ao is None else ao[..., None]
    fill = (lighting["earthshine"] * (0.4 + 0.6 * nz))[..., None] * EARTHSHINE_COLOR
    if lighting["lamps"] and lamps:
        fill = fill + lamp_pools(terrain, lamps) * lighting["lamp_intensity"]
    if extra is not None:
        fill = fill + extra
    irr = irr + fill * occ
    return terrain.albedo[..., None] * irr


def lamp_mount(lamp: SpotLight, ground_of: Callable[[float, float], float] | None = None) -> float:
    """The lamp's height above the ground under it (m, at least 2): its ``mount_m``, else
    measured with ``ground_of(x, y)``, else 10."""
    if lamp.mount_m is not None:
        return lamp.mount_m
    px, py, pz = lamp.position
    return max(pz - float(ground_of(px, py)), 2.0) if ground_of else 10.0


def lamp_reach(lamp: SpotLight, mount: float) -> float:
    """How far (m) a lamp's light is followed: its range, and never beyond ten mounting
    heights (where a pool is below 0.1 % of its peak)."""
    return min(lamp.range_m, 10.0 * mount)


def lamp_falloff(dist2: np.ndarray, mount: float, reach: float) -> np.ndarray:
    """Relative irradiance at squared distances ``dist2`` (m²) from a lamp, in its shape
    ((K,) for faces, (h, w) for a ground window): inverse square softened inside the
    mounting height (1 at the lamp's foot), windowed smoothly to 0 at ``reach``. The one
    floodlight falloff of the ground pools and the lit faces."""
    fall = mount * mount / (dist2 + mount * mount)
    return fall * np.clip(1.0 - np.sqrt(dist2) / reach, 0.0, 1.0) ** 2


def lamp_pools(terrain: Terrain, lamps: list[SpotLight]) -> np.ndarray:
    """(n, n, 3) float64 irradiance from floodlights: each lamp lights a soft disc under it."""
    n = terrain.size_px
    out = np.zeros((n, n, 3))
    x0, y0 = terrain.origin
    c = terrain.cell_m
    for lamp in lamps:
        px, py, _ = lamp.position
        h = lamp_mount(lamp, terrain.height_at)
        reach = lamp_reach(lamp, h)
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
        fall = lamp_falloff(d2, h, reach) * (h / np.sqrt(d2 + h * h))  # × cos on level ground
        out[i0:i1, j0:j1] += fall[..., None] * np.asarray(lamp.color) * lamp.intensity
    return out


def tone_map(radiance: np.ndarray, exposure: float = 1.0) -> np.ndarray:
    """(..., 3) linear radiance (e.g. (n, n, 3) or (F, 3)) → display 0..1 of the same shape:
    the program's filmic curve (``tone.filmic``)."""
    return filmic(radiance, exposure)
