"""Heavy lunar transport in the film's style: a long, blocky chamfered hull (lofted along x,
nose at +x) with a wedge nose and lit bridge windows, a command deck, modular cargo pods along
the flanks, dorsal radiator fins, a main engine cluster at the tail and lift engines under the
belly, standing on six braced landing legs. Landing lights (SpotLights), red beacons, plume
emitters at every engine."""

from __future__ import annotations

import numpy as np

from . import _geometry as g
from . import _greeble as gr
from . import _linear as ln
from ._base import AssetMesh, Emitter, Param, SpotLight

KIND = "transport_ship"
CLOSED_PARTS = ("*",)
SUMMARY = "Heavy lunar transport: blocky hull, engine cluster, landing legs (~120 m)"
PARAMS = {
    "length_m": Param(120.0, 60.0, 200.0, "m", "hull length (x)"),
    "width_ratio": Param(0.2, 0.12, 0.35, "", "hull width as a fraction of the length"),
    "engines": Param(6, 2, 9, "", "main engines at the tail"),
    "pods": Param(4, 0, 8, "", "cargo pods per flank"),
}
# hull stations: x (fraction of L), width scale, bottom and top (fractions of hull height)
STATIONS = np.array(
    [
        [-0.5, 0.86, 0.08, 0.92],
        [-0.44, 1.0, 0.0, 1.0],
        [0.26, 1.0, 0.0, 1.0],
        [0.4, 0.8, 0.12, 0.86],
        [0.5, 0.34, 0.34, 0.6],
    ]
)


def _section(w, h, c):
    """(8, 2) chamfered rectangle in (y, z), counter-clockwise, z from 0 to h."""
    return np.array(
        [
            [-w / 2 + c, 0],
            [w / 2 - c, 0],
            [w / 2, c],
            [w / 2, h - c],
            [w / 2 - c, h],
            [-w / 2 + c, h],
            [-w / 2, h - c],
            [-w / 2, c],
        ]
    )


def _hull_rings(L, W, Hh, z0, grow=0.0, stations=STATIONS):
    rings = []
    for x, sw, zb, zt in stations:
        h = Hh * (zt - zb) + 2 * grow
        sec = _section(W * sw + 2 * grow, h, min(0.18 * W * sw, 0.3 * h))
        rings.append(np.c_[np.full(8, x * L), sec[:, 0], sec[:, 1] + z0 + Hh * zb - grow])
    return np.array(rings)


def _bell(r, h, n):
    """Engine bell along +z from its exit (z = 0) to its throat (closed thin shell)."""
    prof = [
        [r, 0.0],
        [0.5 * r, 0.7 * h],
        [0.42 * r, h],
        [0.34 * r, h],
        [0.42 * r, 0.7 * h],
        [0.92 * r, 0.0],
    ]
    return g.lathe(prof, n, loop=True)


def build(params, rng: np.random.Generator, detail: int = 1) -> AssetMesh:
    """Hull along x (nose +x) centred on the origin, standing on its legs at z = 0."""
    L = float(params["length_m"])
    W = float(params["width_ratio"]) * L
    Hh = 0.65 * W
    z0 = 0.06 * L  # belly height above the ground
    pb = g.PartBuilder()
    pb.add("painted_grey", ln.loft(_hull_rings(L, W, Hh, z0)), group="hull")
    # dorsal spine, stripes and the command deck
    pb.add(
        "painted_white",
        g.box([0.6 * L, 0.4 * W, 0.08 * Hh], [-0.1 * L, 0, z0 + Hh + 0.04 * Hh]),
        group="spine",
    )
    pb.add(
        "painted_orange",
        g.boxes(
            [[x * L, s * (W / 2 + 0.05), z0 + 0.55 * Hh] for x in (-0.3, 0.1) for s in (-1, 1)],
            [0.12 * L, 0.12, 0.08 * Hh],
        ),
        group="stripes",
    )
    deck = [0.2 * L, 0, z0 + Hh + 0.1 * Hh]
    pb.add("painted_white", g.box([0.12 * L, 0.5 * W, 0.2 * Hh], deck), group="spine")
    # bridge windows on the nose slope and round the command deck
    xa, xb = STATIONS[2, 0] * L, STATIONS[3, 0] * L
    zt = z0 + Hh * (STATIONS[2, 3] + 0.6 * (STATIONS[3, 3] - STATIONS[2, 3]))
    ang = np.arctan2(Hh * (STATIONS[2, 3] - STATIONS[3, 3]), xb - xa)
    win = g.rotate(g.box([0.5, 0.5 * W, 0.06 * Hh]), [0, 1, 0], ang)
    pb.add("window_lit", g.translate(win, [xa + 0.6 * (xb - xa), 0, zt + 0.25]), group="windows")
    pb.add(
        "window_lit",
        g.boxes(
            [[deck[0] + 0.06 * L + 0.03, 0, deck[2] + 0.03 * Hh]]
            + [[deck[0], s * (0.25 * W + 0.03), deck[2] + 0.03 * Hh] for s in (-1, 1)],
            [[0.1, 0.4 * W, 0.06 * Hh], [0.1 * L, 0.1, 0.06 * Hh], [0.1 * L, 0.1, 0.06 * Hh]],
        ),
        group="windows",
    )
    # cargo pods along both flanks
    npod = int(params["pods"])
    if npod:
        px = np.linspace(-0.36 * L, 0.16 * L, npod)
        pl = 0.5 * L / npod * 0.85
        for s in (-1, 1):
            c = np.c_[px, np.full(npod, s * (W / 2 + 0.09 * W)), np.full(npod, z0 + 0.35 * Hh)]
            mats = ("painted_white", "painted_orange")
            for i in range(npod):
                pb.add(mats[i % 2], g.box([pl, 0.18 * W, 0.45 * Hh], c[i]), group="pods")
            if detail >= 1:  # pod frames
                pb.add(
                    "dark_metal",
                    g.boxes(
                        np.vstack([c + [dx * pl / 2, 0, 0] for dx in (-1, 1)]),
                        [0.04 * pl + 0.2, 0.18 * W + 0.3, 0.47 * Hh],
                    ),
                    group="frames",
                )
    # dorsal radiator fins
    nf = 3
    fx = np.linspace(-0.35 * L, -0.15 * L, nf)
    pb.add(
        "painted_white",
        g.boxes(
            np.c_[fx, np.zeros(nf), np.full(nf, z0 + Hh + 0.09 * Hh)], [0.05 * L, 0.12, 0.18 * Hh]
        ),
        group="fins",
    )
    # main engines at the tail (bells along -x) and lift engines under the belly (down)
    ne = int(params["engines"])
    n = g.seg(detail, 16, 6)
    cols = int(np.ceil(ne / 2)) if ne > 3 else ne
    rows = 2 if ne > 3 else 1
    re = min(0.8 * W / cols / 2, 0.4 * Hh / rows)
    ys = (np.arange(cols) - (cols - 1) / 2) * 2.1 * re
    zs = z0 + Hh * 0.5 + (np.arange(rows) - (rows - 1) / 2) * 2.1 * re
    ec = np.array([[-L / 2, y, z] for z in zs for y in ys])[:ne]
    bell = _bell(re, 1.6 * re, n) if detail else g.frustum(re, 0.45 * re, 0.0, 1.6 * re, n)
    bell = g.rotate(bell, [0, 1, 0], np.pi / 2)  # +z -> +x (exit at x = 0)
    pb.add("dark_metal", g.instance(bell, ec - [1.6 * re + 0.02 * L, 0, 0]), group="engines")
    pb.add(
        "dark_metal",
        g.box([0.04 * L, 0.86 * W, 0.8 * Hh], [-L / 2 - 0.01 * L, 0, z0 + 0.5 * Hh]),
        group="engines",
    )
    lift = np.array([[x * L, s * 0.3 * W, z0] for x in (-0.3, 0.15) for s in (-1, 1)])
    rl = 0.1 * W
    lb = _bell(rl, rl, n) if detail else g.frustum(rl, 0.45 * rl, 0.0, rl, n)
    pb.add("bare_metal", g.instance(lb, lift - [0, 0, rl]), group="lift_engines")
    emitters = [
        Emitter(f"main{i}", "plume", tuple(p - [1.6 * re + 0.02 * L, 0, 0]), (-1.0, 0.0, 0.0))
        for i, p in enumerate(ec)
    ]
    emitters += [
        Emitter(f"lift{i}", "plume", tuple(p - [0, 0, rl]), (0.0, 0.0, -1.0))
        for i, p in enumerate(lift)
    ]
    # landing legs: struts from the hull sides out and down to round pads, plus a brace
    lx = np.array([-0.36, 0.0, 0.3]) * L
    feet, tops, mids = [], [], []
    for x in lx:
        for s in (-1, 1):
            feet.append([x, s * (W / 2 + 0.1 * W), 0.5])
            tops.append([x, s * W * 0.42, z0 + 0.15 * Hh])
            mids.append([x + 0.04 * L, s * W * 0.3, z0 + 0.02])
    feet, tops, mids = map(np.array, (feet, tops, mids))
    lw = 0.06 * W
    pb.add("dark_metal", gr.prisms(feet, tops, lw, lw, "oct" if detail else "box"), group="legs")
    pb.add("bare_metal", g.beams(feet + [0, 0, 0.5], mids, 0.6 * lw), group="legs_struts")
    pad = (
        g.cylinder(0.06 * W, 0.0, 0.5, n)
        if detail
        else g.box([0.1 * W, 0.1 * W, 0.5], [0, 0, 0.25])
    )
    pb.add("dark_metal", g.instance(pad, feet - [0, 0, 0.5]), group="pads")
    # beacons and landing lights
    pb.add(
        "signal_red",
        g.boxes(
            [[L / 2 + 0.1, 0, z0 + 0.47 * Hh], [-L / 2 - 0.03 * L, 0, z0 + Hh * 0.95]],
            [0.6, 0.6, 0.6],
        ),
        group="beacons",
    )
    lamps = np.array([[x, 0.0, z0 - 0.2] for x in (-0.1 * L, 0.35 * L)])
    pb.add("lamp", g.boxes(lamps, [1.0, 1.6, 0.4]), group="lamps")
    lights = [SpotLight(tuple(p), (0.0, 0.0, -1.0), 70.0, 2.0, range_m=3 * z0 + 30) for p in lamps]
    if detail >= 1:  # hull panel bands, an antenna dish, RCS blocks at the corners
        bx = np.linspace(-0.42 * L, 0.24 * L, 8 if detail == 1 else 30)
        for x in bx:
            two = np.array([[x / L - 0.002, 1.0, 0.0, 1.0], [x / L + 0.002, 1.0, 0.0, 1.0]])
            pb.add("dark_metal", ln.loft(_hull_rings(L, W, Hh, z0, 0.06, two)), group="bands")
        dish = g.lathe(
            [
                [0.0, 0.0],
                [0.03 * W, 0.01 * W],
                [0.08 * W, 0.04 * W],
                [0.075 * W, 0.045 * W],
                [0.0, 0.008 * W],
            ],
            n,
            loop=True,
        )
        pb.add(
            "painted_white", g.translate(dish, [0.05 * L, 0.25 * W, z0 + Hh + 0.2]), group="dish"
        )
        rc = np.array(
            [
                [x, s * W / 2, z0 + z]
                for x in (-0.45 * L, 0.3 * L)
                for s in (-1, 1)
                for z in (0.1 * Hh, 0.9 * Hh)
            ]
        )
        pb.add("bare_metal", g.boxes(rc, [1.2, 0.8, 0.8]), group="rcs")
    if detail >= 1:  # surface greebles on the top deck and flanks
        k = (0, 100, 1100)[detail]
        x = rng.uniform(-0.42 * L, 0.24 * L, k)
        top = rng.random(k) < 0.5
        y = np.where(
            top, rng.uniform(-0.35 * W, 0.35 * W, k), np.where(rng.random(k) < 0.5, -1, 1) * (W / 2)
        )
        z = np.where(top, z0 + Hh, rng.uniform(z0 + 0.2 * Hh, z0 + 0.8 * Hh, k))
        size = rng.uniform(0.3, 1.5, (k, 3)) * [1, 1, 0.4]
        pb.add("painted_grey", g.boxes(np.c_[x, y, z], size), group="greebles")
    parts = pb.parts("transport_ship")
    return AssetMesh(KIND, parts, g.footprint(parts), lights=lights, emitters=emitters)
