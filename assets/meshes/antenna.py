"""Communication tower: tapering triangular lattice mast with platforms, panel antennas, a
small dish, whip aerials and red obstruction beacons."""

from __future__ import annotations

import numpy as np

from . import _geometry as g
from . import _greeble as gr
from . import _truss as tr
from ._base import AssetMesh, Param

KIND = "antenna"
CLOSED_PARTS = ("*",)
SUMMARY = "Lattice communication tower with panel antennas and beacons"
PARAMS = {
    "height_m": Param(40.0, 10.0, 200.0, "m", "mast height"),
    "base_width_m": Param(6.0, 1.5, 30.0, "m", "leg circle radius at the base"),
}


def build(params, rng: np.random.Generator, detail: int = 1) -> AssetMesh:
    """Mast on the origin."""
    H = float(params["height_m"])
    rb = float(params["base_width_m"]) / 2 * 1.4
    rt = max(0.6, 0.2 * rb)
    bays = max(3, int(H / (16.0, 4.0, 2.5)[detail]))
    pb = g.PartBuilder()
    pb.add(
        "steel_lattice",
        tr.tower(
            3,
            rb,
            rt,
            0.0,
            H,
            bays,
            0.08 * rb + 0.1,
            0.03 * rb + 0.05,
            bracing="z" if detail == 0 else "x",
            detail=detail,
        ),
        group="mast",
    )
    feet = g.ring_points(3, rb, -0.3, np.pi / 3)
    pb.add("regolith_concrete", g.boxes(feet, [1.2, 1.2, 0.8]), group="footings")
    # platforms at 60 % and the top
    for z in (0.6 * H, H):
        r = rb + (rt - rb) * z / H + 0.8
        tri = g.ngon(3, r * 1.2, np.pi / 3)
        pb.add("steel_lattice", g.extrude(tri, z - 0.2, z), group="platforms")
        if detail >= 2:
            pts = np.vstack(
                [
                    a + np.linspace(0, 1, 8, endpoint=False)[:, None] * (b - a)
                    for a, b in zip(tri * 0.95, np.roll(tri * 0.95, -1, 0), strict=True)
                ]
            )
            pb.add(
                "hazard_yellow",
                gr.rail_polyline(np.c_[pts, np.full(len(pts), z)], 1.0, 2),
                group="rails",
            )
    # panel antennas round the top + a dish at 60 %
    a = np.linspace(0, 2 * np.pi, 3, endpoint=False)
    pc = np.c_[(rt + 0.7) * np.cos(a), (rt + 0.7) * np.sin(a), np.full(3, H - 2.0)]
    pb.add("painted_white", g.boxes(pc, [0.25, 0.6, 2.5], a), group="antennas")
    dish = g.lathe(
        [[0.0, 0.0], [1.2, 0.45], [1.17, 0.55], [0.0, 0.1]], g.seg(detail, 16, 6), loop=True
    )
    zd = 0.6 * H + 1.5
    rd = rb + (rt - rb) * 0.6 + 1.2
    pb.add(
        "painted_white", g.translate(g.orient(dish, [1, 0, 0.15]), [rd, 0, zd]), group="antennas"
    )
    # whips and lightning rod
    k = (1, 6, 6)[detail]
    wp = np.c_[rng.uniform(-rt, rt, k), rng.uniform(-rt, rt, k), np.full(k, H)]
    pb.add(
        "bare_metal",
        g.beams(wp, wp + np.c_[np.zeros((k, 2)), rng.uniform(2, 6, k)], 0.06),
        group="whips",
    )
    pb.add("bare_metal", g.beams([[0, 0, H]], [[0, 0, H + 6.0]], 0.12), group="whips")
    pb.add(
        "signal_red",
        g.boxes([[0, 0, H + 6.2], [rd - 1.0, 0, 0.6 * H + 0.4]], [0.4, 0.4, 0.4]),
        group="beacons",
    )
    if detail >= 1:  # cable ladder up one leg + equipment shelter at the base
        pb.add("bare_metal", tr.ladder([rb * 0.5, 0, 0], H * 0.98, 0.5, (1, 0)), group="whips")
        pb.add("painted_grey", g.box([2.5, 2.0, 2.2], [0, -rb - 2.0, 1.1]), group="shelter")
    parts = pb.parts("antenna")
    return AssetMesh(KIND, parts, g.footprint(parts))
