"""Communication tower: a triangular lattice mast with guy cables to three anchors, sector
panel antennas and microwave dishes, a lightning rod with red beacons at the top and mid
height, and an equipment shelter at the foot with a lit door (lamp + SpotLight)."""

from __future__ import annotations

import numpy as np

from . import _geometry as g
from . import _greeble as gr
from . import _truss as tr
from ._base import AssetMesh, Param, SpotLight

KIND = "comm_tower"
CLOSED_PARTS = ("*",)
SUMMARY = "Guyed lattice comm mast with panel antennas and dishes (~60 m)"
PARAMS = {
    "height_m": Param(60.0, 20.0, 150.0, "m", "mast height"),
    "dishes": Param(3, 0, 8, "", "microwave dishes"),
    "guyed": Param(True, doc="guy cables to three ground anchors"),
}


def build(params, rng: np.random.Generator, detail: int = 1) -> AssetMesh:
    """Mast on the origin."""
    H = float(params["height_m"])
    face = 1.2 + 0.01 * H
    r = face / np.sqrt(3)
    bays = max(4, int(round(H / (face * (8.0, 1.6, 1.0)[detail]))))
    pb = g.PartBuilder()
    pb.add("regolith_concrete", g.cylinder(1.6 * face, -0.5, 0.4, 12), group="base")
    pb.add(
        "painted_red",
        tr.tower(
            3,
            r,
            r,
            0.4,
            H,
            bays,
            0.08 + 0.001 * H,
            0.04,
            np.pi / 2,
            "z" if detail == 0 else "x",
            detail,
        ),
        group="mast",
    )
    # painted bands: alternate white sections (aviation marking)
    zb = np.linspace(0.4, H, 8)
    for z0, z1 in zip(zb[1:-1:2], zb[2::2], strict=True) if detail else ():
        pb.add(
            "painted_white",
            tr.tower(
                3,
                r + 0.02,
                r + 0.02,
                z0,
                z1,
                max(1, bays // 7),
                0.1 + 0.001 * H,
                0.03,
                np.pi / 2,
                "z",
                detail,
            ),
            group="bands",
        )
    # sector panel antennas near the top, three per face
    zt = H - 2.5
    a = np.pi / 2 + np.linspace(0, 2 * np.pi, 3, endpoint=False) + np.pi / 3
    rp = r + 0.5
    c = np.vstack(
        [np.c_[rp * np.cos(a + d), rp * np.sin(a + d), np.full(3, zt)] for d in (-0.3, 0.0, 0.3)]
    )
    pb.add("painted_white", g.boxes(c, [0.15, 0.35, 1.8], np.tile(a, 3)), group="antennas")
    if detail >= 1:
        pb.add(
            "steel_lattice",
            g.beams(c * [0.6, 0.6, 1] + [0, 0, 0.6], c + [0, 0, 0.6], 0.06),
            group="brackets",
        )
    # microwave dishes at mid heights, facing outward
    nd = int(params["dishes"])
    n = g.seg(detail, 16, 6)
    prof = [[0.0, 0.0], [0.5, 0.08], [0.9, 0.3], [0.85, 0.34], [0.0, 0.06]]
    dish = g.rotate(g.lathe(prof, n, loop=True), [0, 1, 0], -np.pi / 2)  # opens toward -x
    dish = g.mirror(dish, 0)  # ... now toward +x
    for _ in range(nd):
        ang = rng.uniform(0, 2 * np.pi)
        z = H * rng.uniform(0.45, 0.85)
        rr = r + 0.4
        pos = [rr * np.cos(ang), rr * np.sin(ang), z]
        pb.add("painted_white", g.translate(g.rotate_z(dish, ang), pos), group="dishes")
        pb.add("steel_lattice", g.beams([[0, 0, z]], [pos], 0.08), group="brackets")
    # lightning rod, beacons
    pb.add("bare_metal", g.beams([[0, 0, H]], [[0, 0, H + 4.0]], 0.1), group="rod")
    pb.add(
        "signal_red",
        g.boxes([[0, 0, H + 4.2], [0.0, 0.0, 0.5 * H]], [0.45, 0.45, 0.45]),
        group="beacons",
    )
    # guy cables to three anchors at 0.6 H, attached at two heights
    if params["guyed"]:
        ga = np.pi / 2 + np.linspace(0, 2 * np.pi, 3, endpoint=False)
        gr_ = 0.6 * H
        anchors = np.c_[gr_ * np.cos(ga), gr_ * np.sin(ga), np.full(3, 0.5)]
        pb.add(
            "regolith_concrete",
            g.boxes(anchors - [0, 0, 0.3], [2.0, 2.0, 1.2], ga),
            group="anchors",
        )
        tops = np.vstack(
            [np.c_[r * np.cos(ga), r * np.sin(ga), np.full(3, z)] for z in (0.5 * H, 0.9 * H)]
        )
        pb.add("steel_lattice", g.beams(np.vstack([anchors, anchors]), tops, 0.05), group="guys")
    # equipment shelter with a lit door
    sx = 2 * face + 3.0
    pb.add("painted_white", g.box([4.0, 3.0, 2.8], [sx, 0, 1.4]), group="shelter")
    pb.add("dark_metal", g.box([0.1, 1.0, 2.0], [sx + 2.02, 0, 1.0]), group="door")
    pb.add("lamp", g.box([0.3, 0.4, 0.2], [sx + 2.1, 0, 2.4]), group="lamps")
    if detail >= 1:  # cable ladder from the shelter to the mast, roof AC units
        pb.add(
            "steel_lattice",
            g.beams([[sx - 2.0, 0, 2.4]], [[r, 0, 2.4]], 0.3, 0.08),
            group="brackets",
        )
        pb.add(
            "bare_metal",
            g.boxes([[sx - 0.8, 0.6, 3.0], [sx + 0.8, 0.6, 3.0]], [0.8, 0.8, 0.4]),
            group="shelter_units",
        )
    if detail >= 2:  # climbing ladder and feeder cables up one face
        pb.add(
            "steel_lattice",
            tr.ladder([-r * 0.5, 0, 0.4], H - 0.5, 0.4, (-1, 0), detail=2),
            group="ladder",
        )
        fz = np.linspace(1.0, zt, 3)
        pb.add(
            "rubber",
            g.beams(
                [[0.1 + 0.1 * i, 0.0, 1.0] for i in range(6)],
                [[0.1 + 0.1 * i, 0.0, fz[-1]] for i in range(6)],
                0.04,
            ),
            group="feeders",
        )
        pb.add("bare_metal", gr.bolt_ring(1.2 * face, 0.4, 24, 0.06), group="bolts")
    lights = [SpotLight((sx + 2.3, 0.0, 2.4), (1.0, 0.0, -0.8), 70.0, 1.0, range_m=25.0)]
    parts = pb.parts("comm_tower")
    return AssetMesh(KIND, parts, g.footprint(parts), lights=lights)
