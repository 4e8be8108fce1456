"""Compact fission surface power plant: reactor vessel sunk in a regolith berm, a shadow
shield, a boom up to the power-conversion unit, and a ring of radial radiator fins."""

from __future__ import annotations

import numpy as np

from . import _geometry as g
from . import _greeble as gr
from . import _truss as tr
from ._base import AssetMesh, Param

KIND = "fission_plant"
CLOSED_PARTS = ("*",)
SUMMARY = "Compact fission reactor with shadow shield and radial radiator fins"
PARAMS = {
    "height_m": Param(14.0, 6.0, 40.0, "m", "height to the top of the radiator fins"),
    "fins": Param(8, 3, 16, "", "radial radiator fins"),
    "fin_span_m": Param(6.0, 2.0, 20.0, "m", "radial span of each fin"),
}


def build(params, rng: np.random.Generator, detail: int = 1) -> AssetMesh:
    """Reactor at the origin; fins radiate round the central boom."""
    H = float(params["height_m"])
    nf = int(params["fins"])
    span = float(params["fin_span_m"])
    n = g.seg(detail, 28, 10)
    pb = g.PartBuilder()
    # berm and reactor vessel
    berm = [[4.5 + 0.4 * H, -0.5], [4.5 + 0.4 * H, 0.0], [2.2, 2.4], [0.0, 2.4]]
    pb.add("regolith_concrete", g.lathe(berm, n), group="berm")
    pb.add("dark_metal", g.cylinder(1.6, 2.4, 4.0, n), group="core")
    pb.add("hazard_yellow", g.tube(1.65, 1.3, 3.6, 3.9, n), group="trim")
    pb.add("painted_grey", g.frustum(1.9, 2.8, 4.0, 5.0, n), group="core")  # shadow shield
    # central boom + power conversion unit
    zb = 5.0
    if detail == 0:
        pb.add("steel_lattice", g.frustum(0.9, 0.6, zb, H, 3), group="boom")
    else:
        pb.add(
            "steel_lattice",
            tr.tower(3, 0.9, 0.6, zb, H, 6 * detail, 0.18, 0.09, detail=detail),
            group="boom",
        )
    pb.add("painted_grey", g.extrude(g.ngon(6, 1.3), H - 0.2, H + 1.4), group="core")
    # radiator fins: vertical white panels radiating from the boom, with a fluid header
    fz0, fz1 = zb + 1.5, H
    fin = g.box([span, 0.1, fz1 - fz0], [1.0 + span / 2, 0, (fz0 + fz1) / 2])
    pb.add("painted_white", g.polar(fin, nf), group="fins")
    hdr = g.beams(
        [[1.0, 0, fz1], [1.0, 0, fz0]], [[1.0 + span, 0, fz1], [1.0 + span, 0, fz0]], 0.22
    )
    if detail >= 1:
        pb.add("bare_metal", g.polar(hdr, nf), group="headers")
    if detail >= 2:  # coolant tubes on both fin faces, header flanges
        k = max(4, int(span / 0.4))
        xs = np.linspace(1.2, 0.8 + span, k)
        tubes = g.merge(
            [
                gr.prisms(
                    np.c_[xs, np.full(k, y), np.full(k, fz0 + 0.1)],
                    np.c_[xs, np.full(k, y), np.full(k, fz1 - 0.1)],
                    0.06,
                    0.05,
                    "hex",
                )
                for y in (-0.08, 0.08)
            ]
        )
        pb.add("bare_metal", g.polar(tubes, nf), group="fin_tubes")
    if detail >= 1:  # fin stiffeners
        k = 3
        zz = np.linspace(fz0 + 1, fz1 - 1, k)
        st = g.beams(
            np.c_[np.full(k, 1.0), np.zeros(k), zz],
            np.c_[np.full(k, 1.0 + span), np.zeros(k), zz],
            0.14,
        )
        pb.add("bare_metal", g.polar(st, nf), group="headers")
        # fin outer braces to the ground
        br = g.beams([[1.0 + span, 0, fz0]], [[1.6 + span, 0, 0.0]], 0.18)
        pb.add("steel_lattice", g.polar(br, nf), group="boom")
    pb.add("signal_red", g.box([0.4, 0.4, 0.4], [0, 0, H + 1.6]), group="beacon")
    # keep-out fence posts with hazard tops
    fr = 4.5 + 0.4 * H + 1.5
    npost = (6, 12, 36)[detail]
    post = g.ring_points(npost, fr, 0.0)
    if detail >= 2:
        pb.add("hazard_yellow", gr.rail_polyline(post, 1.2, 2, 1, 0.1), group="trim")
    else:
        pb.add("hazard_yellow", g.beams(post, post + [0, 0, 1.2], 0.15), group="trim")
    parts = pb.parts("fission_plant")
    return AssetMesh(KIND, parts, g.footprint(parts))
