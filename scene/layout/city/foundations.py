"""The engine foundations: each engine seated in its terraced cut in the rim.

On the level core round the engine: the engine, its two service towers (gantries) along the
rim, a ring of support halls, tower cranes and floodlight masts; up the treads: halls, cranes,
tanks and masts wherever a tread is whole under a footprint; along every riser a printed
regolith-brick retaining wall (in equal arcs, one mesh per riser) where the cut is real; and
ramps climbing from each tread to the next through the gaps between the wall arcs.
"""

from __future__ import annotations

import numpy as np
import shapely
from shapely.geometry import Point, Polygon

from ....terrain.terraces import TreadMap
from .districts import Foundation
from .geometry import rect
from .site import P_ENGINE, P_FOUNDATION, P_LIGHT, P_MAJOR, Builder, ZRule

WALL_SEG_M = 90.0
WALL_GAP_M = 4.0
RAMP_W = 10.0
LAMP_M = 36.0  # lamp spacing along the terrace edges


class _Taken:
    """Footprints already placed in one foundation."""

    def __init__(self):
        self.polys: list[Polygon] = []

    def clear(self, poly: Polygon) -> bool:
        return not self.polys or not shapely.intersects(np.array(self.polys), poly).any()

    def take(self, poly: Polygon) -> None:
        self.polys.append(poly)


def _samples(x, y, hx, hy, rot):
    c = rect(x, y, hx, hy, rot)
    mids = (c + np.roll(c, -1, axis=0)) / 2
    return np.vstack([[x, y], c, mids])


def _tread(f: Foundation, pts: np.ndarray):
    """Tread index all points share after the cut, or None."""
    k = f.treads.at(pts[:, 0], pts[:, 1])
    return int(k[0]) if k[0] >= 0 and (k == k[0]).all() else None


def _try(b, f, taken, kind, params, x, y, rot, want=None, prio=P_FOUNDATION, variant=0, **kw):
    hx, hy = b.site.fp(kind, params, variant)
    poly = Polygon(rect(x, y, hx + 1.5, hy + 1.5, rot))
    if not taken.clear(poly):
        return None
    k = _tread(f, _samples(x, y, hx, hy, rot))
    if k is None or (want is not None and k != want):
        return None
    taken.take(poly)
    group = f"foundation_{f.index + 1}"
    return b.add(kind, params, x, y, rot, group, variant, prio=prio, lot=group, **kw)


def plan_foundation(b: Builder, f: Foundation) -> None:
    ter, group = f.terrace, f"foundation_{f.index + 1}"
    f.treads = TreadMap(b.site.t, ter)
    taken = _Taken()
    out = 90.0 - f.az  # heading from the crater centre out through the engine
    eng = b.add("engine", f.params, f.x, f.y, -f.az, group, prio=P_ENGINE, name=f.name, lot=group)
    b.terraces.append(ter)
    taken.take(Point(f.x, f.y).buffer(f.er * 1.02, 48))

    def at(rel, rho):
        a = np.radians(out + rel)
        return f.x + rho * np.cos(a), f.y + rho * np.sin(a)

    ghx, _ = b.site.fp("gantry")
    for rel in (90.0, -90.0):  # service towers along the rim, arms over the engine's skirt
        x, y = at(rel, f.er - 6.0 + ghx)
        b.add(
            "gantry",
            {},
            x,
            y,
            out + rel + 180.0,
            group,
            prio=P_MAJOR,
            lot=group,
            on=eng,
            z=ZRule("on", 0.0, eng),
        )
        taken.take(Polygon(rect(x, y, ghx, b.site.fp("gantry")[1], out + rel + 180.0)))
    crane = {"height_m": float(np.clip(0.12 * f.params["height_m"], 40.0, 110.0)), "jib_m": 40.0}
    for rel in (0.0, 180.0):
        x, y = at(rel, f.er + 10.0)
        _try(b, f, taken, "tower_crane", crane, x, y, out + rel + 90.0, 0, P_MAJOR)
    hall = {"length_m": 100.0, "width_m": 24.0}
    _, hhy = b.site.fp("support_hall", hall)
    for rel in (30.0, 62.0, 118.0, 150.0, 210.0, 242.0, 298.0, 330.0):
        x, y = at(rel, f.er * 1.02 + 2.0 + hhy)
        _try(b, f, taken, "support_hall", hall, x, y, out + rel + 90.0, 0)
    for rel in np.arange(15.0, 360.0, 60.0):
        x, y = at(rel, ter.core_m - 22.0)
        _try(b, f, taken, "light_mast", {}, x, y, out + rel, 0)
    _walls_and_ramps(b, f, taken)
    _treads(b, f, taken, crane)


def _walls_and_ramps(b: Builder, f: Foundation, taken: _Taken) -> int:
    ter = f.terrace
    group = f"foundation_{f.index + 1}"
    wall_t = 1.5
    n_ramps = 0
    for k, rho_r in enumerate(ter.risers_m):
        rho = rho_r - ter.riser_w_m / 2 - wall_t / 2 - 0.5
        n = max(int(2 * np.pi * rho // (WALL_SEG_M + WALL_GAP_M)), 1)
        dphi = 2 * np.pi / n
        seg = WALL_SEG_M / rho  # angle of one wall arc
        a = np.linspace(-seg / 2, seg / 2, 10)
        local = np.column_stack([rho * np.sin(a), rho * np.cos(a) - rho])
        params = {
            "points": tuple((round(float(x), 2), round(float(y), 2)) for x, y in local),
            "height_m": float(min(ter.step_m + 0.5, 15.0)),
            "thickness_m": wall_t,
            "course_m": 1.5,
            "brick_m": 4.0,
        }
        phis = dphi * np.arange(n) + 0.37 * k
        # a wall arc stands where the lower tread and the upper one are both whole
        s = np.linspace(-seg / 2, seg / 2, 7)
        ang = phis[:, None] + s[None, :]
        lo = np.stack([f.x + (rho - 1.5) * np.cos(ang), f.y + (rho - 1.5) * np.sin(ang)], -1)
        hi_r = rho_r + ter.riser_w_m / 2 + 2.0
        hi = np.stack([f.x + hi_r * np.cos(ang), f.y + hi_r * np.sin(ang)], -1)
        pts = np.concatenate([lo, hi], axis=1).reshape(-1, 2)
        kk = f.treads.at(pts[:, 0], pts[:, 1])
        kk, on = kk.reshape(n, -1), (kk >= 0).reshape(n, -1)
        want = np.r_[np.full(len(s), k), np.full(len(s), k + 1)]
        ok = on.all(axis=1) & (kk == want).all(axis=1)
        z = ter.floor_m + k * ter.step_m
        r_lamp = rho_r + ter.riser_w_m / 2 + 2.0
        for phi in phis[ok]:
            x, y = f.x + rho * np.cos(phi), f.y + rho * np.sin(phi)
            rot = np.degrees(phi) - 90.0  # local +x along increasing phi, +y outward
            b.add(
                "brick_wall",
                params,
                x,
                y,
                rot,
                group,
                prio=P_FOUNDATION,
                z=ZRule("fixed", z),
                lot=group,
            )
        _edge_lamps(b, f, k, r_lamp, z + ter.step_m)
        # ramps climbing along the foot of standing walls, from tread k up to tread k+1
        if k == 0:
            continue
        rise = float(min(max(ter.step_m, 1.0), 30.0))
        ramp = {
            "length_m": float(np.clip(4.5 * rise, 10.0, 150.0)),
            "width_m": RAMP_W,
            "rise_m": rise,
            "landing_m": 10.0,
        }
        hx, hy = b.site.fp("ramp", ramp)
        r_c = rho_r - ter.riser_w_m / 2 - 3.5 - hy - hx * hx / (2 * rho_r)
        placed = 0
        for phi in phis[ok]:
            if placed >= 2:
                break
            x, y = f.x + r_c * np.cos(phi), f.y + r_c * np.sin(phi)
            rot = float(np.degrees(phi)) + 90.0
            poly = Polygon(rect(x, y, hx, hy, rot))
            if not taken.clear(poly) or _tread(f, _samples(x, y, hx, hy, rot)) != k:
                continue
            taken.take(poly)
            b.add("ramp", ramp, x, y, rot, group, prio=P_FOUNDATION, z=ZRule("fixed", z), lot=group)
            placed += 1
            n_ramps += 1
    return n_ramps


def _edge_lamps(b: Builder, f: Foundation, k: int, rho: float, z: float) -> None:
    """Lamps every ~``LAMP_M`` along the top of riser ``k`` wherever the riser is real (tread
    k below, tread k + 1 above), leaning over the edge: rings of light round the cut."""
    n = max(int(2 * np.pi * rho // LAMP_M), 1)
    phi = 2 * np.pi * np.arange(n) / n + 0.21 * k
    r_lo = rho - f.terrace.riser_w_m - 4.0
    pts = np.concatenate(
        [np.column_stack([f.x + r * np.cos(phi), f.y + r * np.sin(phi)]) for r in (rho, r_lo)]
    )
    kk = f.treads.at(pts[:, 0], pts[:, 1]).reshape(2, n)
    group = f"foundation_{f.index + 1}"
    for a in phi[(kk[0] == k + 1) & (kk[1] == k)]:
        x, y = f.x + rho * np.cos(a), f.y + rho * np.sin(a)
        b.add(
            "road_light",
            {},
            x,
            y,
            np.degrees(a) + 180.0,
            group,
            prio=P_LIGHT,
            z=ZRule("fixed", z),
            lot=group,
        )


def _treads(b: Builder, f: Foundation, taken: _Taken, crane: dict) -> None:
    ter = f.terrace
    hall = {"length_m": 60.0, "width_m": 16.0}
    stack = {"tiers": 2, "fill": 0.7, "rows": 2}
    cycle = [
        ("support_hall", hall),
        ("container_stack", stack),
        ("tank", {}),
        ("support_hall", hall),
        ("container_stack", stack),
        ("tank", {}),
    ]
    i = 0
    for k in range(1, len(ter.risers_m) + 1):
        # one tower crane on every other tread, at the first place it fits
        for phi in (np.linspace(0.0, 2 * np.pi, 37)[:-1] + 0.3 * k) if k % 2 else ():
            rho_c = ter.core_m + (k - 0.5) * f.tread_m
            x, y = f.x + rho_c * np.cos(phi), f.y + rho_c * np.sin(phi)
            if _try(b, f, taken, "tower_crane", crane, x, y, np.degrees(phi) + 90.0, k, P_MAJOR):
                break
        rho = ter.core_m + (k - 0.5) * f.tread_m
        if k == len(ter.risers_m):
            rho = ter.outer_m + ter.riser_w_m + 0.5 * f.tread_m
        phi = 0.11 * k
        while phi < 2 * np.pi + 0.11 * k:
            kind, params = cycle[i % len(cycle)]
            hx, hy = b.site.fp(kind, params, 2 if kind == "tank" else 0)
            if 2 * hy > f.tread_m - ter.riser_w_m - 4.0:
                i += 1
                phi += 10.0 / rho
                continue
            x, y = f.x + rho * np.cos(phi), f.y + rho * np.sin(phi)
            rot = np.degrees(phi) + 90.0
            v = 2 if kind == "tank" else 0
            got = _try(b, f, taken, kind, params, x, y, rot, k, variant=v)
            phi += (2 * hx + (14.0 if got is not None else 6.0)) / rho
            if got is not None:
                i += 1
