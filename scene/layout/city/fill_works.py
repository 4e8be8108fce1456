"""Fillers of the working districts: industry (tank farms in rows, ISRU plants, factories),
logistics (container yards under portal cranes, depots with garages and parked rovers, crane
yards) and mining (terraced open pits carved into the ground, with excavators on the floor
and benches and a conveyor climbing the haul ramp; small surface pits where a block is too
small)."""

from __future__ import annotations

import numpy as np

from ....terrain.terraces import Terrace, tread_level
from .fill import MARGIN_M, extents, fits, grid, put
from .lots import Lot
from .site import P_MAJOR, P_UTILITY, Builder, ZRule

TANK_STYLES = 3  # variants 0..2: sphere, horizontal, vertical
STACKS = ({}, {"tiers": 2, "fill": 0.7, "rows": 2})


def _mast(b: Builder, lot: Lot, corner=(-1, -1), share: float = 0.2) -> None:
    """A floodlight mast in a corner of the lot (on about ``share`` of the lots asked)."""
    if b.site.rng.random() > share:
        return
    hx, hy = b.site.fp("light_mast")
    lx = corner[0] * (lot.hx - MARGIN_M - hx)
    ly = corner[1] * (lot.hy - MARGIN_M - hy)
    put(b, lot, "light_mast", {}, lx, ly, 45.0)


def _pick(b: Builder, n: int) -> int:
    return int(b.site.rng.integers(n))


def tank_farm(b: Builder, lot: Lot) -> None:
    v = _pick(b, TANK_STYLES)
    params = {"diameter_m": 24.0} if v == 0 and b.site.rng.random() < 0.5 else {}
    hx, hy = b.site.fp("tank", params, v)
    pts = grid(lot, hx, hy, 6.0, 7.0, margin=MARGIN_M + 4.0, nmax=(4, 2), spread=True)
    for lx, ly in pts:
        put(b, lot, "tank", params, lx, ly, 0.0, v)
    _mast(b, lot, (-1, -lot.front))
    b.sources.setdefault("pipe", []).append(lot)


def plant(b: Builder, lot: Lot) -> None:
    params = {"size_m": 45.0}
    for size in (80.0, 60.0):
        if fits(b, lot, "plant", {"size_m": size}):
            params = {"size_m": size}
            break
    hx, hy = b.site.fp("plant", params)
    if hx > lot.hx - MARGIN_M or hy > lot.hy - MARGIN_M:
        return tank_farm(b, lot)
    y_front = lot.front * (lot.hy - MARGIN_M - hy)
    pts = grid(
        lot,
        hx,
        hy,
        10.0,
        10.0,
        nmax=(2, 1),
        area=(-lot.hx, y_front - hy - 4, lot.hx, y_front + hy + 4),
    )
    for lx, ly in pts:
        put(b, lot, "plant", params, lx, ly, 0.0 if lot.front < 0 else 180.0)
    # a row of vertical tanks behind the plant(s)
    thx, thy = b.site.fp("tank", {}, 2)
    y_back = -lot.front * (lot.hy - MARGIN_M - thy)
    if abs(y_back - y_front) > hy + thy + 6.0:
        area = (-lot.hx, y_back - thy - 4, lot.hx, y_back + thy + 4)
        for lx, ly in grid(lot, thx, thy, 8.0, 0.0, area=area, nmax=(4, 1), spread=True):
            put(b, lot, "tank", {}, lx, ly, 0.0, 2)
    b.sources.setdefault("pipe", []).append(lot)
    b.sinks.setdefault("conveyor", []).append(lot)


def factory(b: Builder, lot: Lot) -> None:
    params = {"style": "factory"}
    hx, hy = b.site.fp("hall", params)
    if not fits(b, lot, "hall", params):
        return tank_farm(b, lot)
    x0 = -lot.hx + MARGIN_M + hx
    put(b, lot, "hall", params, x0, 0.0, 0.0 if lot.front < 0 else 180.0)
    area = (x0 + hx + 6.0, -lot.hy, lot.hx, lot.hy)
    shx, shy = b.site.fp("container_stack", STACKS[1], 0)
    for k, (lx, ly) in enumerate(grid(lot, shy, shx, 5.0, 5.0, area=area, nmax=(3, 2))):
        put(b, lot, "container_stack", STACKS[1], lx, ly, 90.0, k % 3)
    _mast(b, lot, (1, lot.front))


def container_yard(b: Builder, lot: Lot) -> None:
    chx, chy = b.site.fp("gantry_crane")
    x_left = -lot.hx
    if fits(b, lot, "gantry_crane"):
        cx = -lot.hx + MARGIN_M + chx
        crane = put(b, lot, "gantry_crane", {}, cx, 0.0, 0.0, prio=P_MAJOR)
        for ly in (-8.0, 8.0):
            b.add_on(crane, "container_stack", STACKS[0], 0.0, ly, 0.0, 0.0, _pick(b, 3))
        x_left = cx + chx + 4.0
    shx, shy = b.site.fp("container_stack", STACKS[0], 0)
    area = (x_left, -lot.hy, lot.hx, lot.hy)
    for k, (lx, ly) in enumerate(grid(lot, shx, shy, 6.0, 5.0, area=area, nmax=(2, 3))):
        put(b, lot, "container_stack", STACKS[int(k % 5 != 0)], lx, ly, 0.0, k % 3)


def garage_row(b: Builder, lot: Lot, area=None, bays: int = 4) -> None:
    """A garage facing the lot's road with rovers parked on its apron."""
    params = {"bays": bays}
    ghx, ghy = b.site.fp("garage", params)
    x0, y0, x1, y1 = area or (-lot.hx, -lot.hy, lot.hx, lot.hy)
    rhx, rhy = b.site.fp("rover", {}, 0)
    need_y = 2 * ghy + 2 * rhx + 8.0
    if x1 - x0 < 2 * ghx + 2 * MARGIN_M or y1 - y0 < need_y + 2 * MARGIN_M:
        return
    # openings (-y) face the front road: garage at the back, rovers in front
    f = lot.front
    yc = (y1 - MARGIN_M - ghy) if f < 0 else (y0 + MARGIN_M + ghy)
    xc = (x0 + x1) / 2
    put(b, lot, "garage", params, xc, yc, 0.0 if f < 0 else 180.0)
    bay = 2 * ghx / bays
    y_r = yc + f * (ghy + 4.0 + rhx)
    parked = 0
    for i in range(bays):
        if parked >= 1 or b.site.rng.random() < 0.7:
            continue
        parked += 1
        lx = xc - ghx + bay * (i + 0.5)
        put(b, lot, "rover", {}, lx, y_r, 90.0 if f > 0 else -90.0, i % 3, prio=7)


def depot(b: Builder, lot: Lot) -> None:
    params = {"style": "factory"} if lot.hx < 60 else {"style": "hangar"}
    hx, hy = b.site.fp("hall", params)
    if not fits(b, lot, "hall", params):
        return garage_row(b, lot, bays=3)
    x0 = -lot.hx + MARGIN_M + hx
    put(b, lot, "hall", params, x0, 0.0, 0.0)
    garage_row(b, lot, area=(x0 + hx + 4.0, -lot.hy, lot.hx, lot.hy), bays=3)


def crane_yard(b: Builder, lot: Lot) -> None:
    params = {"height_m": 90.0, "jib_m": 50.0}
    chx, chy = b.site.fp("tower_crane", params)
    if not fits(b, lot, "tower_crane", params):
        return container_yard(b, lot)
    yc = -lot.front * (lot.hy - MARGIN_M - chy)
    put(b, lot, "tower_crane", params, 0.0, yc, 0.0, prio=P_MAJOR)
    area = (-lot.hx, -lot.hy, lot.hx, lot.hy)
    if lot.front < 0:
        area = (-lot.hx, -lot.hy, lot.hx, yc - chy - 4.0)
    else:
        area = (-lot.hx, yc + chy + 4.0, lot.hx, lot.hy)
    shx, shy = b.site.fp("container_stack", STACKS[0], 0)
    for k, (lx, ly) in enumerate(grid(lot, shx, shy, 6.0, 5.0, area=area, nmax=(2, 2))):
        put(b, lot, "container_stack", STACKS[int(k % 5 != 0)], lx, ly, 0.0, k % 3)


def pit(b: Builder, lot: Lot) -> None:
    """A terraced open pit carved into the lot (not levelled), or a surface pit."""
    site = b.site
    rp = min(lot.hx, lot.hy) - 6.0
    if rp < 45.0:
        return surface_pit(b, lot)
    lot.flatten = False
    u = np.linspace(-0.8, 0.8, 5)
    gx, gy = np.meshgrid(u * lot.hx, u * lot.hy)
    w = lot.world(gx.ravel(), gy.ravel())
    ground = float(np.median(site.t.height_at(w[:, 0], w[:, 1])))
    n = 4
    core = 0.36 * rp
    tread = (rp - core) / n
    depth = min(0.32 * rp, 36.0)
    step = depth / n
    ((cx, cy),) = lot.world([0.0], [0.0])
    front = np.radians(lot.rot + 90.0 * lot.front)  # toward the lot's road
    grade = depth / (rp - core + 25.0)
    ter = Terrace(
        cx,
        cy,
        ground - depth,
        core,
        core + tread * np.arange(n),
        step,
        max(step / np.tan(np.radians(60.0)), 1.2 * site.cell),
        10.0,
        ramps=[(front, 14.0, grade)],
    )
    b.terraces.append(ter)
    ex = {"size_m": float(np.clip(1.5 * core, 20.0, 50.0))}
    put(b, lot, "excavator", ex, 0.0, -0.25 * core * lot.front, 0.0, prio=P_MAJOR)
    # shovels on the first bench, tangential, where the bench is whole
    shovel = {"style": "shovel", "size_m": 24.0}
    shx, shy = site.fp("excavator", shovel)
    for rel in (np.pi * 0.25, np.pi * 0.75, np.pi * 1.25):
        a = rel + front
        rho = core + tread * 0.5
        x, y = cx + rho * np.cos(a), cy + rho * np.sin(a)
        rot = np.degrees(a) + 90.0
        c, s = np.cos(np.radians(rot)), np.sin(np.radians(rot))
        fx = x + np.array([0, -shx, shx, -shx, shx]) * c - np.array([0, -shy, -shy, shy, shy]) * s
        fy = y + np.array([0, -shx, shx, -shx, shx]) * s + np.array([0, -shy, -shy, shy, shy]) * c
        k, on = tread_level(ter, fx, fy, site.t.height_at(fx, fy))
        if on.all() and (k == 1).all() and 2 * shy < tread - 4:
            b.add("excavator", shovel, x, y, rot, lot.district, prio=P_MAJOR, lot=lot.name)
    # conveyor from the pit floor up the haul ramp to the lot's edge
    ux, uy = np.cos(front), np.sin(front)
    nx_, ny_ = -uy, ux
    off = 9.0
    start = np.array([cx + ux * core * 0.6 + nx_ * off, cy + uy * core * 0.6 + ny_ * off])
    end = np.array([cx + ux * (rp + 2.0) + nx_ * off, cy + uy * (rp + 2.0) + ny_ * off])
    b.runs.append(("conveyor", np.array([start, end]), lot.district, P_UTILITY, {"lot": lot.name}))
    b.sources.setdefault("conveyor", []).append((lot, end))
    hx, hy = site.fp("light_mast")
    for a in (front + 2.2, front - 2.2):
        r = rp - hx - 2.0
        put(
            b,
            lot,
            "light_mast",
            {},
            *_local(lot, cx + r * np.cos(a), cy + r * np.sin(a)),
            z=ZRule("ground"),
        )


def _local(lot: Lot, x, y):
    c, s = np.cos(np.radians(lot.rot)), np.sin(np.radians(lot.rot))
    dx, dy = x - lot.cx, y - lot.cy
    return c * dx + s * dy, -s * dx + c * dy


def surface_pit(b: Builder, lot: Lot) -> None:
    for params in (
        {"diameter_m": 90.0, "rim_height_m": 8.0, "heaps": 2},
        {"diameter_m": 60.0, "rim_height_m": 6.0, "heaps": 0},
    ):
        if fits(b, lot, "mining_pit", params, margin=2.0):
            put(b, lot, "mining_pit", params, 0.0, 0.0, 0.0, prio=P_MAJOR)
            return
    ex = {"size_m": 30.0}
    hx, hy = extents(*b.site.fp("excavator", ex), 0.0)
    if hx < lot.hx - MARGIN_M:
        put(b, lot, "excavator", ex, 0.0, 0.0, 0.0)


def mine_yard(b: Builder, lot: Lot) -> None:
    """Excavators parked by spoil-hauling rovers and a container stack."""
    ex = {"size_m": 30.0}
    hx, hy = b.site.fp("excavator", ex)
    if hx > lot.hx - MARGIN_M or hy > lot.hy - MARGIN_M:
        return
    y = -lot.front * (lot.hy - MARGIN_M - hy)
    put(b, lot, "excavator", ex, 0.0, y, 0.0, prio=P_MAJOR)
    garage_row(b, lot, area=(-lot.hx, -lot.hy, lot.hx, lot.hy), bays=3)


def warehouses(b: Builder, lot: Lot) -> None:
    """Long factory-roofed warehouses side by side."""
    length = float(np.floor(np.clip(2 * lot.hx - 2 * MARGIN_M - 2.0, 40.0, 100.0) / 20.0) * 20.0)
    params = {"style": "factory", "length_m": length, "width_m": 24.0, "height_m": 14.0}
    hx, hy = b.site.fp("hall", params)
    if hx > lot.hx - MARGIN_M:
        return yard(b, lot)
    pts = grid(lot, hx, hy, 0.0, 10.0, nmax=(1, 3))
    for lx, ly in pts:
        put(b, lot, "hall", params, lx, ly, 0.0 if ly < 0 else 180.0)
    _mast(b, lot, (-1, lot.front), 0.25)


def yard(b: Builder, lot: Lot) -> None:
    """An open graded yard: a floodlight mast, a container stack and a parked rover."""
    _mast(b, lot, (-1, lot.front), 1.0)
    shx, shy = b.site.fp("container_stack", STACKS[1], 0)
    if shx < lot.hx - MARGIN_M:
        put(b, lot, "container_stack", STACKS[1], 0.0, 0.0, 0.0, _pick(b, 3))
    rhx, rhy = b.site.fp("rover", {}, 0)
    if b.site.rng.random() < 0.3:
        put(
            b,
            lot,
            "rover",
            {},
            lot.hx - MARGIN_M - rhx,
            -lot.front * (lot.hy / 2),
            0.0,
            _pick(b, 3),
            prio=7,
        )


FILLERS = {
    "yard": yard,
    "warehouses": warehouses,
    "mine_yard": mine_yard,
    "surface_pit": surface_pit,
    "tank_farm": tank_farm,
    "plant": plant,
    "factory": factory,
    "container_yard": container_yard,
    "depot": depot,
    "crane_yard": crane_yard,
    "pit": pit,
}
