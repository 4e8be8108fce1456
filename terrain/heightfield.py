"""The :class:`Terrain` heightfield: a square grid of heights with its crater catalogue.

Coordinates are world metres, x east, y north, z up. ``heights[i, j]`` is at
``x = x0 + j * cell_m``, ``y = y0 + i * cell_m`` with ``(x0, y0) = origin``.
"""

from __future__ import annotations

import copy as _copy
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

from .craters import CraterCatalogue

if TYPE_CHECKING:
    from collections.abc import Callable

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
        far: optional coarse :class:`Terrain` around this one (see ``nested.py``): its grid
            is snapped so every ``r``-th near sample is a far sample, and this (near) grid is
            blended into it at the border. ``height_at``, ``slope_deg_at``, ``normals_at``,
            ``albedo_at`` and ``sample_at`` use the near grid inside its extent and the far
            grid outside. The layout edits only the near grid.
        boulders: optional ``BoulderCatalogue`` (near grid only).
        fresh: optional (n, n) float32 ejecta freshness 0..1 (drives albedo and boulders).
        params: generation parameters the report needs (crater law a, b, d_min, d_max).
    """

    heights: np.ndarray
    cell_m: float
    origin: tuple[float, float]
    craters: CraterCatalogue = field(default_factory=CraterCatalogue)
    hero: dict = field(default_factory=dict)
    albedo: np.ndarray | None = None
    seed: int = 0
    far: Terrain | None = None
    boulders: object = None
    fresh: np.ndarray | None = None
    params: dict = field(default_factory=dict)

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

    @property
    def full_extent(self) -> tuple[float, float, float, float]:
        """(xmin, ymin, xmax, ymax) of the far grid if there is one, else of this grid."""
        return self.far.extent if self.far is not None else self.extent

    @property
    def far_ratio(self) -> int:
        """far.cell_m / cell_m (an integer), 0 without a far grid."""
        return 0 if self.far is None else int(round(self.far.cell_m / self.cell_m))

    @property
    def far_offset(self) -> int:
        """Far row/column index of near sample (0, 0); 0 without a far grid."""
        if self.far is None:
            return 0
        return int(round((self.origin[0] - self.far.origin[0]) / self.far.cell_m))

    def copy(self) -> Terrain:
        """A deep copy (heights, albedo and catalogue are copied)."""
        return _copy.deepcopy(self)

    def xy_grid(self) -> tuple[np.ndarray, np.ndarray]:
        """World coordinates of every sample: (X, Y), each (n, n) float64."""
        n = self.size_px
        x0, y0 = self.origin
        ax = np.arange(n, dtype=np.float64) * self.cell_m
        return np.meshgrid(x0 + ax, y0 + ax, indexing="xy")

    def world_to_index(
        self, x: float | np.ndarray, y: float | np.ndarray
    ) -> tuple[np.ndarray, np.ndarray]:
        """Fractional (row, col) indices of world points (not clamped): float64 of the
        broadcast shape of ``x`` and ``y`` (e.g. (N,) or (h, w))."""
        x0, y0 = self.origin
        return (np.asarray(y, float) - y0) / self.cell_m, (np.asarray(x, float) - x0) / self.cell_m

    def contains(
        self, x: float | np.ndarray, y: float | np.ndarray, margin: float = 0.0, far: bool = False
    ) -> bool | np.ndarray:
        """True where (x, y) lies inside the (near, editable) grid shrunk by ``margin`` metres;
        with ``far=True`` inside the far grid's extent instead (if there is one). A bool for
        scalars, else a bool array of the broadcast shape (e.g. (N,) or (h, w))."""
        xmin, ymin, xmax, ymax = self.full_extent if far else self.extent
        x = np.asarray(x, float)
        y = np.asarray(y, float)
        res = (x >= xmin + margin) & (x <= xmax - margin) & (y >= ymin + margin)
        res &= y <= ymax - margin
        return bool(res) if res.ndim == 0 else res

    # ------------------------------------------------------------------ sampling
    def _bilinear(self, field_: np.ndarray, x: np.ndarray, y: np.ndarray) -> np.ndarray:
        """Bilinear sample of ``field_`` ((n, n) or (n, n, k) on this grid) at world points,
        clamped to the grid: the broadcast shape of ``x``, ``y`` (+ (k,))."""
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

    def _near_mask(self, x: np.ndarray, y: np.ndarray) -> bool | np.ndarray | None:
        """True where (x, y) is inside the near grid (bool array of their shape, e.g. (N,));
        None without a far grid (everything is near)."""
        if self.far is None:
            return None
        return self.contains(x, y)

    def _two_scale(
        self,
        near_fn: Callable[[np.ndarray, np.ndarray], np.ndarray],
        far_fn: Callable[[np.ndarray, np.ndarray], np.ndarray] | None,
        x: float | np.ndarray,
        y: float | np.ndarray,
    ) -> np.ndarray:
        """Evaluate ``near_fn`` inside the near grid and ``far_fn`` outside it.

        ``x``, ``y`` are broadcast to float64 arrays of one shape S; each function maps them
        to S or S + (k,), and so does the result (e.g. (N,) → (N,) or (N, k))."""
        x, y = np.broadcast_arrays(np.asarray(x, float), np.asarray(y, float))
        inside = self._near_mask(x, y)
        if inside is None or np.all(inside):
            return near_fn(x, y)
        if not np.any(inside):
            return far_fn(x, y)
        a = near_fn(x, y)
        b = far_fn(x, y)
        if a.ndim > inside.ndim:
            inside = inside[..., None]
        return np.where(inside, a, b)

    def height_at(self, x: float | np.ndarray, y: float | np.ndarray) -> float | np.ndarray:
        """Bilinear height (m) at world (x, y); scalars or broadcastable arrays (e.g. (N,)
        vertex columns, (h, w) grids), giving a float or float64 of the broadcast shape.

        Inside the near grid: the near grid (exact at its nodes); outside it: the far grid if
        there is one. Points outside every grid are clamped to the edge.
        """
        far = self.far
        res = self._two_scale(
            lambda a, b: self._bilinear(self.heights, a, b),
            (lambda a, b: far._bilinear(far.heights, a, b)) if far is not None else None,
            x,
            y,
        )
        return float(res) if np.ndim(res) == 0 else res

    def _nearest(self, field_: np.ndarray, x: np.ndarray, y: np.ndarray) -> np.ndarray:
        """Nearest sample of ``field_`` ((n, n) or (n, n, k) on this grid, any dtype) at world
        points, clamped to the grid: the broadcast shape of ``x``, ``y`` (+ (k,))."""
        fi, fj = self.world_to_index(x, y)
        n = self.size_px
        i = np.clip(np.rint(fi), 0, n - 1).astype(np.intp)
        j = np.clip(np.rint(fj), 0, n - 1).astype(np.intp)
        return field_[i, j]

    def sample_at(
        self,
        x: float | np.ndarray,
        y: float | np.ndarray,
        near_values: np.ndarray,
        far_values: np.ndarray | None = None,
        nearest: bool = True,
    ) -> np.ndarray:
        """Sample per-grid-sample data at world points, near grid inside it, far outside.

        Args:
            x, y: world coordinates (broadcastable arrays, e.g. mesh vertices' columns).
            near_values: (n, n) or (n, n, k) values on this grid.
            far_values: (nf, nf) or (nf, nf, k) values on the far grid (required when a far
                grid exists and some points lie outside the near grid).
            nearest: nearest-sample lookup (exact for mesh vertices, which lie on samples);
                False for bilinear.

        Returns:
            values of shape ``x.shape`` (+ (k,)).
        """
        far = self.far

        def near_fn(a: np.ndarray, b: np.ndarray) -> np.ndarray:
            """Near-grid values at points ``a``, ``b``, e.g. (N,) → (N,) or (N, k)."""
            if nearest:
                return self._nearest(np.asarray(near_values), a, b)
            return self._bilinear(np.asarray(near_values, float), a, b)

        far_fn = None
        if far is not None and far_values is not None:

            def far_fn(a: np.ndarray, b: np.ndarray) -> np.ndarray:
                """Far-grid values at points ``a``, ``b``, e.g. (N,) → (N,) or (N, k)."""
                if nearest:
                    return far._nearest(np.asarray(far_values), a, b)
                return far._bilinear(np.asarray(far_values, float), a, b)

        if far is not None and far_values is None and not np.all(self.contains(x, y)):
            raise ValueError("sample_at: far_values needed for points outside the near grid")
        return self._two_scale(near_fn, far_fn, x, y)

    def albedo_at(self, x: float | np.ndarray, y: float | np.ndarray) -> np.ndarray:
        """Nearest-sample albedo at world points (near grid inside it, far outside): float64
        of the broadcast shape of ``x``, ``y`` (e.g. (N,) for (N,) vertex columns)."""
        fa = self.far.albedo if self.far is not None else None
        return np.asarray(self.sample_at(x, y, self.albedo, fa), dtype=np.float64)

    def normals_at(self, x: float | np.ndarray, y: float | np.ndarray) -> np.ndarray:
        """Unit normals at world points from the grid gradient (near inside, far outside),
        bilinear; use for smooth mesh vertex normals. (N, 3) float64 for (N,) points (in
        general the broadcast shape of ``x``, ``y`` + (3,))."""
        fn = self.far.normals() if self.far is not None else None
        nrm = np.asarray(self.sample_at(x, y, self.normals(), fn, nearest=False))
        return nrm / np.linalg.norm(nrm, axis=-1, keepdims=True)

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

    def slope_deg_at(self, x: float | np.ndarray, y: float | np.ndarray) -> float | np.ndarray:
        """Slope (degrees from horizontal) at world (x, y): bilinear of the grid gradient; a
        float for scalars, else float64 of the broadcast shape (e.g. (N,))."""

        def grad(t: Terrain) -> Callable[[np.ndarray, np.ndarray], np.ndarray]:
            """Bilinear (dz/dx, dz/dy) of ``t`` at points: shape S → S + (2,), e.g. (N, 2)."""
            gx, gy = t.gradient()
            return lambda a, b: t._bilinear(np.stack([gx, gy], axis=-1), a, b)

        gi = self._two_scale(grad(self), grad(self.far) if self.far is not None else None, x, y)
        res = np.degrees(np.arctan(np.hypot(gi[..., 0], gi[..., 1])))
        return float(res) if np.ndim(res) == 0 else res
