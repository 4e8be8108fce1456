"""Industrial halls. ``style``:

* "hangar": walls under a segmental barrel roof with external arch ribs, a huge sliding door
  in the +x gable (leaves drawn apart a little on a lit interior), door-head lamps;
* "factory": a low-pitched hall with portal-frame pilasters, a sawtooth roof with lit north
  lights, window strips, roll-up truck doors on the -y side (one open) and roof vents.

Both sit on a concrete apron; lamps over the doors are SpotLights."""

from __future__ import annotations

import numpy as np

from . import _geometry as g
from . import _greeble as gr
from ._base import AssetMesh, Param, SpotLight

KIND = "hall"
CLOSED_PARTS = ("*",)
SUMMARY = "Hangar or factory hall with big doors and ribbed / sawtooth roof (~60 m)"
PARAMS = {
    "style": Param("hangar", choices=("hangar", "factory"), doc="hall type"),
    "length_m": Param(60.0, 20.0, 150.0, "m", "length (x)"),
    "width_m": Param(30.0, 10.0, 80.0, "m", "width (y)"),
    "height_m": Param(16.0, 6.0, 40.0, "m", "ridge height (hangar) / eave height (factory)"),
    "doors": Param(2, 0, 6, "", "truck doors on the -y wall (factory)"),
}


def arch_profile(W: float, hw: float, H: float, k: int, proud: float = 0.0) -> np.ndarray:
    """(k+2, 2) (y, z) outline, counter-clockwise: vertical walls to hw, then a circular arch
    of k points through (0, H); ``proud`` pushes it outward (walls sideways, arch radially)."""
    s = H - hw
    R = (W * W / 4 + s * s) / (2 * s)
    a0 = np.arcsin(min(1.0, W / 2 / R))
    a = np.linspace(a0, -a0, k)
    arc = np.c_[(R + proud) * np.sin(a), H - R + (R + proud) * np.cos(a)]
    return np.vstack([[[-W / 2 - proud, 0.0], [W / 2 + proud, 0.0]], arc])


def _door_leaves(pb, x, Wd, Hd, detail, gap):
    """Sliding leaves in the plane x, parted by ``gap`` at y = 0 on a lit interior."""
    n = (2, 6, 6)[detail]
    wl = (Wd - gap) / n
    ys = np.r_[np.arange(n // 2) * wl + wl / 2 + gap / 2]
    ys = np.r_[-ys, ys]
    c = np.c_[np.full(n, x + 0.35), ys, np.full(n, Hd / 2)]
    pb.add("painted_grey", g.boxes(c, [0.5, wl - 0.1, Hd]), group="doors")
    pb.add("window_lit", g.box([0.1, gap + 0.4, Hd - 0.2], [x + 0.02, 0, Hd / 2]), group="interior")
    pb.add("hazard_yellow", g.box([0.8, Wd + 1.5, 1.2], [x + 0.4, 0, Hd + 0.6]), group="trim")
    if detail >= 1:  # horizontal stiffeners on every leaf
        zs = np.linspace(1.5, Hd - 1.0, max(3, int(Hd / 2.5)))
        st = np.array([[x + 0.65, y, z] for y in ys for z in zs])
        pb.add("dark_metal", g.boxes(st, [0.15, wl - 0.5, 0.25]), group="door_ribs")
    if detail >= 2:
        zs = np.linspace(0.8, Hd - 0.6, max(6, int(Hd / 0.8)))
        st = np.array([[x + 0.62, y, z] for y in ys for z in zs])
        pb.add("dark_metal", g.boxes(st, [0.06, wl - 0.4, 0.06]), group="door_ribs")


def _hangar(pb, L, W, H, detail):
    hw = 0.45 * H
    k = (6, 16, 32)[detail]
    prof = arch_profile(W, hw, H, k)
    pb.add("painted_white", g.extrude_x(prof, -L / 2, L / 2), group="shell")
    # arch ribs every ~6 m (and the gable ends), offset proud of the skin
    if detail >= 1:
        nr = max(3, int(L / (6.0 if detail == 1 else 3.0)) + 1)
        xs = np.linspace(-L / 2 + 0.4, L / 2 - 0.4, nr)
        c = arch_profile(W, hw, H, k, 0.25)
        c = np.vstack([c[1:], c[:1]])  # wall - arch - wall
        a, b = c[:-1], c[1:]
        p0 = np.vstack([np.c_[np.full(len(a), x), a] for x in xs])
        p1 = np.vstack([np.c_[np.full(len(b), x), b] for x in xs])
        pb.add("dark_metal", gr.members(p0, p1, 0.5, detail, 0.6), group="ribs")
    # the big door in the +x gable
    Wd = 0.8 * W
    zc = prof[2:, 1][np.argmin(np.abs(prof[2:, 0] - Wd / 2))]
    Hd = 0.85 * min(zc, H)
    _door_leaves(pb, L / 2, Wd, Hd, detail, 0.1 * Wd)
    # low office windows along both walls
    nw = max(2, int(L / 5)) if detail else 1
    xs = np.linspace(-L / 2 + 3, L / 2 - 3, nw) if detail else np.zeros(1)
    for s in (-1, 1):
        ww = 2.0 if detail else L - 6
        pb.add(
            "window_lit",
            g.boxes(np.c_[xs, np.full(nw, s * (W / 2 + 0.05)), np.full(nw, 3.0)], [ww, 0.12, 1.0]),
            group="windows",
        )
    lamps = np.array([[L / 2 + 1.0, y, Hd + 2.0] for y in (-Wd / 3, Wd / 3)])
    return lamps, (1.0, 0.0, -1.2)


def _factory(pb, L, W, H, detail, ndoors):
    ridge = H + 0.08 * W
    prof = [[-W / 2, 0], [W / 2, 0], [W / 2, H], [0, ridge], [-W / 2, H]]
    pb.add("painted_grey", g.extrude_x(prof, -L / 2, L / 2), group="shell")
    # sawtooth roof: teeth along x, lit glazing on their steep (+x) faces
    nt = max(2, int(L / 12))
    tl = L / nt
    th = 0.12 * W + 1.5
    if detail == 0:  # one roof block with a lit band
        pb.add(
            "painted_grey", g.box([L - 1.0, W - 2.0, th], [0, 0, H - 0.2 + th / 2]), group="roof"
        )
        pb.add(
            "window_lit",
            g.box([0.12, W - 2.4, th * 0.75], [L / 2 - 0.4, 0, H + th / 2]),
            group="windows",
        )
    else:
        tooth = g.extrude_xz(
            [[-tl / 2, 0], [tl / 2 - 0.3, 0], [tl / 2 - 0.3, th]], -W / 2 + 1.0, W / 2 - 1.0
        )
        xs = -L / 2 + tl * (np.arange(nt) + 0.5)
        pb.add(
            "painted_grey",
            g.instance(tooth, np.c_[xs, np.zeros(nt), np.full(nt, H - 0.2)]),
            group="roof",
        )
        glaze = np.c_[xs + tl / 2 - 0.25, np.zeros(nt), np.full(nt, H + th / 2)]
        pb.add("window_lit", g.boxes(glaze, [0.12, W - 2.4, th * 0.75]), group="windows")
        # mullions over the glazing
        ym = np.linspace(-W / 2 + 1.6, W / 2 - 1.6, max(3, int(W / (2.0 if detail == 1 else 0.8))))
        mc = np.array([[x + tl / 2 - 0.2, y, H + th / 2] for x in xs for y in ym])
        pb.add("dark_metal", g.boxes(mc, [0.1, 0.12, th * 0.8]), group="frames")
        if detail >= 2:  # standing seams down the sloped roof faces
            ang = np.arctan2(th, tl - 0.3)
            seam = g.rotate(g.box([np.hypot(th, tl - 0.3), 0.06, 0.06]), [0, 1, 0], -ang)
            sc = np.array(
                [
                    [x - 0.15, y, H - 0.2 + th / 2 + 0.05]
                    for x in xs
                    for y in np.linspace(-W / 2 + 1.3, W / 2 - 1.3, int(W / 0.6))
                ]
            )
            pb.add("dark_metal", g.instance(seam, sc), group="seams")
    # portal-frame pilasters and window strips along both long walls
    if detail >= 1:
        npl = max(3, int(L / 6) + 1)
        px = np.linspace(-L / 2 + 0.3, L / 2 - 0.3, npl)
        for s in (-1, 1):
            pb.add(
                "dark_metal",
                g.boxes(
                    np.c_[px, np.full(npl, s * (W / 2 + 0.25)), np.full(npl, H / 2)], [0.6, 0.5, H]
                ),
                group="frames",
            )
            pb.add(
                "window_lit",
                g.box([L - 2.0, 0.12, 0.8], [0, s * (W / 2 + 0.05), 0.78 * H]),
                group="windows",
            )
    if detail >= 2:  # wall cladding seams
        k = int(L / 0.8)
        xs2 = np.linspace(-L / 2 + 0.4, L / 2 - 0.4, k)
        for s in (-1, 1):
            pb.add(
                "dark_metal",
                g.boxes(
                    np.c_[xs2, np.full(k, s * (W / 2 + 0.03)), np.full(k, 0.35 * H)],
                    [0.06, 0.06, 0.66 * H],
                ),
                group="seams",
            )
    # gable door on +x and roll-up doors on -y (the first one open on a lit interior)
    _door_leaves(pb, L / 2, 0.5 * W, 0.7 * H, detail, 0.06 * W)
    dw, dh = min(6.0, 0.8 * L / max(1, ndoors) - 1.0), min(6.0, 0.7 * H)
    dx = np.linspace(-L / 2 + 0.2 * L, L / 2 - 0.2 * L, ndoors) if ndoors > 1 else np.zeros(ndoors)
    for i, x in enumerate(dx):
        y = -W / 2 - 0.1
        mat = "window_lit" if i == 0 else "dark_metal"
        pb.add(mat, g.box([dw, 0.2, dh], [x, y, dh / 2]), group="truck_doors")
        pb.add("hazard_yellow", g.box([dw + 1.0, 0.4, 0.5], [x, y - 0.1, dh + 0.25]), group="trim")
        if detail >= 1 and i > 0:
            zs = np.linspace(0.4, dh - 0.3, max(4, int(dh / 0.6)) * detail)
            pb.add(
                "painted_grey",
                g.boxes(
                    np.c_[np.full(len(zs), x), np.full(len(zs), y - 0.12), zs],
                    [dw - 0.2, 0.06, 0.12],
                ),
                group="truck_doors",
            )
    if detail >= 1:  # roof vents / fans on the ridge line
        k = max(2, int(L / 15))
        vx = np.linspace(-L / 3, L / 3, k)
        pb.add(
            "bare_metal",
            g.boxes(np.c_[vx, np.full(k, W / 4), np.full(k, H + th + 0.5)], [2.0, 2.0, 1.4]),
            group="vents",
        )
        vents = [g.cylinder(0.6, 0.0, 1.6, g.seg(detail, 12, 6))]
        pb.add(
            "bare_metal",
            g.instance(g.merge(vents), np.c_[vx + 3, np.full(k, -W / 4), np.full(k, H + 0.5)]),
            group="vents",
        )
    lamps = np.array([[x, -W / 2 - 1.0, dh + 1.5] for x in dx] + [[L / 2 + 1.0, 0, 0.7 * H + 1.5]])
    return lamps, None


def build(params, rng: np.random.Generator, detail: int = 1) -> AssetMesh:
    """Hall along x centred on the origin; the main door faces +x."""
    style = str(params["style"])
    L, W, H = float(params["length_m"]), float(params["width_m"]), float(params["height_m"])
    pb = g.PartBuilder()
    pb.add("regolith_concrete", g.box([L + 8.0, W + 6.0, 0.4], [2.0, 0, -0.1]), group="apron")
    if style == "hangar":
        lamps, aim = _hangar(pb, L, W, H, detail)
    else:
        lamps, aim = _factory(pb, L, W, H, detail, int(params["doors"]))
    pb.add("lamp", g.boxes(lamps, [0.8, 0.8, 0.4]), group="lamps")
    if detail >= 2:  # apron bolts / bollards round the door
        bx = np.linspace(-W / 3, W / 3, 12)
        pb.add(
            "hazard_yellow",
            g.boxes(np.c_[np.full(12, L / 2 + 4.0), bx, np.full(12, 0.6)], [0.3, 0.3, 1.2]),
            group="bollards",
        )
    lights = []
    for p in lamps:
        d = aim or ((1.0, 0.0, -1.2) if p[0] > L / 2 else (0.0, -1.0, -1.2))
        lights.append(SpotLight(tuple(p), d, 70.0, 1.5, range_m=max(40.0, 2 * H)))
    parts = pb.parts("hall")
    return AssetMesh(KIND, parts, g.footprint(parts), lights=lights)
