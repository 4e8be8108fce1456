"""Long March 10-like crewed heavy rocket: 5 m core with two 5 m side boosters (along y),
interstage bands, upper stage, Mengzhou capsule under a fairing with a launch-escape tower,
engine bells at the base (z = 0 is the bell exit plane)."""

from __future__ import annotations

import numpy as np

from . import _geometry as g
from . import _greeble as gr
from ._base import AssetMesh, Emitter, Param

KIND = "rocket"
CLOSED_PARTS = ("*",)
SUMMARY = "Long March 10-like crewed rocket, core + 2 side boosters (~92 m)"
PARAMS = {
    "height_m": Param(92.0, 30.0, 150.0, "m", "overall height incl. escape tower"),
    "diameter_m": Param(5.0, 2.0, 10.0, "m", "core diameter"),
    "boosters": Param(2, 0, 2, "", "side boosters (0 or 2)"),
}


def _bells(centers, r_exit, h, n) -> g.Mesh:
    """Engine bells (closed thin shells) with exits at the given centres' z."""
    prof = [
        [r_exit, 0.0],
        [0.45 * r_exit, 0.75 * h],
        [0.4 * r_exit, h],
        [0.32 * r_exit, h],
        [0.37 * r_exit, 0.75 * h],
        [0.92 * r_exit, 0.0],
    ]
    return g.instance(g.lathe(prof, n, loop=True), centers)


def _band(r, z0, z1, n) -> g.Mesh:
    """A thin closed paint/interstage band proud of a cylinder of radius r."""
    return g.tube(r * 1.006, r * 0.98, z0, z1, n)


def _stage_engines(r, z_base, h_bell, n, detail=1):
    """Seven bells (1 centre + 6 ring) under a stage of radius r (one skirt at detail 0)."""
    if detail == 0:
        return g.frustum(0.75 * r, 0.55 * r, z_base, z_base + h_bell, n)
    re = 0.26 * r
    c = np.vstack([[[0, 0, 0]], g.ring_points(6, 0.62 * r)]) + [0, 0, z_base]
    return _bells(c, re, h_bell, n)


def build(params, rng: np.random.Generator, detail: int = 1) -> AssetMesh:
    """Core along z; boosters at y = +-(diameter + 0.2)."""
    H = float(params["height_m"])
    D = float(params["diameter_m"])
    r = D / 2
    n = g.seg(detail, 32, 12)
    nb = g.seg(detail, 12, 6)
    s = H / 92.0  # vertical scale relative to the reference vehicle
    pb = g.PartBuilder()
    hb = 3.2 * s  # bell height
    # core stage
    z0, z1 = hb, 62 * s
    pb.add("painted_white", g.cylinder(r, z0, z1, n), group="core")
    pb.add("dark_metal", g.frustum(r * 0.95, r, z0 - 0.6, z0, n, True), group="bands")
    # interstage + second stage + third stage
    pb.add("dark_metal", _band(r, z1, z1 + 4 * s, n), group="bands")
    pb.add("painted_white", g.cylinder(r, z1 + 4 * s, 72 * s, n), group="core")
    pb.add("dark_metal", _band(r, 72 * s, 74 * s, n), group="bands")
    pb.add("painted_white", g.cylinder(r, 74 * s, 78 * s, n), group="core")
    # fairing: capsule shroud + ogive + escape tower
    prof = [
        [r, 78 * s],
        [r, 82 * s],
        [0.8 * r, 84.5 * s],
        [0.35 * r, 86.5 * s],
        [0.15 * r, 87.2 * s],
        [0.0, 87.3 * s],
    ]
    pb.add("painted_white", g.lathe(prof, n), group="fairing")
    pb.add("dark_metal", g.frustum(0.12 * r, 0.05 * r, 87.0 * s, H - 0.3, 8), group="fairing")
    pb.add("dark_metal", g.frustum(0.2 * r, 0.0, H - 1.2 * s, H, 8), group="fairing")
    # painted bands: flag / roll pattern
    for zb in (30 * s, 55 * s):
        pb.add("painted_red", _band(r, zb, zb + 1.5 * s, n), group="bands")
    pb.add("dark_metal", _band(r, 10 * s, 12 * s, n), group="bands")
    # engines
    pb.add("bare_metal", _stage_engines(r, 0.0, hb, nb, detail), group="engines")
    pb.add("dark_metal", g.cylinder(r * 0.85, hb - 0.8, hb, n), group="engines")

    emitters = [Emitter("core", "plume", (0.0, 0.0, 0.0), (0.0, 0.0, -1.0))]
    if int(params["boosters"]) >= 2:
        for sign in (-1, 1):
            y = sign * (D + 0.2 * s)
            bz1 = 50 * s
            prof = [
                [r, hb],
                [r, bz1],
                [0.7 * r, bz1 + 4 * s],
                [0.2 * r, bz1 + 6.5 * s],
                [0.0, bz1 + 6.8 * s],
            ]
            pb.add("painted_white", g.translate(g.lathe(prof, n), [0, y, 0]), group="boosters")
            pb.add(
                "bare_metal",
                g.translate(_stage_engines(r, 0.0, hb, nb, detail), [0, y, 0]),
                group="engines",
            )
            pb.add("dark_metal", g.translate(_band(r, 22 * s, 24 * s, n), [0, y, 0]), group="bands")
            if detail >= 2:  # booster seams, nose-cone stringers
                zz = np.arange(hb + 3 * s, bz1, 4 * s)
                pb.add(
                    "dark_metal",
                    g.translate(gr.hoops(np.full(len(zz), r), zz, 0.05, n // 2), [0, y, 0]),
                    group="seams",
                )
            # attach struts
            pb.add(
                "dark_metal",
                g.beams(
                    [[0, sign * r, 8 * s], [0, sign * r, 46 * s]],
                    [[0, y - sign * r, 8 * s], [0, y - sign * r, 46 * s]],
                    0.5 * s,
                ),
                group="bands",
            )
            emitters.append(
                Emitter(f"booster{'ab'[sign > 0]}", "plume", (0.0, y, 0.0), (0.0, 0.0, -1.0))
            )
    if detail >= 1:  # cable raceways along the core
        pb.add(
            "dark_metal",
            g.boxes([[r, 0, 34 * s], [-r, 0, 34 * s]], [0.4, 0.5, 58 * s]),
            group="bands",
        )
    if detail >= 2:  # tank seams, stringers, raceway clamps, RCS blocks, grid fins
        zz = np.arange(hb + 2 * s, 78 * s, 3 * s)
        pb.add("dark_metal", gr.hoops(np.full(len(zz), r), zz, 0.05, n // 2), group="seams")
        pb.add("dark_metal", gr.ribs_on(lambda z: r, hb, 62 * s, 32, 0.08, 0.05), group="seams")
        zc = np.linspace(6 * s, 62 * s, 28)
        cl = np.vstack([np.c_[np.full(28, sx * (r + 0.25)), np.zeros(28), zc] for sx in (-1, 1)])
        pb.add("bare_metal", g.boxes(cl, [0.3, 0.8, 0.2]), group="seams")
        q = g.ring_points(4, r + 0.2, 76 * s, np.pi / 4)
        pb.add("dark_metal", g.boxes(q, [0.5, 0.5, 0.8]), group="bands")
        fin = g.boxes(g.ring_points(4, r + 0.9, 70 * s), [1.6, 0.15, 1.6])
        pb.add("bare_metal", fin, group="seams")
    parts = pb.parts("rocket")
    return AssetMesh(KIND, parts, g.footprint(parts), emitters=emitters)
