"""The scene graph walked into one glTF document: the node tree, cameras, lights, sky and
animations, each part written by its own module and referred to by index.

Output tree (every group at the identity, data Y-up)::

    terrain                      the ground, textured, floodlight pools baked (pools),
                                 a tiling regolith normal map near (detail)
    rocks/<mesh>                 boulders, one GPU-instanced node per rock mesh
    base/<kind>/<mesh | name>    structures: instanced per shared mesh; movers and
                                 one-offs as named nodes
      .../<name>/beacons         their blinking beacons (effects)
      .../<engine>/plume         a firing engine's jet, flickering (jets, effects)
    sun, lamps/<name>            the sun and the representative floodlights (lights)
    cameras/shot_* path_*        the stills' cameras and the animated path cameras
    sky/earth, sky/stars         the Earth and the star dome (sky)
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from ...anim.motion import drive_matrix
from ...model.graph import DirectionalLight, Node, SceneGraph, SpotLight
from . import axes, detail, effects, instancing, jets, lights, sky
from .animation import Clip, Track, vehicle_times, write_animations
from .buffers import REPEAT, Buffers
from .materials import EmissiveMap, Materials, glow_material
from .meshes import Meshes
from .pools import pool_glow

if TYPE_CHECKING:
    from ...model.world import World

HERO_CAMERA = "shot_hero"


@dataclass(frozen=True)
class GlbOptions:
    """What the GLB holds. aspect: the cameras' aspect ratio (None: the viewer's);
    instancing: ``gpu`` (EXT_mesh_gpu_instancing), ``plain`` (a node per instance, meshes
    shared) or ``flat`` (a mesh copy per node); lamps: how many representative floodlights
    to write (None: every lamp, and no pools baked); sky: the Earth and the stars; detail:
    the tiling regolith normal map on the near ground (``detail``)."""

    aspect: float | None = None
    instancing: str = "gpu"
    lamps: int | None = lights.MAX_LAMPS
    sky: bool = True
    detail: bool = True

    def __post_init__(self):
        if self.instancing not in instancing.MODES:
            raise ValueError(f"instancing must be one of {instancing.MODES}")


def _extras(node: Node) -> dict:
    """JSON-ready node extras: the kind and the graph node's extras (but ``asset``)."""
    extras = {"kind": node.kind, **{k: v for k, v in node.extras.items() if k != "asset"}}
    return json.loads(json.dumps(extras, default=float))


class DocumentWriter:
    """Writes ``scene`` (a World, or a bare SceneGraph: then without pools, sky and moving
    vehicles, which need the terrain and the scene file) with ``options``."""

    def __init__(self, scene: World | SceneGraph, options: GlbOptions, generator: str):
        self.world = None if isinstance(scene, SceneGraph) else scene
        self.graph: SceneGraph = scene if isinstance(scene, SceneGraph) else scene.graph
        self.opt = options
        self.b = Buffers(generator)
        self.doc = self.b.doc
        self.materials = Materials(self.b)
        self.meshes = Meshes(self.b, self.materials, share=options.instancing != "flat")
        self.nodes: list[dict] = []
        self.cameras: list[dict] = []
        self.lights: list[dict] = []
        self.index: dict[str, int] = {}  # graph node name -> glTF node
        self.clips: list[Clip] = []
        seed = self.world.cfg.seed if self.world is not None else 0
        self.fx = effects.Effects(seed)  # the beacon and jet nodes, as written
        self._splits: dict[int, effects.Split] = {}  # id of a graph mesh -> its split
        self.jets = jets.firing(self.world) if self.world is not None else {}

    # -- nodes ------------------------------------------------------------------------
    def node(self, name: str, children: list[int] = (), **fields: Any) -> int:
        """Index of a new node ``name`` with ``children`` and glTF ``fields``."""
        gn: dict[str, Any] = {"name": name, **{k: v for k, v in fields.items() if v is not None}}
        if children:
            gn["children"] = list(children)
        self.nodes.append(gn)
        self.index.setdefault(name, len(self.nodes) - 1)
        return len(self.nodes) - 1

    def split(self, mesh) -> effects.Split:
        """``mesh`` split into its still and blinking parts, plumes dropped (once per mesh,
        so the parts stay shared)."""
        if id(mesh) not in self._splits:
            self._splits[id(mesh)] = effects.split(mesh)
        return self._splits[id(mesh)]

    def effect_nodes(self, name: str, sp: effects.Split, instances: dict | None = None):
        """Child nodes of ``name`` for ``sp``'s beacons (registered in ``fx``);
        ``instances``: the parent's EXT_mesh_gpu_instancing object, shared by its beacons."""
        if sp.beacons is None:
            return []
        ext = {instancing.EXT: instances} if instances else None
        node = self.node(f"{name}/beacons", mesh=self.meshes.of(sp.beacons), extensions=ext)
        self.fx.beacons.append(node)
        return [node]

    def jet(self, name: str, world: np.ndarray) -> list[int]:
        """The child node of engine ``name`` (at Z-up ``world``) drawing its jet, if it
        fires (registered in ``fx`` to flicker)."""
        jet = self.jets.get(name)
        if jet is None:
            return []
        prims = []
        for layer in jets.layers(self.world, jet):
            prim = self.meshes.triangles(layer.vertices, layer.faces)
            key = ("jet", layer.name, layer.rgb, layer.alpha)
            prim["material"] = self.materials.add(
                key, jets.jet_material(f"jet_{layer.name}", layer.rgb, layer.alpha)
            )
            prims.append(prim)
        local = np.linalg.inv(world) @ jets.frame(jet)
        mesh = self.meshes.add(f"{name}/jet", prims)
        node = self.node(
            name + jets.NODE_SUFFIX, mesh=mesh, extras={"kind": "jet"}, **axes.trs(axes.body(local))
        )
        self.fx.jets.append(node)
        return [node]

    def single(self, node: Node, world: np.ndarray) -> int:
        """A mesh node as itself, at its (4, 4) Z-up ``world`` matrix; its beacons and
        jet as child nodes."""
        sp = self.split(node.mesh)
        return self.node(
            node.name,
            self.effect_nodes(node.name, sp) + self.jet(node.name, world),
            mesh=self.meshes.of(sp.body) if sp.body is not None else None,
            extras=_extras(node),
            **axes.trs(axes.body(world)),
        )

    def batch(self, batch: instancing.Batch) -> list[int]:
        """``batch`` as one GPU-instanced node, or its instances as nodes (plain, flat)."""
        if self.opt.instancing != "gpu":
            return [self.single(n, w) for n, w in zip(batch.nodes, batch.worlds, strict=True)]
        trs, ext = instancing.instance_attributes(self.b, batch)
        sp = self.split(batch.mesh)
        return [
            self.node(
                batch.mesh.name,
                self.effect_nodes(batch.mesh.name, sp, ext),
                mesh=self.meshes.of(sp.body) if sp.body is not None else None,
                extensions={instancing.EXT: ext} if sp.body is not None else None,
                extras=json.loads(json.dumps(batch.extras(), default=float)),
                **trs,
            )
        ]

    def group(self, grp: instancing.Group) -> int:
        kids = [i for b in grp.batches for i in self.batch(b)]
        kids += [self.single(s.node, s.world) for s in grp.singles]
        return self.node(grp.name, kids, extras={"kind": "group"})

    def light(self, name: str, world: np.ndarray, light: dict) -> int:
        self.lights.append(light)
        self.b.used_ext.add("KHR_lights_punctual")
        ext = {"KHR_lights_punctual": {"light": len(self.lights) - 1}}
        return self.node(name, extensions=ext, **axes.trs(axes.oriented(world)))

    def camera(self, node: Node, world: np.ndarray) -> int:
        far = (
            max(node.camera.far, sky.SKY_FAR_M) if self.opt.sky and self.world else node.camera.far
        )
        persp = {"yfov": float(np.radians(node.camera.fov_deg)), "znear": node.camera.near}
        persp["zfar"] = float(far)
        if self.opt.aspect:
            persp["aspectRatio"] = self.opt.aspect
        self.cameras.append({"type": "perspective", "perspective": persp, "name": node.name})
        return self.node(
            node.name,
            camera=len(self.cameras) - 1,
            extras=_extras(node),
            **axes.trs(axes.oriented(world)),
        )

    # -- parts ------------------------------------------------------------------------
    def lamps(self, walk: list) -> tuple[list[int], list[SpotLight]]:
        """The representative lamps' nodes, and the lamps left for the terrain's bake
        (``walk``: the graph's ``walk()``, listed)."""
        w = self.world
        lit = w is None or w.cfg.lighting["lamps"]
        lamps = (w.lamps if w is not None else self.graph.spot_lights()) if lit else []
        gain = w.cfg.lighting["lamp_intensity"] if w is not None else 1.0
        where = {id(n.light): (n, m) for n, m, _ in walk if n.light is not None}
        reps = lights.representatives(lamps, self.opt.lamps)
        out = []
        for r in reps:
            node, world = where[id(lamps[r.index])]
            spot = lights.spot_light(lamps[r.index], node.name, gain, r.stands_for)
            out.append(self.light(node.name, lights.down(world[:3, 3]), spot))
        chosen = {r.index for r in reps}
        return out, [lamp for i, lamp in enumerate(lamps) if i not in chosen]

    def bake_pools(self, terrain_node: Node, baked: list[SpotLight]) -> None:
        """Give the near ground primitive the pools of ``baked`` as emission."""
        w = self.world
        if w is None or self.opt.lamps is None or not terrain_node.mesh.primitives:
            return
        img = pool_glow(w.terrain, baked, w.cfg.lighting["lamp_intensity"])
        if img is not None:
            prim = terrain_node.mesh.primitives[0]  # the near grid comes first
            self.meshes.glow[id(prim)] = EmissiveMap(self.b.texture(img))

    def ground_detail(self, terrain_node: Node) -> None:
        """Give the near ground primitive the tiling regolith normal map (``detail``)."""
        w = self.world
        if w is None or not self.opt.detail or not terrain_node.mesh.primitives:
            return
        img = detail.normal_map(detail.detail_relief(w.terrain))
        tex = self.b.texture(img, REPEAT, REPEAT)
        self.meshes.detail[id(terrain_node.mesh.primitives[0])] = detail.DetailMap(tex)

    def sky(self) -> list[int]:
        w = self.world
        if w is None or not self.opt.sky:
            return []
        hero = w.terrain.hero
        out = []
        for part in sky.sky_parts(
            w.cfg.lighting, w.cfg.seed, np.array([hero["x"], hero["y"], 0.0])
        ):
            glow = EmissiveMap(self.b.texture(part.glow, REPEAT), strength=part.strength)
            prim = self.meshes.triangles(part.vertices, part.faces, part.normals, part.uv)
            prim["material"] = self.materials.add(
                ("sky", part.name), glow_material(part.name, glow)
            )
            mesh = self.meshes.add(part.name, [prim])
            m = np.eye(4)
            m[:3, 3] = part.translation
            out.append(
                self.node(part.name, mesh=mesh, extras={"kind": "sky"}, **axes.trs(axes.body(m)))
            )
        return out

    def vehicles(self) -> list[Track]:
        """Tracks of the graph's drives (their nodes written already), and each moving
        node put where it stands at t = 0."""
        w = self.world
        if w is None:
            return []
        times = vehicle_times(self.clips)
        out = []
        for d in self.graph.drives:
            if d.node not in self.index:
                continue
            mats = axes.body(np.array([drive_matrix(w.terrain, d, float(t)) for t in times]))
            gn = self.nodes[self.index[d.node]]
            for k in ("translation", "rotation", "scale"):
                gn.pop(k, None)
            gn.update(axes.trs(mats[0]))
            out.append(Track(self.index[d.node], times, mats))
        return out

    # -- the whole --------------------------------------------------------------------
    def write(self) -> dict:
        g = self.graph
        roots = []
        walk = list(g.walk())
        terrain = next((n for n, _, _ in walk if n.kind == "terrain" and n.mesh is not None), None)
        lamp_nodes, baked = self.lamps(walk)
        if terrain is not None:
            self.bake_pools(terrain, baked)
            self.ground_detail(terrain)
            roots.append(
                self.node(terrain.name, mesh=self.meshes.of(terrain.mesh), extras=_extras(terrain))
            )
        moving = {d.node for d in g.drives} if self.world is not None else set()
        # an engine with a jet has a child of its own (effects): never instanced
        moving |= set(self.jets)
        base = []
        for grp in instancing.plan(g, moving):
            (roots if grp.name == "rocks" else base).append(self.group(grp))
        if base:
            roots.append(self.node("base", base, extras={"kind": "group"}))
        for n, m, _ in walk:
            if isinstance(n.light, DirectionalLight):
                roots.append(self.light(n.name, m, lights.sun_light(n.light, n.name)))
        if lamp_nodes:
            roots.append(self.node("lamps", lamp_nodes, extras={"kind": "group"}))
        cams = [self.camera(n, m) for n, m, _ in walk if n.camera is not None]
        if cams:
            roots.append(self.node("cameras", cams, extras={"kind": "group"}))
        sky_nodes = self.sky()
        if sky_nodes:
            roots.append(self.node("sky", sky_nodes, extras={"kind": "group"}))
        self.clips = [
            Clip(a.name, Track(self.index[a.node], a.times, axes.oriented(a.matrices)))
            for a in g.animations
            if a.node in self.index
        ]
        fps = self.world.cfg.render.fps if self.world is not None else 24
        frames = write_animations(self.b, self.clips, self.vehicles(), fps, self.fx)
        return self._finish(roots, frames)

    def _finish(self, roots: list[int], frames: dict) -> dict:
        doc = self.doc
        extras = {**lights.view_extras(), **frames}
        stills = [c["name"] for c in self.cameras if c["name"].startswith("shot_")]
        if stills:  # the camera a client should look through first (blender_addon)
            extras["scene_camera"] = HERO_CAMERA if HERO_CAMERA in stills else stills[0]
        doc["scenes"] = [{"name": self.graph.root.name, "nodes": roots, "extras": extras}]
        doc["scene"] = 0
        doc["nodes"] = self.nodes
        for key, items in (("materials", self.materials.list), ("meshes", self.meshes.list)):
            if items:
                doc[key] = items
        if self.cameras:
            doc["cameras"] = self.cameras
        if self.lights:
            doc["extensions"] = {"KHR_lights_punctual": {"lights": self.lights}}
        doc["buffers"] = [{"byteLength": len(self.b.bin)}]
        if self.b.used_ext:
            doc["extensionsUsed"] = sorted(self.b.used_ext)
        for key in ("accessors", "bufferViews"):
            if not doc[key]:
                del doc[key]
        # glTF key order: the JSON reads top-down (asset first, buffers last)
        order = ["asset", "extensionsUsed", "extensions", "scene", "scenes", "nodes", "cameras"]
        return {k: doc[k] for k in order if k in doc} | {
            k: v for k, v in doc.items() if k not in order
        }
