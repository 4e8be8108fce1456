"""Engine support hall: the long, low, massive concrete hall that rings a planetary engine's
foundation. Battered walls, deep triangular buttresses along the outer (-y) side, a recessed
lit window band, a parapet with roof plant and pipes, truck doors at the ends, and floodlights
on the buttress tops (SpotLights on every other one)."""

from __future__ import annotations

import numpy as np

from . import _geometry as g
from . import _greeble as gr
from ._base import AssetMesh, Param, SpotLight

KIND = "support_hall"
CLOSED_PARTS = ("*",)
SUMMARY = "Low, long buttressed concrete hall for engine foundations (~100 m)"
PARAMS = {
    "length_m": Param(100.0, 40.0, 300.0, "m", "length (x)"),
    "width_m": Param(24.0, 10.0, 60.0, "m", "width (y)"),
    "height_m": Param(10.0, 5.0, 30.0, "m", "wall height"),
    "buttress_m": Param(10.0, 5.0, 30.0, "m", "buttress spacing"),
}


def build(params, rng: np.random.Generator, detail: int = 1) -> AssetMesh:
    """Hall along x centred on the origin; buttresses stand on the -y side."""
    L, W, H = float(params["length_m"]), float(params["width_m"]), float(params["height_m"])
    bat = 0.12 * H  # wall batter
    pb = g.PartBuilder()
    prof = [[-W / 2, 0.0], [W / 2, 0.0], [W / 2 - bat, H], [-W / 2 + bat, H]]
    pb.add("regolith_concrete", g.extrude_x(prof, -L / 2, L / 2), group="body")
    if detail >= 1:
        pb.add(
            "regolith_concrete",
            g.box([L + 0.4, W - 2 * bat + 0.4, 1.0], [0, 0, H + 0.5]),
            group="parapet",
        )
    nbt = max(2, int(L / float(params["buttress_m"])) + 1)
    bx = np.linspace(-L / 2 + 2.0, L / 2 - 2.0, nbt)
    depth = 0.8 * H
    but = [[-W / 2 - depth, 0.0], [-W / 2 + 0.5, 0.0], [-W / 2 + bat + 0.5, H * 0.95]]
    bw = 1.6
    pb.add(
        "regolith_concrete",
        g.instance(g.extrude_x(but, -bw / 2, bw / 2), np.c_[bx, np.zeros((nbt, 2))]),
        group="buttresses",
    )
    # window band recessed into the +y and -y walls between the buttresses
    zw = 0.55 * H
    yw = W / 2 - bat * zw / H
    for s in (-1, 1):
        if detail == 0:
            pb.add(
                "window_lit", g.box([L - 4.0, 0.2, 0.8], [0, s * (yw + 0.02), zw]), group="windows"
            )
            continue
        cx = (bx[:-1] + bx[1:]) / 2
        pb.add(
            "window_lit",
            g.boxes(
                np.c_[cx, np.full(nbt - 1, s * (yw + 0.02)), np.full(nbt - 1, zw)],
                [np.diff(bx)[0] - bw - 1.0, 0.2, 0.9],
            ),
            group="windows",
        )
        pb.add(
            "dark_metal",
            g.boxes(
                np.c_[cx, np.full(nbt - 1, s * (yw + 0.1)), np.full(nbt - 1, zw + 0.6)],
                [np.diff(bx)[0] - bw - 0.6, 0.4, 0.2],
            ),
            group="trim",
        )
    # truck doors at both ends
    dw, dh = min(8.0, 0.4 * W), min(6.0, 0.7 * H)
    for s in (-1, 1):
        pb.add("dark_metal", g.box([0.2, dw, dh], [s * (L / 2 + 0.05), 0, dh / 2]), group="doors")
        pb.add(
            "hazard_yellow",
            g.box([0.3, dw + 1.0, 0.5], [s * (L / 2 + 0.1), 0, dh + 0.25]),
            group="trim",
        )
    # floodlights on the buttress tops
    lb = bx[::2]
    lp = np.c_[lb, np.full(len(lb), -W / 2 + bat + 0.3), np.full(len(lb), 0.95 * H + 0.3)]
    if detail >= 1:
        pb.add("lamp", g.boxes(lp, [0.8, 0.6, 0.5]), group="lamps")
    lights = [SpotLight(tuple(p), (0.0, -1.0, -0.7), 70.0, 1.5, range_m=3 * H + 20) for p in lp[:6]]
    if detail >= 1:  # pilasters on the +y wall, window mullions
        pb.add(
            "regolith_concrete",
            g.boxes(
                np.c_[bx, np.full(nbt, W / 2 - 0.5 * bat), np.full(nbt, H / 2)], [1.0, 0.6, H - 0.2]
            ),
            group="pilasters",
        )
        mx = np.arange(-L / 2 + 3.0, L / 2 - 2.0, 2.0)
        pb.add(
            "dark_metal",
            g.boxes(
                np.vstack(
                    [
                        np.c_[mx, np.full(len(mx), s * (yw + 0.12)), np.full(len(mx), zw)]
                        for s in (-1, 1)
                    ]
                ),
                [0.12, 0.1, 0.95],
            ),
            group="trim",
        )
    if detail >= 1:  # roof plant, pipe runs on the roof, buttress caps
        k = max(2, int(L / 20))
        px = np.linspace(-L / 3, L / 3, k)
        pb.add(
            "painted_grey",
            g.boxes(np.c_[px, np.full(k, W / 6), np.full(k, H + 2.0)], [4.0, 3.0, 2.0]),
            group="roof_plant",
        )
        n = g.seg(detail, 10, 6)
        pipe = g.rotate(g.cylinder(0.35, -L / 2 + 1, L / 2 - 1, n), [0, 1, 0], np.pi / 2)
        pb.add(
            "bare_metal",
            g.merge([g.translate(pipe, [0, y, H + 1.5]) for y in (-1.5, -0.6)]),
            group="pipes",
        )
        pb.add(
            "regolith_concrete",
            g.boxes(
                np.c_[bx, np.full(nbt, -W / 2 + bat * 0.9), np.full(nbt, 0.96 * H)],
                [bw + 0.3, 1.2, 0.4],
            ),
            group="buttresses",
        )
    if detail >= 2:  # printed courses on the buttress flanks, pipe supports, wall bolts
        zc = np.arange(0.25, 0.9 * H, 0.25)
        for x in bx:
            t = zc / (0.95 * H)
            y0 = -W / 2 - depth + t * (depth + bat + 0.5)
            c = np.vstack(
                [
                    np.c_[np.full(len(zc), x + s * (bw / 2 + 0.02)), (y0 - W / 2 + 0.5) / 2, zc]
                    for s in (-1, 1)
                ]
            )
            ln = np.tile(np.abs(-W / 2 + 0.5 - y0), 2)
            pb.add(
                "regolith_concrete",
                g.boxes(c, np.c_[np.full(len(c), 0.05), ln, np.full(len(c), 0.05)]),
                group="courses",
            )
        sx = np.arange(-L / 2 + 2, L / 2 - 1, 3.0)
        pb.add(
            "dark_metal",
            g.boxes(np.c_[sx, np.full(len(sx), -1.05), np.full(len(sx), H + 1.1)], [0.2, 2.0, 0.2]),
            group="pipes",
        )
        wb = np.array(
            [
                [x, s * (W / 2 - bat * 0.3 / H * H) + s * 0.02, z]
                for x in np.linspace(-L / 2 + 1, L / 2 - 1, int(L / 2))
                for s in (1,)
                for z in (0.3 * H,)
            ]
        )
        pb.add(
            "bare_metal",
            gr.studs(wb, np.tile([0, 1.0, 0.0], (len(wb), 1)), 0.08, 0.08),
            group="bolts",
        )
    parts = pb.parts("support_hall")
    return AssetMesh(KIND, parts, g.footprint(parts), lights=lights)
