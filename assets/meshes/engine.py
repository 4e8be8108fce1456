"""Planetary engine ("Moving Mountain", The Wandering Earth II): a stepped, ribbed tower on a
massive buttressed base ring, service platforms at every step, a flared nozzle at the top with
an engine-glow ring, and an emissive plume column."""

from __future__ import annotations

import numpy as np

from . import _geometry as g
from ._base import AssetMesh, Emitter, Param, SpotLight

KIND = "engine"
SUMMARY = "Planetary engine tower (~1 km) with base ring, buttresses, ribs and a blue plume"
PARAMS = {
    "height_m": Param(1000.0, 150.0, 3000.0, "m", "tower height to the nozzle lip"),
    "base_radius_m": Param(220.0, 30.0, 800.0, "m", "radius of the base ring"),
    "tiers": Param(5, 2, 10, "", "stepped tiers of the tower"),
    "ribs": Param(24, 0, 96, "", "vertical ribs around the tower"),
    "buttresses": Param(8, 0, 24, "", "radial buttresses on the base ring"),
    "plume_length_m": Param(600.0, 0.0, 5000.0, "m", "plume length above the nozzle (0: off)"),
}


def build(params, rng: np.random.Generator, detail: int = 1) -> AssetMesh:
    """Build the engine. All sizes scale with height_m / base_radius_m."""
    H = float(params["height_m"])
    R = float(params["base_radius_m"])
    T = int(params["tiers"])
    n = g.seg(detail, 64, 16)
    pb = g.PartBuilder()

    # --- base ring: stepped plinth (foundation 4 m below ground)
    hb = min(0.06 * H, 0.5 * R)
    r_t0 = 0.5 * R  # tower radius at the bottom
    plinth = [[R, -4.0], [R, 0.45 * hb], [0.93 * R, 0.45 * hb], [0.93 * R, 0.75 * hb],
              [0.82 * R, 0.75 * hb], [0.82 * R, hb], [0.0, hb]]
    pb.add("regolith_concrete", g.lathe(plinth, n), group="base")
    pb.add("dark_metal", g.tube(0.935 * R, 0.925 * R, 0.45 * hb, 0.5 * hb, n), group="base")

    # buttresses: triangular prisms from the tower wall down to the plinth edge
    nb = int(params["buttresses"])
    if nb:
        hbt = 0.22 * H
        tri = [[r_t0 * 0.98, hb], [0.9 * R, hb], [0.9 * R, hb + 0.04 * H],
               [r_t0 * 0.98, hb + hbt]]
        bw = max(3.0, 0.09 * R)
        pb.add("painted_grey", g.polar(g.extrude_xz(tri, -bw / 2, bw / 2), nb, np.pi / nb),
               group="base")

    # --- tower: tiers of tapered drums with a ledge + walkway ring at each step
    z_top = 0.9 * H
    zs = np.linspace(hb, z_top, T + 1)
    radii = np.linspace(r_t0, 0.28 * R, T + 1)
    ribs = int(params["ribs"])
    rw = max(1.0, 0.012 * R)
    for i in range(T):
        z0, z1 = zs[i], zs[i + 1]
        ra, rb = radii[i], radii[i] * 0.93 if i < T - 1 else radii[i + 1]
        ledge = radii[i + 1] if i < T - 1 else rb
        prof = [[ra, z0], [rb, z1 - 0.02 * (z1 - z0)], [rb + 0.02 * R, z1], [ledge, z1]]
        pb.add("painted_white", g.lathe(prof, n, cap=False), group="tower")
        # panel bands
        nbands = 2 if detail == 0 else 4
        for t in np.linspace(0.2, 0.85, nbands):
            zb = z0 + t * (z1 - z0)
            rr = ra + (rb - ra) * t + 0.2
            pb.add("dark_metal", g.tube(rr + 0.8, rr - 1.0, zb, zb + 0.012 * (z1 - z0), n),
                   group="tower")
        # ribs: radial fins hugging the drum
        if ribs:
            rm = 0.5 * (ra + rb)
            rib = g.box([2.5 * rw, rw, (z1 - z0) * 0.92], [rm + 1.0 * rw, 0, 0.5 * (z0 + z1)])
            pb.add("painted_grey", g.polar(rib, ribs, np.pi * i / max(ribs, 1)), group="tower")
        # walkway ring + railing at the step
        rwk = rb + 0.02 * R
        pb.add("steel_lattice", g.tube(rwk + 6.0, rwk - 0.5, z1 - 0.6, z1, n), group="platforms")
        if detail >= 1:
            pb.add("steel_lattice", g.railing(rwk + 6.0, z1, n, 1.2, 2, 0.15), group="platforms")
        # greebles on the ledges: machinery boxes
        k = {0: 4, 1: 12, 2: 24}[detail]
        ang = rng.uniform(0, 2 * np.pi, k)
        rr = rwk - 2.0 - rng.uniform(0, 0.02 * R, k)
        sz = rng.uniform(3, 10, (k, 3))
        pb.add("painted_grey", g.boxes(np.c_[rr * np.cos(ang), rr * np.sin(ang), z1 + sz[:, 2] / 2],
                                       sz, ang), group="tower")
        # vertical pipes on the drum face
        if detail >= 1:
            pa = np.pi / 7 + np.linspace(0, 2 * np.pi, 6, endpoint=False) + i * 0.3
            for a in pa:
                p = g.cylinder(1.2, z0, z1, 8)
                pb.add("bare_metal", g.translate(p, [(rm + 2.5 * rw) * np.cos(a),
                                                     (rm + 2.5 * rw) * np.sin(a), 0]),
                       group="pipes")

    # --- nozzle: flared shell at the top, engine glow inside
    rt = radii[-1]
    re = 1.35 * rt  # nozzle exit radius
    zn0, zn1 = z_top, H
    zg = zn0 + 0.3 * (zn1 - zn0)  # throat / glow plane
    noz = [[rt, zn0], [0.92 * rt, zn0 + 0.25 * (zn1 - zn0)], [1.05 * rt, zn0 + 0.6 * (zn1 - zn0)],
           [re, zn1], [re - 0.03 * rt, zn1], [0.55 * rt, zg], [0.5 * rt, zg - 2.0]]
    pb.add("dark_metal", g.lathe(noz, n), group="nozzle")
    pb.add("engine_glow", g.torus(0.6 * rt, 0.05 * rt, n, 8, zg + 0.05 * rt), group="glow")
    pb.add("engine_glow", g.cylinder(0.52 * rt, zg - 1.0, zg + 0.5, n), group="glow")
    pb.add("bare_metal", g.torus(re, 0.012 * H, n, 8, zn1), group="nozzle")
    # stiffener hoops round the bell
    for t in (0.45, 0.75):
        z = zn0 + t * (zn1 - zn0)
        rr = np.interp(z, [zn0 + 0.25 * (zn1 - zn0), zn0 + 0.6 * (zn1 - zn0), zn1],
                       [0.92 * rt, 1.05 * rt, re])
        pb.add("bare_metal", g.torus(rr, 0.008 * H, n, 6, z), group="nozzle")
    rn = re / 1.12
    # beacons round the lip
    nbk = 8
    pb.add("signal_red", g.boxes(g.ring_points(nbk, rn * 1.12, zn1 + 0.015 * H + 1.5),
                                 [3.0, 3.0, 3.0]), group="beacons")

    # --- plume
    L = float(params["plume_length_m"])
    emitters = [Emitter("nozzle", "plume", (0.0, 0.0, zg), (0.0, 0.0, 1.0))]
    if L > 0:
        t = np.linspace(0, 1, 12 if detail else 7)
        pr = rt * (0.55 + 0.9 * np.sqrt(np.minimum(t / 0.12, 1.0))) * (1 - 0.8 * t**1.5)
        pr[-1] = 0.0
        pb.add("plume", g.lathe(np.c_[pr, zg + t * L], g.seg(detail, 32, 12)), group="plume")

    # --- floodlights on the plinth, aimed up at the tower
    nl = 8
    lp = g.ring_points(nl, 0.75 * R, hb, np.pi / 8)
    heads = lp + [0, 0, 4.0]
    pb.add("lamp", g.boxes(heads, [4.0, 4.0, 2.0]), group="lamps")
    pb.add("dark_metal", g.beams(lp, heads, 1.0), group="lamps")
    lights = [SpotLight(tuple(h), tuple((-h[:2] / np.linalg.norm(h[:2])).tolist() + [0.8]),
                        40.0, 3.0, range_m=1.5 * H) for h in heads]
    parts = pb.parts("engine")
    return AssetMesh(KIND, parts, g.footprint(parts), lights=lights, emitters=emitters)
