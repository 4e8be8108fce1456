"""The city layout, stage by stage: districts → networks → lots → placements (foundations,
lot fills, utilities, traffic) → the overlap sweep → every terrain edit in one pass
(terraced cuts, then roads and lots graded together) → heights on the final ground.
"""

from __future__ import annotations

import time

import numpy as np
from shapely.geometry import Polygon
from shapely.ops import unary_union

from ....terrain.grading import grade_sites
from ....terrain.terraces import cut_terrace
from ..packing import flatten_pad, settle
from ..plan import Layout
from . import checks
from .districts import plan_districts
from .fill import assign_uses, fill_lots
from .foundations import plan_foundation
from .geometry import LINEAR, rect, rects
from .lots import plan_lots
from .networks import plan_networks
from .preflight import place_footprints
from .site import P_PLACED, Builder, Site
from .utilities import lay_road_lights, lay_roads, lay_rovers, lay_utilities


def _explicit(b: Builder) -> Polygon | None:
    """``[[base.place]]`` entries, reserved before anything else (refused as the preflight
    refuses them); returns their footprints (grown by a margin) for the lots to keep clear
    of."""
    site = b.site
    polys = place_footprints(site.cfg, site.assets)
    for i, pl in enumerate(site.base["place"]):
        (x, y) = pl["at"]
        k = b.add(
            pl["kind"],
            pl["params"],
            x,
            y,
            pl["rotation_deg"],
            "placed",
            prio=P_PLACED,
            name=pl["name"] or None,
        )
        b.out[k].flatten = pl["flatten"]
        b.out[k].extras["place_index"] = i
    return unary_union([p.buffer(12.0) for p in polys]) if polys else None


def _sweep(b: Builder, polys) -> int:
    """Drop, lowest priority first, whatever overlaps a structure that stays (and what stood
    on or joined a dropped one). Returns how many were dropped."""
    pairs = checks.overlap_pairs(b.out, polys)
    clash: dict[int, list[int]] = {}
    for i, j in pairs:
        clash.setdefault(i, []).append(j)
        clash.setdefault(j, []).append(i)
    order = sorted(range(len(b.out)), key=lambda i: (b.prio[i], i))
    kept = np.ones(len(b.out), bool)
    for i in order:
        if kept[i] and any(kept[j] and (b.prio[j], j) < (b.prio[i], i) for j in clash.get(i, ())):
            kept[i] = False
    names = {p.name: k for k, p in enumerate(b.out)}
    changed = True
    while changed:
        changed = False
        for i, p in enumerate(b.out):
            if not kept[i]:
                continue
            deps = [b.parent[i]] if b.parent[i] >= 0 else []
            deps += [names[n] for n in p.extras.get("connects", ()) if n in names]
            if any(not kept[d] for d in deps):
                kept[i] = False
                changed = True
    dropped = int((~kept).sum())
    remap = np.cumsum(kept) - 1
    b.out = [p for p, k in zip(b.out, kept, strict=True) if k]
    b.z = [z for z, k in zip(b.z, kept, strict=True) if k]
    b.prio = [q for q, k in zip(b.prio, kept, strict=True) if k]
    b.parent = [int(remap[q]) if q >= 0 else -1 for q, k in zip(b.parent, kept, strict=True) if k]
    return dropped


def ground_fits(terrain, pl: list, assets) -> np.ndarray:
    """(N, 3, 3) rotations: each placement's heading tilted to the plane fitted (least
    squares) to the ground at its footprint centre and corners (as ``packing.ground_fit``),
    all at once."""
    if not pl:
        return np.zeros((0, 3, 3))
    fp = np.array([assets.get(p.kind, p.params, p.variant).footprint for p in pl]) * 0.9
    h = np.radians([p.rotation_deg for p in pl])
    c, s = np.cos(h)[:, None], np.sin(h)[:, None]
    lx = np.array([0, -1, 1, -1, 1])[None] * fp[:, :1]
    ly = np.array([0, -1, -1, 1, 1])[None] * fp[:, 1:]
    dx, dy = c * lx - s * ly, s * lx + c * ly
    x0 = np.array([[p.x, p.y] for p in pl])
    z = terrain.height_at(x0[:, :1] + dx, x0[:, 1:] + dy)
    A = np.stack([dx, dy, np.ones_like(dx)], axis=-1)
    coef = np.linalg.solve(A.transpose(0, 2, 1) @ A, (A.transpose(0, 2, 1) @ z[..., None]))[..., 0]
    n = np.column_stack([-coef[:, 0], -coef[:, 1], np.ones(len(pl))])
    n /= np.linalg.norm(n, axis=1, keepdims=True)
    fwd = np.column_stack([c[:, 0], s[:, 0], np.zeros(len(pl))])
    fwd -= n * np.einsum("ij,ij->i", fwd, n)[:, None]
    fwd /= np.linalg.norm(fwd, axis=1, keepdims=True)
    return np.stack([fwd, np.cross(n, fwd), n], axis=-1)


def _heights(b: Builder, terrain) -> None:
    pl = b.out
    xy = np.array([[p.x, p.y] for p in pl]).reshape(-1, 2)
    ground = terrain.height_at(xy[:, 0], xy[:, 1]) if len(pl) else np.zeros(0)
    foot = [i for i, r in enumerate(b.z) if r.mode == "footing"]
    if foot:
        fp = np.array([b.site.fp(pl[i].kind, pl[i].params, pl[i].variant) for i in foot]) * 0.9
        c = rects(
            [pl[i].x for i in foot],
            [pl[i].y for i in foot],
            fp[:, 0],
            fp[:, 1],
            [pl[i].rotation_deg for i in foot],
        ).reshape(-1, 2)
        zc = terrain.height_at(c[:, 0], c[:, 1]).reshape(len(foot), 4)
        ground[foot] = np.minimum(ground[foot], zc.min(axis=1))
    tilted = [i for i, r in enumerate(b.z) if r.mode == "tilt"]
    bases = ground_fits(terrain, [pl[i] for i in tilted], b.site.assets)
    for i, m in zip(tilted, bases, strict=True):
        pl[i].basis = m
    for i, (p, rule) in enumerate(zip(pl, b.z, strict=True)):
        if rule.mode == "fixed":
            p.z = float(rule.z)
        elif rule.mode == "on":
            p.z = float(pl[rule.parent].z + rule.z)
            p.basis = pl[rule.parent].basis
        else:
            p.z = float(ground[i])


LEVEL_KINDS = {
    "launch_pad",
    "hall",
    "plant",
    "support_hall",
    "garage",
    "command_centre",
    "fission_plant",
    "gantry_crane",
    "printed_dome",
    "mining_pit",
    "comm_tower",
    "container_stack",
    "greenhouse",
}


def _pads(b: Builder, lots) -> list[np.ndarray]:
    """Level pads under the structures that need level ground (``LEVEL_KINDS``) on graded
    lots: the footprint grown by two grid cells and a metre (so that bilinear heights
    anywhere on the footprint read the pad)."""
    flat = {q.name for q in lots if q.flatten}
    grow = flatten_pad(b.site.cell)
    out = []
    for i, p in enumerate(b.out):
        if p.extras.get("lot") not in flat or b.parent[i] >= 0 or p.kind in LINEAR:
            continue
        hx, hy = b.site.fp(p.kind, p.params, p.variant)
        if p.kind in LEVEL_KINDS:
            out.append(rect(p.x, p.y, hx + grow, hy + grow, p.rotation_deg))
    return out


def plan_city(cfg: dict, terrain, assets) -> Layout:
    """Plan the city for ``cfg`` on ``terrain`` (edited in place)."""
    clock = {}
    t0 = time.perf_counter()

    def tick(name):
        nonlocal t0
        now = time.perf_counter()
        clock[name] = round(now - t0, 3)
        t0 = now

    site = Site(cfg, terrain, assets)
    b = Builder(site)
    dplan = plan_districts(site)
    blocked = _explicit(b)
    tick("districts")
    nets = plan_networks(site, dplan)
    tick("networks")
    lots = plan_lots(site, dplan, nets, blocked)
    tick("lots")
    for f in dplan.foundations:
        plan_foundation(b, f)
    assign_uses(site, dplan.districts)
    fill_lots(b, lots)
    tick("fill")
    util = lay_utilities(b, nets, dplan)
    lay_road_lights(b, nets, float(site.knob("road_light_spacing_m", 60.0)))
    lay_rovers(b, nets, int(site.base["rovers"]), dplan.districts)
    lay_roads(b, nets)
    tick("utilities")
    polys = checks.footprints(b.out, assets)
    dropped = _sweep(b, polys)
    tick("sweep")
    cuts = []
    for k, ter in enumerate(b.terraces):
        cut_terrace(terrain, ter)
        kind = "foundation" if k < len(dplan.foundations) else "pit"
        cuts.append(
            {
                "kind": kind,
                "x": ter.x,
                "y": ter.y,
                "floor_m": ter.floor_m,
                "step_m": ter.step_m,
                "core_m": ter.core_m,
                "risers_m": [float(r) for r in ter.risers_m],
            }
        )
    roads = [(r.points, r.corridor) for r in nets.roads if r.graded]
    flat = [q.corners for q in lots if q.flatten]
    grade_sites(terrain, roads, flat, blend_m=max(16.0, 3.0 * site.cell), pads=_pads(b, lots))
    tick("edits")
    _heights(b, terrain)
    explicit = [p for p in b.out if p.group == "placed"]
    settle(explicit, terrain, assets)
    tick("heights")
    b.skipped += [f"overlap sweep: dropped {dropped} structures"] if dropped else []
    # the convoy leads the rovers (the rover_convoy shot frames the first rover)
    b.out.sort(key=lambda p: 0 if p.extras.get("convoy") else 1)
    return Layout(
        b.out,
        [r.points for r in nets.roads],
        b.skipped,
        districts=[(d.name, d.kind, d.polygon) for d in dplan.districts],
        networks=nets,
        lots=lots,
        meta={"hero": dict(site.hero), "timing_s": clock, "utilities": util, "cuts": cuts},
    )
