"""Spectral (FFT) synthesis of the base relief: fractional-Brownian surfaces.

A fractional-Brownian surface with Hurst exponent ``H`` has an isotropic power spectrum
``P(k) ∝ k^-(2H+2)`` (``k`` the radial wavenumber), i.e. Fourier amplitudes ``∝ k^-(H+1)``.
We filter white Gaussian noise in the frequency domain with that amplitude law and rescale the
result so that its standard deviation equals the requested amplitude. The surfaces are periodic
over the grid, which is harmless for a terrain tile.

All functions draw from the ``numpy.random.Generator`` they are given, so a seeded generator
gives bit-identical surfaces.
"""

from __future__ import annotations

import numpy as np

__all__ = ["fbm", "fine_noise", "radial_wavenumber", "spectral_surface", "band_std"]


def radial_wavenumber(n: int, cell_m: float) -> np.ndarray:
    """Radial wavenumber (cycles per metre) of an ``rfft2`` spectrum of an (n, n) grid.

    Returns:
        (n, n//2 + 1) float64 array.
    """
    ky = np.fft.fftfreq(n, d=cell_m)
    kx = np.fft.rfftfreq(n, d=cell_m)
    return np.hypot(ky[:, None], kx[None, :])


def spectral_surface(
    n: int,
    cell_m: float,
    amplitude_law: np.ndarray,
    rng: np.random.Generator,
    std_m: float,
) -> np.ndarray:
    """Filter white noise by ``amplitude_law`` (shape (n, n//2+1)) and scale to ``std_m``.

    Returns:
        (n, n) float64 zero-mean surface with standard deviation ``std_m``.
    """
    white = rng.standard_normal((n, n))
    spec = np.fft.rfft2(white) * amplitude_law
    surf = np.fft.irfft2(spec, s=(n, n))
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

    Returns:
        (n, n) float64 heights, mean 0, std ≈ ``amplitude_m``.
    """
    k = radial_wavenumber(n, cell_m)
    law = np.zeros_like(k)
    nz = k > 0
    law[nz] = k[nz] ** -(hurst + 1.0)
    if k_max is not None:
        law[k > k_max] = 0.0
    if k_min is not None:
        q = (k / k_min) ** 4
        law *= q / (1.0 + q)
    return spectral_surface(n, cell_m, law, rng, amplitude_m)


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
    k = radial_wavenumber(n, cell_m)
    k_cut = 1.0 / (cutoff_cells * cell_m)
    law = np.zeros_like(k)
    hi = k > 0
    law[hi] = k[hi] ** -(hurst + 1.0)
    # soft high-pass: (k/kc)^4 / (1 + (k/kc)^4)
    q = (k / k_cut) ** 4
    law *= q / (1.0 + q)
    return spectral_surface(n, cell_m, law, rng, amplitude_m)


def band_std(amplitude_m: float, hurst: float, k_lo: float, k_hi: float, k0: float, k1: float):
    """Standard deviation of the part of an fBm surface (std ``amplitude_m`` over wavenumbers
    [k0, k1]) that lies in [k_lo, k_hi]: the 2-D variance in a band is ∝ k^-2H at its ends."""
    if hurst <= 0:
        frac = np.log(k_hi / k_lo) / np.log(k1 / k0)
    else:
        frac = (k_lo ** -(2 * hurst) - k_hi ** -(2 * hurst)) / (
            k0 ** -(2 * hurst) - k1 ** -(2 * hurst)
        )
    return float(amplitude_m * np.sqrt(np.clip(frac, 0.0, 1.0)))
