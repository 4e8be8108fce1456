"""Fillers of the shelter districts: modular habitats in rows joined end to end by tunnels
(and row to row by cross tunnels), rings of habitats round a printed regolith dome, rows of
greenhouses, pairs of printed domes, garages with parked rovers, and the command centre."""

from __future__ import annotations

import numpy as np

from .fill import MARGIN_M, fits, put
from .fill_works import _mast, garage_row
from .lots import Lot
from .site import P_MAJOR, Builder

END_GAP_M = 5.0  # between habitat ends in a row (bridged by a tunnel)
ROW_GAP_M = 11.0  # between rows (bridged by a cross tunnel in the middle)


def _tunnel(b: Builder, lot: Lot, i: int, j: int, lx, ly, lrot, length: float) -> int:
    return put(
        b,
        lot,
        "tunnel",
        {"length_m": round(float(length), 1)},
        lx,
        ly,
        lrot,
        connects=[b.out[i].name, b.out[j].name],
    )


def habitat_rows(b: Builder, lot: Lot, variant: int | None = None) -> None:
    v = variant if variant is not None else (0 if b.site.rng.random() < 0.7 else 2)
    hx, hy = b.site.fp("habitat", {}, v)
    W, D = 2 * (lot.hx - MARGIN_M), 2 * (lot.hy - MARGIN_M)
    px, py = 2 * hx + END_GAP_M, 2 * hy + ROW_GAP_M
    nx = min(int((W + END_GAP_M) // px), 4)
    ny = min(int((D + ROW_GAP_M) // py), 2)
    if nx < 1 or ny < 1:
        return
    xs = (np.arange(nx) - (nx - 1) / 2) * px
    ys = (np.arange(ny) - (ny - 1) / 2) * py
    rows = []
    for ly in ys:
        row = [put(b, lot, "habitat", {}, lx, ly, 0.0, v) for lx in xs]
        for k in range(nx - 1):
            _tunnel(b, lot, row[k], row[k + 1], (xs[k] + xs[k + 1]) / 2, ly, 0.0, END_GAP_M + 1.0)
        rows.append(row)
    lot.ends = (rows[0][0], rows[0][-1])
    mid = nx // 2
    for r in range(ny - 1):
        _tunnel(
            b,
            lot,
            rows[r][mid],
            rows[r + 1][mid],
            xs[mid],
            (ys[r] + ys[r + 1]) / 2,
            90.0,
            ROW_GAP_M + 1.0,
        )


def habitat_ring(b: Builder, lot: Lot) -> None:
    hx, hy = b.site.fp("habitat", {}, 0)
    room = min(lot.hx, lot.hy) - MARGIN_M
    for dia in (20.0, 16.0, 12.0):
        dp = {"diameter_m": dia}
        dhx, dhy = b.site.fp("printed_dome", dp)
        r_in = float(np.hypot(dhx, dhy)) + 1.0
        r_h = r_in + hx
        if r_h + hx <= room:
            break
    else:
        return habitat_rows(b, lot)
    dome = put(b, lot, "printed_dome", dp, 0.0, 0.0, 0.0, prio=P_MAJOR)
    length = r_in - dia / 2 + 1.0
    for a in 22.5 + 45.0 * np.arange(8):
        c, s = np.cos(np.radians(a)), np.sin(np.radians(a))
        h = put(b, lot, "habitat", {}, r_h * c, r_h * s, a, 0)
        rt = dia / 2 + length / 2 - 0.5
        _tunnel(b, lot, dome, h, rt * c, rt * s, a, length)
    _mast(b, lot, (1, -lot.front))


def greenhouses(b: Builder, lot: Lot) -> None:
    hx, hy = b.site.fp("greenhouse")
    W, D = 2 * (lot.hx - MARGIN_M), 2 * (lot.hy - MARGIN_M)
    gap = 7.0
    nx = min(int((W + 8.0) // (2 * hx + 8.0)), 2)
    ny = min(int((D + gap) // (2 * hy + gap)), 2)
    if nx < 1 or ny < 1:
        return habitat_rows(b, lot)
    xs = (np.arange(nx) - (nx - 1) / 2) * (2 * hx + 8.0)
    ys = (np.arange(ny) - (ny - 1) / 2) * (2 * hy + gap)
    for lx in xs:
        col = [put(b, lot, "greenhouse", {}, lx, ly, 0.0) for ly in ys]
        for k in range(ny - 1):
            _tunnel(
                b, lot, col[k], col[k + 1], lx - 0.5 * hx, (ys[k] + ys[k + 1]) / 2, 90.0, gap + 1.0
            )


def domes(b: Builder, lot: Lot) -> None:
    dp = {"diameter_m": 26.0}
    dhx, dhy = b.site.fp("printed_dome", dp)
    back = 13.0  # the -x half of the dome (the airlock is on +x)
    d = (back + dhx + 6.0) / 2
    if d + dhx > lot.hx - MARGIN_M or dhy > lot.hy - MARGIN_M:
        return habitat_ring(b, lot)
    a = put(b, lot, "printed_dome", dp, -d, 0.0, 0.0, prio=P_MAJOR)
    c = put(b, lot, "printed_dome", dp, d, 0.0, 180.0, prio=P_MAJOR)
    _tunnel(b, lot, a, c, 0.0, 0.0, 0.0, 2 * d - 2 * back + 1.0)
    _mast(b, lot, (-1, lot.front))


def garage(b: Builder, lot: Lot) -> None:
    garage_row(b, lot, bays=4)
    if lot.hy > 55.0:
        garage_row(
            b,
            lot,
            area=(-lot.hx, -lot.hy, lot.hx, 0.0)
            if lot.front > 0
            else (-lot.hx, 0.0, lot.hx, lot.hy),
            bays=3,
        )


def command_centre(b: Builder, lot: Lot) -> None:
    if not fits(b, lot, "command_centre"):
        b.skipped.append(f"{lot.name}: no room for the command centre")
        return habitat_rows(b, lot)
    cx, cy = b.site.fp("command_centre")
    cc = put(b, lot, "command_centre", {}, 0.0, 0.0, 0.0, prio=P_MAJOR)
    hx, hy = b.site.fp("habitat", {}, 0)
    for side in (-1, 1):
        x = side * (cx + END_GAP_M + hx)
        if abs(x) + hx > lot.hx - MARGIN_M:
            continue
        for ly in (-0.5 * cy, 0.5 * cy):
            h = put(b, lot, "habitat", {}, x, ly, 0.0, 0)
            _tunnel(b, lot, cc, h, side * (cx + END_GAP_M / 2), ly, 0.0, END_GAP_M + 1.0)
    _mast(b, lot, (-1, -1))
    _mast(b, lot, (1, 1))


def link_lots(b: Builder, lots: list[Lot]) -> int:
    """Tunnels across the gap between side-by-side habitat lots of a block, end habitat to
    end habitat, so a district's habitats are one tunnel network. Returns how many."""
    by = {(q.block, q.row, q.ix): q for q in lots if q.ends}
    n = 0
    for (blk, row, ix), q in sorted(by.items()):
        r = by.get((blk, row, ix + 1))
        if r is None:
            continue
        i, j = q.ends[1], r.ends[0]
        a, c = b.out[i], b.out[j]
        hi = b.site.fp(a.kind, a.params, a.variant)[0]
        hj = b.site.fp(c.kind, c.params, c.variant)[0]
        d = np.array([c.x - a.x, c.y - a.y])
        L = float(np.hypot(*d))
        u = d / max(L, 1e-9)
        head = float(np.degrees(np.arctan2(u[1], u[0])))
        if abs((head - q.rot + 180.0) % 360.0 - 180.0) > 8.0 or not 2.0 < L - hi - hj < 60.0:
            continue
        length = float(np.ceil((L - hi - hj + 1.0) / 2.0) * 2.0)
        m = (np.array([a.x, a.y]) + u * hi + np.array([c.x, c.y]) - u * hj) / 2
        b.add(
            "tunnel", {"length_m": length}, m[0], m[1], head, q.district, connects=[a.name, c.name]
        )
        n += 1
    return n


FILLERS = {
    "habitat_rows": habitat_rows,
    "habitat_ring": habitat_ring,
    "greenhouses": greenhouses,
    "domes": domes,
    "garage": garage,
    "command_centre": command_centre,
}
