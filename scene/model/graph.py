"""The scene graph: nodes, shared meshes, lights and cameras — shaped like glTF.

Nothing here knows about pyvista or glTF files; the renderer, viewer and exporter read it.
World frame: metres, x east, y north, z up.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from collections.abc import Sequence


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


SUN_COLOR = (1.0, 0.97, 0.92)  # linear RGB of sunlight on the Moon (slightly warm white)


@dataclass
class Light:
    """A light's colour (linear RGB) and intensity (relative units: the sun's is
    ``lighting.sun_intensity``, a lamp's its builder's)."""

    color: tuple[float, float, float] = (1.0, 1.0, 1.0)
    intensity: float = 1.0

    @property
    def kind(self) -> str:
        return "light"


@dataclass
class DirectionalLight(Light):
    """The sun: shines along its node's -z from infinitely far away."""

    @property
    def kind(self) -> str:
        return "directional"


@dataclass
class SpotLight(Light):
    """A floodlight. Its node points it (along the node's -z); ``position`` and ``direction``
    ((3,) world metres, and the aim, not necessarily unit) are the same pose resolved once in
    world space for the numpy lighting, ``mount_m`` its height above the ground below it."""

    range_m: float | None = None
    cone_deg: float = 60.0
    position: tuple[float, float, float] = (0.0, 0.0, 0.0)
    direction: tuple[float, float, float] = (0.0, 0.0, -1.0)
    mount_m: float | None = None

    @property
    def kind(self) -> str:
        return "spot"


@dataclass
class Animation:
    """Sampled motion of one node: ``times`` (T,) seconds, ``matrices`` (T, 4, 4) world
    matrices (a camera path)."""

    name: str
    node: str
    times: np.ndarray
    matrices: np.ndarray


@dataclass
class Drive:
    """A vehicle driving a road, as a channel of the graph: node ``node`` goes back and forth
    along ``road`` ((N, 2) world x, y metres) from arc position ``s0`` (m) at ``speed_mps``,
    turning ``margin_m`` short of each end. ``footprint`` (half x, half y, m) is what the
    vehicle is fitted to the ground under, ``dust_points`` (E, 3) local metres where it kicks
    up regolith. ``anim.motion.drive_matrix`` evaluates it on the terrain."""

    node: str
    road: np.ndarray
    s0: float
    speed_mps: float
    footprint: tuple[float, float]
    dust_points: np.ndarray
    margin_m: float = 12.0


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
        self.animations: list[Animation] = []
        self.drives: list[Drive] = []

    def walk(self) -> Iterator[tuple[Node, np.ndarray, Node | None]]:
        """Depth-first (node, (4, 4) world matrix, parent) for every node below the root."""
        stack = [(c, self.root.matrix, self.root) for c in reversed(self.root.children)]
        while stack:
            node, parent_m, parent = stack.pop()
            world = parent_m @ node.matrix
            yield node, world, parent
            stack.extend((c, world, node) for c in reversed(node.children))

    def find(self, name: str) -> Node | None:
        return next((n for n, _, _ in self.walk() if n.name == name), None)

    def meshes(self) -> list[Mesh]:
        """Distinct meshes, in first-use order."""
        seen: dict[int, Mesh] = {}
        for n, _, _ in self.walk():
            if n.mesh is not None and id(n.mesh) not in seen:
                seen[id(n.mesh)] = n.mesh
        return list(seen.values())

    def instances(self) -> Iterator[tuple[Node, np.ndarray]]:
        """Every node carrying a mesh, with its (4, 4) world matrix."""
        for n, m, _ in self.walk():
            if n.mesh is not None:
                yield n, m

    def kind_counts(self) -> dict[str, int]:
        """Number of nodes of each structural kind (those with ``extras['asset']``)."""
        return dict(
            sorted(Counter(n.kind for n, _, _ in self.walk() if n.extras.get("asset")).items())
        )

    def lights(self) -> list[Light]:
        """Every light in the graph (the sun first if present), in walk order."""
        return [n.light for n, _, _ in self.walk() if n.light is not None]

    def spot_lights(self) -> list[SpotLight]:
        """The floodlights, in walk order."""
        return [li for li in self.lights() if isinstance(li, SpotLight)]

    def sun(self) -> DirectionalLight | None:
        return next((li for li in self.lights() if isinstance(li, DirectionalLight)), None)

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


def transform(
    translation: Sequence[float] | np.ndarray = (0.0, 0.0, 0.0),
    rotation_z_deg: float = 0.0,
    scale: float = 1.0,
) -> np.ndarray:
    """(4, 4) float64 matrix: scale, then rotate about +z (counter-clockwise), then translate
    by ``translation`` ((3,) metres)."""
    a = np.radians(rotation_z_deg)
    c, s = np.cos(a), np.sin(a)
    m = np.eye(4)
    m[:3, :3] = np.array([[c, -s, 0], [s, c, 0], [0, 0, 1]]) * scale
    m[:3, 3] = translation
    return m


def look_at(
    position: Sequence[float] | np.ndarray,
    target: Sequence[float] | np.ndarray,
    up: Sequence[float] = (0.0, 0.0, 1.0),
) -> np.ndarray:
    """(4, 4) float64 camera-to-world matrix: camera at ``position`` looks along its -z at
    ``target`` with +y ≈ ``up`` (each (3,), world metres)."""
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
