"""The built scene: configuration, terrain, layout and the scene graph that every consumer
reads (renderer, viewer, exporter). It holds no renderer state; what the renderer bakes from
it lives on the shading side (``scene.shading.baked``)."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from trimesh.util import append_faces

from .assetcache import AssetCache
from .graph import Camera, Node, SceneGraph, SpotLight, look_at


@dataclass(eq=False)  # identity semantics: a World is a key of the bake cache
class World:
    """cfg: the validated scene; terrain: ``terrain.Terrain``; layout: ``layout.plan.Layout``;
    shots: name -> ``anim.cameras.Pose``; paths: name -> ``anim.cameras.CameraPath``."""

    cfg: dict
    terrain: object
    layout: object
    graph: SceneGraph
    assets: AssetCache
    shots: dict = field(default_factory=dict)
    paths: dict = field(default_factory=dict)

    @property
    def lamps(self) -> list[SpotLight]:
        """The floodlights of the graph, in the order the layout placed their structures
        (the order the lighting sums them in)."""
        order = {p.name: i for i, p in enumerate(self.layout.placements)}
        found = [
            (order.get(parent.name, len(order)), k, node.light)
            for k, (node, _, parent) in enumerate(self.graph.walk())
            if isinstance(node.light, SpotLight)
        ]
        return [light for _, _, light in sorted(found, key=lambda e: e[:2])]

    @property
    def terrain_node(self) -> Node:
        return self.graph.find("terrain")

    def ground_triangles(self) -> tuple[np.ndarray, np.ndarray]:
        """The terrain node's triangles, all grids together: (V, 3) float32 world metres,
        (F, 3) int64."""
        prims = self.terrain_node.mesh.primitives
        return append_faces([p.vertices for p in prims], [p.faces.astype(np.int64) for p in prims])

    def set_shot(self, name: str, pose) -> None:
        """Make ``pose`` (an ``anim.cameras.Pose``) the shot ``name``, and point the graph's
        ``shot_<name>`` camera (what the exporters write) at it too."""
        self.shots[name] = pose
        node = self.graph.find(f"shot_{name}")
        if node is not None:
            node.matrix = look_at(pose.position, pose.target)
            node.camera = Camera(pose.fov_deg)
