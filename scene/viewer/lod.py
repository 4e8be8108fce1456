"""Interaction detail for the desktop viewer: coarse stand-ins shown while the camera moves.

On a CPU-only machine (Mesa llvmpipe) a 1280×720 frame of the full scene costs a few
tenths of a second, most of it the half million triangles (and any multisampling). While
the camera moves the viewer shows instead:

- the renderer's ground simplified to about ``COARSE_TERRAIN_PX`` cells per edge of the
  heightfield (and ``FAR_CELLS`` over the far grid's ring) by vertex clustering of whatever
  mesh the renderer shows; each coarse ground shares its full ground's lit texture, so
  shadows and sun changes carry over,
- every distinct structure mesh simplified once by quadric clustering (``DIVISIONS`` bins
  along its longest side) and merged per (layer, material) like the renderer does,
- no boulders (``HIDDEN_WHILE_MOVING``: thousands of small instances) — vehicles the
  renderer animates itself stay as they are,
- no multisampling,

and swaps the full-detail actors back when the camera comes to rest. ``DetailSwitch`` also
owns layer visibility, since a layer is two sets of actors here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
from trimesh.util import append_faces

from ..model.layers import layer_of
from ..render.terrain_actor import texture_coords
from ..render.vtkutil import add_material_mesh, polydata, pv_module
from ..shading.merge import DYNAMIC_KINDS  # moving actors the renderer draws itself

if TYPE_CHECKING:
    import pyvista

    from ..model.world import World
    from ..render.renderer import Renderer

COARSE_TERRAIN_PX = 193
DIVISIONS = 8
KEEP_BELOW = 24  # primitives with fewer triangles are kept as they are
FAR_CELLS = 64  # bins per edge of a far terrain ring, over its whole extent
HIDDEN_WHILE_MOVING = ("rocks",)  # thousands of small instances: not drawn while moving


def _cluster(mesh: pyvista.PolyData, divisions: tuple[int, int, int]) -> pyvista.PolyData:
    """Quadric clustering of a pyvista PolyData into ``divisions`` (x, y, z) bins."""
    import pyvista as pv
    from vtkmodules.vtkFiltersCore import vtkQuadricClustering

    q = vtkQuadricClustering()
    q.SetInputData(mesh)
    q.SetNumberOfDivisions(*(max(1, int(d)) for d in divisions))
    q.Update()
    return pv.wrap(q.GetOutput())


def decimate(
    vertices: np.ndarray, faces: np.ndarray, divisions: int = DIVISIONS
) -> tuple[np.ndarray, np.ndarray]:
    """Quadric-clustering simplification of one primitive.

    vertices (N, 3), faces (M, 3) -> (N', 3) float32, (M', 3) int64 with M' ≤ M (may be 0
    for thin parts, which then vanish while moving).
    """
    if len(faces) < KEEP_BELOW:
        return np.asarray(vertices, np.float32), np.asarray(faces, np.int64)
    ext = np.ptp(np.asarray(vertices, float), axis=0)
    cell = max(float(ext.max()), 1e-6) / divisions
    out = _cluster(polydata(pv_module(), vertices, faces), tuple(np.ceil(ext / cell)))
    if out.n_cells == 0:
        return np.zeros((0, 3), np.float32), np.zeros((0, 3), np.int64)
    f = out.faces.reshape(-1, 4)[:, 1:].astype(np.int64)
    return np.asarray(out.points, np.float32), f


def coarse_ground(full: pyvista.PolyData, cells: int = COARSE_TERRAIN_PX) -> pyvista.PolyData:
    """One grid's ground mesh (pyvista PolyData) simplified for motion by vertex clustering
    into ``cells`` bins per edge of its extent. Returns the coarse PolyData (the caller gives
    it texture coordinates: they depend on position only)."""
    return _cluster(full, (cells, cells, 1))


def coarse_structures(
    world: World, divisions: int = DIVISIONS, skip: tuple[str, ...] = HIDDEN_WHILE_MOVING
) -> dict[tuple[str, str], tuple]:
    """Simplified structures in world space, one ((V, 3) float64, (F, 3) int64) per (layer,
    material); layers in ``skip`` and the renderer's moving vehicles are left out."""
    simplified: dict[int, tuple[np.ndarray, np.ndarray]] = {}
    acc: dict[tuple[str, str], list] = {}
    for node, m in world.graph.instances():
        if node.kind == "terrain" or node.kind in DYNAMIC_KINDS:
            continue
        r, t = m[:3, :3], m[:3, 3]
        for prim in node.mesh.primitives:
            layer = layer_of(node.kind, prim.material)
            if layer in skip:
                continue
            if id(prim) not in simplified:
                simplified[id(prim)] = decimate(prim.vertices, prim.faces, divisions)
            v, f = simplified[id(prim)]
            if len(f):
                acc.setdefault((layer, prim.material), []).append((v @ r.T + t, f))
    out = {}
    for key, items in sorted(acc.items()):
        out[key] = append_faces([v for v, _ in items], [f for _, f in items])
    return out


class DetailSwitch:
    """Full-detail actors at rest, coarse ones while moving; per-layer visibility.

    renderer: a ``scene.render.Renderer``. The renderer stays in charge of its own actors'
    visibility (layers, and any distance-dependent tiles it picks per camera pose): while
    moving their states are saved and they are hidden, at rest the states come back and the
    renderer is asked to update for the current camera (``at_rest``).
    """

    def __init__(
        self,
        renderer: Renderer,
        world: World,
        terrain_px: int = COARSE_TERRAIN_PX,
        divisions: int = DIVISIONS,
    ) -> None:
        import pyvista as pv

        self.renderer, self.world = renderer, world
        self.plotter = renderer.plotter
        self.enabled = True
        self.moving = False
        self.at_rest = lambda: None  # set by the viewer: renderer update for the camera
        self.full_samples = self.plotter.render_window.GetMultiSamples()
        self.visible = {layer: True for layer in renderer.layers}
        self.coarse: dict[str, list] = {}
        self.coarse_triangles = 0
        self._saved: list[tuple[object, int]] = []
        self._grounds = []  # (full ground actor, its coarse stand-in), sharing the texture
        ground = getattr(renderer, "ground", None)
        for grid, full, actor in ground.parts if ground is not None else []:
            n = terrain_px if grid is world.terrain else FAR_CELLS
            if full.n_cells <= 2 * n**2:
                continue  # already light enough: keep it
            coarse = coarse_ground(full, n)
            coarse.active_texture_coordinates = texture_coords(grid, np.asarray(coarse.points))
            stand_in = self.plotter.add_mesh(coarse, lighting=False, color="white")
            stand_in.SetTexture(actor.GetTexture())
            self._grounds.append((actor, stand_in))
            self._add("terrain", stand_in, coarse.n_cells)
        for (layer, mat), (sv, sf) in coarse_structures(world, divisions).items():
            self._add(layer, add_material_mesh(self.plotter, pv, mat, sv, sf)[0], len(sf))

    def _add(self, layer: str, actor: pyvista.Actor, n_tri: int) -> None:
        actor.SetVisibility(False)
        self.coarse.setdefault(layer, []).append(actor)
        self.visible.setdefault(layer, True)
        self.coarse_triangles += n_tri

    def relight(self) -> None:
        """Give the coarse ground the full ground's new texture (after ``Renderer.set_sun``);
        its texture coordinates depend only on position, so re-meshing does not touch it."""
        for actor, stand_in in self._grounds:
            stand_in.SetTexture(actor.GetTexture())

    def set_layer(self, layer: str, on: bool) -> None:
        """Show / hide a layer (settles to full detail first)."""
        if layer not in self.visible:
            raise KeyError(f"no layer {layer!r}; layers: {', '.join(self.visible)}")
        self.set_moving(False)
        self.visible[layer] = bool(on)
        self.renderer.set_layer_visible(layer, bool(on))
        self.at_rest()

    def toggle_layer(self, layer: str) -> bool:
        self.set_layer(layer, not self.visible[layer])
        return self.visible[layer]

    def _swapped(self, layer: str) -> bool:
        return bool(self.coarse.get(layer)) or layer in HIDDEN_WHILE_MOVING

    def set_moving(self, moving: bool) -> bool:
        """Switch to coarse (True) or full detail; returns whether anything changed."""
        moving = bool(moving) and self.enabled
        if moving == self.moving:
            return False
        self.moving = moving
        if moving:
            self._saved = [
                (a, a.GetVisibility())
                for layer, actors in self.renderer.layers.items()
                if self._swapped(layer)
                for a in actors
            ]
            for a, _ in self._saved:
                a.SetVisibility(False)
        else:
            for a, vis in self._saved:
                a.SetVisibility(vis)
            self._saved = []
        for layer, actors in self.coarse.items():
            for a in actors:
                a.SetVisibility(moving and self.visible.get(layer, True))
        self.plotter.render_window.SetMultiSamples(0 if moving else self.full_samples)
        if not moving:
            self.at_rest()
        return True
