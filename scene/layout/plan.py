"""Base layout: where every structure goes on the terrain, and the terrain edits it needs.

``plan_layout(cfg, terrain, assets)`` returns ``Placement``s and road polylines, and edits the
terrain in place (notches for engines, graded roads, flattened footprints). Deterministic for a
given seed. It follows the brief: engine complexes on the hero crater's rim, each seated in a
notch with gantries beside it, a launch-pad cluster and an industrial zone outside the rim;
habitat clusters with a command centre opposite; roads linking the zones; rovers on the roads.
Distances scale with the hero crater's radius R. That is the "scatter" layout; with
``[base] layout = "city"`` (the default) ``plan_layout`` hands over to ``city.plan_city``
(districts, networks, lots, terraced foundations), which returns the same ``Layout``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

from ...terrain import edits
from ..errors import SceneError
from ..model.assetcache import AssetCache
from .packing import Packer, settle
from .polylines import point_at, polyline_length, resample
from .preflight import engine_params, min_engine_spacing_deg

if TYPE_CHECKING:
    from ...terrain.heightfield import Terrain


@dataclass
class Placement:
    """One structure: kind + params, position (x, y, z on the ground) and heading (deg, CCW)."""

    kind: str
    params: dict
    x: float
    y: float
    rotation_deg: float
    name: str
    group: str
    radius: float = 0.0
    z: float = 0.0
    flatten: bool = True
    variant: int = 0
    tilt: bool = False
    basis: np.ndarray | None = None  # 3x3 rotation when tilted to the ground
    extras: dict = field(default_factory=dict)


@dataclass
class Layout:
    placements: list[Placement]
    roads: list[np.ndarray]  # each (K, 2) xy polyline
    skipped: list[str]  # notes on things that found no room
    districts: list = field(default_factory=list)  # (name, kind, shapely polygon) ("city")
    networks: object = None  # city.networks.Networks: road graph and roads ("city")
    lots: list = field(default_factory=list)  # city.lots.Lot ("city")
    meta: dict = field(default_factory=dict)  # hero crater, stage timings, counts


def _polar(hero: dict, az_deg: float, r: float) -> tuple[float, float]:
    """Point at compass azimuth ``az_deg`` (clockwise from north), distance r from the hero."""
    a = np.radians(az_deg)
    return hero["x"] + r * np.sin(a), hero["y"] + r * np.cos(a)


def _heading_to(x0: float, y0: float, x1: float, y1: float) -> float:
    return float(np.degrees(np.arctan2(y1 - y0, x1 - x0)))


class _Planner:
    def __init__(self, cfg: dict, terrain: Terrain, assets: AssetCache) -> None:
        self.cfg, self.base, self.t, self.assets = cfg, cfg["base"], terrain, assets
        self.rng = np.random.default_rng([cfg["seed"], 5])
        self.hero = terrain.hero
        self.R = self.hero["diameter"] / 2
        keep_out = (self.hero["x"], self.hero["y"], self.R * 1.08)
        self.packer = Packer(terrain, self.base["max_slope_deg"], self.rng, keep_out)
        self.out: list[Placement] = []
        self.skipped: list[str] = []
        self.roads: list[np.ndarray] = []
        self.counts: dict[str, int] = {}

    def radius(self, kind: str, params: dict | None = None, variant: int = 0) -> float:
        return float(np.hypot(*self.assets.get(kind, params or {}, variant).footprint))

    def put(
        self,
        kind: str,
        params: dict,
        x: float,
        y: float,
        rot: float,
        group: str,
        name: str | None = None,
        variant: int = 0,
        **kw: object,
    ) -> Placement:
        self.counts[kind] = self.counts.get(kind, 0) + 1
        p = Placement(
            kind,
            params,
            float(x),
            float(y),
            float(rot),
            name or f"{kind}_{self.counts[kind]:03d}",
            group,
            self.radius(kind, params, variant),
            variant=variant,
            **kw,
        )
        self.out.append(p)
        return p

    def scatter(
        self,
        kind: str,
        n: int,
        cx: float,
        cy: float,
        spread: float,
        group: str,
        params: dict | None = None,
        variants: int = 1,
        face: tuple[float, float] | None = None,
    ) -> None:
        params = params or {}
        for i in range(n):
            v = i % variants
            r = self.radius(kind, params, v)
            spot = self.packer.find(cx, cy, r, spread, name=f"{kind} in {group}")
            if spot is None:
                self.skipped.append(f"{group}: no room for {kind} #{i + 1}")
                continue
            rot = _heading_to(*spot, *face) if face else float(self.rng.uniform(0, 360))
            self.put(kind, params, *spot, rot, group, variant=v)

    # --- the stages ------------------------------------------------------------------------
    def engines(self) -> None:
        b, R = self.base, self.R
        n = b["engines"]
        azimuths = [
            b["engine_arc_deg"] + b["engine_spacing_deg"] * (k - (n - 1) / 2) for k in range(n)
        ]
        params = engine_params(b)
        er = float(max(self.assets.get("engine", params).footprint))
        gr = self.radius("gantry")
        need = min_engine_spacing_deg(er, gr, R)
        if n > 1 and b["engine_spacing_deg"] < need:
            raise SceneError(
                f"base.engine_spacing_deg: engines {2 * er:.0f} m across on a rim of radius "
                f"{R:.0f} m need at least {need:.1f} deg between them, got "
                f"{b['engine_spacing_deg']:g}"
            )
        self.zones = []
        for k, az in enumerate(azimuths):
            group = f"complex_{k + 1}"
            ex, ey = _polar(self.hero, az, R * 1.02)
            floor = float(self.t.height_at(ex, ey)) - 0.04 * b["engine_height_m"]
            edits.cut_notch(self.t, ex, ey, er * 1.5, floor, blend_m=er * 0.6)
            self.packer.take(ex, ey, er * 1.42, f"engine_{k + 1}")
            self.put("engine", params, ex, ey, -az, group, name=f"engine_{k + 1}", flatten=False)
            arc = (er * 1.42 + gr + self.packer.margin + 2.0) / R
            for side in (-1, 1):
                gx, gy = _polar(self.hero, az + side * np.degrees(arc), R * 1.02)
                if self.packer.overlaps(gx, gy, gr):
                    self.skipped.append(f"{group}: no room for a gantry")
                    continue
                self.packer.take(gx, gy, gr, f"gantry of engine_{k + 1}")
                edits.flatten_disc(self.t, gx, gy, gr, floor, blend_m=25.0)
                # the swing arms (+x) reach toward the engine
                self.put("gantry", {}, gx, gy, _heading_to(gx, gy, ex, ey), group)
            self.zones.append((group, az, *_polar(self.hero, az, R * 1.3 + er * 1.6)))
        # habitat clusters sit between the complexes, then outward along the arc
        step = b["engine_spacing_deg"] if n > 1 else 40.0
        offsets = [0.5, -0.5, 1.5, -1.5, 2.5, -2.5, 3.5, -3.5, 4.5, -4.5]
        if n <= 1:
            offsets = [1.0, -1.0, 2.0, -2.0, 3.0, -3.0, 4.0, -4.0, 5.0, -5.0]
        self.hub_az = [b["engine_arc_deg"] + o * step for o in offsets[: b["habitat_clusters"]]]
        self.hubs = [_polar(self.hero, az, R * 1.62) for az in self.hub_az]

    def explicit(self) -> None:
        """``[[base.place]]`` entries: reserved before anything movable is placed."""
        for i, pl in enumerate(self.base["place"]):
            kind, (x, y) = pl["kind"], pl["at"]
            r = self.radius(kind, pl["params"])
            hit = self.packer.overlaps(x, y, r, margin=1.0)
            if hit:
                raise SceneError(
                    f"base.place[{i}]: {kind} at ({x:g}, {y:g}) overlaps "
                    f"{hit[0]}; move it at least {r:.0f} m further away"
                )
            self.packer.take(x, y, r, f"base.place[{i}] ({kind})")
            p = self.put(
                kind,
                pl["params"],
                x,
                y,
                pl["rotation_deg"],
                "placed",
                name=pl["name"] or None,
                flatten=pl["flatten"],
            )
            p.extras["place_index"] = i

    def road_network(self) -> None:
        """A ring road outside the rim past every zone, with spurs to each complex's
        industrial zone, its pad cluster, each habitat cluster and each engine."""
        if not self.base["roads"]:
            return
        R, hero = self.R, self.hero
        azs = [z[1] for z in self.zones] + list(self.hub_az)
        if not azs:
            return
        ring_r = R * 1.46
        arc = np.linspace(min(azs) - 12.0, max(azs) + 12.0, 48)
        self.roads.append(np.array([_polar(hero, a, ring_r) for a in arc]))
        for _, az, zx, zy in self.zones:
            self.roads.append(
                np.array([_polar(hero, az, R * 1.14), _polar(hero, az, ring_r), [zx, zy]])
            )
            self.roads.append(
                np.array([_polar(hero, az + 8.0, ring_r), _polar(hero, az + 8.0, R * 1.7)])
            )
        for az in self.hub_az:  # ends short of the cluster's centre (the command centre)
            self.roads.append(
                np.array([_polar(hero, az, ring_r), _polar(hero, az, R * 1.62 - 60.0)])
            )
        for poly in self.roads:
            edits.grade_road(self.t, poly, width_m=14.0, blend_m=12.0)

    def reserve_roads(self) -> None:
        for poly in self.roads:  # keep structures off the roads
            for x, y in resample(poly, 30.0):
                self.packer.take(x, y, 9.0, "a road")

    def complexes(self) -> None:
        b, R = self.base, self.R
        for group, az, zx, zy in self.zones:
            px, py = _polar(self.hero, az + 8.0, R * 1.75)
            self.scatter("launch_pad", b["pads_per_complex"], px, py, 150.0, group, variants=3)
            self.scatter("tank", b["tanks_per_complex"], zx, zy, 110.0, group, variants=3)
            self.scatter("plant", b["plants_per_complex"], zx, zy, 150.0, group)
            ex, ey = _polar(self.hero, az - 10.0, R * 1.6)
            self.scatter("solar_array", b["solar_per_complex"], ex, ey, 130.0, group)
            self.scatter("radiator", b["radiators_per_complex"], ex, ey, 120.0, group)
            self.scatter("fission_plant", b["fission_per_complex"], ex, ey, 160.0, group)
            self.scatter("light_mast", b["masts_per_complex"], zx, zy, 190.0, group)
            self.scatter("antenna", 1, zx, zy, 200.0, group)
            self.scatter("dish", 1, zx, zy, 200.0, group)

    def habitats(self) -> None:
        b = self.base
        for c, (hx, hy) in enumerate(self.hubs):
            group = f"habitats_{c + 1}"
            if c == 0:
                self.command_centre(hx, hy, group)
            self.scatter("habitat", b["habitats_per_cluster"], hx, hy, 60.0, group, variants=3)
            self.scatter("light_mast", 3, hx, hy, 110.0, group)
            sx, sy = _polar(self.hero, self.hub_az[c], self.R * 1.95)
            self.scatter("solar_array", b["solar_per_cluster"], sx, sy, 120.0, group)
            self.scatter("dish", 1, hx, hy, 150.0, group)
        self.tunnels()

    def command_centre(self, hx: float, hy: float, group: str) -> None:
        """The base's heart is never skipped: on gentle ground near the hub if there is
        any, else on a site graded flat near it (flattened to its mean height)."""
        r = self.radius("command_centre")
        spot = self.packer.find(hx, hy, r, 30.0, name=f"command_centre in {group}")
        if spot is None:
            spot = self.packer.find(
                hx, hy, r, 30.0, name=f"command_centre in {group}", steep_ok=True
            )
            if spot is None:
                self.skipped.append(f"{group}: no room for the command centre")
                return
            edits.flatten_disc(self.t, *spot, r * 1.1, None, blend_m=30.0)
        self.put("command_centre", {}, *spot, float(self.rng.uniform(0, 360)), group)

    def tunnels(self) -> None:
        """A tunnel from each habitat to its nearest earlier neighbour in the cluster, if the
        straight run between them is clear."""
        habs = [p for p in self.out if p.kind in ("habitat", "command_centre")]
        for i, h in enumerate(habs[1:], start=1):
            same = [q for q in habs[:i] if q.group == h.group]
            if not same:
                continue
            q = min(same, key=lambda q: np.hypot(q.x - h.x, q.y - h.y))
            d = float(np.hypot(q.x - h.x, q.y - h.y))
            length = d - 0.5 * (h.radius + q.radius)
            if not 4.0 <= length <= 90.0:
                continue
            mx, my = (h.x + q.x) / 2, (h.y + q.y) / 2
            rot = _heading_to(q.x, q.y, h.x, h.y)
            params = {"length_m": round(length, 1)}
            clear = all(
                set(self.packer.overlaps(x, y, 3.0, margin=1.0))
                <= {f"habitat in {h.group}", f"command_centre in {h.group}"}
                for x, y in resample(np.array([[q.x, q.y], [h.x, h.y]]), 5.0)[1:-1]
                if np.hypot(x - h.x, y - h.y) > h.radius and np.hypot(x - q.x, y - q.y) > q.radius
            )
            if clear:
                self.put(
                    "tunnel",
                    params,
                    mx,
                    my,
                    rot,
                    h.group,
                    flatten=False,
                    extras={"connects": [q.name, h.name]},
                )

    def rovers(self) -> None:
        """A convoy of three on the ring road, the rest spread over the network. Each rover
        remembers its road and arc position: it drives along the road as time runs."""
        n = self.base["rovers"]
        if not self.roads or not n:
            return
        placed = 0
        ring = self.roads[0]
        s_ring = resample(ring, 5.0)
        start = len(s_ring) // 3
        for k in range(min(3, n)):  # the convoy, 40 m apart
            if self._rover_at(0, (start - 8 * k) * 5.0, placed, convoy=True):
                placed += 1
        cands = [
            (i, s)
            for i, poly in enumerate(self.roads)
            for s in np.arange(20.0, polyline_length(poly) - 20.0, 20.0)
        ]
        for j in self.rng.permutation(len(cands)):
            if placed >= n:
                break
            placed += self._rover_at(*cands[j], placed)
        if placed < n:
            self.skipped.append(f"rovers: placed {placed} of {n}")

    def _rover_at(self, road: int, s: float, k: int, convoy: bool = False) -> bool:
        poly = self.roads[road]
        (x0, y0), (x1, y1) = point_at(poly, s), point_at(poly, s + 2.0)
        v = k % 3
        r = self.radius("rover", {}, v)
        hits = self.packer.overlaps(x0, y0, r, margin=2.0)
        if any(h != "a road" for h in hits) or not self.packer.gentle(x0, y0, r):
            return False
        self.packer.take(x0, y0, r, "a rover")
        p = self.put(
            "rover",
            {},
            x0,
            y0,
            _heading_to(x0, y0, x1, y1),
            "rovers",
            variant=v,
            flatten=False,
            tilt=True,
        )
        p.extras.update(
            road=road,
            s0=float(s),
            speed_mps=6.0 if convoy else float(self.rng.uniform(3.0, 8.0)),
            convoy=convoy,
        )
        return True


def plan_layout(cfg: dict, terrain: Terrain, assets: AssetCache) -> Layout:
    """Plan the base for ``cfg`` (validated scene) on ``terrain`` (edited in place)."""
    if cfg["base"].get("layout", "city") == "city":
        from .city import plan_city

        return plan_city(cfg, terrain, assets)
    p = _Planner(cfg, terrain, assets)
    p.engines()
    p.explicit()
    p.road_network()
    p.reserve_roads()
    p.complexes()
    p.habitats()
    p.rovers()
    settle(p.out, terrain, assets)
    return Layout(p.out, p.roads, p.skipped)
