"""Road light: a slim tapered pole on a concrete footing with an outreach arm and a lamp head
whose emissive face looks down the road (one SpotLight). Detail 1 adds a base flange, a
service hatch and a bracket; detail 2 anchor bolts, cooling fins and a cable gland."""

from __future__ import annotations

import numpy as np

from . import _geometry as g
from . import _greeble as gr
from ._base import AssetMesh, Param, SpotLight

KIND = "road_light"
CLOSED_PARTS = ("*",)
SUMMARY = "Road light: slim pole with outreach arm and lamp head (~10 m)"
PARAMS = {
    "height_m": Param(10.0, 6.0, 14.0, "m", "lamp head height"),
    "arm_m": Param(2.0, 0.0, 5.0, "m", "outreach of the arm (+x)"),
    "tilt_deg": Param(10.0, 0.0, 45.0, "deg", "lamp aim away from straight down, toward +x"),
    "range_m": Param(40.0, 10.0, 200.0, "m", "light reach for the renderer"),
}


def build(params, rng: np.random.Generator, detail: int = 1) -> AssetMesh:
    """Pole on the origin; the arm and lamp reach along +x."""
    H = float(params["height_m"])
    A = float(params["arm_m"])
    tilt = np.deg2rad(float(params["tilt_deg"]))
    n = (4, 20, 48)[detail]
    pb = g.PartBuilder()
    if detail == 0:
        pb.add("regolith_concrete", g.box([0.9, 0.9, 0.8], [0, 0, 0.0]), group="footing")
    else:
        pb.add("regolith_concrete", g.frustum(0.55, 0.45, -0.5, 0.3, n), group="footing")
        pb.add("dark_metal", g.cylinder(0.3, 0.3, 0.38, n), group="flange")
        pb.add("dark_metal", g.box([0.06, 0.14, 0.4], [0.12, 0, 1.2]), group="flange")  # hatch
        r = 0.12 - 0.06 * (0.5 * H) / H
        pb.add(
            "dark_metal", g.cylinder(r + 0.02, 0.5 * H - 0.1, 0.5 * H + 0.1, n), group="flange"
        )  # pole joint collar
    pb.add("painted_grey", g.frustum(0.12, 0.06, 0.3, H + 0.3, n), group="pole")
    # arm with a small upward rise, head at its end
    tip = np.array([A, 0.0, H + 0.15 * min(A, 2.0)])
    if A > 0.05:
        pb.add("painted_grey", g.beams([[0, 0, H]], [tip], 0.09), group="pole")
        if detail >= 1:  # bracket strut
            pb.add(
                "painted_grey",
                g.beams([[0, 0, H - 0.6]], [[0.45 * A, 0, H + 0.05]], 0.05),
                group="pole",
            )
    head = g.rotate(g.box([0.7, 0.32, 0.16], [0.25, 0, 0]), [0, 1, 0], -0.5 * tilt)
    face = g.rotate(g.box([0.6, 0.26, 0.03], [0.25, 0, -0.09]), [0, 1, 0], -0.5 * tilt)
    pb.add("dark_metal", g.translate(head, tip), group="head")
    pb.add("lamp", g.translate(face, tip), group="lamp")
    if detail >= 2:  # anchor bolts, cooling fins on the head, cable gland
        pb.add("bare_metal", gr.bolt_ring(0.24, 0.38, 8, 0.03), group="bolts")
        fins = g.boxes([[x, 0, 0.1] for x in np.linspace(0.0, 0.5, 9)], [0.02, 0.3, 0.06])
        pb.add("dark_metal", g.translate(g.rotate(fins, [0, 1, 0], -0.5 * tilt), tip), group="head")
        pb.add(
            "rubber",
            g.translate(
                gr.prisms([[0, 0, 0]], [[0, 0, 0.08]], 0.05, section="oct"), tip - [0, 0, 0.1]
            ),
            group="bolts",
        )
        zs = np.linspace(1.6, H - 0.5, 6)
        r = 0.12 - 0.06 * (zs - 0.3) / H
        pb.add("dark_metal", gr.hoops(r, zs, 0.012, n), group="flange")
    pos = tip + [0.3, 0.0, -0.15]
    d = (float(np.sin(tilt)), 0.0, float(-np.cos(tilt)))
    lights = [SpotLight(tuple(pos), d, 65.0, 1.0, range_m=float(params["range_m"]))]
    parts = pb.parts("road_light")
    return AssetMesh(KIND, parts, g.footprint(parts), lights=lights)
