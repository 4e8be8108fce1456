"""3D-printed regolith-brick wall or berm along a polyline. ``style``:

* "wall": a vertical wall of staggered brick courses (running bond) on a concrete footing,
  pilasters every ~8 m and at the corners, a coping course on top;
* "berm": a stepped blast / radiation berm whose printed courses step in toward the crest.

Courses show at detail 1 (brick joints), detail 2 has smaller bricks; detail 0 is one swept
solid. The brick count is capped (bricks grow) so long walls stay in budget."""

from __future__ import annotations

import numpy as np

from . import _geometry as g
from . import _linear as ln
from ._base import AssetMesh, Param

KIND = "brick_wall"
CLOSED_PARTS = ("*",)
SUMMARY = "3D-printed regolith brick wall or stepped berm along a polyline (linear)"
PARAMS = {
    "points": Param(
        ((-30.0, 0.0), (30.0, 0.0)),
        unit="m",
        doc="polyline of (x, y) ground points the wall follows",
    ),
    "style": Param("wall", choices=("wall", "berm"), doc="vertical wall or stepped berm"),
    "height_m": Param(4.0, 1.0, 15.0, "m", "height"),
    "thickness_m": Param(1.0, 0.3, 6.0, "m", "wall thickness / berm crest width"),
    "course_m": Param(0.5, 0.2, 1.5, "m", "height of one printed course"),
    "brick_m": Param(1.5, 0.4, 4.0, "m", "brick length along the wall"),
}
GAP = 0.05
MAX_BRICKS = (0, 1000, 5000)


def _corner_ext(pts, t):
    """Per segment extensions (start, end) that close the outer corner at bends."""
    tv, n, m = ln.vertex_frames(pts)
    half = np.arccos(np.clip(1.0 / m, -1.0, 1.0))  # half the turn angle
    e = np.minimum(t / 2 * np.tan(half), 1.5 * t)
    e[0] = e[-1] = 0.0
    return e[:-1], e[1:]


def _courses(pts, width, z0s, z1s, bl, lateral=0.0):
    """Bricks for courses (z0s[k], z1s[k]) of a given width, staggered every other course."""
    _, lens, _ = ln.segments(pts)
    t = np.diff(pts, axis=0) / lens[:, None]
    e0, e1 = _corner_ext(pts, np.max(np.atleast_1d(width)))
    out = []
    for k, (z0, z1) in enumerate(zip(z0s, z1s, strict=True)):
        w = width[k] if np.ndim(width) else width
        for i in range(len(lens)):
            s0, s1 = -e0[i], lens[i] + e1[i]
            nb = max(1, int(round((s1 - s0) / bl)))
            edges = np.linspace(s0, s1, nb + 1)
            if k % 2 and nb > 1:  # running bond: odd courses shift half a brick
                edges = np.unique(np.r_[s0, edges[:-1] + (s1 - s0) / nb / 2, s1])
            a = edges[:-1] + GAP / 2
            b = edges[1:] - GAP / 2
            ok = b - a > 0.05
            out.append(
                ln.boxes_between(
                    pts[i] + a[ok, None] * t[i],
                    pts[i] + b[ok, None] * t[i],
                    w,
                    z0,
                    z1 - GAP,
                    lateral,
                )
            )
    return g.merge(out)


def build(params, rng: np.random.Generator, detail: int = 1) -> AssetMesh:
    """Wall centred on the polyline, standing on z = 0."""
    pts = ln.as_xy(params["points"])
    H = float(params["height_m"])
    t = float(params["thickness_m"])
    c = float(params["course_m"])
    bl = float(params["brick_m"])
    total = ln.length(pts)
    if detail == 2:
        c, bl = c / 2, bl / 2.5
    pb = g.PartBuilder()
    if params["style"] == "wall":
        pb.add("regolith_concrete", ln.sweep_box(pts, t + 0.6, -0.3, 0.15), group="footing")
        if detail == 0:
            pb.add("regolith_concrete", ln.sweep_box(pts, t, 0.15, H), group="bricks")
            pb.add("regolith_concrete", ln.sweep_box(pts, t + 0.2, H, H + 0.25), group="coping")
        else:
            nc = max(1, int(round((H - 0.15) / c)))
            grow = max(1.0, np.sqrt(nc * total / bl / MAX_BRICKS[detail]))
            nc = max(1, int(round((H - 0.15) / (c * grow))))
            z = np.linspace(0.15, H, nc + 1)
            pb.add("regolith_concrete", _courses(pts, t, z[:-1], z[1:], bl * grow), group="bricks")
            pb.add("regolith_concrete", ln.sweep_box(pts, t + 0.2, H, H + 0.25), group="coping")
            # pilasters at the vertices and every ~8 m
            pos, tan, _, _ = ln.sample(pts, 8.0, (0, 100, 400)[detail])
            pz = np.c_[pos, np.full(len(pos), H / 2 + 0.075)]
            pb.add(
                "regolith_concrete",
                g.boxes(pz, [0.9, t + 0.5, H - 0.15], ln.yaw(tan)),
                group="pilasters",
            )
            if detail >= 2:  # tie-rod plates on the pilasters, both faces
                pl = ln.local_to_world(
                    pos,
                    tan,
                    [[0, s * (t / 2 + 0.27), z] for s in (-1, 1) for z in (0.3 * H, 0.7 * H)],
                )
                pb.add(
                    "dark_metal",
                    g.boxes(pl.reshape(-1, 3), [0.35, 0.06, 0.35], np.repeat(ln.yaw(tan), 4)),
                    group="ties",
                )
    else:
        base = t + 2.0 * H / np.tan(np.deg2rad(35.0))
        if detail == 0:
            sec = [[-base / 2, 0.0], [base / 2, 0.0], [t / 2, H], [-t / 2, H]]
            pb.add("regolith", ln.sweep(pts, sec), group="berm")
        else:
            nl = max(2, int(round(H / c)))
            z = np.linspace(0.0, H, nl + 1)
            w = base + (t - base) * np.arange(nl) / max(1, nl - 1)
            if detail == 1:
                for k in range(nl):
                    pb.add("regolith", ln.sweep_box(pts, w[k], z[k], z[k + 1]), group="berm")
            else:  # printed blocks, staggered
                grow = max(1.0, np.sqrt(nl * total / (2 * bl) / MAX_BRICKS[2]))
                pb.add(
                    "regolith", _courses(pts, w, z[:-1], z[1:] + GAP, 2 * bl * grow), group="berm"
                )
            pb.add(
                "regolith_concrete", ln.sweep_box(pts, t * 0.8, H - 0.01, H + 0.3), group="crest"
            )
    parts = pb.parts("brick_wall")
    return AssetMesh(KIND, parts, g.footprint(parts))
