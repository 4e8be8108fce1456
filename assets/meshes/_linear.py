"""Polyline helpers for the linear kinds (pipe racks, conveyors, walls, roads, power lines).

A polyline is a (K, 2) float array of (x, y) ground points in asset-local metres (the
validated ``points`` parameter). Everything here is vectorised numpy and returns plain
arrays or ``(V, F)`` meshes (V (N, 3) float64, F (M, 3) int64, outward winding, closed
pieces are watertight as indexed).

Conventions: the tangent ``t`` of a segment is its unit direction; the left normal is
``n = (-t_y, t_x)``. A cross-section is a polygon in the (lateral, z) plane, lateral along
``n``; it is swept along the polyline with mitred joints (the lateral coordinate grows by the
miter factor at a bend, clipped so that hairpins stay finite).
"""

from __future__ import annotations

import numpy as np

from ._polygon import triangulate
from ._xform import Mesh, empty, merge

MITER_MAX = 3.0


def as_xy(points) -> np.ndarray:
    """(K, 2) float64 copy of a polyline."""
    return np.asarray(points, float).reshape(-1, 2).copy()


def segments(p: np.ndarray):
    """Per-segment unit tangents (K-1, 2), lengths (K-1,) and vertex arc lengths (K,)."""
    d = np.diff(p, axis=0)
    ln = np.linalg.norm(d, axis=1)
    t = d / np.where(ln > 0, ln, 1.0)[:, None]
    return t, ln, np.r_[0.0, np.cumsum(ln)]


def length(p) -> float:
    """Total length of a polyline (m)."""
    return float(segments(as_xy(p))[1].sum())


def vertex_frames(p: np.ndarray):
    """Per-vertex tangent (K, 2) (bisector of the adjacent segments), left normal (K, 2) and
    miter factor (K,) (1 on straight runs and at the ends, 1/cos(half the turn) at bends,
    clipped to ``MITER_MAX``)."""
    t, _, _ = segments(p)
    tv = np.vstack([t[:1], t[:-1] + t[1:], t[-1:]])
    nrm = np.linalg.norm(tv, axis=1)
    tv = np.where(
        nrm[:, None] > 1e-9,
        tv / np.where(nrm > 1e-9, nrm, 1.0)[:, None],
        np.vstack([t[:1], t])[: len(p)],
    )
    n = np.c_[-tv[:, 1], tv[:, 0]]
    seg_n = np.c_[-t[:, 1], t[:, 0]]
    cosh = np.ones(len(p))
    if len(p) > 2:
        cosh[1:-1] = np.einsum("ij,ij->i", n[1:-1], seg_n[1:])
    miter = 1.0 / np.clip(cosh, 1.0 / MITER_MAX, None)
    return tv, n, miter


def offset(p, d: float) -> np.ndarray:
    """The polyline shifted ``d`` metres to its left (mitred), (K, 2)."""
    p = as_xy(p)
    _, n, m = vertex_frames(p)
    return p + n * (d * m)[:, None]


def sample(p, spacing: float, max_count: int | None = None):
    """Stations along the polyline: every vertex plus evenly spaced points (about
    ``spacing`` apart) on each segment. If there would be more than ``max_count``, the
    spacing grows (vertices are always kept). Returns positions (N, 2), tangents (N, 2)
    (bisectors at vertices), arc lengths (N,) and is_vertex (N,) bool."""
    p = as_xy(p)
    t, ln, s = segments(p)
    tv, _, _ = vertex_frames(p)
    sp = float(spacing)
    if max_count is not None:
        sp = max(sp, float(ln.sum()) / max(1, max_count - len(p) + 1))
    pos, tan, arc, isv = [], [], [], []
    for i in range(len(ln)):
        k = max(1, int(round(ln[i] / sp)))
        f = np.arange(k) / k
        pos.append(p[i] + f[:, None] * (p[i + 1] - p[i]))
        tan.append(np.vstack([tv[i : i + 1], np.repeat(t[i : i + 1], k - 1, 0)]))
        arc.append(s[i] + f * ln[i])
        isv.append(np.r_[True, np.zeros(k - 1, bool)])
    pos.append(p[-1:])
    tan.append(tv[-1:])
    arc.append(s[-1:])
    isv.append(np.ones(1, bool))
    return np.vstack(pos), np.vstack(tan), np.concatenate(arc), np.concatenate(isv)


def yaw(tangents) -> np.ndarray:
    """(N,) yaw angles (radians about z) of (N, 2) tangents: +x of a local mesh follows the
    tangent."""
    t = np.atleast_2d(tangents)
    return np.arctan2(t[:, 1], t[:, 0])


def loft(rings: np.ndarray, cap: bool = True) -> Mesh:
    """Closed tube through stacked rings (K, S, 3): each ring is a section polygon that runs
    counter-clockwise seen looking back along the direction of travel (rings[0] -> [-1]).
    Ends get flat caps (ear-clipped in the plane of the first/last ring) if ``cap``.
    Returns V (K*S, 3), F (2S(K-1) + 2(S-2), 3)."""
    r = np.asarray(rings, float)
    k, s = r.shape[:2]
    j = np.arange(s)
    j1 = (j + 1) % s
    base = s * np.arange(k - 1)[:, None]
    a, b = base + j, base + j1
    f = np.vstack(
        [np.stack([a, b, b + s], -1).reshape(-1, 3), np.stack([a, b + s, a + s], -1).reshape(-1, 3)]
    )
    if cap:
        tri = triangulate(_plane_coords(r[0], r[1].mean(0) - r[0].mean(0)))
        f = np.vstack([f, tri[:, ::-1], tri + s * (k - 1)])
    return r.reshape(-1, 3), f


def _plane_coords(ring: np.ndarray, fwd) -> np.ndarray:
    """2-D coordinates of a planar ring seen from behind (looking along ``fwd``)."""
    fwd = np.asarray(fwd, float)
    fwd = fwd / max(np.linalg.norm(fwd), 1e-12)
    ref = np.array([0, 0, 1.0]) if abs(fwd[2]) < 0.9 else np.array([1.0, 0, 0])
    u = np.cross(ref, fwd)
    u /= np.linalg.norm(u)
    v = np.cross(fwd, u)
    c = ring - ring.mean(0)
    return np.c_[c @ u, c @ v]


def sweep(p, section, z=0.0, lateral: float = 0.0) -> Mesh:
    """Sweep a closed cross-section (S, 2) of (lateral, z) points along the polyline.

    z: scalar or (K,) height of the section origin at each vertex (inclines); lateral: offset
    of the section origin to the left. The section may run either way round. Returns a
    closed, capped solid: V (K*S, 3), F (2S(K-1) + 2(S-2), 3)."""
    p = as_xy(p)
    sec = np.asarray(section, float)
    area = 0.5 * np.sum(sec[:, 0] * np.roll(sec[:, 1], -1) - np.roll(sec[:, 0], -1) * sec[:, 1])
    if area < 0:  # rings must wind counter-clockwise seen looking back along the path
        sec = sec[::-1]
    _, n, m = vertex_frames(p)
    zz = np.broadcast_to(np.asarray(z, float), (len(p),))
    lat = (sec[None, :, 0] + lateral) * m[:, None]  # (K, S)
    xy = p[:, None, :] + lat[..., None] * n[:, None, :]
    rings = np.concatenate([xy, (sec[None, :, 1] + zz[:, None])[..., None]], -1)
    return loft(rings)


def sweep_box(p, width: float, z0: float, z1: float, lateral: float = 0.0, z=0.0) -> Mesh:
    """A rectangular bar (width across, z0..z1 high) swept along the polyline."""
    h = width / 2
    return sweep(p, [[-h, z0], [h, z0], [h, z1], [-h, z1]], z, lateral)


def sweep_tube(p, radius: float, z: float, sides: int, lateral: float = 0.0, zk=0.0) -> Mesh:
    """A round bar (pipe, cable, handrail) of ``sides`` facets swept along the polyline with
    its axis ``z`` above ground and ``lateral`` to the left (zk: extra per-vertex height)."""
    a = np.linspace(0, 2 * np.pi, max(3, int(sides)), endpoint=False) + np.pi / max(3, sides)
    sec = np.c_[lateral + radius * np.cos(a), z + radius * np.sin(a)]
    return sweep(p, sec, zk)


def split(p, pieces_len: float, gap: float = 0.0):
    """Cut the polyline into straight pieces about ``pieces_len`` long (each segment on its
    own), leaving ``gap`` between neighbours. Returns starts (N, 2), ends (N, 2), arc-length
    centres (N,)."""
    p = as_xy(p)
    t, ln, s = segments(p)
    a_all, b_all, c_all = [], [], []
    for i in range(len(ln)):
        k = max(1, int(round(ln[i] / pieces_len)))
        e = np.linspace(0, ln[i], k + 1)
        a = e[:-1] + gap / 2
        b = e[1:] - gap / 2
        ok = b - a > 1e-3
        a_all.append(p[i] + a[ok, None] * t[i])
        b_all.append(p[i] + b[ok, None] * t[i])
        c_all.append(s[i] + (a[ok] + b[ok]) / 2)
    return np.vstack(a_all), np.vstack(b_all), np.concatenate(c_all)


def boxes_between(a, b, width: float, z0, z1, lateral=0.0, extend: float = 0.0) -> Mesh:
    """Boxes from ground points a (N, 2) to b (N, 2) (extended ``extend`` at both ends),
    ``width`` across, z0..z1 high (scalars or (N,)), shifted ``lateral`` to the left."""
    from ._geometry import boxes

    a, b = np.atleast_2d(a), np.atleast_2d(b)
    if not len(a):
        return empty()
    d = b - a
    ln = np.linalg.norm(d, axis=1)
    t = d / ln[:, None]
    n = np.c_[-t[:, 1], t[:, 0]]
    c = (a + b) / 2 + n * np.asarray(lateral, float).reshape(-1, 1)
    z0 = np.broadcast_to(np.asarray(z0, float), (len(a),))
    z1 = np.broadcast_to(np.asarray(z1, float), (len(a),))
    sizes = np.c_[ln + 2 * extend, np.full(len(a), width), z1 - z0]
    return boxes(np.c_[c, (z0 + z1) / 2], sizes, yaw(t))


def station_miter(p, is_vertex) -> np.ndarray:
    """(N,) miter factors for the stations of ``sample`` (its is_vertex flags): the vertex's
    miter at vertex stations, 1 elsewhere. Scale lateral offsets by it so that frames at a
    bend reach as far as the mitred sweeps."""
    m = np.ones(len(is_vertex))
    m[np.asarray(is_vertex, bool)] = vertex_frames(as_xy(p))[2]
    return m


def local_to_world(pos, tan, local, lat_scale=None) -> np.ndarray:
    """Map local offsets (N, M, 3) or (M, 3) (x along the tangent, y to the left, z up) at
    stations pos (N, 2), tan (N, 2) to asset-local points (N, M, 3); lat_scale (N,)
    optionally scales the y offsets (see ``station_miter``)."""
    loc = np.asarray(local, float)
    if loc.ndim == 2:
        loc = np.broadcast_to(loc, (len(pos),) + loc.shape)
    t = np.asarray(tan, float)
    n = np.c_[-t[:, 1], t[:, 0]]
    lat = loc[..., 1:2] if lat_scale is None else loc[..., 1:2] * np.reshape(lat_scale, (-1, 1, 1))
    xy = pos[:, None, :] + loc[..., 0:1] * t[:, None, :] + lat * n[:, None, :]
    return np.concatenate([xy, loc[..., 2:3]], -1)


__all__ = [
    "as_xy",
    "segments",
    "length",
    "vertex_frames",
    "offset",
    "sample",
    "yaw",
    "loft",
    "sweep",
    "sweep_box",
    "sweep_tube",
    "split",
    "boxes_between",
    "local_to_world",
    "station_miter",
    "merge",
    "MITER_MAX",
]
