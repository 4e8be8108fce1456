"""Surface albedo: regolith base, broad highland/mare-like patches, bright fresh ejecta."""

from __future__ import annotations

import numpy as np

from .relief import fbm

__all__ = ["albedo_map", "patch_field"]


PATCH_PX = 129  # the patches (wavelengths >= 1/6 of the tile) are drawn on this grid


def _lerp_axis(a: np.ndarray, n: int, axis: int) -> np.ndarray:
    """Linear interpolation of ``a`` from ``a.shape[axis]`` to ``n`` samples over the same span.

    ``a``: 2-D, e.g. (m, m) float32; returns (n, m) for ``axis=0``, (m, n) for ``axis=1``, in
    ``a``'s dtype."""
    m = a.shape[axis]
    f = np.arange(n) * ((m - 1) / (n - 1))
    i0 = np.minimum(f.astype(np.intp), m - 2)
    t = (f - i0).astype(a.dtype)
    lo, hi = np.take(a, i0, axis=axis), np.take(a, i0 + 1, axis=axis)
    shape = [1, 1]
    shape[axis] = n
    return lo + (hi - lo) * t.reshape(shape)


def patch_field(n: int, cell_m: float, rng: np.random.Generator) -> np.ndarray:
    """Broad mare/highland-like patches: (n, n) float32 in [-1, 1], wavelengths longer than
    ~1/6 of the grid, sharpened with ``tanh``. Drawn on a ``PATCH_PX`` grid over the same
    extent and interpolated (bilinear) when ``n`` is larger."""
    size = cell_m * (n - 1)
    m = min(n, PATCH_PX)
    patches = fbm(m, size / (m - 1), 0.9, 1.0, rng, k_max=6.0 / size)
    patches = np.tanh(1.5 * patches)
    peak = np.abs(patches).max()
    if peak > 0:
        patches /= peak
    patches = patches.astype(np.float32)
    if m < n:
        patches = _lerp_axis(_lerp_axis(patches, n, 0), n, 1)
    return patches


def albedo_map(
    n: int,
    cell_m: float,
    rng: np.random.Generator,
    fresh: np.ndarray,
    regolith: float = 0.12,
    fresh_ejecta: float = 0.22,
    variation: float = 0.25,
    patches: np.ndarray | None = None,
) -> np.ndarray:
    """Albedo field.

    ``regolith · (1 + variation · p)`` with ``p`` in [-1, 1] a smooth, low-frequency patch
    field (wavelengths longer than ~1/6 of the tile, sharpened with ``tanh`` to give
    mare/highland-like contrasts), then brightened towards ``fresh_ejecta`` where ``fresh``
    (0..1, built while stamping young craters) is high.

    Args:
        n, cell_m: grid.
        rng: random generator.
        fresh: (n, n) ejecta freshness 0..1.
        patches: optional precomputed (n, n) patch field (e.g. the far grid's, upsampled);
            when given ``rng`` is not used.

    Returns:
        (n, n) float32, clipped to [0.03, 0.4].
    """
    if patches is None:
        patches = patch_field(n, cell_m, rng)
    base = np.asarray(patches, dtype=np.float32) * np.float32(regolith * variation)
    base += np.float32(regolith)
    alb = np.clip(fresh, 0.0, 1.0).astype(np.float32)
    alb *= np.float32(fresh_ejecta) - base
    alb += base
    return np.clip(alb, 0.03, 0.4, out=alb)
