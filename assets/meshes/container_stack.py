"""Stacked cargo containers: ``bays`` (x) by ``rows`` (y) columns of up to ``tiers`` ISO-size
containers on a concrete slab, colours drawn from the palette per container, the top of some
columns missing (``fill``). Detail 1 adds end frames and side ribs, detail 2 corrugations,
door locking bars and corner castings."""

from __future__ import annotations

import numpy as np

from . import _geometry as g
from ._base import AssetMesh, Param

KIND = "container_stack"
CLOSED_PARTS = ("*",)
SUMMARY = "Stacked cargo containers: bays x rows x tiers in mixed colours"
PARAMS = {
    "bays": Param(3, 1, 8, "", "containers end to end (x)"),
    "rows": Param(4, 1, 10, "", "containers side by side (y)"),
    "tiers": Param(3, 1, 5, "", "maximum stack height"),
    "length_m": Param(12.2, 6.0, 20.0, "m", "container length"),
    "fill": Param(0.85, 0.3, 1.0, "", "fraction of the slots that hold a container"),
}
COLOURS = (
    "painted_orange",
    "painted_red",
    "painted_white",
    "painted_grey",
    "hazard_yellow",
    "painted_orange",
    "painted_white",
    "gold_foil",
)
WIDTH, HEIGHT = 2.44, 2.6


def build(params, rng: np.random.Generator, detail: int = 1) -> AssetMesh:
    """Stacks centred on the origin; containers lie along x, doors facing +x."""
    nb, nr, nt = int(params["bays"]), int(params["rows"]), int(params["tiers"])
    Lc = float(params["length_m"])
    gx, gy = 0.6, 0.3
    xs = (np.arange(nb) - (nb - 1) / 2) * (Lc + gx)
    ys = (np.arange(nr) - (nr - 1) / 2) * (WIDTH + gy)
    fill = float(params["fill"])
    # column heights: the fill fraction of the slots, removed from the tops at random
    h = np.full((nb, nr), nt)
    remove = int(round((1 - fill) * nb * nr * nt))
    for _ in range(remove):
        cand = np.argwhere(h > 1)
        if not len(cand):
            break
        i, j = cand[rng.integers(len(cand))]
        h[i, j] -= 1
    cols = rng.integers(0, len(COLOURS), (nb, nr, nt))
    pb = g.PartBuilder()
    pb.add(
        "regolith_concrete",
        g.box([nb * (Lc + gx) + 2.0, nr * (WIDTH + gy) + 2.0, 0.3], [0, 0, 0.0]),
        group="slab",
    )
    by_mat: dict[str, list] = {}
    sides: dict[str, list] = {}  # long sides not hidden by a neighbour: (centre, +-1)
    for i in range(nb):
        for j in range(nr):
            for k in range(h[i, j]):
                mat = COLOURS[cols[i, j, k]]
                c = [xs[i], ys[j], 0.15 + k * HEIGHT + HEIGHT / 2]
                by_mat.setdefault(mat, []).append(c)
                for s, jj in ((-1, j - 1), (1, j + 1)):
                    if not 0 <= jj < nr or h[i, jj] <= k:
                        sides.setdefault(mat, []).append(
                            [c[0], c[1] + s * (WIDTH / 2 - 0.01), c[2]]
                        )
    n_corr = (0, 4, 24)[detail]
    for mat, cs in by_mat.items():
        c = np.array(cs)
        pb.add(mat, g.boxes(c, [Lc - 0.1, WIDTH - 0.06, HEIGHT - 0.04]), group="containers")
        if detail == 0:
            continue
        # end frames (the door end at +x)
        ends = np.vstack([c + [s * (Lc / 2 - 0.12), 0, 0] for s in (-1, 1)])
        pb.add(mat, g.boxes(ends, [0.24, WIDTH, HEIGHT]), group="containers")
        # ribs / corrugations on the visible long sides
        if mat not in sides:
            continue
        rx = np.linspace(-Lc / 2 + 0.6, Lc / 2 - 0.6, n_corr)
        off = np.c_[rx, np.zeros((n_corr, 2))]
        ribs = (np.array(sides[mat])[:, None] + off[None]).reshape(-1, 3)
        pb.add(
            mat,
            g.boxes(ribs, [0.12 if detail == 1 else 0.08, 0.06, HEIGHT - 0.2]),
            group="containers",
        )
    if detail >= 2:
        allc = np.vstack([np.array(v) for v in by_mat.values()])
        bars = np.array([[Lc / 2 + 0.02, y, 0] for y in (-0.9, -0.35, 0.35, 0.9)])
        pb.add(
            "bare_metal",
            g.boxes((allc[:, None] + bars[None]).reshape(-1, 3), [0.06, 0.06, HEIGHT - 0.3]),
            group="hardware",
        )
        corners = np.array(
            [
                [sx * (Lc / 2 - 0.09), sy * (WIDTH / 2 - 0.09), sz * (HEIGHT / 2 - 0.07)]
                for sx in (-1, 1)
                for sy in (-1, 1)
                for sz in (-1, 1)
            ]
        )
        pb.add(
            "dark_metal",
            g.boxes((allc[:, None] + corners[None]).reshape(-1, 3), [0.2, 0.2, 0.16]),
            group="hardware",
        )
    parts = pb.parts("container_stack")
    return AssetMesh(KIND, parts, g.footprint(parts))
