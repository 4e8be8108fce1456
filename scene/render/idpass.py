"""The object ID pass: which structure covers each pixel of a shot.

Every structure instance is drawn unlit in a flat colour that encodes its index (24 bits in
R, G, B; no anti-aliasing, no finishing), behind the real terrain, so reading the frame back
gives an exact (H, W) instance image. Camera scoring counts pixels per element from it
(``coverage``), and ``lunarbase still --ids`` writes it as a colour-coded PNG for
compositing. Emissive lamp heads get their own ID (a lit lamp is an element of its own).
Translucent effects (plumes, dust) are left out: they hide nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components
from scipy.spatial import cKDTree
from trimesh.util import append_faces

from ...assets.materials import PALETTE
from ..anim.cameras import Pose
from ..anim.motion import drive_matrices
from ..model.layers import EFFECT_MATERIALS
from .renderer import clip_range, set_camera
from .vtkutil import polydata, pv_module

if TYPE_CHECKING:
    from types import ModuleType

    from ..model.world import World

BACKGROUND, TERRAIN = 0, 1  # IDs of the sky and the ground; instances start at 2
LAMP_MATERIALS = ("lamp",)


@dataclass(frozen=True)
class IdEntry:
    """What an ID stands for: a graph node (``name``, ``kind``) or its lamp heads."""

    name: str
    kind: str
    lamp: bool = False


FIXTURE_GAP_M = 3.0  # lamp faces closer than this belong to one fixture (a mast's heads)


def lamp_fixtures(vertices: np.ndarray, faces: np.ndarray) -> np.ndarray:
    """(F,) int64 fixture index of each lamp face ((V, 3) vertices, (F, 3) faces): faces
    whose centres chain within ``FIXTURE_GAP_M`` of each other form one fixture (the heads
    on one pole or mast), numbered from 0 in order of first face."""
    c = np.asarray(vertices, np.float64)[np.asarray(faces, np.int64)].mean(axis=1)
    if len(c) < 2:
        return np.zeros(len(c), np.int64)
    pairs = cKDTree(c).query_pairs(FIXTURE_GAP_M, output_type="ndarray")
    g = coo_matrix((np.ones(len(pairs)), (pairs[:, 0], pairs[:, 1])), shape=(len(c), len(c)))
    _, label = connected_components(g, directed=False)
    _, first = np.unique(label, return_index=True)
    order = np.argsort(np.argsort(first))  # renumber by first appearance
    return order[label].astype(np.int64)


class IdPass:
    """Renders instance-ID images of one World at one size (reuse it for many poses)."""

    def __init__(self, world: World, width: int, height: int, t: float = 0.0) -> None:
        self.world, self.width, self.height = world, width, height
        pv = pv_module()
        self.plotter = pv.Plotter(off_screen=True, window_size=(width, height), lighting="none")
        self.plotter.render_window.SetMultiSamples(0)
        self.plotter.renderer.SetUseFXAA(False)
        self.plotter.set_background("black")
        self.entries: list[IdEntry] = [IdEntry("", "sky"), IdEntry("terrain", "terrain")]
        v, f = world.ground_triangles()
        self._add(pv, v, f, np.full(len(f), TERRAIN, np.int64))
        self._add_structures(pv, t)

    def _add(self, pv: ModuleType, v: np.ndarray, f: np.ndarray, ids: np.ndarray) -> None:
        """Draw (V, 3) vertices, (F, 3) faces with (F,) integer IDs as flat colours."""
        mesh = polydata(pv, v, f)
        rgb = np.stack([ids & 255, (ids >> 8) & 255, (ids >> 16) & 255], axis=1)
        mesh.cell_data["id"] = rgb.astype(np.uint8)
        self.plotter.add_mesh(
            mesh,
            scalars="id",
            rgb=True,
            lighting=False,
            show_scalar_bar=False,
            interpolate_before_map=False,
        )

    def _add_structures(self, pv: ModuleType, t: float) -> None:
        """Every opaque structure instance at time ``t`` as one mesh: (V, 3) float64 world
        vertices, (F, 3) int64 faces, each face coloured by its instance's (or lamp's) ID."""
        moving = drive_matrices(self.world, t)
        vs, fs, ids = [], [], []
        fixtures: dict[int, np.ndarray] = {}  # id(primitive) -> (F,) fixture of each face
        for node, static in self.world.graph.instances():
            if node.kind == "terrain":
                continue
            m = moving.get(node.name, static)
            base = len(self.entries)
            self.entries.append(IdEntry(node.name, node.kind))
            for prim in node.mesh.primitives:
                if prim.material in EFFECT_MATERIALS or PALETTE[prim.material].opacity < 1.0:
                    continue
                code = np.full(len(prim.faces), base, np.int64)
                if prim.material in LAMP_MATERIALS:  # one ID per lamp fixture
                    fixture = fixtures.get(id(prim))
                    if fixture is None:  # a shared mesh's fixtures: found once
                        fixture = fixtures[id(prim)] = lamp_fixtures(prim.vertices, prim.faces)
                    code = len(self.entries) + fixture
                    for _ in range(int(fixture.max()) + 1):
                        self.entries.append(IdEntry(node.name, node.kind, lamp=True))
                vs.append(np.asarray(prim.vertices, np.float64) @ m[:3, :3].T + m[:3, 3])
                fs.append(np.asarray(prim.faces, np.int64))
                ids.append(code)
        if vs:
            v, f = append_faces(vs, fs)
            self._add(pv, v, f, np.concatenate(ids))

    def render(self, pose: Pose) -> np.ndarray:
        """(H, W) int64 IDs seen from ``pose`` (index into ``entries``)."""
        from vtkmodules.util.numpy_support import vtk_to_numpy
        from vtkmodules.vtkCommonCore import vtkUnsignedCharArray

        set_camera(self.plotter, pose, clip_range(self.world, pose))
        win = self.plotter.render_window
        win.Render()
        w, h = win.GetSize()
        buf = vtkUnsignedCharArray()
        win.GetPixelData(0, 0, w - 1, h - 1, 1, buf, 0)
        rgb = vtk_to_numpy(buf).reshape(h, w, 3)[::-1].astype(np.int64)
        return rgb[..., 0] | (rgb[..., 1] << 8) | (rgb[..., 2] << 16)

    def close(self) -> None:
        """Close the plotter."""
        self.plotter.close()


def coverage(ids: np.ndarray, entries: list[IdEntry]) -> dict[str, tuple[str, int]]:
    """For each element, its largest visible instance: {element: (node name, pixels)}.

    ids: (H, W) from ``IdPass.render``. Elements are node kinds, plus "lamp" for the lit lamp
    heads of any structure."""
    counts = np.bincount(ids.ravel(), minlength=len(entries))
    best: dict[str, tuple[str, int]] = {}
    for i in np.flatnonzero(counts[2:]) + 2:
        e = entries[i]
        key = "lamp" if e.lamp else e.kind
        if counts[i] > best.get(key, ("", 0))[1]:
            best[key] = (e.name, int(counts[i]))
    return best


def id_image(ids: np.ndarray, entries: list[IdEntry]) -> tuple[np.ndarray, dict[str, list]]:
    """A colour-coded (H, W, 3) uint8 picture of ``ids``, one colour per element kind, and
    its legend {kind: [r, g, b]} (sky black, terrain dark grey)."""
    kinds = sorted({("lamp" if e.lamp else e.kind) for e in entries[2:]})
    rng = np.random.default_rng(7)
    hues = {k: (rng.uniform(0, 1, 3) * 200 + 55).astype(np.uint8) for k in kinds}
    lut = np.zeros((len(entries), 3), np.uint8)
    lut[TERRAIN] = (48, 48, 48)
    for i, e in enumerate(entries[2:], start=2):
        lut[i] = hues["lamp" if e.lamp else e.kind]
    legend = {"sky": [0, 0, 0], "terrain": [48, 48, 48]}
    legend.update({k: [int(c) for c in v] for k, v in hues.items()})
    return lut[np.clip(ids, 0, len(entries) - 1)], legend
