"""Far levels of detail by vertex clustering: a tile's cheap mesh with every vertex snapped
into a cubic cell, faces that collapse dropped.

Beyond a couple of kilometres a structure's triangles are sub-pixel: a cell of ``c`` metres
seen from ``d`` metres spans ``c * focal / d`` pixels, so clustering at a cell under a pixel
there changes the picture by less than a pixel while cutting the triangles drawn by half to
four fifths (thin trusses, pipes and cables collapse; walls, tanks and hulls stay). Faces
keep their own colours (the kept faces are a subset), so shading needs no recomputation.

The cell grid is aligned to world coordinates and each cell's vertex is the mean of the
vertices that fall in it, so the result is a pure function of the input mesh and the cell
(same frame on every worker) and shapes keep their silhouette within half a cell.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

# (distance m, cluster cell m) of the far levels at quality lod 1.0 (the renderer scales the
# distances by its quality's ``lod``): a 2 m cell seen from 2 km spans 0.94 px of a 1920x1080
# frame at a 60 degree field of view, a 4 m one from 4 km the same
FAR_LEVELS = ((2000.0, 2.0), (4000.0, 4.0))


@dataclass(frozen=True)
class FarLevel:
    """The cheap (detail 0) structures vertex-clustered at ``cell`` m, per (layer, material)
    like ``Baked.merged_lod0``: ``merged`` {key: ((V, 3), (F, 3))}, ``face_info`` {key:
    (F, 3) rows (tile ix, tile iy, radius)} and ``source`` {key: (F,) int indices of the
    detail-0 faces they are}, so they take those faces' colours."""

    cell: float
    merged: dict
    face_info: Mapping
    source: dict


def far_level(merged: dict, face_info: Mapping, cell: float) -> FarLevel:
    """``merged`` / ``face_info`` (``merge.merged_by_material``) clustered at ``cell`` m.
    Each key is clustered as a whole on the world grid (instances of one tile or of two
    neighbouring ones may share a cell: their faces then share its vertex)."""
    out, info, src = {}, {}, {}
    for key, (v, f) in merged.items():
        cv, cf, keep = cluster_vertices(v, f, cell)
        idx = np.flatnonzero(keep)
        out[key], info[key], src[key] = (cv, cf), np.asarray(face_info[key])[idx], idx
    return FarLevel(cell, out, info, src)


def cluster_vertices(
    v: np.ndarray, f: np.ndarray, cell: float
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Vertex-cluster the mesh ``v`` (V, 3) float, ``f`` (F, 3) int at ``cell`` metres.

    Returns (V' (K, 3) float64, F' (L, 3) int64, keep (F,) bool): the clustered mesh, whose
    faces are ``f[keep]`` re-indexed in their original order, and which faces of ``f``
    survived (a face collapses when two of its corners share a cell). Exact duplicates of
    a kept face (same cells, same winding) are dropped too."""
    v = np.asarray(v, dtype=np.float64)
    f = np.asarray(f, dtype=np.int64)
    if len(f) == 0:
        return np.zeros((0, 3)), np.zeros((0, 3), np.int64), np.zeros(0, bool)
    if cell <= 0:
        raise ValueError(f"cell must be > 0 m, got {cell}")
    q = np.floor(v / cell).astype(np.int64)
    q -= q.min(axis=0)
    span = q.max(axis=0) + 1
    code = (q[:, 0] * span[1] + q[:, 1]) * span[2] + q[:, 2]
    cells, of_vertex = np.unique(code, return_inverse=True)
    of_vertex = of_vertex.ravel()
    g = of_vertex[f]
    keep = (g[:, 0] != g[:, 1]) & (g[:, 1] != g[:, 2]) & (g[:, 0] != g[:, 2])
    kept = np.flatnonzero(keep)
    if len(kept):
        # a face and its twin (same three cells in the same cyclic order) draw the same
        # pixels: keep the first. Rotate each row so its smallest cell comes first.
        rows = g[kept]
        roll = np.argmin(rows, axis=1)
        idx = (roll[:, None] + np.arange(3)) % 3
        canon = np.take_along_axis(rows, idx, axis=1)
        k = np.int64(len(cells))
        if k < 2_000_000:  # one int64 per row (k**3 < 2**63): a flat unique, not by rows
            flat = (canon[:, 0] * k + canon[:, 1]) * k + canon[:, 2]
            _, first = np.unique(flat, return_index=True)
        else:
            _, first = np.unique(canon, axis=0, return_index=True)
        keep[:] = False
        keep[kept[np.sort(first)]] = True
    g = g[keep]
    used, slot = np.unique(g, return_inverse=True)
    counts = np.bincount(of_vertex, minlength=len(cells)).astype(np.float64)
    means = np.stack(
        [np.bincount(of_vertex, weights=v[:, k], minlength=len(cells)) for k in range(3)],
        axis=1,
    )
    means /= counts[:, None]
    return means[used], slot.reshape(-1, 3).astype(np.int64), keep
