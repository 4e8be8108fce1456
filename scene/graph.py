"""The scene graph: nodes, shared meshes, lights and cameras — shaped like glTF.

Nothing here knows about pyvista or glTF files; the renderer, viewer and exporter read it.
World frame: metres, x east, y north, z up.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field

import numpy as np


@dataclass
class Primitive:
    """Triangles with one material.

    vertices: (N, 3) float32 metres; faces: (M, 3) uint32; colors: optional (N, 3) float32
    linear RGB multiplied into the material's base colour; uv: optional (N, 2) float32
    texture coordinates of ``texture``, an (H, W, 3) uint8 sRGB base-colour image whose
    first row is at v = 0 (the terrain's albedo).
    """

    vertices: np.ndarray
    faces: np.ndarray
    material: str
    colors: np.ndarray | None = None
    name: str = ""
    uv: np.ndarray | None = None
    texture: np.ndarray | None = None

    @property
    def n_triangles(self) -> int:
        return int(len(self.faces))


@dataclass
class Mesh:
    """A shared mesh: a list of primitives. Many nodes may reference one Mesh (instancing)."""

    name: str
    primitives: list[Primitive]

    @property
    def n_triangles(self) -> int:
        return sum(p.n_triangles for p in self.primitives)

    def bounds(self) -> np.ndarray:
        """(2, 3) min/max corners in the mesh's own frame."""
        pts = np.vstack([p.vertices for p in self.primitives])
        return np.array([pts.min(axis=0), pts.max(axis=0)], dtype=np.float64)


@dataclass
class Light:
    """kind: "directional" (the sun; shines along the node's -z), "spot" or "point"."""

    kind: str
    color: tuple[float, float, float] = (1.0, 1.0, 1.0)
    intensity: float = 1.0
    range_m: float | None = None
    cone_deg: float = 60.0


@dataclass
class Camera:
    """A perspective camera looking along the node's -z with +y up (glTF convention)."""

    fov_deg: float = 45.0
    near: float = 1.0
    far: float = 100000.0


@dataclass
class Node:
    """name, kind, local 4x4 transform, children and optional mesh/light/camera."""

    name: str
    kind: str = "group"
    matrix: np.ndarray = field(default_factory=lambda: np.eye(4))
    children: list[Node] = field(default_factory=list)
    mesh: Mesh | None = None
    light: Light | None = None
    camera: Camera | None = None
    extras: dict = field(default_factory=dict)

    def add(self, child: Node) -> Node:
        self.children.append(child)
        return child


class SceneGraph:
    """A root node plus lookups. Meshes are shared by reference."""

    def __init__(self, name: str = "scene"):
        self.root = Node(name, kind="scene")
        self.animations: list[dict] = []

    def walk(self) -> Iterator[tuple[Node, np.ndarray, Node | None]]:
        """Depth-first (node, world 4x4 matrix, parent) for every node below the root."""
        stack = [(c, self.root.matrix, self.root) for c in reversed(self.root.children)]
        while stack:
            node, parent_m, parent = stack.pop()
            world = parent_m @ node.matrix
            yield node, world, parent
            stack.extend((c, world, node) for c in reversed(node.children))

    def find(self, name: str) -> Node | None:
        return next((n for n, _, _ in self.walk() if n.name == name), None)

    def by_kind(self, kind: str) -> list[tuple[Node, np.ndarray]]:
        return [(n, m) for n, m, _ in self.walk() if n.kind == kind]

    def meshes(self) -> list[Mesh]:
        """Distinct meshes, in first-use order."""
        seen: dict[int, Mesh] = {}
        for n, _, _ in self.walk():
            if n.mesh is not None and id(n.mesh) not in seen:
                seen[id(n.mesh)] = n.mesh
        return list(seen.values())

    def instances(self) -> Iterator[tuple[Node, np.ndarray]]:
        """Every node carrying a mesh, with its world matrix."""
        for n, m, _ in self.walk():
            if n.mesh is not None:
                yield n, m

    def kind_counts(self) -> dict[str, int]:
        """Number of nodes of each structural kind (those with ``extras['asset']``)."""
        return dict(sorted(Counter(n.kind for n, _, _ in self.walk() if n.extras.get("asset"))
                           .items()))

    def triangle_count(self) -> int:
        """Triangles as drawn (instances counted each time)."""
        return sum(n.mesh.n_triangles for n, _ in self.instances())

    def bounds(self) -> np.ndarray:
        """(2, 3) world-space bounding box over all mesh instances."""
        lo = np.full(3, np.inf)
        hi = np.full(3, -np.inf)
        for n, m in self.instances():
            b = n.mesh.bounds()
            corners = np.array([[x, y, z] for x in b[:, 0] for y in b[:, 1] for z in b[:, 2]])
            w = corners @ m[:3, :3].T + m[:3, 3]
            lo = np.minimum(lo, w.min(axis=0))
            hi = np.maximum(hi, w.max(axis=0))
        return np.array([lo, hi])


def transform(translation=(0.0, 0.0, 0.0), rotation_z_deg: float = 0.0,
              scale: float = 1.0) -> np.ndarray:
    """4x4 matrix: scale, then rotate about +z (counter-clockwise), then translate."""
    a = np.radians(rotation_z_deg)
    c, s = np.cos(a), np.sin(a)
    m = np.eye(4)
    m[:3, :3] = np.array([[c, -s, 0], [s, c, 0], [0, 0, 1]]) * scale
    m[:3, 3] = translation
    return m


def look_at(position, target, up=(0.0, 0.0, 1.0)) -> np.ndarray:
    """4x4 camera-to-world matrix: camera looks along its -z at ``target`` with +y ≈ ``up``."""
    p = np.asarray(position, float)
    f = np.asarray(target, float) - p
    f /= np.linalg.norm(f)
    r = np.cross(f, up)
    if np.linalg.norm(r) < 1e-9:
        r = np.cross(f, (0.0, 1.0, 0.0))
    r /= np.linalg.norm(r)
    u = np.cross(r, f)
    m = np.eye(4)
    m[:3, 0], m[:3, 1], m[:3, 2], m[:3, 3] = r, u, -f, p
    return m
