"""Shading data for the heightfield: sun direction, baked cast shadows, Lambert term.

Cast shadows are baked by marching rays from every sample toward the sun, one grid cell per
step along the sun's dominant horizontal axis. All rays that leave one column (or row) are
advanced together, and the march is shared between neighbouring rays: the running maximum of
``terrain height − ray rise`` seen so far along each ray is carried from column to column and
linearly interpolated at the ray's fractional row offset (a horizon sweep). That makes the
march O(n²) per sun elevation regardless of how long the shadows are, which is what a
1–6° sun needs (shadows many kilometres long).

Two scales: with a far grid, :func:`bake_shadows` also lets the far terrain outside the near
grid shadow the near grid (a horizon is swept over the far grid with the near area left out,
interpolated onto the near samples and compared with their heights), and
:func:`bake_shadows_far` bakes the far grid itself (with the near area's edited heights
written into it). Lambert terms come from each grid's own normals: ``lambert(terrain, sun)``
and ``lambert(terrain.far, sun)``.

The sun is a 0.53° disc: ``softness`` (its angular radius, degrees) averages several sweeps at
elevations across the disc, giving a physically sized penumbra.
"""

from __future__ import annotations

import numpy as np

from .heightfield import Terrain

__all__ = ["sun_vector", "bake_shadows", "bake_shadows_far", "lambert", "SUN_RADIUS_DEG"]

SUN_RADIUS_DEG = 0.265
_NEG = -1.0e30


def sun_vector(azimuth_deg: float, elevation_deg: float) -> np.ndarray:
    """Unit vector (3,) pointing toward the sun; azimuth clockwise from north (+y), so
    azimuth 90° = east = +x; elevation above the horizon."""
    az = np.radians(azimuth_deg)
    el = np.radians(elevation_deg)
    return np.array([np.sin(az) * np.cos(el), np.cos(az) * np.cos(el), np.sin(el)])


def _sweep(
    h: np.ndarray, forward: bool, di: float, rises: np.ndarray, horizon_out: bool = False
) -> np.ndarray:
    """March toward the sun along axis 0 of ``h`` ((m, n): m steps, n parallel rays).

    Args:
        h: (m, n) heights; the sun lies toward increasing axis-0 index if ``forward``.
        di: lateral (axis-1) offset per step toward the sun, |di| <= 1.
        rises: (E,) ray rise per step for E sun elevations.

    Returns:
        (E, m, n) bool, True where lit; with ``horizon_out`` the (E, m, n) float32 horizon
        height each sample's ray must clear instead.
    """
    m, n = h.shape
    E = rises.shape[0]
    q = int(np.floor(di))
    f = di - q
    lit = np.empty((E, m, n), dtype=np.float32 if horizon_out else bool)
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
        if horizon_out:
            lit[:, k, :] = horizon
        else:
            np.greater_equal(h[k][None, :], horizon - 1e-9, out=lit[:, k, :])
        prev = k
    return lit


def _disc(elevation_deg: float, softness: float, samples: int) -> tuple[np.ndarray, np.ndarray]:
    """(E,) sun elevations (deg) across the disc and their (E,) weights; E = ``samples``, or
    1 for a point sun."""
    if softness > 0 and samples > 1:
        u = np.linspace(-1.0, 1.0, samples + 2)[1:-1]
        return elevation_deg + softness * u, np.sqrt(1.0 - u**2)
    return np.array([float(elevation_deg)]), np.ones(1)


def _march(
    h: np.ndarray, cell: float, azimuth_deg: float, els: np.ndarray, horizon: bool = False
) -> np.ndarray:
    """(E, n, n) bool lit flags (or float32 horizons, m) of the (n, n) grid ``h`` for the (E,)
    sun elevations ``els`` (deg)."""
    az = np.radians(azimuth_deg)
    sx, sy = np.sin(az), np.cos(az)
    tan_el = np.tan(np.radians(np.clip(els, -89.0, 89.99)))
    if abs(sx) >= abs(sy):  # march along x (columns): make columns the marched axis
        di = sy / abs(sx)
        step = cell * np.hypot(1.0, di)
        out = _sweep(np.ascontiguousarray(h.T), sx > 0, di, step * tan_el, horizon)
        return out.transpose(0, 2, 1)
    di = sx / abs(sy)
    step = cell * np.hypot(1.0, di)
    return _sweep(h, sy > 0, di, step * tan_el, horizon)


def _external_lit(terrain: Terrain, azimuth_deg: float, els: np.ndarray) -> np.ndarray:
    """(E, n, n) bool: near samples not shadowed by far terrain outside the near grid, for
    the (E,) sun elevations ``els`` (deg)."""
    from .nested import FarGeometry, upsample

    far = terrain.far
    k, r = terrain.far_offset, terrain.far_ratio
    m = (terrain.size_px - 1) // r
    hf = far.heights.copy()
    hf[k + 1 : k + m, k + 1 : k + m] = _NEG  # the near interior casts no far shadow
    hz = _march(hf, far.cell_m, azimuth_deg, els, horizon=True)
    geo = FarGeometry(far.size_px, far.cell_m, far.origin, r, k)
    out = np.empty((len(els), terrain.size_px, terrain.size_px), dtype=bool)
    for e in range(len(els)):
        hor = upsample(np.maximum(hz[e].astype(np.float64), -1.0e6), geo, terrain.size_px)
        out[e] = terrain.heights >= hor - 1e-6
    return out


def bake_shadows(
    terrain: Terrain,
    azimuth_deg: float,
    elevation_deg: float,
    softness: float = SUN_RADIUS_DEG,
    samples: int = 5,
    far_occlusion: bool = True,
) -> np.ndarray:
    """Cast-shadow mask of the (near) grid: 1 = sun fully visible, 0 = fully shadowed.

    Args:
        terrain: the heightfield.
        azimuth_deg, elevation_deg: sun position (azimuth clockwise from north).
        softness: sun angular radius (deg) for the penumbra; 0 gives hard shadows.
        samples: sun elevations sampled across the disc when ``softness > 0``.
        far_occlusion: with a far grid, also shadow the near grid by far terrain outside it.

    Returns:
        (n, n) float32 in [0, 1].
    """
    n = terrain.size_px
    els, wts = _disc(elevation_deg, softness, samples)
    if np.all(els >= 89.99):
        return np.ones((n, n), dtype=np.float32)
    lit = _march(terrain.heights, terrain.cell_m, azimuth_deg, els)
    if far_occlusion and terrain.far is not None:
        lit &= _external_lit(terrain, azimuth_deg, els)
    lit &= (els > 0)[:, None, None]
    out = np.zeros((n, n), dtype=np.float32)
    for e, w in enumerate(wts / wts.sum()):
        out += np.float32(w) * lit[e]
    return np.clip(out, 0.0, 1.0)


def bake_shadows_far(
    terrain: Terrain,
    azimuth_deg: float,
    elevation_deg: float,
    softness: float = SUN_RADIUS_DEG,
    samples: int = 5,
) -> np.ndarray | None:
    """Cast-shadow mask of ``terrain.far`` ((nf, nf) float32), None without a far grid.

    The near grid's current (edited) heights are written into the far grid at the shared
    samples first, so pads and cuts cast their coarse shadows outward too.
    """
    far = terrain.far
    if far is None:
        return None
    k, r = terrain.far_offset, terrain.far_ratio
    m = (terrain.size_px - 1) // r
    synced = far.copy()
    synced.far = None
    synced.heights[k : k + m + 1, k : k + m + 1] = terrain.heights[::r, ::r]
    return bake_shadows(synced, azimuth_deg, elevation_deg, softness, samples)


def lambert(terrain: Terrain, sun: np.ndarray) -> np.ndarray:
    """Lambert term clamp(n · s, 0, 1) for a unit sun vector ``sun`` (3,).

    Returns:
        (n, n) float64.
    """
    s = np.asarray(sun, dtype=float)
    s = s / np.linalg.norm(s)
    return np.clip(terrain.normals() @ s, 0.0, 1.0)
