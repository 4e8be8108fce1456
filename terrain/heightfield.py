"""The :class:`Terrain` heightfield: a square grid of heights with its crater catalogue.

Coordinates are world metres, x east, y north, z up. ``heights[i, j]`` is at
``x = x0 + j * cell_m``, ``y = y0 + i * cell_m`` with ``(x0, y0) = origin``.
"""

from __future__ import annotations

import copy as _copy
from dataclasses import dataclass, field

import numpy as np

from .craters import CraterCatalogue

__all__ = ["Terrain"]


@dataclass
class Terrain:
    """A square heightfield.

    Attributes:
        heights: (n, n) float64 heights (m).
        cell_m: sample spacing (m); ``size_m = cell_m * (n - 1)``.
        origin: (x0, y0) world position of ``heights[0, 0]``.
        craters: the crater catalogue (degraded depth/rim as stamped).
        hero: dict with keys x, y, diameter, rim_height, floor_height (world m / heights).
        albedo: (n, n) float32 normal albedo 0..1.
        seed: the seed it was generated from.
    """

    heights: np.ndarray
    cell_m: float
    origin: tuple[float, float]
    craters: CraterCatalogue = field(default_factory=CraterCatalogue)
    hero: dict = field(default_factory=dict)
    albedo: np.ndarray | None = None
    seed: int = 0

    def __post_init__(self) -> None:
        self.heights = np.asarray(self.heights, dtype=np.float64)
        if self.heights.ndim != 2 or self.heights.shape[0] != self.heights.shape[1]:
            raise ValueError("heights must be a square (n, n) array")
        self.cell_m = float(self.cell_m)
        self.origin = (float(self.origin[0]), float(self.origin[1]))
        if self.albedo is None:
            self.albedo = np.full(self.heights.shape, 0.12, dtype=np.float32)

    # ------------------------------------------------------------------ geometry
    @property
    def size_px(self) -> int:
        """Samples per edge, n."""
        return int(self.heights.shape[0])

    @property
    def size_m(self) -> float:
        """Edge length (m) = cell_m * (n - 1)."""
        return self.cell_m * (self.size_px - 1)

    @property
    def extent(self) -> tuple[float, float, float, float]:
        """(xmin, ymin, xmax, ymax) world metres."""
        x0, y0 = self.origin
        return (x0, y0, x0 + self.size_m, y0 + self.size_m)

    def copy(self) -> Terrain:
        """A deep copy (heights, albedo and catalogue are copied)."""
        return _copy.deepcopy(self)

    def xy_grid(self) -> tuple[np.ndarray, np.ndarray]:
        """World coordinates of every sample: (X, Y), each (n, n) float64."""
        n = self.size_px
        x0, y0 = self.origin
        ax = np.arange(n, dtype=np.float64) * self.cell_m
        return np.meshgrid(x0 + ax, y0 + ax, indexing="xy")

    def world_to_index(self, x, y) -> tuple[np.ndarray, np.ndarray]:
        """Fractional (row, col) indices of world points (not clamped)."""
        x0, y0 = self.origin
        return (np.asarray(y, float) - y0) / self.cell_m, (np.asarray(x, float) - x0) / self.cell_m

    def contains(self, x, y, margin: float = 0.0):
        """True where (x, y) lies inside the grid shrunk by ``margin`` metres."""
        xmin, ymin, xmax, ymax = self.extent
        x = np.asarray(x, float)
        y = np.asarray(y, float)
        res = (x >= xmin + margin) & (x <= xmax - margin) & (y >= ymin + margin)
        res &= y <= ymax - margin
        return bool(res) if res.ndim == 0 else res

    # ------------------------------------------------------------------ sampling
    def _bilinear(self, field_: np.ndarray, x, y):
        n = self.size_px
        fi, fj = self.world_to_index(x, y)
        fi = np.clip(fi, 0.0, n - 1.0)
        fj = np.clip(fj, 0.0, n - 1.0)
        # snap to nodes within round-off so grid nodes are reproduced exactly
        ri, rj = np.rint(fi), np.rint(fj)
        fi = np.where(np.abs(fi - ri) < 1e-9, ri, fi)
        fj = np.where(np.abs(fj - rj) < 1e-9, rj, fj)
        i0 = np.minimum(np.floor(fi).astype(np.intp), n - 2)
        j0 = np.minimum(np.floor(fj).astype(np.intp), n - 2)
        ti = fi - i0
        tj = fj - j0
        if field_.ndim == 3:
            ti = ti[..., None]
            tj = tj[..., None]
        # weighted form: exact when ti, tj are 0 or 1
        return (
            field_[i0, j0] * ((1.0 - ti) * (1.0 - tj))
            + field_[i0, j0 + 1] * ((1.0 - ti) * tj)
            + field_[i0 + 1, j0] * (ti * (1.0 - tj))
            + field_[i0 + 1, j0 + 1] * (ti * tj)
        )

    def height_at(self, x, y):
        """Bilinear height (m) at world (x, y); scalars or broadcastable arrays.

        Points outside the grid are clamped to the edge. Exact at grid nodes.
        """
        res = self._bilinear(self.heights, x, y)
        return float(res) if np.ndim(res) == 0 else res

    def gradient(self) -> tuple[np.ndarray, np.ndarray]:
        """(dz/dx, dz/dy), each (n, n), by central differences (one-sided at the edges)."""
        dzdy, dzdx = np.gradient(self.heights, self.cell_m)
        return dzdx, dzdy

    def normals(self) -> np.ndarray:
        """Unit surface normals, (n, n, 3) float64 (x, y, z components; z > 0)."""
        dzdx, dzdy = self.gradient()
        nrm = np.stack([-dzdx, -dzdy, np.ones_like(dzdx)], axis=-1)
        nrm /= np.linalg.norm(nrm, axis=-1, keepdims=True)
        return nrm

    def slope_deg_at(self, x, y):
        """Slope (degrees from horizontal) at world (x, y): bilinear of the grid gradient."""
        dzdx, dzdy = self.gradient()
        g = np.stack([dzdx, dzdy], axis=-1)
        gi = self._bilinear(g, x, y)
        res = np.degrees(np.arctan(np.hypot(gi[..., 0], gi[..., 1])))
        return float(res) if np.ndim(res) == 0 else res
