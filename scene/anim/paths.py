"""Default camera paths generated from the layout, for names the scene file doesn't define:
an orbit around an engine, a low run along the crater rim past the complexes, a descent from
high above to a habitat cluster, a chase behind the rover convoy (which really drives), and a
low run in along the road to the middle engine that climbs to frame every engine
(``base_run``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from .base_run import base_run

if TYPE_CHECKING:
    from collections.abc import Sequence

    from ..model.world import World

GENERATED = ("engine_orbit", "rim_run", "descent", "rover_chase", "base_run")


def _key(t: float, pos: Sequence[float], tgt: Sequence[float], fov: float = 50.0) -> dict:
    """A path key at time ``t`` (s): position and target are 3 world coordinates (m)."""
    return {
        "t": float(t),
        "position": tuple(map(float, pos)),
        "target": tuple(map(float, tgt)),
        "fov_deg": float(fov),
    }


def _path(
    name: str, keys: list[dict], easing: str = "ease_in_out", clearance: float = 15.0
) -> dict:
    return {
        "name": name,
        "easing": easing,
        "above_ground": False,
        "clearance_m": clearance,
        "keys": keys,
    }


def default_paths(world: World) -> list[dict]:
    """Validated-path dicts (world z) for the generated paths the layout supports."""
    t = world.terrain
    pl = world.layout.placements
    hero = t.hero
    cx, cy, R = hero["x"], hero["y"], hero["diameter"] / 2
    out = []
    engines = [p for p in pl if p.kind == "engine"]
    h_eng = world.cfg.base.engine_height_m
    if engines:
        e = engines[len(engines) // 2]
        ez = e.z
        keys = []
        for k, a in enumerate(np.linspace(0, 300, 9)):
            ang = np.radians(a + np.degrees(np.arctan2(e.x - cx, e.y - cy)) + 60.0)
            pos = (
                e.x + 1.3 * h_eng * np.sin(ang),
                e.y + 1.3 * h_eng * np.cos(ang),
                ez + 0.25 * h_eng + 0.1 * h_eng * np.sin(k / 2),
            )
            keys.append(_key(3.0 * k, pos, (e.x, e.y, ez + 0.45 * h_eng), 55.0))
        out.append(_path("engine_orbit", keys))
        az = [float(np.degrees(np.arctan2(p.x - cx, p.y - cy))) for p in engines]
        arc = np.linspace(min(az) - 30.0, max(az) + 30.0, 7)
        rim_z = float(np.mean([p.z for p in engines])) + 0.04 * h_eng
        keys = []
        for k, a in enumerate(arc):
            ar = np.radians(a)
            ahead = np.radians(np.clip(a + 22.0, min(az), max(az)))  # an engine in view
            pos = (cx + 0.72 * R * np.sin(ar), cy + 0.72 * R * np.cos(ar))
            tgt = (cx + 1.02 * R * np.sin(ahead), cy + 1.02 * R * np.cos(ahead))
            z = max(float(t.height_at(*pos)) + 80.0, rim_z + 0.2 * h_eng)
            keys.append(_key(4.0 * k, (*pos, z), (*tgt, rim_z + 0.35 * h_eng), 70.0))
        out.append(_path("rim_run", keys))
    habs = [p for p in pl if p.kind == "command_centre"] or [p for p in pl if p.kind == "habitat"]
    if habs:
        h = habs[0]
        d = np.array([h.x - cx, h.y - cy])
        d /= np.linalg.norm(d) + 1e-9
        keys = [
            _key(
                0.0, (cx + d[0] * 0.2 * R, cy + d[1] * 0.2 * R, h.z + 2500.0), (h.x, h.y, h.z), 55.0
            ),
            _key(7.0, (h.x - d[0] * 600, h.y - d[1] * 600, h.z + 600.0), (h.x, h.y, h.z), 50.0),
            _key(
                14.0,
                (h.x - d[0] * 120 + d[1] * 60, h.y - d[1] * 120 - d[0] * 60, h.z + 45.0),
                (h.x, h.y, h.z + 5.0),
                50.0,
            ),
        ]
        out.append(_path("descent", keys))
    convoy = [p for p in pl if p.kind == "rover" and p.extras.get("convoy")]
    if convoy:
        from .motion import drive_matrix

        lead = convoy[-1]  # the last placed is the furthest back
        drive = next(d for d in world.graph.drives if d.node == lead.name)
        keys = []
        for k in range(7):
            tt = 2.0 * k
            m = drive_matrix(world.terrain, drive, tt)
            fwd = m[:3, 0]
            p0 = m[:3, 3]
            pos = p0 - fwd * 45.0 + np.array([0, 0, 14.0])
            keys.append(_key(tt, pos, p0 + fwd * 30.0 + np.array([0, 0, 2.0]), 55.0))
        out.append(_path("rover_chase", keys, easing="linear", clearance=4.0))
    run = base_run(world)
    if run is not None:
        out.append(run)
    return out
