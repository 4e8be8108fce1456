"""Fillers of the spaceport districts: launch and landing pads, each with a ship of one of
five classes (super-heavy rockets beside their service gantries, heavy transports on square
pads, cargo landers, crewed landers, medium rockets), printed-regolith blast berms behind the
pads, landing beacons round them; hangars and propellant depots beside the pads."""

from __future__ import annotations

import numpy as np

from .fill import MARGIN_M, fits, grid, put
from .lots import Lot
from .site import P_MAJOR, Builder

CLASSES = ("heavy", "transport", "cargo", "lander", "rocket")
SLAB_TOP, MOUNT_TOP = 1.2, 9.0  # launch_pad: slab surface and launch mount table (m)
HEAVY_HEIGHTS = (160.0, 200.0)


def _berm(b: Builder, lot: Lot, lx, ly, radius: float) -> None:
    """A stepped printed berm on the pad's back half (away from its road)."""
    back = -90.0 * lot.front
    a = np.radians(back + np.linspace(-100.0, 100.0, 15))
    pts = tuple((round(radius * np.cos(t), 2), round(radius * np.sin(t), 2)) for t in a)
    params = {
        "points": pts,
        "style": "berm",
        "height_m": 6.0,
        "thickness_m": 3.0,
        "course_m": 1.0,
        "brick_m": 3.0,
    }
    put(b, lot, "brick_wall", params, lx, ly, 0.0)


def _beacons(b: Builder, lot: Lot, keep_r: float) -> None:
    params = {"ring_m": 6.0}
    hx, hy = b.site.fp("landing_beacon", params)
    for sx, sy in ((-1, -lot.front), (1, lot.front)):
        if True:
            lx = sx * (lot.hx - MARGIN_M - hx)
            ly = sy * (lot.hy - MARGIN_M - hy)
            if np.hypot(lx, ly) - np.hypot(hx, hy) > keep_r + 2.0:
                put(b, lot, "landing_beacon", params, lx, ly, 0.0)


def pad(b: Builder, lot: Lot, k: int) -> None:
    room = min(lot.hx, lot.hy) - MARGIN_M
    cls = CLASSES[k % len(CLASSES)]
    if cls == "transport" and room < 66.0:
        cls = "cargo"
    if cls == "transport":
        p = put(
            b,
            lot,
            "launch_pad",
            {"diameter_m": 132.0, "shape": "square", "craft": "none", "lamps": 8},
            0.0,
            0.0,
            0.0,
            prio=P_MAJOR,
        )
        b.add_on(p, "transport_ship", {}, 0.0, 28.0 * lot.front, 0.0, SLAB_TOP)
        b.out[p].extras["class"] = "transport_ship"
        _beacons(b, lot, 66.0 * 1.42)
        return
    dia = {"heavy": 100.0, "cargo": 80.0, "lander": 50.0, "rocket": 64.0}[cls]
    dia = float(min(dia, 2.0 * (room - 12.0)))
    if dia < 30.0:
        return
    craft = {"heavy": "none", "cargo": "cargo", "lander": "lander", "rocket": "rocket"}[cls]
    p = put(
        b,
        lot,
        "launch_pad",
        {"diameter_m": dia, "craft": craft, "lamps": 6},
        0.0,
        0.0,
        0.0,
        prio=P_MAJOR,
    )
    if cls == "heavy":
        h = HEAVY_HEIGHTS[k // len(CLASSES) % len(HEAVY_HEIGHTS)]
        rocket = {"height_m": h, "diameter_m": 12.0}
        r = b.add_on(p, "heavy_rocket", rocket, 0.0, 0.0, 0.0, MOUNT_TOP)
        rr = max(b.site.fp("heavy_rocket", rocket))
        g = {"height_m": float(min(300.0, 1.05 * h)), "arm_length_m": 24.0}
        b.add_on(p, "gantry", g, 0.0, -(rr + 8.0 + 3.0), 90.0, SLAB_TOP)
        b.out[r].extras["class"] = "heavy_rocket"
    b.out[p].extras["class"] = {
        "heavy": "heavy_rocket",
        "cargo": "cargo_ship",
        "lander": "lander",
        "rocket": "rocket",
    }[cls]
    berm_r = dia / 2 + 8.0
    if berm_r + 2.0 <= room:
        _berm(b, lot, 0.0, 0.0, berm_r)
    _beacons(b, lot, berm_r + 2.0)


def hangar(b: Builder, lot: Lot) -> None:
    params = {"style": "hangar", "length_m": 90.0, "width_m": 44.0, "height_m": 26.0}
    if not fits(b, lot, "hall", params):
        return fuel_depot(b, lot)
    hx, hy = b.site.fp("hall", params)
    pts = grid(lot, hx, hy, 12.0, 10.0, nmax=(2, 1))
    for lx, ly in pts:
        put(b, lot, "hall", params, lx, ly + lot.front * 0.0, 90.0 * (1 - lot.front), prio=P_MAJOR)
    if len(pts) == 1 and lot.hx - hx > 30.0:
        thx, thy = b.site.fp("tank", {}, 0)
        x0 = pts[0][0] + hx + 6.0
        area = (x0, -lot.hy, lot.hx, lot.hy)
        for lx, ly in grid(lot, thx, thy, 5.0, 5.0, area=area, nmax=(2, 3)):
            put(b, lot, "tank", {}, lx, ly, 0.0, 0)


def fuel_depot(b: Builder, lot: Lot) -> None:
    hx, hy = b.site.fp("tank", {}, 1)
    pts = grid(lot, hx, hy, 5.0, 6.0, margin=MARGIN_M + 3.0, nmax=(3, 2), spread=True)
    for i, (lx, ly) in enumerate(pts):
        put(b, lot, "tank", {}, lx, ly, 0.0, 1 if i % 4 else 0)


FILLERS = {"hangar": hangar, "fuel_depot": fuel_depot}
