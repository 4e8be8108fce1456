"""Super-heavy launcher (100-300 m, beyond ``rocket``'s 30-150 m): a wide, insulated core
stage with up to four strap-on boosters, a dark interstage, a white upper stage, a large
ogive payload fairing, grid fins, and engine clusters (a ring plus a centre cluster per stage;
one skirt at detail 0). z = 0 is the bell exit plane; plume emitters under every stage."""

from __future__ import annotations

import numpy as np

from . import _geometry as g
from . import _greeble as gr
from ._base import AssetMesh, Emitter, Param

KIND = "heavy_rocket"
CLOSED_PARTS = ("*",)
SUMMARY = "Super-heavy launcher: wide core, strap-on boosters, big fairing (~150 m)"
PARAMS = {
    "height_m": Param(150.0, 100.0, 300.0, "m", "overall height"),
    "diameter_m": Param(10.0, 6.0, 20.0, "m", "core diameter"),
    "boosters": Param(4, 0, 4, "", "strap-on boosters (0, 2 or 4)"),
}


def _cluster(r, hb, n, detail, big=True):
    """Engine bells under a stage of radius r: a ring of 12 + 6 + 1 (big) or of 6 + 1."""
    if detail == 0:
        return g.frustum(0.8 * r, 0.6 * r, 0.0, hb, n)
    re = (0.11 if big else 0.26) * r
    prof = [
        [re, 0.0],
        [0.5 * re, 0.75 * hb],
        [0.42 * re, hb],
        [0.34 * re, hb],
        [0.42 * re, 0.75 * hb],
        [0.9 * re, 0.0],
    ]
    if big:
        c = np.vstack([g.ring_points(12, 0.76 * r), g.ring_points(6, 0.32 * r), [[0, 0, 0]]])
    else:
        c = np.vstack([g.ring_points(6, 0.62 * r), [[0, 0, 0]]])
    return g.instance(g.lathe(prof, n, loop=True), c)


def build(params, rng: np.random.Generator, detail: int = 1) -> AssetMesh:
    """Core along z on the origin; boosters round it at 45 degrees (or along y when 2)."""
    H = float(params["height_m"])
    D = float(params["diameter_m"])
    r = D / 2
    n = g.seg(detail, 32, 12)
    nb = g.seg(detail, 10, 6)
    hb = 0.03 * H
    z1, z2, z3 = 0.55 * H, 0.585 * H, 0.8 * H
    pb = g.PartBuilder()
    pb.add("painted_orange", g.cylinder(r, hb, z1, n), group="core")
    pb.add("dark_metal", g.tube(r * 1.005, r * 0.97, z1, z2, n), group="bands")
    pb.add("painted_white", g.cylinder(r, z2, z3, n), group="upper")
    rf = 1.15 * r  # fairing wider than the stage
    prof = [
        [r, z3],
        [rf, z3 + 0.02 * H],
        [rf, 0.9 * H],
        [0.75 * rf, 0.95 * H],
        [0.35 * rf, 0.985 * H],
        [0.0, H],
    ]
    pb.add("painted_white", g.lathe(prof, n), group="fairing")
    pb.add("bare_metal", _cluster(r, hb, nb, detail), group="engines")
    pb.add("dark_metal", g.cylinder(0.92 * r, hb - 0.4, hb + 0.2, n), group="bands")
    for zb in (0.3 * H, z3 - 0.04 * H):
        pb.add("dark_metal", g.tube(r * 1.005, r * 0.97, zb, zb + 0.012 * H, n), group="bands")
    emitters = [Emitter("core", "plume", (0.0, 0.0, 0.0), (0.0, 0.0, -1.0))]
    nbst = int(params["boosters"])
    nbst = 0 if nbst < 2 else (2 if nbst < 4 else 4)
    rb = 0.42 * r
    ab = (
        np.pi / 2 + np.array([0.0, np.pi]) if nbst == 2 else np.pi / 4 + np.arange(4) * np.pi / 2
    )[:nbst]
    for i, a in enumerate(ab):
        c = np.array([(r + rb + 0.3) * np.cos(a), (r + rb + 0.3) * np.sin(a), 0.0])
        bt = 0.42 * H
        prof = [[rb, hb * 0.8], [rb, bt], [0.6 * rb, bt + 0.03 * H], [0.0, bt + 0.05 * H]]
        pb.add("painted_white", g.translate(g.lathe(prof, n), c), group="boosters")
        pb.add(
            "bare_metal", g.translate(_cluster(rb, 0.8 * hb, nb, detail, False), c), group="engines"
        )
        pb.add(
            "dark_metal",
            g.translate(g.tube(rb * 1.01, rb * 0.96, 0.2 * H, 0.21 * H, n), c),
            group="bands",
        )
        u = np.array([np.cos(a), np.sin(a), 0.0])
        pb.add(
            "dark_metal",
            g.beams(
                [u * r + [0, 0, 0.08 * H], u * r + [0, 0, 0.4 * H]],
                [c - u * rb + [0, 0, 0.08 * H], c - u * rb + [0, 0, 0.4 * H]],
                0.012 * H,
            ),
            group="bands",
        )
        emitters.append(Emitter(f"booster{i}", "plume", tuple(c), (0.0, 0.0, -1.0)))
    # grid fins at the top of the core stage (waffle panels sticking out radially)
    fa = np.arange(4) * np.pi / 2
    fr = r + 0.06 * D
    fins = np.c_[fr * np.cos(fa), fr * np.sin(fa), np.full(4, z1 - 0.02 * H)]
    if detail < 2:
        pb.add("bare_metal", g.boxes(fins, [0.12 * D, 0.1 * D, 0.6], fa), group="fins")
    else:  # a lattice of thin bars
        u = np.linspace(-0.5, 0.5, 7)
        for f, a in zip(fins, fa, strict=True):
            rad, tan = np.array([np.cos(a), np.sin(a), 0]), np.array([-np.sin(a), np.cos(a), 0])
            c1 = f + np.outer(u * 0.12 * D, rad)
            c2 = f + np.outer(u * 0.1 * D, tan)
            pb.add("bare_metal", g.boxes(c1, [0.04, 0.1 * D, 0.6], np.full(7, a)), group="fins")
            pb.add("bare_metal", g.boxes(c2, [0.12 * D, 0.04, 0.6], np.full(7, a)), group="fins")
    if detail >= 1:  # cable raceways, upper-stage vents, fairing separation line
        ra = np.array([np.pi * 0.25, np.pi * 1.25])
        rc = np.c_[(r + 0.1) * np.cos(ra), (r + 0.1) * np.sin(ra), np.full(2, (hb + z1) / 2)]
        pb.add("dark_metal", g.boxes(rc, [0.6, 0.6, z1 - hb], ra), group="bands")
        pb.add("dark_metal", g.tube(rf * 1.004, rf * 0.98, 0.86 * H, 0.863 * H, n), group="bands")
        pb.add(
            "dark_metal",
            g.boxes(g.ring_points(4, r + 0.1, z3 - 0.01 * H, np.pi / 4), [0.8, 0.8, 1.2]),
            group="bands",
        )
    if detail >= 2:  # tank seams, stringers, booster seams, grid-fin lattice
        zz = np.arange(hb + 0.02 * H, z1, 0.02 * H)
        pb.add("dark_metal", gr.hoops(np.full(len(zz), r), zz, 0.06, n // 2), group="seams")
        pb.add("painted_orange", gr.ribs_on(lambda z: r, hb, z1, 64, 0.1, 0.06), group="seams_o")
        zz = np.arange(z2 + 0.02 * H, z3, 0.02 * H)
        pb.add("dark_metal", gr.hoops(np.full(len(zz), r), zz, 0.05, n // 2), group="seams")
        for a in ab:
            c = np.array([(r + rb + 0.3) * np.cos(a), (r + rb + 0.3) * np.sin(a), 0.0])
            zz = np.arange(hb + 0.03 * H, 0.42 * H, 0.025 * H)
            pb.add(
                "dark_metal",
                g.translate(gr.hoops(np.full(len(zz), rb), zz, 0.05, n // 2), c),
                group="seams",
            )
    parts = pb.parts("heavy_rocket")
    return AssetMesh(KIND, parts, g.footprint(parts), emitters=emitters)
