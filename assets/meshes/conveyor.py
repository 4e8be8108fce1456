"""Covered belt conveyor: a gallery (deck, rubber belt with a regolith load, open side trusses
and an arched roof) carried along a polyline on lattice trestles, with a transfer house at the
far end. ``rise_m`` inclines it (the deck height changes linearly with distance). Detail 2 adds
idler rollers, a walkway rail and anchor bolts."""

from __future__ import annotations

import numpy as np

from . import _geometry as g
from . import _greeble as gr
from . import _linear as ln
from . import _truss as tr
from ._base import AssetMesh, Param

KIND = "conveyor"
CLOSED_PARTS = ("*",)
SUMMARY = "Covered belt conveyor gallery on trestles along a polyline (linear)"
PARAMS = {
    "points": Param(
        ((-50.0, 0.0), (50.0, 0.0)),
        unit="m",
        doc="polyline of (x, y) ground points the conveyor follows",
    ),
    "height_m": Param(6.0, 1.5, 40.0, "m", "deck height at the first point"),
    "rise_m": Param(0.0, -40.0, 40.0, "m", "deck height change from first to last point"),
    "width_m": Param(3.0, 1.5, 8.0, "m", "gallery width"),
    "span_m": Param(18.0, 6.0, 40.0, "m", "trestle spacing"),
    "covered": Param(True, doc="arched roof over the belt"),
}


def build(params, rng: np.random.Generator, detail: int = 1) -> AssetMesh:
    """Gallery centred on the polyline; deck top at height_m (+ rise along the way)."""
    pts = ln.as_xy(params["points"])
    W = float(params["width_m"])
    h0 = float(params["height_m"])
    rise = float(params["rise_m"])
    _, _, sv = ln.segments(pts)
    L = sv[-1]

    def deck(s):
        return np.maximum(1.5, h0 + rise * np.asarray(s) / L)

    zv = deck(sv)
    hc = 0.8 * W  # side truss height
    pb = g.PartBuilder()
    covered = bool(params["covered"])
    if detail == 0:
        pb.add(
            "painted_grey",
            ln.sweep_box(pts, W, -0.3, hc if covered else 0.5, z=zv),
            group="gallery",
        )
    else:
        pb.add("steel_lattice", ln.sweep_box(pts, W, -0.3, 0.0, z=zv), group="deck")
        pb.add("rubber", ln.sweep_box(pts, 0.55 * W, 0.35, 0.45, z=zv), group="belt")
        load = [
            [-0.22 * W, 0.45],
            [0.22 * W, 0.45],
            [0.08 * W, 0.45 + 0.1 * W],
            [-0.08 * W, 0.45 + 0.1 * W],
        ]
        pb.add("regolith", ln.sweep(pts, load, zv), group="load")
        for s in (-1, 1):  # side trusses: chords + verticals + diagonals per panel
            for z0 in (0.0, hc - 0.2):
                pb.add(
                    "steel_lattice",
                    ln.sweep_box(pts, 0.15, z0, z0 + 0.2, s * (W / 2 - 0.1), zv),
                    group="trusses",
                )
        pos, tan, arc, _ = ln.sample(pts, 3.0 if detail == 1 else 1.5, 600)
        z = deck(arc)
        for s in (-1, 1):
            lo = (
                ln.local_to_world(pos, tan, [[0, s * (W / 2 - 0.1), 0]])[:, 0]
                + np.c_[np.zeros((len(pos), 2)), z]
            )
            hi = lo + [0, 0, hc]
            pb.add("steel_lattice", gr.members(lo, hi, 0.12, detail), group="trusses")
            pb.add("steel_lattice", gr.members(lo[:-1], hi[1:], 0.1, detail), group="trusses")
        if covered:
            a = np.linspace(0, np.pi, (7, 13)[detail - 1])
            R = W / 2 + 0.05
            outer = np.c_[R * np.cos(a), hc + 0.45 * R * np.sin(a)]
            inner = np.c_[(R - 0.12) * np.cos(a[::-1]), hc + 0.45 * (R - 0.12) * np.sin(a[::-1])]
            pb.add("painted_white", ln.sweep(pts, np.vstack([outer, inner]), zv), group="roof")
    # trestles: lattice towers (two legs at detail 0) on footings
    pos, tan, arc, _ = ln.sample(pts, float(params["span_m"]), (30, 60, 150)[detail])
    zt = deck(arc) - 0.3
    yw = ln.yaw(tan)
    tw = 0.45 * W
    for p, z, a in zip(pos, zt, yw, strict=True):
        if detail == 0:
            legs = ln.local_to_world(
                p[None], np.array([[np.cos(a), np.sin(a)]]), [[0, -tw, 0], [0, tw, 0]]
            )[0]
            pb.add(
                "steel_lattice", g.beams(legs, legs * [1, 1, 0] + [0, 0, z], 0.4), group="trestles"
            )
            continue
        bays = max(1, int(round(z / 3.0)))
        t = tr.tower(
            4,
            tw * np.sqrt(2),
            0.7 * tw * np.sqrt(2),
            0.0,
            z,
            bays,
            0.3,
            0.14,
            np.pi / 4,
            detail=detail,
        )
        pb.add("steel_lattice", g.translate(g.rotate_z(t, a), [p[0], p[1], 0]), group="trestles")
    if detail >= 1:  # footings under every trestle
        pb.add(
            "regolith_concrete",
            g.boxes(np.c_[pos, np.zeros(len(pos))], [2 * tw + 1.0, 2 * tw + 1.0, 0.8], yw),
            group="footings",
        )
    # transfer house at the far end
    e, te = pts[-1], pts[-1] - pts[-2]
    ae = float(np.arctan2(te[1], te[0]))
    ht = float(zv[-1]) + hc + 2.0
    pb.add(
        "painted_grey", g.boxes([[e[0], e[1], ht / 2]], [W + 3.0, W + 3.0, ht], [ae]), group="house"
    )
    pb.add(
        "dark_metal",
        g.boxes([[e[0], e[1], ht + 0.3]], [W + 3.4, W + 3.4, 0.6], [ae]),
        group="house_trim",
    )
    if detail >= 1:  # a lit window band and a door on the transfer house
        d = np.array([np.cos(ae), np.sin(ae)])
        c = e + d * (W / 2 + 1.55)
        pb.add(
            "window_lit",
            g.boxes([[c[0], c[1], ht - 1.5]], [0.1, W + 1.0, 0.5], [ae]),
            group="windows",
        )
        pb.add(
            "dark_metal", g.boxes([[c[0], c[1], 1.1]], [0.12, 1.2, 2.2], [ae]), group="house_trim"
        )
    if detail >= 2:  # idler rollers across the belt, walkway rail, trestle anchor bolts
        ip, it, ia, _ = ln.sample(pts, 1.5, 2000)
        z = deck(ia)
        r0 = ln.local_to_world(ip, it, [[0, -0.3 * W, 0.22]])[:, 0] + np.c_[0 * ip, z]
        r1 = ln.local_to_world(ip, it, [[0, 0.3 * W, 0.22]])[:, 0] + np.c_[0 * ip, z]
        pb.add("bare_metal", gr.prisms(r0, r1, 0.22, section="oct"), group="idlers")
        rp, rt, ra, _ = ln.sample(pts, 2.0, 2000)
        rail = ln.local_to_world(rp, rt, [[0, 0.4 * W, 0.0]])[:, 0] + np.c_[0 * rp, deck(ra)]
        pb.add("hazard_yellow", gr.rail_polyline(rail, 1.0, 2, 1, 0.05, closed=False), group="rail")
        bolts = np.vstack(
            [ln.local_to_world(pos, tan, [[x, y, 0.4]])[:, 0] for x in (-tw, tw) for y in (-tw, tw)]
        )
        pb.add(
            "bare_metal",
            gr.studs(bolts, np.tile([0, 0, 1.0], (len(bolts), 1)), 0.08, 0.12),
            group="idlers",
        )
    parts = pb.parts("conveyor")
    return AssetMesh(KIND, parts, g.footprint(parts))
