"""Shared mesh primitives for the asset builders (pure numpy; no trimesh calls in hot paths).

Every primitive returns a ``(V, F)`` pair: ``V`` (N, 3) float64 metres, ``F`` (M, 3) int64,
counter-clockwise seen from outside (outward normals, consistent winding). Closed primitives
have positive signed volume. Transforms here are proper rotations / translations / positive
scales, so they keep the winding; ``mirror`` flips the faces back for you.

The workhorses are ``lathe`` (any surface of revolution: cylinders, frusta, domes, nozzles,
tanks, tori), ``box``/``boxes`` and ``beams`` (thousands of truss members in one call).
"""

from __future__ import annotations

import numpy as np

from ._base import Part
from ._polygon import extrude, extrude_x, extrude_xz, ngon, triangulate
from ._xform import (
    Mesh,
    empty,
    instance,
    merge,
    mirror,
    orient,
    polar,
    ring_points,
    rot_matrix,
    rotate,
    rotate_z,
    scale,
    translate,
)

__all__ = [
    "Mesh",
    "PartBuilder",
    "beams",
    "box",
    "boxes",
    "capsule_x",
    "compact",
    "cylinder",
    "dome",
    "empty",
    "extrude",
    "extrude_x",
    "extrude_xz",
    "footprint",
    "frustum",
    "instance",
    "lathe",
    "merge",
    "mirror",
    "ngon",
    "orient",
    "polar",
    "ring_points",
    "rot_matrix",
    "rotate",
    "rotate_z",
    "scale",
    "seg",
    "sphere",
    "torus",
    "translate",
    "triangulate",
    "tube",
]

# Unit cube [-.5, .5]^3, 12 outward triangles.
_BOX_V = np.array(
    [[x, y, z] for z in (-0.5, 0.5) for y in (-0.5, 0.5) for x in (-0.5, 0.5)], dtype=float
)
_BOX_F = np.array(
    [
        [0, 2, 1],
        [1, 2, 3],  # -z
        [4, 5, 6],
        [5, 7, 6],  # +z
        [0, 1, 4],
        [1, 5, 4],  # -y
        [2, 6, 3],
        [3, 6, 7],  # +y
        [0, 4, 2],
        [2, 4, 6],  # -x
        [1, 3, 5],
        [3, 7, 5],  # +x
    ],
    dtype=np.int64,
)


def box(size, center=(0.0, 0.0, 0.0)) -> Mesh:
    """Axis-aligned box. size (3,) full extents; center (3,). Returns V (8, 3), F (12, 3)."""
    return _BOX_V * np.asarray(size, float) + np.asarray(center, float), _BOX_F.copy()


def boxes(centers, sizes, yaw=None) -> Mesh:
    """Many boxes at once. centers (K, 3), sizes (K, 3) or (3,), yaw (K,) radians about z.

    Returns V (8K, 3), F (12K, 3).
    """
    c = np.atleast_2d(np.asarray(centers, float))
    s = np.broadcast_to(np.asarray(sizes, float), c.shape)
    v = _BOX_V[None] * s[:, None, :]
    if yaw is not None:
        a = np.broadcast_to(np.asarray(yaw, float), (len(c),))
        ca, sa = np.cos(a)[:, None], np.sin(a)[:, None]
        x, y = v[..., 0].copy(), v[..., 1].copy()
        v[..., 0], v[..., 1] = ca * x - sa * y, sa * x + ca * y
    v = v + c[:, None, :]
    f = _BOX_F[None] + 8 * np.arange(len(c))[:, None, None]
    return v.reshape(-1, 3), f.reshape(-1, 3)


def beams(p0, p1, width, depth=None) -> Mesh:
    """Square/rectangular prisms from p0 to p1 (truss members), vectorised.

    p0, p1 (K, 3); width scalar or (K,); depth defaults to width. Returns V (8K, 3), F (12K, 3).
    """
    p0 = np.atleast_2d(np.asarray(p0, float))
    p1 = np.atleast_2d(np.asarray(p1, float))
    k = len(p0)
    w = np.broadcast_to(np.asarray(width, float), (k,))
    dp = np.broadcast_to(np.asarray(width if depth is None else depth, float), (k,))
    d = p1 - p0
    ln = np.linalg.norm(d, axis=1)
    ln[ln == 0] = 1e-9
    dn = d / ln[:, None]
    ref = np.where(np.abs(dn[:, 2:3]) > 0.9, [[1.0, 0, 0]], [[0, 0, 1.0]])
    u = np.cross(dn, ref)
    u /= np.linalg.norm(u, axis=1)[:, None]
    v = np.cross(dn, u)
    t = _BOX_V + [0, 0, 0.5]  # z in [0, 1] along the beam
    verts = (
        p0[:, None, :]
        + t[None, :, 0:1] * (u * w[:, None])[:, None, :]
        + t[None, :, 1:2] * (v * dp[:, None])[:, None, :]
        + t[None, :, 2:3] * d[:, None, :]
    )
    f = _BOX_F[None] + 8 * np.arange(k)[:, None, None]
    return verts.reshape(-1, 3), f.reshape(-1, 3)


def lathe(
    profile, sections: int = 24, loop: bool = False, cap: bool = True, theta=(0.0, 2 * np.pi)
) -> Mesh:
    """Surface of revolution about +z.

    profile (K, 2) of (r, z). Open profiles run bottom to top; a point with r == 0 at either
    end becomes a pole; otherwise the ends get flat caps (bottom faces -z, top +z) if ``cap``.
    ``loop=True`` closes the profile (it must run counter-clockwise in the (r, z) plane — e.g.
    up the outside, down the inside — for outward normals; used for shells, rings, tori).
    Returns V (K*sections + poles, 3), F (~2*K*sections, 3).
    """
    p = np.asarray(profile, float)
    n = int(max(3, sections))
    full = abs(theta[1] - theta[0] - 2 * np.pi) < 1e-9
    ang = np.linspace(theta[0], theta[1], n + (0 if full else 1), endpoint=not full)
    na = len(ang)
    ca, sa = np.cos(ang), np.sin(ang)
    k = len(p)
    verts = [
        np.stack([p[:, 0:1] * ca, p[:, 0:1] * sa, np.repeat(p[:, 1:2], na, 1)], -1).reshape(-1, 3)
    ]
    j = np.arange(n)
    j1 = (j + 1) % na
    rows = list(range(k - 1)) + ([k - 1] if loop else [])
    faces = []
    for i in rows:
        i1 = (i + 1) % k
        a, b = i * na + j, i * na + j1
        c, d = i1 * na + j1, i1 * na + j
        faces.append(np.stack([a, b, c], 1))
        faces.append(np.stack([a, c, d], 1))
    f = np.vstack(faces)
    v = verts[0]
    if not loop and cap:
        extra = []
        for end, sign in ((0, -1), (k - 1, 1)):
            if p[end, 0] <= 1e-12:
                continue
            ci = len(v) + len(extra)
            extra.append([0.0, 0.0, p[end, 1]])
            r0 = end * na
            tri = np.stack([np.full(n, ci), r0 + j, r0 + j1], 1)
            f = np.vstack([f, tri if sign > 0 else tri[:, [0, 2, 1]]])
        if extra:
            v = np.vstack([v, extra])
    return weld_poles(v, f, p, na)


def weld_poles(v, f, p, na) -> Mesh:
    """Collapse rings with r == 0 onto one vertex and drop the degenerate triangles."""
    zero = np.where(p[:, 0] <= 1e-12)[0]
    if len(zero) == 0:
        return v, f
    remap = np.arange(len(v))
    for i in zero:
        remap[i * na : (i + 1) * na] = i * na
    f = remap[f]
    ok = (f[:, 0] != f[:, 1]) & (f[:, 1] != f[:, 2]) & (f[:, 0] != f[:, 2])
    return compact(v, f[ok])


def compact(v, f) -> Mesh:
    """Drop unreferenced vertices. v (N, 3), f (M, 3) -> (N', 3), (M, 3)."""
    used = np.unique(f)
    remap = np.full(len(v), -1, np.int64)
    remap[used] = np.arange(len(used))
    return v[used], remap[f]


def frustum(r0, r1, z0, z1, sections=24, cap=True) -> Mesh:
    """Cone frustum (cylinder when r0 == r1, cone when r1 == 0) along z from z0 to z1."""
    return lathe([[r0, z0], [r1, z1]], sections, cap=cap)


def cylinder(radius, z0, z1, sections=24, cap=True) -> Mesh:
    """Upright cylinder, radius, from z0 to z1. cap=False leaves it open."""
    return frustum(radius, radius, z0, z1, sections, cap)


def tube(r_out, r_in, z0, z1, sections=24) -> Mesh:
    """Thick-walled open tube (closed solid shell) along z."""
    return lathe([[r_out, z0], [r_out, z1], [r_in, z1], [r_in, z0]], sections, loop=True)


def torus(major, minor, sections=32, tube_sections=8, z=0.0) -> Mesh:
    """Ring of circular section about +z at height z."""
    phi = np.linspace(0, 2 * np.pi, tube_sections, endpoint=False)
    prof = np.stack([major + minor * np.cos(phi), z + minor * np.sin(phi)], 1)
    return lathe(prof, sections, loop=True)


def sphere(radius, sections=24, rings=12, center=(0.0, 0.0, 0.0)) -> Mesh:
    """UV sphere. Returns V, F with poles welded."""
    t = np.linspace(-np.pi / 2, np.pi / 2, rings + 1)
    v, f = lathe(np.stack([radius * np.cos(t), radius * np.sin(t)], 1), sections)
    return v + np.asarray(center, float), f


def dome(radius, height=None, z0=0.0, sections=24, rings=8, cap=True) -> Mesh:
    """Spherical cap sitting on z0 with base radius ``radius`` and ``height`` (<= radius;
    default a hemisphere). Bottom capped unless cap=False."""
    h = radius if height is None else min(height, radius)
    rs = (radius**2 + h**2) / (2 * h)  # sphere radius
    a0 = np.arcsin(np.clip(radius / rs, -1, 1))
    if h > rs:
        a0 = np.pi - a0
    a = np.linspace(a0, 0, rings + 1)
    prof = np.stack([rs * np.sin(a), z0 + h - rs + rs * np.cos(a)], 1)
    prof[-1, 0] = 0.0
    return lathe(prof, sections, cap=cap)


def capsule_x(radius, length, sections=20, rings=4) -> Mesh:
    """Horizontal pressure vessel along x: cylinder of total ``length`` with hemispherical
    ends, centred at the origin."""
    half = length / 2 - radius
    t = np.linspace(-np.pi / 2, 0, rings + 1)
    bot = np.stack([radius * np.cos(t), -half + radius * np.sin(t)], 1)
    top = np.stack([radius * np.cos(t[::-1]), half - radius * np.sin(t[::-1])], 1)
    v, f = lathe(np.vstack([bot, top]), sections)
    return rotate(v, [0, 1, 0], np.pi / 2), f


def seg(detail: int, base: int, lo: int = 6) -> int:
    """Segment count for a detail level: 0 -> base/4 (at least min(lo, 6): a far
    silhouette), 1 -> base (at least lo), 2 -> 3 * base (close-up)."""
    d = int(detail)
    if d <= 0:
        return max(min(lo, 6), int(round(base / 4)))
    return max(lo, base) * (3 if d >= 2 else 1)


# ---------------------------------------------------------------- parts


class PartBuilder:
    """Accumulates pieces per (group, material) and emits one Part per pair.

    ``add(material, mesh_or_V, F=None, group=None)``; ``parts(prefix)`` names each Part after
    its group (default ``prefix``): just ``group`` if the group has one material, else
    ``f"{group}_{material}"``.
    """

    def __init__(self) -> None:
        self._pieces: dict[tuple[str, str], list[Mesh]] = {}

    def add(self, material: str, v, f=None, group: str | None = None) -> PartBuilder:
        if f is None:
            v, f = v
        if len(f):
            self._pieces.setdefault((group or "", material), []).append((v, f))
        return self

    def parts(self, prefix: str = "body") -> list[Part]:
        groups: dict[str, list[str]] = {}
        for g, m in self._pieces:
            groups.setdefault(g or prefix, []).append(m)
        out = []
        for (g, m), pieces in self._pieces.items():
            name = g or prefix
            if len(groups[name]) > 1:
                name = f"{name}_{m}"
            v, f = merge(pieces)
            out.append(
                Part(
                    name, m, np.ascontiguousarray(v, np.float64), np.ascontiguousarray(f, np.int64)
                )
            )
        return out


def footprint(parts, margin: float = 0.0, skip=("plume",)) -> tuple[float, float]:
    """(half_x, half_y) covering the xy extent of all parts about the origin (plumes skipped)."""
    pts = [p.vertices for p in parts if p.material not in skip and len(p.vertices)]
    if not pts:
        return (1.0, 1.0)
    v = np.vstack(pts)
    return (float(np.abs(v[:, 0]).max() + margin), float(np.abs(v[:, 1]).max() + margin))
