"""Surface albedo: regolith base, broad highland/mare-like patches, bright fresh ejecta."""

from __future__ import annotations

import numpy as np

from .relief import fbm

__all__ = ["albedo_map", "patch_field"]


def patch_field(n: int, cell_m: float, rng: np.random.Generator) -> np.ndarray:
    """Broad mare/highland-like patches: (n, n) float64 in [-1, 1], wavelengths longer than
    ~1/5 of the grid, sharpened with ``tanh``."""
    size = cell_m * (n - 1)
    patches = fbm(n, cell_m, 0.9, 1.0, rng, k_max=6.0 / size)
    patches = np.tanh(1.5 * patches)
    peak = np.abs(patches).max()
    if peak > 0:
        patches /= peak
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
    field (wavelengths longer than ~1/5 of the tile, sharpened with ``tanh`` to give
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
    base = regolith * (1.0 + variation * patches)
    alb = base + (fresh_ejecta - base) * np.clip(fresh, 0.0, 1.0)
    return np.clip(alb, 0.03, 0.4).astype(np.float32)
