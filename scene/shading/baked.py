"""What the renderer bakes from a World once and reuses every frame: the structures merged
per (layer, material) at two levels of detail, the engines' glow shells and the lit colours
of the ground and of every structure face (sun with baked terrain and structure shadows,
earthshine, lamps). Typed cached properties, computed on first use; ``Baked.of(world)``
shares one bake per World (render processes receive it pickled beside the World)."""

from __future__ import annotations

import weakref
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING

import numpy as np

from ...terrain.shading import bake_shadows_far, sun_vector
from ..model.assetcache import AssetCache
from .facelight import face_display
from .lighting import terrain_radiance, tone_map
from .merge import glow_shells, merged_by_material
from .shadows import ground_shadow, scene_intersector

if TYPE_CHECKING:
    from ..model.world import World

_BAKES: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


@dataclass(frozen=True)
class LitState:
    """Display colours (0..1 float32) under one lighting.

    terrain: (n, n, 3) near grid; terrain_far: (m, m, 3) far grid or None;
    faces / faces_lod0: {(layer, material): (F, 3)} per merged structure mesh."""

    terrain: np.ndarray
    terrain_far: np.ndarray | None
    faces: dict
    faces_lod0: dict


class Baked:
    """The bake of one World (see the module docstring)."""

    def __init__(self, world: World) -> None:
        self.world = world

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
        _ = self.merged, self.merged_lod0, self.glow_shells, self.lit, self.z_top
        return self

    @cached_property
    def _merged(self) -> tuple[dict, dict]:
        return merged_by_material(self.world)

    @cached_property
    def _merged_lod0(self) -> tuple[dict, dict]:
        return merged_by_material(self.world, lod0=AssetCache(self.world.cfg.seed, 0))

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
    def glow_shells(self) -> list[tuple]:
        """[(V (K, 3) float64, F (L, 3) int64, material, alpha)] translucent shells round
        the plumes."""
        return glow_shells(self.world)

    @cached_property
    def z_top(self) -> float:
        """Height (m) 100 m above the tallest structure: the far clip reaches it."""
        return float(self.world.graph.bounds()[1, 2]) + 100.0

    @cached_property
    def lit(self) -> LitState:
        """Display colours under the scene file's lighting."""
        return self.lit_for(self.world.cfg.lighting)

    def lit_for(self, lighting: dict) -> LitState:
        """Display colours under ``lighting`` (the scene's ``[lighting]`` table)."""
        w = self.world
        sun = sun_vector(lighting["sun_azimuth_deg"], lighting["sun_elevation_deg"])
        merged = self.merged
        t = w.terrain
        lamps = w.lamps
        rad = terrain_radiance(t, lighting, lamps, extra_shadow=ground_shadow(t, merged, sun))
        far = None
        if t.far is not None:
            far = terrain_radiance(
                t.far,
                lighting,
                [],
                extra_shadow=ground_shadow(t.far, merged, sun),
                baked=bake_shadows_far(
                    t, lighting["sun_azimuth_deg"], lighting["sun_elevation_deg"]
                ),
            )
            far = tone_map(far, exposure=1.1).astype(np.float32)
        hit = scene_intersector(merged, w.ground_triangles())
        return LitState(
            terrain=tone_map(rad, exposure=1.1).astype(np.float32),
            terrain_far=far,
            faces=face_display(merged, lighting, sun, lamps, hit, t.height_at),
            faces_lod0=face_display(self.merged_lod0, lighting, sun, lamps, hit, t.height_at),
        )
