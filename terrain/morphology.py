"""Crater shape laws: depth and rim height versus diameter, radial profiles, ageing.

Heights are relative to the pre-impact surface (0); ``rho = r / R`` with ``R = D / 2`` the
rim radius.

* Depth (rim crest to floor) / diameter: Stopar et al. 2017 for small fresh craters
  (0.10 below 10 m, 0.11 from 10 m, 0.13 from 40 m, 0.15 from 100 m, 0.17 from 200 m, 0.21 from
  400 m), blended (log-linearly in D, 400 m → 1 km) into Pike 1977, ``d = 0.196 D^1.010`` km,
  up to the 15 km simple–complex transition; complex craters ``d = 1.044 D^0.301`` km.
* Rim height: Pike 1977 ``h = 0.036 D^1.014`` km (simple), ``0.236 D^0.399`` km (complex).
  Below 1 km it is scaled by the same factor as the Stopar depth (small craters have
  proportionally lower rims).
* Outside the rim the profile continues into a McGetchin (1973) ejecta blanket
  ``t = 0.14 R^0.74 rho^-3`` m plus a steeper structural-uplift term that makes the profile
  continuous at the rim; everything fades to 0 between 3 and 4 R.

Ageing (topographic diffusion). A crater of age ``t`` under diffusivity ``κ`` has been smoothed
over a diffusion length ``L = sqrt(2 κ t)`` (the standard deviation of the diffusion kernel).
We approximate the 2-D diffusion of the axisymmetric profile by convolving its radial profile
(tabulated in ``rho``) with a Gaussian of standard deviation ``L / R`` (mirrored about the
centre). This reduces the depth and the rim analytically-consistently with ``L / D``: a crater
with ``L ≪ D`` is untouched, one with ``L ~ 0.2 D`` keeps roughly half its depth and loses its
sharp rim crest, and one with ``L ≳ D`` is nearly erased. It is a 1-D approximation (it ignores
the ``(1/r) ∂h/∂r`` term of radial diffusion) that is fast and gives the observed spread of d/D.
"""

from __future__ import annotations

import numpy as np

__all__ = [
    "SIMPLE_COMPLEX_M",
    "RHO_TABLE",
    "depth_ratio",
    "rim_height_m",
    "depth_m",
    "fresh_profile",
    "crater_profile",
    "profile_table",
]

SIMPLE_COMPLEX_M = 15000.0
EJECTA_END_RHO = 4.0
RHO_STEP = 0.01
RHO_TABLE = np.arange(0.0, 5.0 + RHO_STEP / 2, RHO_STEP)  # (501,)

_STOPAR_EDGES = np.array([10.0, 40.0, 100.0, 200.0, 400.0])
_STOPAR_RATIO = np.array([0.10, 0.11, 0.13, 0.15, 0.17, 0.21])
_BLEND_LO, _BLEND_HI = 400.0, 1000.0


def _pike_depth_m(D: np.ndarray) -> np.ndarray:
    """Pike 1977 simple-crater depth (m) at diameters ``D`` (m), same shape (e.g. (k,))."""
    return 1000.0 * 0.196 * (D / 1000.0) ** 1.010


def _pike_rim_m(D: np.ndarray) -> np.ndarray:
    """Pike 1977 simple-crater rim height (m) at diameters ``D`` (m), same shape (e.g. (k,))."""
    return 1000.0 * 0.036 * (D / 1000.0) ** 1.014


def depth_ratio(D: float | np.ndarray) -> np.ndarray:
    """Fresh depth/diameter (rim crest to floor) for diameter ``D`` (m); scalar or array
    (e.g. (k,)), giving float64 of its shape (0-d for a scalar)."""
    D = np.asarray(D, dtype=float)
    stopar = _STOPAR_RATIO[np.searchsorted(_STOPAR_EDGES, D, side="right")]
    pike = _pike_depth_m(D) / D
    t = np.clip(np.log(D / _BLEND_LO) / np.log(_BLEND_HI / _BLEND_LO), 0.0, 1.0)
    simple = np.where(D < _BLEND_LO, stopar, (1 - t) * 0.21 + t * pike)
    complex_ = 1000.0 * 1.044 * (D / 1000.0) ** 0.301 / D
    return np.where(D > SIMPLE_COMPLEX_M, complex_, simple)


def depth_m(D: float | np.ndarray) -> np.ndarray:
    """Fresh depth (rim crest to floor, m) for diameter ``D`` (m); float64 of ``D``'s shape
    (e.g. (k,))."""
    D = np.asarray(D, dtype=float)
    return depth_ratio(D) * D


def rim_height_m(D: float | np.ndarray) -> np.ndarray:
    """Fresh rim height above the pre-impact surface (m) for diameter ``D`` (m); float64 of
    ``D``'s shape (e.g. (k,))."""
    D = np.asarray(D, dtype=float)
    pike_ratio = _pike_depth_m(D) / D
    scale = np.minimum(depth_ratio(D) / pike_ratio, 1.0)
    simple = _pike_rim_m(D) * np.where(D < _BLEND_HI, scale, 1.0)
    complex_ = 1000.0 * 0.236 * (D / 1000.0) ** 0.399
    return np.where(D > SIMPLE_COMPLEX_M, complex_, simple)


def _smoothstep(e0: float, e1: float, x: np.ndarray) -> np.ndarray:
    """Smoothstep from ``e0`` to ``e1`` of ``x`` (any shape, e.g. (T,)), returned alike."""
    t = np.clip((x - e0) / (e1 - e0), 0.0, 1.0)
    return t * t * (3.0 - 2.0 * t)


def _outer(rho: np.ndarray, D: float, rim: float) -> np.ndarray:
    """Profile outside the rim (rho >= 1): uplift + ejecta, faded to 0 by 4 R; heights (m)
    of ``rho``'s shape (e.g. (T,) or (h, w))."""
    R = 0.5 * D
    t0 = min(0.14 * R**0.74, rim)
    uplift = rim - t0
    rr = np.maximum(rho, 1.0)
    fade = 1.0 - _smoothstep(3.0, EJECTA_END_RHO, rr)
    return (uplift * rr**-6 + t0 * rr**-3) * fade


def fresh_profile(rho: np.ndarray, D: float) -> np.ndarray:
    """Fresh radial height profile (m) of a crater of diameter ``D`` at ``rho = r/R``.

    Args:
        rho: array of any shape (e.g. (T,) ``RHO_TABLE`` or an (h, w) window), >= 0.
        D: diameter (m).

    Returns:
        float64 heights relative to the pre-impact surface, same shape as ``rho``.
    """
    rho = np.asarray(rho, dtype=float)
    d = float(depth_m(D))
    rim = float(rim_height_m(D))
    floor = rim - d
    if D <= SIMPLE_COMPLEX_M:
        # bowl: parabola steepening towards the rim; small flat floor for larger craters
        flat = 0.1 if D > 400.0 else 0.0
        s = np.clip((rho - flat) / (1.0 - flat), 0.0, 1.0)
        inner = floor + (rim - floor) * (0.85 * s**2 + 0.15 * s**4)
    else:
        # complex: flat floor to 0.45 R, three terraces on the wall, central peak
        s = np.clip((rho - 0.45) / 0.55, 0.0, 1.0)
        n_ter = 3.0
        q = s * n_ter
        stair = (np.floor(q) + _smoothstep(0.5, 1.0, q - np.floor(q))) / n_ter
        stair = np.where(s >= 1.0, 1.0, stair)
        wall = 0.5 * stair + 0.5 * s**1.5
        inner = floor + (rim - floor) * wall
        peak_h = 0.35 * d
        inner = inner + peak_h * np.clip(1.0 - (rho / 0.15) ** 2, 0.0, None) ** 2
    return np.where(rho < 1.0, inner, _outer(rho, D, rim))


def _gaussian_smooth_table(table: np.ndarray, sigma_rho: float) -> np.ndarray:
    """Convolve a (T,) radial table (on ``RHO_TABLE``) with a Gaussian of std ``sigma_rho``,
    mirrored at rho=0 (zero beyond the end); (T,) float64."""
    sig = sigma_rho / RHO_STEP
    half = int(np.ceil(4.0 * sig))
    u = np.arange(-half, half + 1, dtype=float)
    kern = np.exp(-0.5 * (u / sig) ** 2)
    kern /= kern.sum()
    m = table.size
    left = table[1 : half + 1][::-1]
    if left.size < half:
        left = np.concatenate([np.full(half - left.size, table[-1]), left])
    padded = np.concatenate([left, table, np.zeros(half)])
    return np.convolve(padded, kern, mode="valid")[:m]


def profile_table(D: float, age_myr: float = 0.0, diffusivity: float = 0.0155) -> np.ndarray:
    """Radial profile (m) of a crater aged ``age_myr`` sampled on ``RHO_TABLE``.

    Returns:
        (T,) float64, T = len(RHO_TABLE) (501).
    """
    table = fresh_profile(RHO_TABLE, D)
    L = np.sqrt(2.0 * max(diffusivity, 0.0) * max(age_myr, 0.0))
    sigma_rho = L / (0.5 * D)
    if sigma_rho > 0.5 * RHO_STEP:
        table = _gaussian_smooth_table(table, sigma_rho)
    return table


def crater_profile(
    r_over_R: float | np.ndarray, D: float, age_myr: float = 0.0, diffusivity: float = 0.0155
) -> np.ndarray:
    """Radial height profile (m) of a crater of diameter ``D`` (m), optionally aged.

    Args:
        r_over_R: array of any shape, e.g. (h, w) (distance from centre / rim radius).
        D: diameter (m).
        age_myr: age (Myr); 0 gives the fresh, sharp profile.
        diffusivity: topographic diffusivity κ (m²/Myr).

    Returns:
        float64 heights relative to the pre-impact surface, same shape as ``r_over_R``.
    """
    rho = np.asarray(r_over_R, dtype=float)
    L = np.sqrt(2.0 * max(diffusivity, 0.0) * max(age_myr, 0.0))
    if L / (0.5 * D) <= 0.5 * RHO_STEP:
        return fresh_profile(rho, D)
    table = profile_table(D, age_myr, diffusivity)
    return np.interp(rho, RHO_TABLE, table, right=0.0)
