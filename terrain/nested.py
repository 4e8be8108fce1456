"""Two scales in one terrain: a fine *near* grid nested in a coarse *far* grid.

Geometry. The far grid is snapped to the near one so that every ``r``-th near sample is a far
sample: ``far.cell_m = r · near.cell_m`` with ``r`` an integer dividing ``near.size_px − 1``,
and the near grid's corner sits on a far node, ``k`` far cells in from the far corner. So the
near border runs along far grid lines and the near border samples that fall on far nodes
*are* far samples — the meshes of the two grids can share those vertices (no cracks).

Seam. Near and far are generated from the same crater catalogue and the same base relief (the
near relief is the far relief interpolated plus finer detail), then the near heights are
blended over a border band into the far heights bilinearly interpolated at the near samples
(:func:`blend_border`). On the border itself the near field *equals* the far field's bilinear
surface, which is what the far mesh shows along that edge.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.ndimage import map_coordinates

__all__ = ["FarGeometry", "far_geometry", "upsample", "blend_border", "border_weight"]


@dataclass(frozen=True)
class FarGeometry:
    """How the far grid sits around the near one.

    Attributes:
        size_px: far samples per edge.
        cell_m: far spacing = ratio * near cell.
        origin: world (x, y) of far sample (0, 0).
        ratio: r, far cell / near cell (integer dividing near size_px − 1).
        offset: k, far index (row and column) of the near grid's sample (0, 0).
    """

    size_px: int
    cell_m: float
    origin: tuple[float, float]
    ratio: int
    offset: int

    @property
    def size_m(self) -> float:
        return self.cell_m * (self.size_px - 1)


def _best_ratio(n_near: int, want: float) -> int:
    """The divisor of ``n_near − 1`` nearest (in log) to ``want`` (>= 2)."""
    m = n_near - 1
    divs = np.array([d for d in range(2, m + 1) if m % d == 0], dtype=float)
    if divs.size == 0:
        raise ValueError(f"terrain.size_px: {n_near} − 1 has no divisor >= 2 for the far grid")
    return int(divs[np.argmin(np.abs(np.log(divs / max(want, 2.0))))])


def far_geometry(
    near_size_px: int,
    near_cell_m: float,
    near_origin: tuple[float, float],
    far_size_m: float,
    far_size_px: int,
) -> FarGeometry:
    """Snap the requested far grid (``far_size_m`` edge, ``far_size_px`` samples) around the
    near grid. The far cell becomes the nearest integer multiple ``r`` of the near cell with
    ``r | (near_size_px − 1)``; the far edge is rounded up to whole far cells on each side of
    the near grid (so it is >= the requested size, and >= the near size)."""
    want = (far_size_m / (far_size_px - 1)) / near_cell_m
    r = _best_ratio(near_size_px, want)
    cell = r * near_cell_m
    near_cells = (near_size_px - 1) // r  # far cells across the near grid
    near_size = near_cell_m * (near_size_px - 1)
    k = max(int(np.ceil(0.5 * (far_size_m - near_size) / cell - 1e-9)), 1)
    n = near_cells + 2 * k + 1
    origin = (float(near_origin[0]) - k * cell, float(near_origin[1]) - k * cell)
    return FarGeometry(int(n), float(cell), origin, int(r), int(k))


def upsample(far_field: np.ndarray, geo: FarGeometry, n_near: int, order: int = 1) -> np.ndarray:
    """Interpolate a far-grid field at every near sample.

    Args:
        far_field: (nf, nf) far values.
        geo: the far geometry.
        n_near: near samples per edge.
        order: 1 bilinear (exact at far nodes, equal to the far mesh along grid lines),
            3 cubic spline (smooth, for base relief).

    Returns:
        (n_near, n_near) float64.
    """
    f = np.arange(n_near, dtype=np.float64) / geo.ratio + geo.offset  # far index of near i
    if order == 1:
        i0 = np.minimum(np.floor(f).astype(np.intp), far_field.shape[0] - 2)
        t = f - i0
        t[np.arange(n_near) % geo.ratio == 0] = 0.0  # exact on far nodes
        a = far_field[np.ix_(i0, i0)]
        b = far_field[np.ix_(i0, i0 + 1)]
        c = far_field[np.ix_(i0 + 1, i0)]
        d = far_field[np.ix_(i0 + 1, i0 + 1)]
        ti = t[:, None]
        tj = t[None, :]
        return a * ((1 - ti) * (1 - tj)) + b * ((1 - ti) * tj) + c * (ti * (1 - tj)) + d * (ti * tj)
    lo = geo.offset - 2
    hi = geo.offset + (n_near - 1) // geo.ratio + 3
    sub = np.asarray(far_field[lo:hi, lo:hi], dtype=np.float64)
    g = f - lo
    gi, gj = np.meshgrid(g, g, indexing="ij")
    return map_coordinates(sub, [gi, gj], order=order, mode="nearest")


def border_weight(n: int, band_px: int) -> np.ndarray:
    """(n, n) float64 weight: 0 on the border, smoothstep up to 1 at ``band_px`` samples
    inside."""
    i = np.arange(n, dtype=np.float64)
    d = np.minimum(i, n - 1 - i)
    t = np.clip(d / max(band_px, 1), 0.0, 1.0)
    s = t * t * (3.0 - 2.0 * t)
    return np.minimum(s[:, None], s[None, :])


def blend_border(near: np.ndarray, far_up: np.ndarray, band_px: int) -> np.ndarray:
    """``near`` blended into ``far_up`` (the far field upsampled, (n, n) like it) over a
    border band, in place.

    Returns:
        ``near`` (n, n): equal to ``far_up`` on the border, untouched ``band_px`` inside it.
    """
    w = border_weight(near.shape[0], band_px)
    near += (1.0 - w) * (far_up - near)
    return near
