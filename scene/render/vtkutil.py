"""The small VTK/pyvista toolkit the renderer, viewer and contact sheet share: the pyvista
module set up for offscreen EGL, triangle arrays as PolyData, and palette materials as
actors."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from ...assets.materials import PALETTE
from ..model.color import display_tuple, encode_display, to_uint8

if TYPE_CHECKING:
    from types import ModuleType

    import pyvista

    from ...assets.materials import Material


def pv_module() -> ModuleType:
    """pyvista, set up for offscreen rendering (EGL without X); VTK's warnings quiet."""
    import pyvista as pv
    from vtkmodules.vtkCommonCore import vtkLogger

    # VTK tries X before falling back to EGL and logs a harmless "bad X server" warning
    vtkLogger.SetStderrVerbosity(vtkLogger.VERBOSITY_ERROR)
    return pv


def polydata(pv: ModuleType, vertices: np.ndarray, faces: np.ndarray) -> pyvista.PolyData:
    """(V, 3) vertices and (F, 3) triangle indices as a pyvista PolyData (float32 points,
    triangles in VTK's 32-bit cell storage: half the memory of its 64-bit default)."""
    from vtkmodules.vtkCommonDataModel import vtkCellArray

    faces = np.asarray(faces)
    cells = vtkCellArray()
    offsets = np.arange(0, 3 * len(faces) + 1, 3, dtype=np.int32)
    cells.SetData(_int32_array(offsets), _int32_array(faces.astype(np.int32).ravel()))
    mesh = pv.PolyData()
    mesh.points = np.asarray(vertices, dtype=np.float32)
    mesh.SetPolys(cells)
    return mesh


def _int32_array(values: np.ndarray):
    """A vtkTypeInt32Array holding a copy of the (N,) int32 ``values``."""
    from vtkmodules.util.numpy_support import numpy_to_vtk
    from vtkmodules.vtkCommonCore import vtkTypeInt32Array

    out = vtkTypeInt32Array()
    out.DeepCopy(numpy_to_vtk(np.ascontiguousarray(values, np.int32), deep=False))
    return out


def add_material_mesh(
    plotter: pyvista.Plotter,
    pv: ModuleType,
    mat_name: str,
    v: np.ndarray,
    f: np.ndarray,
    face_colors: np.ndarray | None = None,
) -> tuple[pyvista.Actor, pyvista.PolyData]:
    """Add ``v`` (V, 3), ``f`` (F, 3) drawn in palette material ``mat_name``. Emissive
    materials are drawn unlit in their glow colour; with ``face_colors`` ((F, 3) display
    0..1, lit in numpy) the mesh is drawn unlit in those; otherwise VTK's lights shade it.
    Returns (actor, polydata)."""
    mat = PALETTE[mat_name]
    mesh = polydata(pv, v, f)
    if mat.is_emissive:
        actor = plotter.add_mesh(
            mesh, color=emissive_display(mat), lighting=False, opacity=mat.opacity
        )
        return actor, mesh
    if face_colors is not None:
        return add_colored_mesh(plotter, pv, v, f, face_colors, mesh)
    kw = dict(
        ambient=0.02,
        diffuse=0.95,
        specular=0.5 * mat.metallic + 0.1,
        specular_power=10 + 40 * (1 - mat.roughness),
        smooth_shading=False,
    )
    return plotter.add_mesh(mesh, color=display_tuple(mat.base_color), **kw), mesh


def add_colored_mesh(
    plotter: pyvista.Plotter,
    pv: ModuleType,
    v: np.ndarray,
    f: np.ndarray,
    face_colors: np.ndarray,
    mesh: pyvista.PolyData | None = None,
) -> tuple[pyvista.Actor, pyvista.PolyData]:
    """Add ``v`` (V, 3), ``f`` (F, 3) drawn unlit in ``face_colors`` ((F, 3) display 0..1).
    Returns (actor, polydata)."""
    mesh = polydata(pv, v, f) if mesh is None else mesh
    mesh.cell_data["rgb"] = to_uint8(face_colors)
    actor = plotter.add_mesh(mesh, scalars="rgb", rgb=True, lighting=False, show_scalar_bar=False)
    return actor, mesh


def emissive_display(mat: Material) -> tuple[float, float, float]:
    """Display colour of an emissive material: its hue at full brightness, whitened a little
    by strength (a hot plume's core is near white, its body keeps its blue)."""
    e = np.asarray(mat.emissive, float)
    e = e / max(e.max(), 1e-9)
    white = min(0.35, 0.02 * mat.emissive_strength)
    return tuple(float(c) for c in encode_display(e * (1 - white) + white))
