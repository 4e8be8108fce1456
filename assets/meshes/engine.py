"""Planetary engine ("Moving Mountain", The Wandering Earth II): a colossal stepped, ribbed
tower on a terraced base ring, stair-stepped buttresses anchoring it into the crater rim,
machinery collars with lit window bands and cantilevered service platforms at every step,
lattice elevator shafts with bridges to the platforms, a flared nozzle with glowing rings and
an emissive plume column.

Detail 0 is the far silhouette (one stepped lathe, plain buttresses, nozzle, plume); detail 1
the normal mesh; detail 2 adds panel seams, bolt rings, window rows, I-section lattices,
rail mid-rails and toe boards, rib bolts and pipe flanges.
"""

from __future__ import annotations

import numpy as np

from . import _geometry as g
from . import _greeble as gr
from . import _truss as tr
from ._base import AssetMesh, Emitter, Param, SpotLight

KIND = "engine"
SUMMARY = "Planetary engine tower (~1 km) with base ring, buttresses, ribs and a blue plume"
CLOSED_PARTS = ("*",)
PARAMS = {
    "height_m": Param(1000.0, 150.0, 3000.0, "m", "tower height to the nozzle lip"),
    "base_radius_m": Param(220.0, 30.0, 800.0, "m", "radius of the base ring"),
    "tiers": Param(5, 2, 10, "", "stepped tiers of the tower"),
    "ribs": Param(24, 0, 96, "", "vertical ribs around the tower"),
    "buttresses": Param(8, 0, 24, "", "radial buttresses on the base ring"),
    "shafts": Param(3, 0, 6, "", "lattice elevator shafts up the tower"),
    "plume_length_m": Param(600.0, 0.0, 5000.0, "m", "plume length above the nozzle (0: off)"),
}


def _tiers(H, R, T, rng):
    """Tier boundaries: zs (T+1,), bottom radii ra (T,), top radii rb (T,)."""
    hb = min(0.05 * H, 0.25 * R)
    w = 1.0 + 0.18 * rng.uniform(-1, 1, T)
    w *= np.linspace(1.25, 0.8, T)  # tall lower tiers
    zs = hb + 0.07 * H + np.r_[0, np.cumsum(w) / w.sum()] * (0.86 * H - hb - 0.07 * H)
    ra = 0.58 * R * 0.87 ** np.arange(T)
    return hb, zs, ra, ra * 0.95


def _base(pb, H, R, hb, ra0, nb, n, detail):
    pl = [
        [R, -5.0],
        [0.985 * R, 0.35 * hb],
        [0.9 * R, 0.35 * hb],
        [0.885 * R, 0.7 * hb],
        [0.8 * R, 0.7 * hb],
        [0.79 * R, hb],
        [0.0, hb],
    ]
    pb.add("regolith_concrete", g.lathe(pl, n), group="base")
    z1 = hb + 0.07 * H  # skirt: flared foot of the tower
    pb.add(
        "painted_grey", g.lathe([[0.72 * R, hb - 1], [ra0 + 2, z1], [0.0, z1]], n), group="skirt"
    )
    if detail >= 1:  # skirt ribs, gates with lit lintels, dark trim grooves on the terraces
        sk = [[0.72 * R - 3, hb], [0.72 * R + 2, hb], [ra0 + 5, z1], [ra0 - 2, z1]]
        pb.add(
            "painted_white",
            g.polar(g.extrude_xz(sk, -1.5, 1.5), 2 * max(nb, 6)),
            group="skirt_ribs",
        )
        ga = np.pi / max(nb, 1) / 2 + np.linspace(0, 2 * np.pi, 4, endpoint=False)
        gc = np.c_[0.72 * R * np.cos(ga), 0.72 * R * np.sin(ga), np.full(4, hb + 10)]
        pb.add("dark_metal", g.boxes(gc, [6.0, 24.0, 20.0], ga), group="gates")
        pb.add("window_lit", g.boxes(gc + [0, 0, 11.5], [6.5, 24.0, 1.5], ga), group="windows")
        pb.add(
            "dark_metal", g.tube(0.905 * R, 0.895 * R, 0.35 * hb, 0.35 * hb + 1.0, n), group="trim"
        )
        pb.add(
            "dark_metal", g.tube(0.805 * R, 0.795 * R, 0.7 * hb, 0.7 * hb + 1.0, n), group="trim"
        )
    if not nb:
        return
    # stair-stepped buttresses from the skirt down into the rim (below ground)
    bw = max(4.0, 0.09 * R)
    k = 2 if detail == 0 else 6
    r = np.linspace(0.98 * R, 0.6 * R, k + 1)
    z = np.linspace(0.45 * hb, hb + 0.2 * H, k + 1)
    top = [[r[0], z[0]]] + [p for i in range(k) for p in ([r[i + 1], z[i]], [r[i + 1], z[i + 1]])]
    poly = [[0.55 * R, -5.0], [R, -5.0]] + top + [[0.55 * R, z[-1]]]
    wedge = g.extrude_xz(poly, -bw / 2, bw / 2)
    ph = np.pi / nb
    pb.add("painted_grey", g.polar(wedge, nb, ph), group="buttresses")
    if detail >= 1:  # anchor blocks at the feet, dark caps on each step
        pb.add(
            "dark_metal",
            g.polar(g.box([0.06 * R, 1.3 * bw, 0.3 * hb], [0.96 * R, 0, 0.3 * hb]), nb, ph),
            group="trim",
        )
        caps = g.boxes(
            np.c_[(r[:-1] + r[1:]) / 2, np.zeros(k), z[:-1] + 0.6],
            np.c_[np.abs(np.diff(r)) * 0.9, np.full(k, bw * 1.04), np.full(k, 1.2)],
        )
        pb.add("dark_metal", g.polar(caps, nb, ph), group="trim")
    if detail >= 2:  # anchor bolts along each step, panel joints on the buttress flanks
        pz = np.arange(4.0, z[-1] - 2, 12.0)
        pr = r[np.clip(np.searchsorted(z, pz), 0, k)]
        jt = []
        for y in (-bw / 2 - 0.1, bw / 2 + 0.1):
            jt.append(
                gr.prisms(
                    np.c_[np.full(len(pz), 0.56 * R), np.full(len(pz), y), pz],
                    np.c_[pr - 1, np.full(len(pz), y), pz],
                    0.4,
                    0.4,
                )
            )
        pb.add("dark_metal", g.polar(g.merge(jt), nb, ph), group="seams")
        ang = ph + np.linspace(0, 2 * np.pi, nb, endpoint=False)
        pts = []
        for i in range(k):
            t = np.linspace(0.1, 0.9, 6)
            rr = r[i] + t * (r[i + 1] - r[i])
            for y in (-0.4 * bw, 0.4 * bw):
                pts.append(np.c_[rr, np.full(6, y), np.full(6, z[i] + 1.2)])
        p = np.vstack(pts)
        pts = np.vstack([p @ g.rot_matrix([0, 0, 1], a).T for a in ang])
        pb.add(
            "bare_metal",
            gr.studs(pts, np.tile([0, 0, 1.0], (len(pts), 1)), 0.5, 0.5),
            group="bolts",
        )


def _tier(pb, i, z0, z1, ra, rb, nxt, R, ribs, n, detail, rng):
    """One drum with its collar, platform, ribs, pipes and greebles."""
    ch = 0.12 * (z1 - z0)  # collar height
    cw = 0.025 * R
    pb.add("painted_grey", g.lathe([[ra, z0], [rb, z1 - ch], [0.0, z1 - ch]], n), group="tower")
    pb.add(
        "dark_metal",
        g.lathe(
            [[rb - 2, z1 - ch], [rb + cw, z1 - 0.65 * ch], [rb + cw, z1], [rb - 2, z1]],
            n,
            loop=True,
        ),
        group="collar",
    )
    if detail == 0:
        return
    zw = z1 - 0.45 * ch
    pb.add(
        "window_lit", g.tube(rb + cw + 0.15, rb + cw - 1.0, zw, zw + 0.18 * ch, n), group="windows"
    )
    # platform deck + railing + brackets under it
    pw = 0.03 * R
    pb.add("steel_lattice", g.tube(rb + cw + pw, rb + cw - 1.0, z1 - 1.0, z1, n), group="platforms")
    pb.add(
        "hazard_yellow", gr.rail_ring(rb + cw + pw - 0.3, z1, n, detail, 1.2, 2, 0.2), group="rails"
    )
    nbr = n // 4 if detail == 1 else n // 2
    a = np.linspace(0, 2 * np.pi, nbr, endpoint=False)
    c, s = np.cos(a), np.sin(a)
    p0 = np.c_[(rb + cw) * c, (rb + cw) * s, np.full(nbr, z1 - 0.65 * ch)]
    p1 = np.c_[(rb + cw + pw) * c, (rb + cw + pw) * s, np.full(nbr, z1 - 1.0)]
    pb.add("steel_lattice", gr.members(p0, p1, 0.6, detail), group="platforms")
    # ribs: tapered fins on the drum
    if ribs:
        db, dt = 0.035 * R, 0.012 * R
        rw = max(1.0, 0.012 * R)
        poly = [
            [ra - 2, z0],
            [ra + db, z0],
            [ra + db, z0 + 0.05 * (z1 - z0)],
            [rb + dt, z1 - ch],
            [rb - 2, z1 - ch],
        ]
        ph = np.pi * (i % 2) / ribs
        pb.add(
            "painted_white", g.polar(g.extrude_xz(poly, -rw / 2, rw / 2), ribs, ph), group="ribs"
        )
        if detail >= 2:  # bolt rows along each rib's outer edge, both faces
            t = np.linspace(0.03, 0.97, 12)
            rr = ra + db - 1.0 + t * (rb + dt - ra - db)
            zz = z0 + t * (z1 - ch - z0)
            pts, nrm = [], []
            for a0 in ph + np.linspace(0, 2 * np.pi, ribs, endpoint=False):
                for side in (-1, 1):
                    q = np.c_[rr, np.full(12, side * rw / 2), zz] @ g.rot_matrix([0, 0, 1], a0).T
                    pts.append(q)
                    nrm.append(np.tile([-side * np.sin(a0), side * np.cos(a0), 0], (12, 1)))
            pb.add("bare_metal", gr.studs(np.vstack(pts), np.vstack(nrm), 0.25, 0.2), group="bolts")
    # vertical pipe runs between ribs
    npipe = 4 if detail == 1 else 8
    pa = np.pi / max(ribs, 1) * 0.5 + np.linspace(0, 2 * np.pi, npipe, endpoint=False) + i
    np8 = 8 if detail == 1 else 16
    for ang in pa:
        off = np.array([np.cos(ang), np.sin(ang)])
        pipe = g.lathe([[1.5, z0], [1.5 * rb / ra, z1 - ch], [0, z1 - ch]], np8)
        v = pipe[0].copy()
        rwall = ra + (rb - ra) * (v[:, 2] - z0) / (z1 - ch - z0)
        v[:, :2] += (rwall + 2.0)[:, None] * off
        pb.add("bare_metal", (v, pipe[1]), group="pipes")
        if detail >= 2:  # flanges every ~12 m
            zf = np.arange(z0 + 6, z1 - ch, 24.0)
            rf = ra + (rb - ra) * (zf - z0) / (z1 - ch - z0) + 2.0
            for zz, r0 in zip(zf, rf, strict=True):
                fl = g.translate(g.cylinder(2.2, zz, zz + 0.8, np8), [r0 * off[0], r0 * off[1], 0])
                pb.add("bare_metal", fl, group="pipes")
    # machinery on the ledge above (between the next drum and the collar edge)
    k = int(rng.integers(8, 16)) * (1 if detail == 1 else 2)
    ang = rng.uniform(0, 2 * np.pi, k)
    rr = rng.uniform(nxt + 4, rb + cw - 4, k) if nxt + 4 < rb + cw - 4 else np.full(k, rb)
    sz = rng.uniform(3, 12, (k, 3))
    pb.add(
        "painted_grey",
        g.boxes(np.c_[rr * np.cos(ang), rr * np.sin(ang), z1 + sz[:, 2] / 2], sz, ang),
        group="machinery",
    )
    if detail >= 2:  # seams, bolt rings, window mullions
        zs = np.arange(z0 + 16, z1 - ch - 2, 16.0)
        rs = ra + (rb - ra) * (zs - z0) / (z1 - ch - z0)
        pb.add("dark_metal", gr.hoops(rs, zs, 0.3, n // 2), group="seams")
        pb.add(
            "dark_metal",
            gr.ribs_on(
                lambda z: ra + (rb - ra) * (z - z0) / (z1 - ch - z0),
                z0,
                z1 - ch - 0.5,
                2 * max(ribs, 12),
                0.3,
                0.3,
            ),
            group="seams",
        )
        pb.add("bare_metal", gr.bolt_ring(rb + cw - 1.0, z1, n, 0.35), group="bolts")
        pb.add(
            "bare_metal",
            gr.bolt_ring(rb + cw + 0.2, z1 - 0.15 * ch, n, 0.35, up=False),
            group="bolts",
        )
        mz = zw + 0.09 * ch
        m = g.ring_points(n, rb + cw + 0.25, mz)
        pb.add(
            "dark_metal",
            g.boxes(m, [0.5, 0.4, 0.2 * ch], np.linspace(0, 2 * np.pi, n, endpoint=False)),
            group="seams",
        )


def _shafts(pb, R, hb, zs, ra, rb, ns, detail, rng):
    """Lattice elevator shafts beside the tower with a bridge to every platform."""
    rs = ra[0] + 0.025 * R + 0.03 * R + 8.0
    zt = zs[-2] + 10.0
    ang = rng.uniform(0, 2 * np.pi) + np.linspace(0, 2 * np.pi, ns, endpoint=False)
    side = 10.0
    for a in ang:
        c = np.array([rs * np.cos(a), rs * np.sin(a)])
        if detail == 0:
            pb.add(
                "steel_lattice",
                g.box([side, side, zt - hb], [c[0], c[1], (zt + hb) / 2]),
                group="shafts",
            )
            continue
        bays = max(4, int((zt - hb) / (24.0 if detail == 1 else 14.0)))
        t = tr.tower(
            4,
            side / np.sqrt(2),
            side / np.sqrt(2),
            hb,
            zt,
            bays,
            1.0,
            0.5,
            np.pi / 4 + a,
            "z" if detail == 1 else "x",
            detail,
        )
        pb.add("steel_lattice", g.translate(t, [c[0], c[1], 0]), group="shafts")
        pb.add(
            "dark_metal",
            g.box([0.5 * side, 0.5 * side, zt - hb], [c[0], c[1], (zt + hb) / 2]),
            group="shafts_core",
        )
        u = np.array([np.cos(a), np.sin(a)])
        for i in range(len(rb) - 1):
            z = zs[i + 1]
            r1 = rb[i] + 0.055 * R - 0.5
            p0, p1 = np.r_[u * (rs - side / 2), z - 1.5], np.r_[u * r1, z - 1.5]
            if np.linalg.norm(p1 - p0) > 2:
                panels = max(2, int(np.linalg.norm(p1 - p0) / (8.0 if detail == 1 else 4.0)))
                pb.add(
                    "steel_lattice",
                    tr.girder(p0, p1, 2.5, panels, 0.4, 0.2, detail=detail),
                    group="bridges",
                )
                pb.add("lamp", g.box([1.0, 1.0, 0.6], p0 + [0, 0, 4.0]), group="lamps")


def build(params, rng: np.random.Generator, detail: int = 1) -> AssetMesh:
    """Build the engine. All sizes scale with height_m / base_radius_m."""
    H = float(params["height_m"])
    R = float(params["base_radius_m"])
    T = int(params["tiers"])
    n = g.seg(detail, 64, 16)
    pb = g.PartBuilder()
    hb, zs, ra, rb = _tiers(H, R, T, rng)
    _base(pb, H, R, hb, ra[0], int(params["buttresses"]), n, detail)
    for i in range(T):
        nxt = ra[i + 1] if i + 1 < T else 0.0
        _tier(pb, i, zs[i], zs[i + 1], ra[i], rb[i], nxt, R, int(params["ribs"]), n, detail, rng)
    if int(params["shafts"]):
        _shafts(pb, R, hb, zs, ra, rb, int(params["shafts"]), detail, rng)

    # --- nozzle: flared bell on top of the last tier, glow disc at the throat, glowing lip
    rt = rb[-1]
    re = 1.3 * rt
    zn0, zn1 = zs[-1], float(H)
    h = zn1 - zn0
    th = 0.04 * rt
    zg = zn0 + 0.3 * h
    noz = [
        [rt, zn0 - 2],
        [0.85 * rt, zn0 + 0.25 * h],
        [0.97 * rt, zn0 + 0.6 * h],
        [re, zn1],
        [re - th, zn1],
        [0.97 * rt - th, zn0 + 0.6 * h],
        [0.85 * rt - th, zn0 + 0.3 * h],
        [0.5 * rt, zg],
        [0.5 * rt, zn0 - 2],
    ]
    pb.add("dark_metal", g.lathe(noz, n, loop=True), group="nozzle")
    pb.add("engine_glow", g.cylinder(0.55 * rt, zg - 1.0, zg + 0.5, n), group="glow")
    pb.add(
        "engine_glow", g.torus(re - th - 0.02 * rt, 0.02 * rt, n, 8, zn1 - 0.03 * rt), group="glow"
    )
    if detail >= 1:
        pb.add("engine_glow", g.torus(0.6 * rt, 0.03 * rt, n, 8, zg + 0.05 * rt), group="glow")
        for t in (0.45, 0.75):  # stiffener hoops round the bell
            z = zn0 + t * h
            rr = np.interp(z, [zn0 + 0.25 * h, zn0 + 0.6 * h, zn1], [0.85 * rt, 0.97 * rt, re])
            pb.add("bare_metal", g.torus(rr, 0.006 * H, n, 6, z), group="nozzle_hoops")
        pb.add(
            "signal_red",
            g.boxes(g.ring_points(12, re, zn1 + 2.0), [3.0, 3.0, 3.0]),
            group="beacons",
        )
    if detail >= 2:
        pb.add("bare_metal", gr.bolt_ring(re - th / 2, zn1, n, 0.5), group="bolts")
        zz = np.linspace(zn0 + 0.3 * h, zn1 - 3, 8)
        rr = np.interp(zz, [zn0 + 0.25 * h, zn0 + 0.6 * h, zn1], [0.85 * rt, 0.97 * rt, re])
        pb.add("dark_metal", gr.hoops(rr, zz, 0.4, n), group="seams")

    # --- plume: the mesh's own short glow column (what glTF clients show); the renderer
    # draws each firing engine's kilometres-long jet instead (scene/shading/jets.py)
    L = float(params["plume_length_m"])
    emitters = [Emitter("nozzle", "plume", (0.0, 0.0, zg), (0.0, 0.0, 1.0))]
    if L > 0:
        t = np.linspace(0, 1, (6, 12, 24)[detail])
        pr = re * (0.8 + 0.35 * np.sqrt(np.minimum(t / 0.1, 1.0))) * (1 - 0.85 * t**1.4)
        pr[-1] = 0.0
        pb.add(
            "plume",
            g.lathe(np.c_[pr, zg + t * (zn1 - zg + L)], g.seg(detail, 32, 12)),
            group="plume",
        )

    # --- floodlights on the terraces, aimed up at the tower
    nl = 8
    lp = g.ring_points(nl, 0.85 * R, 0.7 * hb, np.pi / 8)
    heads = lp + [0, 0, 6.0]
    pb.add("lamp", g.boxes(heads, [5.0, 5.0, 3.0]), group="lamps")
    if detail >= 1:
        pb.add("dark_metal", g.beams(lp, heads - [0, 0, 1.5], 1.2), group="lamp_posts")
    lights = [
        SpotLight(
            tuple(p),
            tuple((-p[:2] / np.linalg.norm(p[:2])).tolist() + [0.8]),
            40.0,
            3.0,
            range_m=1.5 * H,
        )
        for p in heads
    ]
    parts = pb.parts("engine")
    return AssetMesh(KIND, parts, g.footprint(parts), lights=lights, emitters=emitters)
