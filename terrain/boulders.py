"""Boulders: a rock population from the VIPER size–frequency law, denser on fresh ejecta.

Cumulative density ``N(>D) = a · D^-b`` rocks per m² (a = 0.0003, b = 2.48, D in m) between
``d_min`` and ``d_max``; diameters by inverse-transform sampling of the truncated power law.
Positions follow a Poisson process whose intensity is the background law times
``1 + (m − 1) · fresh(x, y)``, with ``fresh`` the ejecta freshness map built while stamping
craters (1 inside and near young craters, falling off to ~0 by 3–4 R and with age as
``exp(−age / τ)``), so young craters are ringed by several times more rocks. Sampled by
thinning: candidates at the peak intensity, each kept with probability intensity / peak.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    import numpy.typing as npt

    from .heightfield import Terrain

__all__ = ["BoulderCatalogue", "sample_boulders", "boulder_z", "expected_boulders"]

VIPER_A, VIPER_B = 0.0003, 2.48


def _f64(a: npt.ArrayLike = ()) -> np.ndarray:
    """``a`` as float64, e.g. (N,) from a list of N numbers; () gives an empty (0,)."""
    return np.asarray(a, dtype=np.float64)


@dataclass
class BoulderCatalogue:
    """Equal-length (N,) arrays: centre x, y (world m), diameter (m), mesh ``variant`` (int,
    pick one of a few rock meshes), ``yaw_deg`` about z and ``tilt_deg`` (lean from vertical,
    about a horizontal axis at azimuth ``yaw_deg``)."""

    x: np.ndarray = field(default_factory=_f64)
    y: np.ndarray = field(default_factory=_f64)
    diameter: np.ndarray = field(default_factory=_f64)
    variant: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    yaw_deg: np.ndarray = field(default_factory=_f64)
    tilt_deg: np.ndarray = field(default_factory=_f64)

    def __post_init__(self) -> None:
        for k in ("x", "y", "diameter", "yaw_deg", "tilt_deg"):
            setattr(self, k, _f64(getattr(self, k)))
        self.variant = np.asarray(self.variant, dtype=np.int64)
        n = self.x.shape[0]
        for k in ("y", "diameter", "variant", "yaw_deg", "tilt_deg"):
            if getattr(self, k).shape != (n,):
                raise ValueError(f"BoulderCatalogue.{k} must have shape ({n},)")

    def __len__(self) -> int:
        return int(self.x.shape[0])

    def subset(self, index: np.ndarray | slice) -> BoulderCatalogue:
        """A new catalogue with the rows ``index`` selects ((N,) bool mask, slice or (M,) int
        indices)."""
        return BoulderCatalogue(
            *(
                getattr(self, k)[index]
                for k in ("x", "y", "diameter", "variant", "yaw_deg", "tilt_deg")
            )
        )


def expected_boulders(a: float, b: float, d_min: float, d_max: float, area_m2: float) -> float:
    """Background expected count with d_min <= D <= d_max on ``area_m2``."""
    return a * (d_min**-b - d_max**-b) * area_m2


def sample_boulders(
    rng: np.random.Generator,
    extent: tuple[float, float, float, float],
    fresh: np.ndarray | None,
    cell_m: float,
    d_min: float = 1.5,
    d_max: float = 12.0,
    a: float = VIPER_A,
    b: float = VIPER_B,
    ejecta_multiplier: float = 5.0,
    max_count: int = 20000,
    variants: int = 8,
) -> tuple[BoulderCatalogue, int]:
    """Sample boulders over ``extent`` (the grid of ``fresh``).

    Args:
        rng: random generator.
        extent: (xmin, ymin, xmax, ymax) world m; ``fresh[i, j]`` at (xmin + j·cell, ymin + i·cell).
        fresh: (n, n) freshness 0..1 or None (uniform background).
        d_min, d_max: diameter range (m).
        a, b: cumulative law ``N(>D) = a D^-b`` per m².
        ejecta_multiplier: density factor on fully fresh ejecta (1 = none).
        max_count: cap; when more are drawn the largest ``max_count`` are kept.
        variants: number of rock mesh variants to spread over.

    Returns:
        (catalogue, drawn): the boulders (largest first if capped, else in draw order) and the
        number drawn before the cap.
    """
    xmin, ymin, xmax, ymax = extent
    area = (xmax - xmin) * (ymax - ymin)
    peak = max(ejecta_multiplier, 1.0) if fresh is not None else 1.0
    lam = expected_boulders(a, b, d_min, d_max, area) * peak
    m = int(rng.poisson(lam)) if lam > 0 else 0
    x = rng.uniform(xmin, xmax, m)
    y = rng.uniform(ymin, ymax, m)
    u = rng.random(m)
    keep = np.ones(m, dtype=bool)
    if fresh is not None and peak > 1.0:
        n = fresh.shape[0]
        i = np.clip(np.rint((y - ymin) / cell_m), 0, n - 1).astype(np.intp)
        j = np.clip(np.rint((x - xmin) / cell_m), 0, n - 1).astype(np.intp)
        inten = 1.0 + (ejecta_multiplier - 1.0) * np.clip(fresh[i, j], 0.0, 1.0)
        keep = u < inten / peak
    x, y = x[keep], y[keep]
    k = x.size
    lo, hi = d_min**-b, d_max**-b
    d = (lo - rng.random(k) * (lo - hi)) ** (-1.0 / b)
    variant = rng.integers(0, max(variants, 1), k)
    yaw = rng.uniform(0.0, 360.0, k)
    tilt = np.abs(rng.normal(0.0, 12.0, k)).clip(0.0, 35.0)
    cat = BoulderCatalogue(x, y, d, variant, yaw, tilt)
    if k > max_count:
        cat = cat.subset(np.argsort(-cat.diameter, kind="stable")[:max_count])
    return cat, k


def boulder_z(terrain: Terrain, sink: float = 0.15) -> np.ndarray:
    """Base heights (m) for ``terrain.boulders``: the lowest ground under the rock (centre and
    four points at 0.4 D) minus ``sink · D``, so rocks sit embedded, not floating, on slopes.

    Returns:
        (N,) float64, one per boulder of ``terrain.boulders`` (empty without boulders).
    """
    cat = terrain.boulders
    if cat is None or len(cat) == 0:
        return np.zeros(0)
    r = 0.4 * cat.diameter
    xs = cat.x[:, None] + r[:, None] * np.array([0.0, 1.0, -1.0, 0.0, 0.0])[None, :]
    ys = cat.y[:, None] + r[:, None] * np.array([0.0, 0.0, 0.0, 1.0, -1.0])[None, :]
    z = np.asarray(terrain.height_at(xs, ys)).min(axis=1)
    return z - sink * cat.diameter
