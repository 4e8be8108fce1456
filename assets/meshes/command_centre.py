"""Command centre: a central regolith-shielded dome with a lit window band, a ring of radial
pressurised modules (lit windows), an antenna mast with a dish, and entrance lights."""

from __future__ import annotations

import numpy as np

from . import _geometry as g
from . import _greeble as gr
from . import _truss as tr
from ._base import AssetMesh, Param, Part, SpotLight

KIND = "command_centre"
CLOSED_PARTS = ("*",)
SUMMARY = "Command hub: central dome, ring of modules, antenna mast and lit windows"
PARAMS = {
    "dome_diameter_m": Param(22.0, 10.0, 60.0, "m", "central dome diameter"),
    "modules": Param(6, 0, 10, "", "radial modules round the dome"),
    "module_length_m": Param(12.0, 6.0, 30.0, "m", "length of each radial module"),
}


def build(params, rng: np.random.Generator, detail: int = 1) -> AssetMesh:
    """Dome at the origin; modules radiate outward from its rim."""
    R = float(params["dome_diameter_m"]) / 2
    nm = int(params["modules"])
    Lm = float(params["module_length_m"])
    n = g.seg(detail, 40, 12)
    nmod = g.seg(detail, 20, 8)
    pb = g.PartBuilder()
    # dome on a drum
    pb.add("regolith_concrete", g.tube(R + 1.5, R - 0.2, -0.5, 1.2, n), group="base")
    pb.add("painted_white", g.cylinder(R, 1.2, 4.5, n), group="dome")
    pb.add("painted_white", g.dome(R, 0.55 * R, 4.5, n, g.seg(detail, 10, 5)), group="dome")
    pb.add("window_lit", g.tube(R + 0.06, R - 0.3, 2.6, 3.4, n), group="windows")
    pb.add("dark_metal", g.tube(R + 0.12, R - 0.3, 4.4, 4.7, n), group="bands")
    # observation cupola
    pb.add("glass", g.dome(0.18 * R, 0.12 * R, 4.5 + 0.55 * R - 0.3, n // 2, 4), group="cupola")
    # radial modules
    r_mod = 2.25
    zc = r_mod + 0.6
    hull = g.capsule_x(r_mod, Lm, nmod, (1, 3, 4)[detail])
    wins = g.boxes(
        np.c_[
            np.linspace(-Lm / 2 + 2.5, Lm / 2 - 2.5, max(2, int(Lm / 1.5))),
            np.zeros(max(2, int(Lm / 1.5))),
            np.full(max(2, int(Lm / 1.5)), 0.3 * r_mod),
        ],
        [0.7, 2 * r_mod * 0.96 + 0.1, 0.45],
    )
    band = g.rotate(g.tube(r_mod + 0.06, r_mod - 0.1, -0.15, 0.15, nmod), [0, 1, 0], np.pi / 2)
    bands = g.instance(band, [[-Lm / 4, 0, 0], [Lm / 4, 0, 0]])
    sad = g.boxes(
        [[-Lm / 4, 0, -zc / 2 - 0.3], [Lm / 4, 0, -zc / 2 - 0.3]], [0.8, 2 * r_mod * 0.8, zc - 0.6]
    )
    if detail >= 2:  # module seams, bolt rings on the bands, grab rails along the top
        xs = np.linspace(-Lm / 2 + r_mod, Lm / 2 - r_mod, 7)
        seam = g.rotate(gr.hoops(np.full(7, r_mod), xs, 0.05, nmod // 2), [0, 1, 0], np.pi / 2)
        bolts = []
        for x in (-Lm / 4, Lm / 4):
            ring = g.rotate(
                gr.bolt_ring(r_mod + 0.06, 0.0, 24, 0.05, up=False), [0, 1, 0], np.pi / 2
            )
            bolts += [g.translate(ring, [x + dx, 0, 0]) for dx in (-0.16, 0.16)]
        rail = gr.rail_polyline(
            np.c_[np.linspace(-Lm / 2 + 2, Lm / 2 - 2, 8), np.zeros(8), np.full(8, r_mod)],
            0.3,
            1,
            closed=False,
            width=0.05,
        )
        bands = g.merge([bands, seam, *bolts, rail])
    ang = np.linspace(0, 2 * np.pi, nm, endpoint=False)
    off = [R + Lm / 2 - 0.5, 0, zc]
    for a in ang:
        for mat, m in (
            ("painted_white", hull),
            ("window_lit", wins),
            ("dark_metal", bands),
            ("regolith_concrete", sad),
        ):
            if detail == 0 and mat in ("window_lit", "dark_metal"):
                continue
            grp = {
                "painted_white": "modules",
                "window_lit": "windows",
                "dark_metal": "bands",
                "regolith_concrete": "base",
            }[mat]
            pb.add(mat, g.rotate_z(g.translate(m, off), a), group=grp)
    # antenna mast + dish on the dome top (offset)
    ztop = 4.5 + 0.55 * R
    mx = 0.35 * R
    zb = 4.5 + 0.55 * R * np.sqrt(max(1 - (mx / R) ** 2, 0))
    mast = tr.tower(
        3,
        0.8,
        0.3,
        zb - 1.0,
        ztop + 14.0,
        (1, 6, 10)[detail],
        0.15,
        0.07,
        bracing="z" if detail == 0 else "x",
        detail=detail,
    )
    pb.add("steel_lattice", g.translate(mast, [mx, 0, 0]), group="mast")
    dish = g.lathe([[0.0, 0.0], [2.0, 0.7], [1.95, 0.85], [0.0, 0.15]], nmod, loop=True)
    dish = g.rotate(dish, [0, 1, 0], np.deg2rad(50))
    pb.add("painted_white", g.translate(dish, [mx + 0.5, 0, ztop + 9.0]), group="dishes")
    pb.add("signal_red", g.box([0.5, 0.5, 0.5], [mx, 0, ztop + 14.3]), group="beacons")
    if detail >= 1:  # guard rail on the drum's shoulder
        pb.add("hazard_yellow", gr.rail_ring(R + 1.2, 1.2, n, detail, 1.0, 2, 0.06), group="rails")
    if detail >= 2:  # dome panel seams (meridians + parallels), bolt ring on the drum flange
        rs = (R**2 + (0.55 * R) ** 2) / (2 * 0.55 * R)
        t = np.linspace(0.15, 0.95, 6) * np.arcsin(R / rs)
        pb.add(
            "dark_metal",
            gr.hoops(rs * np.sin(t), 4.5 + 0.55 * R - rs + rs * np.cos(t), 0.08, n // 2),
            group="seams",
        )
        pb.add("bare_metal", gr.bolt_ring(R + 0.05, 4.7, n, 0.08), group="seams")
        pb.add("bare_metal", gr.bolt_ring(R + 1.3, 1.2, n, 0.1), group="seams")
    parts = pb.parts("command_centre")
    # entrance lamps at module ends
    lights = []
    tips = (R + Lm - 0.5) * np.c_[np.cos(ang), np.sin(ang)]
    for t in tips[: min(nm, 4)]:
        d = t / np.linalg.norm(t)
        lights.append(
            SpotLight((t[0], t[1], zc + 2.6), (d[0], d[1], -0.6), 70.0, 1.0, range_m=40.0)
        )
    if nm:
        lamp = g.boxes(np.c_[tips * 0.99, np.full(nm, zc + r_mod + 0.2)], [0.6, 0.6, 0.3])
        parts.append(Part("lamps", "lamp", lamp[0], lamp[1]))
    return AssetMesh(KIND, parts, g.footprint(parts), lights=lights)
