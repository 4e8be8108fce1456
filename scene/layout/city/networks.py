"""Stage 2, networks: the road hierarchy as a networkx graph and as polylines.

Trunk roads follow the band edges (ring roads) and the sector edges and engine azimuths
(radials): they join the engine foundations, the spaceports and every district. Service roads
split each district into blocks of about ``block_m``. Roads never cross the crater or a
foundation cut; each foundation has a level ring road round its engine (the apron) and ramp
roads climbing its terraces in graded trenches to the nearest junctions outside. A last pass
joins any piece the clipping cut off, so the whole network is one connected graph.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import networkx as nx
import numpy as np
import shapely
from shapely.geometry import LineString
from shapely.prepared import prep

from .districts import DistrictPlan
from .site import Site

WIDTH = {"trunk": 16.0, "service": 10.0, "apron": 12.0, "ramp": 14.0, "link": 10.0}
# half width of the graded corridor beyond the paved half width (utility strip on trunks)
SHOULDER = {"trunk": 17.0, "service": 3.0, "apron": 0.0, "ramp": 0.0, "link": 3.0}
SETBACK_M = 7.0  # lots start this far beyond a graded corridor


@dataclass
class Road:
    name: str
    cls: str  # trunk | service | apron | ramp | link
    points: np.ndarray  # (K, 2)
    graded: bool = True

    @property
    def width(self) -> float:
        return WIDTH[self.cls]

    @property
    def corridor(self) -> float:
        """Half width of the graded corridor."""
        return WIDTH[self.cls] / 2 + SHOULDER[self.cls]

    @property
    def clearance(self) -> float:
        """Distance from the centreline lots keep."""
        return self.corridor + SETBACK_M


@dataclass
class Networks:
    roads: list[Road]
    graph: nx.Graph  # nodes: int with "pos"; edges: "road" (index), "cls", "length"
    arcs: list[float] = field(default_factory=list)  # every ring radius (m)
    radials: dict = field(default_factory=dict)  # band index -> [(az, cls)]
    gates: dict = field(default_factory=dict)  # foundation index -> [node] at its cut's edge


def _band_radials(plan: DistrictPlan, r0: float, r1: float, block: float):
    """[(az, cls)] of the radials in one band: trunk azimuths, half-sector edges, and service
    radials splitting each half-sector into blocks."""
    out = {round(a, 6): "trunk" for a in plan.trunk_az}
    for a0, a1 in zip(plan.sectors[:-1], plan.sectors[1:], strict=True):
        out.setdefault(round(a0, 6), "service")
        out.setdefault(round(a1, 6), "service")
        arc = np.radians(a1 - a0) * (r0 + r1) / 2
        n = max(int(round(arc / block)), 1)
        for a in np.linspace(a0, a1, n + 1)[1:-1]:
            out.setdefault(round(float(a), 6), "service")
    return sorted(out.items())


class _Net:
    def __init__(self, site: Site):
        self.site = site
        self.g = nx.Graph()
        self.key: dict = {}
        self.edges: list = []  # (u, v, polyline, cls, run key)
        self.gates: dict[int, list[int]] = {}

    def node(self, r: float, az: float, pos=None) -> int:
        k = (round(r, 3), round(az, 6))
        if k not in self.key:
            self.key[k] = len(self.key)
            p = pos if pos is not None else self.site.polar.xy(az, r)
            self.g.add_node(self.key[k], pos=np.asarray(p, float))
        return self.key[k]

    def free_node(self, pos) -> int:
        n = len(self.key)
        self.key[("free", n)] = n
        self.g.add_node(n, pos=np.asarray(pos, float))
        return n


def plan_networks(site: Site, plan: DistrictPlan) -> Networks:
    block = float(site.knob("block_m", 280.0))
    polar, radii = site.polar, plan.radii
    lo, hi = plan.sectors[0], plan.sectors[-1]
    net = _Net(site)
    arcs: dict[float, set] = {}
    arc_cls: dict[float, str] = {}
    radials = {}
    for i, (r0, r1) in enumerate(zip(radii[:-1], radii[1:], strict=True)):
        rad = _band_radials(plan, r0, r1, block)
        radials[i] = rad
        n = max(int(round((r1 - r0) / (0.85 * block))), 1)
        rs = np.linspace(r0, r1, n + 1)
        for j, r_raw in enumerate(rs):
            r = round(float(r_raw), 3)
            arcs.setdefault(r, set()).update(a for a, _ in rad)
            edge = j in (0, n)
            arc_cls[r] = "trunk" if edge or arc_cls.get(r) == "trunk" else "service"
        for a, cls in rad:
            for ra, rb in zip(rs[:-1], rs[1:], strict=True):
                u, v = net.node(float(ra), a), net.node(float(rb), a)
                pts = polar.xy([a, a], [ra, rb])
                net.edges.append((u, v, pts, cls, ("radial", a)))
    for r, on_arc in arcs.items():
        azs = sorted(a for a in on_arc if lo - 1e-6 <= a <= hi + 1e-6)
        for a0, a1 in zip(azs[:-1], azs[1:], strict=True):
            u, v = net.node(r, a0), net.node(r, a1)
            net.edges.append((u, v, polar.arc(r, a0, a1, 60.0), arc_cls[r], ("arc", r)))
    # clip everything that would cross the crater or a foundation cut
    lines = [LineString(e[2]).buffer(WIDTH[e[3]] / 2) for e in net.edges]
    keep = ~shapely.intersects(np.array(lines), plan.keep_out)
    edges = [e for e, k in zip(net.edges, keep, strict=True) if k]
    roads: list[Road] = []
    runs: dict = {}
    for u, v, pts, cls, run in edges:
        runs.setdefault(run, []).append((u, v, pts, cls))
    for _, segs in sorted(runs.items(), key=lambda kv: (kv[0][0], kv[0][1])):
        _add_runs(net, roads, segs)
    for f in plan.foundations:
        _foundation_roads(net, roads, f)
    _join_components(net, roads, plan)
    gates = {k: [n for n in v if n in net.g] for k, v in net.gates.items()}
    return Networks(roads, net.g, sorted(arcs), radials, gates)


def _add_runs(net: _Net, roads: list[Road], segs) -> None:
    """Chain consecutive segments of one ring or radial into maximal runs (one Road each)."""
    segs = sorted(segs, key=lambda s: (s[0], s[1]))
    by_start = {s[0]: s for s in segs}
    starts = {s[0] for s in segs} - {s[1] for s in segs}
    for s0 in sorted(starts):
        chain, cur = [], by_start.get(s0)
        while cur is not None:
            chain.append(cur)
            cur = by_start.get(cur[1])
        cls = "trunk" if any(c[3] == "trunk" for c in chain) else "service"
        pts = np.vstack([chain[0][2]] + [c[2][1:] for c in chain[1:]])
        k = len(roads)
        roads.append(Road(f"road_{k + 1:03d}", cls, pts))
        for u, v, p, _ in chain:
            net.g.add_edge(u, v, road=k, cls=cls, length=float(LineString(p).length))


def _foundation_roads(net: _Net, roads: list[Road], f) -> None:
    """The apron ring round the engine and the ramp roads up the terraces."""
    ter = f.terrace
    r_ring = ter.core_m - WIDTH["apron"] / 2 - 4.0  # clear of the first riser
    a = np.linspace(0, 2 * np.pi, 49)
    ring = np.column_stack([f.x + r_ring * np.cos(a), f.y + r_ring * np.sin(a)])
    ring_nodes = [net.free_node(p) for p in ring[:-1]]
    k = len(roads)
    roads.append(Road(f"apron_{f.index + 1}", "apron", ring, graded=False))
    for i, u in enumerate(ring_nodes):
        v = ring_nodes[(i + 1) % len(ring_nodes)]
        net.g.add_edge(u, v, road=k, cls="apron", length=float(np.hypot(*(ring[i + 1] - ring[i]))))
    ids = [n for n in net.g.nodes if net.g.degree(n) > 0 and n not in ring_nodes]
    if not ids:
        return
    pos = np.array([net.g.nodes[n]["pos"] for n in ids])
    for ang, _, _ in ter.ramps:
        u = np.array([np.cos(ang), np.sin(ang)])
        start = np.array([f.x, f.y]) + u * r_ring
        exit_ = np.array([f.x, f.y]) + u * (f.reach_m + 10.0)
        d = np.hypot(*(pos - exit_).T)
        j = int(np.argmin(d))
        if d[j] > 2.5 * f.tread_m + 250.0:
            continue
        a_i = int(np.argmin(np.hypot(*(ring[:-1] - start).T)))
        mid = net.free_node(exit_)
        net.gates.setdefault(f.index, []).append(mid)
        k = len(roads)
        ramp = Road(f"ramp_{f.index + 1}_{k}", "ramp", np.array([start, exit_]), graded=False)
        roads.append(ramp)
        net.g.add_edge(ring_nodes[a_i], mid, road=k, cls="ramp", length=float(f.reach_m - r_ring))
        k = len(roads)
        roads.append(Road(f"ramp_{f.index + 1}_{k}_out", "trunk", np.array([exit_, pos[j]])))
        net.g.add_edge(mid, ids[j], road=k, cls="trunk", length=float(d[j]))


def _join_components(net: _Net, roads: list[Road], plan: DistrictPlan) -> None:
    """Link every piece of the network cut off by the clipping to the largest piece by the
    shortest straight road that crosses no keep-out."""
    g = net.g
    g.remove_nodes_from([n for n in list(g.nodes) if g.degree(n) == 0])
    hit = prep(plan.keep_out.buffer(-1.0)).intersects
    while nx.number_connected_components(g) > 1:
        comps = sorted(nx.connected_components(g), key=len, reverse=True)
        main = np.array(sorted(comps[0]))
        mpos = np.array([g.nodes[n]["pos"] for n in main])
        joined = False
        for comp in comps[1:]:
            cpos = np.array([g.nodes[n]["pos"] for n in sorted(comp)])
            d = np.hypot(*(cpos[:, None, :] - mpos[None, :, :]).transpose(2, 0, 1))
            for flat in np.argsort(d, axis=None)[:40]:
                i, j = np.unravel_index(flat, d.shape)
                seg = np.array([cpos[i], mpos[j]])
                if hit(LineString(seg)):
                    continue
                k = len(roads)
                roads.append(Road(f"link_{k + 1:03d}", "link", seg))
                g.add_edge(sorted(comp)[i], int(main[j]), road=k, cls="link", length=float(d[i, j]))
                joined = True
                break
            if joined:
                break
        if not joined:  # unreachable pieces: drop them rather than loop
            for comp in comps[1:]:
                g.remove_nodes_from(comp)
            break
