"""Mining excavator on crawlers. ``style``:

* "bucket_wheel": a bucket-wheel excavator: turntable house, lattice boom with a belt reaching
  +x to a bucket wheel, a counterweight boom, a mast with stay cables and a boom-tip cab;
* "shovel": an electric rope shovel: house with an A-frame, a 45 degree boom with its head
  sheave, dipper handle and a toothed dipper hung on hoist ropes.

Lamps on the boom and the house (SpotLights); a dust emitter where the machine digs."""

from __future__ import annotations

import numpy as np

from . import _geometry as g
from . import _greeble as gr
from . import _truss as tr
from ._base import AssetMesh, Emitter, Param, SpotLight

KIND = "excavator"
CLOSED_PARTS = ("*",)
SUMMARY = "Mining excavator on crawlers: bucket-wheel or rope shovel (~40 m)"
PARAMS = {
    "style": Param("bucket_wheel", choices=("bucket_wheel", "shovel"), doc="machine type"),
    "size_m": Param(
        40.0, 10.0, 120.0, "m", "overall length (bucket wheel); the shovel is about half as long"
    ),
    "slew_deg": Param(0.0, -180.0, 180.0, "deg", "house and boom direction (0 = +x)"),
}


def _crawlers(pb, L, w, gap, h, detail):
    """Two crawler tracks along x (rubber belts with rounded ends and grousers)."""
    n = g.seg(detail, 12, 6)
    for y in (-gap / 2, gap / 2):
        body = g.box([L - h, w, h], [0, y, h / 2])
        ends = [
            g.translate(
                g.rotate(g.cylinder(h / 2, -w / 2, w / 2, n), [1, 0, 0], np.pi / 2),
                [s * (L - h) / 2, y, h / 2],
            )
            for s in (-1, 1)
        ]
        pb.add("rubber", g.merge([body, *ends]), group="tracks")
        pb.add(
            "dark_metal",
            g.box([L - 1.2 * h, w * 0.5, h * 0.6], [0, y + np.sign(y) * w * 0.3, h / 2]),
            group="frame",
        )
        if detail >= 1:
            xs = np.arange(-(L - h) / 2, (L - h) / 2, 0.7 if detail == 1 else 0.35)
            c = np.vstack(
                [
                    np.c_[xs, np.full(len(xs), y), np.full(len(xs), z)]
                    for z in (0.0 + 0.05, h - 0.05)
                ]
            )
            pb.add("dark_metal", g.boxes(c, [0.18, w + 0.1, 0.12]), group="grousers")
        if detail >= 2:  # road wheels and their hub bolts on the outer face
            xs = np.linspace(-(L - h) / 2, (L - h) / 2, 7)
            yo = y + np.sign(y) * (w / 2 + 0.05)
            roller = g.rotate(g.cylinder(0.3 * h, -0.06, 0.06, 36), [1, 0, 0], np.pi / 2)
            pb.add(
                "bare_metal",
                g.instance(roller, np.c_[xs, np.full(7, yo), np.full(7, 0.35 * h)]),
                group="rollers",
            )
            bolt = gr.bolt_ring(0.2 * h, 0.0, 8, 0.04 * h)
            bolt = g.rotate(bolt, [1, 0, 0], -np.sign(y) * np.pi / 2)
            pb.add(
                "bare_metal",
                g.instance(
                    bolt, np.c_[xs, np.full(7, yo + np.sign(y) * 0.06), np.full(7, 0.35 * h)]
                ),
                group="rollers",
            )


def _bucket_wheel(pb, up, S, detail):
    _crawlers(pb, 14 * S, 3.0 * S, 9 * S, 3.0 * S, detail)
    n = g.seg(detail, 24, 8)
    up.add("dark_metal", g.cylinder(5.0 * S, 3.0 * S, 4.5 * S, n), group="turntable")
    up.add("painted_orange", g.box([12 * S, 8 * S, 6 * S], [-2 * S, 0, 7.5 * S]), group="house")
    hub = np.array([26.0, 0, 7.0]) * S
    piv = np.array([3.0, 0, 9.0]) * S
    cw = np.array([-17.0, 0, 9.0]) * S
    if detail == 0:
        up.add(
            "painted_orange", g.beams([piv, [-3 * S, 0, 11 * S]], [hub, cw], 3.0 * S), group="booms"
        )
    else:
        up.add(
            "painted_orange",
            tr.girder(piv, hub, 3.0 * S, 8 * detail, 0.35 * S, 0.18 * S, detail=detail),
            group="booms",
        )
        up.add(
            "painted_orange",
            tr.girder(
                [-3 * S, 0, 11 * S], cw, 2.4 * S, 5 * detail, 0.3 * S, 0.15 * S, detail=detail
            ),
            group="booms",
        )
        up.add(
            "rubber",
            g.beams([piv + [0, 0, 1.6 * S]], [hub + [0, 0, 1.6 * S]], 1.4 * S, 0.15 * S),
            group="belt",
        )
    up.add(
        "dark_metal", g.box([3.5 * S, 5 * S, 5 * S], cw - [0, 0, 1.5 * S]), group="counterweight"
    )
    # bucket wheel in the x-z plane beside the boom tip
    R = 6.0 * S
    wy = 2.6 * S
    wheel = g.rotate(g.tube(R, R - 0.8 * S, -0.6 * S, 0.6 * S, n), [1, 0, 0], np.pi / 2)
    up.add("dark_metal", g.translate(wheel, hub + [0, wy, 0]), group="wheel")
    spokes = (
        np.array([[np.cos(a), 0, np.sin(a)] for a in np.linspace(0, np.pi, 3, endpoint=False)]) * R
    )
    up.add(
        "dark_metal",
        g.beams(hub + [0, wy, 0] + spokes, hub + [0, wy, 0] - spokes, 0.5 * S),
        group="wheel",
    )
    nbk = (8, 14, 14)[detail]
    a = np.linspace(0, 2 * np.pi, nbk, endpoint=False)
    bk = g.box([1.8 * S, 1.8 * S, 1.6 * S], [0, 0, R + 0.3 * S])
    for ai in a:
        up.add(
            "bare_metal",
            g.translate(g.rotate(bk, [0, 1, 0], ai), hub + [0, wy, 0]),
            group="buckets",
        )
        if detail >= 2:  # teeth on every bucket lip
            t = g.boxes(
                [[x * S, 0.9 * S, (R / S + 1.15) * S] for x in (-0.6, 0, 0.6)],
                [0.2 * S, 0.3 * S, 0.5 * S],
            )
            up.add(
                "bare_metal",
                g.translate(g.rotate(t, [0, 1, 0], ai), hub + [0, wy, 0]),
                group="buckets",
            )
    # mast and stays
    top = np.array([-1.0, 0, 22.0]) * S
    up.add(
        "painted_orange",
        g.beams([[-4 * S, -3 * S, 10.5 * S], [-4 * S, 3 * S, 10.5 * S]], [top, top], 0.8 * S),
        group="mast",
    )
    up.add(
        "steel_lattice",
        g.beams([top, top], [hub + [0, 0, 3 * S], cw + [0, 0, 2.5 * S]], 0.12 * S),
        group="stays",
    )
    cab = hub + np.array([-5.0, -2.4, 2.0]) * S
    up.add("painted_white", g.box([2.4 * S, 2.0 * S, 2.2 * S], cab), group="cab")
    up.add(
        "window_lit",
        g.box([0.1 * S, 1.7 * S, 0.9 * S], cab + [1.22 * S, 0, 0.3 * S]),
        group="windows",
    )
    lamps = np.array([hub + [-3.0 * S, -1.8 * S, 3.2 * S], top + [0.8 * S, 0, -1.0 * S]])
    return lamps, hub + [0, wy, -R], (np.array([-8, -4, 4.5]) * S, np.array([4, 4, 10.5]) * S)


def _shovel(pb, up, S, detail):
    _crawlers(pb, 10 * S, 2.6 * S, 7 * S, 2.6 * S, detail)
    n = g.seg(detail, 24, 8)
    up.add("dark_metal", g.cylinder(3.8 * S, 2.6 * S, 3.6 * S, n), group="turntable")
    up.add(
        "painted_orange", g.box([10 * S, 7 * S, 5.5 * S], [-1.5 * S, 0, 6.35 * S]), group="house"
    )
    up.add(
        "dark_metal",
        g.box([2.5 * S, 6.6 * S, 4 * S], [-6.5 * S, 0, 5.8 * S]),
        group="counterweight",
    )
    apex = np.array([-2.5, 0, 15.0]) * S
    up.add(
        "painted_orange",
        g.beams(
            [
                [1.5 * S, -2.5 * S, 9 * S],
                [1.5 * S, 2.5 * S, 9 * S],
                [-5 * S, -2.5 * S, 9 * S],
                [-5 * S, 2.5 * S, 9 * S],
            ],
            [apex] * 4,
            0.6 * S,
        ),
        group="aframe",
    )
    foot = np.array([3.5, 0, 4.5]) * S
    tip = np.array([13.5, 0, 16.5]) * S
    up.add("painted_orange", gr.prisms([foot], [tip], 1.6 * S, 1.2 * S), group="boom")
    sheave = g.rotate(g.cylinder(1.5 * S, -0.5 * S, 0.5 * S, n), [1, 0, 0], np.pi / 2)
    up.add("dark_metal", g.translate(sheave, tip), group="sheave")
    up.add(
        "steel_lattice",
        g.beams([apex, apex], [tip + [0, -0.6 * S, 0], tip + [0, 0.6 * S, 0]], 0.12 * S),
        group="ropes",
    )
    dip = np.array([15.5, 0, 4.5]) * S
    shp = np.array([7.0, 0, 9.5]) * S
    up.add(
        "bare_metal",
        gr.prisms([shp + [-2.5 * S, 0, 1.2 * S]], [dip + [-1.0 * S, 0, 1.5 * S]], 0.9 * S, 0.9 * S),
        group="handle",
    )
    up.add("hazard_yellow", g.box([3.6 * S, 3.4 * S, 3.6 * S], dip), group="dipper")
    up.add(
        "steel_lattice",
        g.beams(
            [tip + [1.2 * S, -0.6 * S, 0], tip + [1.2 * S, 0.6 * S, 0]],
            [dip + [0, -0.6 * S, 1.8 * S], dip + [0, 0.6 * S, 1.8 * S]],
            0.1 * S,
        ),
        group="ropes",
    )
    if detail >= 1:  # dipper teeth, stiffener plates down both boom flanks
        teeth = [[dip[0] + 1.9 * S, y * S, dip[2] - 1.6 * S] for y in np.linspace(-1.3, 1.3, 5)]
        up.add("bare_metal", g.boxes(teeth, [0.6 * S, 0.3 * S, 0.35 * S]), group="teeth")
        t = np.linspace(0.05, 0.95, (0, 10, 40)[detail])[:, None]
        c = foot + t * (tip - foot)
        ang = np.arctan2(tip[2] - foot[2], tip[0] - foot[0])
        plate = g.rotate(g.box([0.15 * S, 0.1 * S, 1.3 * S]), [0, 1, 0], -ang)
        up.add(
            "painted_orange",
            g.instance(plate, np.vstack([c + [0, y * S, 0] for y in (-0.82, 0.82)])),
            group="boom",
        )
    cab = np.array([3.0, -2.6, 10.0]) * S
    up.add("painted_white", g.box([2.2 * S, 1.8 * S, 2.0 * S], cab), group="cab")
    up.add(
        "window_lit",
        g.box([0.1 * S, 1.5 * S, 0.9 * S], cab + [1.12 * S, 0, 0.3 * S]),
        group="windows",
    )
    lamps = np.array([tip + [-2.0 * S, 0, -1.5 * S], [3.5 * S, 2.6 * S, 9.4 * S]])
    return (
        lamps,
        dip + [1.0 * S, 0, -1.8 * S],
        (np.array([-6.5, -3.5, 3.6]) * S, np.array([3.5, 3.5, 9.1]) * S),
    )


def build(params, rng: np.random.Generator, detail: int = 1) -> AssetMesh:
    """Machine centred on its crawlers; the boom points +x turned by slew_deg."""
    S = float(params["size_m"]) / 50.0
    pb, up = g.PartBuilder(), g.PartBuilder()
    fn = _bucket_wheel if params["style"] == "bucket_wheel" else _shovel
    lamps, dig, (lo, hi) = fn(pb, up, S, detail)
    up.add("lamp", g.boxes(lamps, [0.8 * S, 0.8 * S, 0.5 * S]), group="lamps")
    up.add(
        "signal_red",
        g.box([0.5 * S, 0.5 * S, 0.5 * S], lamps[-1] + [0, 0, 0.8 * S]),
        group="beacon",
    )
    if detail >= 1:  # ribbed house walls, roof vents, roof rail, access ladder
        c = (lo + hi) / 2
        for s, k in ((-1, 0), (1, 0), (-1, 1), (1, 1)):
            e = hi[1 - k] - lo[1 - k]
            m = max(3, int(e / ((1.2, 0.3)[detail - 1] * S)))
            u = np.linspace(lo[1 - k] + 0.3 * S, hi[1 - k] - 0.3 * S, m)
            pos = np.zeros((m, 3))
            pos[:, 1 - k] = u
            pos[:, k] = c[k] + s * ((hi[k] - lo[k]) / 2 + 0.04 * S)
            pos[:, 2] = c[2]
            size = [0.0, 0.0, (hi[2] - lo[2]) * 0.9]
            size[k], size[1 - k] = 0.1 * S, 0.15 * S
            up.add("painted_orange", g.boxes(pos, size), group="house")
        vx = np.linspace(lo[0] + 1.5 * S, hi[0] - 1.5 * S, 3)
        up.add(
            "bare_metal",
            g.boxes(
                np.c_[vx, np.full(3, c[1] - 1.5 * S), np.full(3, hi[2] + 0.4 * S)],
                [1.4 * S, 1.4 * S, 0.8 * S],
            ),
            group="vents",
        )
        rail = gr.rail_rect(
            (hi[0] - lo[0]) / 2 - 0.2 * S,
            (hi[1] - lo[1]) / 2 - 0.2 * S,
            hi[2],
            detail,
            1.1 * min(1.0, 1.5 * S),
            1.5,
        )
        up.add("hazard_yellow", g.translate(rail, [c[0], c[1], 0]), group="rails")
        up.add(
            "steel_lattice",
            tr.ladder([lo[0] + 1.0 * S, lo[1] - 0.4, 0.0], hi[2], 0.5, (0, -1), detail=detail),
            group="rails",
        )
    if detail >= 2:  # slew-ring bolts, roof panel seams
        up.add(
            "bare_metal",
            gr.bolt_ring(0.75 * (hi[1] - lo[1]) / 2, lo[2] - 0.05, 96, 0.06 * S + 0.03, up=False),
            group="bolts",
        )
        xs = np.linspace(lo[0] + 0.2 * S, hi[0] - 0.2 * S, int((hi[0] - lo[0]) / (0.25 * S)))
        up.add(
            "dark_metal",
            g.boxes(
                np.c_[xs, np.full(len(xs), c[1]), np.full(len(xs), hi[2])],
                [0.05 * S, (hi[1] - lo[1]) * 0.95, 0.04 * S],
            ),
            group="bolts",
        )
    slew = np.deg2rad(float(params["slew_deg"]))
    ca, sa = np.cos(slew), np.sin(slew)
    rot = np.array([[ca, -sa, 0], [sa, ca, 0], [0, 0, 1.0]])
    for p in up.parts("upper"):
        pb.add(p.material, p.vertices @ rot.T, p.faces, group=p.name)
    lamps = lamps @ rot.T
    dig = dig @ rot.T
    lights = [
        SpotLight(tuple(p), (ca, sa, -0.7), 60.0, 1.5, range_m=40.0 * S + 20.0) for p in lamps
    ]
    parts = pb.parts("excavator")
    emitters = [Emitter("dig", "dust", (float(dig[0]), float(dig[1]), max(0.0, float(dig[2]))))]
    return AssetMesh(KIND, parts, g.footprint(parts), lights=lights, emitters=emitters)
