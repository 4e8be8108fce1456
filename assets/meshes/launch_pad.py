"""Launch/landing pad: a round or square regolith-concrete slab cut by a flame trench along x,
a flame deflector, a launch mount over the trench, segmented blast walls, hazard markings and
pad lamps on poles (lamp parts + SpotLights). ``craft`` puts a vehicle on it."""

from __future__ import annotations

import numpy as np

from . import _geometry as g
from . import _greeble as gr
from . import _truss as tr
from ._base import AssetMesh, Param, Part, SpotLight

KIND = "launch_pad"
CLOSED_PARTS = ("*",)
SUMMARY = "Concrete launch pad with flame trench, blast walls, lamps and an optional craft"
PARAMS = {
    "diameter_m": Param(60.0, 30.0, 200.0, "m", "pad diameter / side"),
    "shape": Param("round", choices=("round", "square"), doc="slab outline"),
    "craft": Param(
        "rocket", choices=("rocket", "lander", "cargo", "none"), doc="vehicle standing on the pad"
    ),
    "lamps": Param(4, 0, 12, "", "lamp poles round the rim"),
}

SLAB_TOP = 1.2  # m above ground
TRENCH_FLOOR = -3.5
MOUNT_TOP = 9.0


def _half_slab(R, tw, shape, n) -> g.Mesh:
    """The y > tw half of the slab outline extruded from the trench floor to the top."""
    if shape == "square":
        poly = [[-R, tw], [R, tw], [R, R], [-R, R]]
    else:
        a0 = np.arcsin(min(tw / R, 0.99))
        a = np.linspace(a0, np.pi - a0, n)
        poly = np.stack([R * np.cos(a), R * np.sin(a)], 1)
    return g.extrude(poly, TRENCH_FLOOR, SLAB_TOP)


def _craft_parts(craft: str, rng, detail) -> list[Part]:
    if craft == "none":
        return []
    from . import cargo_ship, lander, rocket
    from .registry import validate_params

    mod = {"rocket": rocket, "lander": lander, "cargo": cargo_ship}[craft]
    mesh = mod.build(validate_params(mod.KIND, {}), rng, detail)
    dz = MOUNT_TOP if craft == "rocket" else SLAB_TOP
    return [
        Part(f"craft_{p.name}", p.material, p.vertices + [0, 0, dz], p.faces) for p in mesh.parts
    ]


def build(params, rng: np.random.Generator, detail: int = 1) -> AssetMesh:
    """Pad centred on the origin; trench runs along x; craft stands at the centre."""
    R = float(params["diameter_m"]) / 2
    shape = str(params["shape"])
    n = g.seg(detail, 48, 16)
    tw = max(3.0, 0.09 * R)  # trench half width
    pb = g.PartBuilder()
    half = _half_slab(R, tw, shape, n // 2)
    pb.add("regolith_concrete", half, group="slab")
    pb.add("regolith_concrete", g.mirror(half, 1), group="slab")
    # trench floor and a wedge deflector under the mount
    pb.add(
        "dark_metal", g.box([2 * R, 2 * tw + 0.4, 0.5], [0, 0, TRENCH_FLOOR - 0.25]), group="trench"
    )
    wedge = [[-tw * 1.6, TRENCH_FLOOR], [tw * 1.6, TRENCH_FLOOR], [0.0, SLAB_TOP - 0.5]]
    pb.add("dark_metal", g.extrude_xz(wedge, -tw + 0.1, tw - 0.1), group="trench")
    _trench_liners(pb, R, tw, detail)
    # launch mount: four pedestals + a ring table over the trench
    legs = np.array([[sx * (tw + 1.2), sy * (tw + 1.2), 0] for sx in (-1, 1) for sy in (-1, 1)])
    ped = g.box([2.0, 2.0, MOUNT_TOP - SLAB_TOP], [0, 0, (MOUNT_TOP + SLAB_TOP) / 2])
    pb.add("dark_metal", g.instance(ped, legs), group="mount")
    hi, ho = tw + 0.5, tw + 2.2  # table: square frame with a hole for the exhaust
    fr = [[0, s * (hi + ho) / 2, 2 * ho, ho - hi] for s in (-1, 1)]
    fr += [[s * (hi + ho) / 2, 0, ho - hi, 2 * hi] for s in (-1, 1)]
    fr = np.array(fr)
    pb.add(
        "dark_metal",
        g.boxes(np.c_[fr[:, :2], np.full(4, MOUNT_TOP - 0.6)], np.c_[fr[:, 2:], np.full(4, 1.2)]),
        group="mount",
    )
    pb.add(
        "hazard_yellow",
        g.box([2 * tw + 4.5, 0.6, 0.2], [0, tw + 1.9, MOUNT_TOP + 0.05]),
        group="marks",
    )
    # markings: hazard ring + centre cross on the slab
    if shape == "round":
        pb.add(
            "hazard_yellow", g.tube(0.82 * R, 0.8 * R, SLAB_TOP, SLAB_TOP + 0.04, n), group="marks"
        )
    else:
        pb.add(
            "hazard_yellow",
            g.merge([g.box([1.2 * R, 0.6, 0.04], [0, s * 0.8 * R, SLAB_TOP]) for s in (-1, 1)]),
            group="marks",
        )
    _blast_walls(pb, R, detail)
    _service(pb, R, tw, detail, rng)
    lights = _lamp_poles(pb, R, int(params["lamps"]), detail)
    parts = pb.parts("pad") + _craft_parts(str(params["craft"]), rng, detail)
    return AssetMesh(KIND, parts, g.footprint(parts), lights=lights)


def _trench_liners(pb, R: float, tw: float, detail: int) -> None:
    """Steel trench liners, deluge pipes along both walls, deflector ribs (detail >= 1)."""
    if detail < 1:
        return
    for sy in (-1, 1):
        pb.add(
            "bare_metal",
            g.box(
                [2 * R * 0.95, 0.3, SLAB_TOP - TRENCH_FLOOR - 0.4],
                [0, sy * (tw - 0.15), (SLAB_TOP + TRENCH_FLOOR) / 2],
            ),
            group="trench_liner",
        )
        ps = g.rotate(
            g.cylinder(0.35, -R * 0.9, R * 0.9, g.seg(detail, 10, 6)), [0, 1, 0], np.pi / 2
        )
        pb.add(
            "painted_grey", g.translate(ps, [0, sy * (tw - 0.7), SLAB_TOP - 1.0]), group="deluge"
        )
    kr = (0, 7, 21)[detail]
    rx = np.linspace(-tw * 1.3, tw * 1.3, kr)
    rz = TRENCH_FLOOR + (SLAB_TOP - 0.5 - TRENCH_FLOOR) * (1 - np.abs(rx) / (tw * 1.6)) + 0.1
    pb.add(
        "bare_metal",
        g.boxes(np.c_[rx, np.zeros(kr), rz], [0.25, 2 * tw - 0.4, 0.25]),
        group="trench_liner",
    )


def _blast_walls(pb, R: float, detail: int) -> None:
    """Segmented concrete arcs on the -x half and the flanks."""
    # blast walls: segmented concrete arcs on the -x half and the flanks
    wall_r = R - 1.5
    nseg = {0: 6, 1: 13, 2: 13}[detail]  # a continuous arc of segments
    a = np.linspace(0.6 * np.pi, 1.4 * np.pi, nseg)
    a = np.concatenate([a, [0.3 * np.pi, -0.3 * np.pi, 0.45 * np.pi, -0.45 * np.pi]])
    seg_len = 0.8 * np.pi * wall_r / (nseg - 1)
    c = np.stack([wall_r * np.cos(a), wall_r * np.sin(a), np.full(len(a), SLAB_TOP + 2.5)], 1)
    # battered (trapezoid-section) wall segments, tie plates on their faces at detail 2
    prof = [[-1.0, 0.0], [1.0, 0.0], [0.35, 5.0], [-0.35, 5.0]]
    wall = g.extrude_xz(prof, -seg_len / 2 + 0.1, seg_len / 2 - 0.1)
    if detail == 0:
        wall = g.box([1.4, seg_len, 5.0], [0, 0, 2.5])
    pb.add("regolith_concrete", g.instance(wall, c - [0, 0, 2.5], a), group="walls")
    pb.add("hazard_yellow", g.boxes(c + [0, 0, 2.55], [0.75, seg_len - 0.2, 0.3], a), group="marks")
    if detail >= 2:
        t = np.linspace(-0.4, 0.4, 5) * seg_len
        pts = np.array([[-0.68 + 0.13 * z, y, z] for y in t for z in (1.0, 2.5, 4.0)])
        nrm = np.tile([-5.0, 0, 0.65], (len(pts), 1))
        st = gr.studs(pts, nrm, 0.12, 0.08)
        pb.add(
            "bare_metal",
            g.instance(g.merge([st, g.mirror(st, 0)]), c - [0, 0, 2.5], a),
            group="wall_ties",
        )


def _service(pb, R: float, tw: float, detail: int, rng: np.random.Generator) -> None:
    """Umbilical mast (a lattice tower) and tanks at the -y edge, cable trays."""
    # service: umbilical mast (a lattice tower) + tanks at the -y edge, cable trays
    if detail == 0:
        pb.add(
            "painted_grey",
            g.box([3.0, 3.0, 12.0], [0, -(tw + 6.0), SLAB_TOP + 6.0]),
            group="service",
        )
    else:
        mast = tr.tower(
            4, 2.1, 1.4, SLAB_TOP, SLAB_TOP + 14.0, 5 * detail, 0.3, 0.15, np.pi / 4, detail=detail
        )
        pb.add("steel_lattice", g.translate(mast, [0, -(tw + 6.0), 0]), group="service_mast")
        arm = tr.girder(
            [0, -(tw + 5.0), SLAB_TOP + 12.0],
            [0, -(tw + 1.0), SLAB_TOP + 12.0],
            1.0,
            3 * detail,
            0.15,
            0.08,
            detail=detail,
        )
        pb.add("steel_lattice", arm, group="service_mast")
    if detail >= 1:
        k = int(rng.integers(6, 16)) * detail
        ang = rng.uniform(0.55 * np.pi, 1.45 * np.pi, k)
        rr = rng.uniform(0.55, 0.75, k) * R
        pb.add(
            "painted_grey",
            g.boxes(
                np.c_[rr * np.cos(ang), rr * np.sin(ang), np.full(k, SLAB_TOP + 0.7)],
                rng.uniform(1.0, 2.5, (k, 3)),
                ang,
            ),
            group="service",
        )
        pb.add(
            "bare_metal",
            g.beams(
                [[-R * 0.9, -(tw + 6.0), SLAB_TOP + 0.4]],
                [[-1.5, -(tw + 6.0), SLAB_TOP + 0.4]],
                0.6,
            ),
            group="service",
        )


def _lamp_poles(pb, R: float, nl: int, detail: int) -> list[SpotLight]:
    """``nl`` lamp poles round the rim; returns their floodlights."""
    lights = []
    if nl:
        la = np.pi / 4 + np.linspace(0, 2 * np.pi, nl, endpoint=False)
        lr = R - 0.5
        base = np.stack([lr * np.cos(la), lr * np.sin(la), np.full(nl, SLAB_TOP)], 1)
        hp = 14.0
        head = base + [0, 0, hp]
        if detail == 0:
            pb.add("dark_metal", g.beams(base, head, 0.4), group="lamps")
        else:
            pole = g.frustum(0.35, 0.18, 0.0, hp, g.seg(detail, 8, 6))
            pb.add("dark_metal", g.instance(pole, base), group="lamps")
            pb.add(
                "dark_metal",
                g.beams(
                    head - [0, 0, 0.3] + np.c_[np.sin(la), -np.cos(la), np.zeros(nl)] * 1.5,
                    head - [0, 0, 0.3] - np.c_[np.sin(la), -np.cos(la), np.zeros(nl)] * 1.5,
                    0.2,
                ),
                group="lamps",
            )
            if detail >= 2:
                for b in base:
                    pb.add(
                        "bare_metal",
                        tr.ladder(
                            b + [0.4 * np.sign(b[0]), 0, 0],
                            hp - 0.5,
                            0.4,
                            (np.sign(b[0]), 0),
                            detail=2,
                        ),
                        group="lamp_ladders",
                    )
                    pb.add(
                        "bare_metal",
                        g.translate(gr.bolt_ring(0.5, 0.05, 8, 0.05), b),
                        group="lamp_ladders",
                    )
        inward = -base[:, :2] / np.linalg.norm(base[:, :2], axis=1)[:, None]
        side = np.c_[np.sin(la), -np.cos(la), np.zeros(nl)]
        hc = np.vstack(
            [
                head + np.c_[inward * 0.6, np.zeros(nl)] + s_ * side
                for s_ in ((0.0,) if detail == 0 else (-1.0, 1.0))
            ]
        )
        pb.add("lamp", g.boxes(hc, [1.0, 1.0, 0.7], np.tile(la, len(hc) // nl)), group="lamp_heads")
        for h, d in zip(head, inward, strict=True):
            lights.append(SpotLight(tuple(h), (d[0], d[1], -0.9), 55.0, 2.0, range_m=2.5 * R))
    return lights
