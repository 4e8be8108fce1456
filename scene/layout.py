"""Base layout: where every structure goes on the terrain, and the terrain edits it needs.

``plan_layout(cfg, terrain, assets)`` returns ``Placement``s and road polylines, and edits the
terrain in place (notches for engines, graded roads, flattened footprints). Deterministic for a
given seed. The layout follows the brief: three engine complexes on the hero crater's rim, each
with gantries, a launch-pad cluster and an industrial zone; habitat clusters with a command
centre between the complexes; roads linking the zones; rovers on the roads.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from ..terrain import edits
from .assetcache import AssetCache


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
    extras: dict = field(default_factory=dict)


@dataclass
class Layout:
    placements: list[Placement]
    roads: list[np.ndarray]  # each (K, 2) xy polyline
    skipped: list[str]  # human-readable notes on things that found no room


class _Packer:
    """Rejection sampler keeping circular footprints apart and off steep or foreign ground."""

    def __init__(self, terrain, hero, max_slope_deg, rng):
        self.t = terrain
        self.hero = hero
        self.max_slope = max_slope_deg
        self.rng = rng
        self.circles: list[tuple[float, float, float]] = []
        self.half = terrain.size_m / 2

    def free(self, x, y, r, margin=4.0, steep_ok=False) -> bool:
        if not self.t.contains(x, y, margin=r + 30.0):
            return False
        for cx, cy, cr in self.circles:
            if (x - cx) ** 2 + (y - cy) ** 2 < (r + cr + margin) ** 2:
                return False
        if steep_ok:
            return True
        # slope over the footprint: centre and 8 points on its edge
        a = np.linspace(0, 2 * np.pi, 8, endpoint=False)
        xs = np.concatenate([[x], x + 0.8 * r * np.cos(a)])
        ys = np.concatenate([[y], y + 0.8 * r * np.sin(a)])
        if np.max(self.t.slope_deg_at(xs, ys)) > self.max_slope:
            return False
        hx, hy, hr = self.hero["x"], self.hero["y"], self.hero["diameter"] / 2
        return np.hypot(x - hx, y - hy) > hr * 1.08 + r

    def take(self, x, y, r):
        self.circles.append((x, y, r))

    def find(self, cx, cy, r, spread, tries=60, **kw):
        """A free spot near (cx, cy) within ``spread`` metres, or None."""
        for i in range(tries):
            s = spread * (0.2 + 0.8 * i / tries)
            x = cx + self.rng.normal(0, s)
            y = cy + self.rng.normal(0, s)
            if self.free(x, y, r, **kw):
                self.take(x, y, r)
                return x, y
        return None


def _polar(hero, az_deg, r):
    """Point at compass azimuth ``az_deg`` (clockwise from north), distance r from the hero."""
    a = np.radians(az_deg)
    return hero["x"] + r * np.sin(a), hero["y"] + r * np.cos(a)


def _heading_to(x0, y0, x1, y1) -> float:
    return float(np.degrees(np.arctan2(y1 - y0, x1 - x0)))


def plan_layout(cfg: dict, terrain, assets: AssetCache) -> Layout:
    """Plan the base for ``cfg`` (validated scene) on ``terrain`` (edited in place)."""
    base = cfg["base"]
    rng = np.random.default_rng([cfg["seed"], 5])
    hero = terrain.hero
    R = hero["diameter"] / 2
    packer = _Packer(terrain, hero, base["max_slope_deg"], rng)
    out: list[Placement] = []
    skipped: list[str] = []
    roads: list[np.ndarray] = []

    def put(kind, params, x, y, rot, group, name=None, flatten=True, variant=0, r=None):
        asset = assets.get(kind, params, variant)
        radius = r if r is not None else float(np.hypot(*asset.footprint))
        p = Placement(kind, params, float(x), float(y), float(rot),
                      name or f"{kind}_{sum(q.kind == kind for q in out) + 1:03d}",
                      group, radius, flatten=flatten, variant=variant)
        out.append(p)
        return p

    def scatter(kind, params, n, cx, cy, spread, group, variant_of=None, face=None):
        asset_r = float(np.hypot(*assets.get(kind, params, 0).footprint))
        for i in range(n):
            spot = packer.find(cx, cy, asset_r, spread)
            if spot is None:
                skipped.append(f"{group}: no room for {kind} #{i + 1}")
                continue
            rot = _heading_to(*spot, *face) if face else float(rng.uniform(0, 360))
            put(kind, params, *spot, rot, group,
                variant=(variant_of(i) if variant_of else 0), r=asset_r)

    # --- engines on the rim, each in a notch, with gantries beside it -----------------
    n_eng = base["engines"]
    spacing = base["engine_spacing_deg"]
    azimuths = [base["engine_arc_deg"] + spacing * (k - (n_eng - 1) / 2) for k in range(n_eng)]
    engine_params = {"height_m": base["engine_height_m"]}
    hub_az = base["engine_arc_deg"] + 180.0 if n_eng else 0.0
    zones = []
    for k, az in enumerate(azimuths):
        group = f"complex_{k + 1}"
        ex, ey = _polar(hero, az, R * 1.02)
        eng = assets.get("engine", engine_params, 0)
        er = float(max(eng.footprint))
        floor = float(terrain.height_at(ex, ey)) - 0.04 * base["engine_height_m"]
        edits.cut_notch(terrain, ex, ey, er * 1.15, floor, blend_m=er * 0.6)
        packer.take(ex, ey, er * 1.1)
        put("engine", engine_params, ex, ey, -az, group, name=f"engine_{k + 1}",
            flatten=False, r=er)
        # two gantries flanking the engine along the rim
        for side in (-1, 1):
            gx, gy = _polar(hero, az + side * np.degrees((er * 1.35) / R), R * 1.03)
            g = assets.get("gantry", {}, 0)
            gr = float(np.hypot(*g.footprint))
            if packer.free(gx, gy, gr, steep_ok=True):
                packer.take(gx, gy, gr)
                edits.flatten_disc(terrain, gx, gy, gr * 1.1, floor, blend_m=30.0)
                put("gantry", {}, gx, gy, -az, group, flatten=False, r=gr)
        # the complex's zone lies outside the rim, beyond the engine
        zx, zy = _polar(hero, az, R * 1.3 + er * 1.6)
        zones.append((group, az, zx, zy, ex, ey))

    # --- habitat clusters (the hub) opposite... or between the complexes ---------------
    hubs = []
    for c in range(base["habitat_clusters"]):
        az = hub_az + (c - (base["habitat_clusters"] - 1) / 2) * 35.0
        hubs.append(_polar(hero, az, R * 1.4))

    # --- roads: each zone to its engine and to the first hub -----------------------------
    if base["roads"]:
        for _, az, zx, zy, _, _ in zones:
            out_x, out_y = _polar(hero, az, R * 1.14)
            roads.append(np.array([[zx, zy], [out_x, out_y]]))
            if hubs:
                hx, hy = hubs[0]
                arc = np.linspace(az, hub_az if abs(hub_az - az) <= 180 else hub_az - 360, 12)
                ring = np.array([_polar(hero, a, R * 1.43) for a in arc])
                roads.append(np.vstack([[zx, zy], ring, [hx, hy]]))
        for h in hubs[1:]:
            roads.append(np.array([hubs[0], h]))
        for poly in roads:
            edits.grade_road(terrain, poly, width_m=14.0, blend_m=12.0)
        for poly in roads:  # keep structures off the roads
            for x, y in _resample(poly, 40.0):
                packer.take(x, y, 9.0)

    # --- each complex: pads with craft, industrial zone ----------------------------------
    crafts = ["rocket", "lander", "cargo"]
    for group, az, zx, zy, _, _ in zones:
        px, py = _polar(hero, az + 9.0, R * 1.7)
        scatter("launch_pad", {}, base["pads_per_complex"], px, py, 160.0,
                group, variant_of=lambda i: i % len(crafts))
        scatter("tank", {}, base["tanks_per_complex"], zx, zy, 120.0, group,
                variant_of=lambda i: i % 3)
        scatter("plant", {}, base["plants_per_complex"], zx, zy, 160.0, group)
        sx, sy = _polar(hero, az - 9.0, R * 1.55)
        scatter("solar_array", {}, base["solar_per_complex"], sx, sy, 140.0, group)
        scatter("light_mast", {}, base["masts_per_complex"], zx, zy, 200.0, group)
        scatter("antenna", {}, 1, zx, zy, 220.0, group)
        scatter("dish", {}, 1, zx, zy, 220.0, group)

    # --- habitats ---------------------------------------------------------------------------
    for c, (hx, hy) in enumerate(hubs):
        group = f"habitats_{c + 1}"
        if c == 0:
            scatter("command_centre", {}, 1, hx, hy, 30.0, group)
        scatter("habitat", {}, base["habitats_per_cluster"], hx, hy, 90.0, group,
                variant_of=lambda i: i % 3)
        scatter("light_mast", {}, 3, hx, hy, 120.0, group)
    _connect_habitats(out, assets, put)

    # --- rovers on the roads ----------------------------------------------------------------
    if roads and base["rovers"]:
        pts = np.vstack([_resample(p, 25.0) for p in roads])
        idx = rng.choice(len(pts) - 1, size=min(base["rovers"], len(pts) - 1), replace=False)
        for i, j in enumerate(sorted(idx)):
            (x0, y0), (x1, y1) = pts[j], pts[j + 1]
            put("rover", {}, x0, y0, _heading_to(x0, y0, x1, y1), "rovers",
                flatten=False, variant=i % 3)

    # --- explicit placements from the scene file --------------------------------------------
    for i, pl in enumerate(base["place"]):
        put(pl["kind"], pl["params"], pl["at"][0], pl["at"][1], pl["rotation_deg"],
            "placed", name=pl["name"] or None, flatten=pl["flatten"])
        out[-1].extras["place_index"] = i

    _settle(out, terrain, assets)
    return Layout(out, roads, skipped)


def _connect_habitats(out, assets, put):
    """Tunnels between each habitat and its nearest earlier neighbour in the same cluster."""
    habs = [p for p in out if p.kind in ("habitat", "command_centre")]
    for i, h in enumerate(habs[1:], start=1):
        same = [q for q in habs[:i] if q.group == h.group]
        if not same:
            continue
        q = min(same, key=lambda q: np.hypot(q.x - h.x, q.y - h.y))
        d = float(np.hypot(q.x - h.x, q.y - h.y))
        length = d - 0.5 * (h.radius + q.radius)
        if length < 4.0 or length > 80.0:
            continue
        mx, my = (h.x + q.x) / 2, (h.y + q.y) / 2
        put("tunnel", {"length_m": round(length, 1)}, mx, my, _heading_to(q.x, q.y, h.x, h.y),
            h.group, flatten=False, r=1.0)


def _settle(out: list[Placement], terrain, assets) -> None:
    """Flatten each footprint (before any z is read), then set every z on the ground."""
    for p in out:
        if p.flatten and p.kind != "engine":
            a = assets.get(p.kind, p.params, p.variant)
            hx, hy = a.footprint
            edits.flatten_rect(terrain, p.x, p.y, hx + 2.0, hy + 2.0, p.rotation_deg,
                               blend_m=10.0)
    for p in out:
        if p.kind == "engine":
            p.z = float(terrain.height_at(p.x, p.y))
            continue
        a = assets.get(p.kind, p.params, p.variant)
        hx, hy = a.footprint
        c, s = np.cos(np.radians(p.rotation_deg)), np.sin(np.radians(p.rotation_deg))
        lx = np.array([0, -hx, hx, -hx, hx]) * 0.9
        ly = np.array([0, -hy, -hy, hy, hy]) * 0.9
        xs = p.x + c * lx - s * ly
        ys = p.y + s * lx + c * ly
        hs = terrain.height_at(xs, ys)
        p.z = float(hs[0] if p.flatten else np.min(hs))


def _resample(poly: np.ndarray, step: float) -> np.ndarray:
    """(K, 2) polyline → points every ``step`` metres along it."""
    seg = np.diff(poly, axis=0)
    s = np.concatenate([[0], np.cumsum(np.hypot(seg[:, 0], seg[:, 1]))])
    t = np.arange(0, s[-1] + 1e-9, step)
    return np.column_stack([np.interp(t, s, poly[:, 0]), np.interp(t, s, poly[:, 1])])
