"""The ``base_run`` camera path: low along the trunk road that leads in to the middle engine,
past the structures on both sides of it, then a steep climb, pulling back, that ends framing
every engine, plumes and all, with the city below.

The run follows the ray from the hero crater's centre out through the middle engine (the
city lays a trunk radial along every engine's azimuth). It starts at the outermost road
junction on that ray inside the base (without a road network there: a run's length out from
the last view), flies in ``ALT_M`` above the ground at up to ``RUN_SPEED`` for
``CLIMB_AT_S`` seconds, looking ``LOOK_M`` down the road, then climbs to the last view: of
the cameras on the ray that hold every engine within ``FOV_END_MAX`` (for the scene's frame
aspect, at most 16:9), the one closest to where the climb starts. Structures: the camera
keeps ``STRUCT_CLEAR_M`` above the bounding box of every structure it passes within
``SWATH_M`` of (checked on the sampled path, keys raised where short); the terrain clearance
is ``CameraPath``'s.
"""

from __future__ import annotations

import warnings
from typing import TYPE_CHECKING

import numpy as np
from scipy.ndimage import gaussian_filter1d, maximum_filter1d

from .cameras import CameraPath

if TYPE_CHECKING:
    from ..model.world import World

ALT_M = 24.0  # height of the low run above the ground (m)
STRUCT_CLEAR_M = 12.0  # above any structure the camera passes over (m)
SWATH_M = 8.0  # how close (horizontally) to a structure's box counts as passing over it
DURATION_S = 14.0
CLIMB_AT_S = 8.0  # the climb starts here
FOV_RUN = 60.0
FOV_END_MAX = 58.0
FIT_MARGIN = 1.12  # the final fov over the tightest one that holds every engine
RUN_SPEED = 42.0  # ground speed of the low run (m/s), where the road is long enough
LOOK_M = 250.0  # the low run looks this far down the road


def structure_boxes(world: World) -> np.ndarray:
    """(B, 6) world-space axis-aligned boxes (xmin, ymin, zmin, xmax, ymax, zmax) of every
    structure instance (scene-graph nodes of an asset kind) as placed."""
    out = []
    cache: dict[int, np.ndarray] = {}
    sel = np.array([[i >> 2 & 1, i >> 1 & 1, i & 1] for i in range(8)])
    for node, m in world.graph.instances():
        if not node.extras.get("asset"):
            continue
        b = cache.get(id(node.mesh))
        if b is None:
            b = cache[id(node.mesh)] = node.mesh.bounds()
        corners = np.where(sel, b[1], b[0]) @ m[:3, :3].T + m[:3, 3]
        out.append(np.concatenate([corners.min(axis=0), corners.max(axis=0)]))
    return np.array(out, float).reshape(-1, 6)


def engine_points(world: World, n_ring: int = 12) -> np.ndarray:
    """(E * (2 * n_ring + 1), 3) points on each engine's base and top rims and its plume's
    tip: what the last frame has to hold."""
    h = float(world.cfg.base.engine_height_m)
    ang = np.linspace(0, 2 * np.pi, n_ring, endpoint=False)
    ring = np.column_stack([np.cos(ang), np.sin(ang), np.zeros(n_ring)])
    pts = []
    for p in world.layout.placements:
        if p.kind != "engine":
            continue
        r = float(p.params.get("base_radius_m", 0.22 * h))
        plume = float(p.params.get("plume_length_m", 0.0))
        c = np.array([p.x, p.y, p.z])
        pts += [c + r * ring, c + r * ring + (0, 0, h), [c + (0, 0, h + plume)]]
    return np.vstack(pts) if pts else np.zeros((0, 3))


def fov_needed(pos, tgt, pts: np.ndarray, aspect: float) -> np.ndarray:
    """Smallest vertical fov (deg) of cameras at ``pos`` looking at ``tgt`` (each (..., 3);
    up +z) whose frame of width/height ``aspect`` holds every point of ``pts`` (N, 3): an
    array of their leading shape; 180 where a point is behind the camera."""
    pos = np.asarray(pos, float)[..., None, :]
    f = np.asarray(tgt, float)[..., None, :] - pos
    f = f / np.linalg.norm(f, axis=-1, keepdims=True)
    r = np.cross(f, (0.0, 0.0, 1.0))
    r = r / np.linalg.norm(r, axis=-1, keepdims=True)
    u = np.cross(r, f)
    d = np.asarray(pts, float) - pos
    depth = (d * f).sum(-1)
    ok = (depth > 1.0).all(axis=-1)
    depth = np.maximum(depth, 1.0)
    x = np.abs((d * r).sum(-1)) / depth / aspect
    y = np.abs((d * u).sum(-1)) / depth
    half = np.maximum(x.max(axis=-1), y.max(axis=-1))
    return np.where(ok, np.degrees(2 * np.arctan(half)), 180.0)


def _aspect(world: World) -> float:
    """The frame aspect to fit for: the scene's, but no wider than 16:9."""
    r = world.cfg.render
    return min(r.width / r.height, 16 / 9)


def _final_view(world, e, u, pts, q_max, ref):
    """(q, height above ground, target, fov) of the last key, out along ``u`` from the engine
    ``e``: of the cameras that hold every engine within ``FOV_END_MAX / FIT_MARGIN``, the
    nearest to (``ref``, 0), where the climb starts (without ``ref``: the nearest to the
    engine, then the lowest); if none does, the one needing the narrowest fov."""
    h = float(world.cfg.base.engine_height_m)
    q = np.arange(0.5 * h, min(max(q_max, h), 8.0 * h) + 1.0, h / 24)[:, None, None]
    k = np.array([0.9, 1.0, 1.15, 1.3])[None, :, None] * h
    tz = e.z + np.array([0.7, 0.8, 0.9])[None, None, :] * h
    xy = np.array([e.x, e.y]) + q[..., None] * u  # (Q, 1, 1, 2)
    g = world.terrain.height_at(xy[..., 0], xy[..., 1])  # (Q, 1, 1)
    shape = np.broadcast_shapes(q.shape, k.shape, tz.shape)
    pos = np.stack(np.broadcast_arrays(xy[..., 0], xy[..., 1], g + k), axis=-1)
    pos = np.broadcast_to(pos, (*shape, 3))
    centre = pts.mean(axis=0)
    tgt = np.stack(np.broadcast_arrays(centre[0], centre[1], tz), axis=-1)
    tgt = np.broadcast_to(tgt, (*shape, 3))
    fov = fov_needed(pos, tgt, pts, _aspect(world)) * FIT_MARGIN
    qq, kk = np.broadcast_to(q, shape), np.broadcast_to(k, shape)
    if ref is None:
        cost = qq * 1e6 + kk  # the nearest, then the lowest
    else:
        cost = np.hypot(qq - ref, kk)
    cost = np.where(fov <= FOV_END_MAX, cost, np.inf)
    i = np.unravel_index(np.argmin(cost if np.isfinite(cost).any() else fov), shape)
    return float(qq[i]), float(kk[i]), tgt[i].copy(), float(min(fov[i], 75.0))


def _run_start(world: World, e, u) -> float | None:
    """Distance out from the engine ``e`` along ``u`` where the low run starts: the outermost
    road junction on that ray inside the base (None without a road network there), within
    the terrain."""
    lay = world.layout
    net = getattr(lay, "networks", None)
    if net is None or not net.graph.number_of_nodes() or not lay.districts:
        return None
    import shapely
    from shapely.ops import unary_union

    base = unary_union([poly for _, _, poly in lay.districts]).buffer(1.0)
    pos = np.array([d["pos"] for _, d in net.graph.nodes(data=True)], float)
    rel = pos - (e.x, e.y)
    q = rel @ u
    lateral = np.abs(rel @ np.array([-u[1], u[0]]))
    ok = (lateral < 5.0) & shapely.contains_xy(base, pos[:, 0], pos[:, 1]) & (q > 0)
    if not ok.any():
        return None
    return float(min(q[ok].max(), _terrain_limit(world, e, u)))


def _terrain_limit(world, e, u, far: bool = False) -> float:
    """How far out from the engine ``e`` along ``u`` the terrain's near grid (``far``: the
    far grid too) reaches, a little short of its edge."""
    t = world.terrain
    x0, y0, x1, y1 = t.full_extent if far else t.extent
    pad = 0.03 * (x1 - x0)
    lim = []
    for c, d, lo, hi in ((e.x, u[0], x0, x1), (e.y, u[1], y0, y1)):
        if d > 1e-9:
            lim.append((hi - pad - c) / d)
        elif d < -1e-9:
            lim.append((lo + pad - c) / d)
    return float(min(lim, default=np.inf))


def _low_profile(world, e, u, q: np.ndarray, boxes: np.ndarray) -> np.ndarray:
    """(Q,) smooth world z of the low run at the distances ``q`` (m, ascending, evenly
    spaced) out along ``u`` from the engine ``e``: ``ALT_M`` above the ground and
    ``STRUCT_CLEAR_M`` above every box within ``SWATH_M``."""
    xy = np.array([e.x, e.y]) + q[:, None] * u
    need = world.terrain.height_at(xy[:, 0], xy[:, 1]) + ALT_M
    need = np.maximum(need, _over_structures(xy, boxes))
    step = float(q[1] - q[0]) if len(q) > 1 else 1.0
    w = max(int(40.0 / step), 1)  # rise before a tall structure, not at it
    z = gaussian_filter1d(maximum_filter1d(need, 2 * w + 1), w / 2)
    return np.maximum(z, need)


def _over_structures(xy: np.ndarray, boxes: np.ndarray, swath: float = SWATH_M) -> np.ndarray:
    """(N,) lowest world z that keeps ``STRUCT_CLEAR_M`` above every box passed within
    ``swath`` of at the (N, 2) points (-inf where none)."""
    out = np.full(len(xy), -np.inf)
    if not len(boxes):
        return out
    for i in range(0, len(xy), 512):
        p = xy[i : i + 512, None, :]
        near = (
            (p[..., 0] >= boxes[:, 0] - swath)
            & (p[..., 0] <= boxes[:, 3] + swath)
            & (p[..., 1] >= boxes[:, 1] - swath)
            & (p[..., 1] <= boxes[:, 4] + swath)
        )
        top = np.where(near, boxes[:, 5] + STRUCT_CLEAR_M, -np.inf)
        out[i : i + 512] = top.max(axis=1)
    return out


def _smooth(u):
    """Smoothstep of u in 0..1."""
    return u * u * (3 - 2 * u)


def _hermite(t, t0, t1, q0, v0, q1):
    """Cubic from (t0, q0) at speed v0 to (t1, q1) at rest."""
    d = t1 - t0
    s = (t - t0) / d
    return (
        (2 * s**3 - 3 * s**2 + 1) * q0 + (s**3 - 2 * s**2 + s) * d * v0 + (3 * s**2 - 2 * s**3) * q1
    )


def base_run(world: World) -> dict | None:
    """The validated-path dict of ``base_run`` (world z), or None without engines."""
    from .paths import _key, _path

    engines = [p for p in world.layout.placements if p.kind == "engine"]
    if not engines:
        return None
    t = world.terrain
    hero = t.hero
    az = [np.arctan2(p.x - hero["x"], p.y - hero["y"]) for p in engines]
    e = engines[int(np.argsort(az)[len(engines) // 2])]
    u = np.array([e.x - hero["x"], e.y - hero["y"]], float)
    n = np.linalg.norm(u)
    u = u / n if n > 1e-6 else np.array([0.0, 1.0])
    pts = engine_points(world)
    r_base = float(e.params.get("base_radius_m", 0.22 * world.cfg.base.engine_height_m))
    T, tc = DURATION_S, CLIMB_AT_S
    q_lim = _terrain_limit(world, e, u)
    q0 = _run_start(world, e, u)
    run = 0.0 if q0 is None else max(min(RUN_SPEED * tc, 0.6 * (q0 - 2.0 * r_base)), 50.0)
    ref = None if q0 is None else q0 - run
    q_f, h_f, tgt_f, fov_f = _final_view(world, e, u, pts, _terrain_limit(world, e, u, True), ref)
    if q0 is None:  # no road network on the ray: run in to below the last view
        q0 = min(q_f + 0.8 * RUN_SPEED * tc, q_lim)
        run = max(q0 - q_f, 50.0)
    v = run / tc
    q_c = q0 - run
    look = max(min(LOOK_M, 0.8 * run), 60.0)  # look this far down the road
    boxes = structure_boxes(world)
    qs = np.arange(min(q_c, q_f) - look - 50.0, max(q0, q_f) + 50.0, 4.0)
    z_low = _low_profile(world, e, u, qs, boxes)
    at = np.array([e.x, e.y])
    z_f = float(t.height_at(*(at + u * q_f))) + h_f
    times = np.concatenate([np.arange(0.0, tc, 1.0), np.arange(tc, T + 1e-6, 0.5)])
    lift = np.zeros(len(times))
    for _ in range(12):
        keys = []
        for k, tt in enumerate(times):
            if tt <= tc:
                q, b = q0 - v * tt, 0.0
            else:
                q, b = _hermite(tt, tc, T, q_c, -v, q_f), _smooth((tt - tc) / (T - tc))
            zl = float(np.interp(q, qs, z_low))
            a_xy = at + u * (q - look)
            ahead = np.array([*a_xy, float(t.height_at(*a_xy)) + 10.0])
            tgt = ahead + (tgt_f - ahead) * _smooth(min(1.0, 1.2 * b))
            fov = FOV_RUN + (fov_f - FOV_RUN) * b
            keys.append(_key(tt, (*(at + u * q), zl + b * (z_f - zl) + lift[k]), tgt, fov))
        path = _path("base_run", keys, easing="ease_out", clearance=15.0)
        short = _shortfall(world, path, boxes)
        if short is None:
            break
        lift += short
    return path


def _shortfall(world: World, path: dict, boxes: np.ndarray) -> np.ndarray | None:
    """Per key, how much to raise it (m) so the sampled path keeps clear of the structures;
    None when it already does."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        cp = CameraPath(world.terrain, path)
    t = np.linspace(cp.times[0], cp.times[-1], int(cp.duration * 60) + 1)
    p = cp.positions(t)
    need = _over_structures(p[:, :2], boxes) - p[:, 2]
    if not (need > 0).any():
        return None
    short = np.zeros(len(cp.times))
    seg = np.clip(np.searchsorted(cp.times, t, side="right") - 1, 0, len(cp.times) - 2)
    for i in np.flatnonzero(need > 0):
        short[seg[i]] = max(short[seg[i]], need[i] + 2.0)
        short[seg[i] + 1] = max(short[seg[i] + 1], need[i] + 2.0)
    return short
