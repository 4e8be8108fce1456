"""Blast deflector wall for launch pads: precast regolith-concrete panels whose blast face
leans back at ``angle_deg`` (the pad is on -y), held by triangular buttresses behind, steel
wear plates on the face, a hazard-striped cap and expansion-joint covers. ``arc_deg`` bends
the run into an arc round the pad."""

from __future__ import annotations

import numpy as np

from . import _geometry as g
from . import _greeble as gr
from ._base import AssetMesh, Param

KIND = "blast_wall"
CLOSED_PARTS = ("*",)
SUMMARY = "Angled concrete blast deflector wall with buttresses and wear plates (~40 m)"
PARAMS = {
    "length_m": Param(40.0, 5.0, 200.0, "m", "length of the run (along the arc)"),
    "height_m": Param(10.0, 3.0, 30.0, "m", "height"),
    "angle_deg": Param(60.0, 30.0, 90.0, "deg", "blast face inclination from the ground"),
    "arc_deg": Param(0.0, 0.0, 180.0, "deg", "bend of the run round the pad (on -y)"),
    "panel_m": Param(6.0, 2.0, 20.0, "m", "precast panel length"),
}


def build(params, rng: np.random.Generator, detail: int = 1) -> AssetMesh:
    """Wall centred on the origin, running along x; the blast face looks toward -y."""
    L = float(params["length_m"])
    H = float(params["height_m"])
    lean = H / np.tan(np.deg2rad(float(params["angle_deg"])))
    t = max(0.8, 0.08 * H)
    arc = np.deg2rad(float(params["arc_deg"]))
    npanel = max(1, int(round(L / float(params["panel_m"]))))
    P = L / npanel
    pw = P - 0.12  # panel length with the joint
    # panel section in (y, z): the slab, leaning back (+y) with height
    slab = [[0.0, 0.0], [t, 0.0], [lean + t, H], [lean, H]]
    but = [[t - 0.05, 0.0], [lean + t + 0.3 * H, 0.0], [lean + t - 0.05, H * 0.95]]
    panel = g.PartBuilder()
    panel.add("regolith_concrete", g.extrude_x(slab, -pw / 2, pw / 2), group="panels")
    if detail >= 1:
        panel.add(
            "regolith_concrete",
            g.box([pw + 0.2, lean + t + 1.2, 0.5], [0, (lean + t) / 2 + 0.3, 0.0]),
            group="footing",
        )
        panel.add(
            "hazard_yellow", g.box([pw, t + 0.1, 0.3], [0, lean + t / 2, H + 0.15]), group="cap"
        )
        for x in (-0.3 * pw, 0.3 * pw) if pw > 3 else (0.0,):
            panel.add("regolith_concrete", g.extrude_x(but, x - 0.3, x + 0.3), group="buttresses")
        # wear plates on the blast face: a thin slab proud of it over the lower 70 %
        nrm = np.array([-H, lean]) / np.hypot(H, lean)  # outward normal of the face (y, z)
        a0 = np.array([0.0, 0.0]) + 0.1 * np.array([lean, H]) / np.hypot(lean, H)
        a1 = np.array([lean, H]) * 0.75
        plate = [a0, a1, a1 + 0.08 * nrm, a0 + 0.08 * nrm]
        k = 2 if detail == 1 else 4
        e = np.linspace(-pw / 2 + 0.1, pw / 2 - 0.1, k + 1)
        for x0, x1 in zip(e[:-1], e[1:], strict=True):
            panel.add("bare_metal", g.extrude_x(plate, x0 + 0.03, x1 - 0.03), group="plates")
        if detail >= 2:  # bolt grid on the plates, lifting anchors on the cap
            u = np.linspace(0.1, 0.9, 6)
            pts = np.array(
                [
                    [x, *(a0 + s * (a1 - a0) + 0.08 * nrm)]
                    for x in np.linspace(-pw / 2 + 0.3, pw / 2 - 0.3, 12)
                    for s in u
                ]
            )
            panel.add(
                "dark_metal",
                gr.studs(pts, np.tile([0.0, *nrm], (len(pts), 1)), 0.05, 0.05),
                group="bolts",
            )
            la = np.array([[x, lean + t / 2, H + 0.3] for x in (-pw / 3, pw / 3)])
            panel.add(
                "dark_metal", gr.prisms(la, la + [0, 0, 0.25], 0.15, section="oct"), group="bolts"
            )
    parts = panel.parts("panel")
    # lay the panels along the run (straight or on an arc round the pad at -y)
    s = (np.arange(npanel) + 0.5) * P - L / 2
    if arc > 1e-6:
        Rc = L / arc
        th = s / Rc
        cx, cy, yaw = Rc * np.sin(th), -Rc + Rc * np.cos(th), -th
    else:
        cx, cy, yaw = s, np.zeros(npanel), np.zeros(npanel)
    pb = g.PartBuilder()
    pos = np.c_[cx, cy, np.zeros(npanel)]
    for p in parts:
        pb.add(p.material, g.instance((p.vertices, p.faces), pos, yaw), group=p.name)
    if detail >= 1 and npanel > 1:  # expansion-joint covers between neighbours
        mid = (pos[:-1] + pos[1:]) / 2
        ya = (yaw[:-1] + yaw[1:]) / 2
        cover = g.extrude_x(
            [[-0.05, 0.0], [t + 0.05, 0.0], [lean + t + 0.05, H], [lean - 0.05, H]], -0.12, 0.12
        )
        pb.add("dark_metal", g.instance(cover, mid, ya), group="joints")
    parts = pb.parts("blast_wall")
    return AssetMesh(KIND, parts, g.footprint(parts))
