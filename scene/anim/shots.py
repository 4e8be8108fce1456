"""Default still shots derived from the layout, for shots the scene file does not define.

Each frames a part of the base from the sun's side (so the faces seen are lit by the low
sun) at a distance set by the subject's size.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from .cameras import Pose

if TYPE_CHECKING:
    from collections.abc import Sequence

    from ...terrain.heightfield import Terrain
    from ..model.world import World

GENERATED = ("hero", "engine_closeup", "rim_panorama", "pads", "habitats", "rover_convoy")


def _ground(terrain: Terrain, x: float, y: float) -> float:
    return float(terrain.height_at(x, y))


def _from_side(
    terrain: Terrain,
    target: Sequence[float] | np.ndarray,
    distance: float,
    height: float,
    azimuth_deg: float,
    fov: float,
    look_up: float = 0.0,
) -> Pose:
    """Camera ``distance`` m from ``target`` ((3,) world m) toward compass ``azimuth_deg``,
    ``height`` m above the ground there, looking ``look_up`` m above the target."""
    a = np.radians(azimuth_deg)
    x = target[0] + distance * np.sin(a)
    y = target[1] + distance * np.cos(a)
    z = _ground(terrain, x, y) + height
    z = max(z, target[2] + 2.0 - look_up)
    return Pose(
        (float(x), float(y), float(z)),
        (float(target[0]), float(target[1]), float(target[2] + look_up)),
        fov,
    )


def default_shots(world: World) -> dict[str, Pose]:
    """Poses for hero, engine_closeup, rim_panorama, pads, habitats and rover_convoy (when
    the layout has what they frame)."""
    t = world.terrain
    lt = world.cfg.lighting
    sun_az = lt["sun_azimuth_deg"]
    pl = world.layout.placements
    out: dict[str, Pose] = {}
    hero = t.hero
    engines = [p for p in pl if p.kind == "engine"]
    if engines:
        mid = engines[len(engines) // 2]
        h_eng = world.cfg.base.engine_height_m
        cx, cy, R = hero["x"], hero["y"], hero["diameter"] / 2
        az_out = float(np.degrees(np.arctan2(mid.x - cx, mid.y - cy)))
        rim_z = mid.z + 0.04 * h_eng
        # hero: from outside the base, over the complexes, at the engines and the crater
        a = np.radians(az_out + 14.0)
        cam = (cx + 3.3 * R * np.sin(a), cy + 3.3 * R * np.cos(a))
        out["hero"] = Pose(
            (float(cam[0]), float(cam[1]), _ground(t, *cam) + 0.75 * h_eng),
            (float(cx + 0.3 * R * np.sin(a)), float(cy + 0.3 * R * np.cos(a)), rim_z + 0.3 * h_eng),
            50.0,
        )
        out["engine_closeup"] = _from_side(
            t,
            (mid.x, mid.y, mid.z),
            1.0 * h_eng,
            0.05 * h_eng,
            az_out + 35.0,
            55.0,
            look_up=0.4 * h_eng,
        )
        # rim panorama: from the far rim, across the dark crater to the engine arc
        b = np.radians(az_out + 180.0)
        cam = (cx + 1.05 * R * np.sin(b), cy + 1.05 * R * np.cos(b))
        out["rim_panorama"] = Pose(
            (float(cam[0]), float(cam[1]), _ground(t, *cam) + 0.15 * h_eng),
            (float(mid.x), float(mid.y), rim_z + 0.3 * h_eng),
            70.0,
        )
    pads = [p for p in pl if p.kind == "launch_pad"]
    if pads:  # the biggest pad cluster (one group), its three pads nearest its middle
        groups = [p.group for p in pads]
        home = max(dict.fromkeys(groups), key=groups.count)
        cluster = np.array([[p.x, p.y, p.z] for p in pads if p.group == home])
        mid = np.median(cluster, axis=0)
        near = np.argsort(np.hypot(*(cluster[:, :2] - mid[:2]).T))[:3]
        c = cluster[near].mean(axis=0)
        out["pads"] = _from_side(t, c, 320.0, 45.0, sun_az + 25.0, 50.0, look_up=25.0)
    habs = [p for p in pl if p.kind in ("command_centre", "habitat")]
    if habs:
        group = habs[0].group
        c = np.mean([[p.x, p.y, p.z] for p in habs if p.group == group], axis=0)
        out["habitats"] = _from_side(t, c, 170.0, 35.0, sun_az + 20.0, 50.0, look_up=4.0)
    rovers = [p for p in pl if p.kind == "rover"]
    if rovers:
        r = rovers[0]
        behind = 90.0 - r.rotation_deg + 180.0 + 20.0  # compass bearing behind the rover
        out["rover_convoy"] = _from_side(t, (r.x, r.y, r.z), 45.0, 10.0, behind, 50.0, look_up=2.0)
    return out
