"""glTF 2.0 binary (GLB) export of the scene graph.

Written directly (not through pyvista or trimesh) so the file carries everything other tools
need: the named node hierarchy, one glTF mesh per shared mesh (instancing), normals, PBR
materials from the palette with KHR_materials_emissive_strength, the terrain's albedo as an
embedded PNG texture per grid, cameras for the named shots, the sun and lamps as
KHR_lights_punctual, each flythrough path as a camera animation, and node extras with kind
and builder parameters. The scene is Z-up; one root node turns it Y-up as glTF requires.
"""

from __future__ import annotations

import json
import struct
from typing import TYPE_CHECKING

import numpy as np
from scipy.spatial.transform import Rotation

from ... import __version__
from ...assets.materials import PALETTE
from ...terrain.mesh import vertex_normals
from ..model.graph import Node, SceneGraph

if TYPE_CHECKING:
    from ..model.graph import Mesh, Primitive

Z_UP_TO_Y_UP = np.array([[1, 0, 0, 0], [0, 0, 1, 0], [0, -1, 0, 0], [0, 0, 0, 1]], float)
ARRAY_BUFFER, ELEMENT_ARRAY_BUFFER = 34962, 34963
FLOAT, UINT32 = 5126, 5125
LINEAR, LINEAR_MIPMAP_LINEAR, CLAMP_TO_EDGE = 9729, 9987, 33071


class _Builder:
    def __init__(self):
        self.bin = bytearray()
        self.doc: dict = {
            "asset": {"version": "2.0", "generator": f"lunarbase {__version__}"},
            "buffers": [],
            "bufferViews": [],
            "accessors": [],
        }
        self.used_ext: set[str] = set()
        self.textures: dict[int, int] = {}  # id of an image array -> texture index

    def view(self, data: bytes, target: int | None) -> int:
        """Append ``data`` (4-byte aligned) to the binary chunk as a buffer view; its index."""
        while len(self.bin) % 4:
            self.bin.append(0)
        bv = {"buffer": 0, "byteOffset": len(self.bin), "byteLength": len(data)}
        if target:
            bv["target"] = target
        self.bin.extend(data)
        self.doc["bufferViews"].append(bv)
        return len(self.doc["bufferViews"]) - 1

    def accessor(
        self, arr: np.ndarray, kind: str, target: int | None = ARRAY_BUFFER, minmax: bool = False
    ) -> int:
        """Index of a new accessor of glTF type ``kind`` ("SCALAR", "VEC2", ...) over ``arr``:
        (N,) or (N, C) float32, or uint32 (indices); ``minmax`` records its bounds."""
        comp = UINT32 if arr.dtype == np.uint32 else FLOAT
        acc = {
            "bufferView": self.view(np.ascontiguousarray(arr).tobytes(), target),
            "componentType": comp,
            "count": int(len(arr)),
            "type": kind,
        }
        if minmax:
            a2 = arr.reshape(len(arr), -1)
            acc["min"] = [float(x) for x in a2.min(axis=0)]
            acc["max"] = [float(x) for x in a2.max(axis=0)]
        self.doc["accessors"].append(acc)
        return len(self.doc["accessors"]) - 1

    def texture(self, rgb: np.ndarray) -> int:
        """Index of a texture showing ``rgb`` ((H, W, 3) uint8, first row at v = 0) as an
        embedded PNG, linearly filtered, clamped at the edges; one per distinct array."""
        key = id(rgb)
        if key not in self.textures:
            import imageio.v3 as iio

            png = iio.imwrite("<bytes>", rgb, extension=".png")
            doc = self.doc
            if "samplers" not in doc:
                doc["samplers"] = [
                    {
                        "magFilter": LINEAR,
                        "minFilter": LINEAR_MIPMAP_LINEAR,
                        "wrapS": CLAMP_TO_EDGE,
                        "wrapT": CLAMP_TO_EDGE,
                    }
                ]
                doc["images"], doc["textures"] = [], []
            doc["images"].append({"bufferView": self.view(png, None), "mimeType": "image/png"})
            doc["textures"].append({"sampler": 0, "source": len(doc["images"]) - 1})
            self.textures[key] = len(doc["textures"]) - 1
        return self.textures[key]


def _material(name: str, vertex_colors: bool, texture: int | None = None) -> dict:
    """The palette material ``name``; white base factor when vertex colours or a base-colour
    ``texture`` (index into ``textures``) carry the colour."""
    m = PALETTE[name]
    white = vertex_colors or texture is not None
    out = {
        "name": name,
        "doubleSided": True,
        "pbrMetallicRoughness": {
            "baseColorFactor": [*((1.0, 1.0, 1.0) if white else m.base_color), m.opacity],
            "metallicFactor": m.metallic,
            "roughnessFactor": m.roughness,
        },
    }
    if texture is not None:
        out["pbrMetallicRoughness"]["baseColorTexture"] = {"index": texture}
    if m.is_emissive:
        out["emissiveFactor"] = list(m.emissive)
        if m.emissive_strength != 1.0:
            out["extensions"] = {
                "KHR_materials_emissive_strength": {"emissiveStrength": m.emissive_strength}
            }
    if m.opacity < 1.0:
        out["alphaMode"] = "BLEND"
    return out


def _trs(m: np.ndarray) -> dict:
    """A rigid-plus-uniform-scale (4, 4) matrix as glTF translation/rotation/scale."""
    scale = np.linalg.norm(m[:3, :3], axis=0)
    out: dict = {}
    if np.linalg.norm(m[:3, 3]) > 0:
        out["translation"] = [float(x) for x in m[:3, 3]]
    rot = Rotation.from_matrix(m[:3, :3] / scale).as_quat()
    if not np.allclose(rot, (0, 0, 0, 1)):
        out["rotation"] = [float(x) for x in rot]
    if not np.allclose(scale, 1.0):
        out["scale"] = [float(x) for x in scale]
    return out


def _light(node: Node) -> dict:
    li = node.light
    if li.kind == "directional":
        return {
            "type": "directional",
            "color": list(li.color),
            "intensity": float(li.intensity * 1000.0),
            "name": node.name,
        }
    out = {
        "type": li.kind,
        "color": list(li.color),
        "intensity": float(li.intensity * 20000.0),
        "name": node.name,
    }
    if li.range_m:
        out["range"] = float(li.range_m)
    if li.kind == "spot":
        outer = float(min(np.radians(li.cone_deg) / 2, np.pi / 2 - 1e-3))
        out["spot"] = {"innerConeAngle": outer * 0.6, "outerConeAngle": outer}
    return out


def export_glb(graph: SceneGraph, aspect: float | None = None, instancing: bool = True) -> bytes:
    """Serialise ``graph`` to GLB bytes (deterministic for the same graph).

    instancing: one glTF mesh per distinct shared mesh (False writes a copy per node, for
    comparison and for tools that cannot instance).
    """
    w = _SceneWriter(aspect, instancing)
    root = Node(graph.root.name, "scene", children=graph.root.children)
    doc = w.doc
    doc["scenes"] = [{"name": graph.root.name, "nodes": [w.add(root, Z_UP_TO_Y_UP)]}]
    doc["scene"] = 0
    if w.cameras:
        doc["cameras"] = w.cameras
    if w.lights:
        doc["extensions"] = {"KHR_lights_punctual": {"lights": w.lights}}
    _animations(w.b, graph, w.node_index)
    doc["buffers"] = [{"byteLength": len(w.b.bin)}]
    if w.b.used_ext:
        doc["extensionsUsed"] = sorted(w.b.used_ext)
    for key in ("materials", "meshes", "accessors", "bufferViews"):
        if not doc[key]:
            del doc[key]
    return _pack(doc, bytes(w.b.bin))


class _SceneWriter:
    """Walks the graph into a glTF document: nodes, shared meshes, materials, cameras and
    lights, each written once and referred to by index."""

    def __init__(self, aspect: float | None, instancing: bool):
        self.b = _Builder()
        self.doc = self.b.doc
        self.aspect, self.instancing = aspect, instancing
        self.mat_index: dict[tuple, int] = {}
        self.mesh_index: dict[int, int] = {}
        self.node_index: dict[str, int] = {}
        self.doc["materials"], self.doc["meshes"], self.doc["nodes"] = [], [], []
        self.cameras: list[dict] = []
        self.lights: list[dict] = []

    def material(self, name: str, vc: bool, texture: np.ndarray | None = None) -> int:
        """Index of the material ``name`` with vertex colours ``vc`` and optional base-colour
        ``texture`` ((H, W, 3) uint8), written once."""
        tex = None if texture is None else self.b.texture(texture)
        key = (name, vc, tex)
        if key not in self.mat_index:
            mats = self.doc["materials"]
            mats.append(_material(name, vc, tex))
            if "extensions" in mats[-1]:
                self.b.used_ext.add("KHR_materials_emissive_strength")
            self.mat_index[key] = len(mats) - 1
        return self.mat_index[key]

    def primitive(self, p: Primitive) -> dict:
        """The glTF primitive of ``p``: (N, 3) positions and normals, optional (N, 3)
        colours and (N, 2) uv as float32, the (M, 3) faces as 3M uint32 indices."""
        b = self.b
        attrs = {
            "POSITION": b.accessor(p.vertices.astype(np.float32), "VEC3", minmax=True),
            "NORMAL": b.accessor(vertex_normals(p.vertices, p.faces).astype(np.float32), "VEC3"),
        }
        if p.colors is not None:
            attrs["COLOR_0"] = b.accessor(p.colors.astype(np.float32), "VEC3")
        textured = p.texture is not None and p.uv is not None
        if textured:
            attrs["TEXCOORD_0"] = b.accessor(p.uv.astype(np.float32), "VEC2")
        idx = b.accessor(p.faces.astype(np.uint32).ravel(), "SCALAR", ELEMENT_ARRAY_BUFFER)
        mat = self.material(p.material, p.colors is not None, p.texture if textured else None)
        return {"attributes": attrs, "indices": idx, "mode": 4, "material": mat}

    def mesh(self, m: Mesh) -> int:
        """Index of the glTF mesh of ``m`` (written once per shared mesh when instancing)."""
        if self.instancing and id(m) in self.mesh_index:
            return self.mesh_index[id(m)]
        prims = [self.primitive(p) for p in m.primitives]
        self.doc["meshes"].append({"name": m.name, "primitives": prims})
        self.mesh_index[id(m)] = len(self.doc["meshes"]) - 1
        return self.mesh_index[id(m)]

    def camera(self, node: Node) -> int:
        """Index of a new perspective camera for ``node``'s camera."""
        cam = {
            "type": "perspective",
            "perspective": {
                "yfov": float(np.radians(node.camera.fov_deg)),
                "znear": node.camera.near,
                "zfar": node.camera.far,
            },
            "name": node.name,
        }
        if self.aspect:
            cam["perspective"]["aspectRatio"] = self.aspect
        self.cameras.append(cam)
        return len(self.cameras) - 1

    def add(self, node: Node, matrix: np.ndarray) -> int:
        """Write ``node`` (local (4, 4) ``matrix``) and its subtree; returns its node index."""
        i = len(self.doc["nodes"])
        gn: dict = {"name": node.name}
        self.doc["nodes"].append(gn)
        self.node_index.setdefault(node.name, i)
        if not np.allclose(matrix, np.eye(4)):
            gn.update(_trs(matrix))
        if node.mesh is not None:
            gn["mesh"] = self.mesh(node.mesh)
        if node.camera is not None:
            gn["camera"] = self.camera(node)
        if node.light is not None:
            self.lights.append(_light(node))
            gn["extensions"] = {"KHR_lights_punctual": {"light": len(self.lights) - 1}}
            self.b.used_ext.add("KHR_lights_punctual")
        extras = {"kind": node.kind, **node.extras}
        extras.pop("asset", None)
        gn["extras"] = json.loads(json.dumps(extras, default=float))
        kids = [self.add(c, c.matrix) for c in node.children]
        if kids:
            gn["children"] = kids
        return i


def _animations(b: _Builder, graph: SceneGraph, node_index: dict[str, int]) -> None:
    anims = []
    for a in graph.animations:
        node = node_index.get(a.node)
        if node is None:
            continue
        mats = a.matrices
        times = b.accessor(np.asarray(a.times, np.float32), "SCALAR", None, minmax=True)
        trans = b.accessor(mats[:, :3, 3].astype(np.float32), "VEC3", None)
        q = Rotation.from_matrix(mats[:, :3, :3]).as_quat()  # x, y, z, w
        for k in range(1, len(q)):
            if np.dot(q[k], q[k - 1]) < 0:
                q[k] = -q[k]
        rot = b.accessor(q.astype(np.float32), "VEC4", None)
        anims.append(
            {
                "name": a.name,
                "samplers": [
                    {"input": times, "output": trans, "interpolation": "LINEAR"},
                    {"input": times, "output": rot, "interpolation": "LINEAR"},
                ],
                "channels": [
                    {"sampler": 0, "target": {"node": node, "path": "translation"}},
                    {"sampler": 1, "target": {"node": node, "path": "rotation"}},
                ],
            }
        )
    if anims:
        b.doc["animations"] = anims


def _pack(doc: dict, binary: bytes) -> bytes:
    js = json.dumps(doc, separators=(",", ":")).encode("utf-8")
    js += b" " * (-len(js) % 4)
    binary += b"\0" * (-len(binary) % 4)
    total = 12 + 8 + len(js) + 8 + len(binary)
    return (
        struct.pack("<4sII", b"glTF", 2, total)
        + struct.pack("<I4s", len(js), b"JSON")
        + js
        + struct.pack("<I4s", len(binary), b"BIN\0")
        + binary
    )
