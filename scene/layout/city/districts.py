"""Stage 1, districts: where each engine complex and each shared district lies.

The city is an annulus round the hero crater from just outside its rim to ``city_radius``
crater radii, split into three bands (inner: industry next to the engines; middle: shelter
and logistics; outer: spaceport, energy and comms, far from the habitats) and into sectors:
one per engine, centred on it, and a flank on either side for the shared districts (mining,
the main spaceport, energy, comms). Each sector is halved, so a (half-sector, band) cell is a
district with one program. Each engine sits on the rim in a terraced foundation cut (the
``Foundation``), which is a district of its own and is cut out of the cells it overlaps.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from shapely.geometry import Point, Polygon
from shapely.ops import unary_union

from ....terrain.terraces import Terrace
from ..preflight import engine_params
from .preflight import check_spacing
from .site import Site

KINDS = (
    "foundation",
    "spaceport",
    "industry",
    "mining",
    "energy",
    "comms",
    "shelter",
    "logistics",
)
# (half-sector, band) programs: complex sectors [left half, right half] per band; flanks
# [inner half (next to the engines), outer half] per band
COMPLEX = (("industry", "logistics"), ("shelter", "logistics"), ("spaceport", "energy"))
COMPLEX_ODD = (("industry", "industry"), ("logistics", "shelter"), ("spaceport", "comms"))
WEST = (("logistics", "mining"), ("logistics", "energy"), ("spaceport", "energy"))
EAST = (("industry", "mining"), ("logistics", "comms"), ("energy", "energy"))
BANDS = (1.06, 1.5, 1.9)  # inner edges of the bands, in crater radii
MAX_SPAN_DEG = 330.0


@dataclass
class Foundation:
    """An engine's terraced cut: the engine at (x, y) on the rim at compass ``az``."""

    index: int
    name: str
    x: float
    y: float
    az: float
    params: dict
    er: float  # engine footprint half size (m)
    terrace: Terrace
    tread_m: float  # tread width
    reach_m: float  # radius of the whole cut (district disc)
    treads: object = None  # terrain.terraces.TreadMap, once the foundation is planned


@dataclass
class District:
    name: str
    kind: str
    polygon: Polygon
    band: tuple[float, float] = (0.0, 0.0)
    arc: tuple[float, float] = (0.0, 0.0)
    complex: int = -1
    lots: list = field(default_factory=list)


@dataclass
class DistrictPlan:
    districts: list[District]
    foundations: list[Foundation]
    radii: list[float]  # band edges, inner to outer
    sectors: list[float]  # sector / half-sector azimuth boundaries (deg), west to east
    trunk_az: list[float]  # azimuths of trunk radials
    keep_out: Polygon  # no lots, no roads: crater interior and the foundation discs


def engine_azimuths(base: dict) -> list[float]:
    n = base["engines"]
    a0, step = base["engine_arc_deg"], base["engine_spacing_deg"]
    return [a0 + step * (k - (n - 1) / 2) for k in range(n)]


def _foundation(site: Site, k: int, az: float, params: dict) -> Foundation:
    b, R, t = site.base, site.R, site.t
    er = float(max(site.fp("engine", params)))
    h = b["engine_height_m"]
    x, y = site.polar.xy(az, R * 1.02)
    depth = float(site.knob("foundation_depth", 0.09)) * h
    tread = float(np.clip(0.24 * er, 3.0 * site.cell, 48.0))
    apron = float(np.clip(0.35 * er, 4.0 * site.cell, 70.0))
    # the treads reach out to about 2.6 engine radii: fewer of them round small engines
    n = int(np.clip(round(1.5 * er / tread), 1, int(site.knob("terrace_steps", 5))))
    core = er * 1.05 + apron
    step = depth / max(n, 1)
    riser_w = max(step / np.tan(np.radians(65.0)), 1.2 * site.cell)
    floor = float(t.height_at(x, y)) - depth
    ramps = [(np.radians(90.0 - az + d), 16.0, 0.08) for d in (0.0, -55.0, 55.0)]
    ter = Terrace(
        float(x),
        float(y),
        floor,
        core,
        core + tread * np.arange(n),
        step,
        riser_w,
        core_blend_m=max(0.3 * er, 3 * site.cell),
        ramps=ramps,
    )
    reach = core + tread * n + 2 * riser_w
    return Foundation(k, f"engine_{k + 1}", float(x), float(y), az, params, er, ter, tread, reach)


def _sectors(site: Site, azs: list[float]) -> tuple[list[float], list[tuple], list[float]]:
    """Half-sector boundaries, the program table of each sector, trunk radial azimuths."""
    b = site.base
    s = b["engine_spacing_deg"] if len(azs) > 1 else 50.0
    centre = b["engine_arc_deg"]
    core = azs or [centre]
    flank = float(site.knob("city_flank_deg", 40.0))
    span = (core[-1] - core[0]) + s
    flank = max(min(flank, (MAX_SPAN_DEG - span) / 2), 10.0)
    w0, e0 = core[0] - s / 2, core[-1] + s / 2
    bounds = [w0 - flank, w0 - flank / 2]
    tables = [("west", WEST)]
    for k, a in enumerate(core):
        bounds += [a - s / 2, a]
        tables.append((k, COMPLEX if k % 2 == 0 else COMPLEX_ODD))
    bounds += [e0, e0 + flank / 2, e0 + flank]
    tables.append(("east", EAST))
    trunk = [w0 - flank, w0, *[a - s / 2 for a in core[1:]], *core, e0, e0 + flank]
    return bounds, tables, sorted(set(round(a, 6) for a in trunk))


def plan_districts(site: Site) -> DistrictPlan:
    b, R = site.base, site.R
    azs = engine_azimuths(b)
    params = engine_params(b)
    founds = [_foundation(site, k, az, params) for k, az in enumerate(azs)]
    check_spacing(site.cfg, site.assets)
    x0, y0, x1, y1 = site.edge
    half = min(x1 - site.hero["x"], site.hero["x"] - x0, y1 - site.hero["y"], site.hero["y"] - y0)
    r_out = min(R * float(site.knob("city_radius", 2.2)), half - 150.0)
    radii = [R * BANDS[0], R * BANDS[1], R * BANDS[2], r_out]
    radii = sorted(r for r in radii if r <= r_out)
    bounds, tables, trunk = _sectors(site, azs)
    crater = Point(site.hero["x"], site.hero["y"]).buffer(R * 1.04, 64)
    discs = [Point(f.x, f.y).buffer(f.reach_m, 64) for f in founds]
    keep_out = unary_union([crater, *discs])
    out: list[District] = []
    for f, d in zip(founds, discs, strict=True):
        out.append(District(f"foundation_{f.index + 1}", "foundation", d.difference(crater)))
        out[-1].complex = f.index
    seen: dict[str, int] = {}
    for t_i, (tag, table) in enumerate(tables):
        a0, a1, a2 = bounds[2 * t_i], bounds[2 * t_i + 1], bounds[2 * t_i + 2]
        halves = [(a0, a1), (a1, a2)]
        if tag == "west":  # the flank's inner half is the one next to the engines
            halves = halves[::-1]
        for band, (r0, r1) in enumerate(zip(radii[:-1], radii[1:], strict=True)):
            for h_i, (h0, h1) in enumerate(halves):
                kind = table[min(band, len(table) - 1)][h_i]
                poly = site.polar.sector(r0, r1, min(h0, h1), max(h0, h1)).difference(keep_out)
                if poly.is_empty or poly.area < 0.05 * (r1 - r0) ** 2:
                    continue
                seen[kind] = seen.get(kind, 0) + 1
                arc = (min(h0, h1), max(h0, h1))
                d = District(f"{kind}_{seen[kind]}", kind, poly, (r0, r1), arc)
                d.complex = tag if isinstance(tag, int) else -1
                out.append(d)
    return DistrictPlan(out, founds, radii, bounds, trunk, keep_out)
