"""What changes from frame to frame in the renderer: moving rovers, their dust, flickering
plumes, blinking beacons. Owns its VTK actors; ``update(t)`` poses them for time ``t`` (the
dust is only positions here, drawn by the renderer in image space)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from ..anim.motion import beacons_on, drive_matrices, dust_puffs, plume_flicker
from ..shading import glare, glints, jetglow
from ..shading.jets import engine_jets
from ..shading.merge import DYNAMIC_KINDS
from .vehicle_lod import vehicle_actor
from .vtkutil import set_matrix

if TYPE_CHECKING:
    from collections.abc import Callable
    from types import ModuleType

    import pyvista


class Dynamic:
    """Actors for moving things, created once; ``update(t)`` moves them.

    renderer: the loaded ``renderer.Renderer`` that owns them; pv: the pyvista module;
    polydata: ``vtkutil.polydata``. ``puffs``: the dust of the last update, ((P, 3) centres,
    (P,) radii) float64 m."""

    def __init__(self, renderer, pv: ModuleType, polydata: Callable[..., pyvista.PolyData]) -> None:
        self.r = renderer
        w = renderer.world
        self.vehicles = []  # (node name, [actors])
        colors: dict = {}
        from ...terrain.shading import sun_vector

        lighting = renderer.lighting
        sun = sun_vector(lighting["sun_azimuth_deg"], lighting["sun_elevation_deg"])
        moving = drive_matrices(w, 0.0)
        for node, static in w.graph.instances():
            if node.kind not in DYNAMIC_KINDS:
                continue
            m = moving.get(node.name, static)
            actor = vehicle_actor(renderer, pv, polydata, node.mesh, m, sun, colors)
            set_matrix(actor, m)
            actors = [actor]
            renderer.layers.setdefault("rovers", []).append(actor)
            self.vehicles.append((node.name, actors))
        # the jets' glow proxies (and any other plume), tagged by the renderer when it made
        # them: each jet's proxy is coloured per pixel by the jet shader (shading.jetglow),
        # which flickers; any other translucent plume flickers by its opacity
        self.jets = install_jet_shaders(
            renderer.plotter.renderer, renderer.roles["plume"], engine_jets(w), renderer.ss
        )
        shaded = {id(a) for a, _ in self.jets}
        others = [a for a in renderer.roles["plume"] if id(a) not in shaded]
        # the lamp heads' glare and the metal panels' glints (shading.glare, glints)
        self.points = install_glare_shader(
            renderer.plotter.renderer, others, renderer.ss, renderer.lighting
        )
        shaded |= {id(a) for a in self.points}
        self.plumes = [
            (a, op)
            for a in renderer.roles["plume"]
            if id(a) not in shaded and (op := a.GetProperty().GetOpacity()) < 1.0
        ]
        for a, _ in self.plumes:  # nested glow: each shell's near side only, once
            a.GetProperty().BackfaceCullingOn()
        # dust puffs ((P, 3) centres, (P,) radii) for the frame's time: the renderer draws
        # them in image space (scene/dust.py)
        self.puffs = dust_puffs(w, 0.0)
        self.beacons = renderer.roles["beacon"]

    def update(self, t: float) -> None:
        w = self.r.world
        matrices = drive_matrices(w, t)
        for name, actors in self.vehicles:
            if name in matrices:
                for a in actors:
                    set_matrix(a, matrices[name])
        self.puffs = dust_puffs(w, t, matrices=matrices)
        k = plume_flicker(t, w.cfg.seed)
        for actor, base in self.plumes:
            actor.GetProperty().SetOpacity(base * k)
        for actor, shape in self.jets:
            uni = actor.GetShaderProperty().GetFragmentCustomUniforms()
            uni.SetUniform4f("jetShape", [shape[0], shape[1], k, shape[3]])
        on = beacons_on(t)
        for a in self.beacons:
            a.SetVisibility(on)


def install_glare_shader(
    vtk_renderer, actors: list, ss: int = 1, lighting: dict | None = None
) -> list:
    """Put the point-glow shaders on the glow meshes among ``actors`` that are the lamp
    heads' glare (``shading.glare``: each vertex gets its head's centre as ``glareC``) or
    the metal panels' glints (``shading.glints``: each vertex its face's normal as
    ``glintN``; the sun from ``lighting``, the renderer's live table, read every frame);
    the camera uniform follows ``vtk_renderer``'s camera; ``ss`` the frame's supersampling.
    Returns the shaded actors."""
    from vtkmodules.util.numpy_support import numpy_to_vtk, vtk_to_numpy
    from vtkmodules.vtkCommonDataModel import vtkDataObject

    from ...terrain.shading import sun_vector

    kinds = (
        (glare.is_glare, "glareC", glare.head_centres, glare, "glCam"),
        (glints.is_glint, "glintN", glints.vertex_normals, glints, "gnCam"),
    )
    out, cams = [], []
    for actor in actors:
        mapper = actor.GetMapper()
        pd = mapper.GetInput()
        n, alpha = pd.GetNumberOfPoints(), actor.GetProperty().GetOpacity()
        kind = next((k for k in kinds if k[0](n, alpha)), None)
        if kind is None or (kind[3] is glints and lighting is None):
            continue
        _, name, per_vertex, mod, cam_name = kind
        values = numpy_to_vtk(per_vertex(vtk_to_numpy(pd.GetPoints().GetData())), 1)
        values.SetName(name)
        pd.GetPointData().AddArray(values)
        mapper.MapDataArrayToVertexAttribute(name, name, vtkDataObject.FIELD_ASSOCIATION_POINTS, -1)
        uni = _world_shader(actor, mod)
        uni.SetUniform3f(cam_name, [0.0, 0.0, 0.0])
        if mod is glare:
            uni.SetUniform4f("glShape", [float(ss), 0.0, 0.0, 0.0])
        out.append(actor)
        cams.append((uni, cam_name, mod is glints))

    def follow(*_: object) -> None:
        cam = [float(c) for c in vtk_renderer.GetActiveCamera().GetPosition()]
        sun = None
        for uni, cam_name, lit_by_sun in cams:
            uni.SetUniform3f(cam_name, cam)
            if lit_by_sun:
                if sun is None:
                    az, el = lighting["sun_azimuth_deg"], lighting["sun_elevation_deg"]
                    v = sun_vector(az, el)
                    sun = [float(c) for c in v / np.linalg.norm(v)]
                uni.SetUniform3f("gnSun", sun)

    if out:
        follow()
        vtk_renderer.AddObserver("StartEvent", follow)
    return out


def install_jet_shaders(
    vtk_renderer, actors: list, jets: list, ss: int = 1
) -> list[tuple[object, list[float]]]:
    """Put the jet shader (``shading.jetglow``) on the glow proxy of each of ``jets``
    (``shading.jets.Jet``) among ``actors`` (a proxy is matched to its jet by the centre of
    its bounds); the camera uniform follows ``vtk_renderer``'s camera at the start of every
    render; ``ss``: the frame's supersampling (the core's least width is in output pixels).
    Returns [(actor, its ``jetShape`` uniform: exit radius, length, flicker, ss)]. The
    proxies are drawn without VTK's coordinate shift (the shader reads world positions) and
    front faces only."""

    out = []
    for actor in actors:
        lo_hi = np.asarray(actor.GetMapper().GetInput().GetBounds()).reshape(3, 2)
        centre = lo_hi.mean(axis=1)
        near = [j for j in jets if np.hypot(*(np.asarray(j.lip[:2]) - centre[:2])) < j.exit_r]
        if not near:
            continue
        jet = near[0]
        uni = _world_shader(actor, jetglow)
        uni.SetUniform3f("jetLip", [float(c) for c in jet.lip])
        uni.SetUniform3f("jetAxis", [float(c) for c in jet.axis])
        shape = [float(jet.exit_r), float(jet.length), 1.0, float(ss)]
        uni.SetUniform4f("jetShape", shape)
        uni.SetUniform3f("jetCam", [0.0, 0.0, 0.0])
        out.append((actor, shape))
    if out:

        def follow(*_: object) -> None:
            cam = [float(c) for c in vtk_renderer.GetActiveCamera().GetPosition()]
            for a, _ in out:
                a.GetShaderProperty().GetFragmentCustomUniforms().SetUniform3f("jetCam", cam)

        vtk_renderer.AddObserver("StartEvent", follow)
    return out


def _world_shader(actor, mod):
    """Put ``mod``'s shader (its VERTEX_DEC / VERTEX_IMPL / FRAGMENT_DEC / FRAGMENT_IMPL
    replacements: ``shading.jetglow``, ``glare``, ``glints``) on ``actor``, drawn without
    VTK's coordinate shift (the shader reads world positions) and front faces only;
    returns its fragment uniforms."""
    from vtkmodules.vtkRenderingCore import vtkPolyDataMapper

    actor.GetMapper().SetVBOShiftScaleMethod(vtkPolyDataMapper.DISABLE_SHIFT_SCALE)
    actor.GetProperty().BackfaceCullingOn()
    sp = actor.GetShaderProperty()
    sp.AddVertexShaderReplacement("//VTK::PositionVC::Dec", True, mod.VERTEX_DEC, False)
    sp.AddVertexShaderReplacement("//VTK::PositionVC::Impl", True, mod.VERTEX_IMPL, False)
    sp.AddFragmentShaderReplacement("//VTK::Output::Dec", True, mod.FRAGMENT_DEC, False)
    sp.AddFragmentShaderReplacement("//VTK::Light::Impl", True, mod.FRAGMENT_IMPL, False)
    return sp.GetFragmentCustomUniforms()
