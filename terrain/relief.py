"""Spectral (FFT) synthesis of the base relief: fractional-Brownian surfaces.

A fractional-Brownian surface with Hurst exponent ``H`` has an isotropic power spectrum
``P(k) ∝ k^-(2H+2)`` (``k`` the radial wavenumber), i.e. Fourier amplitudes ``∝ k^-(H+1)``.
We draw a random-phase spectrum with that amplitude law (the transform of filtered white
Gaussian noise), transform it back on a slightly larger FFT-friendly grid, crop, and rescale
the result so that its standard deviation equals the requested amplitude.

All functions draw from the ``numpy.random.Generator`` they are given, so a seeded generator
gives bit-identical surfaces.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import scipy.fft as sfft

__all__ = ["fbm", "fine_noise", "radial_wavenumber", "spectral_surface", "band_std"]


def radial_wavenumber(n: int, cell_m: float) -> np.ndarray:
    """Radial wavenumber (cycles per metre) of an ``rfft2`` spectrum of an (n, n) grid.

    Returns:
        (n, n//2 + 1) float32 array.
    """
    ky = np.fft.fftfreq(n, d=cell_m).astype(np.float32)
    kx = np.fft.rfftfreq(n, d=cell_m).astype(np.float32)
    return np.hypot(ky[:, None], kx[None, :])


def _power(k: np.ndarray, p: float) -> np.ndarray:
    """``k ** p`` for k > 0 (0 where k == 0), float32 via exp/log (vectorised, unlike powf);
    ``k`` e.g. the (m, h) float32 radial wavenumbers (h = m//2 + 1), returned alike."""
    with np.errstate(divide="ignore", over="ignore", invalid="ignore"):
        out = np.exp(np.float32(p) * np.log(k))
    out[k <= 0] = 0.0
    return out


def _high_pass(k: np.ndarray, k_cut: float) -> np.ndarray:
    """Soft high-pass ``q / (1 + q)``, ``q = (k / k_cut)^4``: (m, h) float32 wavenumbers →
    (m, h) float32 gains."""
    q = k * np.float32(1.0 / k_cut)
    q *= q
    q *= q
    return q / (np.float32(1.0) + q)


def _half_spectrum_power(law: np.ndarray) -> float:
    """Σ |law|² over the full spectrum, from an (m, h) float32 rfft half, h = m//2 + 1
    (interior columns count twice)."""
    p = np.einsum("ij,ij->j", law, law, dtype=np.float64)
    w = np.full(p.size, 2.0)
    w[0] = 1.0
    if law.shape[0] % 2 == 0:
        w[-1] = 1.0
    return float(np.einsum("i,i->", p, w))


def spectral_surface(
    n: int,
    cell_m: float,
    amplitude_law: Callable[[np.ndarray], np.ndarray],
    rng: np.random.Generator,
    std_m: float,
    rolloff: Callable[[np.ndarray], np.ndarray] | None = None,
) -> np.ndarray:
    """Random-phase surface with Fourier amplitudes ``amplitude_law(k)``, scaled to ``std_m``.

    The spectrum is drawn directly (complex Gaussian times the law: the Fourier transform of
    filtered white noise) on an ``m × m`` grid, ``m >= n`` the next FFT-friendly size, inverse
    transformed in single precision (``scipy.fft``, all cores; the result does not depend on
    the thread count) and cropped to ``n × n``, so the tile is not periodic.

    Args:
        amplitude_law: maps the (m, m//2+1) float32 radial wavenumber (cycles/m) to float32
            amplitudes of the same shape.
        rolloff: optional filter (same call) applied after the scaling is fixed: the result
            has std ``std_m`` times the square root of the fraction of the law's power the
            filter keeps.

    Returns:
        (n, n) float64 zero-mean surface with standard deviation ``std_m`` (see ``rolloff``).
    """
    m = sfft.next_fast_len(n, real=True)
    k = radial_wavenumber(m, cell_m)
    law = amplitude_law(k)
    if rolloff is not None:
        full = _half_spectrum_power(law)
        law *= rolloff(k)
        std_m *= float(np.sqrt(_half_spectrum_power(law) / full)) if full > 0 else 0.0
    del k
    spec = np.empty(law.shape, dtype=np.complex64)
    spec.real = rng.standard_normal(law.shape, dtype=np.float32)
    spec.imag = rng.standard_normal(law.shape, dtype=np.float32)
    spec *= law
    del law
    surf = sfft.irfft2(spec, s=(m, m), workers=-1)[:n, :n].astype(np.float64)
    del spec
    surf -= surf.mean()
    sd = surf.std()
    if sd > 0.0 and std_m > 0.0:
        surf *= std_m / sd
    else:
        surf[:] = 0.0
    return surf


def fbm(
    n: int,
    cell_m: float,
    hurst: float,
    amplitude_m: float,
    rng: np.random.Generator,
    k_max: float | None = None,
    k_min: float | None = None,
    k_roll: float | None = None,
) -> np.ndarray:
    """Fractional-Brownian surface with power spectrum ``∝ k^-(2H+2)``.

    Args:
        n: samples per edge.
        cell_m: sample spacing (m).
        hurst: Hurst exponent ``H`` (0 < H < 1; larger is smoother).
        amplitude_m: standard deviation of the result (m).
        rng: random generator.
        k_max: optional low-pass cut (cycles/m); frequencies above are removed.
        k_min: optional soft high-pass (cycles/m): amplitudes × q/(1+q), q = (k/k_min)^4
            (the detail added to an upsampled coarser surface).
        k_roll: optional crossover (cycles/m): amplitudes × 1/(1 + (k/k_roll)^4) above it
            (the fractal stops at the crossover scale; below it craters and the fine noise
            carry the relief). The result keeps the fractal's variance *above* the crossover
            (its std is ``amplitude_m`` times the square root of the kept fraction of the
            power), so the large-scale relief does not change with ``k_roll``.

    Returns:
        (n, n) float64 heights, mean 0, std ≈ ``amplitude_m`` (less the rolled-off part).
    """

    def law(k: np.ndarray) -> np.ndarray:
        """(m, h) float32 wavenumbers → (m, h) float32 amplitudes."""
        out = _power(k, -(hurst + 1.0))
        if k_max is not None:
            out[k > k_max] = 0.0
        if k_min is not None:
            out *= _high_pass(k, k_min)
        return out

    roll = None if k_roll is None else (lambda k: np.float32(1.0) - _high_pass(k, k_roll))
    return spectral_surface(n, cell_m, law, rng, amplitude_m, rolloff=roll)


def fine_noise(
    n: int,
    cell_m: float,
    amplitude_m: float,
    rng: np.random.Generator,
    hurst: float = 0.5,
    cutoff_cells: float = 8.0,
) -> np.ndarray:
    """Small-scale roughness: a rough fBm high-passed at ``cutoff_cells`` wavelengths.

    Added after the craters so crater floors and walls are not glassy-smooth.

    Returns:
        (n, n) float64 heights, mean 0, std ≈ ``amplitude_m``.
    """
    k_cut = 1.0 / (cutoff_cells * cell_m)

    def law(k: np.ndarray) -> np.ndarray:
        """(m, h) float32 wavenumbers → (m, h) float32 amplitudes."""
        out = _power(k, -(hurst + 1.0))
        out *= _high_pass(k, k_cut)
        return out

    return spectral_surface(n, cell_m, law, rng, amplitude_m)


def band_std(
    amplitude_m: float, hurst: float, k_lo: float, k_hi: float, k0: float, k1: float
) -> float:
    """Standard deviation of the part of an fBm surface (std ``amplitude_m`` over wavenumbers
    [k0, k1]) that lies in [k_lo, k_hi]: the 2-D variance in a band is ∝ k^-2H at its ends."""
    if hurst <= 0:
        frac = np.log(k_hi / k_lo) / np.log(k1 / k0)
    else:
        frac = (k_lo ** -(2 * hurst) - k_hi ** -(2 * hurst)) / (
            k0 ** -(2 * hurst) - k1 ** -(2 * hurst)
        )
    return float(amplitude_m * np.sqrt(np.clip(frac, 0.0, 1.0)))
