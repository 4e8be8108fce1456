"""Fillers of the energy and comms districts: solar fields of sun-tracking arrays (on the
sunniest lots), fission plants flanked by radiator walls, dish farms aimed at the Earth,
guyed comm towers and antenna masts."""

from __future__ import annotations

import numpy as np

from .fill import MARGIN_M, extents, fits, grid, put
from .fill_works import _mast
from .lots import Lot
from .site import P_MAJOR, Builder


def _sun_heading(b: Builder) -> float:
    s = b.site.sun
    return float(np.degrees(np.arctan2(s[1], s[0])))


def solar(b: Builder, lot: Lot) -> None:
    rel = (_sun_heading(b) - lot.rot) % 360.0
    q = round(rel / 30.0) * 30.0 % 360.0
    params = {
        "azimuth_deg": float(q - 360.0 if q > 180.0 else q),
        "panel_w_m": 14.0,
        "panel_h_m": 7.0,
        "spacing_m": 5.0,
    }
    hx, hy = b.site.fp("solar_array", params)
    pts = grid(lot, hx, hy, 5.0, 6.0, margin=MARGIN_M, nmax=(2, 2), spread=True)
    if not len(pts):
        return dish_farm(b, lot)
    for lx, ly in pts:
        put(b, lot, "solar_array", params, lx, ly, 0.0)
    b.sources.setdefault("power", []).append(lot)


def fission(b: Builder, lot: Lot) -> None:
    fhx, fhy = b.site.fp("fission_plant")
    if not fits(b, lot, "fission_plant"):
        return solar(b, lot)
    x0 = -lot.hx + MARGIN_M + fhx
    put(b, lot, "fission_plant", {}, x0, 0.0, 0.0, prio=P_MAJOR)
    rhx, rhy = b.site.fp("radiator")
    area = (x0 + fhx + 6.0, -lot.hy, lot.hx, lot.hy)
    for lx, ly in grid(lot, rhx, rhy, 6.0, 9.0, area=area, nmax=(2, 3)):
        put(b, lot, "radiator", {}, lx, ly, 0.0)
    _mast(b, lot, (-1, lot.front))
    b.sources.setdefault("power", []).insert(0, lot)


def dish_farm(b: Builder, lot: Lot) -> None:
    earth = b.site.earth_heading
    lrot = earth - lot.rot
    big = b.site.rng.random() < 0.4
    params = {"diameter_m": 20.0 if big else 12.0, "elevation_deg": 12.0}
    hx, hy = extents(*b.site.fp("dish", params), lrot)
    r = max(hx, hy)
    pts = grid(lot, r, r, 8.0, 8.0, nmax=(3, 1 + int(big)), spread=True)
    for lx, ly in pts:
        put(b, lot, "dish", params, lx, ly, lrot)
    ahx, ahy = b.site.fp("antenna")
    corner = (lot.hx - MARGIN_M - ahx, lot.front * (lot.hy - MARGIN_M - ahy))
    if len(pts) and np.min(np.hypot(pts[:, 0] - corner[0], pts[:, 1] - corner[1])) > r + 10:
        put(b, lot, "antenna", {}, *corner, 0.0)


def comm_tower(b: Builder, lot: Lot) -> None:
    guyed = {"height_m": 60.0}
    if fits(b, lot, "comm_tower", guyed):
        put(b, lot, "comm_tower", guyed, 0.0, 0.0, 0.0, prio=P_MAJOR)
        return
    mast = {"guyed": False, "height_m": 80.0}
    if not fits(b, lot, "comm_tower", mast):
        return dish_farm(b, lot)
    hx, hy = b.site.fp("comm_tower", mast)
    put(b, lot, "comm_tower", mast, -lot.hx + MARGIN_M + hx, 0.0, 0.0, prio=P_MAJOR)
    params = {"diameter_m": 12.0, "elevation_deg": 12.0}
    lrot = b.site.earth_heading - lot.rot
    dx, dy = extents(*b.site.fp("dish", params), lrot)
    r = max(dx, dy)
    area = (-lot.hx + 2 * MARGIN_M + 2 * hx, -lot.hy, lot.hx, lot.hy)
    for lx, ly in grid(lot, r, r, 8.0, 8.0, area=area, nmax=(2, 2)):
        put(b, lot, "dish", params, lx, ly, lrot)


FILLERS = {"solar": solar, "fission": fission, "dish_farm": dish_farm, "comm_tower": comm_tower}
