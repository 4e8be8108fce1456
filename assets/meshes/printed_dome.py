"""3D-printed regolith dome: a spherical-cap shell printed as stacked rings (each course a
separate solid, so the layers read), on a concrete footing ring, with a glazed oculus, lit
slot windows and a barrel-vault airlock on +x with a door, lamp (SpotLight) and bollards.
Detail 0 is one smooth cap; detail 2 gives every course a rounded, bulging edge."""

from __future__ import annotations

import numpy as np

from . import _geometry as g
from . import _greeble as gr
from ._base import AssetMesh, Param, SpotLight
from .hall import arch_profile

KIND = "printed_dome"
CLOSED_PARTS = ("*",)
SUMMARY = "3D-printed regolith dome with layered rings, oculus and airlock (~20 m)"
PARAMS = {
    "diameter_m": Param(20.0, 6.0, 60.0, "m", "base diameter"),
    "height_m": Param(9.0, 3.0, 30.0, "m", "crown height (at most the radius)"),
    "layer_m": Param(0.5, 0.2, 2.0, "m", "printed course height"),
    "windows": Param(6, 0, 16, "", "lit slot windows round the shell"),
}


def build(params, rng: np.random.Generator, detail: int = 1) -> AssetMesh:
    """Dome centred on the origin; the airlock points +x."""
    R = float(params["diameter_m"]) / 2
    h = min(float(params["height_m"]), R)
    rs = (R * R + h * h) / (2 * h)
    zc = h - rs
    th = 0.6 + 0.03 * R  # shell thickness

    def r_at(z):
        return np.sqrt(np.maximum(rs * rs - (np.asarray(z) - zc) ** 2, 0.0))

    n = (12, 48, 96)[detail]
    pb = g.PartBuilder()
    pb.add("regolith_concrete", g.tube(R + 0.8, R - th - 0.3, -0.4, 0.3, n), group="footing")
    z_top = h - 0.12 * h  # rings stop here; the oculus caps the rest
    if detail == 0:
        pb.add("regolith_concrete", g.dome(R, h, 0.0, n, 4), group="shell")
    else:
        lay = max(float(params["layer_m"]), z_top / 32) * (1.0 if detail == 1 else 0.5)
        k = max(4, int(round(z_top / lay)))
        z = np.linspace(0.0, z_top, k + 1)
        rings = []
        for z0, z1 in zip(z[:-1], z[1:], strict=True):
            ro0, ro1 = r_at(z0), r_at(z1)
            ri0, ri1 = max(ro0 - th, 0.2), max(ro1 - th, 0.2)
            if detail == 1:
                prof = [[ro0, z0], [ro1, z1 - 0.03], [ri1, z1 - 0.03], [ri0, z0]]
            else:
                zm = (z0 + z1) / 2
                rm = (ro0 + ro1) / 2 + 0.05
                prof = [
                    [ro0 - 0.03, z0],
                    [rm, zm],
                    [ro1 - 0.03, z1 - 0.03],
                    [ri1, z1 - 0.03],
                    [ri0, z0],
                ]
            rings.append(g.lathe(prof, n, loop=True))
        pb.add("regolith_concrete", g.merge(rings), group="shell")
        # the unprinted crown inside the top ring (closes the shell)
        rt = r_at(z_top)
        pb.add(
            "regolith_concrete",
            g.tube(rt, max(rt - th, 0.2), z_top - 0.05, z_top + 0.25, n),
            group="shell",
        )
    rt = r_at(z_top)
    pb.add("glass", g.dome(rt * 0.8, h - z_top + 0.3, z_top, n, (3, 6, 12)[detail]), group="oculus")
    pb.add(
        "window_lit", g.tube(rt * 0.82, rt * 0.55, z_top + 0.02, z_top + 0.2, n), group="windows"
    )
    # lit slot windows round the shell (skipping the airlock side)
    nw = int(params["windows"])
    if nw:
        a = np.linspace(0.35, 2 * np.pi - 0.35, nw)
        zw = min(2.2, 0.35 * h)
        rw = float(r_at(zw))
        c = np.c_[rw * np.cos(a), rw * np.sin(a), np.full(nw, zw)]
        pb.add("window_lit", g.boxes(c, [0.3, 0.6, 1.2], a), group="windows")
        if detail >= 1:  # concrete hoods over them
            pb.add(
                "regolith_concrete",
                g.boxes(
                    c + np.c_[0.2 * np.cos(a), 0.2 * np.sin(a), np.full(nw, 0.75)],
                    [0.7, 1.0, 0.2],
                    a,
                ),
                group="hoods",
            )
    # airlock: a printed barrel vault from inside the shell to 5 m out, door at its end
    aw, ah = 3.6, 3.4
    x0, x1 = R - th - 0.5, R + 5.0
    pb.add(
        "regolith_concrete",
        g.extrude_x(arch_profile(aw, 0.55 * ah, ah, (4, 10, 20)[detail]), x0, x1),
        group="airlock",
    )
    if detail >= 1:  # the vault's own courses: rings proud of it every 0.8 m
        xs = np.arange(R + 0.2, x1 - 0.2, 0.8 if detail == 1 else 0.4)
        ring = arch_profile(aw, 0.55 * ah, ah, (4, 10, 20)[detail], 0.08)
        rim = np.vstack([ring[1:], ring[:1]])
        p0 = np.vstack([np.c_[np.full(len(rim) - 1, x), rim[:-1]] for x in xs])
        p1 = np.vstack([np.c_[np.full(len(rim) - 1, x), rim[1:]] for x in xs])
        pb.add("regolith_concrete", gr.prisms(p0, p1, 0.2, 0.16), group="airlock_ribs")
    pb.add("dark_metal", g.box([0.3, 1.6, 2.3], [x1 + 0.1, 0, 1.15]), group="door")
    pb.add("hazard_yellow", g.box([0.34, 2.1, 0.25], [x1 + 0.1, 0, 2.45]), group="trim")
    pb.add("window_lit", g.box([0.1, 0.8, 0.3], [x1 + 0.28, 0, 1.75]), group="windows")
    pb.add("lamp", g.box([0.5, 0.6, 0.3], [x1 + 0.3, 0, ah + 0.1]), group="lamps")
    if detail >= 1:  # bollards flanking the door, a ramp slab
        pb.add(
            "hazard_yellow",
            g.boxes([[x1 + 2.0, s * 2.0, 0.5] for s in (-1, 1)], [0.3, 0.3, 1.0]),
            group="trim",
        )
        pb.add(
            "regolith_concrete", g.box([4.0, aw + 1.0, 0.2], [x1 + 2.0, 0, 0.0]), group="footing"
        )
    if detail >= 2:  # door hinges and bolts
        bp = np.array([[x1 + 0.26, y, z] for y in (-0.7, 0.7) for z in np.linspace(0.2, 2.1, 6)])
        pb.add(
            "bare_metal",
            gr.studs(bp, np.tile([1.0, 0, 0], (len(bp), 1)), 0.04, 0.06),
            group="bolts",
        )
    lights = [SpotLight((x1 + 0.6, 0.0, ah), (1.0, 0.0, -0.8), 70.0, 1.0, range_m=30.0)]
    parts = pb.parts("printed_dome")
    return AssetMesh(KIND, parts, g.footprint(parts), lights=lights)
