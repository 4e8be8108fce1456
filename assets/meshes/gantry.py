"""Launch service gantry: a square lattice tower (4 corner columns, horizontals, X bracing per
bay), service platforms, an elevator shaft, umbilical pipes and 1-3 swing arms reaching +x
(toward the vehicle, which stands ``arm_length_m`` + half the tower width away)."""

from __future__ import annotations

import numpy as np

from . import _geometry as g
from . import _greeble as gr
from . import _truss as tr
from ._base import AssetMesh, Param, SpotLight

KIND = "gantry"
CLOSED_PARTS = ("*",)
SUMMARY = "Lattice launch service tower with platforms and swing arms reaching +x"
PARAMS = {
    "height_m": Param(160.0, 100.0, 300.0, "m", "tower height"),
    "width_m": Param(16.0, 6.0, 30.0, "m", "tower side"),
    "bay_m": Param(8.0, 3.0, 20.0, "m", "height of one bracing bay"),
    "arms": Param(2, 0, 3, "", "swing arms toward +x"),
    "arm_length_m": Param(22.0, 5.0, 60.0, "m", "swing arm reach beyond the tower face"),
}


def build(params, rng: np.random.Generator, detail: int = 1) -> AssetMesh:
    """Tower occupies [-w/2, w/2]^2; arms reach to x = w/2 + arm_length_m."""
    H = float(params["height_m"])
    w = float(params["width_m"])
    bay = float(params["bay_m"])
    bay *= {0: 3.0, 1: 1.0, 2: 0.8}[detail]
    bays = max(4, int(round(H / bay)))
    pb = g.PartBuilder()
    r = w / np.sqrt(2)

    # foundation block + column footings
    pb.add("regolith_concrete", g.box([w + 6, w + 6, 3.0], [0, 0, -1.0]), group="base")
    pb.add(
        "steel_lattice",
        tr.tower(
            4, r, r, 0.5, H, bays, 0.9, 0.35, bracing="z" if detail == 0 else "x", detail=detail
        ),
        group="lattice",
    )
    if detail >= 1:  # inner sub-columns: a second, narrower lattice core (elevator shaft)
        pb.add(
            "steel_lattice",
            tr.tower(4, 0.3 * r, 0.3 * r, 0.5, H, bays, 0.4, 0.2, bracing="z", detail=detail),
            group="lattice",
        )
    if detail >= 2:  # plan bracing: horizontal X at every level
        zl = np.linspace(0.5, H, bays + 1)
        c = g.ring_points(4, r, 0.0, np.pi / 4)
        lz = np.c_[np.zeros((len(zl), 2)), zl]
        a = np.vstack([c[0] + lz, c[1] + lz])
        b = np.vstack([c[2] + lz, c[3] + lz])
        pb.add("steel_lattice", gr.members(a, b, 0.25, detail), group="lattice")
        # gusset plates at every column node, a stair zig-zag inside one face
        node = np.vstack([c + [0, 0, z] for z in zl])
        pb.add("dark_metal", g.boxes(node, [1.6, 1.6, 1.2]), group="gussets")
        sy = -0.25 * w
        zz = np.linspace(0.5, H, bays + 1)
        xa = np.where(np.arange(bays) % 2 == 0, -0.35 * w, 0.35 * w)
        st0 = np.c_[xa, np.full(bays, sy), zz[:-1]]
        st1 = np.c_[-xa, np.full(bays, sy), zz[1:]]
        pb.add("hazard_yellow", gr.prisms(st0, st1, 1.2, 0.3), group="stairs")
        pb.add(
            "hazard_yellow",
            gr.rail_polyline(np.vstack([st0, st1[-1:]]) + [0, 0.6, 0], 1.0, 1, closed=False),
            group="stairs",
        )
    pb.add(
        "dark_metal", g.box([0.35 * w, 0.35 * w, H * 0.98], [0, 0, H * 0.49 + 0.5]), group="core"
    )

    # platforms every ~4 bays: grating decks slightly outside the tower + railings
    zs = np.arange(4, bays + 1, 4 if detail else 6) * (H - 0.5) / bays + 0.5
    ext = 1.5
    for z in zs:
        pb.add(
            "steel_lattice",
            g.box([w + 2 * ext, w + 2 * ext, 0.4], [0, 0, z - 0.2]),
            group="platforms",
        )
        if detail >= 1:
            pb.add(
                "hazard_yellow",
                gr.rail_rect(w / 2 + ext, w / 2 + ext, z, detail, 1.1, 3.0 if detail == 1 else 1.5),
                group="rails",
            )

    # swing arms toward +x: box girders with a white access tunnel on top
    na = int(params["arms"])
    L = float(params["arm_length_m"])
    arm_z = H * np.array([0.88, 0.62, 0.4])[:na]
    for z in arm_z:
        p0, p1 = [w / 2, 0, z], [w / 2 + L, 0, z]
        if detail == 0:
            pb.add("steel_lattice", g.box([L, 3.0, 3.0], [w / 2 + L / 2, 0, z]), group="arms")
        else:
            pb.add(
                "steel_lattice",
                tr.girder(p0, p1, 3.0, max(3, int(L / 3)), 0.35, 0.18, detail=detail),
                group="arms",
            )
        pb.add(
            "painted_white",
            g.box([L * 0.9, 2.4, 2.6], [w / 2 + L * 0.45, 0, z + 2.8]),
            group="arms",
        )
        pb.add("dark_metal", g.box([1.0, 3.2, 3.4], [w / 2 + L, 0, z + 1.5]), group="arms")
        pb.add("lamp", g.box([0.6, 0.6, 0.4], [w / 2 + L - 1.0, 0, z - 1.8]), group="lamps")

    # umbilical pipes up the +x face, with tie-offs
    pipes = []
    for dy in (-2.0, -0.8, 0.8, 2.0)[: 1 if detail == 0 else 4]:
        pipes.append(
            g.translate(g.cylinder(0.35, 0, H * 0.9, g.seg(detail, 8, 6)), [w / 2 + 0.8, dy, 0])
        )
    pb.add("bare_metal", g.merge(pipes), group="pipes")

    # crown: lightning mast, beacons, floodlights on top
    pb.add(
        "steel_lattice",
        tr.tower(3, 1.5, 0.4, H, H + 25, 5, 0.35, 0.15, detail=detail),
        group="lattice",
    )
    pb.add(
        "signal_red",
        g.boxes(
            [[0, 0, H + 25.5]]
            + [[x, y, H + 1.5] for x in (-r / 1.5, r / 1.5) for y in (-r / 1.5, r / 1.5)],
            [1.0, 1.0, 1.0],
        ),
        group="beacons",
    )
    lamp_pos = np.array(
        [[w / 2 + 0.5, y, H - 2] for y in (-w / 3, w / 3)] + [[-w / 2 - 0.5, 0, H - 2]]
    )
    pb.add("lamp", g.boxes(lamp_pos, [0.6, 1.8, 1.2]), group="lamps")
    lights = [
        SpotLight(tuple(p), (np.sign(p[0]), 0.0, -0.8), 50.0, 2.0, range_m=2 * H) for p in lamp_pos
    ]

    # greebles: equipment boxes on the platforms
    if detail >= 1:
        k = len(zs) * 3
        c = np.c_[
            rng.uniform(-w / 2, w / 2, k),
            np.where(rng.random(k) < 0.5, -1, 1) * (w / 2 + 0.6),
            np.repeat(zs, 3) + 0.8,
        ]
        pb.add("painted_grey", g.boxes(c, [2.0, 1.0, 1.6]), group="core")

    parts = pb.parts("gantry")
    return AssetMesh(KIND, parts, g.footprint(parts), lights=lights)
