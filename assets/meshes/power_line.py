"""Overhead power line along a polyline: ``pylon`` towers at every vertex (angle towers, arms
along the bisector) and about every ``span_m`` between, with sagging conductors strung from
insulator to insulator and an earth wire between the peaks. The span grows if the line would
need more pylons than the triangle budget allows."""

from __future__ import annotations

import numpy as np

from . import _geometry as g
from . import _linear as ln
from . import pylon
from ._base import AssetMesh, Param

KIND = "power_line"
CLOSED_PARTS = ("*",)
SUMMARY = "Overhead power line: pylons and sagging conductors along a polyline (linear)"
PARAMS = {
    "points": Param(
        ((-110.0, 0.0), (110.0, 0.0)),
        unit="m",
        doc="polyline of (x, y) ground points the line follows",
    ),
    "span_m": Param(110.0, 30.0, 400.0, "m", "pylon spacing"),
    "pylon_height_m": Param(30.0, 15.0, 60.0, "m", "pylon body height"),
    "arms": Param(2, 1, 3, "", "levels of cross-arms per pylon (two conductors each)"),
    "sag_m": Param(3.0, 0.0, 20.0, "m", "conductor sag at mid-span"),
}
BUDGET = 13000  # detail-1 triangles for the whole line


def build(params, rng: np.random.Generator, detail: int = 1) -> AssetMesh:
    """Pylons stand on the polyline (z = 0); conductors run between them."""
    pts = ln.as_xy(params["points"])
    H = float(params["pylon_height_m"])
    na = int(params["arms"])
    sag = float(params["sag_m"])
    tower = pylon.build({"height_m": H, "arms": na}, rng, detail)
    nseg = (2, 8, 16)[detail]
    # the pylon count is fixed by the detail-1 budget so that every level has the same towers
    per = (tower if detail == 1 else pylon.build({"height_m": H, "arms": na}, rng, 1)).n_triangles
    max_pylons = max(len(pts), int(BUDGET / (per + 12 * 8 * (2 * na + 1))))
    pos, tan, _, _ = ln.sample(pts, float(params["span_m"]), max_pylons)
    yaw = ln.yaw(tan)
    pb = g.PartBuilder()
    for p in tower.parts:
        pb.add(
            p.material,
            g.instance((p.vertices, p.faces), np.c_[pos, np.zeros(len(pos))], yaw),
            group=p.name,
        )
    # conductors: parabolic sag between consecutive clamps, as thin straight pieces
    att = pylon.attach_points(H, na)
    clamps = ln.local_to_world(pos, tan, att)  # (pylons, wires, 3)
    t = np.linspace(0.0, 1.0, nseg + 1)
    a, b = clamps[:-1], clamps[1:]  # (spans, wires, 3)
    curve = a[:, :, None] + t[None, None, :, None] * (b - a)[:, :, None]
    span = np.linalg.norm((b - a)[..., :2], axis=-1)  # (spans, wires)
    s = sag * np.minimum(1.0, span / max(float(params["span_m"]), 1.0))
    curve[..., 2] -= 4.0 * s[..., None] * t * (1 - t)
    p0 = curve[:, :, :-1].reshape(-1, 3)
    p1 = curve[:, :, 1:].reshape(-1, 3)
    pb.add("dark_metal", g.beams(p0, p1, 0.05 + 0.002 * H), group="conductors")
    parts = pb.parts("power_line")
    return AssetMesh(KIND, parts, g.footprint(parts))
