"""Polygon prisms: ear-clipping triangulation and extrusion along x, y or z.

Polygons are (K, 2) arrays; meshes are ``(V, F)`` with V (N, 3) float64, F (M, 3) int64,
outward winding.
"""

from __future__ import annotations

import numpy as np

from ._xform import Mesh


def ngon(n, r, phase=0.0) -> np.ndarray:
    """(n, 2) regular polygon, counter-clockwise."""
    a = phase + np.linspace(0, 2 * np.pi, n, endpoint=False)
    return np.stack([r * np.cos(a), r * np.sin(a)], 1)


def triangulate(poly) -> np.ndarray:
    """Ear-clip a simple counter-clockwise polygon (K, 2) -> (K-2, 3) index triangles."""
    pts = np.asarray(poly, float)
    idx = list(range(len(pts)))
    tris = []

    def cross(o, a, b):
        return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0])

    guard = 0
    while len(idx) > 3 and guard < 10000:
        guard += 1
        for k in range(len(idx)):
            i0, i1, i2 = idx[k - 1], idx[k], idx[(k + 1) % len(idx)]
            a, b, c = pts[i0], pts[i1], pts[i2]
            if cross(a, b, c) <= 1e-12:
                continue
            inside = False
            for m in idx:
                if m in (i0, i1, i2):
                    continue
                p = pts[m]
                if cross(a, b, p) >= 0 and cross(b, c, p) >= 0 and cross(c, a, p) >= 0:
                    inside = True
                    break
            if not inside:
                tris.append([i0, i1, i2])
                idx.pop(k)
                break
        else:
            break
    if len(idx) == 3:
        tris.append(idx)
    return np.array(tris, dtype=np.int64).reshape(-1, 3)


def extrude(poly, z0, z1) -> Mesh:
    """Prism from a simple polygon (K, 2) (either orientation) between z0 and z1.

    Returns V (2K, 3), F (2(K-2) + 2K, 3)."""
    p = np.asarray(poly, float)
    area = 0.5 * np.sum(p[:, 0] * np.roll(p[:, 1], -1) - np.roll(p[:, 0], -1) * p[:, 1])
    if area < 0:
        p = p[::-1]
    k = len(p)
    v = np.vstack([np.c_[p, np.full(k, z0)], np.c_[p, np.full(k, z1)]])
    t = triangulate(p)
    j = np.arange(k)
    j1 = (j + 1) % k
    side = np.vstack([np.stack([j, j1, j1 + k], 1), np.stack([j, j1 + k, j + k], 1)])
    f = np.vstack([t[:, ::-1], t + k, side])
    return v, f


def extrude_x(poly_yz, x0, x1) -> Mesh:
    """Prism from a polygon in the (y, z) plane, extruded along x from x0 to x1."""
    v, f = extrude(poly_yz, x0, x1)
    # map (a, b, c) -> (c, a, b): a cyclic permutation is a proper rotation
    return v[:, [2, 0, 1]], f


def extrude_xz(poly_xz, y0, y1) -> Mesh:
    """Prism from a polygon in the (x, z) plane, extruded along y from y0 to y1."""
    v, f = extrude(poly_xz, -y1, -y0)
    # (x, y, z) -> (x, -z, y) is a +90 degree rotation about x
    return np.c_[v[:, 0], -v[:, 2], v[:, 1]], f
