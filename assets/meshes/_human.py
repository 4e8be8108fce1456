"""A 1.8 m astronaut figure for scale (contact sheet, docs): not a registered kind.

``figure(position, yaw)`` returns Parts in the shared palette: white suit, grey life-support
backpack, gold visor, dark boots and gloves. Feet on z = position[2]; faces +x before ``yaw``.
All pieces are closed primitives; about 700 triangles.
"""

from __future__ import annotations

import numpy as np

from . import _geometry as g
from ._base import Part

HEIGHT_M = 1.8


def _limb(p0, p1, r, n=8) -> g.Mesh:
    """A capsule-ish limb: cylinder from p0 to p1 (3,) with radius r."""
    p0, p1 = np.asarray(p0, float), np.asarray(p1, float)
    d = p1 - p0
    m = g.cylinder(r, 0.0, float(np.linalg.norm(d)), n)
    return g.translate(g.orient(m, d), p0)


def figure(position=(0.0, 0.0, 0.0), yaw: float = 0.0) -> list[Part]:
    """Parts of one standing astronaut, 1.8 m tall, at ``position`` (3,), turned by ``yaw``."""
    suit, dark, grey, visor = [], [], [], []
    for s in (-1, 1):
        y = 0.11 * s
        dark.append(g.box([0.30, 0.13, 0.12], [0.03, y, 0.06]))  # boots
        suit.append(_limb([0, y, 0.1], [0, y * 1.05, 0.5], 0.075))  # shins
        suit.append(_limb([0, y * 1.05, 0.48], [0, y, 0.93], 0.09))  # thighs
        suit.append(_limb([0, 0.25 * s, 1.42], [0.06, 0.29 * s, 1.14], 0.06))  # upper arms
        suit.append(_limb([0.06, 0.29 * s, 1.16], [0.18, 0.27 * s, 0.95], 0.055))  # forearms
        dark.append(g.sphere(0.06, 8, 4, [0.19, 0.27 * s, 0.92]))  # gloves
    suit.append(g.box([0.28, 0.38, 0.55], [0.0, 0.0, 1.18]))  # torso
    suit.append(g.box([0.26, 0.34, 0.14], [0.0, 0.0, 0.9]))  # hips
    grey.append(g.box([0.22, 0.40, 0.60], [-0.25, 0.0, 1.2]))  # backpack (PLSS)
    grey.append(g.box([0.08, 0.2, 0.12], [0.17, 0.0, 1.22]))  # chest control box
    suit.append(g.sphere(0.16, 14, 8, [0.0, 0.0, 1.64]))  # helmet
    visor.append(g.box([0.06, 0.22, 0.14], [0.14, 0.0, 1.65]))
    out = []
    rot = g.rot_matrix([0, 0, 1], yaw)
    for name, mat, pieces in (
        ("human_suit", "painted_white", suit),
        ("human_dark", "dark_metal", dark),
        ("human_pack", "painted_grey", grey),
        ("human_visor", "gold_foil", visor),
    ):
        v, f = g.merge(pieces)
        out.append(Part(name, mat, v @ rot.T + np.asarray(position, float), f, closed=True))
    return out
