"""Composing the generated hero shot: candidate cameras and how well each frames the brief.

The hero must show every element of the brief at a readable size at once: an engine, a
gantry, a ship on its pad, a habitat, a tank, a processing plant, a driving rover with its
dust, a lit lamp, and the Earth in a starry sky. A 5 m rover only reads within a few hundred
metres of the camera, so candidates are anchored on the driving rovers: for each one, low
cameras behind it looking past it toward each engine, pitched so that the rover sits low in
the frame and the engine's top high. Each candidate is scored here from the structures'
bounding boxes projected into the frame (``prescore``: fast, no occlusion), and the best few
are scored exactly by the renderer's object-ID pass (``render.framing``), which sees what
really covers the pixels. Both use ``score``, on pixel counts at ``REFERENCE`` size.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from ...terrain.shading import sun_vector
from ..model.graph import look_at
from .cameras import Pose
from .motion import drive_matrices

if TYPE_CHECKING:
    from ..model.world import World

REFERENCE = (1920, 1080)  # the frame the floors are counted in
FRAME_PX = REFERENCE[0] * REFERENCE[1]
CROWD = 0.09  # share of the frame one structure other than an engine may fill unpenalised
# the brief's elements and the pixels the largest visible instance of each must cover
HERO_FLOORS = {
    "engine": 1500,
    "gantry": 1500,
    "launch_pad": 1500,  # a pad with its ship
    "habitat": 1500,
    "tank": 1500,
    "plant": 1500,
    "rover": 600,  # a driving rover (it raises dust)
    "lamp": 150,  # a lit lamp head
}
SHIPS = ("heavy_rocket", "transport_ship")  # ships standing on pads: part of "a pad with a ship"
LAMP_HEAD_M = 1.2  # size of a floodlight head, for the pre-score


def score(
    pixels: dict[str, float], earth: bool, sky: float, whole: float = 0.0, crowding: bool = True
) -> float:
    """How well a frame shows the brief: two points per element at its floor (partial below
    it) and two for the Earth in view (the brief comes first), then one for a sky of stars
    (``sky``: share of the frame), one for the ground (the city) filling at least 45 % of
    the frame, up to two for composition (``whole``, from ``Marks.terms``), less up to two
    where one structure other than an engine crowds the frame, plus a small reward for a
    larger engine. ``pixels``: {element: largest instance's pixels at
    REFERENCE size}."""
    s = 2.0 * sum(min(1.0, pixels.get(k, 0.0) / f) for k, f in HERO_FLOORS.items())
    s += 2.0 * float(earth) + min(1.0, sky / 0.08) + min(1.0, (1.0 - sky) / 0.45) + whole
    # nothing but an engine should crowd the frame: a soft penalty above CROWD of it
    if crowding:  # (not from boxes: a near box overstates what it covers)
        crowd = max((v for k, v in pixels.items() if k != "engine"), default=0.0) / FRAME_PX
        s -= min(2.0, max(0.0, crowd - CROWD) / 0.04)
    return s + 0.05 * min(1.0, pixels.get("engine", 0.0) / 60_000.0)


def _in_frame(pose: Pose, pts: np.ndarray, box: tuple[float, float, float, float]) -> np.ndarray:
    """(K,) bool: world points ``pts`` (K, 3) in front of ``pose`` projecting inside the
    frame window ``box`` (x0, y0, x1, y1 as shares of the frame's width and height)."""
    m = look_at(pose.position, pose.target)
    c = (pts - m[:3, 3]) @ m[:3, :3]
    z = -c[:, 2]
    t = np.tan(np.radians(pose.fov_deg) / 2)
    aspect = REFERENCE[0] / REFERENCE[1]
    u = 0.5 + c[:, 0] / np.maximum(z, 1e-6) / (2 * t * aspect)
    v = 0.5 - c[:, 1] / np.maximum(z, 1e-6) / (2 * t)
    x0, y0, x1, y1 = box
    return (z > 1.0) & (u >= x0) & (u <= x1) & (v >= y0) & (v <= y1)


@dataclass(frozen=True)
class Marks:
    """What composition checks in a frame: the engines' tops (E, 3) and the driving rovers'
    positions at t = 0 (R, 3), world metres."""

    tops: np.ndarray
    rovers: np.ndarray

    @classmethod
    def of(cls, world: World) -> Marks:
        h = world.cfg.base.engine_height_m
        eng = [[p.x, p.y, p.z + 1.05 * h] for p in world.layout.placements if p.kind == "engine"]
        rov = [m[:3, 3] for m in drive_matrices(world, 0.0).values()]
        return cls(np.array(eng).reshape(-1, 3), np.array(rov).reshape(-1, 3))

    def terms(self, pose: Pose) -> float:
        """Up to two points of composition: the share of engines whose nozzle (their top)
        stands wholly inside the frame, and one if a driving rover sits inside the frame's
        inner part (not cut by its edge)."""
        whole = 0.0
        if len(self.tops):
            whole = float(_in_frame(pose, self.tops, (0.03, 0.05, 0.97, 1.0)).mean())
        inner = bool(
            len(self.rovers) and _in_frame(pose, self.rovers, (0.1, 0.12, 0.9, 0.85)).any()
        )
        return whole + float(inner)


@dataclass(frozen=True)
class Boxes:
    """World axis-aligned boxes of the instances that count for the hero.

    lo, hi: (N, 3) float64 corners; element: (N,) element name of each box."""

    lo: np.ndarray
    hi: np.ndarray
    element: np.ndarray


def ship_pads(world: World) -> dict[str, str]:
    """{ship node name: name of the launch pad it stands on}."""
    return {
        p.name: p.extras["on"]
        for p in world.layout.placements
        if p.kind in SHIPS and "on" in p.extras
    }


def element_boxes(world: World) -> Boxes:
    """Boxes of every instance of the scored elements at t = 0 (driving rovers where they
    are then), and a box of ``LAMP_HEAD_M`` round each floodlight for the lamp heads."""
    moving = drive_matrices(world, 0.0)
    on = ship_pads(world)
    box: dict[str, tuple] = {}
    for node, static in world.graph.instances():
        owner = on.get(node.name, node.name)
        if node.name not in on and (
            node.kind not in HERO_FLOORS or (node.kind == "rover" and node.name not in moving)
        ):
            continue
        m = moving.get(node.name, static)
        v = np.vstack([p.vertices for p in node.mesh.primitives]).astype(np.float64)
        w = v @ m[:3, :3].T + m[:3, 3]
        a, b, kind = box.get(owner, (w.min(axis=0), w.max(axis=0), node.kind))
        kind = "launch_pad" if node.name in on else kind
        box[owner] = (np.minimum(a, w.min(axis=0)), np.maximum(b, w.max(axis=0)), kind)
    lo = [a for a, _, _ in box.values()]
    hi = [b for _, b, _ in box.values()]
    el = [k for _, _, k in box.values()]
    for lamp in world.lamps:
        lo.append(np.asarray(lamp.position) - LAMP_HEAD_M / 2)
        hi.append(np.asarray(lamp.position) + LAMP_HEAD_M / 2)
        el.append("lamp")
    if not lo:
        return Boxes(np.zeros((0, 3)), np.zeros((0, 3)), np.zeros(0, dtype=object))
    return Boxes(np.array(lo), np.array(hi), np.array(el, dtype=object))


def _rects(lo: np.ndarray, hi: np.ndarray, pose: Pose, size: tuple[int, int]) -> tuple:
    """Pixel bounding rectangles (x0, y0, x1, y1: (N,) each, unclipped) of the boxes
    ``lo``, ``hi`` ((N, 3) world corners) seen from ``pose``, and (N,) bool: wholly in
    front of the camera."""
    w, h = size
    m = look_at(pose.position, pose.target)
    f = (h / 2) / np.tan(np.radians(pose.fov_deg) / 2)
    corners = np.stack([np.where(np.array(b)[None, :], hi, lo) for b in np.ndindex(2, 2, 2)], 1)
    cam = (corners - m[:3, 3]) @ m[:3, :3]  # (N, 8, 3): world → camera axes
    z = -cam[..., 2]
    zs = np.where(z > 1.0, z, 1.0)
    px = w / 2 + f * cam[..., 0] / zs
    py = h / 2 - f * cam[..., 1] / zs
    return px.min(axis=1), py.min(axis=1), px.max(axis=1), py.max(axis=1), (z > 1.0).all(axis=1)


def projected_pixels(boxes: Boxes, pose: Pose, size: tuple[int, int] = REFERENCE) -> dict:
    """{element: estimated pixels of its largest instance} seen from ``pose``: each box's
    projected bounding rectangle, clipped to the frame, times a fill factor (no occlusion;
    boxes reaching behind the camera are skipped). Lamp heads, small, are projected from
    their centres."""
    w, h = size
    m = look_at(pose.position, pose.target)
    f = (h / 2) / np.tan(np.radians(pose.fov_deg) / 2)
    out: dict[str, float] = {}
    lamp = boxes.element == "lamp"
    if lamp.any():
        c = ((boxes.lo[lamp] + boxes.hi[lamp]) / 2 - m[:3, 3]) @ m[:3, :3]
        z = -c[:, 2]
        x, y = w / 2 + f * c[:, 0] / np.maximum(z, 1.0), h / 2 - f * c[:, 1] / np.maximum(z, 1.0)
        inside = (z > 1.0) & (x >= 0) & (x < w) & (y >= 0) & (y < h)
        if inside.any():
            out["lamp"] = float(np.max((f * LAMP_HEAD_M / z[inside]) ** 2) * 0.6)
    el = boxes.element[~lamp]
    x0, y0, x1, y1, front = _rects(boxes.lo[~lamp], boxes.hi[~lamp], pose, size)
    x0, x1, y0, y1 = np.clip(x0, 0, w), np.clip(x1, 0, w), np.clip(y0, 0, h), np.clip(y1, 0, h)
    area = np.where(front, (x1 - x0) * (y1 - y0) * 0.55, 0.0)
    for name in HERO_FLOORS:
        sel = el == name
        if sel.any():
            out[name] = float(area[sel].max())
    return out


def _toward(
    world: World, cam_xy: np.ndarray, height: float, look_xy: np.ndarray, low: float, top: float
) -> Pose:
    """A pose ``height`` m above the ground at ``cam_xy`` (2,) looking toward ``look_xy``,
    pitched and zoomed so that points at world z ``low`` (near) and ``top`` (far, at
    ``look_xy``) both sit inside the frame."""
    z = float(world.terrain.height_at(*cam_xy)) + height
    d = look_xy - cam_xy
    dist = float(np.hypot(*d))
    up = np.degrees(np.arctan2(top - z, dist))
    down = np.degrees(np.arctan2(low - z, 160.0))
    fov = float(np.clip((up - down) / 0.82, 40.0, 62.0))
    pitch = np.radians(0.5 * (up + down))
    fwd = np.array([d[0] / dist * np.cos(pitch), d[1] / dist * np.cos(pitch), np.sin(pitch)])
    pos = np.array([cam_xy[0], cam_xy[1], z])
    return Pose(tuple(map(float, pos)), tuple(map(float, pos + 500.0 * fwd)), fov)


def crew_pads(world: World) -> list[str]:
    """Names of the launch pads of the shelter districts (the crew pads by the habitats)."""
    shelters = {name for name, kind, _ in world.layout.districts if kind == "shelter"}
    return [
        p.name for p in world.layout.placements if p.kind == "launch_pad" and p.group in shelters
    ]


def _anchors(world: World) -> list[tuple[str, np.ndarray]]:
    """What a hero is built round, [(name, (3,) world point)]: every driving rover at t = 0,
    and every crew pad (``crew_pads``)."""
    out = [(n, m[:3, 3]) for n, m in sorted(drive_matrices(world, 0.0).items())]
    pads = set(crew_pads(world))
    out += [(p.name, np.array([p.x, p.y, p.z])) for p in world.layout.placements if p.name in pads]
    return out


def hero_candidates(world: World) -> list[tuple[tuple, Pose]]:
    """Candidate hero poses with their anchors ((anchor name, engine name)), deterministic:
    behind each anchor (``_anchors``), looking past it at each engine (straight at it, or
    swung to either side of it), at three distances and four heights."""
    engines = [p for p in world.layout.placements if p.kind == "engine"]
    if not engines or not drive_matrices(world, 0.0):
        return []
    h_eng = world.cfg.base.engine_height_m
    out = []
    for name, r in _anchors(world):
        for e in engines:
            d = np.array([e.x - r[0], e.y - r[1]])
            dist = float(np.hypot(*d))
            if dist < 0.3 * h_eng or dist > 4.0 * h_eng:
                continue
            d /= dist
            for back, turn, swing, height in np.ndindex(3, 3, 3, 4):
                a = np.radians((-22.0, 0.0, 22.0)[turn])
                rot = np.array([[np.cos(a), -np.sin(a)], [np.sin(a), np.cos(a)]])
                cam = r[:2] - (rot @ d) * (60.0, 100.0, 150.0)[back]
                # aim at the engine, or swing the view so the engine sits off-centre
                g = np.radians((-14.0, 0.0, 14.0)[swing])
                to_e = np.array([e.x, e.y]) - cam
                sw = np.array([[np.cos(g), -np.sin(g)], [np.sin(g), np.cos(g)]]) @ to_e
                pose = _toward(
                    world, cam, (18.0, 45.0, 100.0, 170.0)[height], cam + sw, r[2], e.z + h_eng
                )
                out.append(((name, e.name), pose))
    return out


def variations(world: World, pose: Pose) -> list[Pose]:
    """Small moves of ``pose`` for refining it: zoomed in by 10 %, dollied 30 m
    forward or 40 m back along its view (at the same height above the ground), panned 7°
    to either side, and panned toward the Earth when it is out of the frame."""
    out = [Pose(pose.position, pose.target, pose.fov_deg * 0.9)]
    p, t = np.asarray(pose.position), np.asarray(pose.target)
    d = (t - p)[:2] / max(float(np.hypot(*(t - p)[:2])), 1e-6)
    above = p[2] - float(world.terrain.height_at(*p[:2]))
    for step in (30.0, -40.0):
        xy = p[:2] + d * step
        z = float(world.terrain.height_at(*xy)) + above
        shift = np.array([*(xy - p[:2]), z - p[2]])
        out.append(Pose(tuple(map(float, p + shift)), tuple(map(float, t + shift)), pose.fov_deg))
    pans = [-7.0, 7.0]
    lt = world.cfg.lighting
    if lt["earth"] and earth_pixel(pose, lt) is None:  # and a pan that brings the Earth in
        v = t - p
        view = np.degrees(np.arctan2(v[0], v[1]))  # compass bearing of the view
        off = (lt["earth_azimuth_deg"] - view + 180.0) % 360.0 - 180.0
        half = np.degrees(np.arctan(np.tan(np.radians(pose.fov_deg) / 2) * 16 / 9)) * 0.75
        if abs(off) > half:
            pans.append(-(off - np.sign(off) * half))  # turning clockwise is a negative pan
    for pan in pans:
        a = np.radians(pan)
        v = t - p
        rv = np.array(
            [v[0] * np.cos(a) - v[1] * np.sin(a), v[0] * np.sin(a) + v[1] * np.cos(a), v[2]]
        )
        out.append(Pose(pose.position, tuple(map(float, p + rv)), pose.fov_deg))
    return out


def sky_share(pose: Pose, horizon_z: float) -> float:
    """Rough share of the frame above the horizon (a level plane at ``horizon_z``)."""
    m = look_at(pose.position, pose.target)
    pitch = np.degrees(np.arcsin(np.clip(-m[2, 2], -1, 1)))
    dip = np.degrees(np.arctan2(pose.position[2] - horizon_z, 5000.0))
    frac = 0.5 + (pitch + dip) / pose.fov_deg
    return float(np.clip(frac, 0.0, 1.0))


def earth_pixel(pose: Pose, lighting, size: tuple[int, int] = REFERENCE):
    """Pixel (x, y) of the Earth's centre (the scene's ``[lighting]`` earth direction) when
    it lies inside the frame, a tenth of the frame in from its edges; else None."""
    if not lighting["earth"]:
        return None
    e = sun_vector(lighting["earth_azimuth_deg"], lighting["earth_elevation_deg"])
    m = look_at(pose.position, pose.target)
    c = e @ m[:3, :3]
    if c[2] >= -1e-6:
        return None
    w, h = size
    f = (h / 2) / np.tan(np.radians(pose.fov_deg) / 2)
    x, y = w / 2 + f * c[0] / -c[2], h / 2 - f * c[1] / -c[2]
    return (x, y) if (0.1 * w <= x <= 0.9 * w and 0.1 * h <= y <= 0.9 * h) else None


def earth_clear(boxes: Boxes, pose: Pose, lighting, terrain) -> bool:
    """Whether the Earth is in the frame, above the terrain's horizon seen from the camera
    (sampled every 40 m out to 6 km) and not behind an engine's box (the solid towers that
    hide a low Earth; thinner things are left to the ID pass)."""
    at = earth_pixel(pose, lighting)
    if at is None:
        return False
    e = sun_vector(lighting["earth_azimuth_deg"], lighting["earth_elevation_deg"])
    r = np.arange(40.0, 6000.0, 40.0)
    p = np.asarray(pose.position)
    ray = p[None, :] + r[:, None] * e[None, :]
    if (terrain.height_at(ray[:, 0], ray[:, 1]) > ray[:, 2]).any():
        return False
    tall = boxes.element == "engine"
    # the tower, not its skirts: the middle 40 % of the box across (its base flares)
    mid = (boxes.lo[tall] + boxes.hi[tall]) / 2
    half = (boxes.hi[tall] - boxes.lo[tall]) / 2 * np.array([0.4, 0.4, 1.0])
    x0, y0, x1, y1, front = _rects(mid - half, mid + half, pose, REFERENCE)
    hidden = front & (x0 <= at[0]) & (at[0] <= x1) & (y0 <= at[1]) & (at[1] <= y1)
    return not bool(hidden.any())


def ranked(world: World, candidates: list[tuple[tuple, Pose]], per_anchor: int = 1) -> list:
    """[(pre-score, anchor, pose)] best first (stable for ties), keeping the best
    ``per_anchor`` of each anchor so that the leaders are different views, not one view
    nudged."""
    boxes = element_boxes(world)
    rim = float(np.median([p.z for p in world.layout.placements if p.kind == "engine"] or [0]))
    lt = world.cfg.lighting
    marks = Marks.of(world)
    scored = []
    for i, (anchor, pose) in enumerate(candidates):
        terms = marks.terms(pose)
        s = score(
            projected_pixels(boxes, pose),
            earth_clear(boxes, pose, lt, world.terrain),
            sky_share(pose, rim),
            terms,
            crowding=False,
        )
        scored.append((-s, i, anchor, pose))
    scored.sort(key=lambda t: (t[0], t[1]))
    seen: dict = {}
    out = []
    for s, _, anchor, pose in scored:
        seen[anchor] = seen.get(anchor, 0) + 1
        if seen[anchor] <= per_anchor:
            out.append((-s, anchor, pose))
    return out
