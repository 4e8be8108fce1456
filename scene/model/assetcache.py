"""Builds each distinct (kind, params, variant) asset once and shares it.

Variants give seeded variety without a new mesh per instance: variant ``i`` of a kind picks
entry ``i % len`` of that kind's variant table (e.g. tank styles), and seeds the builder's
random generator, so a base of hundreds of structures holds a few dozen distinct meshes.
"""

from __future__ import annotations

import json
import zlib

import numpy as np

from ...assets.meshes import registry
from ...assets.meshes._base import AssetMesh
from .graph import Mesh, Primitive

VARIANTS: dict[str, list[dict]] = {
    "launch_pad": [{"craft": "rocket"}, {"craft": "lander"}, {"craft": "cargo"}],
    "tank": [{"style": "sphere"}, {"style": "horizontal"}, {"style": "vertical"}],
    "habitat": [{"style": "module"}, {"style": "dome"}, {"style": "brick_vault"}],
    "rover": [{"variant": "hauler"}, {"variant": "crane"}, {"variant": "dozer"}],
}


def variant_params(kind: str, params: dict, variant: int) -> dict:
    """``params`` completed with the variant's entries (explicit params win)."""
    table = VARIANTS.get(kind)
    if not table:
        return dict(params)
    known = registry.info(kind).PARAMS
    extra = {k: v for k, v in table[variant % len(table)].items() if k in known}
    return {**extra, **params}


class AssetCache:
    """Cache of built assets and their scene-graph meshes, keyed by kind, params, variant."""

    def __init__(self, seed: int, detail: int = 1):
        self.seed = seed
        self.detail = detail
        self._assets: dict[str, AssetMesh] = {}
        self._meshes: dict[str, Mesh] = {}

    def _key(self, kind: str, params: dict, variant: int) -> str:
        return f"{kind}|{json.dumps(dict(params), sort_keys=True)}|{variant}"

    def get(self, kind: str, params: dict, variant: int = 0) -> AssetMesh:
        key = self._key(kind, params, variant)
        if key not in self._assets:
            full = registry.validate_params(kind, variant_params(kind, params, variant))
            rng = np.random.default_rng([self.seed, zlib.crc32(key.encode())])
            self._assets[key] = registry.build(kind, full, rng, self.detail)
        return self._assets[key]

    def mesh(self, kind: str, params: dict, variant: int = 0) -> Mesh:
        """The shared scene-graph Mesh for this asset (one per distinct asset)."""
        key = self._key(kind, params, variant)
        if key not in self._meshes:
            asset = self.get(kind, params, variant)
            name = f"{kind}_{len([k for k in self._meshes if k.startswith(kind + '|')]) + 1}"
            prims = [
                Primitive(
                    np.ascontiguousarray(p.vertices, dtype=np.float32),
                    np.ascontiguousarray(p.faces, dtype=np.uint32),
                    p.material,
                    name=p.name,
                )
                for p in asset.parts
                if len(p.faces)
            ]
            self._meshes[key] = Mesh(name, prims)
        return self._meshes[key]
