"""Storage tanks. ``style``: "sphere" (spherical tank on a ring of braced legs), "horizontal"
(capsule on concrete saddles) or "vertical" (domed cylinder on a concrete ring). Each gets a
ladder, a top walkway, insulation bands and pipes running to ground level."""

from __future__ import annotations

import numpy as np

from . import _geometry as g
from . import _greeble as gr
from . import _truss as tr
from ._base import AssetMesh, Param

KIND = "tank"
CLOSED_PARTS = ("*",)
SUMMARY = "Storage tank: sphere on legs, horizontal on saddles, or vertical"
PARAMS = {
    "style": Param("sphere", choices=("sphere", "horizontal", "vertical"), doc="tank type"),
    "diameter_m": Param(12.0, 2.0, 30.0, "m", "tank diameter"),
    "length_m": Param(20.0, 4.0, 60.0, "m", "length (horizontal) / height (vertical)"),
}


def build(params, rng: np.random.Generator, detail: int = 1) -> AssetMesh:
    """Tank centred on the origin; horizontal tanks lie along x."""
    style = str(params["style"])
    D = float(params["diameter_m"])
    L = float(params["length_m"])
    r = D / 2
    n = g.seg(detail, 32, 12)
    pb = g.PartBuilder()
    if style == "sphere":
        zc = r + 0.35 * D
        pb.add("painted_white", g.sphere(r, n, n // 2, [0, 0, zc]), group="shell")
        pb.add("dark_metal", g.tube(r + 0.08, r - 0.3, zc - 0.15, zc + 0.15, n), group="bands")
        nl = 8 if D > 8 else 6
        top = g.ring_points(nl, r * 0.97, zc)
        foot = g.ring_points(nl, r * 0.97, 0.0)
        pb.add("bare_metal", g.beams(foot, top, 0.05 * D), group="legs")
        nxt = np.roll(foot, -1, 0)
        mid = (top + np.roll(top, -1, 0)) / 2 - [0, 0, 0.45 * zc]
        if detail >= 1:
            pb.add(
                "bare_metal",
                gr.members(np.vstack([foot, nxt]), np.vstack([mid, mid]), 0.02 * D, detail),
                group="legs",
            )
        if detail >= 2:  # equator and polar flange bolts, weld seams
            pb.add(
                "bare_metal", gr.bolt_ring(r + 0.08, zc + 0.16, 3 * n, 0.04 * r**0.5), group="bands"
            )
            t = np.linspace(-1.2, 1.2, 7)
            pb.add(
                "dark_metal", gr.hoops(r * np.cos(t), zc + r * np.sin(t), 0.04, n), group="bands"
            )
        pb.add(
            "regolith_concrete",
            g.boxes(foot - [0, 0, 0.2], [0.12 * D, 0.12 * D, 0.5]),
            group="base",
        )
        z_top = zc + r
        lad_x = r * 0.97 + 0.6
        lad_h = zc
        pipe_r = r
    elif style == "horizontal":
        zc = r + 0.8
        pb.add("painted_white", g.translate(g.capsule_x(r, L, n, 4), [0, 0, zc]), group="shell")
        band = g.rotate(g.tube(r + 0.06, r - 0.2, -0.2, 0.2, n), [0, 1, 0], np.pi / 2)
        bx = np.linspace(-L / 2 + r, L / 2 - r, 4)
        pb.add(
            "dark_metal", g.instance(band, np.c_[bx, np.zeros(4), np.full(4, zc)]), group="bands"
        )
        if detail >= 2:
            bolts = g.rotate(
                gr.bolt_ring(r + 0.06, 0.0, 2 * n, 0.05, up=False), [0, 1, 0], np.pi / 2
            )
            pb.add(
                "bare_metal",
                g.instance(bolts, np.c_[bx, np.zeros(4), np.full(4, zc)]),
                group="bands",
            )
            xs = np.linspace(-L / 2 + r, L / 2 - r, 12)
            sm = g.rotate(gr.hoops(np.full(12, r), xs, 0.03, n), [0, 1, 0], np.pi / 2)
            pb.add("dark_metal", g.translate(sm, [0, 0, zc]), group="bands")
        sx = np.linspace(-L / 2 + r, L / 2 - r, 3 if L > 3 * D else 2)
        sad = [
            [-r * 0.9, 0],
            [r * 0.9, 0],
            [r * 0.9, zc - r * 0.5],
            [0.0, zc - r * 0.95],
            [-r * 0.9, zc - r * 0.5],
        ]
        sad = g.rotate_z(g.extrude_xz(sad, -0.4, 0.4), np.pi / 2)
        pb.add(
            "regolith_concrete", g.instance(sad, np.c_[sx, np.zeros((len(sx), 2))]), group="base"
        )
        z_top = zc + r
        lad_x = L / 2 - r
        lad_h = z_top
        pipe_r = L / 2
    else:
        zc = 1.0 + L - 0.5 * r  # dome top at 1 + L
        prof = [[r, 1.0], [r, zc]] + [
            [r * np.cos(a), zc + 0.5 * r * np.sin(a)] for a in np.linspace(0.3, np.pi / 2, 5)
        ]
        prof[-1][0] = 0.0
        pb.add("painted_white", g.lathe(prof, n), group="shell")
        pb.add("regolith_concrete", g.cylinder(r + 0.6, -0.3, 1.0, n), group="base")
        for z in np.linspace(3.0, zc - 1.0, (2, 5, 5)[detail]):
            pb.add("dark_metal", g.tube(r + 0.06, r - 0.2, z, z + 0.3, n), group="bands")
            if detail >= 2:
                pb.add(
                    "bare_metal",
                    gr.bolt_ring(r + 0.06, z + 0.15, 2 * n, 0.05, up=False),
                    group="bands",
                )
        if detail >= 2:
            zz = np.arange(1.5, zc, 1.5)
            pb.add("dark_metal", gr.hoops(np.full(len(zz), r), zz, 0.03, n), group="bands")
        z_top = zc + 0.5 * r
        lad_x = r + 0.5
        lad_h = zc
        pipe_r = r
    # ladder with top platform + railing (none at detail 0)
    if detail >= 1:
        pb.add(
            "steel_lattice",
            tr.ladder([lad_x, 0, 0], lad_h, 0.6, (1, 0), detail=detail),
            group="access",
        )
        pb.add("steel_lattice", g.box([1.6, 1.6, 0.12], [lad_x, 0, lad_h]), group="access")
    if detail >= 1 and style != "horizontal":
        pb.add(
            "steel_lattice",
            gr.rail_ring(min(2.0, 0.3 * r), z_top - 0.05, 12, detail, 1.0, 1, 0.08),
            group="access",
        )
    # pipes: a vertical riser and a ground run leaving along -y
    pr = max(0.12, 0.02 * D)
    riser_z = zc if style != "vertical" else 1.2
    px = -pipe_r - 0.4 if style != "horizontal" else -L / 2 + 0.5
    ps = g.seg(detail, 8, 6)
    pipes = [g.cylinder(pr, 0.3, riser_z, ps)]
    run = g.rotate(g.cylinder(pr, 0.0, 2.0 + r, ps), [1, 0, 0], np.pi / 2)  # along -y
    pipes.append(g.translate(run, [0, 0, 0.3]))
    pb.add("bare_metal", g.translate(g.merge(pipes), [px, 0, 0]), group="pipes")
    pb.add("hazard_yellow", g.box([0.6, 0.6, 0.6], [px, 0, 0.3]), group="access")
    if detail >= 1:  # valves and instrument boxes round the base
        k = int(rng.integers(3, 9)) * detail
        a = rng.uniform(0, 2 * np.pi, k)
        rr = (r if style != "horizontal" else 0.4 * L) * 0.6
        pb.add(
            "painted_grey",
            g.boxes(
                np.c_[rr * np.cos(a), rr * np.sin(a) * 0.5, np.full(k, 0.4)], [0.8, 0.6, 0.8], a
            ),
            group="access",
        )
    parts = pb.parts("tank")
    return AssetMesh(KIND, parts, g.footprint(parts))
