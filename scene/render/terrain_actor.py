"""The ground as drawn by the renderer: the terrain TIN textured with the lit heightfield.

The ground's light (sun with baked shadows, structure shadows, earthshine, floodlight pools)
is computed in numpy once per sun position on the full grids (``shading.baked``). Drawing
it as a texture, not as per-vertex colours, keeps every grid sample's shading however coarse
the error-bounded triangulation is: a 1 m error TIN has a vertex only every few tens of
metres on smooth ground, and vertex colours would blur the craters' shading there. The near
grid and the far grid each get their own texture and actor; a face belongs to the near
actor when its centroid lies inside the near grid.

Texture coordinates put grid sample (i, j) at its texel's centre: u = (j + 0.5) / W,
v = (i + 0.5) / H (rows run along +y from the grid origin, as VTK images do).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from ...terrain.mesh import split_near_far, submesh, texture_coords
from ..model.color import to_uint8
from ..shading.baked import LitState

if TYPE_CHECKING:
    from collections.abc import Callable
    from types import ModuleType

    import pyvista
    from vtkmodules.vtkRenderingCore import vtkTexture

    from ...terrain.heightfield import Terrain


def vtk_texture(rgb: np.ndarray) -> vtkTexture:
    """A linearly filtered, edge-clamped vtkTexture of an (H, W, 3) display image
    (float 0..1 or uint8), row 0 at v = 0."""
    from vtkmodules.util.numpy_support import numpy_to_vtk
    from vtkmodules.vtkCommonDataModel import vtkImageData
    from vtkmodules.vtkRenderingCore import vtkTexture

    img8 = rgb if rgb.dtype == np.uint8 else to_uint8(rgb)
    h, w, _ = img8.shape
    image = vtkImageData()
    image.SetDimensions(w, h, 1)
    image.GetPointData().SetScalars(numpy_to_vtk(img8.reshape(-1, 3), deep=True))
    tex = vtkTexture()
    tex.SetInputData(image)
    tex.InterpolateOn()
    # no mipmaps: llvmpipe took minutes on some frames sampling mipmapped far ground, and a
    # pixel rarely covers more than a few texels (3 m near, 24 m far samples)
    tex.MipmapOff()
    tex.RepeatOff()
    tex.EdgeClampOn()
    tex.SetColorModeToDirectScalars()
    return tex


class TerrainActors:
    """One textured, unlit actor per grid (near, far); ``set_mesh`` swaps the triangulation
    (re-meshing around the camera), ``set_colors`` the lit images (the sun moved)."""

    def __init__(
        self,
        plotter: pyvista.Plotter,
        pv: ModuleType,
        polydata: Callable[..., pyvista.PolyData],
        terrain: Terrain,
        vertices: np.ndarray,
        faces: np.ndarray,
        state: LitState,
    ) -> None:
        """Actors of the triangulation ``vertices`` (N, 3), ``faces`` (M, 3) of ``terrain``
        (``terrain_mesh``), textured with ``state``'s images."""
        self.terrain = terrain
        self._pv, self._polydata = pv, polydata
        self.parts = []  # (grid, polydata, actor)
        self.hole: tuple[float, float, float, float] | None = None
        self._mesh_vf = (vertices, faces)
        for grid, f in split_near_far(terrain, vertices, faces):
            mesh = self._mesh(grid, vertices, f)
            actor = plotter.add_mesh(mesh, lighting=False, color="white")
            self.parts.append((grid, mesh, actor))
        self.set_colors(state)

    def _mesh(self, grid: Terrain, vertices: np.ndarray, faces: np.ndarray) -> pyvista.PolyData:
        """PolyData of one grid's ``faces`` (K, 3) on ``vertices`` (N, 3), compacted, with
        ``grid``'s texture coordinates."""
        v, f = submesh(vertices, faces)
        mesh = self._polydata(self._pv, v, f)
        mesh.active_texture_coordinates = texture_coords(grid, v)
        return mesh

    @property
    def actors(self) -> list:
        return [a for _, _, a in self.parts]

    @property
    def n_triangles(self) -> int:
        return int(sum(m.n_cells for _, m, _ in self.parts))

    def set_colors(self, state: LitState) -> None:
        """Texture each grid with its display image from ``state``."""
        for grid, _, actor in self.parts:
            image = state.terrain if grid is self.terrain else state.terrain_far
            actor.SetTexture(vtk_texture(image))

    def set_mesh(self, vertices: np.ndarray, faces: np.ndarray) -> None:
        """Swap in a new triangulation: ``vertices`` (N, 3) float64, ``faces`` (M, 3) int64
        (``terrain_mesh``); textures are kept."""
        self._mesh_vf = (vertices, faces)
        for (grid, mesh, _), (_, f) in zip(
            self.parts, split_near_far(self.terrain, vertices, faces), strict=True
        ):
            keep = f
            if grid is self.terrain and self.hole is not None:
                keep = f[~_inside(vertices, f, self.hole)]
            mesh.copy_from(self._mesh(grid, vertices, keep))

    def set_hole(
        self, rect: tuple[float, float, float, float] | None
    ) -> tuple[np.ndarray, np.ndarray]:
        """Leave out of the near actor the near faces whose three vertices lie in ``rect``
        (xmin, ymin, xmax, ymax; None: none), for another actor to draw (the detail tier).
        Returns those faces' compacted vertices (K, 3) and faces (L, 3)."""
        self.hole = rect
        vertices, faces = self._mesh_vf
        self.set_mesh(vertices, faces)
        if rect is None:
            return np.zeros((0, 3)), np.zeros((0, 3), dtype=np.int64)
        near = split_near_far(self.terrain, vertices, faces)[0][1]
        return submesh(vertices, near[_inside(vertices, near, rect)])


def _inside(vertices: np.ndarray, faces: np.ndarray, rect: tuple) -> np.ndarray:
    """(M,) bool: faces (M, 3) of ``vertices`` (N, 3) with all three vertices in ``rect``."""
    x, y = vertices[faces, 0], vertices[faces, 1]
    return ((x >= rect[0]) & (x <= rect[2]) & (y >= rect[1]) & (y <= rect[3])).all(axis=1)
