"""Linear structures laid along the networks: paved road segments on every road, road lights
along the trunk roads, power lines from the energy districts to the engines, pipe racks from
the tank farms and plants to the engines, conveyors from the pits to the plants, and rover
traffic on the trunk roads.

Utilities follow the shortest road route (trunk roads preferred) in the utility strip of the
graded corridor, power on one side and pipes and conveyors on the other; each run is chopped
into straight pieces of a few standard lengths (few distinct meshes) that are tilted to the
graded ground, and pulled back from the junctions so they cross no other road's strip.
"""

from __future__ import annotations

import networkx as nx
import numpy as np
from shapely.geometry import LineString, Point

from ..polylines import point_at
from .geometry import chop, offset_polyline, polyline_length, trim
from .networks import Networks
from .site import P_LIGHT, P_UTILITY, P_VEHICLE, Builder, ZRule

OFFSET = {"power_line": 17.0, "pipe_rack": -15.0, "conveyor": -21.5}
PIECES = {  # max length, length quantum, gap between pieces (m)
    "power_line": (230.0, 20.0, 12.0),
    "pipe_rack": (48.0, 6.0, 1.5),
    "conveyor": (50.0, 10.0, 2.5),
}
MIN_PIECE = {"power_line": 100.0, "pipe_rack": 12.0, "conveyor": 20.0}
JUNCTION_CLEAR_M = 34.0


def _params(kind: str, length: float) -> dict:
    pts = ((-length / 2, 0.0), (length / 2, 0.0))
    if kind == "power_line":
        return {"points": pts, "span_m": length / 2}
    if kind == "pipe_rack":
        return {"points": pts, "pipes": 4, "tiers": 1}
    return {"points": pts, "height_m": 7.0}


def lay_pieces(b: Builder, kind: str, poly, group: str, prio=P_UTILITY, **extras) -> int:
    n = 0
    for x, y, head, L in chop(poly, *PIECES[kind]):
        if L < MIN_PIECE[kind]:
            continue
        b.add(kind, _params(kind, L), x, y, head, group, prio=prio, tilt=True, **extras)
        n += 1
    return n


def _weighted(g: nx.Graph) -> nx.Graph:
    h = nx.Graph()
    for u, v, d in g.edges(data=True):
        w = d["length"] * (1.0 if d["cls"] == "trunk" else 4.0)
        h.add_edge(u, v, weight=w, cls=d["cls"])
    return h


def _nearest(g: nx.Graph, xy, nodes=None) -> int:
    nodes = list(g.nodes) if nodes is None else nodes
    pos = np.array([g.nodes[n]["pos"] for n in nodes])
    return nodes[int(np.argmin(np.hypot(*(pos - np.asarray(xy)).T)))]


def _routes(nets: Networks, pairs) -> set:
    """Union of the graph edges (u < v) on the shortest routes between node pairs."""
    w = _weighted(nets.graph)
    edges = set()
    for a, c in pairs:
        try:
            path = nx.shortest_path(w, a, c, weight="weight")
        except (nx.NetworkXNoPath, nx.NodeNotFound):
            continue
        for u, v in zip(path[:-1], path[1:], strict=True):
            if nets.graph.edges[u, v]["cls"] in ("trunk", "service", "link"):
                edges.add((min(u, v), max(u, v)))
    return edges


def _chains(edges: set) -> list[list[int]]:
    """Split a set of edges into maximal paths between nodes of degree other than 2."""
    h = nx.Graph()
    h.add_edges_from(edges)
    ends = sorted(n for n in h if h.degree(n) != 2)
    seen: set = set()
    out = []
    for n in ends:
        for m in sorted(h.neighbors(n)):
            if (min(n, m), max(n, m)) in seen:
                continue
            path = [n, m]
            seen.add((min(n, m), max(n, m)))
            while h.degree(path[-1]) == 2:
                nxt = [
                    k
                    for k in sorted(h.neighbors(path[-1]))
                    if (min(path[-1], k), max(path[-1], k)) not in seen
                ]
                if not nxt:
                    break
                seen.add((min(path[-1], nxt[0]), max(path[-1], nxt[0])))
                path.append(nxt[0])
            out.append(path)
    return out


def _along(b: Builder, nets: Networks, kind: str, edges: set, group: str) -> int:
    """Lay ``kind`` along the chains of ``edges``, in its strip, clear of the chain ends."""
    g, n = nets.graph, 0
    for path in _chains(edges):
        p = np.array([g.nodes[k]["pos"] for k in path])
        p = trim(p, JUNCTION_CLEAR_M, JUNCTION_CLEAR_M)
        if p is not None:
            n += lay_pieces(b, kind, offset_polyline(p, OFFSET[kind]), group)
    return n


def lay_utilities(b: Builder, nets: Networks, plan) -> dict:
    """Power lines, pipe racks and conveyors. Returns {kind: pieces laid}."""
    g = nets.graph
    gates = [n for f in plan.foundations for n in nets.gates.get(f.index, [])]
    counts = {}
    if gates:
        power = b.sources.get("power", [])
        by_d: dict = {}
        for lot in power:  # one feed per energy district (fission first) ...
            by_d.setdefault(lot.district, lot)
        pairs = []
        for f in plan.foundations:  # ... and each engine fed by the nearest two
            fg = nets.gates.get(f.index, [])
            feeds = sorted(by_d.values(), key=lambda q: np.hypot(q.cx - f.x, q.cy - f.y))
            for lot in feeds[:1] if fg else []:
                pairs.append((_nearest(g, (lot.cx, lot.cy)), _nearest(g, (lot.cx, lot.cy), fg)))
        counts["power_line"] = _along(b, nets, "power_line", _routes(nets, pairs), "power")
        pipes = [
            (_nearest(g, (q.cx, q.cy)), _nearest(g, (q.cx, q.cy), gates))
            for q in b.sources.get("pipe", [])
        ]
        counts["pipe_rack"] = _along(b, nets, "pipe_rack", _routes(nets, pipes), "pipes")
    sinks = b.sinks.get("conveyor", [])
    conv = 0
    for kind, poly, group, prio, extras in b.runs:
        conv += lay_pieces(b, kind, poly, group, prio, **extras)
    if sinks:
        pairs = []
        sink_nodes = [_nearest(g, (q.cx, q.cy)) for q in sinks]
        for _, end in b.sources.get("conveyor", []):
            s = _nearest(g, end)
            d = [np.hypot(*(g.nodes[s]["pos"] - g.nodes[t]["pos"])) for t in sink_nodes]
            pairs.append((s, sink_nodes[int(np.argmin(d))]))
        conv += _along(b, nets, "conveyor", _routes(nets, pairs), "conveyors")
    counts["conveyor"] = conv
    return counts


def lay_roads(b: Builder, nets: Networks) -> None:
    """Paved road pieces on the trunk, apron and ramp roads (lengths rounded up to 2 m: they
    overlap a little); service roads stay graded regolith tracks."""
    for r in nets.roads:
        if r.cls in ("service", "link"):
            continue
        p = r.points
        for a, c in zip(p[:-1], p[1:], strict=True):
            L = float(np.hypot(*(c - a)))
            if L < 1.0:
                continue
            n = int(np.ceil(L / 60.0))
            piece = float(np.ceil((L / n + 0.5) / 2.0) * 2.0)
            d = (c - a) / L
            head = float(np.degrees(np.arctan2(d[1], d[0])))
            params = {
                "points": ((-piece / 2, 0.0), (piece / 2, 0.0)),
                "width_m": r.width,
                "markings": r.cls in ("trunk", "ramp"),
                "posts_m": 100.0,
            }
            for i in range(n):
                m = a + d * (L / n) * (i + 0.5)
                b.add(
                    "road", params, m[0], m[1], head, "roads", prio=99, tilt=True, road_class=r.cls
                )


def lay_road_lights(b: Builder, nets: Networks, spacing: float) -> None:
    g = nets.graph
    nodes = np.array([g.nodes[n]["pos"] for n in g.nodes])
    for r in nets.roads:
        if r.cls not in ("trunk", "apron", "ramp"):
            continue
        L = polyline_length(r.points)
        s = np.arange(spacing / 2, L - 10.0, spacing)
        if not len(s):
            continue
        p0, p1 = point_at(r.points, s), point_at(r.points, s + 1.0)
        t = p1 - p0
        t /= np.maximum(np.linalg.norm(t, axis=1, keepdims=True), 1e-9)
        side = np.where(np.arange(len(s)) % 2 == 0, 1.0, -1.0)[:, None]
        nrm = np.column_stack([-t[:, 1], t[:, 0]]) * side
        pos = p0 + nrm * (r.width / 2 + 1.5)
        dn = np.min(np.hypot(*(pos[:, None, :] - nodes[None, :, :]).transpose(2, 0, 1)), axis=1)
        for q, nv, ok in zip(pos, nrm, dn > 22.0, strict=True):
            if ok:
                head = float(np.degrees(np.arctan2(-nv[1], -nv[0])))
                b.add("road_light", {}, q[0], q[1], head, "roads", prio=P_LIGHT)


def lay_rovers(b: Builder, nets: Networks, n: int, districts=()) -> None:
    """A convoy of three on the longest trunk road, then one rover commuting on the service
    road past the crew pad of each shelter district (of ``districts``, with ``name``,
    ``kind`` and shapely ``polygon``; its middle if it has no pad), the rest spread over the
    trunk roads."""
    trunks = [(i, r) for i, r in enumerate(nets.roads) if r.cls == "trunk"]
    trunks = [(i, r) for i, r in trunks if polyline_length(r.points) > 200.0]
    if not trunks or n <= 0:
        return
    trunks.sort(key=lambda ir: -polyline_length(ir[1].points))
    rng = b.site.rng
    placed = 0

    def rover(i, road, s, speed, convoy):
        (x0, y0), (x1, y1) = point_at(road.points, s), point_at(road.points, s + 2.0)
        head = float(np.degrees(np.arctan2(y1 - y0, x1 - x0)))
        b.add(
            "rover",
            {},
            x0,
            y0,
            head,
            "rovers",
            placed % 3,
            prio=P_VEHICLE,
            tilt=True,
            road=i,
            s0=float(s),
            speed_mps=float(speed),
            convoy=convoy,
        )

    i, road = trunks[0]
    L = polyline_length(road.points)
    for k in range(min(3, n)):
        rover(i, road, L / 3 - 40.0 * k, 6.0, True)
        placed += 1
    for d in (d for d in districts if d.kind == "shelter"):
        if placed >= n:
            break
        pads = [q for q in b.out if q.kind == "launch_pad" and q.group == d.name]
        c = Point(pads[0].x, pads[0].y) if pads else d.polygon.centroid  # by the crew pad
        inside = [
            (LineString(r.points).distance(c), i, r)
            for i, r in enumerate(nets.roads)
            if r.cls == "service"
            and polyline_length(r.points) > 150.0
            and d.polygon.contains(Point(*r.points[len(r.points) // 2]))
        ]
        if inside:
            _, i, road = min(inside, key=lambda t: (t[0], t[1]))
            L = polyline_length(road.points)
            s0 = float(np.clip(LineString(road.points).project(c), 20.0, L - 20.0))
            rover(i, road, s0, 4.0, False)  # passing the pad at t = 0
            placed += 1
    while placed < n:
        i, road = trunks[placed % len(trunks)]
        L = polyline_length(road.points)
        rover(i, road, float(rng.uniform(20.0, L - 20.0)), float(rng.uniform(3.0, 8.0)), False)
        placed += 1


__all__ = ["lay_roads", "lay_road_lights", "lay_utilities", "lay_rovers", "ZRule"]
