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


_SETTERS = {
    "ambient": "SetAmbient",
    "diffuse": "SetDiffuse",
    "specular": "SetSpecular",
    "specular_power": "SetSpecularPower",
}


def set_matrix(actor, m: np.ndarray) -> None:
    """Place ``actor`` with the (4, 4) world matrix ``m`` (VTK's user matrix)."""
    from vtkmodules.vtkCommonMath import vtkMatrix4x4

    mat = vtkMatrix4x4()
    mat.DeepCopy(np.asarray(m, dtype=np.float64).ravel().tolist())
    actor.SetUserMatrix(mat)


def add_actor(
    plotter: pyvista.Plotter,
    mesh: pyvista.PolyData,
    color: tuple[float, float, float] | None = None,
    *,
    lighting: bool = False,
    opacity: float = 1.0,
    **material: float,
):
    """Add ``mesh`` to ``plotter``'s renderer as a plain VTK actor, flat shaded: in
    ``color`` (display 0..1, rounded to 8 bits as pyvista does), or with ``color`` None in
    the mesh's uint8 cell array ``rgb`` as direct colours. ``material``: ambient, diffuse,
    specular, specular_power of a lit actor. Returns the ``vtkActor``.

    The same VTK state as pyvista's ``add_mesh`` with those options, without its Python
    work per call (about 5 ms: a lookup table through matplotlib, argument checks): a
    renderer adds over a thousand actors when it loads a scene."""
    from vtkmodules.vtkRenderingCore import vtkActor, vtkPolyDataMapper

    mapper = vtkPolyDataMapper()
    mapper.SetInputData(mesh)
    if color is None:
        mesh.GetCellData().SetActiveScalars("rgb")
        mapper.SetScalarModeToUseCellData()
        mapper.SetColorModeToDirectScalars()
        mapper.ScalarVisibilityOn()
    else:
        mapper.ScalarVisibilityOff()
    actor = vtkActor()
    actor.SetMapper(mapper)
    prop = actor.GetProperty()
    prop.SetInterpolationToFlat()
    prop.SetLighting(bool(lighting))
    prop.SetOpacity(float(opacity))
    if color is not None:
        prop.SetColor(*(round(float(c) * 255) / 255 for c in color))
    for name, value in material.items():
        if name not in _SETTERS:
            raise TypeError(f"add_actor: unknown material setting {name!r}")
        getattr(prop, _SETTERS[name])(float(value))
    plotter.renderer.AddActor(actor)
    return actor


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
        return add_actor(plotter, mesh, emissive_display(mat), opacity=mat.opacity), mesh
    if face_colors is not None:
        return add_colored_mesh(plotter, pv, v, f, face_colors, mesh)
    actor = add_actor(
        plotter,
        mesh,
        display_tuple(mat.base_color),
        lighting=True,
        ambient=0.02,
        diffuse=0.95,
        specular=0.5 * mat.metallic + 0.1,
        specular_power=10 + 40 * (1 - mat.roughness),
    )
    return actor, mesh


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
    return add_actor(plotter, mesh), mesh


def emissive_display(mat: Material) -> tuple[float, float, float]:
    """Display colour of an emissive material: its hue at full brightness, whitened a little
    by strength (a hot plume's core is near white, its body keeps its blue)."""
    e = np.asarray(mat.emissive, float)
    e = e / max(e.max(), 1e-9)
    white = min(0.35, 0.02 * mat.emissive_strength)
    return tuple(float(c) for c in encode_display(e * (1 - white) + white))


def read_back(win) -> tuple[np.ndarray, np.ndarray]:
    """The frame just rendered in the render window ``win``, top row first: (H, W, 3) uint8
    colours and (H, W) float32 window depths (1.0: nothing drawn, the sky), read straight
    from the window (its front buffer) without re-rendering."""
    from vtkmodules.util.numpy_support import vtk_to_numpy
    from vtkmodules.vtkCommonCore import vtkFloatArray, vtkUnsignedCharArray

    w, h = win.GetSize()
    rgb = vtkUnsignedCharArray()
    win.GetPixelData(0, 0, w - 1, h - 1, 1, rgb, 0)
    z = vtkFloatArray()
    win.GetZbufferData(0, 0, w - 1, h - 1, z)
    return vtk_to_numpy(rgb).reshape(h, w, 3)[::-1], vtk_to_numpy(z).reshape(h, w)[::-1]
