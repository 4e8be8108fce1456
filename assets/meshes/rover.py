"""Heavy lunar rover (x forward): dark chassis, 6-8 big treaded wheels, a pressurised cab with
windows and headlamps at the front, and a variant tool: "crane" (lattice boom with hook),
"dozer" (front blade) or "hauler" (rear bed heaped with regolith). Dust emitters sit behind
the rear wheels."""

from __future__ import annotations

import numpy as np

from . import _geometry as g
from . import _greeble as gr
from . import _truss as tr
from ._base import AssetMesh, Emitter, Param, SpotLight

KIND = "rover"
CLOSED_PARTS = ("*",)
SUMMARY = "Heavy 6-8 wheel lunar rover: crane, dozer or hauler"
PARAMS = {
    "variant": Param("hauler", choices=("crane", "dozer", "hauler"), doc="tool fitted"),
    "wheels": Param(8, 6, 8, "", "wheel count (6 or 8)"),
    "length_m": Param(12.0, 6.0, 24.0, "m", "chassis length"),
    "wheel_diameter_m": Param(2.6, 1.5, 4.0, "m", "wheel diameter"),
}


def _wheel(rw, width, n, detail) -> tuple[g.Mesh, g.Mesh]:
    """One wheel with its axis along y, centred at the origin: (tyre, hub)."""
    if detail == 0:
        return g.rotate(g.cylinder(rw, -width / 2, width / 2, n), [1, 0, 0], np.pi / 2), g.empty()
    tyre = g.tube(rw, 0.62 * rw, -width / 2, width / 2, n)
    parts = [tyre]
    if detail >= 1:  # grousers (tread bars)
        k = n
        a = np.linspace(0, 2 * np.pi, k, endpoint=False)
        parts.append(
            g.boxes(
                np.c_[rw * np.cos(a), rw * np.sin(a), np.zeros(k)], [0.1, 0.16, width * 0.95], a
            )
        )
    hub = [
        g.cylinder(0.62 * rw, -width / 2 + 0.1, width / 2 - 0.1, n),
        g.cylinder(0.25 * rw, -width / 2 - 0.12, width / 2 + 0.12, 8),
    ]
    if detail >= 2:  # spokes and lug bolts on both faces
        for zf in (-width / 2 + 0.1, width / 2 - 0.1):
            sgn = np.sign(zf)
            a = np.linspace(0, 2 * np.pi, 10, endpoint=False)
            p = np.c_[0.45 * rw * np.cos(a), 0.45 * rw * np.sin(a), np.full(10, zf)]
            hub.append(gr.studs(p, np.tile([0, 0, sgn], (10, 1)), 0.04 * rw, 0.05))
            a = np.linspace(0, 2 * np.pi, 6, endpoint=False)
            q0 = np.c_[0.25 * rw * np.cos(a), 0.25 * rw * np.sin(a), np.full(6, zf + sgn * 0.03)]
            hub.append(gr.prisms(q0, q0 * [2.3, 2.3, 1], 0.08, 0.06))
    hub = g.merge(hub)

    def to_y(m):
        return g.rotate(m, [1, 0, 0], np.pi / 2)

    return to_y(g.merge(parts)), to_y(hub)


def build(params, rng: np.random.Generator, detail: int = 1) -> AssetMesh:
    """Chassis centred on the origin, x forward; wheels touch z = 0."""
    L = float(params["length_m"])
    nw = int(params["wheels"]) // 2 * 2
    D = float(params["wheel_diameter_m"])
    rw = D / 2
    var = str(params["variant"])
    W = 0.45 * L
    ww = 0.4 * D
    n = g.seg(detail, 20, 10)
    pb = g.PartBuilder()
    # wheels
    npair = nw // 2
    xs = np.linspace(-L / 2 + 1.1 * rw, L / 2 - 1.1 * rw, npair)
    yw = W / 2 + ww / 2 + 0.1
    tyre, hub = _wheel(rw, ww, n, detail)
    zw = -tyre[0][:, 2].min()  # axle height: lowest tread point touches z = 0
    pos = np.array([[x, s * yw, zw] for x in xs for s in (-1, 1)])
    pb.add("rubber", g.instance(tyre, pos), group="wheels")
    if len(hub[1]):
        pb.add("bare_metal", g.instance(hub, pos), group="wheels")
    # chassis + suspension arms + fenders
    zc0 = rw * 0.9
    pb.add("dark_metal", g.box([L, W, 0.8], [0, 0, zc0 + 0.4]), group="chassis")
    pb.add("dark_metal", g.beams(pos * [1, 0.55, 0] + [0, 0, zc0 + 0.2], pos, 0.3), group="chassis")
    pb.add(
        "painted_white", g.boxes(pos + [0, 0, rw + 0.15], [2.1 * rw, ww + 0.2, 0.12]), group="body"
    )
    pb.add(
        "hazard_yellow",
        g.boxes([[0, s * (W / 2 + 0.02), zc0 + 0.4] for s in (-1, 1)], [L * 0.96, 0.06, 0.3]),
        group="trim",
    )
    # cab at the front
    cx = L / 2 - 0.14 * L
    ch = 2.6
    cab = [[-0.14 * L, 0], [0.12 * L, 0], [0.14 * L, 0.55 * ch], [0.08 * L, ch], [-0.14 * L, ch]]
    cab = g.translate(g.extrude_xz(cab, -W / 2 * 0.85, W / 2 * 0.85), [cx, 0, zc0 + 0.8])
    pb.add("painted_white", cab, group="body")
    zw = zc0 + 0.8 + 0.72 * ch
    pb.add("glass", g.box([0.1, W * 0.75, 0.6], [cx + 0.115 * L, 0, zw]), group="cab_glass")
    pb.add(
        "window_lit",
        g.boxes([[cx - 0.02 * L, s * W / 2 * 0.86, zw] for s in (-1, 1)], [0.16 * L, 0.06, 0.5]),
        group="windows",
    )
    # headlamps
    hl = np.array(
        [[L / 2 + 0.05, s * W * 0.35, zc0 + 0.5] for s in (-1, 1)]
        + [[cx + 0.05 * L, s * W * 0.3, zc0 + 0.8 + ch + 0.25] for s in (-1, 1)]
    )
    pb.add("lamp", g.boxes(hl, [0.15, 0.5, 0.3]), group="lamps")
    lights = [SpotLight(tuple(p), (1.0, 0.0, -0.25), 45.0, 1.5, range_m=60.0) for p in hl[:2]]
    # variant tool
    zt = zc0 + 0.8
    if var == "hauler":
        bed = g.box([0.6 * L, W, 0.2], [-0.16 * L, 0, zt + 0.1])
        walls = g.boxes(
            [[-0.16 * L, s * W / 2, zt + 0.8] for s in (-1, 1)] + [[-0.46 * L, 0, zt + 0.8]],
            [[0.6 * L, 0.15, 1.4]] * 2 + [[0.15, W, 1.4]],
        )
        pb.add("painted_grey", g.merge([bed, walls]), group="tool")
        heap = g.scale(
            g.dome(1.0, 0.6, 0, n, (2, 4, 8)[detail]),
            [0.27 * L, 0.42 * W, 1.8 * rng.uniform(0.6, 1.4)],
        )
        pb.add("regolith_concrete", g.translate(heap, [-0.16 * L, 0, zt + 0.2]), group="load")
    elif var == "dozer":
        blade = [[0, 0], [0.5, 0], [0.9, 1.2], [0.7, 1.9], [0.3, 1.9], [0.4, 1.1]]
        bl = g.extrude_xz(blade, -W / 2 - 0.8, W / 2 + 0.8)
        pb.add("hazard_yellow", g.translate(bl, [L / 2 + 0.5, 0, 0.1]), group="tool")
        pb.add(
            "dark_metal",
            g.beams(
                [[L / 2 - 0.5, s * W / 3, zc0 + 0.3] for s in (-1, 1)],
                [[L / 2 + 0.7, s * W / 3, 0.8] for s in (-1, 1)],
                0.35,
            ),
            group="tool",
        )
        pb.add(
            "painted_grey", g.box([0.6 * L, W * 0.8, 1.6], [-0.16 * L, 0, zt + 0.8]), group="tool"
        )
    else:  # crane
        pb.add("hazard_yellow", g.cylinder(1.0, zt, zt + 1.2, n), group="tool")  # turret
        tip = np.array([-0.55 * L, 0, zt + 0.9 * L])
        boom = tr.girder([0, 0, zt + 1.2], tip, 0.9, (2, 8, 12)[detail], 0.12, 0.06, detail=detail)
        pb.add("hazard_yellow", boom, group="boom")
        pb.add("dark_metal", g.beams([tip], [tip - [0, 0, 0.55 * L]], 0.05), group="tool")
        pb.add("dark_metal", g.box([0.6, 0.6, 0.5], tip - [0, 0, 0.55 * L + 0.25]), group="tool")
        pb.add(
            "painted_grey", g.box([0.5 * L, W * 0.8, 1.0], [-0.2 * L, 0, zt + 0.5]), group="tool"
        )
        pb.add(
            "dark_metal",
            g.boxes(
                [[s * L * 0.45, t * (W / 2 + 1.2), 0.4] for s in (-1, 1) for t in (-1, 1)],
                [0.6, 0.6, 0.8],
            ),
            group="tool",
        )
    # greebles: roof boxes (seeded), antenna, beacons
    if detail >= 1:
        k = int(rng.integers(2, 6))
        pb.add(
            "painted_grey",
            g.boxes(
                np.c_[
                    cx + rng.uniform(-0.12, 0.05, k) * L,
                    rng.uniform(-0.35, 0.35, k) * W,
                    np.full(k, zc0 + 0.8 + ch + 0.2),
                ],
                rng.uniform(0.3, 0.9, (k, 3)),
            ),
            group="body",
        )
    if detail >= 2:  # roof rail, boarding ladder, chassis bolt rows, fender brackets
        zr = zc0 + 0.8 + ch
        pts = np.array(
            [
                [cx - 0.13 * L, -W * 0.4, zr],
                [cx + 0.06 * L, -W * 0.4, zr],
                [cx + 0.06 * L, W * 0.4, zr],
                [cx - 0.13 * L, W * 0.4, zr],
            ]
        )
        pb.add("hazard_yellow", gr.rail_polyline(pts, 0.5, 2, 1, 0.05), group="trim")
        pb.add(
            "bare_metal",
            tr.ladder([cx - 0.1 * L, -W / 2 - 0.1, 0.3], zr - 0.3, 0.5, (0, -1), detail=2),
            group="wheels",
        )
        bx = np.linspace(-L / 2 + 0.3, L / 2 - 0.3, 40)
        for y in (-W / 2 - 0.01, W / 2 + 0.01):
            pb.add(
                "bare_metal",
                gr.studs(
                    np.c_[bx, np.full(40, y), np.full(40, zc0 + 0.7)],
                    np.tile([0, np.sign(y), 0], (40, 1)),
                    0.05,
                    0.04,
                ),
                group="wheels",
            )
        pb.add(
            "dark_metal",
            gr.prisms(
                pos * [1, 1, 0] + [0, 0, zc0 + 0.8], pos + [0, 0, rw + 0.1], 0.12, 0.12, "hex"
            ),
            group="chassis",
        )
        pb.add(
            "bare_metal",
            g.beams(
                [[cx - 0.1 * L, 0.8, zc0 + 0.8 + ch]],
                [[cx - 0.1 * L, 0.8, zc0 + 0.8 + ch + 1.5]],
                0.05,
            ),
            group="wheels",
        )
    pb.add(
        "signal_red",
        g.box([0.25, 0.25, 0.25], [cx - 0.12 * L, -0.8, zc0 + 0.8 + ch + 0.15]),
        group="beacons",
    )
    rear = pos[:2] - [rw * 1.05, 0, rw * 0.7]
    em = [
        Emitter(f"dust_{'rl'[i]}", "dust", tuple(p), (-1.0, 0.0, 0.35)) for i, p in enumerate(rear)
    ]
    if npair > 2:
        em += [
            Emitter(f"dust_mid_{'rl'[i]}", "dust", tuple(p), (-1.0, 0.0, 0.3))
            for i, p in enumerate(pos[2:4] - [rw * 1.05, 0, rw * 0.7])
        ]
    parts = pb.parts("rover")
    return AssetMesh(KIND, parts, g.footprint(parts), lights=lights, emitters=em)
