"""Close-up detail ("greebles") shared by the builders: profiled members, bolt heads, hoops,
guard rails, panel seams. All vectorised; every function returns a closed ``(V, F)`` mesh:
V (N, 3) float64, F (M, 3) int64, outward winding.

Detail convention (see ``_geometry.seg``): level 0 is a far silhouette, level 1 the normal
mesh, level 2 the close-up that adds what only shows from a few metres away — I-section
members, bolt rings, seams, mid-rails and toe boards.
"""

from __future__ import annotations

import numpy as np

from ._polygon import ngon, triangulate
from ._xform import Mesh, merge, ring_points

# I-section (flange width 1, depth 1), counter-clockwise, 12 points
_I = np.array(
    [
        [-0.5, -0.5],
        [0.5, -0.5],
        [0.5, -0.38],
        [0.08, -0.38],
        [0.08, 0.38],
        [0.5, 0.38],
        [0.5, 0.5],
        [-0.5, 0.5],
        [-0.5, 0.38],
        [-0.08, 0.38],
        [-0.08, -0.38],
        [-0.5, -0.38],
    ]
)
_SECTIONS = {
    "box": np.array([[-0.5, -0.5], [0.5, -0.5], [0.5, 0.5], [-0.5, 0.5]]),
    "i": _I,
    "hex": ngon(6, 0.5),
    "oct": ngon(8, 0.5, np.pi / 8),
}
_TRI = {k: triangulate(s) for k, s in _SECTIONS.items()}


def prisms(p0, p1, width, depth=None, section: str = "box") -> Mesh:
    """Straight prisms of a named cross-section ("box", "i", "hex", "oct") from p0 to p1.

    p0, p1 (K, 3); width, depth scalars or (K,). The section's first axis is horizontal
    (perpendicular to the member and to z; x for vertical members). Returns
    V (K*2S, 3), F (K*(2(S-2) + 2S), 3) for an S-point section."""
    sec = _SECTIONS[section]
    tri = _TRI[section]
    p0 = np.atleast_2d(np.asarray(p0, float))
    p1 = np.atleast_2d(np.asarray(p1, float))
    k, s = len(p0), len(sec)
    w = np.broadcast_to(np.asarray(width, float), (k,))
    dp = np.broadcast_to(np.asarray(width if depth is None else depth, float), (k,))
    d = p1 - p0
    ln = np.linalg.norm(d, axis=1)
    dn = d / np.where(ln > 0, ln, 1.0)[:, None]
    ref = np.where(np.abs(dn[:, 2:3]) > 0.9, [[1.0, 0, 0]], [[0, 0, 1.0]])
    u = np.cross(dn, ref)
    u /= np.linalg.norm(u, axis=1)[:, None]
    v = np.cross(dn, u)
    ring = (
        sec[None, :, 0:1] * (u * w[:, None])[:, None]
        + sec[None, :, 1:2] * (v * dp[:, None])[:, None]
    )  # (K, S, 3)
    verts = np.concatenate([p0[:, None] + ring, p1[:, None] + ring], 1)  # (K, 2S, 3)
    j = np.arange(s)
    j1 = (j + 1) % s
    # the section is CCW in (u, v) and u x v = d: the p0 cap (facing -d) is re-wound
    side = np.vstack([np.stack([j, j1, j1 + s], 1), np.stack([j, j1 + s, j + s], 1)])
    f1 = np.vstack([tri[:, ::-1], tri + s, side])
    f = f1[None] + 2 * s * np.arange(k)[:, None, None]
    return verts.reshape(-1, 3), f.reshape(-1, 3)


def members(p0, p1, width, detail: int, depth=None) -> Mesh:
    """Structural members: square tubes at detail <= 1, flanged I-sections at detail 2."""
    return prisms(p0, p1, width, depth, "i" if detail >= 2 else "box")


def studs(points, normals, radius: float, height: float, sides: str = "hex") -> Mesh:
    """Bolt heads / rivets: short prisms standing on ``points`` (K, 3) along ``normals``."""
    p = np.atleast_2d(np.asarray(points, float))
    n = np.atleast_2d(np.asarray(normals, float))
    n = n / np.linalg.norm(n, axis=1)[:, None]
    return prisms(p - 0.2 * height * n, p + height * n, 2 * radius, None, sides)


def bolt_ring(radius: float, z: float, count: int, size: float, up: bool = True) -> Mesh:
    """``count`` hex bolts round a horizontal flange of ``radius`` at height z, facing up
    (or radially outward when ``up`` is False)."""
    p = ring_points(count, radius, z)
    nrm = np.tile([0, 0, 1.0], (count, 1)) if up else p * [1, 1, 0] / radius
    return studs(p, nrm, size, 0.6 * size)


def hoops(radii, zs, thickness: float, sections: int) -> Mesh:
    """Square-section rings (panel seams, stiffeners) at radii (K,) and heights zs (K,)."""
    radii = np.broadcast_to(np.asarray(radii, float), np.shape(zs))
    out = []
    for r, z in zip(radii, zs, strict=True):
        p = ring_points(sections, r + thickness / 2, z)
        out.append(prisms(p, np.roll(p, -1, 0), thickness, thickness))
    return merge(out)


def ribs_on(
    radius_at, z0: float, z1: float, count: int, width: float, proud: float, phase: float = 0.0
) -> Mesh:
    """Vertical seam strips on a surface of revolution whose radius at height z is
    ``radius_at(z)``: ``count`` thin boxes from z0 to z1, standing ``proud`` off the skin."""
    a = phase + np.linspace(0, 2 * np.pi, count, endpoint=False)
    r0, r1 = radius_at(z0) + proud / 2, radius_at(z1) + proud / 2
    p0 = np.c_[r0 * np.cos(a), r0 * np.sin(a), np.full(count, z0)]
    p1 = np.c_[r1 * np.cos(a), r1 * np.sin(a), np.full(count, z1)]
    return prisms(p0, p1, width, proud)


def rail_polyline(
    pts, height: float, detail: int, post_every: int = 1, width: float = 0.08, closed: bool = True
) -> Mesh:
    """Guard rail along deck-level points (K, 3): top rail and posts; at detail 2 also a
    mid-rail and a toe board."""
    p = np.asarray(pts, float)
    q = np.roll(p, -1, 0) if closed else p[1:]
    a = p if closed else p[:-1]
    up = np.array([0, 0, height])
    out = [prisms(a + up, q + up, width), prisms(p[::post_every], p[::post_every] + up, width)]
    if detail >= 2:
        out.append(prisms(a + up / 2, q + up / 2, 0.7 * width))
        out.append(prisms(a + [0, 0, 0.08], q + [0, 0, 0.08], 0.03, 0.16))
    return merge(out)


def rail_ring(
    radius: float,
    z: float,
    sections: int,
    detail: int,
    height: float = 1.1,
    post_every: int = 2,
    width: float = 0.08,
) -> Mesh:
    """Circular guard rail at deck height z (see ``rail_polyline``)."""
    return rail_polyline(ring_points(sections, radius, z), height, detail, post_every, width)


def rail_rect(
    hx: float,
    hy: float,
    z: float,
    detail: int,
    height: float = 1.1,
    spacing: float = 2.0,
) -> Mesh:
    """Rectangular guard rail round [-hx, hx] x [-hy, hy] at deck height z, posts about
    every ``spacing`` metres (``rail_polyline``'s section)."""
    c = np.array([[-hx, -hy], [hx, -hy], [hx, hy], [-hx, hy]])
    pts = []
    for a, b in zip(c, np.roll(c, -1, 0), strict=True):
        n = max(1, int(np.linalg.norm(b - a) / spacing))
        pts.append(a + np.linspace(0, 1, n, endpoint=False)[:, None] * (b - a))
    pts = np.vstack(pts)
    return rail_polyline(np.c_[pts, np.full(len(pts), z)], height, detail)
