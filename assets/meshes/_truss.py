"""Lattice truss generators (towers, girders) built from vectorised ``beams``.

All functions return ``(V, F)``: V (8B, 3), F (12B, 3) for B box beams (I-section members
at detail 2: V (24B, 3), F (44B, 3)).
"""

from __future__ import annotations

import numpy as np

from ._geometry import Mesh, beams, merge
from ._greeble import members


def tower(
    n_legs: int,
    r0: float,
    r1: float,
    z0: float,
    z1: float,
    bays: int,
    leg_w: float,
    brace_w: float,
    phase: float | None = None,
    bracing: str = "x",
    detail: int = 1,
) -> Mesh:
    """Lattice tower with ``n_legs`` corner legs on a circle of radius r0 (bottom) tapering
    to r1 (top), ``bays`` levels of horizontals and per-face ``bracing`` ("x" or "z").
    Detail 2 uses I-section members."""
    if phase is None:
        phase = np.pi / n_legs
    lv = np.linspace(0.0, 1.0, bays + 1)
    a = phase + np.linspace(0, 2 * np.pi, n_legs, endpoint=False)
    r = r0 + (r1 - r0) * lv
    z = z0 + (z1 - z0) * lv
    # corners: (levels, legs, 3)
    c = np.stack(
        [
            r[:, None] * np.cos(a)[None],
            r[:, None] * np.sin(a)[None],
            np.repeat(z[:, None], n_legs, 1),
        ],
        -1,
    )
    cn = np.roll(c, -1, axis=1)  # next leg
    legs = (c[:-1].reshape(-1, 3), c[1:].reshape(-1, 3))
    hor = (c.reshape(-1, 3), cn.reshape(-1, 3))
    d1 = (c[:-1].reshape(-1, 3), cn[1:].reshape(-1, 3))
    out = [
        members(*legs, leg_w, detail),
        members(*hor, brace_w, detail),
        members(*d1, brace_w, detail),
    ]
    if bracing == "x":
        out.append(members(cn[:-1].reshape(-1, 3), c[1:].reshape(-1, 3), brace_w, detail))
    return merge(out)


def girder(
    p0,
    p1,
    depth: float,
    panels: int,
    chord_w: float,
    brace_w: float,
    up=(0.0, 0.0, 1.0),
    width: float | None = None,
    detail: int = 1,
) -> Mesh:
    """Box lattice girder of square-ish section (depth x width) from p0 to p1 (3,).

    Four chords, a frame at every panel point and one diagonal per face per panel
    (I-section members at detail 2)."""
    p0, p1 = np.asarray(p0, float), np.asarray(p1, float)
    w = depth if width is None else width
    d = p1 - p0
    dn = d / np.linalg.norm(d)
    side = np.cross(np.asarray(up, float), dn)
    if np.linalg.norm(side) < 1e-6:
        side = np.cross([1.0, 0, 0], dn)
    side /= np.linalg.norm(side)
    upv = np.cross(dn, side)
    offs = np.array([[-1, -1], [1, -1], [1, 1], [-1, 1]], float) * 0.5
    corner = offs[:, 0:1] * side * w + offs[:, 1:2] * upv * depth  # (4, 3)
    t = np.linspace(0, 1, panels + 1)
    pts = p0 + t[:, None, None] * d + corner[None]  # (panels+1, 4, 3)
    nxt = np.roll(pts, -1, axis=1)
    out = [
        members(pts[:-1].reshape(-1, 3), pts[1:].reshape(-1, 3), chord_w, detail),
        members(pts.reshape(-1, 3), nxt.reshape(-1, 3), brace_w, detail),
        members(pts[:-1].reshape(-1, 3), nxt[1:].reshape(-1, 3), brace_w, detail),
    ]
    return merge(out)


def ladder(
    p0,
    height: float,
    width: float = 0.5,
    facing=(1.0, 0.0),
    rung: float = 0.4,
    w: float = 0.05,
    detail: int = 1,
) -> Mesh:
    """Vertical ladder at base point p0 (3,) rising ``height``; rails spread across the
    direction perpendicular to ``facing`` (2,). Detail 2 adds a safety cage of hoops."""
    p0 = np.asarray(p0, float)
    f = np.asarray(facing, float)
    s = np.array([-f[1], f[0], 0.0]) / max(np.linalg.norm(f), 1e-9) * width / 2
    n = max(2, int(height / rung))
    zs = np.linspace(rung, height - 0.1, n)
    rails = beams([p0 - s, p0 + s], [p0 - s + [0, 0, height], p0 + s + [0, 0, height]], w)
    base = p0[None] + np.c_[np.zeros((n, 2)), zs]
    out = [rails, beams(base - s, base + s, w * 0.8)]
    if detail >= 2 and height > 3.0:  # cage: hoops every 1.2 m above 2.5 m + 3 straps
        fo = np.r_[f / max(np.linalg.norm(f), 1e-9), 0.0] * width
        hz = np.arange(2.5, height, 1.2)
        ang = np.linspace(-np.pi / 2, np.pi / 2, 7)
        for z in hz:
            pts = [p0 + [0, 0, z] + np.sin(a) * s * 1.4 + (np.cos(a) + 0.3) * fo for a in ang]
            out.append(beams(np.array(pts[:-1]), np.array(pts[1:]), w * 0.6))
        for a in ang[1:-1:2]:
            d = np.sin(a) * s * 1.4 + (np.cos(a) + 0.3) * fo
            out.append(beams([p0 + d + [0, 0, 2.5]], [p0 + d + [0, 0, height]], w * 0.6))
    return merge(out)
