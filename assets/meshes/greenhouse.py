"""Greenhouse: a long barrel vault of clear glazing (``glass_clear``, translucent in glTF) on
a regolith-concrete knee wall, steel arch ribs and purlins, gables glowing with the magenta
grow lights inside (``grow_light``), grow beds under hanging light strips, and a vestibule with
a lit door at +x (lamp + SpotLight). Detail 2 adds glazing bars and irrigation pipes."""

from __future__ import annotations

import numpy as np

from . import _geometry as g
from . import _greeble as gr
from ._base import AssetMesh, Param, SpotLight

KIND = "greenhouse"
CLOSED_PARTS = ("*",)
SUMMARY = "Long vaulted glass greenhouse with grow lights and beds (~40 m)"
PARAMS = {
    "length_m": Param(40.0, 10.0, 120.0, "m", "length (x)"),
    "span_m": Param(12.0, 4.0, 30.0, "m", "width (y)"),
    "height_m": Param(6.0, 2.5, 15.0, "m", "crown height"),
    "bay_m": Param(3.0, 1.5, 6.0, "m", "arch rib spacing"),
}
KNEE = 1.0


def _arch(R, hv, k, grow=0.0):
    """(k, 2) points on the half ellipse over the knee wall, from +y round to -y."""
    a = np.linspace(0.0, np.pi, k)
    return np.c_[(R + grow) * np.cos(a), KNEE + (hv + grow) * np.sin(a)]


def build(params, rng: np.random.Generator, detail: int = 1) -> AssetMesh:
    """Greenhouse along x centred on the origin; vestibule on +x."""
    L = float(params["length_m"])
    R = float(params["span_m"]) / 2
    hv = max(1.0, float(params["height_m"]) - KNEE)
    k = (5, 13, 25)[detail]
    pb = g.PartBuilder()
    # knee walls and footing
    pb.add("regolith_concrete", g.box([L + 0.8, 2 * R + 0.8, 0.3], [0, 0, 0.0]), group="base")
    for s in (-1, 1):
        pb.add(
            "regolith_concrete",
            g.box([L, 0.4, KNEE], [0, s * (R - 0.2), KNEE / 2 + 0.15]),
            group="base",
        )
    outer = _arch(R, hv, k)
    if detail == 0:
        pb.add("glass_clear", g.extrude_x(outer, -L / 2, L / 2), group="glazing")
    else:
        inner = _arch(R - 0.06, hv - 0.06, k)[::-1]
        shell = np.vstack([outer, inner])
        nb = max(2, min(30, int(round(L / float(params["bay_m"])))))
        e = np.linspace(-L / 2, L / 2, nb + 1)
        for x0, x1 in zip(e[:-1], e[1:], strict=True):
            pb.add("glass_clear", g.extrude_x(shell, x0 + 0.02, x1 - 0.02), group="glazing")
        # arch ribs at every bay line, purlins along the vault
        rib = _arch(R, hv, k, 0.08)
        p0 = np.vstack([np.c_[np.full(k - 1, x), rib[:-1]] for x in e])
        p1 = np.vstack([np.c_[np.full(k - 1, x), rib[1:]] for x in e])
        pb.add("steel_lattice", gr.members(p0, p1, 0.14, detail, 0.16), group="ribs")
        ap = _arch(R, hv, 7, 0.1)[1:-1]
        pb.add(
            "steel_lattice",
            g.beams(np.c_[np.full(5, -L / 2), ap], np.c_[np.full(5, L / 2), ap], 0.1),
            group="ribs",
        )
        if detail >= 2:  # glazing bars between the ribs
            gb = _arch(R, hv, 4 * k, 0.07)[1:-1]
            xs = (e[:-1] + e[1:]) / 2
            c = np.array([[x, y, z] for x in xs for y, z in gb])
            pb.add("steel_lattice", g.boxes(c, [(e[1] - e[0]) - 0.1, 0.05, 0.05]), group="bars")
    # gables: lit glazing inside the end arches, with mullions
    for s in (-1, 1):
        gable = np.vstack(
            [[[R - 0.1, KNEE]], _arch(R - 0.1, hv - 0.1, k)[1:-1], [[-R + 0.1, KNEE]]]
        )
        pb.add(
            "grow_light",
            g.extrude_x(gable[::-1], s * L / 2 - 0.05, s * L / 2 + 0.05),
            group="gables",
        )
        if detail >= 1:
            ym = np.linspace(-0.7 * R, 0.7 * R, 5)
            zt = KNEE + hv * np.sqrt(np.clip(1 - (ym / R) ** 2, 0, 1)) - 0.2
            pb.add(
                "steel_lattice",
                g.beams(
                    np.c_[np.full(5, s * (L / 2 + 0.08)), ym, np.full(5, KNEE)],
                    np.c_[np.full(5, s * (L / 2 + 0.08)), ym, zt],
                    0.1,
                ),
                group="ribs",
            )
    # grow beds with light strips over them (seen through the glazing in glTF)
    nbed = max(1, int(2 * R / 3.5))
    yb = (np.arange(nbed) - (nbed - 1) / 2) * (2 * R - 1.5) / max(1, nbed)
    pb.add(
        "regolith_concrete",
        g.boxes(np.c_[np.zeros(nbed), yb, np.full(nbed, 0.55)], [L - 4.0, 1.2, 0.8]),
        group="beds",
    )
    pb.add(
        "grow_light",
        g.boxes(np.c_[np.zeros(nbed), yb, np.full(nbed, KNEE + 0.55 * hv)], [L - 5.0, 0.4, 0.1]),
        group="strips",
    )
    if detail >= 2:  # irrigation pipes along the beds, hangers for the strips
        pb.add(
            "bare_metal",
            g.beams(
                np.c_[np.full(nbed, -L / 2 + 2), yb + 0.5, np.full(nbed, 1.0)],
                np.c_[np.full(nbed, L / 2 - 2), yb + 0.5, np.full(nbed, 1.0)],
                0.06,
            ),
            group="pipes",
        )
        hx = np.linspace(-L / 2 + 3, L / 2 - 3, max(2, int(L / 3)))
        hz = KNEE + 0.55 * hv
        top = np.array(
            [[x, y, KNEE + hv * np.sqrt(max(0.0, 1 - (y / R) ** 2)) - 0.1] for x in hx for y in yb]
        )
        pb.add("bare_metal", g.beams(top * [1, 1, 0] + [0, 0, hz], top, 0.03), group="pipes")
    # vestibule at +x: a small lock with a lit door
    vx = L / 2 + 1.6
    pb.add("painted_white", g.box([3.0, 3.4, 3.0], [vx, 0, 1.65]), group="vestibule")
    pb.add("dark_metal", g.box([0.12, 1.3, 2.2], [vx + 1.52, 0, 1.25]), group="door")
    pb.add("window_lit", g.box([0.1, 0.9, 0.35], [vx + 1.55, 0, 2.6]), group="windows")
    pb.add("lamp", g.box([0.4, 0.5, 0.25], [vx + 1.6, 0, 3.3]), group="lamps")
    lights = [SpotLight((vx + 1.9, 0.0, 3.3), (1.0, 0.0, -0.8), 70.0, 1.0, range_m=30.0)]
    parts = pb.parts("greenhouse")
    return AssetMesh(KIND, parts, g.footprint(parts), lights=lights)
