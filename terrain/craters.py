"""Crater catalogue and crater population sampling.

Size–frequency: cumulative ``N(>D) = a · D^-b`` craters per m² (D in m), capped at the Trask
equilibrium ``N_eq(>D) = 10^-1.1 · D^-2``: the field never holds more craters than equilibrium
gives at ``d_min``. Diameters are drawn by inverse-transform sampling of the power law truncated
to [d_min, d_max]; positions are uniform; ages uniform in [0, max_age].

The crater shape (:func:`crater_profile`) and stamping (:func:`stamp`) live in
``morphology.py`` and ``stamping.py`` and are re-exported here.
"""

from __future__ import annotations

import csv
import io
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from .morphology import crater_profile, depth_ratio, rim_height_m
from .stamping import Crater, stamp

if TYPE_CHECKING:
    import numpy.typing as npt

__all__ = [
    "CraterCatalogue",
    "Crater",
    "sample_population",
    "expected_count",
    "crater_profile",
    "depth_ratio",
    "rim_height_m",
    "stamp",
    "EQUILIBRIUM_A",
]

EQUILIBRIUM_A = 10.0**-1.1  # Trask equilibrium coefficient, N_eq(>D) = A D^-2 per m²

CSV_HEADER = ("x_m", "y_m", "diameter_m", "depth_m", "rim_height_m", "age_myr", "hero")


def _f64(a: npt.ArrayLike = ()) -> np.ndarray:
    """``a`` as float64, e.g. (N,) from a list of N numbers; () gives an empty (0,)."""
    return np.asarray(a, dtype=np.float64)


@dataclass
class CraterCatalogue:
    """Equal-length (N,) arrays describing a crater field (world metres, Myr).

    ``depth`` (rim crest to floor) and ``rim_height`` (above the pre-impact surface) are the
    *degraded* values actually stamped (after ageing), not the fresh laws.
    """

    x: np.ndarray = field(default_factory=_f64)
    y: np.ndarray = field(default_factory=_f64)
    diameter: np.ndarray = field(default_factory=_f64)
    depth: np.ndarray = field(default_factory=_f64)
    rim_height: np.ndarray = field(default_factory=_f64)
    age_myr: np.ndarray = field(default_factory=_f64)
    is_hero: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=bool))

    def __post_init__(self) -> None:
        for name in ("x", "y", "diameter", "depth", "rim_height", "age_myr"):
            setattr(self, name, _f64(getattr(self, name)))
        self.is_hero = np.asarray(self.is_hero, dtype=bool)
        n = self.x.shape[0]
        for name in ("y", "diameter", "depth", "rim_height", "age_myr", "is_hero"):
            if getattr(self, name).shape != (n,):
                raise ValueError(f"CraterCatalogue.{name} must have shape ({n},)")

    def __len__(self) -> int:
        return int(self.x.shape[0])

    def subset(self, index: np.ndarray | slice) -> CraterCatalogue:
        """A new catalogue with the rows selected by ``index`` ((N,) bool mask, slice or (M,)
        int indices)."""
        return CraterCatalogue(
            self.x[index],
            self.y[index],
            self.diameter[index],
            self.depth[index],
            self.rim_height[index],
            self.age_myr[index],
            self.is_hero[index],
        )

    def append(self, other: CraterCatalogue) -> CraterCatalogue:
        """A new catalogue with ``other``'s rows after this one's."""
        return CraterCatalogue(
            *(
                np.concatenate([getattr(self, k), getattr(other, k)])
                for k in ("x", "y", "diameter", "depth", "rim_height", "age_myr", "is_hero")
            )
        )

    def row(self, i: int) -> Crater:
        """Crater ``i`` as a :class:`Crater` (no rim harmonics)."""
        return Crater(
            float(self.x[i]), float(self.y[i]), float(self.diameter[i]), float(self.age_myr[i])
        )

    def to_csv_text(self) -> str:
        """The CSV text (header ``x_m,y_m,diameter_m,depth_m,rim_height_m,age_myr,hero``)."""
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\n")
        w.writerow(CSV_HEADER)
        for i in range(len(self)):
            w.writerow(
                (
                    f"{self.x[i]:.3f}",
                    f"{self.y[i]:.3f}",
                    f"{self.diameter[i]:.3f}",
                    f"{self.depth[i]:.4f}",
                    f"{self.rim_height[i]:.4f}",
                    f"{self.age_myr[i]:.3f}",
                    int(self.is_hero[i]),
                )
            )
        return buf.getvalue()

    def to_csv(self, path: str | os.PathLike) -> Path:
        """Write the catalogue as CSV to ``path``; returns the path."""
        path = Path(path)
        path.write_text(self.to_csv_text(), encoding="utf-8")
        return path

    @classmethod
    def from_csv(cls, path: str | os.PathLike) -> CraterCatalogue:
        """Read a catalogue written by :meth:`to_csv`."""
        with open(path, encoding="utf-8", newline="") as fh:
            rows = list(csv.DictReader(fh))
        col = {k: [r[k] for r in rows] for k in CSV_HEADER}
        return cls(
            _f64([float(v) for v in col["x_m"]]),
            _f64([float(v) for v in col["y_m"]]),
            _f64([float(v) for v in col["diameter_m"]]),
            _f64([float(v) for v in col["depth_m"]]),
            _f64([float(v) for v in col["rim_height_m"]]),
            _f64([float(v) for v in col["age_myr"]]),
            np.array([v == "1" for v in col["hero"]], dtype=bool),
        )


def expected_count(a: float, b: float, d_min: float, d_max: float, area_m2: float) -> float:
    """Expected number of craters with d_min <= D <= d_max on ``area_m2``, equilibrium-capped.

    The cap: the density at ``d_min`` never exceeds ``N_eq(>d_min) = 10^-1.1 d_min^-2``; the
    truncated power law keeps its shape (``N(>D) ∝ D^-b``) below the cap.
    """
    n_min = min(a * d_min**-b, EQUILIBRIUM_A * d_min**-2.0)
    frac = 1.0 - (d_max / d_min) ** -b if d_max > d_min else 0.0
    return n_min * frac * area_m2


def sample_population(
    a: float,
    b: float,
    d_min: float,
    d_max: float,
    area_m2: float,
    rng: np.random.Generator,
    max_count: int,
    max_age_myr: float = 3800.0,
    extent: tuple[float, float, float, float] | None = None,
) -> CraterCatalogue:
    """Sample a crater population.

    Args:
        a, b: cumulative SFD ``N(>D) = a D^-b`` per m² (D in m).
        d_min, d_max: diameter range (m).
        area_m2: area the population covers.
        rng: random generator (the count is Poisson-drawn from it).
        max_count: hard cap on the number of craters.
        max_age_myr: ages are uniform in [0, max_age_myr].
        extent: (xmin, ymin, xmax, ymax) for the uniform positions; default a square of
            ``area_m2`` centred on the origin.

    Returns:
        a :class:`CraterCatalogue` with depth/rim set to the fresh laws and no hero.
    """
    lam = expected_count(a, b, d_min, d_max, area_m2)
    count = int(min(rng.poisson(lam) if lam > 0 else 0, max_count))
    if extent is None:
        half = 0.5 * np.sqrt(area_m2)
        extent = (-half, -half, half, half)
    xmin, ymin, xmax, ymax = extent
    u = rng.random(count)
    lo, hi = d_min**-b, d_max**-b
    diam = (lo - u * (lo - hi)) ** (-1.0 / b)
    x = rng.uniform(xmin, xmax, count)
    y = rng.uniform(ymin, ymax, count)
    age = rng.uniform(0.0, max_age_myr, count)
    return CraterCatalogue(
        x,
        y,
        diam,
        depth_ratio(diam) * diam,
        rim_height_m(diam),
        age,
        np.zeros(count, dtype=bool),
    )
