"""Graded regolith road along a polyline: a sintered-regolith pavement, low windrow berms on
both shoulders, painted edge lines and a dashed centre line, and reflector marker posts. Detail
2 adds kerb blocks and wheel ruts in the lanes."""

from __future__ import annotations

import numpy as np

from . import _geometry as g
from . import _linear as ln
from ._base import AssetMesh, Param

KIND = "road"
CLOSED_PARTS = ("*",)
SUMMARY = "Graded road with berms, markings and marker posts along a polyline (linear)"
PARAMS = {
    "points": Param(
        ((-50.0, 0.0), (50.0, 0.0)),
        unit="m",
        doc="polyline of (x, y) ground points the road's centre line follows",
    ),
    "width_m": Param(12.0, 4.0, 40.0, "m", "paved width"),
    "markings": Param(True, doc="painted edge and centre lines"),
    "posts_m": Param(20.0, 5.0, 100.0, "m", "marker post spacing (each side)"),
}
TOP = 0.15


def build(params, rng: np.random.Generator, detail: int = 1) -> AssetMesh:
    """Road centred on the polyline; the pavement top is 0.15 m above the ground."""
    pts = ln.as_xy(params["points"])
    W = float(params["width_m"])
    pb = g.PartBuilder()
    pb.add("regolith_concrete", ln.sweep_box(pts, W, 0.0, TOP), group="pavement")
    berm = [[-0.9, 0.0], [0.9, 0.0], [0.25, 0.5], [-0.25, 0.5]]
    for s in (-1, 1):
        pb.add("regolith", ln.sweep(pts, berm, 0.0, s * (W / 2 + 1.0)), group="berms")
    if detail == 0:
        parts = pb.parts("road")
        return AssetMesh(KIND, parts, g.footprint(parts))
    if params["markings"]:
        for s in (-1, 1):
            pb.add(
                "painted_white",
                ln.sweep_box(pts, 0.2, TOP, TOP + 0.02, s * (W / 2 - 0.4)),
                group="lines",
            )
        a, b, _ = ln.split(pts, 6.0, 3.0)
        pb.add("hazard_yellow", ln.boxes_between(a, b, 0.18, TOP, TOP + 0.02), group="lines")
    # marker posts with red reflectors on both shoulders
    pos, tan, _, _ = ln.sample(pts, float(params["posts_m"]), 400)
    for s in (-1, 1):
        base = ln.local_to_world(pos, tan, [[0, s * (W / 2 + 2.3), 0.0]])[:, 0]
        pb.add(
            "painted_white",
            g.boxes(base + [0, 0, 0.6], [0.12, 0.12, 1.2], ln.yaw(tan)),
            group="posts",
        )
        pb.add(
            "signal_red",
            g.boxes(base + [0, 0, 1.05], [0.14, 0.14, 0.15], ln.yaw(tan)),
            group="reflectors",
        )
    if detail >= 2:  # kerb blocks along both edges, ruts in both lanes
        a, b, _ = ln.split(pts, 1.0, 0.06)
        for s in (-1, 1):
            pb.add(
                "regolith_concrete",
                ln.boxes_between(a, b, 0.3, 0.0, TOP + 0.12, s * (W / 2 + 0.1)),
                group="kerbs",
            )
        for lat in (-0.35 * W, -0.15 * W, 0.15 * W, 0.35 * W):
            pb.add("rock", ln.sweep_box(pts, 0.5, TOP, TOP + 0.008, lat), group="ruts")
        a, b, _ = ln.split(pts, 2.0, 0.5)
        pb.add("regolith", ln.boxes_between(a, b, 0.25, TOP, TOP + 0.03, -0.05 * W), group="ruts")
    parts = pb.parts("road")
    return AssetMesh(KIND, parts, g.footprint(parts))
