"""Interaction detail for the desktop viewer: coarse stand-ins shown while the camera moves.

On a CPU-only machine (Mesa llvmpipe) a 1280×720 frame of the full scene costs about a
second, most of it multisampling and the million triangles. While the camera moves the
viewer shows instead:

- a terrain mesh of ``COARSE_TERRAIN_PX`` samples per edge (vertex colours from the same
  baked ground light as the full mesh),
- every distinct structure mesh simplified once by quadric clustering (``DIVISIONS`` bins
  along its longest side) and merged per (layer, material) like the renderer does,
- no multisampling,

and swaps the full-detail actors back when the camera comes to rest. ``DetailSwitch`` also
owns layer visibility, since a layer is two sets of actors here.
"""

from __future__ import annotations

import numpy as np

from ..terrain import terrain_mesh
from .layers import layer_of
from .render import add_material_mesh, sample_grid

COARSE_TERRAIN_PX = 257
DIVISIONS = 20
KEEP_BELOW = 48  # primitives with fewer triangles are kept as they are


def polydata(vertices: np.ndarray, faces: np.ndarray):
    """pyvista PolyData of triangles: vertices (N, 3), faces (M, 3)."""
    import pyvista as pv

    cells = np.empty((len(faces), 4), dtype=np.int64)
    cells[:, 0] = 3
    cells[:, 1:] = faces
    return pv.PolyData(np.asarray(vertices, dtype=np.float32), cells.ravel())


def decimate(vertices: np.ndarray, faces: np.ndarray,
             divisions: int = DIVISIONS) -> tuple[np.ndarray, np.ndarray]:
    """Quadric-clustering simplification of one primitive.

    vertices (N, 3), faces (M, 3) -> (N', 3) float32, (M', 3) int64 with M' ≤ M (may be 0
    for thin parts, which then vanish while moving).
    """
    if len(faces) < KEEP_BELOW:
        return np.asarray(vertices, np.float32), np.asarray(faces, np.int64)
    import pyvista as pv
    from vtkmodules.vtkFiltersCore import vtkQuadricClustering

    ext = np.ptp(np.asarray(vertices, float), axis=0)
    cell = max(float(ext.max()), 1e-6) / divisions
    q = vtkQuadricClustering()
    q.SetInputData(polydata(vertices, faces))
    q.SetNumberOfDivisions(*(max(1, int(np.ceil(e / cell))) for e in ext))
    q.Update()
    out = pv.wrap(q.GetOutput())
    if out.n_cells == 0:
        return np.zeros((0, 3), np.float32), np.zeros((0, 3), np.int64)
    f = out.faces.reshape(-1, 4)[:, 1:].astype(np.int64)
    return np.asarray(out.points, np.float32), f


def coarse_structures(world, divisions: int = DIVISIONS) -> dict[tuple[str, str], tuple]:
    """Simplified structures in world space, one (V, F) per (layer, material)."""
    simplified: dict[int, tuple[np.ndarray, np.ndarray]] = {}
    acc: dict[tuple[str, str], list] = {}
    for node, m in world.graph.instances():
        if node.kind == "terrain":
            continue
        r, t = m[:3, :3], m[:3, 3]
        for prim in node.mesh.primitives:
            key = id(prim)
            if key not in simplified:
                simplified[key] = decimate(prim.vertices, prim.faces, divisions)
            v, f = simplified[key]
            if len(f):
                acc.setdefault((layer_of(node.kind, prim.material), prim.material),
                               []).append((v @ r.T + t, f))
    out = {}
    for key, items in sorted(acc.items()):
        offs = np.cumsum([0] + [len(v) for v, _ in items[:-1]])
        out[key] = (np.vstack([v for v, _ in items]),
                    np.vstack([f + o for (_, f), o in zip(items, offs, strict=True)]))
    return out


class DetailSwitch:
    """Full-detail actors at rest, coarse ones while moving; per-layer visibility.

    renderer: a ``scene.render.Renderer`` (its ``layers`` and ``plotter`` are used).
    """

    def __init__(self, renderer, world, terrain_px: int = COARSE_TERRAIN_PX,
                 divisions: int = DIVISIONS):
        import pyvista as pv

        self.renderer, self.world = renderer, world
        self.plotter = renderer.plotter
        self.enabled = True
        self.moving = False
        self.full_samples = self.plotter.render_window.GetMultiSamples()
        self.visible = {layer: True for layer in renderer.layers}
        self.coarse: dict[str, list] = {}
        self.coarse_triangles = 0
        v, f = terrain_mesh(world.terrain, max_px=terrain_px)
        self._terrain_xy = v[:, :2].astype(float)
        mesh = polydata(v, f)
        mesh.point_data["rgb"] = self._terrain_rgb()
        self._coarse_terrain = mesh
        self._add("terrain", self.plotter.add_mesh(mesh, scalars="rgb", rgb=True,
                                                   lighting=False, show_scalar_bar=False),
                  len(f))
        for (layer, mat), (sv, sf) in coarse_structures(world, divisions).items():
            self._add(layer, add_material_mesh(self.plotter, pv, mat, sv, sf), len(sf))
        self.apply()

    def _add(self, layer: str, actor, n_tri: int) -> None:
        actor.SetVisibility(False)
        self.coarse.setdefault(layer, []).append(actor)
        self.visible.setdefault(layer, True)
        self.coarse_triangles += n_tri

    def _terrain_rgb(self) -> np.ndarray:
        lighting = self.renderer.lighting
        if lighting == self.world.cfg["lighting"] and "terrain_display" in self.world.cache:
            display = self.world.cache["terrain_display"]
        else:
            display = self.world.terrain_display(lighting)
        rgb = sample_grid(self.world.terrain, display, self._terrain_xy)
        return (np.clip(rgb, 0, 1) * 255 + 0.5).astype(np.uint8)

    def relight(self) -> None:
        """Recolour the coarse ground after ``Renderer.set_sun``."""
        self._coarse_terrain.point_data["rgb"] = self._terrain_rgb()

    @property
    def layers(self) -> list[str]:
        return list(self.visible)

    def set_layer(self, layer: str, on: bool) -> None:
        if layer not in self.visible:
            raise KeyError(f"no layer {layer!r}; layers: {', '.join(self.visible)}")
        self.visible[layer] = bool(on)
        self.apply()

    def toggle_layer(self, layer: str) -> bool:
        self.set_layer(layer, not self.visible[layer])
        return self.visible[layer]

    def set_moving(self, moving: bool) -> bool:
        """Switch to coarse (True) or full detail; returns whether anything changed."""
        moving = bool(moving) and self.enabled
        if moving == self.moving:
            return False
        self.moving = moving
        self.apply()
        return True

    def apply(self) -> None:
        """Set every actor's visibility from the layer switches and the moving state."""
        for layer, on in self.visible.items():
            has_coarse = bool(self.coarse.get(layer))
            for a in self.renderer.layers.get(layer, []):
                a.SetVisibility(on and not (self.moving and has_coarse))
            for a in self.coarse.get(layer, []):
                a.SetVisibility(on and self.moving)
        self.plotter.render_window.SetMultiSamples(0 if self.moving else self.full_samples)
