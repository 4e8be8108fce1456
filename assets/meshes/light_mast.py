"""Flood-light mast: tapered steel pole on a concrete footing, a head frame carrying
floodlight housings with emissive lamp faces aimed outward and down (one SpotLight each),
a service ladder and a red beacon."""

from __future__ import annotations

import numpy as np

from . import _geometry as g
from . import _greeble as gr
from . import _truss as tr
from ._base import AssetMesh, Param, SpotLight

KIND = "light_mast"
CLOSED_PARTS = ("*",)
SUMMARY = "Flood-light mast with lamp heads and downward spotlights (~25 m)"
PARAMS = {
    "height_m": Param(25.0, 5.0, 80.0, "m", "mast height"),
    "heads": Param(4, 1, 12, "", "floodlight heads"),
    "aim_down_deg": Param(35.0, 0.0, 90.0, "deg", "head aim below horizontal"),
    "range_m": Param(150.0, 10.0, 2000.0, "m", "light reach for the renderer"),
}


def build(params, rng: np.random.Generator, detail: int = 1) -> AssetMesh:
    """Mast on the origin; heads spread evenly in azimuth."""
    H = float(params["height_m"])
    nh = int(params["heads"])
    down = np.deg2rad(float(params["aim_down_deg"]))
    n = g.seg(detail, 16, 8)
    pb = g.PartBuilder()
    pb.add("regolith_concrete", g.frustum(1.4, 1.0, -0.8, 0.4, n), group="footing")
    pb.add("painted_grey", g.frustum(0.014 * H + 0.15, 0.006 * H + 0.08, 0.4, H, n), group="pole")
    # head frame: a ring platform + cross arms
    rr = 0.8 + 0.05 * nh
    pb.add("steel_lattice", g.tube(rr + 0.3, rr - 0.3, H - 0.25, H, n), group="frame")
    pb.add(
        "steel_lattice",
        g.beams([[-rr, 0, H - 0.1], [0, -rr, H - 0.1]], [[rr, 0, H - 0.1], [0, rr, H - 0.1]], 0.12),
        group="frame",
    )
    if detail >= 1:
        pb.add("steel_lattice", gr.rail_ring(rr + 0.3, H, n, detail, 1.0, 2, 0.05), group="frame")
        pb.add(
            "steel_lattice",
            tr.ladder([0.3, 0, 0.4], H - 0.6, 0.45, (1, 0), detail=detail),
            group="frame",
        )
    # floodlight heads: dark housing boxes with a lamp face, tilted down, facing outward
    a = np.linspace(0, 2 * np.pi, nh, endpoint=False)
    hr = rr + 0.1
    zc = H + 0.7
    housing = g.rotate(g.box([0.5, 1.0, 0.8], [0, 0, 0]), [0, 1, 0], down)
    face = g.rotate(g.box([0.06, 0.9, 0.7], [0.28, 0, 0]), [0, 1, 0], down)
    pos = np.c_[hr * np.cos(a), hr * np.sin(a), np.full(nh, zc)]
    pb.add("dark_metal", g.instance(housing, pos, a), group="housings")
    if detail >= 2:  # cooling fins on the housing backs, base flange bolts, trunnion pins
        fins = g.boxes([[-0.3, y, 0] for y in np.linspace(-0.4, 0.4, 7)], [0.15, 0.04, 0.7])
        pb.add("dark_metal", g.instance(g.rotate(fins, [0, 1, 0], down), pos, a), group="housings")
        pb.add("bare_metal", gr.bolt_ring(0.014 * H + 0.35, 0.4, 16, 0.05), group="frame_bolts")
        zc_ = np.arange(1.5, H - 1, 1.5)  # cable clips up the pole
        rp = 0.014 * H + 0.15 - (0.008 * H + 0.07) * zc_ / H
        pb.add(
            "dark_metal",
            g.boxes(np.c_[-rp - 0.05, np.zeros(len(zc_)), zc_], [0.1, 0.15, 0.08]),
            group="housings",
        )
        pin = gr.prisms([[0, -0.6, 0]], [[0, 0.6, 0]], 0.12, section="oct")
        pb.add("bare_metal", g.instance(pin, pos, a), group="frame_bolts")
    pb.add("lamp", g.instance(face, pos, a), group="lamps")
    pb.add("dark_metal", g.beams(pos * [1, 1, 0] + [0, 0, H], pos, 0.1), group="housings")
    pb.add("signal_red", g.box([0.3, 0.3, 0.3], [0, 0, H + 1.6]), group="beacon")
    pb.add("bare_metal", g.beams([[0, 0, H]], [[0, 0, H + 1.45]], 0.08), group="frame")
    if detail >= 1:
        pb.add("painted_grey", g.box([0.6, 0.4, 1.0], [-0.5, 0, 1.2]), group="pole")  # breaker
    rng_m = float(params["range_m"])
    d = np.c_[np.cos(a) * np.cos(down), np.sin(a) * np.cos(down), np.full(nh, -np.sin(down))]
    lights = [
        SpotLight(tuple(p + 0.3 * dd), tuple(dd), 50.0, 2.0, range_m=rng_m)
        for p, dd in zip(pos, d, strict=True)
    ]
    parts = pb.parts("light_mast")
    return AssetMesh(KIND, parts, g.footprint(parts), lights=lights)
