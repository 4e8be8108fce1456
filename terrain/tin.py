"""Error-bounded triangulated irregular networks (TIN) of one or two nested grids.

Each rectangular piece of a grid (the near grid cut into tiles, the far grid's ring around
the near grid cut into tiles) is triangulated with **pydelatin** (Delatin: greedy
insertion of the sample with the largest vertical error until every sample is within
``max_error`` of the surface), so flat ground gets few large triangles and crater rims many
small ones. All vertices are grid samples. Pieces are then merged by position (shared border
samples become shared vertices) and the T-junctions where the border samples chosen on the
two sides of a piece edge differ are removed by splitting each border triangle edge at the
other side's vertices (fan from the opposite corner), so the result is watertight: its only
boundary is the outer edge of the whole terrain. Each piece may have its own ``max_error``
(distance-dependent detail).

A fan split moves a triangle's surface by at most the vertical error already present at the
inserted border samples, so near piece edges the error can locally reach about twice the
piece's ``max_error``; away from edges it is bounded by ``max_error``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

__all__ = ["Piece", "triangulate_pieces", "delatin_grid", "stitch_t_junctions"]


@dataclass(frozen=True)
class Piece:
    """A rectangle of grid samples: rows r0..r1, columns c0..c1 (inclusive) of ``grid``
    (a Terrain), triangulated to ``max_error`` (m)."""

    grid: object
    r0: int
    r1: int
    c0: int
    c1: int
    max_error: float


def delatin_grid(z: np.ndarray, max_error: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Delatin triangulation of an (h, w) height array.

    Returns:
        (rows (N,) int64, cols (N,) int64, faces (M, 3) int64) with faces counter-clockwise
        seen from +z in the (col → x, row → y) frame.
    """
    from pydelatin import Delatin  # optional dependency, imported on use

    h, w = z.shape
    d = Delatin(np.ascontiguousarray(z, dtype=np.float64), max_error=float(max_error))
    v = d.vertices
    cols = np.rint(v[:, 0]).astype(np.int64)
    rows = (h - 1) - np.rint(v[:, 1]).astype(np.int64)  # Delatin's y runs the other way
    faces = d.triangles.astype(np.int64)[:, [0, 2, 1]]  # flipping y flips orientation
    return rows, cols, faces


def _edges_on_lines(V: np.ndarray, faces: np.ndarray) -> np.ndarray:
    """(B, 2) int64 boundary edges (a, b) of ``faces`` (M, 3) (used by exactly one face), as
    directed pairs; ``V`` (N, 3) only sizes the edge keys."""
    e = np.concatenate([faces[:, [0, 1]], faces[:, [1, 2]], faces[:, [2, 0]]])
    key = np.sort(e, axis=1)
    _, inv, cnt = np.unique(
        key[:, 0] * (V.shape[0] + 1) + key[:, 1], return_inverse=True, return_counts=True
    )
    return e[cnt[inv] == 1]


def stitch_t_junctions(V: np.ndarray, faces: np.ndarray, tol: float = 1e-6) -> np.ndarray:
    """Split triangle edges that have other boundary vertices lying on them (T-junctions).

    Args:
        V: (N, 3) vertices (already merged by position).
        faces: (M, 3) int64.

    Returns:
        (M', 3) int64 faces with no vertex lying strictly inside a boundary edge.
    """
    for _ in range(4):  # corner triangles may need a second pass
        bnd = _edges_on_lines(V, faces)
        if bnd.size == 0:
            return faces
        bv = np.unique(bnd)
        splits: dict[tuple[int, int], list[int]] = {}
        for axis in (0, 1):  # 0: edge along x (same y); 1: along y (same x)
            splits.update(_edge_splits(V, bnd, bv, axis, tol))
        if not splits:
            return faces
        faces = _split_faces(V, faces, splits)
    return faces


def _edge_splits(
    V: np.ndarray, bnd: np.ndarray, bv: np.ndarray, axis: int, tol: float
) -> dict[tuple[int, int], list[int]]:
    """{(a, b): [vertices strictly inside edge a→b, in order from a]} for the boundary
    edges ``bnd`` ((E, 2) int) that run along ``axis`` (0: x, 1: y); ``bv`` the (B,) boundary
    vertices, ``V`` the (N, 3) vertices."""
    other = 1 - axis
    same = np.abs(V[bnd[:, 0], other] - V[bnd[:, 1], other]) < tol
    eds = bnd[same]
    out: dict[tuple[int, int], list[int]] = {}
    if eds.size == 0:
        return out
    line_key = np.rint(V[:, other] / tol).astype(np.int64)
    order = np.lexsort((V[bv, axis], line_key[bv]))
    sv = bv[order]
    skey = line_key[sv]
    spos = V[sv, axis]
    for a, b in eds:
        lk = line_key[a]
        lo_i = np.searchsorted(skey, lk, "left")
        hi_i = np.searchsorted(skey, lk, "right")
        pa, pb = V[a, axis], V[b, axis]
        lo, hi = min(pa, pb), max(pa, pb)
        seg = spos[lo_i:hi_i]
        j0 = lo_i + np.searchsorted(seg, lo + tol, "left")
        j1 = lo_i + np.searchsorted(seg, hi - tol, "right")
        if j1 > j0:
            mids = sv[j0:j1]
            if pa > pb:
                mids = mids[::-1]
            out[(int(a), int(b))] = [int(m) for m in mids]
    return out


def _split_faces(
    V: np.ndarray, faces: np.ndarray, splits: dict[tuple[int, int], list[int]]
) -> np.ndarray:
    """Rebuild only the faces holding a split edge (the first such edge of a face in this
    pass, any other in the next) as fans; the rest are kept as they are. ``faces`` (M, 3)
    on ``V`` (N, 3) → (M', 3) int64."""
    n1 = V.shape[0] + 1
    split_keys = np.array([a * n1 + b for a, b in splits], dtype=np.int64)
    hit = np.zeros(faces.shape[0], dtype=bool)
    for k in range(3):
        hit |= np.isin(faces[:, k] * n1 + faces[:, (k + 1) % 3], split_keys)
    new: list[list[int]] = []
    for v0, v1, v2 in faces[hit].tolist():
        for a, b, c in ((v0, v1, v2), (v1, v2, v0), (v2, v0, v1)):
            mids = splits.get((a, b))
            if mids:
                chain = [a, *mids, b]
                new.extend([p, q, c] for p, q in zip(chain[:-1], chain[1:], strict=True))
                break
    return np.concatenate([faces[~hit], np.asarray(new, dtype=np.int64).reshape(-1, 3)])


CACHE_PIECES = 400  # triangulations a re-meshing cache keeps (the oldest go first)


def triangulate_pieces(
    pieces: list[Piece], cache: dict | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """Triangulate every piece, merge shared samples, remove T-junctions.

    ``cache`` (optional, owned by the caller): a dict keeping each piece's triangulation by
    (grid, rectangle, max_error), so re-meshing around a moving camera only re-triangulates
    the pieces whose error changed. Only valid while the grids' heights do not change. It
    keeps the latest ``CACHE_PIECES`` triangulations, in 32-bit indices.

    Earlier pieces win where two pieces provide a vertex at the same position (put the near
    grid first: its border equals the far field there anyway).

    Returns:
        vertices (N, 3) float64 world xyz (each on a grid sample) and faces (M, 3) int64,
        counter-clockwise seen from above.
    """
    xs, ys, zs, fs = [], [], [], []
    base = 0
    for p in pieces:
        g = p.grid
        key = (id(g), p.r0, p.r1, p.c0, p.c1, p.max_error)
        hit = None if cache is None else cache.get(key)
        if hit is None:
            z = g.heights[p.r0 : p.r1 + 1, p.c0 : p.c1 + 1]
            rows, cols, faces = delatin_grid(z, p.max_error)
            rows += p.r0
            cols += p.c0
            if cache is not None:  # kept compact, and only the latest CACHE_PIECES
                cache[key] = (rows.astype(np.int32), cols.astype(np.int32), faces.astype(np.int32))
                while len(cache) > CACHE_PIECES:
                    cache.pop(next(iter(cache)))
        else:
            rows, cols, faces = (a.astype(np.int64) for a in hit)
        xs.append(g.origin[0] + cols * g.cell_m)
        ys.append(g.origin[1] + rows * g.cell_m)
        zs.append(g.heights[rows, cols])
        fs.append(faces + base)
        base += rows.size
    x = np.concatenate(xs)
    y = np.concatenate(ys)
    z = np.concatenate(zs)
    faces = np.concatenate(fs)
    q = 1000.0  # merge to the millimetre
    kx = np.rint(x * q).astype(np.int64)
    ky = np.rint(y * q).astype(np.int64)
    kx -= kx.min()
    ky -= ky.min()
    key = kx * (int(ky.max()) + 1) + ky
    _, first, inv = np.unique(key, return_index=True, return_inverse=True)
    V = np.column_stack([x[first], y[first], z[first]])
    faces = inv.reshape(-1)[faces]
    faces = faces[
        (faces[:, 0] != faces[:, 1]) & (faces[:, 1] != faces[:, 2]) & (faces[:, 2] != faces[:, 0])
    ]
    faces = stitch_t_junctions(V, faces)
    tri = V[faces]
    nz = (tri[:, 1, 0] - tri[:, 0, 0]) * (tri[:, 2, 1] - tri[:, 0, 1]) - (
        tri[:, 1, 1] - tri[:, 0, 1]
    ) * (tri[:, 2, 0] - tri[:, 0, 0])
    faces[nz < 0] = faces[nz < 0][:, [0, 2, 1]]
    return V, faces[nz != 0]
