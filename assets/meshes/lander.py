"""Lanyue-like crewed lunar lander: gold-foil octagonal descent stage with four spherical
tanks, four legs with footpads, a central engine bell, a white crew cabin on top with a lit
window, solar wings, an antenna and a ladder."""

from __future__ import annotations

import numpy as np

from . import _geometry as g
from . import _truss as tr
from ._base import AssetMesh, Emitter, Param

KIND = "lander"
CLOSED_PARTS = ("*",)
SUMMARY = "Lanyue-like crewed lunar lander with legs, tanks and gold-foil descent stage"
PARAMS = {
    "scale": Param(1.0, 0.3, 5.0, "", "uniform scale (1 = ~9 m tall, ~10 m leg span)"),
    "legs": Param(4, 3, 6, "", "landing legs"),
}


def build(params, rng: np.random.Generator, detail: int = 1) -> AssetMesh:
    """Built at scale 1 then scaled; footpads rest on z = 0."""
    k = float(params["scale"])
    nl = int(params["legs"])
    n = g.seg(detail, 24, 10)
    pb = g.PartBuilder()
    zb0, zb1 = 2.2, 4.6  # descent stage
    # descent stage: octagonal prism wrapped in foil
    pb.add("gold_foil", g.extrude(g.ngon(8, 2.6, np.pi / 8), zb0, zb1), group="stage")
    pb.add("dark_metal", g.extrude(g.ngon(8, 2.75, np.pi / 8), zb1, zb1 + 0.25), group="stage")
    # four spherical propellant tanks tucked round the stage
    tank = g.sphere(1.0, n, n // 2)
    pb.add(
        "bare_metal", g.instance(tank, g.ring_points(4, 2.6, zb0 + 1.3, np.pi / 4)), group="tanks"
    )
    # engine bell under the stage
    bell = [[1.0, 0.9], [0.5, 1.9], [0.45, 2.25], [0.38, 2.25], [0.42, 1.9], [0.92, 0.9]]
    pb.add("bare_metal", g.lathe(bell, n, loop=True), group="engine")
    pb.add("dark_metal", g.frustum(0.9, 0.6, 1.9, zb0, n), group="engine")
    # crew cabin (white) with a lit window and a docking tunnel
    cab = [
        [1.7, zb1 + 0.25],
        [1.7, zb1 + 2.6],
        [1.2, zb1 + 3.4],
        [0.6, zb1 + 3.6],
        [0.6, zb1 + 4.2],
        [0.0, zb1 + 4.2],
    ]
    pb.add("painted_white", g.lathe(cab, n), group="cabin")
    pb.add("window_lit", g.box([0.12, 0.7, 0.5], [1.72, 0, zb1 + 1.9]), group="windows")
    pb.add("window_lit", g.box([0.12, 0.4, 0.4], [1.2, 1.2, zb1 + 1.9]), group="windows")
    pb.add("dark_metal", g.box([0.15, 1.0, 1.6], [1.74, -0.9, zb1 + 1.1]), group="cabin")
    # legs: main strut + two side struts per leg, footpad dishes
    ang = np.pi / 4 + np.linspace(0, 2 * np.pi, nl, endpoint=False)
    foot = np.stack([4.8 * np.cos(ang), 4.8 * np.sin(ang), np.full(nl, 0.35)], 1)
    top = np.stack([2.6 * np.cos(ang), 2.6 * np.sin(ang), np.full(nl, zb1 - 0.2)], 1)
    side_a = np.stack([2.6 * np.cos(ang + 0.35), 2.6 * np.sin(ang + 0.35), np.full(nl, zb0)], 1)
    side_b = np.stack([2.6 * np.cos(ang - 0.35), 2.6 * np.sin(ang - 0.35), np.full(nl, zb0)], 1)
    knee = foot + [0, 0, 0.5]
    pb.add("bare_metal", g.beams(top, knee, 0.22), group="legs")
    pb.add(
        "bare_metal",
        g.beams(np.vstack([side_a, side_b]), np.vstack([knee, knee]), 0.14),
        group="legs",
    )
    pad = g.lathe([[0.55, 0.0], [0.6, 0.25], [0.3, 0.45], [0.0, 0.45]], n)
    pb.add("dark_metal", g.instance(pad, foot - [0, 0, 0.35]), group="legs")
    # solar wings on two sides
    for sgn in (-1, 1):
        pb.add("solar_cell", g.box([0.08, 2.6, 1.6], [0, sgn * 4.3, zb1 + 0.8]), group="solar")
        pb.add(
            "bare_metal",
            g.beams([[0, sgn * 2.6, zb1 + 0.8]], [[0, sgn * 3.0, zb1 + 0.8]], 0.12),
            group="legs",
        )
    # antenna dish on a boom
    dish = g.lathe([[0.0, 0.0], [0.6, 0.25], [0.58, 0.3], [0.0, 0.06]], n, loop=True)
    pb.add("painted_white", g.translate(dish, [-1.3, 1.3, zb1 + 4.0]), group="cabin")
    pb.add(
        "bare_metal",
        g.beams([[-1.2, 1.2, zb1 + 2.6]], [[-1.3, 1.3, zb1 + 4.0]], 0.08),
        group="legs",
    )
    # ladder down leg 0 side
    if detail >= 1:
        a = ang[0] + 0.5 * np.pi / nl
        p = [2.9 * np.cos(a), 2.9 * np.sin(a), 0.3]
        pb.add("bare_metal", tr.ladder(p, zb1 - 0.3, 0.6, (np.cos(a), np.sin(a))), group="legs")
        # RCS thruster quads
        q = g.ring_points(4, 2.75, zb1 - 0.3)
        pb.add("dark_metal", g.boxes(q, [0.3, 0.3, 0.3]), group="stage")
    parts = pb.parts("lander")
    for p in parts:
        p.vertices *= k
    em = [Emitter("engine", "plume", (0.0, 0.0, 0.9 * k), (0.0, 0.0, -1.0))]
    return AssetMesh(KIND, parts, g.footprint(parts), emitters=em)
