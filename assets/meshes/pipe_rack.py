"""Pipe rack: a run of steel portal frames (two posts and one cross beam per tier, knee
braces, concrete footings) carrying 2-6 parallel pipes along a polyline, tied by longitudinal
stringers. Frames stand at every vertex and about every ``bay_m`` between; pipes turn at the
vertices with mitred elbows. Detail 2 adds I-section members, flanges, pipe shoes, bolts and a
cable tray."""

from __future__ import annotations

import numpy as np

from . import _geometry as g
from . import _greeble as gr
from . import _linear as ln
from ._base import AssetMesh, Param

KIND = "pipe_rack"
CLOSED_PARTS = ("*",)
SUMMARY = "Steel pipe rack carrying 2-6 pipes along a polyline (linear, ~6 m high)"
PARAMS = {
    "points": Param(
        ((-40.0, 0.0), (40.0, 0.0)),
        unit="m",
        doc="polyline of (x, y) ground points the rack follows",
    ),
    "height_m": Param(6.0, 3.0, 20.0, "m", "height of the (top) cross beams"),
    "width_m": Param(4.0, 2.0, 12.0, "m", "distance between the two post lines"),
    "pipes": Param(4, 2, 6, "", "pipes carried"),
    "pipe_diameter_m": Param(0.6, 0.1, 2.0, "m", "largest pipe diameter"),
    "bay_m": Param(6.0, 3.0, 20.0, "m", "frame spacing"),
    "tiers": Param(1, 1, 2, "", "levels of cross beams (pipes are shared between them)"),
}
PIPE_COLOURS = (
    "bare_metal",
    "painted_white",
    "hazard_yellow",
    "painted_grey",
    "painted_orange",
    "bare_metal",
)


def build(params, rng: np.random.Generator, detail: int = 1) -> AssetMesh:
    """The rack follows ``points`` at z = 0; posts stand +-width/2 either side of it."""
    pts = ln.as_xy(params["points"])
    H = float(params["height_m"])
    W = float(params["width_m"])
    npipe = int(params["pipes"])
    D = float(params["pipe_diameter_m"])
    tiers = int(params["tiers"])
    bay = float(params["bay_m"]) * (3.0 if detail == 0 else 1.0)
    nseg = len(pts) - 1
    pb = g.PartBuilder()
    pos, tan, _, isv = ln.sample(pts, bay, (40, 120, 300)[detail])
    mit = ln.station_miter(pts, isv)
    tz = [H] if tiers == 1 else [H, H - max(1.5, 2.5 * D)]
    # frames: posts, cross beams, knee braces, footings
    post = ln.local_to_world(pos, tan, [[0, -W / 2, 0.0], [0, W / 2, 0.0]], mit)
    top = post + [0, 0, H]
    pw = 0.25 + 0.03 * H
    pb.add(
        "steel_lattice",
        gr.members(post.reshape(-1, 3), top.reshape(-1, 3), pw, detail),
        group="frames",
    )
    for z in tz:
        ends = ln.local_to_world(
            pos, tan, [[0, -W / 2 - 0.4, z - 0.2], [0, W / 2 + 0.4, z - 0.2]], mit
        )
        pb.add(
            "steel_lattice", gr.members(ends[:, 0], ends[:, 1], 0.3, detail, 0.4), group="frames"
        )
    if detail >= 1:
        kz = H - 0.4
        k0 = ln.local_to_world(pos, tan, [[0, -W / 2, kz - 1.2], [0, W / 2, kz - 1.2]], mit)
        k1 = ln.local_to_world(pos, tan, [[0, -W / 2 + 1.0, kz], [0, W / 2 - 1.0, kz]], mit)
        pb.add(
            "steel_lattice",
            gr.members(k0.reshape(-1, 3), k1.reshape(-1, 3), 0.18, detail),
            group="frames",
        )
        foot = post.reshape(-1, 3) * [1, 1, 0]
        pb.add(
            "regolith_concrete",
            g.boxes(foot, [1.2, 1.2, 0.8], np.repeat(ln.yaw(tan), 2)),
            group="footings",
        )
        for s in (-1, 1):  # longitudinal stringers tying the frames at every tier
            for z in tz:
                pb.add(
                    "steel_lattice",
                    ln.sweep_box(pts, 0.22, z - 0.5, z - 0.2, s * W / 2),
                    group="stringers",
                )
    if detail >= 2:  # anchor bolts, base plates, cable tray on outriggers
        c = post.reshape(-1, 3) * [1, 1, 0] + [0, 0, 0.4]
        off = np.array([[x, y, 0] for x in (-0.35, 0.35) for y in (-0.35, 0.35)])
        bolts = (c[:, None, :] + off[None]).reshape(-1, 3)
        pb.add(
            "bare_metal",
            gr.studs(bolts, np.tile([0, 0, 1.0], (len(bolts), 1)), 0.05, 0.1),
            group="bolts",
        )
        pb.add(
            "dark_metal",
            g.boxes(c + [0, 0, 0.04], [0.7, 0.7, 0.08], np.repeat(ln.yaw(tan), 2)),
            group="bolts",
        )
        pb.add("dark_metal", ln.sweep_box(pts, 0.8, H - 1.6, H - 1.5, -W / 2 - 0.7), group="tray")
        arm = ln.local_to_world(pos, tan, [[0, -W / 2, H - 1.6], [0, -W / 2 - 1.1, H - 1.6]], mit)
        pb.add("dark_metal", g.beams(arm[:, 0], arm[:, 1], 0.1), group="tray")
    # pipes: radii from the seed, spread across the beams of the tiers
    radii = D / 2 * rng.uniform(0.45, 1.0, npipe)
    radii[0] = D / 2
    per = (
        [list(range(npipe))] if tiers == 1 else [list(range(0, npipe, 2)), list(range(1, npipe, 2))]
    )
    base_sides = (4, 12, 28)[detail]
    sides = max(4, min(base_sides, int(8000 / (npipe * max(1, nseg) * 2))))
    if detail == 0:  # one bundle per tier
        for z, idx in zip(tz, per, strict=True):
            hmax = 2 * radii[idx].max()
            pb.add("bare_metal", ln.sweep_box(pts, W - 0.3, z, z + hmax), group="pipes")
    fp, ft, _, fisv = ln.sample(pts, 12.0, 200)  # flange stations
    fmit = ln.station_miter(pts, fisv)
    for z, idx in zip(tz, per, strict=True) if detail >= 1 else ():
        span = W - 0.6
        w_used = 2 * radii[idx].sum()
        gap = max(0.1, (span - w_used) / max(1, len(idx) - 1))
        y = -span / 2
        for i in idx:
            y += radii[i]
            mat = PIPE_COLOURS[i % len(PIPE_COLOURS)]
            pb.add(mat, ln.sweep_tube(pts, radii[i], z + radii[i] + 0.05, sides, y), group="pipes")
            if detail >= 2:  # flanges every ~12 m and a shoe on every frame
                zp = z + radii[i] + 0.05
                fl = ln.local_to_world(fp, ft, [[-0.1, y, zp], [0.1, y, zp]], fmit)
                pb.add(
                    "dark_metal",
                    gr.prisms(fl[:, 0], fl[:, 1], 2.6 * radii[i], section="oct"),
                    group="flanges",
                )
                sh = ln.local_to_world(pos, tan, [[0, y, z + 0.025]], mit)[:, 0]
                pb.add(
                    "dark_metal",
                    g.boxes(sh, [0.5, 1.2 * radii[i], 0.1], ln.yaw(tan)),
                    group="flanges",
                )
            y += radii[i] + gap
    parts = pb.parts("pipe_rack")
    return AssetMesh(KIND, parts, g.footprint(parts))
