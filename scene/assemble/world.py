"""From a validated scene config to a World: terrain, layout, and the scene graph with its
lights, cameras and motion channels.

``build_world`` is the single entry point every CLI verb uses; it imports no renderer.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from ...assets.meshes import registry
from ...terrain import generate_terrain, terrain_mesh
from ...terrain.mesh import split_near_far, submesh, texture_coords
from ...terrain.shading import sun_vector
from ..anim.cameras import CameraPath, shot_pose
from ..anim.paths import default_paths
from ..anim.shots import default_shots
from ..layout.city.preflight import check_city
from ..layout.plan import Layout, plan_layout
from ..layout.preflight import check_layout
from ..model.assetcache import AssetCache
from ..model.color import encode_display, to_uint8
from ..model.graph import (
    SUN_COLOR,
    Animation,
    Camera,
    DirectionalLight,
    Drive,
    Mesh,
    Node,
    Primitive,
    SceneGraph,
    SpotLight,
    look_at,
    transform,
)
from ..model.world import World

if TYPE_CHECKING:
    from collections.abc import Callable


def register_user_meshes(cfg: dict) -> None:
    """Register the scene's ``base.mesh_dir`` meshes (relative to the scene file), if any."""
    if cfg.base.mesh_dir:
        registry.register_user_dir(Path(cfg.base_dir) / cfg.base.mesh_dir)


def build_world(
    cfg: dict, progress: Callable[[float, str], None] | None = None, terrain_only: bool = False
) -> World:
    """Generate the terrain, lay out the base and assemble the scene graph.

    progress: optional callable(fraction 0..1, message).
    """
    report = progress or (lambda _f, _m: None)
    register_user_meshes(cfg)
    assets = AssetCache(cfg.seed, cfg.base.detail)
    if not terrain_only:  # what the scene file alone shows, before any terrain
        city = cfg.base.get("layout", "city") == "city"
        (check_city if city else check_layout)(cfg, assets)
    report(0.0, "terrain")
    terrain = generate_terrain(
        cfg.terrain, cfg.seed, progress=lambda f, m: report(0.6 * f, f"terrain: {m}")
    )
    if terrain_only:
        layout = Layout([], [], [])
    else:
        report(0.6, "layout")
        layout = plan_layout(cfg, terrain, assets)
    report(0.85, "scene graph")
    graph = SceneGraph(cfg.name)
    world = World(cfg, terrain, layout, graph, assets)
    _add_terrain(world)
    _add_structures(world)
    if not terrain_only:
        _add_boulders(world)
    _add_sun(world)
    if not terrain_only:
        world.shots.update(default_shots(world))
    for shot in cfg.shots:  # the scene file's shots override the generated ones
        world.shots[shot["name"]] = shot_pose(terrain, shot)
    if not terrain_only:
        for path in default_paths(world):
            world.paths[path["name"]] = CameraPath(terrain, path)
    for path in cfg.paths:  # the scene file's paths override the generated ones
        world.paths[path["name"]] = CameraPath(terrain, path)
    _add_cameras(world)
    report(1.0, "done")
    return world


REGOLITH_TINT = np.array([1.0, 0.97, 0.93])  # warm grey of the lit regolith's albedo


def _add_terrain(world: World) -> None:
    """The terrain node: the error-bounded TIN as one primitive per grid (near, then far if
    any), each textured with its grid's albedo (sRGB), so exported files keep every
    sample's albedo however coarse the triangles are."""
    t = world.terrain
    mc = world.cfg.terrain.mesh
    v, f = terrain_mesh(t, max_error_m=mc["max_error_m"], far_max_error_m=mc["far_max_error_m"])
    prims = []
    for grid, grid_f in split_near_far(t, v, f):
        gv, gf = submesh(v, grid_f)
        albedo = encode_display(grid.albedo[..., None] * REGOLITH_TINT)
        prims.append(
            Primitive(
                gv.astype(np.float32),
                gf.astype(np.uint32),
                "regolith",
                name="ground" if grid is t else "ground_far",
                uv=texture_coords(grid, gv),
                texture=to_uint8(albedo),
            )
        )
    world.graph.root.add(
        Node(
            "terrain",
            "terrain",
            mesh=Mesh("terrain", prims),
            extras={"size_m": t.size_m, "size_px": t.size_px, "craters": len(t.craters)},
        )
    )


def _add_boulders(world: World) -> None:
    """The terrain's boulders as instances of a few rock meshes (scaled, turned, tilted),
    except where structures or roads now stand."""
    from scipy.spatial import cKDTree

    from ...terrain.boulders import boulder_z

    b = getattr(world.terrain, "boulders", None)
    if b is None or not len(b.x):
        return
    xy = np.column_stack([b.x, b.y])
    keep = np.ones(len(xy), bool)
    tree = cKDTree(xy)
    for p in world.layout.placements:
        keep[tree.query_ball_point((p.x, p.y), p.radius + 5.0)] = False
    for poly in world.layout.roads:
        from ..layout.plan import resample

        for q in resample(poly, 8.0):
            keep[tree.query_ball_point(q, 14.0)] = False
    z = boulder_z(world.terrain)
    group = world.graph.root.add(Node("rocks", "group"))
    rocks = AssetCache(world.cfg.seed, detail=0)  # far-LOD rocks: thousands of them
    for i in np.flatnonzero(keep):
        mesh = rocks.mesh("rock", {"diameter_m": 1.0}, int(b.variant[i]) % 8)
        m = transform(
            (float(b.x[i]), float(b.y[i]), float(z[i])), float(b.yaw_deg[i]), float(b.diameter[i])
        )
        tilt = np.radians(float(b.tilt_deg[i]))
        c, s_ = np.cos(tilt), np.sin(tilt)
        m[:3, :3] = m[:3, :3] @ np.array([[1, 0, 0], [0, c, -s_], [0, s_, c]])
        group.add(
            Node(
                f"rock_{i:05d}",
                "rock",
                m,
                mesh=mesh,
                extras={"diameter_m": round(float(b.diameter[i]), 2)},
            )
        )


def _add_structures(world: World) -> None:
    base = world.graph.root.add(Node("base", "group"))
    groups: dict[str, Node] = {}
    for p in world.layout.placements:
        grp = groups.get(p.group)
        if grp is None:
            grp = groups[p.group] = base.add(Node(p.group, "complex"))
        m = transform((p.x, p.y, p.z), p.rotation_deg)
        if p.basis is not None:
            m[:3, :3] = p.basis
        mesh = world.assets.mesh(p.kind, p.params, p.variant)
        asset = world.assets.get(p.kind, p.params, p.variant)
        node = grp.add(
            Node(
                p.name,
                p.kind,
                m,
                mesh=mesh,
                extras={
                    "asset": True,
                    "kind": p.kind,
                    "params": _jsonable(asset.params),
                    "variant": p.variant,
                    "footprint_m": list(asset.footprint),
                    **p.extras,
                },
            )
        )
        for k, lamp in enumerate(asset.lights):
            pos = m[:3, :3] @ np.asarray(lamp.position) + m[:3, 3]
            d = m[:3, :3] @ np.asarray(lamp.direction, float)
            light = SpotLight(
                tuple(lamp.color),
                lamp.intensity,
                lamp.range_m,
                lamp.cone_deg,
                tuple(pos),
                tuple(d),
                max(float(pos[2] - world.terrain.height_at(pos[0], pos[1])), 2.0),
            )
            node.add(
                Node(
                    f"{p.name}_lamp{k + 1}",
                    "lamp",
                    look_at(
                        lamp.position,
                        np.asarray(lamp.position) + lamp.direction,
                        up=(1.0, 0.0, 0.0) if abs(lamp.direction[2]) > 0.9 else (0.0, 0.0, 1.0),
                    ),
                    light=light,
                )
            )
        if "road" in p.extras:
            world.graph.drives.append(
                Drive(
                    p.name,
                    world.layout.roads[p.extras["road"]],
                    p.extras["s0"],
                    p.extras["speed_mps"],
                    tuple(asset.footprint),
                    np.array(
                        [e.position for e in asset.emitters if e.kind == "dust"], float
                    ).reshape(-1, 3),
                )
            )


def _add_sun(world: World) -> None:
    lt = world.cfg.lighting
    s = sun_vector(lt["sun_azimuth_deg"], lt["sun_elevation_deg"])
    c = world.terrain.hero
    pos = np.array([c["x"], c["y"], 0.0]) + s * 5000.0
    world.graph.root.add(
        Node(
            "sun",
            "sun",
            look_at(pos, pos - s),
            light=DirectionalLight(SUN_COLOR, lt["sun_intensity"]),
        )
    )


def _add_cameras(world: World) -> None:
    cams = world.graph.root.add(Node("cameras", "group"))
    for name, pose in world.shots.items():
        cams.add(
            Node(
                f"shot_{name}",
                "camera",
                look_at(pose.position, pose.target),
                camera=Camera(pose.fov_deg),
            )
        )
    for name, path in world.paths.items():
        poses = path.sample(max(2, int(path.duration * 10) + 1))
        first = poses[0]
        cams.add(
            Node(
                f"path_{name}",
                "camera",
                look_at(first.position, first.target),
                camera=Camera(first.fov_deg),
            )
        )
        times = np.linspace(0.0, path.duration, len(poses))
        mats = np.array([look_at(q.position, q.target) for q in poses])
        world.graph.animations.append(Animation(name, f"path_{name}", times, mats))


def _jsonable(params: dict) -> dict:
    out = {}
    for k, v in params.items():
        out[k] = v.item() if isinstance(v, np.generic) else v
    return out
