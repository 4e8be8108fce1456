"""glTF meshes from the graph's shared meshes: Y-up positions, normals, colours, uv."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from . import axes
from .buffers import ELEMENT_ARRAY_BUFFER, Buffers
from .detail import detail_tangents, detail_uv

if TYPE_CHECKING:
    from ...model.graph import Mesh, Primitive
    from .detail import DetailMap
    from .materials import EmissiveMap, Materials


def vertex_normals(vertices: np.ndarray, faces: np.ndarray) -> np.ndarray:
    """(N, 3) float32 area-weighted unit vertex normals of (N, 3) ``vertices`` and (M, 3)
    ``faces`` (``terrain.mesh.vertex_normals``' law, summed with ``bincount``: several
    times faster than ``np.add.at``); unused or degenerate vertices get +z."""
    v = np.asarray(vertices, np.float64)
    f = np.asarray(faces, np.int64)
    a, b, c = v[f[:, 0]], v[f[:, 1]], v[f[:, 2]]
    e1, e2 = (b - a).T, (c - a).T  # (3, M) each
    # (M, 3) face normals, length 2 x area (np.cross, without its overhead)
    fn = np.stack(
        [
            e1[1] * e2[2] - e1[2] * e2[1],
            e1[2] * e2[0] - e1[0] * e2[2],
            e1[0] * e2[1] - e1[1] * e2[0],
        ],
        axis=1,
    )
    idx = f.T.ravel()  # corners 0, then 1, then 2
    out = np.empty((len(v), 3))
    for c in range(3):
        out[:, c] = np.bincount(idx, np.tile(fn[:, c], 3), minlength=len(v))
    nrm = np.linalg.norm(out, axis=1, keepdims=True)
    out /= np.where(nrm > 0, nrm, 1.0)
    out[nrm[:, 0] == 0] = (0.0, 0.0, 1.0)
    return out.astype(np.float32)


class Meshes:
    """The document's meshes: one per shared graph mesh (``share``) or one per use."""

    def __init__(self, buffers: Buffers, materials: Materials, share: bool = True):
        self.b, self.materials, self.share = buffers, materials, share
        self.list: list[dict] = []
        self._index: dict[int, int] = {}
        self.glow: dict[int, EmissiveMap] = {}  # id of a primitive -> its baked emission
        self.detail: dict[int, DetailMap] = {}  # id of a primitive -> its detail normals

    def triangles(
        self,
        vertices: np.ndarray,
        faces: np.ndarray,
        normals: np.ndarray | None = None,
        uv: np.ndarray | None = None,
        colors: np.ndarray | None = None,
    ) -> dict:
        """glTF primitive attributes and indices (material unset) of a triangle set in the
        scene's Z-up frame: (N, 3) vertices, (M, 3) faces, optional (N, 3) normals (else
        computed), (N, 2) uv and (N, 3) linear colours."""
        b = self.b
        if normals is None:
            normals = vertex_normals(vertices, faces)
        attrs = {
            "POSITION": b.accessor(axes.points(vertices), "VEC3", minmax=True),
            "NORMAL": b.accessor(axes.points(normals), "VEC3"),
        }
        if colors is not None:
            attrs["COLOR_0"] = b.accessor(colors.astype(np.float32), "VEC3")
        if uv is not None:
            attrs["TEXCOORD_0"] = b.accessor(uv.astype(np.float32), "VEC2")
        idx = b.accessor(faces.astype(np.uint32).ravel(), "SCALAR", ELEMENT_ARRAY_BUFFER)
        return {"attributes": attrs, "indices": idx, "mode": 4}

    def primitive(self, p: Primitive) -> dict:
        """The glTF primitive of graph primitive ``p`` with its palette material (textured
        when it has a texture and uv, glowing when ``glow`` holds an emissive map for it)."""
        textured = p.texture is not None and p.uv is not None
        detail = self.detail.get(id(p))
        normals = vertex_normals(p.vertices, p.faces) if detail is not None else None
        out = self.triangles(
            p.vertices, p.faces, normals, uv=p.uv if textured else None, colors=p.colors
        )
        tex = self.b.texture(p.texture) if textured else None
        if detail is not None:
            attrs = out["attributes"]
            attrs["TEXCOORD_1"] = self.b.accessor(detail_uv(p.vertices, detail.tile_m), "VEC2")
            attrs["TANGENT"] = self.b.accessor(detail_tangents(normals), "VEC4")
        out["material"] = self.materials.palette(
            p.material,
            p.colors is not None,
            tex,
            self.glow.get(id(p)),
            detail.texture if detail is not None else None,
        )
        return out

    def add(self, name: str, primitives: list[dict], extras: dict | None = None) -> int:
        """Index of a new mesh of already written ``primitives``."""
        mesh: dict = {"name": name, "primitives": primitives}
        if extras:
            mesh["extras"] = extras
        self.list.append(mesh)
        return len(self.list) - 1

    def of(self, m: Mesh) -> int:
        """Index of the glTF mesh of graph mesh ``m`` (written once when sharing)."""
        if self.share and id(m) in self._index:
            return self._index[id(m)]
        i = self.add(m.name, [self.primitive(p) for p in m.primitives])
        self._index[id(m)] = i
        return i
