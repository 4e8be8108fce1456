"""Vectorised stamping of many simple craters at once (the ~10⁵ craters of a 1 m/px field).

A simple crater's fresh profile (``morphology.fresh_profile``: a bowl, with a small flat floor
above 400 m, up to the 15 km simple–complex transition) is linear in three numbers — rim
height ``h``, floor height ``f = h − depth`` and ejecta thickness at the rim ``t0`` — over
three fixed basis functions of ``rho = r/R`` (one set for bowls, one for flat floors)::

    profile(rho) = h · B_rim(rho) + f · B_floor(rho) + t0 · B_ej(rho)

Ageing (Gaussian smoothing of the radial table by ``σ = L/R``, ``L = sqrt(2 κ t)``) is linear
too, so the aged basis tables are precomputed once on a log-spaced grid of ``σ`` and every
crater's aged table is a blend of two neighbours: degradation is applied analytically to the
profile by age, never by diffusing the grid. Craters are then grouped by window size and
stamped in sub-batches of (k, w, w) float32 arrays with the same rules as
:func:`stamping.stamp` (plane fit over the disc, inheritance weight, rim harmonics,
freshness map):

* geometry: ``r`` and the azimuth ``θ`` (``arctan2``), rim outline
  ``1 + Σ a_k cos(kθ + φ_k)``, table index ``r / (R · outline) / RHO_STEP``;
* profile: linear interpolation in the crater's float32 table (two ``np.take``);
* the plane fit and the inheritance blend only on the inner window (rho < ~1.25);
* each crater's window is added to the grid by a slice (windows overhanging the grid are
  clipped; reads of the pre-impact surface clamp to the edge).

Batches are taken in age order (oldest first). Within one sub-batch the deltas are computed
from the same pre-batch surface and *added*: ejecta superpose exactly, and the rare bowls of
two craters of the same sub-batch that overlap are superposed instead of the younger cutting
the older (sub-batches are small enough that this is a fraction of a per cent of craters).
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from .morphology import (
    EJECTA_END_RHO,
    RHO_STEP,
    RHO_TABLE,
    SIMPLE_COMPLEX_M,
    _gaussian_smooth_table,
    depth_m,
)
from .morphology import rim_height_m as _rim_m
from .stamping import INHERIT_IN, INHERIT_OUT

__all__ = ["stamp_batch", "aged_tables", "BATCH_MAX_D_M", "window_half_cells"]

BATCH_MAX_D_M = SIMPLE_COMPLEX_M  # simple craters; complex ones are stamped one by one
FLAT_FLOOR_D_M = 400.0  # above this the bowl has a small flat floor (fresh_profile)
_SIGMAS = np.concatenate([[0.0], np.geomspace(0.004, 16.0, 100)])  # (S,) σ = L/R
_ELEMS = 1 << 18  # k * w * w per sub-batch: float32 work arrays of 1 MB stay in cache
_T = RHO_TABLE.size
_F32 = np.float32


def _smoothstep(e0: float, e1: float, x: np.ndarray) -> np.ndarray:
    """Smoothstep in the dtype of ``x`` (python-float constants keep float32 float32);
    ``x`` of any shape, e.g. (k, w, w) float32, returned alike."""
    t = np.clip((x - e0) * (1.0 / (e1 - e0)), 0.0, 1.0)
    return t * t * (3.0 - 2.0 * t)


def _smooth(table: np.ndarray, sigma_rho: float) -> np.ndarray:
    """``morphology._gaussian_smooth_table`` (mirrored at 0, zero beyond) by FFT convolution:
    a (T,) radial table on ``RHO_TABLE`` → (T,) float64."""
    if sigma_rho < 0.5:
        return _gaussian_smooth_table(table, sigma_rho)
    sig = sigma_rho / RHO_STEP
    half = int(np.ceil(4.0 * sig))
    u = np.arange(-half, half + 1, dtype=float)
    kern = np.exp(-0.5 * (u / sig) ** 2)
    kern /= kern.sum()
    left = table[1 : half + 1][::-1]
    if left.size < half:
        left = np.concatenate([np.full(half - left.size, table[-1]), left])
    padded = np.concatenate([left, table, np.zeros(half)])
    m = padded.size + kern.size - 1
    full = np.fft.irfft(np.fft.rfft(padded, m) * np.fft.rfft(kern, m), m)
    return full[kern.size - 1 : kern.size - 1 + table.size]


@lru_cache(maxsize=2)
def _basis(flat: bool = False) -> np.ndarray:
    """(S, 3, len(RHO_TABLE)) aged basis tables (rim, floor, ejecta) for each σ in _SIGMAS;
    ``flat``: the flat-floored bowl of 400 m < D <= 15 km (floor out to rho = 0.1)."""
    rho = RHO_TABLE
    f0 = 0.1 if flat else 0.0
    s = np.clip((rho - f0) / (1.0 - f0), 0.0, 1.0)
    g = 0.85 * s**2 + 0.15 * s**4
    rr = np.maximum(rho, 1.0)
    fade = 1.0 - _smoothstep(3.0, EJECTA_END_RHO, rr)
    inner = rho < 1.0
    b_rim = np.where(inner, g, rr**-6 * fade)
    b_floor = np.where(inner, 1.0 - g, 0.0)
    b_ej = np.where(inner, 0.0, (rr**-3 - rr**-6) * fade)
    base = np.stack([b_rim, b_floor, b_ej])
    out = np.empty((_SIGMAS.size, 3, rho.size))
    for i, sig in enumerate(_SIGMAS):
        for b in range(3):
            out[i, b] = base[b] if sig <= 0.5 * RHO_STEP else _smooth(base[b], sig)
    return out


def aged_tables(D: np.ndarray, age_myr: np.ndarray, diffusivity: float) -> np.ndarray:
    """Radial profile tables of simple craters (D ≤ 15 km), aged by diffusion.

    Args:
        D, age_myr: (k,) diameters (m) and ages (Myr).
        diffusivity: κ (m²/Myr).

    Returns:
        (k, T) float64 heights (m) relative to the pre-impact surface, T = len(RHO_TABLE);
        matches ``morphology.profile_table`` to interpolation accuracy in σ.
    """
    D = np.atleast_1d(np.asarray(D, float))
    age = np.broadcast_to(np.asarray(age_myr, float), D.shape)
    R = 0.5 * D
    rim = _rim_m(D)
    floor = rim - depth_m(D)
    t0 = np.minimum(0.14 * R**0.74, rim)
    sig = np.sqrt(2.0 * max(diffusivity, 0.0) * np.maximum(age, 0.0)) / R
    sig = np.where(sig <= 0.5 * RHO_STEP, 0.0, np.minimum(sig, _SIGMAS[-1]))
    hi = np.clip(np.searchsorted(_SIGMAS, sig, side="right"), 1, _SIGMAS.size - 1)
    lo = hi - 1
    w = np.where(sig <= 0.0, 0.0, (sig - _SIGMAS[lo]) / (_SIGMAS[hi] - _SIGMAS[lo]))
    flat = D > FLAT_FLOOR_D_M
    coef = np.stack([rim, floor, t0], axis=-1)  # (k, 3)
    out = np.empty((D.size, _T))
    key = lo + _SIGMAS.size * flat
    order = np.argsort(key, kind="stable")
    cuts = np.flatnonzero(np.diff(key[order])) + 1
    for grp in np.split(order, cuts):  # one (m, 6) x (6, T) product per σ interval
        s = int(lo[grp[0]])
        bas = _basis(bool(flat[grp[0]]))
        wg = w[grp, None]
        m = np.concatenate([coef[grp] * (1.0 - wg), coef[grp] * wg], axis=1)
        # einsum, not matmul: multithreaded BLAS on tiny products stalls on a busy machine
        out[grp] = np.einsum("kb,br->kr", m, bas[s : s + 2].reshape(6, _T))
    return out


def window_half_cells(D: np.ndarray, amp_sum: np.ndarray, cell_m: float) -> np.ndarray:
    """Half-width (cells) of the square window a crater's stamp touches: (k,) int64 from
    (k,) diameters ``D`` (m) and (k,) sums of rim-harmonic amplitudes ``amp_sum``."""
    reach = EJECTA_END_RHO * 0.5 * np.asarray(D) * (1.0 + amp_sum) + cell_m
    return np.ceil(reach / cell_m).astype(np.int64)


def _plane_blend(
    hp: np.ndarray,
    fi: np.ndarray,
    dx: np.ndarray,
    dy: np.ndarray,
    ci: np.ndarray,
    cj: np.ndarray,
    off: np.ndarray,
    hw: int,
    hi_: int,
) -> tuple[slice, np.ndarray]:
    """Inheritance on the inner window: (k, wi, wi) float32 ``w(rho) · (plane − old)`` where
    the plane is fitted to the old surface over rho < 1.2 (float64 sums).

    Args:
        hp: (H, W) float64 (padded) heights, read only.
        fi: (k, w, w) float32 table indices ``rho / RHO_STEP`` of the windows.
        dx, dy: (k, w) float32 column / row offsets (m) of the windows from the centres.
        ci, cj: (k,) int64 row / column of the centres in ``hp``.
        off: (w,) int64 offsets ``-hw..hw``; hw, hi_: half-widths of window and inner window.

    Returns:
        (slice of the inner window along each window axis, (k, wi, wi) float32), wi = 2 hi_ + 1.
    """
    H, W = hp.shape
    sl = slice(hw - hi_, hw + hi_ + 1)
    rows = np.clip(ci[:, None] + off[None, sl], 0, H - 1)
    cols = np.clip(cj[:, None] + off[None, sl], 0, W - 1)
    win = hp[rows[:, :, None], cols[:, None, :]]  # (k, wi, wi) float64, edge-clamped
    fin = fi[:, sl, sl]
    dxi = dx[:, sl].astype(np.float64)
    dyi = dy[:, sl].astype(np.float64)
    S = (fin < _F32(1.2 / RHO_STEP)).astype(np.float64)
    n = S.sum(axis=(1, 2))
    Sr = S.sum(axis=2)
    Sc = S.sum(axis=1)
    Sx = (Sc * dxi).sum(1)
    Sy = (Sr * dyi).sum(1)
    Sxx = (Sc * dxi * dxi).sum(1)
    Syy = (Sr * dyi * dyi).sum(1)
    SH = S * win
    Sh = SH.sum(axis=(1, 2))
    Shx = (SH.sum(1) * dxi).sum(1)
    Shy = (SH.sum(2) * dyi).sum(1)
    ok = n >= 3
    nn = np.where(ok, n, 1.0)
    hm = Sh / nn
    gx = np.where(ok & (Sxx > 0), (Shx - hm * Sx) / np.where(Sxx > 0, Sxx, 1.0), 0.0)
    gy = np.where(ok & (Syy > 0), (Shy - hm * Sy) / np.where(Syy > 0, Syy, 1.0), 0.0)
    ref_c = np.where(ok, hm - gx * Sx / nn - gy * Sy / nn, win[:, hi_, hi_])
    win -= ref_c[:, None, None]
    win -= gx[:, None, None] * dxi[:, None, :]
    win -= gy[:, None, None] * dyi[:, :, None]  # win = old − plane
    wgt = _F32(1.0) - _smoothstep(INHERIT_IN, INHERIT_OUT, fin * _F32(RHO_STEP))
    return sl, wgt * (-win).astype(_F32)


def _freshness(fi: np.ndarray, th: np.ndarray, f: np.ndarray, harm: np.ndarray) -> np.ndarray:
    """(k, w, w) float32 ejecta freshness ``f · falloff(rho) · rays(θ)`` (see ``stamp``) from
    (k, w, w) float32 table indices ``fi`` and azimuths ``th`` (rad), (k,) freshness at the
    rim ``f`` and (k, 3, 3) rim harmonics ``harm``."""
    rho = fi * _F32(RHO_STEP)
    q = _F32(1.3) / np.maximum(rho, _F32(1e-6))
    fall = np.minimum(_F32(1.0), q * q * q)
    fall *= _F32(1.0) - _smoothstep(3.0, EJECTA_END_RHO + 0.5, rho)
    p1 = harm[:, 0, 2].astype(_F32)[:, None, None]
    p2 = harm[:, 1, 2].astype(_F32)[:, None, None]
    rays = np.cos(th * _F32(11.0) + p1)
    rays *= np.cos(th * _F32(7.0) + p2)
    rays *= _F32(0.4)
    rays += _F32(0.6)
    fall *= np.where(rho > _F32(1.1), rays, _F32(1.0))
    fall *= f.astype(_F32)[:, None, None]
    return fall


def _sub_batch(
    hp: np.ndarray,
    fresh: np.ndarray | None,
    P: int,
    cell: float,
    origin: tuple[float, float],
    x: np.ndarray,
    y: np.ndarray,
    D: np.ndarray,
    age: np.ndarray,
    harm: np.ndarray,
    tables: np.ndarray,
    hw: int,
    tau: float,
) -> tuple[np.ndarray, np.ndarray]:
    """Stamp k craters with the same half-window ``hw`` into ``hp`` (in place).

    ``hp``: (H, W) float64 heights with a pad of ``P`` cells, ``fresh``: float32 freshness of
    the same shape (updated with max) or None; ``x, y, D, age``: (k,) centres (m), diameters
    (m), ages (Myr); ``harm``: (k, 3, 3) rim harmonics; ``tables``: (k, T) float64 aged
    profiles (``aged_tables``). Returns (depth (k,), rim height (k,)) float64 of the tables.
    """
    k = x.size
    H, W = hp.shape
    w = 2 * hw + 1
    x0, y0 = origin
    ci = np.rint((y - y0) / cell).astype(np.int64) + P  # array indices of the centres
    cj = np.rint((x - x0) / cell).astype(np.int64) + P
    off = np.arange(-hw, hw + 1)
    dy = ((ci[:, None] + off[None, :] - P) * cell + (y0 - y[:, None])).astype(_F32)  # (k, w)
    dx = ((cj[:, None] + off[None, :] - P) * cell + (x0 - x[:, None])).astype(_F32)
    fi = np.add((dy * dy)[:, :, None], (dx * dx)[:, None, :])  # (k, w, w) r²
    np.sqrt(fi, out=fi)
    th = np.arctan2(dy[:, :, None], dx[:, None, :])  # (k, w, w) azimuth
    mod = np.ones_like(fi)
    tmp = np.empty_like(fi)
    amp = harm[:, :, 1].astype(_F32)
    for h in range(harm.shape[1]):
        if not np.any(amp[:, h]):
            continue
        np.multiply(th, _F32(harm[0, h, 0]), out=tmp)
        tmp += harm[:, h, 2].astype(_F32)[:, None, None]
        np.cos(tmp, out=tmp)
        tmp *= amp[:, h, None, None]
        mod += tmp
    del tmp
    # table index r / (R · outline) / RHO_STEP, clipped into the table
    fi /= mod
    del mod
    fi *= (1.0 / (0.5 * D * RHO_STEP)).astype(_F32)[:, None, None]
    np.minimum(fi, _F32(_T - 1.001), out=fi)
    i0 = fi.astype(np.int32)
    t = i0.astype(_F32)
    np.subtract(fi, t, out=t)
    i0 += (np.arange(k, dtype=np.int32) * _T)[:, None, None]
    tab = tables.astype(_F32)
    slope = np.zeros_like(tab)
    slope[:, :-1] = np.diff(tab, axis=1)
    prof = np.take(tab.ravel(), i0)  # (k, w, w) float32
    t *= np.take(slope.ravel(), i0)
    prof += t
    del t, i0
    # inner window: plane fit over rho < 1.2 and the inheritance blend (rho < 1.05)
    hi_ = int(
        min(hw, np.ceil(1.25 * float(0.5 * D.max()) * float(1.0 + amp.sum(1).max()) / cell) + 1)
    )
    sl, blend = _plane_blend(hp, fi, dx, dy, ci, cj, off, hw, hi_)
    prof[:, sl, sl] += blend
    del blend
    fval = None
    young = np.zeros(k, dtype=bool)
    if fresh is not None and tau > 0:
        f = np.exp(-age / tau)
        young = f > 0.02
        if np.any(young):
            fval = _freshness(fi[young], th[young], f[young], harm[young])
    # add each window (clipped to the array) in order
    r0, c0 = ci - hw, cj - hw
    a0, a1 = np.maximum(r0, 0), np.minimum(r0 + w, H)
    b0, b1 = np.maximum(c0, 0), np.minimum(c0 + w, W)
    yi = np.cumsum(young) - 1
    for c, (ra, rb, ca, cb, r_, c_) in enumerate(
        zip(
            a0.tolist(),
            a1.tolist(),
            b0.tolist(),
            b1.tolist(),
            r0.tolist(),
            c0.tolist(),
            strict=True,
        )
    ):
        if ra >= rb or ca >= cb:
            continue
        hp[ra:rb, ca:cb] += prof[c, ra - r_ : rb - r_, ca - c_ : cb - c_]
        if fval is not None and young[c]:
            fw = fresh[ra:rb, ca:cb]
            np.maximum(fw, fval[yi[c], ra - r_ : rb - r_, ca - c_ : cb - c_], out=fw)
    in_rim = (RHO_TABLE > 0.5) & (RHO_TABLE < 1.5)
    rim_h = tables[:, in_rim].max(axis=1)
    return rim_h - tables[:, 0], rim_h


def stamp_batch(
    hp: np.ndarray,
    P: int,
    cell_m: float,
    origin: tuple[float, float],
    x: np.ndarray,
    y: np.ndarray,
    D: np.ndarray,
    age_myr: np.ndarray,
    harm: np.ndarray,
    diffusivity: float = 0.0155,
    fresh_p: np.ndarray | None = None,
    fresh_timescale_myr: float = 250.0,
) -> tuple[np.ndarray, np.ndarray]:
    """Stamp k simple craters (D ≤ 15 km) into a heightfield, in place.

    Args:
        hp: (H, W) float64 heights, modified in place; sample (i, j) of the grid whose
            sample (0, 0) is at ``origin`` is ``hp[P + i, P + j]`` (``P`` = 0: the grid
            itself; a pad is optional: windows overhanging ``hp`` are clipped, reads of
            the old surface clamp to its edge).
        P: pad width (cells) of ``hp`` around the grid.
        cell_m, origin: grid spacing and world position of sample (0, 0).
        x, y, D, age_myr: (k,) crater centres (m), diameters (m), ages (Myr).
        harm: (k, 3, 3) rim harmonics (see ``stamping.random_harmonics``); the harmonic
            orders (column 0) must be the same for all craters.
        diffusivity: κ (m²/Myr).
        fresh_p: optional float32 freshness map (same shape as ``hp``), updated with max.
        fresh_timescale_myr: τ of the ejecta brightness.

    Returns:
        (depth (k,), rim_height (k,)) of the degraded profiles actually stamped.
    """
    D = np.asarray(D, float)
    k = D.size
    depth = np.zeros(k)
    rim = np.zeros(k)
    if k == 0:
        return depth, rim
    amp_sum = np.abs(harm[:, :, 1]).sum(axis=1)
    hws = window_half_cells(D, amp_sum, cell_m)
    tables = aged_tables(D, age_myr, diffusivity)
    for hw in np.unique(hws):
        idx = np.flatnonzero(hws == hw)
        w = 2 * int(hw) + 1
        step = max(1, _ELEMS // (w * w))
        for s in range(0, idx.size, step):
            sel = idx[s : s + step]
            d, rh = _sub_batch(
                hp,
                fresh_p,
                P,
                cell_m,
                origin,
                x[sel],
                y[sel],
                D[sel],
                age_myr[sel],
                harm[sel],
                tables[sel],
                int(hw),
                fresh_timescale_myr,
            )
            depth[sel] = d
            rim[sel] = rh
    return depth, rim
