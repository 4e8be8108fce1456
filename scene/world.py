"""From a validated scene config to a World: terrain, layout, scene graph, lamps, cameras.

``build_world`` is the single entry point every CLI verb uses; it imports no renderer.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from ..assets.meshes import registry
from ..terrain import generate_terrain, terrain_mesh
from ..terrain.mesh import split_near_far, submesh, texture_coords
from ..terrain.shading import sun_vector
from .assetcache import AssetCache
from .cameras import CameraPath, Pose, shot_pose
from .graph import Camera, Light, Mesh, Node, Primitive, SceneGraph, look_at, transform
from .layout import Layout, plan_layout
from .paths import default_paths
from .shots import default_shots


@dataclass
class World:
    cfg: dict
    terrain: object
    layout: Layout
    graph: SceneGraph
    assets: AssetCache
    lamps: list[dict] = field(default_factory=list)
    emitters: list[dict] = field(default_factory=list)
    shots: dict[str, Pose] = field(default_factory=dict)
    paths: dict[str, CameraPath] = field(default_factory=dict)
    cache: dict = field(default_factory=dict)

    def prepare_for_render(self) -> None:
        """Compute once what every frame reuses (so renderer processes need not): the
        structures merged per (layer, material), the ground's lit colours with baked terrain
        and structure shadows, and each structure vertex's sun visibility."""
        if "merged" not in self.cache:
            from .merge import glow_shells, merged_by_material

            self.cache["merged"], self.cache["face_info"] = merged_by_material(self)
            self.cache["merged_lod0"], self.cache["face_info_lod0"] = merged_by_material(
                self, lod0=AssetCache(self.cfg["seed"], 0))
            self.cache["glow_shells"] = glow_shells(self)
        if "terrain_display" not in self.cache:
            self.cache.update(self.lit_state(self.cfg["lighting"]))

    def lit_state(self, lighting: dict) -> dict:
        """Display colours of the ground ((n, n, 3)) and of every structure face
        ({(layer, material): (F, 3)}) under ``lighting``."""
        from ..terrain.shading import bake_shadows_far
        from .facelight import face_display
        from .lighting import terrain_radiance, tone_map
        from .shadows import ground_shadow, scene_intersector

        sun = sun_vector(lighting["sun_azimuth_deg"], lighting["sun_elevation_deg"])
        merged = self.cache["merged"]
        t = self.terrain
        rad = terrain_radiance(t, lighting, self.lamps,
                               extra_shadow=ground_shadow(t, merged, sun))
        far = None
        if t.far is not None:
            far = terrain_radiance(t.far, lighting, [], extra_shadow=ground_shadow(
                t.far, merged, sun), baked=bake_shadows_far(t, lighting["sun_azimuth_deg"],
                                                           lighting["sun_elevation_deg"]))
            far = tone_map(far, exposure=1.1).astype(np.float32)
        hit = scene_intersector(merged, self.ground_triangles())
        return {"terrain_display": tone_map(rad, exposure=1.1).astype(np.float32),
                "terrain_display_far": far,
                "face_display": face_display(merged, lighting, sun, self.lamps, hit,
                                             self.terrain.height_at),
                "face_display_lod0": face_display(self.cache["merged_lod0"], lighting, sun,
                                                  self.lamps, hit, self.terrain.height_at)}

    @property
    def terrain_node(self) -> Node:
        return self.graph.find("terrain")

    def ground_triangles(self) -> tuple[np.ndarray, np.ndarray]:
        """The terrain node's triangles, all grids together: (V, 3) float32, (F, 3) int64."""
        prims = self.terrain_node.mesh.primitives
        offs = np.cumsum([0] + [len(p.vertices) for p in prims[:-1]])
        return (np.concatenate([p.vertices for p in prims]),
                np.concatenate([p.faces.astype(np.int64) + o
                                for p, o in zip(prims, offs, strict=True)]))


def register_user_meshes(cfg: dict) -> None:
    if cfg["base"]["mesh_dir"]:
        registry.register_user_dir(Path(cfg["_base_dir"]) / cfg["base"]["mesh_dir"])


def build_world(cfg: dict, progress=None, terrain_only: bool = False) -> World:
    """Generate the terrain, lay out the base and assemble the scene graph.

    progress: optional callable(fraction 0..1, message).
    """
    report = progress or (lambda f, m: None)
    register_user_meshes(cfg)
    report(0.0, "terrain")
    terrain = generate_terrain(
        cfg["terrain"], cfg["seed"], progress=lambda f, m: report(0.6 * f, f"terrain: {m}")
    )
    assets = AssetCache(cfg["seed"], cfg["base"]["detail"])
    if terrain_only:
        layout = Layout([], [], [])
    else:
        report(0.6, "layout")
        layout = plan_layout(cfg, terrain, assets)
    report(0.85, "scene graph")
    graph = SceneGraph(cfg["name"])
    world = World(cfg, terrain, layout, graph, assets)
    _add_terrain(world)
    _add_structures(world)
    if not terrain_only:
        _add_boulders(world)
    _add_sun(world)
    if not terrain_only:
        world.shots.update(default_shots(world))
    for shot in cfg["shots"]:  # the scene file's shots override the generated ones
        world.shots[shot["name"]] = shot_pose(terrain, shot)
    if not terrain_only:
        for path in default_paths(world):
            world.paths[path["name"]] = CameraPath(terrain, path)
    for path in cfg["paths"]:  # the scene file's paths override the generated ones
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
    mc = world.cfg["terrain"]["mesh"]
    v, f = terrain_mesh(t, max_error_m=mc["max_error_m"], far_max_error_m=mc["far_max_error_m"])
    prims = []
    for grid, gf in split_near_far(t, v, f):
        gv, gf = submesh(v, gf)
        albedo = np.clip(grid.albedo[..., None] * REGOLITH_TINT, 0, 1) ** (1 / 2.2)
        prims.append(Primitive(gv.astype(np.float32), gf.astype(np.uint32), "regolith",
                               name="ground" if grid is t else "ground_far",
                               uv=texture_coords(grid, gv),
                               texture=(albedo * 255 + 0.5).astype(np.uint8)))
    world.graph.root.add(Node("terrain", "terrain", mesh=Mesh("terrain", prims),
                              extras={"size_m": t.size_m, "size_px": t.size_px,
                                      "craters": len(t.craters)}))


def _add_boulders(world: World) -> None:
    """The terrain's boulders as instances of a few rock meshes (scaled, turned, tilted),
    except where structures or roads now stand."""
    from scipy.spatial import cKDTree

    from ..terrain.boulders import boulder_z

    b = getattr(world.terrain, "boulders", None)
    if b is None or not len(b.x):
        return
    xy = np.column_stack([b.x, b.y])
    keep = np.ones(len(xy), bool)
    tree = cKDTree(xy)
    for p in world.layout.placements:
        keep[tree.query_ball_point((p.x, p.y), p.radius + 5.0)] = False
    for poly in world.layout.roads:
        from .layout import resample

        for q in resample(poly, 8.0):
            keep[tree.query_ball_point(q, 14.0)] = False
    z = boulder_z(world.terrain)
    group = world.graph.root.add(Node("rocks", "group"))
    rocks = AssetCache(world.cfg["seed"], detail=0)  # far-LOD rocks: thousands of them
    for i in np.flatnonzero(keep):
        mesh = rocks.mesh("rock", {"diameter_m": 1.0}, int(b.variant[i]) % 8)
        m = transform((float(b.x[i]), float(b.y[i]), float(z[i])), float(b.yaw_deg[i]),
                      float(b.diameter[i]))
        tilt = np.radians(float(b.tilt_deg[i]))
        c, s_ = np.cos(tilt), np.sin(tilt)
        m[:3, :3] = m[:3, :3] @ np.array([[1, 0, 0], [0, c, -s_], [0, s_, c]])
        group.add(Node(f"rock_{i:05d}", "rock", m, mesh=mesh,
                       extras={"diameter_m": round(float(b.diameter[i]), 2)}))


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
        node = grp.add(Node(p.name, p.kind, m, mesh=mesh, extras={
            "asset": True, "kind": p.kind, "params": _jsonable(asset.params),
            "variant": p.variant, "footprint_m": list(asset.footprint), **p.extras}))
        for k, lamp in enumerate(asset.lights):
            pos = m[:3, :3] @ np.asarray(lamp.position) + m[:3, 3]
            d = m[:3, :3] @ np.asarray(lamp.direction, float)
            world.lamps.append({"position": tuple(pos), "direction": tuple(d),
                                "mount_m": max(float(pos[2] - world.terrain.height_at(
                                    pos[0], pos[1])), 2.0),
                                "cone_deg": lamp.cone_deg, "intensity": lamp.intensity,
                                "color": tuple(lamp.color), "range_m": lamp.range_m})
            node.add(Node(f"{p.name}_lamp{k + 1}", "lamp",
                          look_at(lamp.position, np.asarray(lamp.position) + lamp.direction,
                                  up=(1.0, 0.0, 0.0) if abs(lamp.direction[2]) > 0.9 else
                                  (0.0, 0.0, 1.0)),
                          light=Light("spot", lamp.color, lamp.intensity, lamp.range_m,
                                      lamp.cone_deg)))
        for e in asset.emitters:
            pos = m[:3, :3] @ np.asarray(e.position) + m[:3, 3]
            world.emitters.append({"node": p.name, "kind": e.kind, "position": tuple(pos),
                                   "direction": tuple(m[:3, :3] @ np.asarray(e.direction))})


def _add_sun(world: World) -> None:
    lt = world.cfg["lighting"]
    s = sun_vector(lt["sun_azimuth_deg"], lt["sun_elevation_deg"])
    c = world.terrain.hero
    pos = np.array([c["x"], c["y"], 0.0]) + s * 5000.0
    world.graph.root.add(Node("sun", "sun", look_at(pos, pos - s),
                              light=Light("directional", (1.0, 0.97, 0.92),
                                          lt["sun_intensity"])))


def _add_cameras(world: World) -> None:
    cams = world.graph.root.add(Node("cameras", "group"))
    for name, pose in world.shots.items():
        cams.add(Node(f"shot_{name}", "camera", look_at(pose.position, pose.target),
                      camera=Camera(pose.fov_deg)))
    for name, path in world.paths.items():
        poses = path.sample(max(2, int(path.duration * 10) + 1))
        first = poses[0]
        cams.add(Node(f"path_{name}", "camera", look_at(first.position, first.target),
                      camera=Camera(first.fov_deg)))
        times = np.linspace(0.0, path.duration, len(poses))
        mats = np.array([look_at(q.position, q.target) for q in poses])
        world.graph.animations.append({"name": name, "node": f"path_{name}",
                                       "times": times, "matrices": mats})


def _jsonable(params: dict) -> dict:
    out = {}
    for k, v in params.items():
        out[k] = v.item() if isinstance(v, np.generic) else v
    return out
