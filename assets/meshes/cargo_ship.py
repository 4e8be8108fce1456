"""Squat heavy cargo lander: wide hexagonal hull with an open, lit cargo bay and ramp on +x,
six splayed legs, four engine bells, top tanks and RCS pods."""

from __future__ import annotations

import numpy as np

from . import _geometry as g
from . import _greeble as gr
from . import _truss as tr
from ._base import AssetMesh, Emitter, Param

KIND = "cargo_ship"
CLOSED_PARTS = ("*",)
SUMMARY = "Squat wide cargo lander with cargo bay, ramp and six legs"
PARAMS = {
    "width_m": Param(18.0, 8.0, 40.0, "m", "hull width (flat to flat)"),
    "height_m": Param(14.0, 6.0, 30.0, "m", "overall height"),
    "ramp": Param(True, doc="cargo ramp lowered"),
}


def build(params, rng: np.random.Generator, detail: int = 1) -> AssetMesh:
    """Hull centred on the origin; legs land on z = 0; ramp reaches the ground on +x."""
    W = float(params["width_m"])
    Ht = float(params["height_m"])
    n = g.seg(detail, 24, 10)
    rh = W / 2 / np.cos(np.pi / 6)  # hexagon circumradius
    z0 = 0.22 * Ht  # hull bottom
    z1 = 0.78 * Ht  # hull top
    pb = g.PartBuilder()
    hexa = g.ngon(6, rh, 0.0)
    pb.add("painted_grey", g.extrude(hexa, z0, z1), group="hull")
    pb.add(
        "painted_white",
        g.extrude(g.ngon(6, rh * 1.02, 0.0), z1 - 0.12 * Ht, z1 - 0.09 * Ht),
        group="hull",
    )
    pb.add("dark_metal", g.extrude(g.ngon(6, rh * 0.8, 0.0), z1, z1 + 0.05 * Ht), group="hull")
    # panel bands / hazard stripes
    pb.add(
        "hazard_yellow",
        g.extrude(g.ngon(6, rh * 1.01, 0.0), z0 + 0.02 * Ht, z0 + 0.05 * Ht),
        group="trim",
    )
    # cargo bay opening on +x face: dark recess panel + lit interior strip + ramp
    xf = W / 2
    bh = 0.55 * (z1 - z0)
    bw = 0.55 * rh
    pb.add("dark_metal", g.box([0.3, bw, bh], [xf + 0.1, 0, z0 + 0.1 * Ht + bh / 2]), group="bay")
    pb.add(
        "window_lit",
        g.box([0.32, bw * 0.9, 0.3], [xf + 0.12, 0, z0 + 0.1 * Ht + bh - 0.4]),
        group="bay_lights",
    )
    if params["ramp"]:
        zr = z0 + 0.1 * Ht
        L = zr / np.sin(np.deg2rad(22))
        ramp = [[0.0, -0.15], [L, -0.15], [L, 0.15], [0.0, 0.15]]
        v, f = g.extrude_xz(ramp, -bw / 2, bw / 2)
        v = g.rotate(v, [0, 1, 0], np.deg2rad(22))
        pb.add("hazard_yellow", (v + [xf, 0, zr], f), group="trim")
    # legs: six splayed struts with pads
    ang = np.linspace(0, 2 * np.pi, 6, endpoint=False) + np.pi / 6
    foot = np.stack([(rh + 3.0) * np.cos(ang), (rh + 3.0) * np.sin(ang), np.full(6, 0.4)], 1)
    hip = np.stack([0.85 * rh * np.cos(ang), 0.85 * rh * np.sin(ang), np.full(6, z0 + 1.0)], 1)
    mid = np.stack([0.6 * rh * np.cos(ang), 0.6 * rh * np.sin(ang), np.full(6, z0)], 1)
    pb.add("bare_metal", g.beams(hip, foot, 0.5), group="legs")
    pb.add("bare_metal", g.beams(mid, foot + [0, 0, 0.6], 0.3), group="legs")
    pad = g.lathe([[1.1, 0.0], [1.2, 0.3], [0.5, 0.6], [0.0, 0.6]], n)
    if detail >= 1:
        pb.add("dark_metal", g.instance(pad, foot - [0, 0, 0.4]), group="legs")
    # engines: four bells under the hull + thrust structure
    bell = [[1.4, 0.0], [0.7, 1.6], [0.6, 2.0], [0.5, 2.0], [0.6, 1.6], [1.3, 0.0]]
    bc = g.ring_points(4, 0.3 * rh, z0 - 2.0, np.pi / 4)
    bell = g.frustum(1.4, 0.6, 0, 2.0, n) if detail == 0 else g.lathe(bell, n, loop=True)
    pb.add("bare_metal", g.instance(bell, bc), group="engines")
    pb.add("dark_metal", g.extrude(g.ngon(6, 0.55 * rh, 0.0), z0 - 0.6, z0), group="engines")
    # top tanks (horizontal) and RCS pods
    nt = int(rng.integers(1, 4))  # seeded: 1-3 top tanks of varying length
    tank = g.capsule_x(0.12 * W, W * rng.uniform(0.4, 0.62), n, (1, 3, 3)[detail])
    for y in np.linspace(-0.22 * W, 0.22 * W, nt) if nt > 1 else [0.0]:
        pb.add("painted_white", g.translate(tank, [0, y, z1 + 0.05 * Ht + 0.12 * W]), group="tanks")
    pb.add(
        "dark_metal",
        g.boxes(np.c_[hexa * 1.02, np.full(6, z1 - 0.5)], [1.0, 1.0, 1.0]),
        group="trim",
    )
    if detail >= 1:
        k = int(rng.integers(8, 20))
        a = rng.uniform(0, 2 * np.pi, k)
        rr = rh * 0.45 * rng.uniform(0.3, 1.0, k)
        pb.add(
            "painted_grey",
            g.boxes(
                np.c_[rr * np.cos(a), rr * np.sin(a), np.full(k, z1 + 0.05 * Ht + 0.4)],
                rng.uniform(0.6, 2.0, (k, 3)),
                a,
            ),
            group="trim",
        )
        pb.add(
            "signal_red",
            g.boxes(np.c_[hexa * 0.8, np.full(6, z1 + 0.05 * Ht + 0.3)], [0.4, 0.4, 0.4]),
            group="beacons",
        )
    if detail >= 2:  # hull panel seams, bolt rows, deck rail, ladder, pipe runs, RCS nozzles
        hx = np.vstack([hexa, hexa[:1]])
        zz = np.linspace(z0 + 0.1 * Ht, z1 - 0.14 * Ht, 6)
        for z in zz:
            pb.add(
                "dark_metal",
                gr.prisms(
                    np.c_[hx[:-1] * 1.005, np.full(6, z)],
                    np.c_[hx[1:] * 1.005, np.full(6, z)],
                    0.08,
                    0.08,
                ),
                group="seams",
            )
        for a, b in zip(hexa, np.roll(hexa, -1, 0), strict=True):
            t = np.linspace(0.1, 0.9, 9)[:, None]
            e = a + t * (b - a)
            for z in (z0 + 0.3, z1 - 0.3):
                nrm = np.r_[(a + b) / 2, 0.0]
                pb.add(
                    "bare_metal",
                    gr.studs(np.c_[e * 1.003, np.full(9, z)], np.tile(nrm, (9, 1)), 0.06, 0.05),
                    group="seams",
                )
                pb.add(
                    "dark_metal",
                    gr.prisms(
                        np.c_[e * 1.003, np.full(9, z0 + 0.5)],
                        np.c_[e * 1.003, np.full(9, z1 - 0.5)],
                        0.05,
                        0.05,
                    ),
                    group="seams",
                )
        top = np.c_[g.ngon(6, rh * 0.78, 0.0), np.full(6, z1 + 0.05 * Ht)]
        pb.add("hazard_yellow", gr.rail_polyline(top, 1.0, 2), group="rails")
        pb.add(
            "bare_metal",
            tr.ladder([-W / 2 - 0.4, 0, 0.0], z1 + 0.05 * Ht, 0.6, (-1, 0), detail=2),
            group="rails",
        )
        nz = g.ring_points(24, rh * 0.98, z1 - 0.5)
        pb.add("dark_metal", gr.studs(nz, nz * [1, 1, 0], 0.15, 0.4, "oct"), group="seams")
    em = [Emitter(f"engine{i}", "plume", tuple(c), (0.0, 0.0, -1.0)) for i, c in enumerate(bc)]
    parts = pb.parts("cargo_ship")
    return AssetMesh(KIND, parts, g.footprint(parts), emitters=em)
