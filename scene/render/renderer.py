"""The offscreen renderer: one pyvista Plotter per job, reused for every frame.

Ground light is computed in numpy (``lighting``) and shown unlit as a texture, so baked
kilometre-scale shadows survive; structures are lit face by face in numpy the same way
(``facelight``) and drawn unlit too, so VTK only rasterises; the sky, bloom and supersampling
are finished in numpy.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

import numpy as np
from trimesh.util import append_faces

from ...assets.materials import PALETTE
from ...terrain.shading import sun_vector
from ..anim.cameras import Pose
from ..model.color import to_uint8
from ..shading.baked import Baked
from ..shading.exposure import regrade_uint8
from ..shading.merge import split_tiles
from . import post
from .dust import draw_dust
from .dynamic import Dynamic
from .ground_detail import GroundDetail
from .sky import draw_sky
from .terrain_actor import TerrainActors
from .tiles import Band, TileSet, bands
from .vehicle_lod import VehicleLod
from .vtkutil import (
    add_actor,
    add_colored_mesh,
    add_material_mesh,
    emissive_display,
    polydata,
    pv_module,
    read_back,
)

if TYPE_CHECKING:
    from types import ModuleType

    import pyvista

    from ..model.world import World

BEACON_MATERIAL = "signal_red"  # blinking warning lights
REMESH_M = 400.0  # the terrain is re-triangulated around the camera on a grid this coarse

# Anti-aliasing on llvmpipe: 4x MSAA costs about 2.5x the whole raster time of a frame,
# FXAA (one screen pass) a fraction of it; ``final`` supersamples 2x2 instead, which smooths
# edges and thin trusses at least as well as MSAA and needs neither.
# ``lod``: scale of the distances within which tiles are drawn in full detail (a preview
# switches to the cheap level sooner: it is most of a video's cost); ``far``: draw the
# vertex-clustered far levels (a preview only: clustering thins lattice towers and trusses,
# whose members are each under a pixel but read together in a final still); ``detail``:
# the ground's detail tier radius (m, ground_detail; off in preview: ~1 s per moving frame)
QUALITY = {
    "preview": {"ssaa": 1, "msaa": 0, "fxaa": True, "bloom": True, "lod": 0.6, "far": True}
    | {"detail": 0.0},
    "final": {"ssaa": 2, "msaa": 0, "fxaa": False, "bloom": True, "lod": 1.0, "far": False},
}


def add_lights(
    plotter: pyvista.Plotter, pv: ModuleType, lighting: dict
) -> tuple[pyvista.Light, pyvista.Light]:
    """The low sun and a faint bluish earthshine fill from the opposite side, added to
    ``plotter``; returns (sun, fill)."""
    s = sun_vector(lighting["sun_azimuth_deg"], lighting["sun_elevation_deg"])
    sun = pv.Light(
        position=tuple(s * 1000.0),
        focal_point=(0, 0, 0),
        color=(1.0, 0.97, 0.92),
        intensity=min(lighting["sun_intensity"] / 2.0, 1.5),
        light_type="scene light",
    )
    sun.positional = False
    fill = pv.Light(
        position=(-s[0] * 1000, -s[1] * 1000, 800.0),
        focal_point=(0, 0, 0),
        color=(0.55, 0.65, 1.0),
        intensity=min(lighting["earthshine"] * 3.0, 1.0),
        light_type="scene light",
    )
    fill.positional = False
    plotter.add_light(sun)
    plotter.add_light(fill)
    return sun, fill


def set_camera(
    plotter: pyvista.Plotter, pose: Pose, clip: tuple[float, float] | None = None
) -> None:
    """Point the plotter's camera; ``clip`` = (near, far) metres, else VTK's automatic range
    (which fails when every prop is behind the camera, e.g. looking at the sky)."""
    cam = plotter.camera  # its vtkCamera setters: pyvista's properties re-fit the clip range
    cam.SetPosition(*map(float, pose.position))
    cam.SetFocalPoint(*map(float, pose.target))
    cam.SetViewUp(0.0, 0.0, 1.0)
    cam.SetViewAngle(float(pose.fov_deg))
    cam.is_set = True  # (pyvista would otherwise reset a camera it thinks was never placed)
    if clip is not None:
        cam.SetClippingRange(*clip)
        return
    ren = plotter.renderer
    ren.SetNearClippingPlaneTolerance(0.0005)
    ren.ResetCameraClippingRange()


def clip_range(world: World, pose: Pose, z_top: float | None = None) -> tuple[float, float]:
    """(near, far) for ``pose``: far reaches the farthest corner of the terrain and the
    tallest structure; near scales with the camera's height above the ground (so depth
    precision holds from a rover's bumper to the horizon)."""
    t = world.terrain
    x0, y0, x1, y1 = t.full_extent if hasattr(t, "full_extent") else t.extent
    p = np.asarray(pose.position, float)
    corners = np.array([[x, y] for x in (x0, x1) for y in (y0, y1)])
    top = Baked.of(world).z_top if z_top is None else z_top
    far = (
        float(np.max(np.hypot(corners[:, 0] - p[0], corners[:, 1] - p[1])))
        + abs(p[2] - top)
        + 1000.0
    )
    above = max(p[2] - float(t.height_at(p[0], p[1])), 0.0)
    near = float(np.clip(0.25 * above, 0.5, 20.0))
    return near, far


def _flat(key: tuple[str, str], shade: dict) -> bool:
    """Whether the merged mesh ``key`` (layer, material) is drawn unlit in flat face
    colours that a shared actor can carry: lit in numpy (in ``shade``) and opaque, or
    steadily emissive (not the blinking beacons, not the translucent plumes)."""
    mat = PALETTE[key[1]]
    if mat.opacity < 1.0:
        return False
    if mat.is_emissive:
        return key[1] != BEACON_MATERIAL
    return key in shade


def _colors(parts: list[tuple], shade: dict) -> np.ndarray:
    """(F, 3) display colours 0..1 of the faces ``sel`` of each (key, sel) of ``parts``:
    the emissive material's glow colour, or the colours baked in ``shade``."""
    out = []
    for key, sel in parts:
        if PALETTE[key[1]].is_emissive:
            glow = np.asarray(emissive_display(PALETTE[key[1]]), np.float32)
            out.append(np.broadcast_to(glow, (len(sel), 3)))
        else:
            out.append(shade[key][sel])
    return np.concatenate(out)


class Renderer:
    """Renders a World at one size and quality, as pyrender's renderer does: made once, then
    handed the scene with every call (``render(world, pose, t)``). The first call with a World
    builds its VTK actors from the graph and its bake; later calls reuse them."""

    def __init__(
        self, width: int, height: int, quality: str = "preview", off_screen: bool = True
    ) -> None:
        self.width, self.height = width, height
        self.q = QUALITY[quality]
        self.ss = self.q["ssaa"]
        self._off_screen = off_screen
        self.plotter = None
        self.world = None
        self.last_seconds = 0.0

    def load(self, world: World) -> Renderer:
        """Build the actors of ``world`` (no-op if it is the World already loaded)."""
        if world is self.world:
            return self
        if self.plotter is not None:
            self.plotter.close()
        pv = pv_module()
        self.plotter = pv.Plotter(
            off_screen=self._off_screen,
            window_size=(self.width * self.ss, self.height * self.ss),
            lighting="none",
        )
        self.plotter.render_window.SetMultiSamples(self.q["msaa"])
        self.plotter.renderer.SetUseFXAA(self.q["fxaa"])
        # FXAA's cheap edge-end search: half its cost on llvmpipe (0.13 -> 0.07 s of CPU
        # per 1280x720 frame, side by side), edges smoothed alike to the eye
        fxaa = self.plotter.renderer.GetFXAAOptions()
        fxaa.SetUseHighQualityEndpoints(False)
        fxaa.SetEndpointSearchIterations(4)
        # plain blending for the translucent glow: VTK's order-independent transparency
        # (its default) adds full-screen passes that cost a quarter of a frame on llvmpipe,
        # and glow layers of one colour blend the same in any order
        self.plotter.renderer.SetUseOIT(False)
        self.plotter.set_background("black")
        self.world = world
        self.baked = Baked.of(world)
        self.lighting = dict(world.cfg.lighting)
        self.n_triangles = 0
        self.layers: dict[str, list] = {}  # layer name -> VTK actors (see model.layers)
        self.roles: dict[str, list] = {"plume": [], "beacon": []}  # actors by what they are
        self.hidden_layers: set[str] = set()
        self._focus = None
        self._tin_cache: dict = {}  # terrain pieces' triangulations, reused between remeshes
        self._last_pose = None
        self._ground_state = self.baked.lit
        self._add_terrain(pv)
        self._add_structures(pv)
        self.dynamic = Dynamic(self, pv, polydata)
        self.dynamic.update(0.0)
        self.vehicle_lod = VehicleLod(self, pv, polydata)
        return self

    def _add_terrain(self, pv: ModuleType) -> None:
        """The ground actors of the World's (V, 3) float32, (F, 3) int64 terrain triangles."""
        v, f = self.world.ground_triangles()
        self.ground = TerrainActors(
            self.plotter, pv, polydata, self.world.terrain, v, f, self._ground_state
        )
        self.layers.setdefault("terrain", []).extend(self.ground.actors)
        self.n_triangles += len(f)
        self.detail = GroundDetail.of(self, pv, polydata)  # the tier up close (issue 16)

    def _add_structures(self, pv: ModuleType) -> None:
        """One actor per (layer, tile, level of detail) for every opaque material drawn
        unlit in flat face colours: those lit in numpy (their baked colours) and the steady
        emissive ones (their glow colour); one per (layer, material, tile, level of detail)
        for the blinking beacons, plumes and glass. The levels (``tiles.bands``): full
        meshes near, the assets' cheap level farther, the bake's vertex-clustered copies of
        it far away (flat actors only); ``update_lod`` shows one level of each tile by
        distance, and VTK culls tiles out of view. Few actors and triangles matter:
        llvmpipe pays per actor drawn and per vertex."""
        c = self.baked
        lit = self._ground_state
        # (lod, [(key, face selection)], polydata) per actor, for re-lighting
        self.structure_meshes = []
        self.tiles = TileSet()
        levels = [
            (1, None, c.merged, c.face_info, lit.faces, None),
            (0, None, c.merged_lod0, c.face_info_lod0, lit.faces_lod0, None),
        ] + [
            (0, cell, far.merged, far.face_info, lit.faces_lod0, far.source)
            for cell, far in sorted(c.far_levels.items() if self.q["far"] else [])
        ]
        radius0: dict[tuple, float] = {}  # (layer, tile) -> its cheap level's radius
        for lod, cell, merged, info, shade, source in levels:
            shared: dict[tuple, list] = {}  # (layer, tile) -> [(key, radius, V, F, sel)]
            for key, (v, f) in merged.items():
                layer, mat_name = key
                flat = _flat(key, shade)
                if cell is not None and not flat:
                    continue  # beacons, glow, glass: their cheap level is drawn to the horizon
                for tile, radius, tv, tf, own in split_tiles(v, f, info[key]):
                    # a far level's faces are detail-0 faces: they take those colours
                    sel = own if source is None else source[key][own]
                    if flat:
                        shared.setdefault((layer, tile), []).append((key, radius, tv, tf, sel))
                        continue
                    cols = shade[key][sel] if key in shade else None
                    actor, mesh = add_material_mesh(self.plotter, pv, mat_name, tv, tf, cols)
                    self.structure_meshes.append((lod, [(key, sel)], mesh))
                    self._tag(actor, layer, mat_name)
                    b = bands(lod, radius, self.q["lod"], self.q["far"])
                    self._file(actor, layer, tile, Band(b[0].near, b[-1].far), len(tf))
            for (layer, tile), parts in sorted(shared.items()):
                radius = max(p[1] for p in parts)
                if lod == 0:  # every level of a tile switches at the cheap level's distances
                    radius = radius0.setdefault((layer, tile), radius)
                levels_here = bands(lod, radius, self.q["lod"], self.q["far"])
                band = next((b for b in levels_here if b.cell == cell), None)
                if band is None:  # a level the tile skips (it switches beyond that distance)
                    continue
                tv, tf = append_faces([p[2] for p in parts], [p[3] for p in parts])
                pieces = [(key, sel) for key, _, _, _, sel in parts]
                actor, mesh = add_colored_mesh(self.plotter, pv, tv, tf, _colors(pieces, shade))
                self.structure_meshes.append((lod, pieces, mesh))
                self._file(actor, layer, tile, band, len(tf))
        for shell in c.glow_shells:  # merge.GlowShell: its display colour and opacity
            glow = add_actor(
                self.plotter,
                polydata(pv, shell.vertices, shell.faces),
                shell.color,
                opacity=shell.alpha,
            )
            self.layers.setdefault("effects", []).append(glow)
            self.roles["plume"].append(glow)

    def _file(self, actor, layer: str, tile, band: Band, n_tri: int) -> None:
        """Register a structure actor under its layer and as ``tile``'s level for ``band``."""
        self.layers.setdefault(layer, []).append(actor)
        self.tiles.add(actor, layer, tile, band, n_tri)

    def _tag(self, actor: pyvista.Actor, layer: str, material: str) -> None:
        """File an actor under the role the frame-by-frame effects animate."""
        if layer == "effects":
            self.roles["plume"].append(actor)
        elif material == BEACON_MATERIAL:
            self.roles["beacon"].append(actor)

    def set_sun(self, azimuth_deg: float, elevation_deg: float) -> None:
        """Move the sun: re-bake the ground's shadows and shading and turn the lights."""
        self.lighting.update(
            sun_azimuth_deg=float(azimuth_deg), sun_elevation_deg=float(elevation_deg)
        )
        state = self.baked.lit_for(self.lighting)
        self._ground_state = state
        self.ground.set_colors(state)
        for lod, parts, mesh in self.structure_meshes:
            shade = state.faces if lod else state.faces_lod0
            if all(key in shade or PALETTE[key[1]].is_emissive for key, _ in parts):
                mesh.cell_data["rgb"] = to_uint8(_colors(parts, shade))

    def set_layer_visible(self, layer: str, visible: bool) -> None:
        """Show / hide the actors of ``layer`` (the LOD pick is redone when shown)."""
        if visible:
            self.hidden_layers.discard(layer)
        else:
            self.hidden_layers.add(layer)
        for actor in self.layers.get(layer, []):
            actor.SetVisibility(bool(visible))
        if visible and self._last_pose is not None:
            self.update_lod(self._last_pose)

    def update_lod(self, pose: Pose) -> None:
        """Detailed tiles near the camera, cheap ones far away; terrain re-meshed around the
        camera once it has moved far enough from the last focus."""
        p = np.asarray(pose.position, float)
        above = max(p[2] - float(self.world.terrain.height_at(p[0], p[1])), 0.0)
        self.n_triangles = self.tiles.show(p, above, self.hidden_layers)
        # the terrain's detail centre snaps to a REMESH_M grid, so a frame's mesh depends only
        # on its own camera (worker processes render the same frames whatever came before)
        cell = np.round(p[:2] / REMESH_M) * REMESH_M
        if self._focus is None or not np.array_equal(cell, self._focus):
            self._remesh_terrain(cell)
        self.detail.update(pose, self._ground_state.terrain, self.lighting, self.hidden_layers)
        self.n_triangles += self.ground.n_triangles + self.detail.n_triangles
        self.n_triangles += self.vehicle_lod.show(p, "rovers" in self.hidden_layers)
        self._last_pose = pose

    def _remesh_terrain(self, focus: np.ndarray) -> None:
        """Re-triangulate the terrain with its detail centred on ``focus`` ((2,) world xy)."""
        from ...terrain import terrain_mesh

        mc = self.world.cfg.terrain.mesh
        v, f = terrain_mesh(
            self.world.terrain,
            max_error_m=mc["max_error_m"],
            far_max_error_m=mc["far_max_error_m"],
            focus=tuple(focus),
            # the quality's level-of-detail scale, as for the structures (final: 1)
            lod_distance_m=mc["lod_distance_m"] * self.q["lod"],
            max_lod_factor=mc["max_lod_factor"],
            cache=self._tin_cache,
        )
        self.ground.set_mesh(v, f)
        self._focus = np.asarray(focus, float)

    def render(self, world: World, pose: Pose, t: float = 0.0, gain: float = 1.0) -> np.ndarray:
        """(H, W, 3) uint8 image of ``world`` seen from ``pose`` at scene time ``t`` (s),
        exposed ``gain`` times the scene's exposure (``shading.exposure.shot_gain``: one
        value per still or per path, so a video never pumps).

        Finishing (SSAA resolve, then sky, dust and bloom) works on float32 0..1 images."""
        t0 = time.perf_counter()
        self.load(world)
        self.dynamic.update(t)  # first: the vehicles' level is picked where they are now
        self.update_lod(pose)
        clip = clip_range(self.world, pose, self.baked.z_top)
        set_camera(self.plotter, pose, clip)
        self.plotter.render_window.Render()  # (pyvista's render() waits for show())
        rgb, zbuf = self._read_back()
        # the SSAA resolve first, on the bytes read back: sky, dust and bloom then work at
        # the output size (a 4K float frame cost ~0.8 s of a final frame's finishing)
        img = post.resolve(rgb, self.ss)
        draw_sky(img, post.coverage(zbuf >= 1.0, self.ss), pose, self.lighting, self.world.cfg.seed)
        if "effects" not in self.hidden_layers:
            draw_dust(img, post.block_min(zbuf, self.ss), clip, pose, *self.dynamic.puffs)
        if self.q["bloom"]:
            img = post.bloom(img)
        out = to_uint8(img)
        if gain != 1.0:
            out = regrade_uint8(out, gain)
        self.last_seconds = time.perf_counter() - t0
        return out

    def _read_back(self) -> tuple[np.ndarray, np.ndarray]:
        """The frame just rendered (``vtkutil.read_back``): uint8 colours, window depths."""
        return read_back(self.plotter.render_window)

    def close(self) -> None:
        """Close the plotter (and its render window)."""
        if self.plotter is not None:
            self.plotter.close()
