"""The offscreen renderer: one pyvista Plotter per job, reused for every frame.

Ground light is computed in numpy (``lighting``) and shown unlit as vertex colours, so baked
kilometre-scale shadows survive; structures are drawn with VTK's lights (a low sun and a faint
bluish earthshine fill); the sky, bloom and supersampling are finished in numpy.
"""

from __future__ import annotations

import os
import time

import numpy as np

from ..assets.materials import PALETTE
from ..terrain.shading import sun_vector
from . import post
from .cameras import Pose
from .dynamic import Dynamic
from .sky import draw_sky

QUALITY = {
    "preview": {"ssaa": 1, "bloom": True},
    "final": {"ssaa": 2, "bloom": True},
}


def _pv():
    os.environ.setdefault("PYVISTA_OFF_SCREEN", "true")
    import pyvista as pv
    from vtkmodules.vtkCommonCore import vtkLogger

    # VTK tries X before falling back to EGL and logs a harmless "bad X server" warning
    vtkLogger.SetStderrVerbosity(vtkLogger.VERBOSITY_ERROR)
    return pv


def _polydata(pv, vertices: np.ndarray, faces: np.ndarray):
    cells = np.empty((len(faces), 4), dtype=np.int64)
    cells[:, 0] = 3
    cells[:, 1:] = faces
    return pv.PolyData(np.asarray(vertices, dtype=np.float32), cells.ravel())


def sample_grid(terrain, grid: np.ndarray, xy: np.ndarray) -> np.ndarray:
    """Values of a per-sample grid ((n, n, ...)) at the nearest samples to xy ((K, 2))."""
    x0, y0 = terrain.origin
    j = np.clip(np.rint((xy[:, 0] - x0) / terrain.cell_m).astype(int), 0, terrain.size_px - 1)
    i = np.clip(np.rint((xy[:, 1] - y0) / terrain.cell_m).astype(int), 0, terrain.size_px - 1)
    return grid[i, j]


def _display(rgb) -> tuple[float, float, float]:
    return tuple(float(c) ** (1 / 2.2) for c in rgb)


def add_material_mesh(plotter, pv, mat_name: str, v: np.ndarray, f: np.ndarray,
                      face_colors: np.ndarray | None = None):
    """Add (V, F) drawn in palette material ``mat_name``. Emissive materials are drawn
    unlit in their glow colour; with ``face_colors`` ((F, 3) display 0..1, lit in numpy) the
    mesh is drawn unlit in those; otherwise VTK's lights shade it. Returns (actor, polydata)."""
    mat = PALETTE[mat_name]
    mesh = _polydata(pv, v, f)
    if mat.is_emissive:
        actor = plotter.add_mesh(mesh, color=emissive_display(mat), lighting=False,
                                 opacity=mat.opacity)
        return actor, mesh
    if face_colors is not None:
        mesh.cell_data["rgb"] = post.to_uint8(face_colors)
        return plotter.add_mesh(mesh, scalars="rgb", rgb=True, lighting=False,
                                show_scalar_bar=False), mesh
    kw = dict(ambient=0.02, diffuse=0.95, specular=0.5 * mat.metallic + 0.1,
              specular_power=10 + 40 * (1 - mat.roughness), smooth_shading=False)
    return plotter.add_mesh(mesh, color=_display(mat.base_color), **kw), mesh


def emissive_display(mat) -> tuple[float, float, float]:
    """Display colour of an emissive material: its hue at full brightness, whitened a little
    by strength (a hot plume's core is near white, its body keeps its blue)."""
    e = np.asarray(mat.emissive, float)
    e = e / max(e.max(), 1e-9)
    white = min(0.35, 0.02 * mat.emissive_strength)
    return tuple(float(c) for c in np.clip(e * (1 - white) + white, 0, 1) ** (1 / 2.2))


def add_lights(plotter, pv, lighting: dict) -> None:
    """The low sun and a faint bluish earthshine fill from the opposite side."""
    s = sun_vector(lighting["sun_azimuth_deg"], lighting["sun_elevation_deg"])
    sun = pv.Light(position=tuple(s * 1000.0), focal_point=(0, 0, 0), color=(1.0, 0.97, 0.92),
                   intensity=min(lighting["sun_intensity"] / 2.0, 1.5), light_type="scene light")
    sun.positional = False
    fill = pv.Light(position=(-s[0] * 1000, -s[1] * 1000, 800.0), focal_point=(0, 0, 0),
                    color=(0.55, 0.65, 1.0), intensity=min(lighting["earthshine"] * 3.0, 1.0),
                    light_type="scene light")
    fill.positional = False
    plotter.add_light(sun)
    plotter.add_light(fill)
    return sun, fill


def set_camera(plotter, pose: Pose, clip: tuple[float, float] | None = None) -> None:
    """Point the plotter's camera; ``clip`` = (near, far) metres, else VTK's automatic range
    (which fails when every prop is behind the camera, e.g. looking at the sky)."""
    cam = plotter.camera
    cam.position = pose.position
    cam.focal_point = pose.target
    cam.up = (0.0, 0.0, 1.0)
    cam.view_angle = pose.fov_deg
    if clip is not None:
        cam.clipping_range = clip
        return
    ren = plotter.renderer
    ren.SetNearClippingPlaneTolerance(0.0005)
    ren.ResetCameraClippingRange()


def clip_range(world, pose: Pose) -> tuple[float, float]:
    """(near, far) for ``pose``: far reaches the farthest corner of the terrain and the
    tallest structure; near scales with the camera's height above the ground (so depth
    precision holds from a rover's bumper to the horizon)."""
    t = world.terrain
    x0, y0, x1, y1 = t.full_extent if hasattr(t, "full_extent") else t.extent
    p = np.asarray(pose.position, float)
    corners = np.array([[x, y] for x in (x0, x1) for y in (y0, y1)])
    top = world.cache.setdefault("z_top", float(world.graph.bounds()[1, 2]) + 100.0)
    far = float(np.max(np.hypot(corners[:, 0] - p[0], corners[:, 1] - p[1]))) + abs(
        p[2] - top) + 1000.0
    above = max(p[2] - float(t.height_at(p[0], p[1])), 0.0)
    near = float(np.clip(0.25 * above, 0.5, 20.0))
    return near, far


class Renderer:
    """Renders poses of one World at one size and quality; reuse it for every frame."""

    def __init__(self, world, width: int, height: int, quality: str = "preview",
                 off_screen: bool = True):
        self.world = world
        self.width, self.height = width, height
        self.q = QUALITY[quality]
        self.ss = self.q["ssaa"]
        pv = _pv()
        self.plotter = pv.Plotter(off_screen=off_screen, window_size=(width * self.ss,
                                                                      height * self.ss),
                                  lighting="none")
        self.plotter.set_background("black")
        self.lighting = dict(world.cfg["lighting"])
        self.n_triangles = 0
        self.layers: dict[str, list] = {}  # layer name -> VTK actors (see scene.layers)
        world.prepare_for_render()
        self._add_terrain(pv)
        self._add_structures(pv)
        self._add_lights(pv)
        self.dynamic = Dynamic(self, pv, _polydata)
        self.dynamic.update(0.0)
        self.last_seconds = 0.0

    def _add_terrain(self, pv):
        node = self.world.terrain_node
        prim = node.mesh.primitives[0]
        colors = self._ground_colors(self.world.cache)
        mesh = _polydata(pv, prim.vertices, prim.faces)
        mesh.point_data["rgb"] = post.to_uint8(colors)
        actor = self.plotter.add_mesh(mesh, scalars="rgb", rgb=True, lighting=False,
                                      show_scalar_bar=False)
        self._terrain_mesh = mesh
        self.layers.setdefault("terrain", []).append(actor)
        self.n_triangles += prim.n_triangles

    def _add_structures(self, pv):
        shade = self.world.cache["face_display"]
        self.structure_meshes = {}
        self.material_actors: dict[str, list] = {}
        for key, (v, f) in self.world.cache["merged"].items():
            layer, mat_name = key
            actor, mesh = add_material_mesh(self.plotter, pv, mat_name, v, f, shade.get(key))
            self.structure_meshes[key] = mesh
            self.material_actors.setdefault(mat_name, []).append(actor)
            self.layers.setdefault(layer, []).append(actor)
            self.n_triangles += len(f)
        for v, f, mat_name, alpha in self.world.cache["glow_shells"]:
            shell = _polydata(pv, v, f)
            glow = self.plotter.add_mesh(shell, color=emissive_display(PALETTE[mat_name]),
                                         lighting=False, opacity=alpha)
            self.layers.setdefault("effects", []).append(glow)

    def _add_lights(self, pv):
        self.sun_lights = add_lights(self.plotter, pv, self.lighting)

    def _ground_colors(self, state: dict) -> np.ndarray:
        """(V, 3) display colours of the terrain mesh's vertices (near and far grids)."""
        prim = self.world.terrain_node.mesh.primitives[0]
        v = prim.vertices.astype(float)
        return self.world.terrain.sample_at(v[:, 0], v[:, 1], state["terrain_display"],
                                            state.get("terrain_display_far"))

    def set_sun(self, azimuth_deg: float, elevation_deg: float) -> None:
        """Move the sun: re-bake the ground's shadows and shading and turn the lights."""
        self.lighting.update(sun_azimuth_deg=float(azimuth_deg),
                             sun_elevation_deg=float(elevation_deg))
        state = self.world.lit_state(self.lighting)
        colors = self._ground_colors(state)
        self._terrain_mesh.point_data["rgb"] = post.to_uint8(colors)
        for key, mesh in self.structure_meshes.items():
            if key in state["face_display"]:
                mesh.cell_data["rgb"] = post.to_uint8(state["face_display"][key])
        s = sun_vector(azimuth_deg, elevation_deg)
        sun, fill = self.sun_lights
        sun.position = tuple(s * 1000.0)
        fill.position = (-s[0] * 1000, -s[1] * 1000, 800.0)

    def set_layer_visible(self, layer: str, visible: bool) -> None:
        for actor in self.layers.get(layer, []):
            actor.SetVisibility(bool(visible))

    def render(self, pose: Pose, t: float = 0.0) -> np.ndarray:
        """(H, W, 3) uint8 image of the world seen from ``pose`` at scene time ``t`` (s)."""
        t0 = time.perf_counter()
        self.dynamic.update(t)
        set_camera(self.plotter, pose, clip_range(self.world, pose))
        self.plotter.render()
        img = self.plotter.screenshot(return_img=True).astype(np.float64) / 255.0
        depth = self.plotter.get_image_depth(fill_value=np.nan,
                                             reset_camera_clipping_range=False)
        background = ~np.isfinite(depth)
        draw_sky(img, background, pose, self.lighting, self.world.cfg["seed"])
        if self.q["bloom"]:
            img = post.bloom(img)
        img = post.downsample(img, self.ss)
        self.last_seconds = time.perf_counter() - t0
        return post.to_uint8(img)

    def close(self):
        self.plotter.close()
