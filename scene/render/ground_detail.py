"""The ground's detail tier as drawn: a mosaic of detail patches around the camera.

Patches of the fixed world grid (``terrain.detail``: ``patch_m`` side at ``texel_m``) are
generated on demand where the camera is (within ``radius_m`` and in front of it), and kept in
an LRU cache of ``max_patches``; a patch's factor depends only on its world cell, the seed
and the sun. The mosaic is a square of ``2 HALF + 1`` patches centred on the camera's patch;
its texture is the base lit image (``LitState.terrain``, bilinear, as the base texture's own
filtering gives it) times ``1 + c (F - 1)``, F the detail factor and ``c`` a fade from 1 within
``full_m`` of the camera to 0 at ``radius_m``: farther the detail is finer than a pixel and,
without mipmaps (a minutes-per-frame trap on llvmpipe), its contrast is what would alias. The
fade's centre snaps to a ``SNAP_M`` grid, so a frame's pixels depend only on its own camera.

The near TIN faces whose three vertices lie inside the mosaic move from the base near actor
to one detail actor (``TerrainActors.set_hole``): no triangle is added. Where c = 0 the
mosaic equals the base image, so the tier has no edge to see.
"""

from __future__ import annotations

import time
from collections import OrderedDict
from typing import TYPE_CHECKING

import numpy as np

from ...terrain.detail import DetailLaw, detail_window, patch_window
from ..model.color import to_uint8
from .terrain_actor import vtk_texture

if TYPE_CHECKING:
    from collections.abc import Callable
    from types import ModuleType

    import pyvista

    from ...terrain.heightfield import Terrain
    from ..anim.cameras import Pose
    from .terrain_actor import TerrainActors

__all__ = ["GroundDetail", "fade", "base_colors"]

HALF = 3  # the mosaic spans the camera's patch and HALF patches each way
SNAP_M = 16.0  # the fade's centre moves in steps this long
RADIUS_M = 300.0  # the tier's default outer radius (a quality's ``detail`` overrides it)


def fade(d: np.ndarray, full_m: float, radius_m: float) -> np.ndarray:
    """Detail contrast at ground distances ``d`` (m, any shape): 1 within ``full_m``,
    smoothly to 0 at ``radius_m``; float32 of ``d``'s shape."""
    t = np.clip((radius_m - d) / max(radius_m - full_m, 1e-6), 0.0, 1.0)
    return (t * t * (3.0 - 2.0 * t)).astype(np.float32)


def base_colors(image: np.ndarray, grid: Terrain, x0: float, y0: float, n: int, t: float):
    """The base lit ``image`` ((H, W, 3) on ``grid``'s samples, uint8 or float 0..1) sampled
    bilinearly at the (n, n) texel centres of the window at (x0, y0), texel ``t``:
    (n, n, 3) float32 0..1 (what the base texture's linear filter shows there)."""
    gx, gy = grid.origin
    c = (x0 + (np.arange(n) + 0.5) * t - gx) / grid.cell_m
    r = (y0 + (np.arange(n) + 0.5) * t - gy) / grid.cell_m
    h, w = image.shape[:2]
    c = np.clip(c, 0.0, w - 1.0)
    r = np.clip(r, 0.0, h - 1.0)
    c0 = np.minimum(c.astype(np.intp), w - 2)
    r0 = np.minimum(r.astype(np.intp), h - 2)
    fc = (c - c0).astype(np.float32)[None, :, None]
    fr = (r - r0).astype(np.float32)[:, None, None]
    img = image.astype(np.float32)
    if image.dtype == np.uint8:
        img *= np.float32(1.0 / 255.0)
    a, b = img[r0][:, c0], img[r0][:, c0 + 1]
    top = a + (b - a) * fc
    a, b = img[r0 + 1][:, c0], img[r0 + 1][:, c0 + 1]
    bot = a + (b - a) * fc
    return top + (bot - top) * fr


class GroundDetail:
    """The detail actor and its patch cache; ``update(pose, image, lighting)`` per frame."""

    def __init__(
        self,
        plotter: pyvista.Plotter,
        pv: ModuleType,
        polydata: Callable[..., pyvista.PolyData],
        ground: TerrainActors,
        radius_m: float = 300.0,
        full_m: float = 100.0,
        max_patches: int = 48,
        law: DetailLaw | None = None,
        layer: list | None = None,
    ) -> None:
        """The tier over ``ground``'s near grid, detail within ``radius_m`` (full contrast
        within ``full_m``); its actor is appended to ``layer`` (a renderer layer's list)."""
        self.layer = layer if layer is not None else []
        self.plotter, self._pv, self._polydata = plotter, pv, polydata
        self.ground = ground
        self.terrain = ground.terrain
        self.law = law or DetailLaw.of(self.terrain)
        self.radius_m, self.full_m = float(radius_m), float(full_m)
        self.max_patches = int(max_patches)
        self.patches: OrderedDict = OrderedDict()  # (ix, iy, az, el) -> (n, n) float32 factor
        self.actor = None
        self._origin = None  # mosaic's lower-left patch index
        self._mesh_key = None
        self._key = None
        self.generated = 0  # patches made so far (cache misses)
        self.gen_seconds = 0.0  # process time spent making them
        self.compose_seconds = 0.0  # process time spent composing mosaics (incl. generation)
        self.composed = 0  # mosaics composed (frames whose camera moved the tier)
        self._base: dict = {}  # (ix, iy) -> (n, n, 3) uint8 base colours of a patch
        self._base_id = None  # id of the base image they were sampled from
        self._base_f: dict = {}  # (ix, iy) -> (n, n, 3) float base colours of a detailed patch

    @classmethod
    def of(cls, renderer, pv: ModuleType, polydata: Callable) -> GroundDetail:
        """The tier of a ``Renderer`` whose ground is loaded: radius ``q["detail"]`` (m;
        default ``RADIUS_M``, 0 turns it off), its actor in the renderer's terrain layer."""
        radius = float(renderer.q.get("detail", RADIUS_M))
        return cls(
            renderer.plotter,
            pv,
            polydata,
            renderer.ground,
            radius,
            layer=renderer.layers["terrain"],
        )

    @property
    def n_triangles(self) -> int:
        """Triangles the detail actor draws (moved from the base near actor, not added)."""
        return 0 if self.actor is None or not self.actor.GetVisibility() else self._mesh.n_cells

    def patch(self, ix: int, iy: int, az: float, el: float) -> np.ndarray:
        """The (n, n) float32 factor of patch (ix, iy) under the sun (az, el), cached LRU."""

        key = (ix, iy, round(az, 6), round(el, 6))
        f = self.patches.get(key)
        if f is not None:
            self.patches.move_to_end(key)
            return f
        t0 = time.process_time()
        f = detail_window(self.terrain, self.law, *patch_window(self.law, ix, iy), az, el).factor
        self.gen_seconds += time.process_time() - t0
        self.generated += 1
        self.patches[key] = f
        while len(self.patches) > self.max_patches:
            self.patches.popitem(last=False)
        return f

    def wanted(self, pose: Pose, origin: tuple[int, int]) -> list[tuple[int, int]]:
        """Patches of the mosaic at ``origin`` to detail: those inside the near grid with a
        point within ``radius_m`` of the camera (3-D: a high camera sees none) and inside
        the view's horizontal wedge (widened for a 16:9 frame and the patch's own size)."""
        side = self.law.patch_m
        p = np.asarray(pose.position, float)
        above = max(p[2] - float(self.terrain.height_at(p[0], p[1])), 0.0)
        view = np.asarray(pose.target, float)[:2] - p[:2]
        view /= max(np.linalg.norm(view), 1e-9)
        half = np.arctan(np.tan(np.radians(0.5 * pose.fov_deg)) * 16.0 / 9.0) + np.radians(5)
        xmin, ymin, xmax, ymax = self.terrain.extent
        out = []
        for iy in range(origin[1], origin[1] + 2 * HALF + 1):
            for ix in range(origin[0], origin[0] + 2 * HALF + 1):
                x0, y0 = ix * side, iy * side
                if x0 < xmin or y0 < ymin or x0 + side > xmax or y0 + side > ymax:
                    continue
                near = np.clip(p[:2], (x0, y0), (x0 + side, y0 + side))
                if np.hypot(np.hypot(*(near - p[:2])), above) > self.radius_m:
                    continue
                to = np.array([x0, y0]) + 0.5 * side - p[:2]
                dist = np.linalg.norm(to)
                if dist > side:  # (the camera's own patch and its neighbours always)
                    ang = np.arccos(np.clip(to @ view / dist, -1.0, 1.0))
                    if ang - np.arcsin(min(1.0, 0.7072 * side / dist)) > half:
                        continue
                out.append((ix, iy))
        return out

    def update(
        self, pose: Pose, image: np.ndarray, lighting: dict, hidden: set | frozenset = frozenset()
    ) -> None:
        """Make the mosaic for ``pose`` under the lit base ``image`` (the near grid's (n, n, 3)
        display image) and the sun of ``lighting``; a no-op when nothing it depends on moved,
        when the tier is off (radius 0) or the ``hidden`` layers hold the terrain."""
        if self.radius_m <= 0.0 or "terrain" in hidden:
            return
        side, t, n = self.law.patch_m, self.law.texel_m, self.law.patch_px
        p = np.asarray(pose.position, float)
        cell = np.floor(p[:2] / side).astype(int)
        origin = (int(cell[0]) - HALF, int(cell[1]) - HALF)
        focus = np.round(p[:2] / SNAP_M) * SNAP_M
        az, el = float(lighting["sun_azimuth_deg"]), float(lighting["sun_elevation_deg"])
        todo = self.wanted(pose, origin)
        key = (origin, tuple(focus), id(image), az, el, tuple(todo))
        mesh_key = (origin, id(self.ground._mesh_vf[1]))
        if key == self._key and mesh_key == self._mesh_key:
            return

        t0 = time.process_time()
        k = 2 * HALF + 1
        X0, Y0 = origin[0] * side, origin[1] * side
        if self._base_id != id(image):
            self._base.clear()
            self._base_f.clear()
            self._base_id = id(image)
        mosaic = np.empty((k * n, k * n, 3), dtype=np.uint8)
        xs = (np.arange(n) + 0.5) * t
        wanted = set(todo)
        for iy in range(origin[1], origin[1] + k):
            for ix in range(origin[0], origin[0] + k):
                x0, y0 = ix * side, iy * side
                r, q = (iy - origin[1]) * n, (ix - origin[0]) * n
                if (ix, iy) not in wanted:
                    mosaic[r : r + n, q : q + n] = self._base_block(image, ix, iy)
                    continue
                f = self.patch(ix, iy, az, el)
                d = np.hypot(x0 + xs[None, :] - focus[0], y0 + xs[:, None] - focus[1])
                c = fade(d, self.full_m, self.radius_m)
                base = self._base_f.get((ix, iy))
                if base is None:  # sampled once while the lit image is current
                    base = base_colors(image, self.terrain, x0, y0, n, t)
                    self._base_f[(ix, iy)] = base
                    while len(self._base_f) > self.max_patches:
                        self._base_f.pop(next(iter(self._base_f)))
                rgb = base.copy()
                rgb *= (1.0 + c * (f - 1.0))[:, :, None]
                mosaic[r : r + n, q : q + n] = to_uint8(rgb)
        if mesh_key != self._mesh_key:
            self._set_faces((X0, Y0, X0 + k * side, Y0 + k * side))
            self._mesh_key = (origin, id(self.ground._mesh_vf[1]))
        if self.actor is not None:
            self.actor.SetTexture(vtk_texture(mosaic))
        self._key = key
        self.composed += 1
        self.compose_seconds += time.process_time() - t0

    def _base_block(self, image: np.ndarray, ix: int, iy: int) -> np.ndarray:
        """(n, n, 3) uint8 base colours of patch (ix, iy), cached while ``image`` is current."""
        b = self._base.get((ix, iy))
        if b is None:
            x0, y0, n = patch_window(self.law, ix, iy)
            b = to_uint8(base_colors(image, self.terrain, x0, y0, n, self.law.texel_m))
            self._base[(ix, iy)] = b
            while len(self._base) > 2 * self.max_patches:
                self._base.pop(next(iter(self._base)))
        return b

    @property
    def nbytes(self) -> int:
        """Bytes the tier holds: cached patch factors, cached base blocks and the mosaic
        texture (uint8 RGB, held by VTK)."""
        k = (2 * HALF + 1) * self.law.patch_px
        held = sum(f.nbytes for f in self.patches.values())
        cached = sum(b.nbytes for b in (*self._base.values(), *self._base_f.values()))
        return int(held + cached + 3 * k * k)

    def _set_faces(self, rect: tuple[float, float, float, float]) -> None:
        """Move the near faces inside ``rect`` from the base actor to the detail actor."""
        v, f = self.ground.set_hole(rect)
        if len(f) == 0:
            if self.actor is not None:
                self.actor.SetVisibility(False)
            return
        mesh = self._polydata(self._pv, v, f)
        size = rect[2] - rect[0]
        mesh.active_texture_coordinates = np.column_stack(
            [(v[:, 0] - rect[0]) / size, (v[:, 1] - rect[1]) / size]
        ).astype(np.float32)
        if self.actor is None:
            self.actor = self.plotter.add_mesh(mesh, lighting=False, color="white")
            self.layer.append(self.actor)
            self._mesh = mesh
        else:
            self._mesh.copy_from(mesh)
            self.actor.SetVisibility(True)
