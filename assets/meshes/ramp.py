"""Graded ramp up a terrace cut: a regolith-concrete wedge rising along +x to a landing,
flanked by printed-brick retaining walls that step up in courses, guard rails, hazard edge
markings and a lamp post at the top (SpotLight)."""

from __future__ import annotations

import numpy as np

from . import _geometry as g
from . import _greeble as gr
from ._base import AssetMesh, Param, SpotLight

KIND = "ramp"
CLOSED_PARTS = ("*",)
SUMMARY = "Graded ramp with stepped brick retaining walls up a terrace (~40 m)"
PARAMS = {
    "length_m": Param(40.0, 10.0, 150.0, "m", "length of the slope (x)"),
    "width_m": Param(10.0, 4.0, 40.0, "m", "driving width"),
    "rise_m": Param(6.0, 1.0, 30.0, "m", "height gained"),
    "landing_m": Param(8.0, 0.0, 40.0, "m", "flat landing at the top"),
}


def build(params, rng: np.random.Generator, detail: int = 1) -> AssetMesh:
    """Ramp centred on the origin, rising toward +x."""
    L = float(params["length_m"])
    W = float(params["width_m"])
    R = float(params["rise_m"])
    La = float(params["landing_m"])
    x0, x1, x2 = -(L + La) / 2, (L - La) / 2, (L + La) / 2
    pb = g.PartBuilder()
    prof = [[x0, 0.0], [x2, 0.0], [x2, R]] + ([[x1, R]] if La > 0 else [])
    pb.add("regolith_concrete", g.extrude_xz(prof, -W / 2, W / 2), group="ramp")
    # retaining walls: courses that step up with the slope (one wedge wall at detail 0)
    wt = 0.8
    for s in (-1, 1):
        y = s * (W / 2 + wt / 2)
        if detail == 0:
            wall = [[x0, 0.0], [x2, 0.0], [x2, R + 1.0]] + ([[x1, R + 1.0]] if La > 0 else [])
            pb.add("regolith_concrete", g.extrude_xz(wall, y - wt / 2, y + wt / 2), group="walls")
            continue
        c, bl = ((0.5, 2.0), (0.2, 0.8))[detail - 1]
        est = 2 * (R + 1.0) / c * (L / 2 + La) / bl  # bricks in both walls
        grow = max(1.0, np.sqrt(est / (700, 3500)[detail - 1]))
        c, bl = c * grow, bl * grow
        nc = max(1, int(np.ceil((R + 1.0) / c)))
        z = np.arange(nc) * c
        xs = x0 + (z + c) / R * L - 1.0 / R * L  # the course starts where the slope is 1 m under
        xs = np.clip(xs, x0, x2 - 0.5)
        cen, size = [], []
        for zz, xa in zip(z, xs, strict=True):
            n = max(1, int((x2 - xa) / bl))
            e = np.linspace(xa, x2, n + 1)
            if len(cen) % 2:
                e = np.unique(np.r_[xa, (e[:-1] + e[1:]) / 2, x2])
            for a, b in zip(e[:-1], e[1:], strict=True):
                cen.append([(a + b) / 2, y, zz + c / 2])
                size.append([b - a - 0.04, wt, c - 0.03])
        pb.add("regolith_concrete", g.boxes(np.array(cen), np.array(size)), group="walls")
        # guard rail along the wall top
        k = max(4, int(L / 3))
        t = np.linspace(x0 + 1.0, x2 - 0.3, k)
        zt = np.minimum(R, (t - x0) / L * R) + 1.0
        rail = np.c_[t, np.full(k, s * (W / 2 - 0.3)), zt]
        pb.add(
            "hazard_yellow",
            gr.rail_polyline(rail, 1.0, detail, 1, 0.06, closed=False),
            group="rails",
        )
    # hazard edge stripes along the slope and at the landing lip
    ang = np.arctan2(R, L)
    stripe = g.rotate(g.box([np.hypot(L, R), 0.3, 0.04]), [0, 1, 0], -ang)
    pb.add(
        "hazard_yellow",
        g.instance(stripe, [[(x0 + x1) / 2, s * (W / 2 - 0.5), R / 2 + 0.03] for s in (-1, 1)]),
        group="marks",
    )
    if detail >= 2:  # anti-skid grooves across the slope
        xg = np.arange(x0 + 1.0, x1 - 0.5, 0.6)
        zg = (xg - x0) / L * R
        groove = g.rotate(g.box([0.12, W - 1.6, 0.05]), [0, 1, 0], -ang)
        pb.add(
            "dark_metal", g.instance(groove, np.c_[xg, np.zeros(len(xg)), zg + 0.02]), group="marks"
        )
    # lamp post at the top corner
    base = np.array([x2 - 1.0, -(W / 2 - 0.8), R])
    hp = 8.0
    pb.add(
        "dark_metal",
        g.translate(g.frustum(0.2, 0.12, 0.0, hp, g.seg(detail, 8, 4)), base),
        group="lamp_post",
    )
    head = base + [-0.6, 0.0, hp]
    pb.add("lamp", g.box([1.0, 0.5, 0.3], head), group="lamps")
    lights = [SpotLight(tuple(head - [0, 0, 0.2]), (-0.7, 0.3, -1.0), 70.0, 1.0, range_m=L + 20.0)]
    parts = pb.parts("ramp")
    return AssetMesh(KIND, parts, g.footprint(parts), lights=lights)
