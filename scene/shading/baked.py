"""What the renderer bakes from a World once and reuses every frame: the structures merged
per (layer, material) at two levels of detail and vertex-clustered far levels, the engines'
glow shells and the lit colours of the ground and of every structure face (sun with baked
terrain and structure shadows, earthshine, lamps). Typed cached properties, computed on
first use; ``Baked.of(world)`` shares one bake per World (render processes receive it
pickled beside the World)."""

from __future__ import annotations

import time
import weakref
from collections.abc import Callable, Iterator, Mapping
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING

import numpy as np

from ...terrain.shading import bake_shadows, bake_shadows_far, sun_vector
from ..model.assetcache import AssetCache
from ..model.color import to_uint8
from ..model.layers import EFFECT_MATERIALS
from .ao import face_ao, grids_occlusion
from .closed import closed_faces
from .facelight import FaceSet, lamp_irradiance
from .glare import lamp_glare
from .glints import metal_glints
from .jets import engine_jets, jet_ground, jet_irradiance, jet_shells, jet_top
from .lighting import terrain_radiance, tone_map
from .merge import GlowShell, graph_top, merged_by_material
from .shadows import Caster, Casters, SunShadows, structure_caster
from .simplify import FAR_LEVELS, FarLevel, far_level
from .tone import scene_exposure

if TYPE_CHECKING:
    from ..model.world import World

_BAKES: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


@dataclass(frozen=True)
class LitState:
    """Display colours (0..1 float32) under one lighting.

    terrain: (n, n, 3) near grid; terrain_far: (m, m, 3) far grid or None;
    faces / faces_lod0: {(layer, material): (F, 3)} per merged structure mesh. In a
    ``Baked.for_render`` copy the ground images are uint8 (``to_uint8`` of these: the bytes
    the renderer's textures hold)."""

    terrain: np.ndarray
    terrain_far: np.ndarray | None
    faces: dict
    faces_lod0: dict


class BakeReleased(RuntimeError):
    """A bake read for something it no longer holds (``Baked.for_render``, ``release``)."""


class _FaceInfo(Mapping):
    """``face_info`` stored compactly for render processes: per key the tiles as int16 and
    the radius as an index into the key's distinct radii; ``[key]`` decodes the (F, 3)
    float64 rows bit for bit (a key that would not round-trip is kept as it is)."""

    def __init__(self, info: Mapping) -> None:
        self._rows: dict = {}
        for key, rows in info.items():
            radii, idx = np.unique(rows[:, 2], return_inverse=True)
            code = (rows[:, :2].astype(np.int16), idx.ravel().astype(np.int32), radii)
            self._rows[key] = code if _same_bits(_decode(*code), rows) else rows

    def __getitem__(self, key):
        code = self._rows[key]
        return _decode(*code) if isinstance(code, tuple) else code

    def __iter__(self):
        return iter(self._rows)

    def __len__(self) -> int:
        return len(self._rows)


def _decode(tiles: np.ndarray, idx: np.ndarray, radii: np.ndarray) -> np.ndarray:
    out = np.empty((len(tiles), 3))
    out[:, :2] = tiles
    out[:, 2] = radii[idx]
    return out


def _same_bits(a: np.ndarray, b: np.ndarray) -> bool:
    a, b = np.ascontiguousarray(a), np.ascontiguousarray(b, dtype=np.float64)
    return a.shape == b.shape and bool(np.array_equal(a.view(np.uint64), b.view(np.uint64)))


def _compact(v: np.ndarray, f: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(V, 3) float32 vertices (VTK draws float32: the same points) and (F, 3) int32 faces."""
    small = f.size == 0 or int(f.max()) < np.iinfo(np.int32).max
    return v.astype(np.float32), f.astype(np.int32) if small else f


class Baked:
    """The bake of one World (see the module docstring)."""

    _render_only = False  # a ``for_render`` copy: cannot relight
    _released = False  # ``release`` freed the geometry and face colours

    def __init__(self, world: World) -> None:
        self.world = world
        self.timings: dict[str, float] = {}  # seconds per phase, summed (bench/bench_bake.py)

    @contextmanager
    def _timed(self, phase: str) -> Iterator[None]:
        t0 = time.perf_counter()
        try:
            yield
        finally:
            self.timings[phase] = self.timings.get(phase, 0.0) + time.perf_counter() - t0

    def _timed_call(self, phase: str, fn: Callable, *args: object) -> object:
        with self._timed(phase):
            return fn(*args)

    @classmethod
    def of(cls, world: World) -> Baked:
        """The shared bake of ``world`` (made on first call)."""
        baked = _BAKES.get(world)
        if baked is None:
            baked = _BAKES[world] = cls(world)
        return baked

    def adopt(self) -> Baked:
        """Make this (unpickled) bake the shared one of its World."""
        _BAKES[self.world] = self
        return self

    def compute(self) -> Baked:
        """Compute everything now (before pickling for render processes)."""
        _ = self.merged, self.merged_lod0, self.far_levels, self.glow_shells, self.lit
        _ = self.z_top
        return self

    def for_render(self) -> Baked:
        """A copy of this bake to pickle for render processes that never relight: what
        ``Renderer.load`` reads, compact and the same pixels — vertices float32 and faces
        int32 (VTK draws float32 points), ``face_info`` encoded losslessly (``_FaceInfo``),
        the ground images uint8 (``to_uint8``, as the renderer's textures hold them), face
        colours as they are (float32), no ``closed_faces``; ``lit_for`` raises
        :class:`BakeReleased`. About half the pickled size of the full bake."""
        self.compute()
        out = Baked(self.world)
        out._render_only = True
        lit = self.lit
        out.__dict__.update(
            _merged=(
                {k: _compact(v, f) for k, (v, f) in self.merged.items()},
                _FaceInfo(self.face_info),
            ),
            _merged_lod0=(
                {k: _compact(v, f) for k, (v, f) in self.merged_lod0.items()},
                _FaceInfo(self.face_info_lod0),
            ),
            far_levels={
                cell: FarLevel(
                    cell,
                    {k: _compact(v, f) for k, (v, f) in far.merged.items()},
                    _FaceInfo(far.face_info),
                    {k: i.astype(np.int32) for k, i in far.source.items()},
                )
                for cell, far in self.far_levels.items()
            },
            glow_shells=[GlowShell(*_compact(v, f), c, a) for v, f, c, a in self.glow_shells],
            lit=LitState(
                terrain=to_uint8(lit.terrain),
                terrain_far=None if lit.terrain_far is None else to_uint8(lit.terrain_far),
                faces=dict(lit.faces),
                faces_lod0=dict(lit.faces_lod0),
            ),
            z_top=self.z_top,
        )
        return out

    def release(self) -> None:
        """Free the merged meshes, ``face_info``, glow shells, closed-part flags and face
        colours once a renderer has built its actors from them, in a render process that
        never relights. ``z_top`` and the ground images stay (the renderer reads them
        after loading); the face colour dicts of ``lit`` are emptied in place (a loaded
        renderer holds that LitState). Reading a freed part, or ``lit_for``, then raises
        :class:`BakeReleased`."""
        for name in ("_merged", "_merged_lod0", "far_levels", "glow_shells", "closed_faces"):
            self.__dict__.pop(name, None)
        lit = self.__dict__.get("lit")
        if lit is not None:
            lit.faces.clear()
            lit.faces_lod0.clear()
        self._released = True

    def _live(self, what: str) -> None:
        if self._released:
            raise BakeReleased(
                f"Baked.{what}: this render process released its bake after loading "
                "(Baked.release); load a renderer before releasing"
            )

    @cached_property
    def _merged(self) -> tuple[dict, dict]:
        self._live("merged")
        with self._timed("merge"):
            return _without_plumes(merged_by_material(self.world))

    @cached_property
    def _merged_lod0(self) -> tuple[dict, dict]:
        self._live("merged_lod0")
        with self._timed("merge lod0"):
            return _without_plumes(
                merged_by_material(self.world, lod0=AssetCache(self.world.cfg.seed, 0))
            )

    @property
    def merged(self) -> dict:
        """{(layer, material): ((V, 3) float64 world m, (F, 3) int64)} structures at full
        detail."""
        return self._merged[0]

    @property
    def face_info(self) -> dict:
        """{(layer, material): (F, 3) float64 per-face rows (tile ix, tile iy, instance
        radius m)} (for ``merge.split_tiles``)."""
        return self._merged[1]

    @property
    def merged_lod0(self) -> dict:
        """Like ``merged``, with every placed asset at detail 0 (no rocks)."""
        return self._merged_lod0[0]

    @property
    def face_info_lod0(self) -> dict:
        """Like ``face_info``, for ``merged_lod0``."""
        return self._merged_lod0[1]

    @cached_property
    def far_levels(self) -> dict[float, FarLevel]:
        """{cell m: FarLevel} ``merged_lod0`` vertex-clustered for the far levels of detail
        (``simplify.FAR_LEVELS``), baked once here so no render process pays for it."""
        self._live("far_levels")
        with self._timed("far levels"):
            lod0, info = self.merged_lod0, self.face_info_lod0
            return {cell: far_level(lod0, info, cell) for _, cell in FAR_LEVELS}

    @cached_property
    def closed_faces(self) -> dict:
        """{(layer, material): (F,) bool} per face of ``merged``: in a closed part (the sun
        rays skip such faces turned away from the sun; ``closed.closed_faces``)."""
        self._live("closed_faces")
        with self._timed("closed parts"):
            return closed_faces(self.world)

    @cached_property
    def glow_shells(self) -> list[GlowShell]:
        """The firing engines' jets (``jets.jet_shells``: one proxy lathe per jet, coloured
        per pixel by the renderer's shader, ``jetglow``), then the lamp heads' glare
        (``glare.lamp_glare``) and the large sunlit metal panels' glints (``glints``).
        They replace the assets' own plume parts, which the bake leaves out of ``merged``
        (``_without_plumes``; glTF clients still show those)."""
        self._live("glow_shells")
        lit = self.lit.faces  # (the glints pick the faces it lit; timed as "lit")
        with self._timed("glow shells"):
            lt = self.world.cfg.lighting
            sun = sun_vector(lt["sun_azimuth_deg"], lt["sun_elevation_deg"])
            glint = metal_glints(self.merged, lit, sun / np.linalg.norm(sun))
            return jet_shells(self.world) + lamp_glare(self.world, self.merged) + glint

    @cached_property
    def z_top(self) -> float:
        """Height (m) 100 m above the tallest structure or jet: the far clip reaches it."""
        with self._timed("z_top"):
            return max(graph_top(self.world), jet_top(self.world)) + 100.0

    @cached_property
    def lit(self) -> LitState:
        """Display colours under the scene file's lighting."""
        return self.lit_for(self.world.cfg.lighting)

    def _ground_ao(self, grids: list) -> list[np.ndarray]:
        """The ground grids' sky visibility (``ao.ground_ao``; the same under any sun: baked
        once per bake)."""
        if "_ground_occ" not in self.__dict__:
            self._ground_occ = grids_occlusion(self.world.terrain, self.merged, grids)
        return self._ground_occ

    def lit_for(self, lighting: dict) -> LitState:
        """Display colours under ``lighting`` (the scene's ``[lighting]`` table).

        The sun rays (Embree, without the GIL) run in a worker thread while this one bakes
        the terrain's own shadows and lights the faces with the lamps; every result is the
        same whichever finishes first."""
        self._live("lit_for")
        if self._render_only:
            raise BakeReleased("Baked.lit_for: a for_render copy of a bake cannot relight")
        w = self.world
        az, el = lighting["sun_azimuth_deg"], lighting["sun_elevation_deg"]
        sun = sun_vector(az, el)
        t = w.terrain
        merged, lod0 = self.merged, self.merged_lod0
        timed, call = self._timed, self._timed_call
        with timed("lit"):
            with timed("bvh"):
                # one BVH, ground grids and faces alike
                shadows = SunShadows(merged, sun, self.closed_faces)
                ground_vf = w.ground_triangles()
                hit = shadows.faces_intersector(ground_vf)
                # the cheap level is shadowed and occluded by the cheap level: its faces lie
                # inside the detailed meshes (a tank's box inside its cylinder), which would
                # leave them in shadow and in the dark
                caster0 = structure_caster(lod0, sun)
                hit0 = Casters(caster0, Caster(*ground_vf))
            with timed("face frames"):
                faces = FaceSet.of([merged, lod0])
            grids = [(t, w.lamps)] + ([(t.far, [])] if t.far is not None else [])
            with ThreadPoolExecutor(max_workers=1) as rays:
                face_vis = rays.submit(call, "rays: faces", faces.sun_visible, sun, [hit, hit0])
                shade = []
                for grid, _ in grids:
                    with timed("terrain shadows"):
                        near = grid is t
                        baked = bake_shadows(t, az, el) if near else bake_shadows_far(t, az, el)
                        nrm = grid.normals()
                        lam = np.clip(nrm @ (sun / np.linalg.norm(sun)), 0.0, 1.0)  # lambert
                    # where the terrain already hides the sun, structures need no ray
                    job = rays.submit(call, "rays: ground", shadows.ground, grid, lam * baked > 0)
                    shade.append((baked, nrm, lam, job))
                lamp = None
                if lighting["lamps"]:
                    with timed("lamps: faces"):
                        lamp = lamp_irradiance(faces.centroids, faces.normals, w.lamps, t.height_at)
                with timed("jets"):
                    jets = engine_jets(w)
                    jet_faces = jet_irradiance(faces.centroids, faces.normals, jets)
                    jet_grid = [
                        jet_ground(grid, nrm, jets)
                        for (grid, _), (_, nrm, _, _) in zip(grids, shade, strict=True)
                    ]
                with timed("occlusion"):
                    ground_occ = self._ground_ao(grids)
                    face_occ = np.concatenate(
                        [
                            face_ao(faces.centroids[r], faces.normals[r], cast, t.height_at)
                            for r, cast in (
                                (faces.mesh_rows(0), shadows.caster),
                                (faces.mesh_rows(1), caster0),
                            )
                        ]
                    )
                with timed("ground radiance"):
                    rad = [
                        terrain_radiance(
                            grid, lighting, lamps, job.result(), baked, lam, nrm, jg, occ
                        )
                        for (grid, lamps), (baked, nrm, lam, job), jg, occ in zip(
                            grids, shade, jet_grid, ground_occ, strict=True
                        )
                    ]
                with timed("face colours"):
                    lit_faces, lit_lod0 = faces.display(
                        lighting, sun, face_vis.result(), lamp, jet_faces, face_occ
                    )
            with timed("ground radiance"):
                ground = [
                    tone_map(r, exposure=scene_exposure(lighting)).astype(np.float32) for r in rad
                ]
        return LitState(
            terrain=ground[0],
            terrain_far=ground[1] if len(ground) > 1 else None,
            faces=lit_faces,
            faces_lod0=lit_lod0,
        )


def _without_plumes(merged: tuple[dict, dict]) -> tuple[dict, dict]:
    """``merge.merged_by_material``'s (meshes, face_info) without the effect materials'
    meshes (the assets' plume parts: the renderer draws the engines' jets instead)."""
    meshes, info = merged
    keep = [k for k in meshes if k[1] not in EFFECT_MATERIALS]
    return {k: meshes[k] for k in keep}, {k: info[k] for k in keep}
