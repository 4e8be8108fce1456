"""What the city promises, measured: footprints as shapely polygons, the overlap sweep that
keeps them apart, the access graph (every structure reached by road, yard or tunnel), the
ground coverage near the engines and the structure and light counts.

Everything here reads a ``Layout`` (and its assets), so tests and ``lunarbase info`` use
the same definitions the planner enforces.
"""

from __future__ import annotations

import networkx as nx
import numpy as np
import shapely
from shapely.geometry import LineString
from shapely.strtree import STRtree

from ....assets.materials import PALETTE
from .geometry import LINEAR, footprint_polygon

NOT_STRUCTURES = ("rock", "road", "road_light", "light_mast")
EMISSIVE = {k for k, m in PALETTE.items() if m.is_emissive} - {"plume"}
ACCESS_MAX_M = 60.0


def half_width(assets, p) -> float | None:
    if p.kind not in LINEAR:
        return None
    straight = {**p.params, "points": ((-10.0, 0.0), (10.0, 0.0))}
    return float(assets.get(p.kind, straight, p.variant).footprint[1])


def footprints(placements, assets) -> list:
    """Shapely footprint polygon of every placement (same order)."""
    return [
        footprint_polygon(p, assets.get(p.kind, p.params, p.variant), half_width(assets, p))
        for p in placements
    ]


def swept(p) -> bool:
    """Placements the no-overlap rule covers: all but road pieces and driving rovers."""
    return p.kind != "road" and "road" not in p.extras


def allowed(pi, pj) -> bool:
    """Designed contacts: a structure and what it stands on (or its siblings there); a
    tunnel and the two structures it joins."""
    on_i, on_j = pi.extras.get("on"), pj.extras.get("on")
    if on_i == pj.name or on_j == pi.name or (on_i is not None and on_i == on_j):
        return True
    return pj.name in pi.extras.get("connects", ()) or pi.name in pj.extras.get("connects", ())


def overlap_pairs(placements, polys, min_area=0.05) -> list[tuple[int, int]]:
    """Index pairs (i < j) of swept placements whose footprints overlap (area > min_area m²)
    and are not a designed contact."""
    idx = [i for i, p in enumerate(placements) if swept(p)]
    if len(idx) < 2:
        return []
    geo = np.array([polys[i] for i in idx])
    a, b = STRtree(geo).query(geo, predicate="intersects")
    keep = a < b
    a, b = a[keep], b[keep]
    area = shapely.area(shapely.intersection(geo[a], geo[b]))
    out = []
    for i, j in zip(a[area > min_area], b[area > min_area], strict=True):
        gi, gj = idx[i], idx[j]
        if not allowed(placements[gi], placements[gj]):
            out.append((gi, gj))
    return out


def access_graph(layout) -> nx.Graph:
    """The road graph plus a node per lot (joined to the road it fronts), per structure
    (joined to its lot, its parent, its tunnel ends or, for things on the roads, the road)."""
    nets = layout.networks
    g = nx.Graph(nets.graph)
    road_of = {}
    for u, v, d in g.edges(data=True):
        road_of.setdefault(d["road"], []).append((u, v))
    lines = [LineString(r.points) for r in nets.roads]
    live = [i for i in range(len(lines)) if i in road_of]
    tree = STRtree([lines[i] for i in live])

    def attach(node, geom):
        j = int(tree.query_nearest(geom)[0])
        r = live[j]
        d = float(lines[r].distance(geom))
        best = min(
            road_of[r],
            key=lambda e: geom.distance(LineString([g.nodes[e[0]]["pos"], g.nodes[e[1]]["pos"]])),
        )
        g.add_edge(node, best[0], kind="access", length=d)

    for lot in getattr(layout, "lots", []):
        attach(("lot", lot.name), shapely.polygons(lot.corners))
    founds = {}
    for f in layout.networks.gates:
        founds[f"foundation_{f + 1}"] = f
    by_name = {p.name: p for p in layout.placements}
    for name, k in founds.items():
        apron = next((i for i, r in enumerate(nets.roads) if r.name == f"apron_{k + 1}"), None)
        if apron in road_of:
            g.add_edge(("lot", name), road_of[apron][0][0], kind="access", length=0.0)
    for p in layout.placements:
        node = ("s", p.name)
        g.add_node(node)
        if "on" in p.extras and p.extras["on"] in by_name:
            g.add_edge(node, ("s", p.extras["on"]), kind="on", length=0.0)
        elif "connects" in p.extras:
            for q in p.extras["connects"]:
                g.add_edge(node, ("s", q), kind="tunnel", length=0.0)
        elif "lot" in p.extras:
            g.add_edge(node, ("lot", p.extras["lot"]), kind="yard", length=0.0)
        else:
            attach(node, shapely.points(p.x, p.y))
    return g


def coverage(layout, assets, engines=None, radius=1500.0, within=150.0, step=25.0) -> list:
    """Per engine: share of the ground within ``radius`` of it (outside the hero crater) that
    lies within ``within`` m of a structure's footprint (rocks, roads, road lights excluded)."""
    t = layout.meta["hero"]
    R = t["diameter"] / 2
    pl = [
        p
        for p in layout.placements
        if p.kind not in ("rock", "road", "road_light") and "road" not in p.extras
    ]
    tree = STRtree(footprints(pl, assets))
    out = []
    for e in engines or [p for p in layout.placements if p.kind == "engine"]:
        g = np.arange(-radius, radius + step, step)
        X, Y = np.meshgrid(e.x + g, e.y + g)
        m = (np.hypot(X - e.x, Y - e.y) <= radius) & (np.hypot(X - t["x"], Y - t["y"]) > R)
        pts = shapely.points(X[m], Y[m])
        _, d = tree.query_nearest(pts, return_distance=True, all_matches=False)
        out.append(float(np.mean(d <= within)))
    return out


def emitters(assets, p) -> int:
    """Light emitters of one placement: its SpotLights plus its lit (emissive) parts."""
    a = assets.get(p.kind, p.params, p.variant)
    return len(a.lights) + sum(1 for q in a.parts if q.material in EMISSIVE and len(q.faces))


def counts(layout, assets, within=3000.0) -> dict:
    """Structures within ``within`` m of the hero centre (not rocks, roads, road lights,
    light masts or driving rovers), all placements, and light emitters."""
    h = layout.meta["hero"]
    near = [p for p in layout.placements if np.hypot(p.x - h["x"], p.y - h["y"]) <= within]
    strict = [p for p in near if p.kind not in NOT_STRUCTURES and "road" not in p.extras]
    return {
        "structures_within_3km": len(strict),
        "placements_within_3km": len(near),
        "emitters": int(sum(emitters(assets, p) for p in layout.placements)),
    }


def district_counts(layout) -> dict:
    """{district name: {"kind", "structures", "kinds": {kind: n}}} for every district of a
    city layout, plus its networks and traffic under their group names (roads, power,
    pipes, conveyors, rovers); {} for a scatter layout."""
    kinds = {name: kind for name, kind, _ in getattr(layout, "districts", [])}
    if not kinds:
        return {}
    out: dict = {}
    for p in layout.placements:
        d = out.setdefault(
            p.group, {"kind": kinds.get(p.group, "network"), "structures": 0, "kinds": {}}
        )
        d["structures"] += 1
        d["kinds"][p.kind] = d["kinds"].get(p.kind, 0) + 1
    for name in kinds:
        out.setdefault(name, {"kind": kinds[name], "structures": 0, "kinds": {}})
    return dict(sorted(out.items()))
