"""The city planner's shared state: the site (config, terrain, assets, knobs, polar frame)
and the ``Builder`` every stage adds placements through.

The builder keeps, beside each ``Placement``, how its height is found once the terrain edits
are made (``ZRule``), its priority in the overlap sweep and the structure it stands on (a ship
on its pad, a crane over its containers), so the placements themselves carry only what the
scene graph exports.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ...model.assetcache import AssetCache
from ..plan import Placement
from .geometry import LINEAR, Polar

# kinds that stand on one mast, whose footprint is the reach of their arms or guys: their
# height is the ground at the mast, not the lowest ground under the footprint
MASTS = ("tower_crane", "comm_tower", "light_mast", "antenna", "road_light", "landing_beacon")
# overlap-sweep priorities: lower wins a clash
P_ENGINE, P_FOUNDATION, P_PLACED, P_MAJOR, P_BUILDING, P_UTILITY, P_LIGHT, P_VEHICLE = range(8)


@dataclass
class ZRule:
    """How a placement's z is found after the edits: "footing" (the lowest ground under its
    footprint's centre and corners), "ground" (height at its centre), "tilt" (fitted to the
    ground plane under it), "fixed" (``z``), "on" (``parent``'s z + ``z``)."""

    mode: str = "footing"
    z: float = 0.0
    parent: int = -1


class Site:
    """Everything the stages read: cfg, base knobs, terrain, assets, rng, hero polar frame."""

    def __init__(self, cfg: dict, terrain, assets: AssetCache):
        self.cfg, self.base, self.t, self.assets = cfg, cfg["base"], terrain, assets
        self.rng = np.random.default_rng([cfg["seed"], 15])
        h = terrain.hero
        self.hero = h
        self.R = h["diameter"] / 2
        self.polar = Polar(h["x"], h["y"])
        self.cell = terrain.cell_m
        x0, y0, x1, y1 = terrain.extent
        self.edge = (x0, y0, x1, y1)
        lt = cfg["lighting"]
        a, e = np.radians(lt["sun_azimuth_deg"]), np.radians(lt["sun_elevation_deg"])
        self.sun = np.array([np.sin(a) * np.cos(e), np.cos(a) * np.cos(e), np.sin(e)])
        self.earth_heading = 90.0 - lt["earth_azimuth_deg"]

    def knob(self, key: str, default):
        return self.base.get(key, default)

    def fp(self, kind: str, params: dict | None = None, variant: int = 0) -> tuple[float, float]:
        return tuple(self.assets.get(kind, params or {}, variant).footprint)

    def inside(self, xy: np.ndarray, margin: float) -> np.ndarray:
        """(N,) whether points lie on the near grid at least ``margin`` m from its edge."""
        x0, y0, x1, y1 = self.edge
        xy = np.asarray(xy, float).reshape(-1, 2)
        return (
            (xy[:, 0] > x0 + margin)
            & (xy[:, 0] < x1 - margin)
            & (xy[:, 1] > y0 + margin)
            & (xy[:, 1] < y1 - margin)
        )


class Builder:
    """Accumulates placements with their z rules, priorities and half widths (linear kinds)."""

    def __init__(self, site: Site):
        self.site = site
        self.out: list[Placement] = []
        self.z: list[ZRule] = []
        self.prio: list[int] = []
        self.parent: list[int] = []
        self.counts: dict[str, int] = {}
        self.skipped: list[str] = []
        self.terraces: list = []  # terrain.terraces.Terrace cuts (foundations, pits)
        self.runs: list = []  # (kind, world polyline, group, priority, extras): runs to lay
        self.sources: dict[str, list] = {}  # utility sources: "pipe" lots, "conveyor" ends
        self.sinks: dict[str, list] = {}  # utility sinks: lots that take conveyors

    def add(
        self,
        kind: str,
        params: dict,
        x: float,
        y: float,
        rot: float,
        group: str,
        variant: int = 0,
        prio: int = P_BUILDING,
        z: ZRule | None = None,
        on: int = -1,
        name: str | None = None,
        tilt: bool = False,
        **extras,
    ) -> int:
        """Add one structure; returns its index."""
        self.counts[kind] = self.counts.get(kind, 0) + 1
        asset = self.site.assets.get(kind, params, variant)
        p = Placement(
            kind,
            params,
            float(x),
            float(y),
            float(rot) % 360.0,
            name or f"{kind}_{self.counts[kind]:04d}",
            group,
            float(np.hypot(*asset.footprint)),
            flatten=False,
            variant=variant,
            tilt=tilt,
            extras=dict(extras),
        )
        if on >= 0:
            p.extras["on"] = self.out[on].name
        self.out.append(p)
        rule = ZRule("tilt") if tilt else ZRule("ground" if kind in MASTS else "footing")
        self.z.append(z or rule)
        self.prio.append(prio)
        self.parent.append(on)
        return len(self.out) - 1

    def add_on(self, parent: int, kind, params, lx, ly, lrot, dz, variant=0, **kw) -> int:
        """A structure standing on ``parent`` at local (lx, ly), turned ``lrot`` relative to
        it, ``dz`` above the parent's base."""
        q = self.out[parent]
        c, s = np.cos(np.radians(q.rotation_deg)), np.sin(np.radians(q.rotation_deg))
        x, y = q.x + c * lx - s * ly, q.y + s * lx + c * ly
        kw.setdefault("prio", self.prio[parent])
        return self.add(
            kind,
            params,
            x,
            y,
            q.rotation_deg + lrot,
            q.group,
            variant,
            z=ZRule("on", dz, parent),
            on=parent,
            **kw,
        )

    def half_width(self, i: int) -> float | None:
        """Half width of a linear placement's footprint band (None for other kinds)."""
        p = self.out[i]
        if p.kind not in LINEAR:
            return None
        straight = {**p.params, "points": ((-10.0, 0.0), (10.0, 0.0))}
        return float(self.site.assets.get(p.kind, straight, p.variant).footprint[1])
