"""Triangulate a heightfield as a regular grid mesh."""

from __future__ import annotations

import numpy as np

from .heightfield import Terrain

__all__ = ["terrain_mesh", "grid_indices"]


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


def terrain_mesh(terrain: Terrain, max_px: int | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Grid triangulation of ``terrain``.

    Args:
        terrain: the heightfield.
        max_px: optional maximum samples per edge (every k-th sample, edges kept).

    Returns:
        vertices (N, 3) float64 world xyz (row-major over the kept samples, N = m²) and
        faces (M, 3) int64, two triangles per grid quad, counter-clockwise seen from above
        (face normals have +z).
    """
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
