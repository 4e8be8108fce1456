"""The detail window's costly steps done cheaply, computing the same values:

* ``smoothed_base``: the base's bilinear height, Gaussian-rounded, on a regular window. The
  bilinear interpolant and the Gaussian are both separable and linear, so the rounded
  height is ``A @ H @ B.T``: ``H`` the grid samples under the window, ``A`` / ``B`` the
  rows' / columns' interpolation weights filtered by the Gaussian (scipy's own 1-D filter,
  mode ``nearest``, run on the weight matrices). Two small matrix products instead of a
  gather per texel and a 2-D filter; equal to rounding (1e-12 m).
* ``sweep_many``: ``terrain.shading``'s horizon march for several height fields at once
  (the detail height and the base height, three sun elevations each): one pass of the
  march's Python loop instead of one per field, the same arithmetic per element.
"""

from __future__ import annotations

import numpy as np
from scipy.ndimage import gaussian_filter, gaussian_filter1d

from ..heightfield import Terrain
from ..shading import _NEG

__all__ = ["smoothed_base", "sweep_many", "march_many"]


def _weights(f: np.ndarray, n: int) -> tuple[np.ndarray, int]:
    """Linear interpolation weights of fractional grid indices ``f`` (W,) on a grid of
    ``n`` samples, clamped and snapped as ``Terrain._bilinear`` does: (W, K) float64 over
    the K grid samples from the returned first index."""
    f = np.clip(f, 0.0, n - 1.0)
    r = np.rint(f)
    f = np.where(np.abs(f - r) < 1e-9, r, f)
    i0 = np.minimum(np.floor(f).astype(np.intp), n - 2)
    lo = int(i0.min())
    k = int(i0.max()) + 2 - lo
    w = np.zeros((f.size, k))
    t = f - i0
    rows = np.arange(f.size)
    w[rows, i0 - lo] = 1.0 - t
    w[rows, i0 + 1 - lo] += t
    return w, lo


def smoothed_base(terrain: Terrain, xs: np.ndarray, ys: np.ndarray, sigma_px: float) -> np.ndarray:
    """The terrain's bilinear height at texel centres ``xs`` (w,), ``ys`` (h,) (world m),
    Gaussian-filtered with std ``sigma_px`` texels (mode nearest): (h, w) float64. Windows
    not wholly inside the near grid take the direct route (two-scale heights)."""
    xmin, ymin, xmax, ymax = terrain.extent
    if terrain.far is not None and not (
        xs[0] >= xmin and xs[-1] <= xmax and ys[0] >= ymin and ys[-1] <= ymax
    ):
        base = np.asarray(terrain.height_at(xs[None, :], ys[:, None]), dtype=np.float64)
        return gaussian_filter(base, sigma_px, mode="nearest")
    ri = terrain.world_to_index(0.0, ys)[0]
    cj = terrain.world_to_index(xs, 0.0)[1]
    n = terrain.size_px
    a, i_lo = _weights(np.asarray(ri, float), n)
    b, j_lo = _weights(np.asarray(cj, float), n)
    a = gaussian_filter1d(a, sigma_px, axis=0, mode="nearest")
    b = gaussian_filter1d(b, sigma_px, axis=0, mode="nearest")
    h = terrain.heights[i_lo : i_lo + a.shape[1], j_lo : j_lo + b.shape[1]].astype(np.float64)
    return (a @ h) @ b.T


def sweep_many(hs: np.ndarray, forward: bool, di: float, rises: np.ndarray) -> np.ndarray:
    """``terrain.shading._sweep`` for B height fields at once: ``hs`` (B, m, n) marched along
    axis 1 toward the sun (toward increasing index if ``forward``), ``di`` lateral offset
    per step, ``rises`` (E,) rise per step: (B, E, m, n) bool lit flags."""
    nb, m, n = hs.shape
    ne = rises.shape[0]
    q = int(np.floor(di))
    f = di - q
    lit = np.empty((nb, ne, m, n), dtype=bool)
    horizon = np.full((nb, ne, n), _NEG)
    padded = np.full((nb, ne, n + 4), _NEG)
    rise = rises[None, :, None]
    order = range(m - 1, -1, -1) if forward else range(m)
    prev = -1
    for k in order:
        if prev >= 0:
            np.maximum(hs[:, prev][:, None, :], horizon, out=padded[:, :, 2:-2])
            a = padded[:, :, 2 + q : 2 + q + n]
            b = padded[:, :, 3 + q : 3 + q + n]
            horizon = a * (1.0 - f) + b * f - rise
        np.greater_equal(hs[:, k][:, None, :], horizon - 1e-9, out=lit[:, :, k, :])
        prev = k
    return lit


def march_many(hs: np.ndarray, cell: float, azimuth_deg: float, els: np.ndarray) -> np.ndarray:
    """``terrain.shading._march`` of B (n, n) height fields ``hs`` (B, n, n) at once for the
    (E,) sun elevations ``els`` (deg): (B, E, n, n) bool lit flags."""
    az = np.radians(azimuth_deg)
    sx, sy = np.sin(az), np.cos(az)
    tan_el = np.tan(np.radians(np.clip(els, -89.0, 89.99)))
    if abs(sx) >= abs(sy):  # march along x: make columns the marched axis
        di = sy / abs(sx)
        step = cell * np.hypot(1.0, di)
        hs_t = np.ascontiguousarray(hs.transpose(0, 2, 1))
        return sweep_many(hs_t, sx > 0, di, step * tan_el).transpose(0, 1, 3, 2)
    di = sx / abs(sy)
    step = cell * np.hypot(1.0, di)
    return sweep_many(hs, sy > 0, di, step * tan_el)
