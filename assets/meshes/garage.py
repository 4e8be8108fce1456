"""Rover garage: a row of open drive-in bays sized for heavy rovers, built of printed
regolith-concrete walls under a roof slab heaped with regolith shielding. Each bay has a
dark interior with a lit ceiling strip, a half-raised roll-up door and a lamp over the
opening (SpotLight); bollards and a charging post stand at every pillar."""

from __future__ import annotations

import numpy as np

from . import _geometry as g
from . import _greeble as gr
from ._base import AssetMesh, Param, SpotLight

KIND = "garage"
CLOSED_PARTS = ("*",)
SUMMARY = "Rover garage: row of open drive-in bays under regolith shielding"
PARAMS = {
    "bays": Param(4, 1, 8, "", "drive-in bays (along x)"),
    "bay_width_m": Param(10.0, 5.0, 20.0, "m", "width of one bay opening"),
    "depth_m": Param(16.0, 8.0, 40.0, "m", "depth of the bays (y)"),
    "height_m": Param(7.0, 4.0, 15.0, "m", "clear height of the openings"),
}


def build(params, rng: np.random.Generator, detail: int = 1) -> AssetMesh:
    """Garage centred on the origin; the openings face -y."""
    nb = int(params["bays"])
    bw = float(params["bay_width_m"])
    D = float(params["depth_m"])
    Hc = float(params["height_m"])
    wt = 1.2  # wall / pillar thickness
    L = nb * bw + (nb + 1) * wt
    Ht = Hc + 1.0  # top of the lintel
    pb = g.PartBuilder()
    pb.add("regolith_concrete", g.box([L + 6.0, D + 12.0, 0.3], [0, -3.0, 0.0]), group="apron")
    cx = -L / 2 + wt + bw / 2 + np.arange(nb) * (bw + wt)
    xs = -L / 2 + wt / 2 + np.arange(nb + 1) * (bw + wt)
    if detail == 0:  # one block with dark openings
        pb.add("regolith_concrete", g.box([L, D, Ht], [0, 0, Ht / 2]), group="walls")
        pb.add(
            "dark_metal",
            g.boxes(np.c_[cx, np.full(nb, -D / 2 - 0.05), np.full(nb, Hc / 2)], [bw, 0.1, Hc]),
            group="interior",
        )
    else:
        pb.add("regolith_concrete", g.box([L, wt, Ht], [0, D / 2 - wt / 2, Ht / 2]), group="walls")
        pb.add(
            "regolith_concrete",
            g.boxes(np.c_[xs, np.zeros(nb + 1), np.full(nb + 1, Ht / 2)], [wt, D, Ht]),
            group="walls",
        )
        pb.add(
            "regolith_concrete", g.box([L, 1.0, 1.0], [0, -D / 2 + 0.5, Hc + 0.5]), group="walls"
        )  # lintel
    # regolith shielding heaped on the roof
    shield = [[-D / 2 - 0.5, 0.0], [D / 2 + 0.5, 0.0], [D / 2 - 1.5, 2.0], [-D / 2 + 1.5, 2.0]]
    pb.add(
        "regolith",
        g.translate(g.extrude_x(shield, -L / 2 - 0.5, L / 2 + 0.5), [0, 0, Ht + 0.8]),
        group="shielding",
    )
    # bay interiors: dark back lining, lit ceiling strip, half-raised roll-up doors
    dz = Hc * 0.72
    if detail >= 1:
        pb.add(
            "dark_metal",
            g.boxes(np.c_[cx, np.full(nb, D / 2 - wt - 0.05), np.full(nb, Ht / 2)], [bw, 0.1, Ht]),
            group="interior",
        )
        pb.add(
            "window_lit",
            g.boxes(np.c_[cx, np.zeros(nb), np.full(nb, Hc - 0.1)], [0.6, D - 4.0, 0.15]),
            group="ceiling_lights",
        )
        pb.add(
            "painted_grey",
            g.boxes(
                np.c_[cx, np.full(nb, -D / 2 + 1.2), np.full(nb, (dz + Hc) / 2)],
                [bw - 0.2, 0.2, Hc - dz],
            ),
            group="doors",
        )
        pb.add(
            "hazard_yellow",
            g.boxes(
                np.c_[cx, np.full(nb, -D / 2 + 1.05), np.full(nb, dz + 0.1)], [bw - 0.3, 0.12, 0.2]
            ),
            group="trim",
        )
    if detail >= 1:  # door slats, pillar guards, bollards, charging posts
        k = max(3, int((Hc - dz) / 0.4))
        sz = np.linspace(dz + 0.25, Hc - 0.2, k)
        sl = np.array([[x, -D / 2 + 1.08, z] for x in cx for z in sz])
        pb.add("dark_metal", g.boxes(sl, [bw - 0.3, 0.06, 0.06]), group="doors")
        pb.add(
            "hazard_yellow",
            g.boxes(
                np.c_[xs, np.full(nb + 1, -D / 2 - 0.05), np.full(nb + 1, 1.0)],
                [wt + 0.1, 0.1, 2.0],
            ),
            group="trim",
        )
        bol = np.array([[x + s * 1.0, -D / 2 - 2.0, 0.6] for x in xs for s in (-1, 1)])
        pb.add("hazard_yellow", g.boxes(bol, [0.3, 0.3, 1.2]), group="trim")
        pb.add(
            "painted_white",
            g.boxes(
                np.c_[xs[1:-1], np.full(nb - 1, -D / 2 - 1.0), np.full(nb - 1, 0.9)],
                [0.5, 0.4, 1.8],
            ),
            group="chargers",
        )
    if detail >= 2:  # printed courses on the front faces, door guide rails, bolts
        zc = np.arange(0.15, Ht, 0.15)
        fc = np.array([[x, -D / 2 - 0.02, z] for x in xs for z in zc])
        pb.add("regolith_concrete", g.boxes(fc, [wt + 0.04, 0.06, 0.05]), group="courses")
        rails = np.array(
            [[x + s * (bw / 2 - 0.1), -D / 2 + 1.2, Hc / 2] for x in cx for s in (-1, 1)]
        )
        pb.add("bare_metal", g.boxes(rails, [0.12, 0.25, Hc]), group="rails")
        bp = np.array(
            [[x + s * 0.3, -D / 2 - 1.25, 1.82] for x in xs[1:-1] for s in (-1, 1)]
            + [
                [x + s * 0.4, -D / 2 - 0.04, z]
                for x in xs
                for s in (-1, 1)
                for z in (0.5, 1.5, 2.5)
            ]
        )
        pb.add(
            "bare_metal",
            gr.studs(bp, np.tile([0, -1.0, 0.0], (len(bp), 1)), 0.05, 0.05),
            group="rails",
        )
    # lamps over the openings
    lp = np.c_[cx, np.full(nb, -D / 2 - 0.4), np.full(nb, Ht - 0.4)]
    pb.add("lamp", g.boxes(lp, [0.8, 0.4, 0.3]), group="lamps")
    lights = [SpotLight(tuple(p), (0.0, -1.0, -1.2), 75.0, 1.0, range_m=30.0) for p in lp]
    parts = pb.parts("garage")
    return AssetMesh(KIND, parts, g.footprint(parts), lights=lights)
