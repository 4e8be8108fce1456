"""Stamp one crater into a heightfield, in place, inside its local window.

Inside the bowl the crater *replaces* the pre-existing surface: the old heights are blended
towards a reference plane fitted to the old surface over the crater disc, then the crater
profile is added. So a younger crater cuts the rims of older ones while a crater on a slope
stays tilted with it. Outside the rim the profile (rim uplift + ejecta) is simply *added*.
Stamp oldest first.

The rim radius varies with azimuth, ``R(θ) = R (1 + Σ a_k cos(kθ + φ_k))`` (a few low
harmonics, amplitudes of a few per cent) so that no two craters are perfect circles.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .morphology import EJECTA_END_RHO, RHO_TABLE, profile_table

__all__ = ["Crater", "StampResult", "stamp", "random_harmonics"]

# inheritance weight: 1 (old surface fully replaced) inside INHERIT_IN, 0 beyond INHERIT_OUT
INHERIT_IN, INHERIT_OUT = 0.7, 1.05


@dataclass
class Crater:
    """One crater to stamp.

    Attributes:
        x, y: centre (world m).
        diameter: rim-to-rim diameter (m).
        age_myr: age (Myr), drives diffusion degradation.
        harmonics: optional (K, 3) array of rows (k, amplitude, phase) for the rim outline.
    """

    x: float
    y: float
    diameter: float
    age_myr: float = 0.0
    harmonics: np.ndarray | None = None


@dataclass
class StampResult:
    """What a stamp did: degraded depth and rim (m), and the world reference height at the
    centre (the fitted pre-impact surface); floor = ref + rim - depth, rim crest = ref + rim."""

    depth: float
    rim_height: float
    ref_height: float


def random_harmonics(rng: np.random.Generator, count: int, amplitude: float = 0.05) -> np.ndarray:
    """Draw rim-outline harmonics for ``count`` craters.

    Returns:
        (count, 3, 3) float64: per crater rows (k, amplitude, phase) for k = 2, 3, 4, with
        amplitudes uniform in [0, amplitude] scaled by 1, 0.6, 0.4.
    """
    k = np.array([2.0, 3.0, 4.0])
    amp = rng.uniform(0.0, amplitude, (count, 3)) * np.array([1.0, 0.6, 0.4])
    phase = rng.uniform(0.0, 2.0 * np.pi, (count, 3))
    return np.stack([np.broadcast_to(k, (count, 3)), amp, phase], axis=-1)


def _smoothstep(e0: float, e1: float, x: np.ndarray) -> np.ndarray:
    """Smoothstep from ``e0`` to ``e1`` of ``x`` (any shape, e.g. (h, w)), returned alike."""
    t = np.clip((x - e0) / (e1 - e0), 0.0, 1.0)
    return t * t * (3.0 - 2.0 * t)


def stamp(
    heights: np.ndarray,
    cell_m: float,
    origin: tuple[float, float],
    crater: Crater,
    diffusivity: float = 0.0155,
    fresh: np.ndarray | None = None,
    fresh_timescale_myr: float = 250.0,
) -> StampResult | None:
    """Stamp ``crater`` into ``heights`` ((n, n) float64, modified in place).

    Args:
        heights: (n, n) heights; row i at y0 + i*cell_m, column j at x0 + j*cell_m.
        cell_m: grid spacing (m).
        origin: (x0, y0) world position of heights[0, 0].
        crater: the crater (see :class:`Crater`).
        diffusivity: topographic diffusivity κ (m²/Myr) used to age the profile.
        fresh: optional (n, n) float array of ejecta freshness 0..1, updated in place with
            ``max(fresh, exp(-age/τ) · falloff(r))``.
        fresh_timescale_myr: τ, the optical-maturity e-folding time of bright ejecta.

    Returns:
        a :class:`StampResult`, or None if the crater's window misses the grid.
    """
    n_rows, n_cols = heights.shape
    x0, y0 = origin
    D = float(crater.diameter)
    R = 0.5 * D
    harm = crater.harmonics
    amp_sum = 0.0 if harm is None else float(np.abs(harm[:, 1]).sum())
    reach = EJECTA_END_RHO * R * (1.0 + amp_sum) + cell_m
    j0 = max(int(np.floor((crater.x - reach - x0) / cell_m)), 0)
    j1 = min(int(np.ceil((crater.x + reach - x0) / cell_m)) + 1, n_cols)
    i0 = max(int(np.floor((crater.y - reach - y0) / cell_m)), 0)
    i1 = min(int(np.ceil((crater.y + reach - y0) / cell_m)) + 1, n_rows)
    if j0 >= j1 or i0 >= i1:
        return None

    dx = (x0 + cell_m * np.arange(j0, j1)) - crater.x  # (w,)
    dy = (y0 + cell_m * np.arange(i0, i1)) - crater.y  # (h,)
    r = np.hypot(dy[:, None], dx[None, :])  # (h, w)
    if harm is None or amp_sum == 0.0:
        rho = r / R
    else:
        theta = np.arctan2(dy[:, None], dx[None, :])
        mod = np.ones_like(theta)
        for k, a, ph in harm:
            mod += a * np.cos(k * theta + ph)
        rho = r / (R * mod)

    table = profile_table(D, crater.age_myr, diffusivity)  # (len(RHO_TABLE),)
    prof = np.interp(rho, RHO_TABLE, table, right=0.0)

    win = heights[i0:i1, j0:j1]
    disc = rho < 1.2
    if np.count_nonzero(disc) >= 3:
        hd = win[disc]
        hm = hd.mean()
        ddx = np.broadcast_to(dx[None, :], rho.shape)[disc]
        ddy = np.broadcast_to(dy[:, None], rho.shape)[disc]
        # einsum, not BLAS dot: a multithreaded dot's rounding depends on the thread count
        sxx, syy = float(np.einsum("i,i->", ddx, ddx)), float(np.einsum("i,i->", ddy, ddy))
        gx = float(np.einsum("i,i->", ddx, hd - hm)) / sxx if sxx > 0 else 0.0
        gy = float(np.einsum("i,i->", ddy, hd - hm)) / syy if syy > 0 else 0.0
        # reference at the centre: plane value at (dx, dy) = (0, 0) corrected for the offset of
        # the disc's centroid
        cx, cy = ddx.mean(), ddy.mean()
        ref_c = hm - gx * cx - gy * cy
    else:
        ref_c = float(win[np.unravel_index(np.argmin(r), r.shape)])
        gx = gy = 0.0
    ref = ref_c + gx * dx[None, :] + gy * dy[:, None]
    w = 1.0 - _smoothstep(INHERIT_IN, INHERIT_OUT, rho)
    win += prof + w * (ref - win)

    if fresh is not None and fresh_timescale_myr > 0:
        f = np.exp(-crater.age_myr / fresh_timescale_myr)
        if f > 0.02:
            fall = np.minimum(1.0, (np.maximum(rho, 1e-6) / 1.3) ** -3)
            fall *= 1.0 - _smoothstep(3.0, EJECTA_END_RHO + 0.5, rho)
            if harm is not None and amp_sum > 0.0:
                # streaky ejecta: high azimuthal harmonics seeded by the rim phases
                p1, p2 = float(harm[0, 2]), float(harm[1, 2])
                rays = 0.6 + 0.4 * np.cos(11.0 * theta + p1) * np.cos(7.0 * theta + p2)
                fall *= np.where(rho > 1.1, rays, 1.0)
            fw = fresh[i0:i1, j0:j1]
            np.maximum(fw, f * fall, out=fw)

    in_rim = (RHO_TABLE > 0.5) & (RHO_TABLE < 1.5)
    rim_h = float(table[in_rim].max())
    return StampResult(depth=rim_h - float(table[0]), rim_height=rim_h, ref_height=float(ref_c))
