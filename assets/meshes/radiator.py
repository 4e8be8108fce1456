"""Radiator wall: a row of tall white radiator panels with ribbed faces on a steel frame,
coolant manifolds along the top and bottom, along x."""

from __future__ import annotations

import numpy as np

from . import _geometry as g
from . import _greeble as gr
from ._base import AssetMesh, Param

KIND = "radiator"
CLOSED_PARTS = ("*",)
SUMMARY = "Radiator panel wall with coolant manifolds (along x)"
PARAMS = {
    "length_m": Param(30.0, 4.0, 200.0, "m", "wall length (x)"),
    "height_m": Param(8.0, 2.0, 40.0, "m", "panel height"),
    "panels": Param(6, 1, 40, "", "panels along the wall"),
}


def build(params, rng: np.random.Generator, detail: int = 1) -> AssetMesh:
    """Wall centred on the origin in the xz plane; footings at z = 0."""
    L, H, npn = float(params["length_m"]), float(params["height_m"]), int(params["panels"])
    pw = L / npn
    z0 = 1.0
    pb = g.PartBuilder()
    xs = -L / 2 + pw * (np.arange(npn) + 0.5)
    pb.add(
        "painted_white",
        g.boxes(np.c_[xs, np.zeros(npn), np.full(npn, z0 + H / 2)], [pw * 0.94, 0.12, H]),
        group="panels",
    )
    if detail >= 1:  # coolant tubes on the faces (hex tubes + cross headers at detail 2)
        k = max(2, int(pw / (0.8 if detail == 1 else 0.4)))
        tx = (xs[:, None] + np.linspace(-pw * 0.4, pw * 0.4, k)[None]).ravel()
        for s in (-1, 1):
            p0 = np.c_[tx, np.full(len(tx), s * 0.09), np.full(len(tx), z0 + 0.025 * H)]
            sec = "box" if detail == 1 else "hex"
            pb.add(
                "bare_metal", gr.prisms(p0, p0 + [0, 0, 0.95 * H], 0.08, 0.06, sec), group="tubes"
            )
            if detail >= 2:
                for z in (z0 + 0.03 * H, z0 + 0.97 * H):
                    a = np.c_[xs - pw * 0.42, np.full(npn, s * 0.1), np.full(npn, z)]
                    pb.add(
                        "bare_metal",
                        gr.prisms(a, a + [pw * 0.84, 0, 0], 0.12, 0.12, "oct"),
                        group="tubes",
                    )
    # frame: posts between panels + diagonal struts
    px = -L / 2 + pw * np.arange(npn + 1)
    pb.add(
        "steel_lattice",
        g.beams(
            np.c_[px, np.zeros(npn + 1), np.zeros(npn + 1)],
            np.c_[px, np.zeros(npn + 1), np.full(npn + 1, z0 + H + 0.3)],
            0.3,
        ),
        group="frame",
    )
    strut = np.c_[px, np.zeros(npn + 1), np.full(npn + 1, 0.55 * H)]
    for s in (-1, 1) if detail else ():
        foot = np.c_[px, np.full(npn + 1, s * 0.35 * H), np.zeros(npn + 1)]
        pb.add("steel_lattice", g.beams(foot, strut, 0.2), group="frame")
    pb.add(
        "regolith_concrete",
        g.boxes(np.c_[px, np.zeros(npn + 1), np.full(npn + 1, 0.1)], [0.8, 0.8 * H, 0.4]),
        group="footings",
    )
    # manifolds
    for z in (z0 - 0.3, z0 + H + 0.3):
        m = g.rotate(
            g.cylinder(0.25, -L / 2 - 0.5, L / 2 + 0.5, g.seg(detail, 10, 6)), [0, 1, 0], np.pi / 2
        )
        pb.add("bare_metal", g.translate(m, [0, 0.35, z]), group="manifolds")
        if detail >= 2:  # flanges at every post
            fl = g.rotate(g.cylinder(0.36, -0.08, 0.08, 24), [0, 1, 0], np.pi / 2)
            pb.add(
                "bare_metal",
                g.instance(fl, np.c_[px, np.full(npn + 1, 0.35), np.full(npn + 1, z)]),
                group="manifolds",
            )
    parts = pb.parts("radiator")
    return AssetMesh(KIND, parts, g.footprint(parts))
