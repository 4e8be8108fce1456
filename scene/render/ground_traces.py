"""The base's traces on the ground of a World, as the plain arrays ``terrain.detail``
takes (``Traces``): roads, the roads the rovers drive with each rover's wheel track, launch
pads and habitats. Read by the detail tier (``ground_detail``) when it is made."""

from __future__ import annotations

import numpy as np

from ...terrain.detail import Traces
from ...terrain.detail.traces import GAUGE_M, WHEEL_M

__all__ = ["world_traces", "SITE_KINDS"]

SITE_KINDS = ("habitat", "command_centre", "greenhouse", "printed_dome", "garage")


def world_traces(world) -> Traces:
    """The base's traces on the ground of ``world`` as plain arrays (``terrain.detail``):
    every road's graded corridor (half its paved width: a paved road's mesh covers it), the
    roads the rovers drive (each rover's wheel track and wheel width, measured on its
    tyres), launch pads (half their diameter) and habitats (their radius)."""
    lay = world.layout
    nets = getattr(lay, "networks", None)
    if nets is not None:
        roads = tuple(np.asarray(r.points, float) for r in nets.roads)
        half = np.array([0.5 * r.width for r in nets.roads])
    else:
        roads = tuple(np.asarray(r, float) for r in lay.roads)
        half = np.full(len(roads), 5.0)
    tracks, gauge, wheel = [], [], []
    seen = set()
    for p in lay.placements:
        if p.kind != "rover" or "road" not in p.extras:
            continue
        g, ww = _wheel_track(world.assets.get(p.kind, p.params, p.variant))
        key = (int(p.extras["road"]), round(g, 3))
        if key in seen:
            continue
        seen.add(key)
        tracks.append(np.asarray(lay.roads[key[0]], float))
        gauge.append(g)
        wheel.append(ww)
    pads = [
        (p.x, p.y, 0.5 * float(p.params.get("diameter_m", 2.0 * p.radius)))
        for p in lay.placements
        if p.kind == "launch_pad"
    ]
    sites = [(p.x, p.y, p.radius) for p in lay.placements if p.kind in SITE_KINDS]
    return Traces.of(
        int(world.terrain.seed),
        roads=roads,
        road_half=half,
        tracks=tuple(tracks),
        gauge=np.array(gauge, float),
        wheel=np.array(wheel, float),
        pads=np.array(pads, float).reshape(-1, 3),
        sites=np.array(sites, float).reshape(-1, 3),
    )


def _wheel_track(asset) -> tuple[float, float]:
    """(gauge, wheel width) m of a vehicle ``AssetMesh``: its tyres' (parts named
    ``wheels_*``) spread across y, x forward; the default rover's if it has none."""
    ys = [np.abs(p.vertices[:, 1]) for p in asset.parts if p.name.startswith("wheels_rubber")]
    if not ys:
        return GAUGE_M, WHEEL_M
    ay = np.concatenate(ys)
    return float(ay.min() + ay.max()), float(ay.max() - ay.min())
