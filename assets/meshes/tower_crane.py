"""Tower crane: square lattice mast on a concrete block, slewing unit with the operator cab,
a cat-head with pendant ties, a lattice jib with trolley and hook block, and a counter-jib with
concrete counterweights and the hoist house. ``slew_deg`` turns everything above the mast.
Lamps under the jib and at the cab (SpotLights), red beacons at the tips."""

from __future__ import annotations

import numpy as np

from . import _geometry as g
from . import _greeble as gr
from . import _truss as tr
from ._base import AssetMesh, Param, SpotLight

KIND = "tower_crane"
CLOSED_PARTS = ("*",)
SUMMARY = "Tower crane: lattice mast, jib with trolley and hook, counter-jib (~60 m)"
PARAMS = {
    "height_m": Param(60.0, 20.0, 120.0, "m", "height under the jib"),
    "jib_m": Param(50.0, 20.0, 90.0, "m", "jib reach from the mast axis"),
    "slew_deg": Param(0.0, -180.0, 180.0, "deg", "jib direction (0 = +x)"),
    "trolley": Param(0.6, 0.1, 0.95, "", "trolley position as a fraction of the jib"),
}


def build(params, rng: np.random.Generator, detail: int = 1) -> AssetMesh:
    """Mast on the origin; the jib points along +x turned by slew_deg."""
    H = float(params["height_m"])
    J = float(params["jib_m"])
    slew = np.deg2rad(float(params["slew_deg"]))
    side = 1.6 + 0.015 * H
    r = side / np.sqrt(2)
    pb = g.PartBuilder()
    pb.add("regolith_concrete", g.box([side + 5.0, side + 5.0, 2.0], [0, 0, 0.0]), group="base")
    bays = max(4, int(round(H / (side * (3.0, 1.5, 1.0)[detail]))))
    pb.add(
        "hazard_yellow",
        tr.tower(
            4,
            r,
            r,
            1.0,
            H,
            bays,
            0.22 + 0.002 * H,
            0.1,
            bracing="z" if detail == 0 else "x",
            detail=detail,
        ),
        group="mast",
    )
    up = g.PartBuilder()  # everything that slews, built along +x then turned
    zj = H + 1.6
    up.add("dark_metal", g.box([side + 0.6, side + 0.6, 1.6], [0, 0, H + 0.8]), group="slew")
    # jib and counter-jib
    cj = 0.3 * J
    dj = 1.3 + 0.01 * J
    if detail == 0:
        up.add("hazard_yellow", g.box([J, dj, dj], [J / 2, 0, zj + dj / 2]), group="jib")
        up.add("hazard_yellow", g.box([cj, 2.6, 0.8], [-cj / 2, 0, zj + 0.4]), group="jib")
    else:
        up.add(
            "hazard_yellow",
            tr.girder(
                [0, 0, zj + dj / 2],
                [J, 0, zj + dj / 2],
                dj,
                max(4, int(J / (dj * (1.4 if detail == 1 else 1.0)))),
                0.16,
                0.08,
                detail=detail,
            ),
            group="jib",
        )
        up.add(
            "hazard_yellow",
            tr.girder(
                [0, 0, zj + 0.4],
                [-cj, 0, zj + 0.4],
                0.8,
                max(3, int(cj / 2)),
                0.18,
                0.09,
                width=2.6,
                detail=detail,
            ),
            group="jib",
        )
        up.add(
            "steel_lattice",
            g.box([cj * 0.9, 2.4, 0.08], [-cj * 0.5, 0, zj + 0.84]),
            group="walkway",
        )
    # counterweights and hoist house at the counter-jib end
    up.add(
        "regolith_concrete",
        g.boxes([[-cj + 1.5 + 1.1 * i, 0, zj - 1.2] for i in range(3)], [1.0, 2.8, 3.2]),
        group="counterweights",
    )
    up.add("painted_grey", g.box([3.0, 2.2, 1.8], [-cj * 0.55, 0, zj + 1.7]), group="house")
    # cat-head and pendant ties
    ht = 0.22 * J
    if detail == 0:
        up.add("hazard_yellow", g.frustum(r, 0.2, zj, zj + ht, 4), group="cathead")
    else:
        up.add(
            "hazard_yellow",
            tr.tower(4, r, 0.25, zj, zj + ht, 3, 0.2, 0.1, detail=detail),
            group="cathead",
        )
    top = [0, 0, zj + ht]
    up.add(
        "steel_lattice",
        g.beams([top, top], [[0.65 * J, 0, zj + dj], [-cj, 0, zj + 0.8]], 0.08),
        group="ties",
    )
    # cab on the +y side under the jib root, lit windows facing +x
    cab = [side / 2 + 1.2, side / 2 + 0.6, H + 0.2]
    up.add("painted_white", g.box([2.4, 2.0, 2.4], cab), group="cab")
    up.add(
        "window_lit", g.box([0.1, 1.7, 1.0], [cab[0] + 1.22, cab[1], cab[2] + 0.4]), group="windows"
    )
    # trolley, hoist ropes and hook block
    xt = float(params["trolley"]) * J
    zh = max(4.0, 0.45 * H)
    up.add("dark_metal", g.box([2.2, 2.2, 0.8], [xt, 0, zj - 0.2]), group="trolley")
    up.add(
        "steel_lattice",
        g.beams(
            [[xt, -0.4, zj - 0.6], [xt, 0.4, zj - 0.6]],
            [[xt, -0.4, zh + 1.2], [xt, 0.4, zh + 1.2]],
            0.05,
        ),
        group="ties",
    )
    up.add("hazard_yellow", g.box([1.4, 1.2, 1.2], [xt, 0, zh + 0.6]), group="hook")
    up.add("dark_metal", g.box([0.3, 0.3, 0.8], [xt, 0, zh - 0.4]), group="hook")
    # lamps under the jib, beacons at the tips
    lamp_x = np.array([0.35 * J, 0.8 * J])
    up.add(
        "lamp",
        g.boxes(np.c_[lamp_x, np.zeros(2), np.full(2, zj - 0.25)], [0.8, 0.8, 0.4]),
        group="lamps",
    )
    up.add(
        "signal_red",
        g.boxes(
            [[J - 0.3, 0, zj + dj + 0.3], [0, 0, zj + ht + 0.35], [-cj, 0, zj + 1.5]],
            [0.5, 0.5, 0.5],
        ),
        group="beacons",
    )
    if detail >= 1:  # cab access platform + mast ladder + jib walkway rail
        pb.add(
            "steel_lattice",
            tr.ladder([0, side / 2 - 0.3, 1.0], H - 1.0, 0.5, (0, -1), detail=detail),
            group="ladder",
        )
        up.add(
            "hazard_yellow",
            gr.rail_polyline(
                np.c_[np.linspace(-cj, 0, 6), np.full(6, 1.2), np.full(6, zj + 0.88)],
                1.0,
                detail,
                1,
                0.05,
                closed=False,
            ),
            group="rails",
        )
    if detail >= 2:  # mast section joints (bolted plates) every 6 m, jib rail both sides
        zs = np.arange(1.0 + 6.0, H, 6.0)
        c = g.ring_points(4, r, 0.0, np.pi / 4)
        nodes = np.vstack([c + [0, 0, z] for z in zs])
        pb.add("dark_metal", g.boxes(nodes, [0.55, 0.55, 0.5]), group="joints")
        pb.add("bare_metal", gr.bolt_ring(side / 2 + 1.5, 1.0, 24, 0.08), group="bolts")
        for s in (-1, 1):
            xs = np.linspace(0.5, J - 1, max(6, int(J / 2)))
            rail = np.c_[xs, np.full(len(xs), s * 0.7), np.full(len(xs), zj + dj + 0.02)]
            up.add(
                "hazard_yellow",
                gr.rail_polyline(rail, 0.9, 2, 2, 0.04, closed=False),
                group="rails",
            )
    ca, sa = np.cos(slew), np.sin(slew)
    for p in up.parts("upper"):
        v = p.vertices.copy()
        v[:, 0], v[:, 1] = (
            ca * p.vertices[:, 0] - sa * p.vertices[:, 1],
            sa * p.vertices[:, 0] + ca * p.vertices[:, 1],
        )
        pb.add(p.material, v, p.faces, group=p.name)
    lam = [(lamp_x[0], 0.0, zj - 0.5), (lamp_x[1], 0.0, zj - 0.5), (cab[0] + 1.4, cab[1], H)]
    lights = [
        SpotLight(
            (ca * x - sa * y, sa * x + ca * y, z), (0.0, 0.0, -1.0), 60.0, 2.0, range_m=1.5 * H
        )
        for x, y, z in lam
    ]
    parts = pb.parts("tower_crane")
    return AssetMesh(KIND, parts, g.footprint(parts), lights=lights)
