"""Triangulate a heightfield: a regular grid mesh (``max_px``) or an error-bounded TIN of the
near and far grids together (``max_error_m``, see ``tin.py``), with distance-dependent detail
around a ``focus`` point."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from .heightfield import Terrain
from .tin import Piece, triangulate_pieces

if TYPE_CHECKING:
    from collections.abc import Iterator

__all__ = [
    "terrain_mesh",
    "terrain_mesh_lod",
    "grid_indices",
    "mesh_pieces",
    "vertex_normals",
    "split_near_far",
    "submesh",
    "texture_coords",
]


def grid_indices(n: int, max_px: int | None) -> np.ndarray:
    """Sample indices kept per edge: every k-th of ``n`` with the last always kept, so that at
    most ``max_px`` remain. Returns (m,) int64, increasing, starting at 0, ending at n-1."""
    if max_px is None or max_px >= n:
        return np.arange(n, dtype=np.int64)
    if max_px < 2:
        raise ValueError("max_px must be >= 2")
    k = int(np.ceil((n - 1) / (max_px - 1)))
    idx = np.arange(0, n, k, dtype=np.int64)
    if idx[-1] != n - 1:
        idx = np.append(idx, n - 1)
    return idx


def terrain_mesh(
    terrain: Terrain,
    max_px: int | None = None,
    max_error_m: float | None = None,
    far_max_error_m: float | None = None,
    focus: tuple[float, float] | None = None,
    lod_distance_m: float = 1000.0,
    max_lod_factor: float = 16.0,
    tile_px: int = 256,
    cache: dict | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """Triangulate ``terrain``.

    Two modes:

    * ``max_error_m=None`` (legacy): a regular grid mesh of the **near grid only**, every
      k-th sample so that at most ``max_px`` remain per edge.
    * ``max_error_m`` given: an error-bounded TIN (pydelatin) of the near grid **and** the far
      grid's ring around it (if ``terrain.far``), watertight across the seam (``tin.py``).
      Every vertex is a grid sample (near samples inside the near extent, far samples
      outside), so ``terrain.sample_at(v[:, 0], v[:, 1], near, far)`` /
      ``terrain.albedo_at`` give exact per-sample colours. ``max_px`` is ignored.

    Args:
        terrain: the heightfield.
        max_px: legacy grid mode: maximum samples per edge.
        max_error_m: max vertical error (m) of near tiles at the focus.
        far_max_error_m: max error of far tiles (default 4 × ``max_error_m``).
        focus: optional (x, y) world point (the camera); a tile at distance d from it gets
            ``error × clip(d / lod_distance_m, 1, max_lod_factor)``. None: uniform errors.
        lod_distance_m: distance at which the error starts to grow.
        max_lod_factor: cap on the error growth.
        tile_px: tile edge (samples) used to vary the error over a grid.
        cache: optional dict reused between calls (see ``tin.triangulate_pieces``).

    Returns:
        vertices (N, 3) float64 world xyz and faces (M, 3) int64, counter-clockwise seen
        from above (face normals have +z). Grid mode: row-major over the kept samples,
        N = m², two triangles per grid quad; TIN mode: see ``tin.triangulate_pieces``.
    """
    if max_error_m is not None:
        far_err = 4.0 * max_error_m if far_max_error_m is None else far_max_error_m
        pieces = mesh_pieces(
            terrain, max_error_m, far_err, focus, lod_distance_m, max_lod_factor, tile_px
        )
        return triangulate_pieces(pieces, cache)
    idx = grid_indices(terrain.size_px, max_px)
    m = idx.size
    x0, y0 = terrain.origin
    xs = x0 + idx * terrain.cell_m
    ys = y0 + idx * terrain.cell_m
    X, Y = np.meshgrid(xs, ys, indexing="xy")
    Z = terrain.heights[np.ix_(idx, idx)]
    vertices = np.column_stack([X.ravel(), Y.ravel(), Z.ravel()]).astype(np.float64)
    ii, jj = np.meshgrid(np.arange(m - 1), np.arange(m - 1), indexing="ij")
    v00 = (ii * m + jj).ravel()
    v01 = v00 + 1
    v10 = v00 + m
    v11 = v10 + 1
    faces = np.empty((2 * v00.size, 3), dtype=np.int64)
    faces[0::2] = np.column_stack([v00, v01, v11])
    faces[1::2] = np.column_stack([v00, v11, v10])
    return vertices, faces


def terrain_mesh_lod(
    terrain: Terrain,
    camera_xy: tuple[float, float],
    max_error_m: float = 0.25,
    lod_distance_m: float = 500.0,
    max_lod_factor: float = 16.0,
    far_max_error_m: float | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """Distance-dependent TIN for a camera at ``camera_xy``: error ``max_error_m`` within
    ``lod_distance_m`` of it, growing linearly with distance up to ``max_lod_factor`` ×.
    Same return as :func:`terrain_mesh`: vertices (N, 3) float64, faces (M, 3) int64."""
    return terrain_mesh(
        terrain,
        max_error_m=max_error_m,
        far_max_error_m=far_max_error_m,
        focus=camera_xy,
        lod_distance_m=lod_distance_m,
        max_lod_factor=max_lod_factor,
    )


def _tiles(r0: int, r1: int, c0: int, c1: int, tile: int) -> Iterator[tuple[int, int, int, int]]:
    """Split the inclusive sample rectangle into tiles sharing their border samples."""

    def cuts(a: int, b: int) -> list[int]:
        k = max(1, int(np.ceil((b - a) / tile)))
        return [int(v) for v in np.linspace(a, b, k + 1).round()]

    rs, cs = cuts(r0, r1), cuts(c0, c1)
    for i in range(len(rs) - 1):
        for j in range(len(cs) - 1):
            if rs[i + 1] > rs[i] and cs[j + 1] > cs[j]:
                yield rs[i], rs[i + 1], cs[j], cs[j + 1]


def _tile_error(
    g: Terrain,
    r0: int,
    r1: int,
    c0: int,
    c1: int,
    err: float,
    focus: tuple[float, float] | None,
    dist: float,
    cap: float,
) -> float:
    """Error (m) for the tile rows r0..r1, columns c0..c1 of ``g``: ``err`` grown with the
    tile's distance from ``focus`` (``dist`` to ``cap`` ×), on a ladder of sqrt(2) steps."""
    if focus is None:
        return err
    x0, y0 = g.origin
    xa, xb = x0 + c0 * g.cell_m, x0 + c1 * g.cell_m
    ya, yb = y0 + r0 * g.cell_m, y0 + r1 * g.cell_m
    dx = max(xa - focus[0], 0.0, focus[0] - xb)
    dy = max(ya - focus[1], 0.0, focus[1] - yb)
    factor = float(np.clip(np.hypot(dx, dy) / max(dist, 1e-9), 1.0, cap))
    # rounded to a ladder of sqrt(2) steps (within 19 % of the linear ramp), so a tile keeps
    # its error, and its cached triangulation, while the camera moves a little
    return err * 2.0 ** (np.round(2.0 * np.log2(factor)) / 2.0)


def mesh_pieces(
    terrain: Terrain,
    max_error_m: float,
    far_max_error_m: float,
    focus: tuple[float, float] | None = None,
    lod_distance_m: float = 1000.0,
    max_lod_factor: float = 16.0,
    tile_px: int = 256,
) -> list[Piece]:
    """The rectangles to triangulate: near tiles first, then tiles of the far grid's four
    strips around the near grid (bottom, top, left, right)."""
    n = terrain.size_px
    pieces = [
        Piece(
            terrain,
            *t,
            _tile_error(terrain, *t, max_error_m, focus, lod_distance_m, max_lod_factor),
        )
        for t in _tiles(0, n - 1, 0, n - 1, tile_px)
    ]
    far = terrain.far
    if far is None:
        return pieces
    k = terrain.far_offset
    m = (n - 1) // terrain.far_ratio
    nf = far.size_px
    strips = [
        (0, k, 0, nf - 1),
        (k + m, nf - 1, 0, nf - 1),
        (k, k + m, 0, k),
        (k, k + m, k + m, nf - 1),
    ]
    for s in strips:
        for t in _tiles(*s, tile_px):
            pieces.append(
                Piece(
                    far,
                    *t,
                    _tile_error(far, *t, far_max_error_m, focus, lod_distance_m, max_lod_factor),
                )
            )
    return pieces


def vertex_normals(vertices: np.ndarray, faces: np.ndarray) -> np.ndarray:
    """Area-weighted unit vertex normals of a mesh, (N, 3) float64 (z > 0 for a terrain), of
    ``vertices`` (N, 3) and int ``faces`` (M, 3).

    For normals that follow the full-resolution grid instead of the coarser triangles use
    ``terrain.normals_at(vertices[:, 0], vertices[:, 1])``.
    """
    tri = vertices[faces]
    fn = np.cross(tri[:, 1] - tri[:, 0], tri[:, 2] - tri[:, 0])  # length = 2 * area
    out = np.zeros_like(vertices, dtype=np.float64)
    for c in range(3):
        np.add.at(out, faces[:, c], fn)
    nrm = np.linalg.norm(out, axis=1, keepdims=True)
    out = out / np.where(nrm > 0, nrm, 1.0)
    out[nrm[:, 0] == 0] = (0.0, 0.0, 1.0)  # unused or degenerate vertices: still unit length
    return out


def split_near_far(
    terrain: Terrain, vertices: np.ndarray, faces: np.ndarray
) -> list[tuple[Terrain, np.ndarray]]:
    """[(grid, faces (K, 3))] for the near grid and, if any, the far grid: a face of
    ``faces`` (M, 3) on ``vertices`` (N, 3) is near when its centroid lies inside the near
    grid's extent (face indices stay those of ``vertices``)."""
    if terrain.far is None:
        return [(terrain, faces)]
    x0, y0, x1, y1 = terrain.extent
    c = vertices[faces].mean(axis=1)
    near = (c[:, 0] >= x0) & (c[:, 0] <= x1) & (c[:, 1] >= y0) & (c[:, 1] <= y1)
    return [(terrain, faces[near]), (terrain.far, faces[~near])]


def submesh(vertices: np.ndarray, faces: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The vertices (K, 3) of ``vertices`` (N, 3) that ``faces`` (M, 3) use (same dtype) and
    the faces (M, 3) int64 re-indexed to them."""
    used = np.unique(faces)
    remap = np.full(len(vertices), -1, dtype=np.int64)
    remap[used] = np.arange(used.size)
    return vertices[used], remap[faces]


def texture_coords(grid: Terrain, vertices: np.ndarray) -> np.ndarray:
    """(N, 2) float32 texture coordinates of world ``vertices`` (N, 3) on an image of
    ``grid``'s samples (row i = y0 + i * cell): sample (i, j) at its texel's centre,
    u = (j + 0.5) / n, v = (i + 0.5) / n. Row 0 is at v = 0 (VTK's image origin, and the
    first stored row of a glTF image)."""
    x0, y0 = grid.origin
    n = grid.size_px
    u = ((vertices[:, 0] - x0) / grid.cell_m + 0.5) / n
    v = ((vertices[:, 1] - y0) / grid.cell_m + 0.5) / n
    return np.column_stack([u, v]).astype(np.float32)
