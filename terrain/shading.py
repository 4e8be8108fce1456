"""Shading data for the heightfield: sun direction, baked cast shadows, Lambert term.

Cast shadows are baked by marching rays from every sample toward the sun, one grid cell per
step along the sun's dominant horizontal axis. All rays that leave one column (or row) are
advanced together, and the march is shared between neighbouring rays: the running maximum of
``terrain height − ray rise`` seen so far along each ray is carried from column to column and
linearly interpolated at the ray's fractional row offset (a horizon sweep). That makes the
march O(n²) per sun elevation regardless of how long the shadows are, which is what a
1–6° sun needs (shadows many kilometres long).

The sun is a 0.53° disc: ``softness`` (its angular radius, degrees) averages several sweeps at
elevations across the disc, giving a physically sized penumbra.
"""

from __future__ import annotations

import numpy as np

from .heightfield import Terrain

__all__ = ["sun_vector", "bake_shadows", "lambert", "SUN_RADIUS_DEG"]

SUN_RADIUS_DEG = 0.265
_NEG = -1.0e30


def sun_vector(azimuth_deg: float, elevation_deg: float) -> np.ndarray:
    """Unit vector (3,) pointing toward the sun; azimuth clockwise from north (+y), so
    azimuth 90° = east = +x; elevation above the horizon."""
    az = np.radians(azimuth_deg)
    el = np.radians(elevation_deg)
    return np.array([np.sin(az) * np.cos(el), np.cos(az) * np.cos(el), np.sin(el)])


def _sweep(h: np.ndarray, forward: bool, di: float, rises: np.ndarray) -> np.ndarray:
    """March toward the sun along axis 0 of ``h`` ((m, n): m steps, n parallel rays).

    Args:
        h: (m, n) heights; the sun lies toward increasing axis-0 index if ``forward``.
        di: lateral (axis-1) offset per step toward the sun, |di| <= 1.
        rises: (E,) ray rise per step for E sun elevations.

    Returns:
        (E, m, n) bool, True where lit.
    """
    m, n = h.shape
    E = rises.shape[0]
    q = int(np.floor(di))
    f = di - q
    lit = np.empty((E, m, n), dtype=bool)
    horizon = np.full((E, n), _NEG)
    padded = np.full((E, n + 4), _NEG)
    order = range(m - 1, -1, -1) if forward else range(m)
    prev = -1
    for k in order:
        if prev >= 0:
            np.maximum(h[prev][None, :], horizon, out=padded[:, 2:-2])
            a = padded[:, 2 + q : 2 + q + n]
            b = padded[:, 3 + q : 3 + q + n]
            horizon = a * (1.0 - f) + b * f - rises[:, None]
        np.greater_equal(h[k][None, :], horizon - 1e-9, out=lit[:, k, :])
        prev = k
    return lit


def bake_shadows(
    terrain: Terrain,
    azimuth_deg: float,
    elevation_deg: float,
    softness: float = SUN_RADIUS_DEG,
    samples: int = 5,
) -> np.ndarray:
    """Cast-shadow mask: 1 = sun fully visible, 0 = fully shadowed.

    Args:
        terrain: the heightfield.
        azimuth_deg, elevation_deg: sun position (azimuth clockwise from north).
        softness: sun angular radius (deg) for the penumbra; 0 gives hard shadows.
        samples: sun elevations sampled across the disc when ``softness > 0``.

    Returns:
        (n, n) float32 in [0, 1].
    """
    n = terrain.size_px
    if softness > 0 and samples > 1:
        u = np.linspace(-1.0, 1.0, samples + 2)[1:-1]
        offs = softness * u
        wts = np.sqrt(1.0 - u**2)
    else:
        offs = np.zeros(1)
        wts = np.ones(1)
    els = elevation_deg + offs
    if np.all(els >= 89.99):
        return np.ones((n, n), dtype=np.float32)
    az = np.radians(azimuth_deg)
    sx, sy = np.sin(az), np.cos(az)
    tan_el = np.tan(np.radians(np.clip(els, -89.0, 89.99)))
    h = terrain.heights
    if abs(sx) >= abs(sy):
        # march along x (columns): make columns the marched axis
        di = sy / abs(sx)
        step = terrain.cell_m * np.hypot(1.0, di)
        lit = _sweep(np.ascontiguousarray(h.T), sx > 0, di, step * tan_el).transpose(0, 2, 1)
    else:
        di = sx / abs(sy)
        step = terrain.cell_m * np.hypot(1.0, di)
        lit = _sweep(h, sy > 0, di, step * tan_el)
    lit &= (els > 0)[:, None, None]
    out = np.tensordot(wts / wts.sum(), lit.astype(np.float32), axes=(0, 0))
    return np.clip(out, 0.0, 1.0).astype(np.float32)


def lambert(terrain: Terrain, sun) -> np.ndarray:
    """Lambert term clamp(n · s, 0, 1) for a unit sun vector ``sun`` (3,).

    Returns:
        (n, n) float64.
    """
    s = np.asarray(sun, dtype=float)
    s = s / np.linalg.norm(s)
    return np.clip(terrain.normals() @ s, 0.0, 1.0)
