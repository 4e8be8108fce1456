"""Habitats. ``style``:

* "module": pressurised horizontal cylinder (along x) on concrete saddles, lit window strips,
  panel bands, end hatches, roof greebles;
* "dome": inflatable dome on a concrete ring with meridian ribs, a lit window band and an
  airlock;
* "brick_vault": barrel vault of 3D-printed regolith bricks laid in visible, staggered courses,
  brick end walls with a lit door.
"""

from __future__ import annotations

import numpy as np

from . import _geometry as g
from . import _greeble as gr
from ._base import AssetMesh, Param, SpotLight

KIND = "habitat"
CLOSED_PARTS = ("*",)
SUMMARY = "Habitat: cylinder module, inflatable dome or 3D-printed regolith brick vault"
PARAMS = {
    "style": Param("module", choices=("module", "dome", "brick_vault"), doc="habitat type"),
    "length_m": Param(12.0, 4.0, 40.0, "m", "module / vault length (dome: diameter)"),
    "diameter_m": Param(4.5, 2.0, 12.0, "m", "module diameter (vault span, dome height)"),
}


def _module(pb, L, D, n, detail, rng):
    r = D / 2
    zc = r + 0.8
    prof = [
        [0.0, -L / 2],
        [0.55 * r, -L / 2],
        [0.9 * r, -L / 2 + 0.25 * r],
        [r, -L / 2 + 0.55 * r],
        [r, L / 2 - 0.55 * r],
        [0.9 * r, L / 2 - 0.25 * r],
        [0.55 * r, L / 2],
        [0.0, L / 2],
    ]
    hull = g.rotate(g.lathe(prof, n), [0, 1, 0], np.pi / 2)
    pb.add("painted_white", g.translate(hull, [0, 0, zc]), group="hull")
    # panel bands (bolted at detail 2)
    nb = 5 + 2 * int(rng.integers(0, 2))
    for x in np.linspace(-L / 2 + 0.6 * r, L / 2 - 0.6 * r, nb) if detail else []:
        band = g.rotate(g.tube(r + 0.06, r - 0.05, -0.12, 0.12, n), [0, 1, 0], np.pi / 2)
        pb.add("dark_metal", g.translate(band, [x, 0, zc]), group="bands")
        if detail >= 2:
            for dx in (-0.09, 0.09):
                bolts = g.rotate(
                    gr.bolt_ring(r + 0.06, dx, 48, 0.03, up=False), [0, 1, 0], np.pi / 2
                )
                pb.add("bare_metal", g.translate(bolts, [x, 0, zc]), group="bolts")
    if detail >= 2:  # skin seams between the bands, grab rails along the flanks
        xs = np.linspace(-L / 2 + 0.6 * r, L / 2 - 0.6 * r, 2 * nb)
        sm = g.rotate(gr.hoops(np.full(len(xs), r), xs, 0.03, n // 2), [0, 1, 0], np.pi / 2)
        pb.add("dark_metal", g.translate(sm, [0, 0, zc]), group="bands")
        for s in (-1, 1):
            pts = np.c_[
                np.linspace(-L / 2 + r, L / 2 - r, 10),
                np.full(10, s * r * 0.8),
                np.full(10, zc + r * 0.6),
            ]
            pb.add(
                "hazard_yellow",
                gr.rail_polyline(pts, 0.12, 1, closed=False, width=0.04),
                group="rails",
            )
    # window strips both sides (row of small windows; one strip at detail 0)
    nw = max(2, int((L - 1.4 * r) / 1.2)) if detail else 1
    xs = np.linspace(-L / 2 + 0.9 * r, L / 2 - 0.9 * r, nw)
    for s in (-1, 1):
        c = np.c_[xs, np.full(nw, s * (r * np.cos(0.35) + 0.02)), np.full(nw, zc + r * 0.34)]
        ww = 0.7 if detail else L - 1.8 * r
        pb.add("window_lit", g.boxes(c, [ww, 0.12, 0.45]), group="windows")
        if detail >= 2:  # window frames
            pb.add(
                "dark_metal", g.boxes(c - [0, s * 0.03, 0], [0.85, 0.06, 0.6]), group="frames"
            )  # behind the lit pane, which stands proud of it
    # end hatches and saddles
    for s in (-1, 1):
        pb.add("dark_metal", g.box([0.3, 1.1, 1.6], [s * L / 2, 0, zc - 0.2]), group="bands")
    sx = np.linspace(-L / 2 + 1.2 * r, L / 2 - 1.2 * r, 2 if L < 16 else 3)
    sad = [
        [-r * 0.9, 0],
        [r * 0.9, 0],
        [r * 0.9, zc - r * 0.45],
        [r * 0.5, zc - r * 0.85],
        [0.0, zc - r * 1.0],
        [-r * 0.5, zc - r * 0.85],
        [-r * 0.9, zc - r * 0.45],
    ]
    sad = g.extrude_xz(sad, -0.35, 0.35)  # profile is in (x, z): rotate onto (y, z)
    sad = g.rotate_z(sad, np.pi / 2)
    pb.add("regolith_concrete", g.instance(sad, np.c_[sx, np.zeros((len(sx), 2))]), group="saddles")
    pb.add("regolith_concrete", g.box([L * 0.8, D * 0.9, 0.3], [0, 0, 0.05]), group="saddles")
    # roof greebles: radiator panel, antennas, handrails
    pb.add(
        "painted_grey", g.box([L * 0.35, 1.6, 0.12], [-L * 0.15, 0, zc + r + 0.35]), group="roof"
    )
    pb.add(
        "bare_metal",
        g.beams(
            [[-L * 0.3, 0.0, zc + r], [L * 0.3, 0, zc + r]],
            [[-L * 0.3, 0.0, zc + r + 0.4], [L * 0.3, 0, zc + r + 1.6]],
            0.08,
        ),
        group="roof",
    )
    if detail >= 1:
        k = int(rng.integers(4, 10)) * detail
        pb.add(
            "painted_grey",
            g.boxes(
                np.c_[rng.uniform(-L / 3, L / 3, k), rng.uniform(-0.5, 0.5, k), np.full(k, zc + r)],
                rng.uniform(0.3, 0.8, (k, 3)),
            ),
            group="roof",
        )
    return [SpotLight((L / 2 + 0.3, 0.0, zc + 1.2), (1.0, 0.0, -0.6), 70.0, 1.0, range_m=30.0)]


def _dome(pb, Dm, Hd, n, detail):
    R = Dm / 2
    pb.add("regolith_concrete", g.tube(R + 0.6, R - 0.3, -0.3, 0.9, n), group="ring")
    pb.add("painted_white", g.dome(R, Hd, 0.9, n, g.seg(detail, 10, 5)), group="shell")
    # meridian ribs as beam polylines over the shell (none at detail 0)
    rs = (R**2 + Hd**2) / (2 * Hd)
    nr = (0, 16, 32)[detail]
    t = np.linspace(np.arcsin(min(R / rs, 1.0)), 0, (2, 9, 17)[detail])
    rr, zz = rs * np.sin(t) + 0.06, 0.9 + Hd - rs + rs * np.cos(t) + 0.06
    ribs = []
    for a in np.linspace(0, 2 * np.pi, nr, endpoint=False):
        p = np.c_[rr * np.cos(a), rr * np.sin(a), zz]
        ribs.append(gr.members(p[:-1], p[1:], 0.15, detail))
    if nr:
        pb.add("painted_grey", g.merge(ribs), group="ribs")
    if detail >= 2:  # parallels between the ribs, bolt ring on the foundation ring
        tp = np.linspace(0.1, 0.9, 5) * np.arcsin(min(R / rs, 1.0))
        pb.add(
            "painted_grey",
            gr.hoops(rs * np.sin(tp) + 0.03, 0.9 + Hd - rs + rs * np.cos(tp), 0.1, n),
            group="ribs",
        )
        pb.add("bare_metal", gr.bolt_ring(R + 0.3, 0.9, 96, 0.05), group="bolts")
        pb.add("hazard_yellow", gr.rail_ring(R + 0.45, 0.9, n, 2, 0.9, 2, 0.04), group="rails")
    # lit window band near the base
    zw = 0.9 + 0.25 * Hd
    rw = np.sqrt(max(rs**2 - (zw - 0.9 - Hd + rs) ** 2, 0.01)) + 0.03
    pb.add("window_lit", g.tube(rw + 0.05, rw - 0.2, zw, zw + 0.45, n), group="windows")
    # airlock module on +x
    lock = g.rotate(g.cylinder(1.2, 0, 3.5, g.seg(detail, 16, 6)), [0, 1, 0], np.pi / 2)
    pb.add("painted_white", g.translate(lock, [R - 0.8, 0, 1.6]), group="airlock")
    pb.add("dark_metal", g.box([0.2, 1.0, 1.8], [R + 2.75, 0, 1.5]), group="airlock")
    pb.add("window_lit", g.box([0.1, 0.5, 0.3], [R + 2.86, 0, 2.2]), group="windows")
    return [SpotLight((R + 2.9, 0.0, 3.0), (1.0, 0.0, -0.7), 70.0, 1.0, range_m=30.0)]


def _bricks(x0, x1, r0, r1, t0, t1):
    """Annular-sector bricks of a vault along x. All args (K,). Returns (8K, 3), (12K, 3)."""
    v, f = g.boxes(np.zeros((len(x0), 3)), [1.0, 1.0, 1.0])
    u = v.reshape(-1, 8, 3) + 0.5  # unit cube corners, (x, r, theta) in 0..1
    x = x0[:, None] + u[..., 0] * (x1 - x0)[:, None]
    r = r0[:, None] + u[..., 1] * (r1 - r0)[:, None]
    t = t0[:, None] + u[..., 2] * (t1 - t0)[:, None]
    out = np.stack([x, r * np.cos(t), r * np.sin(t)], -1)
    return out.reshape(-1, 3), f


def _vault(pb, L, span, detail):
    R = span / 2
    th = 0.45  # shell thickness
    course = {0: L, 1: 0.6, 2: 0.25}[detail]  # detail 0: one smooth shell, no courses
    nc = max(1, int(L / course))
    nbr = {0: 6, 1: 14, 2: 28}[detail]
    gap = 0.04
    x0s, x1s, t0s, t1s = [], [], [], []
    dt = np.pi / nbr
    for i in range(nc):
        xa, xb = -L / 2 + i * L / nc, -L / 2 + (i + 1) * L / nc - gap
        off = 0.5 * dt if i % 2 else 0.0  # staggered (running bond)
        edges = np.clip(np.arange(nbr + 2) * dt - off, 0, np.pi)
        edges = np.unique(edges)
        x0s.append(np.full(len(edges) - 1, xa))
        x1s.append(np.full(len(edges) - 1, xb))
        t0s.append(edges[:-1] + gap / R)
        t1s.append(edges[1:])
    x0, x1, t0, t1 = map(np.concatenate, (x0s, x1s, t0s, t1s))
    k = len(x0)
    pb.add(
        "regolith_concrete",
        _bricks(x0, x1, np.full(k, R), np.full(k, R + th), t0, t1),
        group="bricks",
    )
    # end walls: stacked brick rows filling the arch (half-disc), with a lit door on +x
    rows = max(3, int(R / (2 * min(course, 0.6) * 0.6))) if detail else 1
    bh = R / rows
    walls = []
    for s in (-1, 1):
        xc = s * (L / 2 - 0.2)
        for j in range(rows):
            z = (j + 0.5) * bh
            w = np.sqrt(max(R**2 - (z + bh / 2) ** 2, 0.0))
            bl = 2 * course  # brick length; odd rows shifted half a brick
            e = np.arange(-w - (bl / 2 if j % 2 else 0), w + bl, bl)
            e = np.unique(np.clip(e, -w, w))
            e = e[np.r_[True, np.diff(e) > 0.1]]
            nb = len(e) - 1
            if nb < 1:
                continue
            walls.append(
                g.boxes(
                    np.c_[np.full(nb, xc), (e[:-1] + e[1:]) / 2, np.full(nb, z)],
                    np.c_[np.full(nb, 0.4), np.diff(e) - gap, np.full(nb, bh - gap)],
                )
            )
    pb.add("regolith_concrete", g.merge(walls), group="bricks")
    pb.add("regolith_concrete", g.box([L + 1.0, span + 1.4, 0.3], [0, 0, -0.1]), group="footing")
    pb.add("dark_metal", g.box([0.3, 1.2, 2.0], [L / 2 + 0.05, 0, 1.0]), group="door")
    pb.add("window_lit", g.box([0.12, 0.9, 0.25], [L / 2 + 0.25, 0, 2.25]), group="windows")
    pb.add("window_lit", g.box([0.12, 0.5, 0.5], [-L / 2 - 0.05, 0, 1.6]), group="windows")
    return [SpotLight((L / 2 + 0.5, 0.0, 2.6), (1.0, 0.0, -0.6), 70.0, 1.0, range_m=30.0)]


def build(params, rng: np.random.Generator, detail: int = 1) -> AssetMesh:
    """Module and vault run along x; the dome is centred on the origin."""
    style = str(params["style"])
    L = float(params["length_m"])
    D = float(params["diameter_m"])
    pb = g.PartBuilder()
    n = g.seg(detail, 32, 12)
    if style == "module":
        lights = _module(pb, L, D, n, detail, rng)
    elif style == "dome":
        lights = _dome(pb, L, min(D, L / 2), n, detail)
    else:
        lights = _vault(pb, L, max(D, 3.0), detail)
    parts = pb.parts("habitat")
    return AssetMesh(KIND, parts, g.footprint(parts), lights=lights)
