"""Pressurised connecting tunnel between two habitats: a tube along x on low saddles, with
stiffening rings, end docking collars and small lit portholes."""

from __future__ import annotations

import numpy as np

from . import _geometry as g
from . import _greeble as gr
from ._base import AssetMesh, Param

KIND = "tunnel"
CLOSED_PARTS = ("*",)
SUMMARY = "Pressurised connecting tube between habitats, along x"
PARAMS = {
    "length_m": Param(8.0, 2.0, 100.0, "m", "tube length (x)"),
    "radius_m": Param(1.5, 0.8, 4.0, "m", "tube outer radius"),
}


def _along_x(mesh: g.Mesh, z: float) -> g.Mesh:
    """Turn a z-axis lathe into an x-axis one at height z (x = old z)."""
    return g.translate(g.rotate(mesh, [0, 1, 0], np.pi / 2), [0, 0, z])


def build(params, rng: np.random.Generator, detail: int = 1) -> AssetMesh:
    """Tube axis at z = radius + 0.4, spanning x in [-L/2, L/2]."""
    L = float(params["length_m"])
    r = float(params["radius_m"])
    n = g.seg(detail, 24, 10)
    zc = r + 0.4
    pb = g.PartBuilder()
    pb.add("painted_white", _along_x(g.cylinder(r, -L / 2, L / 2, n), zc), group="tube")
    # stiffening rings every ~2 m and docking collars at the ends
    step = 2.0 if detail else 4.0
    xs = np.arange(-L / 2 + step / 2, L / 2, step)
    ring = _along_x(g.tube(r + 0.08, r - 0.05, -0.1, 0.1, n), zc)
    pb.add("dark_metal", g.instance(ring, np.c_[xs, np.zeros((len(xs), 2))]), group="rings")
    for s in (-1, 1):
        col = _along_x(g.tube(r + 0.25, r - 0.1, -0.3, 0.3, n), zc)
        pb.add("bare_metal", g.translate(col, [s * (L / 2 - 0.3), 0, 0]), group="collars")
        if detail >= 2:  # docking-collar bolt circles
            for dx in (-0.3, 0.3):
                b = g.rotate(gr.bolt_ring(r + 0.15, 0.0, 2 * n, 0.04), [0, 1, 0], np.pi / 2)
                b = g.translate(b, [s * (L / 2 - 0.3) + dx * 1.02, 0, zc])
                pb.add("bare_metal", b, group="collars")
    if detail >= 2:  # skin seams between the rings, handrails along the crown
        sx = np.arange(-L / 2 + step / 4, L / 2, step / 2)
        sm = g.rotate(gr.hoops(np.full(len(sx), r), sx, 0.03, n // 2), [0, 1, 0], np.pi / 2)
        pb.add("dark_metal", g.translate(sm, [0, 0, zc]), group="rings")
        for y in (-0.5 * r, 0.5 * r):
            pts = np.c_[
                np.linspace(-L / 2 + 0.8, L / 2 - 0.8, max(2, int(L / 1.5))),
                np.full(max(2, int(L / 1.5)), y),
                np.full(max(2, int(L / 1.5)), zc + 0.85 * r),
            ]
            pb.add(
                "hazard_yellow",
                gr.rail_polyline(pts, 0.15, 1, 1, 0.04, closed=False),
                group="rails",
            )
    # saddles
    sx = np.arange(-L / 2 + 1.5, L / 2 - 1.0, 4.0) if L > 4 else np.array([0.0])
    pb.add(
        "regolith_concrete",
        g.boxes(np.c_[sx, np.zeros(len(sx)), np.full(len(sx), 0.3)], [0.6, 1.6 * r, 0.8]),
        group="saddles",
    )
    # portholes on both sides
    if len(xs) > 1 and detail >= 1:
        px = (xs[:-1] + xs[1:]) / 2
        for s in (-1, 1):
            pb.add(
                "window_lit",
                g.boxes(
                    np.c_[px, np.full(len(px), s * r), np.full(len(px), zc + 0.2)],
                    [0.45, 0.1, 0.35],
                ),
                group="windows",
            )
    # cable tray on top
    pb.add("painted_grey", g.box([L * 0.95, 0.4, 0.15], [0, 0, zc + r + 0.1]), group="rings")
    parts = pb.parts("tunnel")
    return AssetMesh(KIND, parts, g.footprint(parts))
