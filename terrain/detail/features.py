"""Small craters and rocks of the detail tier, sampled per cell of a fixed world grid.

Each cell (``cx``, ``cy``) of side ``cell_m`` draws its own features from
``np.random.default_rng([seed, cx + OFFSET, cy + OFFSET, tag])``, so a feature belongs to one
cell whatever window asks for it, and a window gathers the cells it overlaps plus a margin of
the largest feature's reach: features that straddle a patch edge are the same on both sides.

* Craters: the terrain's cumulative law ``N(>D) = a D^-b`` per m² (equilibrium-capped,
  ``craters.sample_population``) between ``d_min`` and ``d_max``, fresh d/D from
  ``morphology.depth_ratio``. Degradation: a crater's diffusion length ``L = sqrt(2 κ t)``
  as a fraction ``s = L / R`` uniform in [0, s_max]: the craters an equilibrium count sees are
  the ones not yet erased (``s ≳ 0.6`` leaves a bowl too faint to count), so the visible
  population spans fresh to nearly gone whatever the surface's age; the age follows as
  ``t = (s R)² / (2 κ)``.
* Rocks: the boulder law ``N(>D) = 0.0003 D^-2.48`` per m² (VIPER, ``boulders``) continued
  below the terrain's smallest drawn boulder, down to ``rock_d_min`` (5 cm).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..boulders import expected_boulders
from ..craters import sample_population

__all__ = ["Features", "cell_craters", "cell_rocks", "gather"]

OFFSET = 1 << 30  # default_rng seeds must be non-negative: cell indices are shifted by this
CRATER_TAG, ROCK_TAG = 1, 2


@dataclass(frozen=True)
class Features:
    """(N,) float64 arrays: centre ``x``, ``y`` (world m), diameter ``d`` (m) and, for craters,
    the degradation ``s`` = diffusion length / radius (0 for rocks)."""

    x: np.ndarray
    y: np.ndarray
    d: np.ndarray
    s: np.ndarray

    def __len__(self) -> int:
        return int(self.x.size)


def cell_craters(
    seed: int,
    cx: int,
    cy: int,
    cell_m: float,
    a: float,
    b: float,
    d_min: float,
    d_max: float,
    s_max: float = 0.6,
) -> Features:
    """The craters of cell (``cx``, ``cy``): the terrain's law on the cell's square."""
    rng = np.random.default_rng([seed, cx + OFFSET, cy + OFFSET, CRATER_TAG])
    x0, y0 = cx * cell_m, cy * cell_m
    cat = sample_population(
        a, b, d_min, d_max, cell_m * cell_m, rng, 1 << 20, 0.0, (x0, y0, x0 + cell_m, y0 + cell_m)
    )
    s = rng.uniform(0.0, s_max, len(cat))
    return Features(cat.x, cat.y, cat.diameter, s)


def cell_rocks(
    seed: int, cx: int, cy: int, cell_m: float, a: float, b: float, d_min: float, d_max: float
) -> Features:
    """The rocks of cell (``cx``, ``cy``): Poisson count of the boulder law, diameters by
    inverse transform of the truncated power law, positions uniform."""
    rng = np.random.default_rng([seed, cx + OFFSET, cy + OFFSET, ROCK_TAG])
    lam = expected_boulders(a, b, d_min, d_max, cell_m * cell_m)
    n = int(rng.poisson(lam))
    x = cx * cell_m + rng.uniform(0.0, cell_m, n)
    y = cy * cell_m + rng.uniform(0.0, cell_m, n)
    lo, hi = d_min**-b, d_max**-b
    d = (lo - rng.random(n) * (lo - hi)) ** (-1.0 / b)
    return Features(x, y, d, np.zeros(n))


def gather(
    sampler, extent: tuple[float, float, float, float], reach_m: float, cell_m: float
) -> Features:
    """Every feature of the cells within ``reach_m`` of ``extent`` (xmin, ymin, xmax, ymax):
    ``sampler(cx, cy)`` gives one cell's :class:`Features`; cells in row-major order."""
    xmin, ymin, xmax, ymax = extent
    cxs = range(
        int(np.floor((xmin - reach_m) / cell_m)), int(np.floor((xmax + reach_m) / cell_m)) + 1
    )
    cys = range(
        int(np.floor((ymin - reach_m) / cell_m)), int(np.floor((ymax + reach_m) / cell_m)) + 1
    )
    parts = [sampler(cx, cy) for cy in cys for cx in cxs]
    return Features(*(np.concatenate([getattr(p, k) for p in parts]) for k in ("x", "y", "d", "s")))
