"""ISRU processing plant: ribbed processing halls with lit window strips, feed hoppers on
legs, an inclined conveyor gantry, a pipe rack with parallel pipes and exhaust stacks."""

from __future__ import annotations

import numpy as np

from . import _geometry as g
from . import _greeble as gr
from . import _truss as tr
from ._base import AssetMesh, Param, SpotLight

KIND = "plant"
CLOSED_PARTS = ("*",)
SUMMARY = "ISRU processing plant: halls, hoppers, conveyor, pipe rack and stacks"
PARAMS = {
    "size_m": Param(60.0, 25.0, 200.0, "m", "plant length (x); width is ~0.6 of it"),
    "halls": Param(2, 1, 4, "", "processing halls"),
    "hoppers": Param(3, 0, 6, "", "feed hoppers"),
    "stacks": Param(2, 0, 6, "", "exhaust stacks"),
}


def _hall(pb, cx, cy, L, W, H, detail):
    """Gabled hall along x centred at (cx, cy)."""
    prof = [[-W / 2, 0], [W / 2, 0], [W / 2, H], [0, H + 0.25 * W], [-W / 2, H]]
    body = g.rotate_z(g.extrude_xz(prof, -L / 2, L / 2), np.pi / 2)
    pb.add("painted_grey", g.translate(body, [cx, cy, 0]), group="halls")
    if detail == 0:
        return
    # external ribs (portal frames) and a lit window strip on both long sides
    nrib = max(3, int(L / 6))
    xs = cx + np.linspace(-L / 2, L / 2, nrib)
    for s in (-1, 1):
        c = np.c_[xs, np.full(nrib, cy + s * (W / 2 + 0.15)), np.full(nrib, H / 2)]
        pb.add("dark_metal", g.boxes(c, [0.5, 0.3, H]), group="frames")
        pb.add(
            "window_lit",
            g.box([L * 0.85, 0.1, 0.6], [cx, cy + s * (W / 2 + 0.05), 0.75 * H]),
            group="windows",
        )
    pb.add(
        "dark_metal",
        g.box([0.3, W * 0.4, H * 0.6], [cx + L / 2 + 0.1, cy, H * 0.3]),
        group="frames",
    )  # door
    if detail >= 2:  # wall cladding seams, roof ridge walkway with rail, door frame
        k = max(4, int(L / 1.2))
        xs = cx + np.linspace(-L / 2, L / 2, k)
        for s in (-1, 1):
            pb.add(
                "dark_metal",
                gr.prisms(
                    np.c_[xs, np.full(k, cy + s * (W / 2 + 0.03)), np.full(k, 0.2)],
                    np.c_[xs, np.full(k, cy + s * (W / 2 + 0.03)), np.full(k, H - 0.1)],
                    0.06,
                    0.06,
                ),
                group="frames",
            )
        ridge = np.c_[xs, np.full(k, cy), np.full(k, H + 0.25 * W + 0.1)]
        pb.add(
            "hazard_yellow", gr.rail_polyline(ridge, 1.0, 2, 2, 0.06, closed=False), group="trim"
        )
    # roof vents
    if detail >= 1:
        k = max(2, int(L / 10))
        pb.add(
            "bare_metal",
            g.boxes(
                np.c_[
                    cx + np.linspace(-L / 3, L / 3, k),
                    np.full(k, cy),
                    np.full(k, H + 0.25 * W + 0.4),
                ],
                [1.5, 1.5, 1.2],
            ),
            group="pipes",
        )


def build(params, rng: np.random.Generator, detail: int = 1) -> AssetMesh:
    """Plant laid out on a concrete apron; halls in the -y half, hoppers/conveyor at +y."""
    S = float(params["size_m"])
    Wp = 0.6 * S
    n = g.seg(detail, 20, 8)
    pb = g.PartBuilder()
    pb.add("regolith_concrete", g.box([S, Wp, 0.5], [0, 0, -0.1]), group="apron")
    nh = int(params["halls"])
    hl = (S * 0.9) / nh
    for i in range(nh):
        cx = -S * 0.45 + hl * (i + 0.5)
        _hall(pb, cx, -0.18 * Wp, hl * 0.85, 0.35 * Wp, 0.12 * S * rng.uniform(0.8, 1.25), detail)
    # hoppers: inverted cones on four legs, at +y
    nhop = int(params["hoppers"])
    hr = 0.045 * S
    hz = 0.1 * S
    hx = np.linspace(-S * 0.35, S * 0.05, max(nhop, 1))[:nhop]
    for x in hx:
        c = [x, 0.28 * Wp, 0]
        cone = g.merge(
            [
                g.frustum(0.2 * hr, hr, hz, hz + 1.2 * hr, n),
                g.cylinder(hr, hz + 1.2 * hr, hz + 2.2 * hr, n),
            ]
        )
        pb.add("bare_metal", g.translate(cone, c), group="hoppers")
        lp = g.ring_points(4, 0.8 * hr, 0, np.pi / 4) + c
        pb.add(
            "dark_metal", gr.members(lp, lp + [0, 0, hz + 1.2 * hr], 0.3, detail), group="hoppers"
        )
        if detail >= 2:
            ring = gr.bolt_ring(hr + 0.05, hz + 1.2 * hr, 48, 0.06, up=False)
            pb.add("bare_metal", g.translate(ring, c), group="hoppers")
        pb.add(
            "hazard_yellow",
            g.translate(g.tube(hr + 0.1, hr - 0.2, hz + 2.0 * hr, hz + 2.2 * hr, n), c),
            group="trim",
        )
    # conveyor: inclined girder from ground (+x end) up to the first hopper top
    if nhop:
        p1 = np.array([hx[-1], 0.28 * Wp, hz + 2.3 * hr])
        p0 = np.array([S * 0.45, 0.28 * Wp, 1.0])
        if detail == 0:
            pb.add("steel_lattice", g.beams([p0], [p1], 2.0, 1.6), group="conveyor")
        else:
            pb.add(
                "steel_lattice",
                tr.girder(p0, p1, 1.6, 10 * detail, 0.18, 0.1, width=2.0, detail=detail),
                group="conveyor",
            )
        belt = g.beams([p0 + [0, 0, 0.9]], [p1 + [0, 0, 0.9]], 1.6, 0.15)
        pb.add("rubber", belt, group="conveyor")
        # supports
        t = np.linspace(0.25, 0.75, 3)[:, None]
        sp = p0 + t * (p1 - p0)
        pb.add("steel_lattice", g.beams(sp * [1, 1, 0], sp - [0, 0, 0.8], 0.4), group="conveyor")
    # pipe rack along x at +y edge: H-frames + parallel pipes
    ry = 0.44 * Wp
    rh = 5.0
    fx = np.arange(-S * 0.45, S * 0.45 + 0.1, (18.0, 6.0, 3.0)[detail])
    legs = np.vstack(
        [np.c_[fx, np.full(len(fx), ry + s * 1.5), np.zeros(len(fx))] for s in (-1, 1)]
    )
    pb.add("steel_lattice", gr.members(legs, legs + [0, 0, rh], 0.35, detail), group="rack")
    pb.add(
        "steel_lattice",
        g.beams(
            np.c_[fx, np.full(len(fx), ry - 1.5), np.full(len(fx), rh)],
            np.c_[fx, np.full(len(fx), ry + 1.5), np.full(len(fx), rh)],
            0.35,
        ),
        group="rack",
    )
    pipes = []
    npipe = (1, 4, 6)[detail]
    for j, y in enumerate(np.linspace(ry - 1.1, ry + 1.1, npipe)):
        pr = 0.25 + 0.1 * (j % 2)
        p = g.rotate(g.cylinder(pr, -S * 0.45, S * 0.45, g.seg(detail, 8, 6)), [0, 1, 0], np.pi / 2)
        pipes.append(g.translate(p, [0, y, rh + 0.2 + pr]))
    pb.add("bare_metal", g.merge(pipes), group="rack_pipes")
    # stacks
    ns = int(params["stacks"])
    for i in range(ns):
        c = [S * 0.2 + 4.0 * i, -0.35 * Wp, 0]
        hs = 0.3 * S * rng.uniform(0.8, 1.3)
        st = g.merge([g.cylinder(1.2, 0, hs, n), g.tube(1.5, 1.0, hs - 1.0, hs, n)])
        pb.add("painted_white", g.translate(st, c), group="stacks")
        pb.add("signal_red", g.box([0.5, 0.5, 0.5], np.add(c, [0, 0, hs + 0.3])), group="beacons")
        if detail >= 1:
            pb.add(
                "painted_red",
                g.translate(g.tube(1.25, 1.0, hs - 0.05 * S, hs - 0.05 * S + 1.5, n), c),
                group="stacks",
            )
        if detail >= 2:
            pb.add(
                "painted_red",
                g.translate(gr.hoops(np.full(6, 1.2), np.linspace(2, hs - 3, 6), 0.08, n // 2), c),
                group="stacks",
            )
    # greebles: crates / machinery round the apron
    k = (4, 20, 40)[detail] + int(rng.integers(0, 8))
    gx = rng.uniform(-S * 0.45, S * 0.45, k)
    gy = rng.uniform(0.05, 0.2, k) * Wp
    pb.add(
        "painted_grey",
        g.boxes(np.c_[gx, gy, np.full(k, 0.9)], rng.uniform(1.0, 3.0, (k, 3)) * [1, 1, 0.6]),
        group="greebles",
    )
    # yard lamps
    lp = np.array([[-S * 0.45, 0.0, 10.0], [S * 0.45, 0.0, 10.0]])
    pb.add("dark_metal", g.beams(lp * [1, 1, 0], lp, 0.3), group="frames")
    pb.add("lamp", g.boxes(lp + [0, 0, 0.4], [1.0, 1.0, 0.6]), group="lamps")
    lights = [
        SpotLight(tuple(p), (-np.sign(p[0]) * 0.6, 0.0, -0.8), 70.0, 1.5, range_m=S) for p in lp
    ]
    parts = pb.parts("plant")
    return AssetMesh(KIND, parts, g.footprint(parts), lights=lights)
