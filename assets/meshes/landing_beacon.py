"""Landing beacon: a short lattice mast on a concrete pad carrying a red strobe head, a
solar panel and a battery box, with an optional ring of flush edge lights marking the landing
zone round it. One downward SpotLight washes the pad."""

from __future__ import annotations

import numpy as np

from . import _geometry as g
from . import _greeble as gr
from . import _truss as tr
from ._base import AssetMesh, Param, SpotLight

KIND = "landing_beacon"
CLOSED_PARTS = ("*",)
SUMMARY = "Landing beacon mast with red strobe and a ring of zone edge lights"
PARAMS = {
    "height_m": Param(6.0, 2.0, 20.0, "m", "mast height"),
    "ring_m": Param(15.0, 0.0, 60.0, "m", "radius of the landing-zone edge lights (0: none)"),
    "ring_lights": Param(12, 4, 32, "", "edge lights in the ring"),
}


def build(params, rng: np.random.Generator, detail: int = 1) -> AssetMesh:
    """Mast on the origin; the ring is centred on it."""
    H = float(params["height_m"])
    Rr = float(params["ring_m"])
    pb = g.PartBuilder()
    pb.add("regolith_concrete", g.box([2.4, 2.4, 0.5], [0, 0, 0.0]), group="pad")
    if detail == 0:
        pb.add("painted_grey", g.frustum(0.35, 0.2, 0.25, H, 4), group="mast")
    else:
        pb.add(
            "painted_grey",
            tr.tower(
                3,
                0.45,
                0.25,
                0.25,
                H,
                max(3, int(H / (0.8, 0.5)[detail - 1])),
                0.06,
                0.03,
                detail=detail,
            ),
            group="mast",
        )
    n = g.seg(detail, 12, 6)
    pb.add("dark_metal", g.cylinder(0.3, H, H + 0.3, n), group="head")
    pb.add("signal_red", g.cylinder(0.22, H + 0.3, H + 0.75, n), group="strobe")
    pb.add("dark_metal", g.cylinder(0.3, H + 0.75, H + 0.85, n), group="head")
    # solar panel and battery box
    panel = g.rotate(g.box([1.6, 1.0, 0.05]), [0, 1, 0], -0.6)
    pb.add("solar_cell", g.translate(panel, [0.9, 0, 0.6 * H]), group="solar")
    pb.add("painted_white", g.box([0.7, 0.5, 0.8], [0.0, -0.8, 0.65]), group="battery")
    if detail >= 1:
        pb.add(
            "steel_lattice",
            g.beams([[0.1, 0, 0.6 * H]], [[0.7, 0, 0.6 * H]], 0.06),
            group="brackets",
        )
    if detail >= 2:
        pb.add("bare_metal", gr.bolt_ring(0.9, 0.25, 12, 0.05), group="bolts")
        pb.add("rubber", g.beams([[0.05, 0, 0.3]], [[0.05, 0, H]], 0.03), group="cable")
    # flush edge lights on little concrete bases round the landing zone
    k = int(params["ring_lights"]) if Rr > 0 else 0
    if k:
        c = g.ring_points(k, Rr, 0.1)
        a = np.linspace(0, 2 * np.pi, k, endpoint=False)
        if detail >= 1:
            pb.add("regolith_concrete", g.boxes(c, [0.8, 0.8, 0.2], a), group="ring_bases")
            pb.add("lamp", g.boxes(c + [0, 0, 0.22], [0.2, 0.2, 0.04], a), group="ring_lights")
        pb.add("signal_red", g.boxes(c + [0, 0, 0.15], [0.35, 0.35, 0.12], a), group="ring_lights")
        if detail >= 2:  # glass lens domes and bolts on every edge light
            lens = g.dome(0.15, 0.1, 0.0, 24, 4)
            pb.add("glass", g.instance(lens, c + [0, 0, 0.24]), group="lenses")
            pb.add(
                "bare_metal",
                g.instance(gr.bolt_ring(0.3, 0.0, 4, 0.03), c + [0, 0, 0.2]),
                group="bolts",
            )
    lights = [
        SpotLight((0.0, 0.0, H + 0.2), (0.0, 0.0, -1.0), 120.0, 0.6, range_m=max(20.0, 1.5 * Rr))
    ]
    parts = pb.parts("landing_beacon")
    return AssetMesh(KIND, parts, g.footprint(parts), lights=lights)
