"""Stamp the detail tier's craters and rocks into a window of texels, vectorised per size
class: every feature's footprint is evaluated at once and summed with ``np.bincount``."""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from ..morphology import RHO_STEP, RHO_TABLE, profile_table
from .features import Features

__all__ = ["stamp_craters", "stamp_rocks", "crater_tables"]

D_BINS = 16  # log-spaced diameters whose profile tables stand for every crater between them
S_BINS = 8  # degradation bins (diffusion length / radius)
CHUNK = 1 << 21  # footprint texels evaluated per batch (memory bound)
# a crater is stamped out to REACH_RHO radii (its ejecta tapered to 0 from TAPER_RHO): the
# blanket beyond is a few mm on a 10 m crater, and the full 4 R footprint costs 4x the time
REACH_RHO, TAPER_RHO = 2.0, 1.4


@lru_cache(maxsize=8)
def crater_tables(d_min: float, d_max: float, s_max: float) -> tuple[np.ndarray, np.ndarray]:
    """Profile tables of the terrain's crater law, height / D on ``RHO_TABLE``:
    (D_BINS, S_BINS, T) float64, and the (D_BINS,) bin-centre diameters (m)."""
    d_edges = np.geomspace(d_min, d_max, D_BINS + 1)
    d_mid = np.sqrt(d_edges[:-1] * d_edges[1:])
    s_mid = (np.arange(S_BINS) + 0.5) / S_BINS * s_max
    kappa = 1.0  # only L / R matters: t = (s R)² / (2 κ)
    out = np.empty((D_BINS, S_BINS, RHO_TABLE.size))
    for i, d in enumerate(d_mid):
        for k, s in enumerate(s_mid):
            age = (s * 0.5 * d) ** 2 / (2.0 * kappa)
            out[i, k] = profile_table(float(d), age, kappa) / d
    return out, d_mid


def _offsets(half: int, reach_px: float) -> tuple[np.ndarray, np.ndarray]:
    """(P,) int64 row and column offsets of the texels of a (2 half + 1)² square that a
    disc of radius ``reach_px`` texels centred anywhere in texel (0, 0) can touch."""
    o = np.arange(-half, half + 1)
    gap = np.maximum(np.abs(o) - 1, 0).astype(float)
    keep = gap[:, None] ** 2 + gap[None, :] ** 2 <= reach_px * reach_px
    r, c = np.nonzero(keep)
    return (r - half).astype(np.int64), (c - half).astype(np.int64)


def _footprints(
    f: Features,
    sel: np.ndarray,
    half: int,
    reach: np.ndarray,
    x0: float,
    y0: float,
    texel: float,
    n: tuple[int, int],
):
    """Yield per chunk of the selected features the texels of the window within ``reach``
    ((N,) m, per feature of ``f``) of a feature's centre: (flat texel index (M,), distance
    (M,) float32 m, the feature's index in ``f`` (M,)). Features whose reach misses the
    window are skipped; ``half`` bounds the reach in texels."""
    h, w = n
    idx = np.flatnonzero(sel)
    rad = reach[idx]
    keep = (
        (f.x[idx] + rad > x0)
        & (f.x[idx] - rad < x0 + w * texel)
        & (f.y[idx] + rad > y0)
        & (f.y[idx] - rad < y0 + h * texel)
    )
    idx = idx[keep]
    if idx.size == 0:
        return
    orow, ocol = _offsets(half, float(reach[idx].max()) / texel)
    per = max(1, CHUNK // orow.size)
    for k in range(0, idx.size, per):
        ii = idx[k : k + per]
        ci = np.floor((f.y[ii] - y0) / texel).astype(np.int64)
        cj = np.floor((f.x[ii] - x0) / texel).astype(np.int64)
        r = ci[:, None] + orow[None, :]
        c = cj[:, None] + ocol[None, :]
        dy = (y0 + (r + 0.5) * texel - f.y[ii, None]).astype(np.float32)
        dx = (x0 + (c + 0.5) * texel - f.x[ii, None]).astype(np.float32)
        dist = np.hypot(dx, dy)
        ok = (r >= 0) & (r < h) & (c >= 0) & (c < w) & (dist < reach[ii, None])
        yield (r * w + c)[ok], dist[ok], np.broadcast_to(ii[:, None], ok.shape)[ok]


def stamp_craters(
    f: Features,
    x0: float,
    y0: float,
    texel: float,
    n: tuple[int, int],
    d_min: float,
    d_max: float,
    s_max: float,
    halo: bool = False,
) -> np.ndarray | tuple[np.ndarray, np.ndarray]:
    """Sum of the crater profiles of ``f`` over the (h, w) = ``n`` window whose texel (0, 0)
    has its lower-left corner at (``x0``, ``y0``): (h, w) float64 heights (m). With
    ``halo`` also the (h, w) float64 sum of the craters' fresh-ejecta halos: freshness
    ``(1 - s / s_max)²`` out to the footprint's edge, tapered as the ejecta are (bright
    fresh ejecta; 0 for a degraded crater)."""
    tables, d_mid = crater_tables(d_min, d_max, s_max)
    h, w = n
    acc = np.zeros(h * w)
    bright = np.zeros(h * w) if halo else None
    fresh = np.square(np.clip(1.0 - f.s / s_max, 0.0, 1.0))
    edges = np.geomspace(d_min, d_max, D_BINS + 1)
    dbin = np.clip(np.searchsorted(edges, f.d, side="right") - 1, 0, D_BINS - 1)
    sbin = np.clip((f.s / s_max * S_BINS).astype(np.intp), 0, S_BINS - 1)
    last = RHO_TABLE.size - 1
    reach = REACH_RHO * 0.5 * f.d
    for b in range(D_BINS):
        sel = dbin == b
        if not sel.any():
            continue
        half = int(np.ceil(REACH_RHO * 0.5 * edges[b + 1] / texel)) + 1
        flat_tab = tables[b].reshape(-1)
        for flat, dist, own in _footprints(f, sel, half, reach, x0, y0, texel, n):
            d = f.d[own]
            rho = dist / (0.5 * d)
            q = np.minimum(rho / RHO_STEP, last - 1e-9)
            i0 = q.astype(np.intp)
            t = q - i0
            i0 += sbin[own] * RHO_TABLE.size
            prof = flat_tab[i0] * (1.0 - t) + flat_tab[i0 + 1] * t
            taper = np.clip((REACH_RHO - rho) / (REACH_RHO - TAPER_RHO), 0.0, 1.0)
            taper = taper * taper * (3.0 - 2.0 * taper)
            acc += np.bincount(flat, prof * d * taper, minlength=h * w)
            if bright is not None:
                bright += np.bincount(flat, fresh[own] * taper, minlength=h * w)
    if bright is not None:
        return acc.reshape(h, w), bright.reshape(h, w)
    return acc.reshape(h, w)


def stamp_rocks(
    f: Features, x0: float, y0: float, texel: float, n: tuple[int, int]
) -> tuple[np.ndarray, np.ndarray]:
    """Rocks of ``f`` over the (h, w) = ``n`` window: rocks at least two texels across as
    embedded half-ellipsoid bumps (height 0.35 D), smaller ones as the fraction of each texel
    they cover. Returns (heights (h, w) m, cover (h, w) 0..1), float64."""
    h, w = n
    big = f.d >= 2.0 * texel
    acc = np.zeros(h * w)
    cov = np.zeros(h * w)
    if big.any():
        half = int(np.ceil(0.5 * f.d[big].max() / texel)) + 1
        for flat, dist, own in _footprints(f, big, half, 0.5 * f.d, x0, y0, texel, n):
            rr = 1.0 - (dist / (0.5 * f.d[own])) ** 2
            val = 0.35 * f.d[own] * np.sqrt(rr)
            acc = np.maximum(acc, _max_at(flat, val, h * w))
            cov += np.bincount(flat, minlength=h * w)
    small = ~big
    i = np.floor((f.y[small] - y0) / texel).astype(np.int64)
    j = np.floor((f.x[small] - x0) / texel).astype(np.int64)
    ok = (i >= 0) & (i < h) & (j >= 0) & (j < w)
    area = np.pi * (0.5 * f.d[small][ok]) ** 2 / (texel * texel)
    cov += np.bincount(i[ok] * w + j[ok], area, minlength=h * w)
    return acc.reshape(h, w), np.minimum(cov, 1.0).reshape(h, w)


def _max_at(flat: np.ndarray, val: np.ndarray, size: int) -> np.ndarray:
    """(size,) float64: the largest ``val`` per flat index (0 where none)."""
    out = np.zeros(size)
    np.maximum.at(out, flat, val)
    return out
