"""Terrain edits used by the layout engine: pads, terraces cut into rims, graded roads.

Every edit modifies ``terrain.heights`` in place, touches only the samples inside its shape
plus its blend zone (everything else stays bit-identical) and returns the target height used.
Inside the shape the heights equal the target exactly; across the blend zone they go back to
the original surface with a smoothstep.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from .heightfield import Terrain

if TYPE_CHECKING:
    import numpy.typing as npt

__all__ = ["flatten_disc", "flatten_rect", "cut_notch", "grade_road", "smoothstep"]

ROAD_SMOOTH_M = 100.0  # running-mean window of the road's along-track profile (arc length)


def smoothstep(x: np.ndarray) -> np.ndarray:
    """3t² − 2t³ of x clipped to [0, 1]; ``x`` of any shape (e.g. (h, w) distances over the
    blend width), returned alike in float64."""
    t = np.clip(x, 0.0, 1.0)
    return t * t * (3.0 - 2.0 * t)


def _window(
    terrain: Terrain, xmin: float, ymin: float, xmax: float, ymax: float
) -> tuple[slice, slice, np.ndarray, np.ndarray] | None:
    """Index slices and world coordinates of the samples inside a world box.

    Returns:
        (rows slice, cols slice, X (h, w), Y (h, w) float64 world m) or None if the box
        misses the grid.
    """
    n = terrain.size_px
    x0, y0 = terrain.origin
    c = terrain.cell_m
    j0 = max(int(np.floor((xmin - x0) / c)), 0)
    j1 = min(int(np.ceil((xmax - x0) / c)) + 1, n)
    i0 = max(int(np.floor((ymin - y0) / c)), 0)
    i1 = min(int(np.ceil((ymax - y0) / c)) + 1, n)
    if j0 >= j1 or i0 >= i1:
        return None
    xs = x0 + c * np.arange(j0, j1)
    ys = y0 + c * np.arange(i0, i1)
    X, Y = np.meshgrid(xs, ys, indexing="xy")
    return slice(i0, i1), slice(j0, j1), X, Y


def _apply(
    terrain: Terrain, rows: slice, cols: slice, weight: np.ndarray, target: float | np.ndarray
) -> None:
    """heights = h + w (target − h) where w > 0, on the (h, w) window ``rows, cols``:
    ``weight`` (h, w) in [0, 1], ``target`` (m) a scalar or an (h, w) array."""
    win = terrain.heights[rows, cols]
    m = weight > 0.0
    tgt = target[m] if np.ndim(target) else target
    h = win[m]
    w = weight[m]
    new = h + w * (tgt - h)
    new[w >= 1.0] = tgt[w >= 1.0] if np.ndim(target) else tgt
    win[m] = new


def _mean_or_point(terrain: Terrain, vals: np.ndarray, x: float, y: float) -> float:
    """Mean of the (m,) heights ``vals`` (m), or the height at (x, y) when m = 0."""
    return float(vals.mean()) if vals.size else float(terrain.height_at(x, y))


def flatten_disc(
    terrain: Terrain,
    x: float,
    y: float,
    radius: float,
    height: float | None = None,
    blend_m: float = 20.0,
) -> float:
    """Level a disc of ``radius`` (m) at (x, y) to ``height`` (None: mean height over the
    disc), blending back to the terrain between ``radius`` and ``radius + blend_m``.

    Returns:
        the target height (m).
    """
    reach = radius + max(blend_m, 0.0)
    win = _window(terrain, x - reach, y - reach, x + reach, y + reach)
    if win is None:
        return float(terrain.height_at(x, y) if height is None else height)
    rows, cols, X, Y = win
    r = np.hypot(X - x, Y - y)
    if height is None:
        height = _mean_or_point(terrain, terrain.heights[rows, cols][r <= radius], x, y)
    w = _blend_weight(r - radius, blend_m)
    _apply(terrain, rows, cols, w, float(height))
    return float(height)


def _blend_weight(d: np.ndarray, blend_m: float) -> np.ndarray:
    """1 for d <= 0, smoothstep down to 0 at d = blend_m (0 beyond); ``d``: (h, w) distances
    (m) outside the shape, returned as (h, w) float64."""
    if blend_m <= 0:
        return (d <= 0).astype(float)
    return 1.0 - smoothstep(d / blend_m)


def flatten_rect(
    terrain: Terrain,
    x: float,
    y: float,
    half_x: float,
    half_y: float,
    rotation_deg: float = 0.0,
    height: float | None = None,
    blend_m: float = 20.0,
) -> float:
    """Level a rectangle (centre (x, y), half sizes along its own axes, rotated
    counter-clockwise by ``rotation_deg`` from +x) to ``height`` (None: mean over the
    rectangle), blending over ``blend_m`` outside it.

    Returns:
        the target height (m).
    """
    reach = np.hypot(half_x, half_y) + max(blend_m, 0.0)
    win = _window(terrain, x - reach, y - reach, x + reach, y + reach)
    if win is None:
        return float(terrain.height_at(x, y) if height is None else height)
    rows, cols, X, Y = win
    a = np.radians(rotation_deg)
    ca, sa = np.cos(a), np.sin(a)
    u = (X - x) * ca + (Y - y) * sa
    v = -(X - x) * sa + (Y - y) * ca
    du = np.maximum(np.abs(u) - half_x, 0.0)
    dv = np.maximum(np.abs(v) - half_y, 0.0)
    d = np.hypot(du, dv)
    if height is None:
        height = _mean_or_point(terrain, terrain.heights[rows, cols][d <= 0.0], x, y)
    _apply(terrain, rows, cols, _blend_weight(d, blend_m), float(height))
    return float(height)


def cut_notch(
    terrain: Terrain,
    x: float,
    y: float,
    radius: float,
    floor_height: float,
    blend_m: float = 40.0,
) -> float:
    """Cut a level terrace of ``radius`` at ``floor_height`` into a slope (e.g. a crater rim):
    ground above the floor is excavated, ground below is filled, and the cut wall / fill bank
    blend back to the natural slope over ``blend_m``.

    Returns:
        ``floor_height``.
    """
    return flatten_disc(terrain, x, y, radius, height=float(floor_height), blend_m=blend_m)


def _resample_polyline(poly: np.ndarray, step: float) -> tuple[np.ndarray, np.ndarray]:
    """Points every ~``step`` m along a (K, 2) polyline. Returns (s (M,), xy (M, 2)) float64
    (arc length and world xy, m)."""
    seg = np.diff(poly, axis=0)
    seg_len = np.hypot(seg[:, 0], seg[:, 1])
    cum = np.concatenate([[0.0], np.cumsum(seg_len)])
    total = cum[-1]
    m = max(int(np.ceil(total / step)) + 1, 2)
    s = np.linspace(0.0, total, m)
    xy = np.stack([np.interp(s, cum, poly[:, 0]), np.interp(s, cum, poly[:, 1])], axis=-1)
    return s, xy


def grade_road(
    terrain: Terrain,
    polyline: npt.ArrayLike,
    width_m: float,
    blend_m: float = 15.0,
    smooth_m: float = ROAD_SMOOTH_M,
) -> np.ndarray:
    """Grade a road corridor along ``polyline`` ((K, 2) world xy, K >= 2).

    The road surface follows the terrain's along-track profile smoothed by a running mean over
    ``smooth_m`` of arc length; every sample within ``width_m / 2`` of the centreline takes
    the profile height at its nearest centreline point (zero cross-slope), and the sides blend
    back to the terrain over ``blend_m``.

    Returns:
        the target profile used: (M, 4) float64 rows (s_m, x_m, y_m, z_m) sampled every half
        cell along the centreline.
    """
    poly = np.asarray(polyline, dtype=float).reshape(-1, 2)
    if poly.shape[0] < 2:
        raise ValueError("grade_road needs a polyline of at least 2 points")
    keep = np.concatenate([[True], np.hypot(*np.diff(poly, axis=0).T) > 1e-9])
    poly = poly[keep]
    if poly.shape[0] < 2:
        raise ValueError("grade_road polyline has zero length")
    step = 0.5 * terrain.cell_m
    s, xy = _resample_polyline(poly, step)
    z = terrain.height_at(xy[:, 0], xy[:, 1])
    half_win = max(int(round(0.5 * smooth_m / (s[1] - s[0]))), 0)
    if half_win > 0:
        pad = np.concatenate([np.full(half_win, z[0]), z, np.full(half_win, z[-1])])
        csum = np.concatenate([[0.0], np.cumsum(pad)])
        k = 2 * half_win + 1
        z = (csum[k:] - csum[:-k]) / k
    profile = np.column_stack([s, xy, z])

    half_w = 0.5 * width_m
    reach = half_w + max(blend_m, 0.0)
    lo = poly.min(axis=0) - reach
    hi = poly.max(axis=0) + reach
    win = _window(terrain, lo[0], lo[1], hi[0], hi[1])
    if win is None:
        return profile
    rows, cols, X, Y = win
    best_d = np.full(X.shape, np.inf)
    best_s = np.zeros(X.shape)
    seg_start = np.concatenate([[0.0], np.cumsum(np.hypot(*np.diff(poly, axis=0).T))])
    for a, b, s0 in zip(poly[:-1], poly[1:], seg_start[:-1], strict=True):
        ab = b - a
        L2 = float(ab @ ab)
        t = np.clip(((X - a[0]) * ab[0] + (Y - a[1]) * ab[1]) / L2, 0.0, 1.0)
        d = np.hypot(X - (a[0] + t * ab[0]), Y - (a[1] + t * ab[1]))
        better = d < best_d
        best_d = np.where(better, d, best_d)
        best_s = np.where(better, s0 + t * np.sqrt(L2), best_s)
    target = np.interp(best_s, s, z)
    w = _blend_weight(best_d - half_w, blend_m)
    _apply(terrain, rows, cols, w, target)
    return profile
