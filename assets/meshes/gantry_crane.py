"""Rail-mounted portal (goliath) crane: two A-frame legs on wheeled bogies running on rails
along x, twin box girders spanning y with cantilevers, a trolley with hoist house, ropes and a
spreader, a hanging operator cab, and floodlights under the girders (SpotLights)."""

from __future__ import annotations

import numpy as np

from . import _geometry as g
from . import _greeble as gr
from . import _truss as tr
from ._base import AssetMesh, Param, SpotLight

KIND = "gantry_crane"
CLOSED_PARTS = ("*",)
SUMMARY = "Rail-mounted portal crane: A-frame legs, twin girders, trolley (~40 m span)"
PARAMS = {
    "span_m": Param(40.0, 15.0, 100.0, "m", "distance between the rails (y)"),
    "height_m": Param(40.0, 10.0, 90.0, "m", "height of the girder tops"),
    "cantilever_m": Param(8.0, 0.0, 30.0, "m", "girder overhang beyond each rail"),
    "rail_length_m": Param(80.0, 0.0, 400.0, "m", "length of the rail track along x (0: none)"),
    "trolley": Param(0.4, 0.0, 1.0, "", "trolley position across the span (0..1, -y to +y)"),
}


def build(params, rng: np.random.Generator, detail: int = 1) -> AssetMesh:
    """Crane centred on the origin; rails at y = +-span/2 run along x."""
    S = float(params["span_m"])
    H = float(params["height_m"])
    C = float(params["cantilever_m"])
    RL = float(params["rail_length_m"])
    pb = g.PartBuilder()
    a = 0.22 * H + 3.0  # half spread of the leg feet along x
    dg = 1.2 + 0.04 * S  # girder depth
    zg = H - dg  # girder underside
    n = g.seg(detail, 16, 8)
    # rails on concrete ground beams
    if RL > 0:
        for y in (-S / 2, S / 2):
            pb.add("regolith_concrete", g.box([RL, 1.6, 0.6], [0, y, 0.0]), group="track")
            pb.add("bare_metal", g.box([RL, 0.25, 0.25], [0, y, 0.42]), group="rails")
            pb.add(
                "hazard_yellow",
                g.boxes([[-RL / 2 + 0.5, y, 0.8], [RL / 2 - 0.5, y, 0.8]], [1.0, 1.4, 1.0]),
                group="stops",
            )
        if detail >= 1:  # sleepers (clips at detail 2)
            xs = np.arange(-RL / 2 + 1.0, RL / 2 - 0.9, 2.0 if detail == 1 else 1.0)
            for y in (-S / 2, S / 2):
                c = np.c_[xs, np.full(len(xs), y), np.full(len(xs), 0.33)]
                pb.add("dark_metal", g.boxes(c, [0.3, 1.2, 0.08]), group="sleepers")
                if detail >= 2:
                    off = np.array([[0, s * 0.2, 0.1] for s in (-1, 1)])
                    cl = (c[:, None] + off[None]).reshape(-1, 3)
                    pb.add("dark_metal", g.boxes(cl, [0.2, 0.12, 0.14]), group="sleepers")
    # bogies (sill beams with wheels) and A-frame legs
    zb = 0.55 if RL > 0 else 0.0
    for y in (-S / 2, S / 2):
        pb.add("dark_metal", g.box([2 * a + 4.0, 1.4, 1.4], [0, y, zb + 1.0]), group="bogies")
        wx = np.array([-a - 1.2, -a + 1.2, a - 1.2, a + 1.2])
        wheel = g.rotate(g.cylinder(0.5, -0.2, 0.2, n), [1, 0, 0], np.pi / 2)
        pb.add(
            "bare_metal",
            g.instance(wheel, np.c_[wx, np.full(4, y), np.full(4, zb + 0.5)]),
            group="wheels",
        )
        top = [[-0.35 * a, y, zg + 0.2], [0.35 * a, y, zg + 0.2]]
        foot = [[-a, y, zb + 1.6], [a, y, zb + 1.6]]
        pb.add("painted_white", gr.prisms(foot, top, 1.3 + 0.02 * H, 1.6, "oct"), group="legs")
        if detail >= 2:  # stiffener bands round the legs every 1.5 m
            f, t = np.array(foot), np.array(top)
            k = max(2, int(np.linalg.norm(t[0] - f[0]) / 1.5))
            u = np.linspace(0.05, 0.95, k)[:, None]
            b = np.vstack([f[i] + u * (t[i] - f[i]) for i in range(2)])
            d = np.vstack([np.repeat((t[i] - f[i])[None] / k * 0.08, k, 0) for i in range(2)])
            pb.add(
                "painted_white", gr.prisms(b - d, b + d, 1.4 + 0.02 * H, 1.75, "oct"), group="legs"
            )
        if detail >= 1:  # a tie between the legs at mid height, stiffeners
            zt = 0.45 * (zg + zb)
            pb.add(
                "painted_white",
                g.beams([[-0.68 * a, y, zt]], [[0.68 * a, y, zt]], 0.8),
                group="legs",
            )
    if detail >= 1:
        pb.add(
            "steel_lattice",
            tr.ladder(
                [a * 0.97 - 1.5, -S / 2 - 1.2, zb + 1.6], zg - zb - 1.6, 0.5, (0, -1), detail=detail
            ),
            group="ladder",
        )
    # twin box girders along y with end ties, rails and walkways on top
    Lg = S + 2 * C + 2.0
    gx = (-0.35 * a, 0.35 * a)
    for x in gx:
        pb.add("painted_white", g.box([1.8, Lg, dg], [x, 0, zg + dg / 2]), group="girders")
    for y in (-Lg / 2 + 0.6, Lg / 2 - 0.6):
        pb.add(
            "painted_white",
            g.box([0.7 * a + 1.8, 1.2, dg * 0.7], [0, y, zg + 0.35 * dg]),
            group="girders",
        )
    pb.add(
        "painted_red",
        g.boxes([[x, 0, zg + dg * 0.1] for x in gx], [1.9, Lg + 0.02, 0.35]),
        group="stripe",
    )
    if detail >= 1:  # stiffener ribs on the girder faces, trolley rails on top
        ys = np.linspace(
            -Lg / 2 + 1.5, Lg / 2 - 1.5, max(4, int(Lg / (3.0 if detail == 1 else 1.0)))
        )
        c = np.array([[x + s * 0.95, y, zg + dg / 2] for x in gx for s in (-1, 1) for y in ys])
        pb.add("painted_white", g.boxes(c, [0.12, 0.25, dg * 0.9]), group="ribs")
        pb.add(
            "bare_metal",
            g.boxes([[x, 0, H + 0.1] for x in gx], [0.2, Lg - 1.0, 0.2]),
            group="rails",
        )
    if detail >= 2:  # bolt rows along the girder top flanges, walkway rails
        yb = np.arange(-Lg / 2 + 0.5, Lg / 2 - 0.4, 0.5)
        bp = np.vstack(
            [
                np.c_[np.full(len(yb), x + s * 0.75), yb, np.full(len(yb), H)]
                for x in gx
                for s in (-1, 1)
            ]
        )
        pb.add(
            "bare_metal",
            gr.studs(bp, np.tile([0, 0, 1.0], (len(bp), 1)), 0.05, 0.08),
            group="bolts",
        )
        for x in (gx[0] - 1.2, gx[1] + 1.2):
            pts = np.c_[np.full(12, x), np.linspace(-Lg / 2 + 1, Lg / 2 - 1, 12), np.full(12, zg)]
            pb.add(
                "hazard_yellow",
                gr.rail_polyline(pts, 1.1, 2, 1, 0.06, closed=False),
                group="walk_rails",
            )
            pb.add(
                "steel_lattice",
                g.box([1.0, Lg - 1.0, 0.08], [x - np.sign(x) * 0.3, 0, zg]),
                group="walkways",
            )
    # trolley + hoist house, ropes and a spreader
    yt = (float(params["trolley"]) - 0.5) * S
    pb.add("painted_red", g.box([0.7 * a + 2.6, 6.0, 1.6], [0, yt, H + 1.0]), group="trolley")
    pb.add("painted_grey", g.box([0.4 * a, 4.0, 2.6], [0, yt, H + 3.1]), group="trolley_house")
    zs = max(3.0, 0.35 * H)
    rp = np.array([[x, yt + s, 0] for x in (-1.5, 1.5) for s in (-1.0, 1.0)])
    pb.add(
        "steel_lattice", g.beams(rp + [0, 0, zs + 0.8], rp + [0, 0, H + 0.2], 0.06), group="ropes"
    )
    pb.add("hazard_yellow", g.box([5.0, 3.0, 0.8], [0, yt, zs + 0.4]), group="spreader")
    # operator cab hanging under the -x girder at the -y leg
    cab = [gx[0] - 1.6, -S / 2 + 4.0, zg - 1.5]
    pb.add("painted_grey", g.box([2.2, 2.6, 2.4], cab), group="cab")
    pb.add(
        "window_lit", g.box([0.1, 2.2, 1.0], [cab[0] - 1.12, cab[1], cab[2] + 0.3]), group="windows"
    )
    # floodlights under the girders, beacons on top
    ly = np.array([-0.35 * S, 0.0, 0.35 * S])
    lp = np.array([[x, y, zg - 0.3] for x in gx for y in ly])
    pb.add("lamp", g.boxes(lp, [0.8, 0.8, 0.3]), group="lamps")
    pb.add(
        "signal_red",
        g.boxes(
            [[x, y, H + 0.45] for x in gx for y in (-Lg / 2 + 0.5, Lg / 2 - 0.5)], [0.5, 0.5, 0.5]
        ),
        group="beacons",
    )
    lights = [SpotLight(tuple(p), (0.0, 0.0, -1.0), 70.0, 2.0, range_m=2 * H) for p in lp[::2]]
    parts = pb.parts("gantry_crane")
    return AssetMesh(KIND, parts, g.footprint(parts), lights=lights)
