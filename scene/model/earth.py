"""The Earth's face as our stills and the GLB both show it: procedural oceans, land and
clouds over the unit sphere (sums of random sinusoids, drawn from the scene's seed)."""

from __future__ import annotations

import numpy as np

OCEAN = np.array([0.05, 0.16, 0.45])
LAND = np.array([0.30, 0.35, 0.18])
CLOUD = np.array([0.92, 0.94, 0.97])


def earth_albedo(u: np.ndarray, v: np.ndarray, w: np.ndarray, seed: int) -> np.ndarray:
    """(..., 3) linear 0..1 surface colour at the unit-sphere directions (u, v, w) (each
    (...) float); the same seed gives the same continents and clouds in every client."""
    rng = np.random.default_rng([seed, 99])
    land = np.zeros(np.shape(u))
    cloud = np.zeros(np.shape(u))
    for k in range(6):
        a = rng.normal(size=3) * (1.5 + k)
        ph = rng.uniform(0, 2 * np.pi, 2)
        land += np.sin(a[0] * u + a[1] * v + a[2] * w + ph[0]) / (k + 1)
        cloud += np.sin(2.5 * (a[1] * u - a[0] * v + a[2] * w) + ph[1]) / (k + 1)
    col = np.where((land > 0.5)[..., None], LAND, OCEAN)
    return np.where((cloud > 0.6)[..., None], CLOUD, col)
