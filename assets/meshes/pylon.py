"""Power-line pylon: a tapering four-leg lattice tower on concrete footings with 1-3 levels
of lattice cross-arms (along y; the line runs along x), insulator strings hanging from the arm
tips, an earth-wire peak and a red aircraft beacon. ``attach_points`` gives the conductor
clamps, used by ``power_line``."""

from __future__ import annotations

import numpy as np

from . import _geometry as g
from . import _truss as tr
from ._base import AssetMesh, Param

KIND = "pylon"
CLOSED_PARTS = ("*",)
SUMMARY = "Lattice power-line pylon with cross-arms and insulator strings (~30 m)"
PARAMS = {
    "height_m": Param(30.0, 15.0, 60.0, "m", "height of the tower body (the peak is higher)"),
    "arms": Param(2, 1, 3, "", "levels of cross-arms (two conductors each)"),
}
INSULATOR_M = 2.4


def arm_levels(H: float, arms: int) -> tuple[np.ndarray, np.ndarray]:
    """Heights (arms,) and half-lengths (arms,) of the cross-arms."""
    z = {1: [0.86], 2: [0.72, 0.9], 3: [0.62, 0.77, 0.92]}[arms]
    half = {1: [0.26], 2: [0.24, 0.2], 3: [0.2, 0.25, 0.18]}[arms]
    return np.array(z) * H, np.array(half) * H


def attach_points(H: float, arms: int) -> np.ndarray:
    """(2*arms + 1, 3) conductor clamp points (insulator bottoms) plus the earth-wire peak, in
    the pylon frame (line along x)."""
    z, half = arm_levels(H, arms)
    pts = [[0.0, s * a, zz - INSULATOR_M] for zz, a in zip(z, half, strict=True) for s in (-1, 1)]
    return np.array(pts + [[0.0, 0.0, H + 0.12 * H]])


def half_width(H: float) -> float:
    """Half the base width of the tower."""
    return 0.1 * H


def build(params, rng: np.random.Generator, detail: int = 1) -> AssetMesh:
    """Tower on the origin, arms along y."""
    H = float(params["height_m"])
    na = int(params["arms"])
    b0, b1 = half_width(H), 0.035 * H
    pb = g.PartBuilder()
    bay = (H / 4, 0.15 * H, 0.08 * H)[detail]
    bays = max(3, int(round(H / bay)))
    r0, r1 = b0 * np.sqrt(2), b1 * np.sqrt(2)
    pb.add(
        "steel_lattice",
        tr.tower(
            4,
            r0,
            r1,
            0.3,
            H,
            bays,
            0.012 * H + 0.1,
            0.004 * H + 0.05,
            bracing="z" if detail == 0 else "x",
            detail=detail,
        ),
        group="tower",
    )
    feet = g.ring_points(4, r0, 0.0, np.pi / 4)
    pb.add("regolith_concrete", g.boxes(feet, [1.4, 1.4, 0.9]), group="footings")
    z, half = arm_levels(H, na)
    for zz, a in zip(z, half, strict=True):
        w = max(1.0, 0.05 * H)
        if detail == 0:
            pb.add("steel_lattice", g.box([w, 2 * a, w], [0, 0, zz - w / 2]), group="arms")
        else:
            pb.add(
                "steel_lattice",
                tr.girder(
                    [0, -a, zz - w / 2],
                    [0, a, zz - w / 2],
                    w,
                    max(3, int(1.2 * a / w)),
                    0.06 + 0.003 * H,
                    0.04 + 0.002 * H,
                    detail=detail,
                ),
                group="arms",
            )
    # insulator strings hanging from the arm tips
    tips = attach_points(H, na)[:-1]
    if detail == 0:
        pb.add("painted_white", g.beams(tips + [0, 0, INSULATOR_M], tips, 0.3), group="insulators")
    else:
        n = g.seg(detail, 8, 6)
        k = (0, 6, 14)[detail]
        zs = np.linspace(0.2, INSULATOR_M - 0.2, k)
        disc = g.merge(
            [g.cylinder(0.2 if detail == 1 else 0.16, z - 0.05, z + 0.05, n) for z in zs]
            + [g.cylinder(0.05, 0.0, INSULATOR_M, n)]
        )
        pb.add("painted_white", g.instance(disc, tips), group="insulators")
        pb.add("dark_metal", g.boxes(tips, [0.5, 0.25, 0.2]), group="clamps")
    # earth-wire peak and beacon
    top = [0, 0, H + 0.12 * H]
    pb.add(
        "steel_lattice",
        g.beams([[-b1, 0, H], [b1, 0, H]], [top, top], 0.15 + 0.003 * H),
        group="peak",
    )
    pb.add("signal_red", g.box([0.5, 0.5, 0.5], [0, 0, top[2] + 0.25]), group="beacon")
    if detail >= 2:  # anti-climb guard, step bolts up one leg, footing bolts
        zc = 3.5
        rc = r0 + (r1 - r0) * zc / H
        ring = g.ring_points(4, rc + 0.3, zc, np.pi / 4)
        pb.add("dark_metal", g.beams(ring, np.roll(ring, -1, 0), 0.08, 0.6), group="guard")
        zb = np.arange(1.0, H - 1.0, 0.4)
        rl = r0 + (r1 - r0) * zb / H
        sb = np.c_[rl * np.cos(np.pi / 4) + 0.15, rl * np.sin(np.pi / 4), zb]
        pb.add("bare_metal", g.beams(sb - [0.15, 0, 0], sb + [0.15, 0, 0], 0.04), group="bolts")
        fb = np.vstack([f + [[x, y, 0.47] for x in (-0.4, 0.4) for y in (-0.4, 0.4)] for f in feet])
        pb.add("bare_metal", g.boxes(fb, [0.1, 0.1, 0.12]), group="bolts")
    parts = pb.parts("pylon")
    return AssetMesh(KIND, parts, g.footprint(parts))
