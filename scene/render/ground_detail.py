"""The ground's detail tier as drawn: detail factors of the patches around the camera in one
wrap-around atlas texture, applied to the near ground by its own fragment shader.

Patches of the fixed world grid (``terrain.detail``: ``patch_m`` side at ``texel_m``) are
generated where the camera needs them (``terrain.detail.select``: within ``radius_m`` and in
the view frustum, a pure function of the pose) and kept in an LRU cache of ``max_patches``;
a patch's factor depends only on its world cell, the seed, the sun and the base's traces.

The atlas is ``K × K`` patch slots (``K = floor(2 radius / patch) + 2``: the patches within
the radius of any camera fall in distinct slots) of uint8 factor codes (``factor / FACTOR_MAX
* 255``); patch (ix, iy) lives in slot (ix mod K, iy mod K) and the texture repeats, so the
fragment shader reads world (x, y) at ``(x, y) / (K patch_m)``. A slot holds the patch this
frame needs there, else code 85 (factor 1): the atlas is a function of the pose alone, and
a frame updates only the slots whose patch changed, in place (one vtkImageData array, then
``Modified()``: no new texture, no mosaic recomposed when the camera crosses a patch edge).

The shader is added to the base near actor (no face is moved or added) after VTK's texture
lookup: ``rgb *= 1 + c (F (1 + grain) - 1)``, ``grain`` regolith below the atlas texel
(value noise of world position and seed, each octave faded where a pixel covers half its
wavelength), ``c`` a smoothstep from 1 within ``full_m`` to 0 at
``radius_m`` of the camera (ground distance with the camera's height above the ground, from
the exact camera: no snapping). Where c = 0 the ground is the base texture, bit for bit, so
the tier has no edge to see; farther its detail would be finer than a pixel and, without
mipmaps (a minutes-per-frame trap on llvmpipe), its contrast is what would alias.

The patches' rocks near the camera are drawn as meshes too (``ground_rocks``: one merged
actor in the "rocks" layer, lit from the patches' sun fractions), and the patches carry the
base's traces (``ground_traces.world_traces``: roads, wheel ruts, pads, habitats).

Cost: needed patches are always made (a frame never waits for history); a frame that made
none makes up to ``prefetch`` of the patches a wider, farther view would need, nearest first,
so patches are usually ready before the camera needs them.
"""

from __future__ import annotations

import time
from collections import OrderedDict
from typing import TYPE_CHECKING

import numpy as np

from ...terrain.detail import DetailLaw, Traces, detail_window, patch_window
from ...terrain.detail.nearrocks import near_rocks
from ...terrain.detail.patch import FACTOR_MAX, SUN_STEP
from ...terrain.detail.select import camera_above, frustum_planes, needed_patches, patch_zrange
from .ground_rocks import RockActor
from .ground_traces import world_traces

if TYPE_CHECKING:
    from collections.abc import Callable
    from types import ModuleType

    import pyvista

    from ..anim.cameras import Pose
    from .terrain_actor import TerrainActors

__all__ = ["GroundDetail", "fade", "encode_factor", "world_traces", "ONE_CODE"]

RADIUS_M = 300.0  # the tier's default outer radius (a quality's ``detail`` overrides it)
ONE_CODE = 85  # the atlas code of factor 1 (85 / 255 * FACTOR_MAX)
PREFETCH_M = 96.0  # prefetch looks this much farther than the radius
PREFETCH_DEG = 20.0  # and this much wider than the view
MARGIN_DEG = 3.0  # the needed set's frustum margin

# after VTK's texture lookup (gl_FragData[0] holds the base colour): world xy from the base
# texture's coordinates, the fade from the camera, the factor from the wrapped atlas
SHADER = """//VTK::TCoord::Impl
  {
    vec2 gdXY = tcoordVCVSOutput * gdScale + gdOffset;
    vec2 gdD = gdXY - gdCam.xy;
    float gdPx = length(fwidth(gdXY));  // metres per pixel, outside any branch
    float gdC = clamp((gdFade.x - sqrt(dot(gdD, gdD) + gdCam.z)) * gdFade.y, 0.0, 1.0);
    if (gdC > 0.0) {
      gdC = gdC * gdC * (3.0 - 2.0 * gdC);
      float gdF = texture(detailTex, gdXY * gdPeriod).r * gdFmax;
      gdF *= 1.0 + gdGrain(gdXY, gdPx, gdSeed);
      gl_FragData[0].rgb *= 1.0 + gdC * (gdF - 1.0);
    }
  }
"""
# below the atlas's texel: regolith grain as value noise of world position and seed, three
# octaves (GRAIN_M), each faded out where a pixel covers half its wavelength (no aliasing)
GRAIN_M, GRAIN_AMP = (0.03, 0.08, 0.25), (0.15, 0.2, 0.12)
GRAIN = """//VTK::TCoord::Dec
float gdHash(vec2 p, vec2 seed) {
  p = fract(p * vec2(0.1031, 0.1030) + seed);
  p += dot(p, p.yx + 33.33);
  return fract((p.x + p.y) * p.x);
}
float gdNoise(vec2 q, vec2 s) {
  vec2 i = floor(q);
  vec2 f = q - i;
  f = f * f * (3.0 - 2.0 * f);
  i = mod(i, 4096.0);
  vec2 j = mod(i + 1.0, 4096.0);
  float a = mix(gdHash(i, s), gdHash(vec2(j.x, i.y), s), f.x);
  float b = mix(gdHash(vec2(i.x, j.y), s), gdHash(j, s), f.x);
  return 2.0 * mix(a, b, f.y) - 1.0;
}
float gdGrain(vec2 xy, float px, vec2 s) {
  float g = 0.0;
  g += GD_A0 * clamp(1.0 - 2.0 * px / GD_L0, 0.0, 1.0) * gdNoise(xy / GD_L0, s);
  g += GD_A1 * clamp(1.0 - 2.0 * px / GD_L1, 0.0, 1.0) * gdNoise(xy / GD_L1 + 17.0, s);
  g += GD_A2 * clamp(1.0 - 2.0 * px / GD_L2, 0.0, 1.0) * gdNoise(xy / GD_L2 + 41.0, s);
  return g;
}
"""
for _k, (_lam, _amp) in enumerate(zip(GRAIN_M, GRAIN_AMP, strict=True)):
    GRAIN = GRAIN.replace(f"GD_L{_k}", repr(_lam)).replace(f"GD_A{_k}", repr(_amp))


def fade(d: np.ndarray, full_m: float, radius_m: float) -> np.ndarray:
    """Detail contrast at distances ``d`` (m, any shape): 1 within ``full_m``, smoothly to 0
    at ``radius_m`` (what the shader computes); float32 of ``d``'s shape."""
    t = np.clip((radius_m - d) / max(radius_m - full_m, 1e-6), 0.0, 1.0)
    return (t * t * (3.0 - 2.0 * t)).astype(np.float32)


def encode_factor(f: np.ndarray) -> np.ndarray:
    """Atlas codes of factors ``f`` (any shape, 0..FACTOR_MAX): uint8 of ``f``'s shape."""
    return np.rint(np.clip(f, 0.0, FACTOR_MAX) * (255.0 / FACTOR_MAX)).astype(np.uint8)


class GroundDetail:
    """The tier's atlas, shader and patch cache; ``update(pose, image, lighting)`` per frame."""

    def __init__(
        self,
        plotter: pyvista.Plotter,
        pv: ModuleType,  # noqa: ARG002 (the renderer's call)
        polydata: Callable[..., pyvista.PolyData],  # noqa: ARG002
        ground: TerrainActors,
        radius_m: float = RADIUS_M,
        full_m: float = 100.0,
        max_patches: int = 48,
        law: DetailLaw | None = None,
        layer: list | None = None,
        prefetch: int = 1,
        traces: Traces | None = None,
        rock_layer: list | None = None,
    ) -> None:
        """The tier over ``ground``'s near grid, detail within ``radius_m`` (full contrast
        within ``full_m``). ``pv``, ``polydata`` and ``layer`` are kept for the renderer's
        call (the tier draws on the base near actor); its near rocks are one actor filed in
        ``rock_layer`` (None: no rock meshes)."""
        self.layer = layer if layer is not None else []
        self.pv, self.rock_layer, self.rocks = pv, rock_layer, None
        self.plotter = plotter
        self.ground = ground
        self.terrain = ground.terrain
        self.law = law or DetailLaw.of(self.terrain)
        self.traces = traces
        self.radius_m, self.full_m = float(radius_m), float(full_m)
        self.max_patches, self.prefetch = int(max_patches), int(prefetch)
        w, h = plotter.window_size if plotter is not None else (16, 9)
        self.aspect = float(w) / float(h)
        self.k = int(2.0 * self.radius_m // self.law.patch_m) + 2
        self.patches: OrderedDict = OrderedDict()  # (ix, iy, az, el) -> (n, n) uint8 codes
        self.suns: dict = {}  # the same keys -> (n / SUN_STEP,) * 2 float32 sun fractions
        self.actor = None  # the base near actor, once the shader is on it
        self.slots: dict = {}  # (sx, sy) -> patch key it holds (absent: factor 1)
        self.needed: list[tuple[int, int]] = []  # the last frame's patches
        self._zr: dict = {}  # (ix, iy) -> padded ground height range
        self._atlas = self._image = None
        self.generated = 0  # patches made so far (cache misses)
        self.prefetched = 0  # of which made ahead of need
        self.gen_seconds = 0.0  # process time spent making them
        self.compose_seconds = 0.0  # process time of the updates (incl. generation)
        self.composed = 0  # updates that changed the atlas
        self.rock_seconds = 0.0  # process time of the near rocks' updates

    @classmethod
    def of(cls, renderer, pv: ModuleType, polydata: Callable) -> GroundDetail:
        """The tier of a ``Renderer`` whose ground is loaded, from its quality ``q``:
        radius ``q["detail"]`` (m; default ``RADIUS_M``, 0 turns it off), and optionally
        ``detail_texel`` (m, default the law's 0.25), ``detail_prefetch`` (patches made
        ahead per idle frame, default 0: offline, patches a wider view might need only add
        work, 12 vs 18 patches over 8 moving frames) and ``detail_rocks`` (near rock
        meshes, default on). A cheap tier for a preview is e.g. ``{"detail": 200.0,
        "detail_texel": 0.5, "detail_rocks": False}``."""
        q = renderer.q
        radius = float(q.get("detail", RADIUS_M))
        layer = renderer.layers["terrain"]
        on = radius > 0.0
        traces = world_traces(renderer.world) if on else None
        rocks = (
            renderer.layers.setdefault("rocks", []) if on and q.get("detail_rocks", True) else None
        )
        law = DetailLaw.of(renderer.world.terrain, texel_m=float(q.get("detail_texel", 0.25)))
        return cls(
            renderer.plotter,
            pv,
            polydata,
            renderer.ground,
            radius,
            layer=layer,
            traces=traces,
            rock_layer=rocks,
            law=law,
            prefetch=int(q.get("detail_prefetch", 0)),
        )

    @property
    def n_triangles(self) -> int:
        """Triangles the tier adds: its near rocks' (it shades the base near actor's)."""
        return 0 if self.rocks is None else self.rocks.n_triangles

    def zrange(self, ix: int, iy: int) -> tuple[float, float]:
        """Padded ground height range of patch (ix, iy), cached."""
        z = self._zr.get((ix, iy))
        if z is None:
            z = self._zr[(ix, iy)] = patch_zrange(self.terrain, self.law, ix, iy)
        return z

    def wanted(self, pose: Pose, extra_m: float = 0.0, extra_deg: float = 0.0) -> list:
        """The patches ``pose`` needs (``select.needed_patches``), nearest first; with
        ``extra_m`` / ``extra_deg`` those of a farther, wider view (what to prefetch)."""
        return needed_patches(
            self.terrain,
            self.law,
            pose,
            self.aspect,
            self.radius_m + extra_m,
            MARGIN_DEG + extra_deg,
            self.zrange,
        )

    def patch(self, ix: int, iy: int, az: float, el: float) -> np.ndarray:
        """The (n, n) uint8 atlas codes of patch (ix, iy) under the sun (az, el), LRU."""
        key = (ix, iy, round(az, 6), round(el, 6))
        f = self.patches.get(key)
        if f is not None:
            self.patches.move_to_end(key)
            return f
        t0 = time.process_time()
        win = detail_window(
            self.terrain, self.law, *patch_window(self.law, ix, iy), az, el, self.traces
        )
        f = encode_factor(win.factor)
        self.gen_seconds += time.process_time() - t0
        self.generated += 1
        self.patches[key] = f
        self.suns[key] = win.sun
        while len(self.patches) > self.max_patches:
            old, _ = self.patches.popitem(last=False)
            self.suns.pop(old, None)
        return f

    def update(
        self,
        pose: Pose,
        image: np.ndarray,  # noqa: ARG002 (drawn by the base texture itself)
        lighting: dict,
        hidden: set | frozenset = frozenset(),
    ) -> None:
        """Set the atlas and the shader's camera for ``pose`` under the sun of ``lighting``
        (``image``, the base lit image, is drawn by the base texture itself); a no-op when
        the tier is off (radius 0) or the ``hidden`` layers hold the terrain."""
        if self.radius_m <= 0.0 or "terrain" in hidden:
            return
        t0 = time.process_time()
        if self.actor is None:
            self._install()
        az, el = float(lighting["sun_azimuth_deg"]), float(lighting["sun_elevation_deg"])
        made = self.generated
        self.needed = self.wanted(pose)
        want = {}
        for ix, iy in self.needed:
            want[(ix % self.k, iy % self.k)] = (ix, iy, round(az, 6), round(el, 6))
        n = self.law.patch_px
        changed = False
        for slot in set(self.slots) | set(want):
            key = want.get(slot)
            if self.slots.get(slot) == key:
                continue
            block = self._atlas[slot[1] * n : (slot[1] + 1) * n, slot[0] * n : (slot[0] + 1) * n]
            if key is None:
                block[:] = ONE_CODE
                del self.slots[slot]
            else:
                block[:] = self.patch(*key)
                self.slots[slot] = key
            changed = True
        if changed:
            self._image.GetPointData().GetScalars().Modified()
            self._image.Modified()
            self.composed += 1
        if self.generated == made and self.prefetch > 0:
            self._prefetch(pose, az, el)
        p = np.asarray(pose.position, float)
        above = camera_above(self.terrain, p)
        uni = self.actor.GetShaderProperty().GetFragmentCustomUniforms()
        uni.SetUniform3f("gdCam", [p[0], p[1], above * above])
        if self.rocks is not None:
            t1 = time.process_time()
            self._update_rocks(pose, p, above, image, az, el, "rocks" in hidden)
            self.rock_seconds += time.process_time() - t1
        self.compose_seconds += time.process_time() - t0

    def _update_rocks(self, pose, p, above, image, az, el, hidden: bool) -> None:
        """The near rocks of ``pose``: those of ``near_rocks`` on this frame's patches and
        in its view frustum, lit by the patches' sun fractions."""
        if hidden:
            self.rocks.actor.SetVisibility(False)
            return
        s = self.law.patch_m
        key = {(ix, iy): (ix, iy, round(az, 6), round(el, 6)) for ix, iy in self.needed}
        planes = frustum_planes(pose, self.aspect, MARGIN_DEG)

        def cull(x, y, d):
            ix, iy = np.floor(x / s).astype(int), np.floor(y / s).astype(int)
            keep = np.array([(a, b) in key for a, b in zip(ix, iy, strict=True)], bool)
            z = np.asarray(self.terrain.height_at(x, y), float)
            pts = np.stack([x, y, z, np.ones_like(z)], axis=1)
            return keep & np.all(pts @ planes.T >= -d[:, None], axis=1)

        r = near_rocks(self.law, self.traces, p, above, cull=cull)
        ix, iy = np.floor(r.x / s).astype(int), np.floor(r.y / s).astype(int)
        step = SUN_STEP * self.law.texel_m

        def sun_at(x, y):
            out = np.empty(x.size, np.float32)
            for k in range(x.size):
                sun = self.suns[key[(ix[k], iy[k])]]
                i = min(int((y[k] - iy[k] * s) / step), sun.shape[0] - 1)
                j = min(int((x[k] - ix[k] * s) / step), sun.shape[1] - 1)
                out[k] = sun[i, j]
            return out

        self.rocks.update(r, self.terrain, image, sun_at, az, el)

    def _prefetch(self, pose: Pose, az: float, el: float) -> None:
        """Make up to ``prefetch`` patches of a farther, wider view, nearest first, while the
        cache has room beside the patches this frame holds."""
        room = self.max_patches - len(self.needed)
        todo = 0
        for ix, iy in self.wanted(pose, PREFETCH_M, PREFETCH_DEG)[:room]:
            if (ix, iy, round(az, 6), round(el, 6)) in self.patches:
                continue
            self.patch(ix, iy, az, el)
            self.prefetched += 1
            todo += 1
            if todo >= self.prefetch:
                return

    def _install(self) -> None:
        """The atlas texture and the shader on the base near actor."""
        from vtkmodules.util.numpy_support import numpy_to_vtk
        from vtkmodules.vtkCommonDataModel import vtkImageData
        from vtkmodules.vtkRenderingCore import vtkTexture

        side = self.k * self.law.patch_px
        self._atlas = np.full((side, side), ONE_CODE, dtype=np.uint8)
        image = vtkImageData()
        image.SetDimensions(side, side, 1)
        image.GetPointData().SetScalars(numpy_to_vtk(self._atlas.reshape(-1, 1), deep=False))
        tex = vtkTexture()
        tex.SetInputData(image)
        tex.InterpolateOn()
        tex.MipmapOff()
        tex.RepeatOn()
        tex.SetColorModeToDirectScalars()
        self._image, self._texture = image, tex
        grid = self.terrain
        self.actor = next(a for g, _, a in self.ground.parts if g is grid)
        if self.rock_layer is not None and self.plotter is not None:
            mesh = next(m for g, m, _ in self.ground.parts if g is grid)
            self.rocks = RockActor(self.plotter, self.pv, mesh, self.law, self.rock_layer)
        self.actor.GetProperty().SetTexture("detailTex", tex)
        sp = self.actor.GetShaderProperty()
        sp.AddFragmentShaderReplacement("//VTK::TCoord::Impl", True, SHADER, False)
        sp.AddFragmentShaderReplacement("//VTK::TCoord::Dec", True, GRAIN, False)
        uni = sp.GetFragmentCustomUniforms()
        span = grid.size_px * grid.cell_m  # texture_coords: u = ((x - x0) / cell + 0.5) / n
        x0, y0 = grid.origin
        uni.SetUniform2f("gdScale", [span, span])
        uni.SetUniform2f("gdOffset", [x0 - 0.5 * grid.cell_m, y0 - 0.5 * grid.cell_m])
        uni.SetUniformf("gdPeriod", 1.0 / (self.k * self.law.patch_m))
        uni.SetUniform2f("gdFade", [self.radius_m, 1.0 / max(self.radius_m - self.full_m, 1e-6)])
        uni.SetUniformf("gdFmax", float(FACTOR_MAX))
        uni.SetUniform3f("gdCam", [0.0, 0.0, 1e12])
        seed = np.random.default_rng([self.law.seed, 16]).random(2)
        uni.SetUniform2f("gdSeed", [float(seed[0]), float(seed[1])])

    @property
    def nbytes(self) -> int:
        """Bytes the tier holds: cached patch codes and the atlas (uint8, shared with VTK)."""
        held = sum(f.nbytes for f in self.patches.values())
        return int(held + (0 if self._atlas is None else self._atlas.nbytes))
