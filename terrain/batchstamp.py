"""Vectorised stamping of many small craters at once (the ~10⁵ craters of a 1 m/px field).

A simple crater's fresh profile (``morphology.fresh_profile``, bowl without a flat floor, i.e.
D ≤ 400 m) is linear in three numbers — rim height ``h``, floor height ``f = h − depth`` and
ejecta thickness at the rim ``t0`` — over three fixed basis functions of ``rho = r/R``::

    profile(rho) = h · B_rim(rho) + f · B_floor(rho) + t0 · B_ej(rho)

Ageing (Gaussian smoothing of the radial table by ``σ = L/R``) is linear too, so the aged
basis tables are precomputed once on a log-spaced grid of ``σ`` and every crater's table is a
blend of two neighbours. Craters are then grouped by window size and stamped in batches of
(k, w, w) arrays with exactly the same rules as :func:`stamping.stamp` (plane fit over the
disc, inheritance weight, rim harmonics, freshness map).

Batches are taken in age order (oldest first). Within one batch the deltas are computed from
the same pre-batch surface and *added*: ejecta superpose exactly, and the rare bowls of two
craters of the same batch that overlap are superposed instead of the younger cutting the
older (batches are small enough that this is a fraction of a per cent of craters).
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from .morphology import EJECTA_END_RHO, RHO_STEP, RHO_TABLE, _gaussian_smooth_table, depth_m
from .morphology import rim_height_m as _rim_m
from .stamping import INHERIT_IN, INHERIT_OUT

__all__ = ["stamp_batch", "aged_tables", "BATCH_MAX_D_M", "window_half_cells"]

BATCH_MAX_D_M = 400.0  # simple bowls without a flat floor
_SIGMAS = np.concatenate([[0.0], np.geomspace(0.004, 16.0, 100)])  # (S,) σ = L/R
_MAX_ELEMS = 1_500_000  # k * w * w per sub-batch (memory ~ 12 MB per float64 array)


def _smoothstep(e0: float, e1: float, x: np.ndarray) -> np.ndarray:
    t = np.clip((x - e0) / (e1 - e0), 0.0, 1.0)
    return t * t * (3.0 - 2.0 * t)


def _smooth(table: np.ndarray, sigma_rho: float) -> np.ndarray:
    """``morphology._gaussian_smooth_table`` (mirrored at 0, zero beyond) by FFT convolution."""
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


@lru_cache(maxsize=1)
def _basis() -> np.ndarray:
    """(S, 3, len(RHO_TABLE)) aged basis tables (rim, floor, ejecta) for each σ in _SIGMAS."""
    rho = RHO_TABLE
    s = np.clip(rho, 0.0, 1.0)
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
    """Radial profile tables of simple craters (D ≤ 400 m), aged by diffusion.

    Args:
        D, age_myr: (k,) diameters (m) and ages (Myr).
        diffusivity: κ (m²/Myr).

    Returns:
        (k, len(RHO_TABLE)) heights (m) relative to the pre-impact surface; matches
        ``morphology.profile_table`` to interpolation accuracy in σ.
    """
    D = np.asarray(D, float)
    R = 0.5 * D
    rim = _rim_m(D)
    floor = rim - depth_m(D)
    t0 = np.minimum(0.14 * R**0.74, rim)
    sig = np.sqrt(2.0 * max(diffusivity, 0.0) * np.maximum(age_myr, 0.0)) / R
    sig = np.where(sig <= 0.5 * RHO_STEP, 0.0, np.minimum(sig, _SIGMAS[-1]))
    hi = np.clip(np.searchsorted(_SIGMAS, sig, side="right"), 1, _SIGMAS.size - 1)
    lo = hi - 1
    w = np.where(sig <= 0.0, 0.0, (sig - _SIGMAS[lo]) / (_SIGMAS[hi] - _SIGMAS[lo]))
    bas = _basis()
    coef = np.stack([rim, floor, t0], axis=-1)  # (k, 3)
    t_lo = np.einsum("kb,kbr->kr", coef, bas[lo])
    t_hi = np.einsum("kb,kbr->kr", coef, bas[hi])
    return t_lo + w[:, None] * (t_hi - t_lo)


def window_half_cells(D: np.ndarray, amp_sum: np.ndarray, cell_m: float) -> np.ndarray:
    """Half-width (cells) of the square window a crater's stamp touches, (k,) int."""
    reach = EJECTA_END_RHO * 0.5 * np.asarray(D) * (1.0 + amp_sum) + cell_m
    return np.ceil(reach / cell_m).astype(np.int64)


def _sub_batch(hp, fresh_p, P, cell, origin, x, y, D, age, harm, tables, hw, tau):
    """Stamp k craters with the same half-window ``hw`` into padded arrays (in place).

    Geometry (rho, azimuth terms) is float32; heights and deltas are float64. The plane fit
    and the inheritance blend run on the inner window (rho < ~1.2) only.
    """
    k = x.size
    ncol_p = hp.shape[1]
    x0, y0 = origin
    ci = np.rint((y - y0) / cell).astype(np.int64) + P  # padded indices of centres
    cj = np.rint((x - x0) / cell).astype(np.int64) + P
    off = np.arange(-hw, hw + 1)
    rows = ci[:, None] + off[None, :]  # (k, w)
    cols = cj[:, None] + off[None, :]
    dy = (y0 + (rows - P) * cell - y[:, None]).astype(np.float32)  # (k, w)
    dx = (x0 + (cols - P) * cell - x[:, None]).astype(np.float32)
    flat = rows[:, :, None] * ncol_p + cols[:, None, :]  # (k, w, w)
    R = (0.5 * D).astype(np.float32)
    z = dx[:, None, :] + 1j * dy[:, :, None].astype(np.complex64)  # (k, w, w) complex64
    r = np.abs(z)
    u = z / np.where(r > 0, r, np.float32(1.0))
    u2 = u * u
    u3 = u2 * u
    u4 = u2 * u2
    A = (harm[:, :, 1] * np.exp(1j * harm[:, :, 2])).astype(np.complex64)  # (k, 3)
    mod = (A[:, 0, None, None] * u2 + A[:, 1, None, None] * u3 + A[:, 2, None, None] * u4).real
    mod += np.float32(1.0)
    rho = r / (R[:, None, None] * mod)  # (k, w, w) float32
    # profile lookup in each crater's table
    fi = np.minimum(rho * np.float32(1.0 / RHO_STEP), np.float32(RHO_TABLE.size - 1.001))
    i0 = fi.astype(np.int32)
    t = fi - i0
    base = (np.arange(k, dtype=np.int32) * RHO_TABLE.size)[:, None, None] + i0
    tf = tables.ravel()
    prof = tf[base] * (1.0 - t) + tf[base + 1] * t  # float64
    # inner window: plane fit over rho < 1.2 and the inheritance blend (rho < 1.05)
    hi_ = int(min(hw, np.ceil(1.25 * float(R.max()) * float(mod.max()) / cell) + 1))
    sl = slice(hw - hi_, hw + hi_ + 1)
    fin = flat[:, sl, sl]
    win = hp.ravel()[fin]  # (k, wi, wi)
    rin = rho[:, sl, sl]
    dxi = dx[:, sl].astype(np.float64)
    dyi = dy[:, sl].astype(np.float64)
    S = (rin < 1.2).astype(np.float64)
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
    ref = (ref_c[:, None, None] + gx[:, None, None] * dxi[:, None, :]) + gy[
        :, None, None
    ] * dyi[:, :, None]
    wgt = 1.0 - _smoothstep(INHERIT_IN, INHERIT_OUT, rin)
    prof[:, sl, sl] += wgt * (ref - win)
    np.add.at(hp.ravel(), flat.ravel(), prof.ravel())

    if fresh_p is not None and tau > 0:
        f = np.exp(-age / tau)
        young = f > 0.02
        if np.any(young):
            rh = rho[young]
            fall = np.minimum(np.float32(1.0), (np.maximum(rh, 1e-6) / np.float32(1.3)) ** -3)
            fall *= 1.0 - _smoothstep(3.0, EJECTA_END_RHO + 0.5, rh)
            uy = u[young]
            u7 = u3[young] * u4[young]
            u11 = u7 * u4[young]
            e1 = np.exp(1j * harm[young, 0, 2]).astype(np.complex64)[:, None, None]
            e2 = np.exp(1j * harm[young, 1, 2]).astype(np.complex64)[:, None, None]
            del uy
            rays = 0.6 + 0.4 * (e1 * u11).real * (e2 * u7).real
            fall *= np.where(rh > 1.1, rays, np.float32(1.0))
            val = (f[young].astype(np.float32)[:, None, None] * fall).astype(np.float32)
            np.maximum.at(fresh_p.ravel(), flat[young].ravel(), val.ravel())
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
    """Stamp k small craters (D ≤ 400 m) into a padded heightfield, in place.

    Args:
        hp: (n + 2P, n + 2P) float64 heights padded by ``P`` cells on every side (the pad
            absorbs windows that overhang the grid); ``hp[P + i, P + j]`` is sample (i, j).
        P: pad width (cells); every crater's half window must be ≤ P.
        cell_m, origin: grid spacing and world position of sample (0, 0).
        x, y, D, age_myr: (k,) crater centres (m), diameters (m), ages (Myr).
        harm: (k, 3, 3) rim harmonics (see ``stamping.random_harmonics``).
        diffusivity: κ (m²/Myr).
        fresh_p: optional padded float32 freshness map (same shape as ``hp``), updated with max.
        fresh_timescale_myr: τ of the ejecta brightness.

    Returns:
        (depth (k,), rim_height (k,)) of the degraded profiles actually stamped.
    """
    k = np.asarray(D).size
    depth = np.zeros(k)
    rim = np.zeros(k)
    if k == 0:
        return depth, rim
    amp_sum = np.abs(harm[:, :, 1]).sum(axis=1)
    hws = window_half_cells(D, amp_sum, cell_m)
    if hws.max() > P:
        raise ValueError(f"crater window {hws.max()} cells exceeds the pad {P}")
    for hw in np.unique(hws):
        idx = np.flatnonzero(hws == hw)
        w = 2 * int(hw) + 1
        step = max(1, _MAX_ELEMS // (w * w))
        for s in range(0, idx.size, step):
            sel = idx[s : s + step]
            tabs = aged_tables(D[sel], age_myr[sel], diffusivity)
            d, rh = _sub_batch(
                hp, fresh_p, P, cell_m, origin, x[sel], y[sel], D[sel], age_myr[sel],
                harm[sel], tabs, int(hw), fresh_timescale_myr,
            )
            depth[sel] = d
            rim[sel] = rh
    return depth, rim
