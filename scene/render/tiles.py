"""The renderer's structure tiles and their levels of detail: which actor is drawn from
where.

Every structure actor belongs to one ``TILE_M`` tile and one band of camera distances (its
level of detail): the full meshes near, the assets' cheap level beyond the tile's switch
distance, and vertex-clustered copies of the cheap level (``shading.simplify``) farther
out, where a cluster cell is under a pixel. Bands of one tile do not overlap, so exactly
one level of each tile is drawn at any camera position.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from ..shading import simplify
from ..shading.merge import TILE_M

LOD_MIN_M = 700.0  # tiles nearer than this are always drawn in full detail
LOD_RADII = 25.0  # ... and tiles holding an asset of radius r up to 25 r away


@dataclass(frozen=True)
class Band:
    """One level of detail of a tile: drawn while ``near <= distance < far`` (m); ``cell``:
    the vertex-cluster cell (m) of a far level, None for a level drawn as built."""

    near: float
    far: float
    cell: float | None = None


def bands(lod: int, radius: float, scale: float, far: bool = True) -> list[Band]:
    """The distance bands of a tile of level ``lod`` (1 full, 0 cheap) whose largest asset
    has ``radius`` m, at quality distance ``scale`` (``QUALITY[...]["lod"]``): the full level
    up to the switch distance, then the cheap level, then (with ``far``) its clustered far
    levels. Empty bands (a switch beyond a far level's distance) are left out."""
    switch = scale * max(LOD_MIN_M, LOD_RADII * radius)
    if lod == 1:
        return [Band(0.0, switch)]
    far = simplify.FAR_LEVELS if far else ()
    edges = [switch] + [max(switch, scale * d) for d, _ in far] + [math.inf]
    cells = [None] + [c for _, c in far]
    return [
        Band(lo, hi, cell)
        for lo, hi, cell in zip(edges[:-1], edges[1:], cells, strict=True)
        if hi > lo
    ]


@dataclass
class TileSet:
    """The structure actors by tile and band; ``show`` picks the levels for a camera."""

    actors: list = field(default_factory=list)
    layers: list[str] = field(default_factory=list)
    _rows: list[tuple[float, float, float, float, int]] = field(default_factory=list)
    _table: np.ndarray | None = None  # (N, 5) cx, cy, near, far, triangles

    def add(self, actor, layer: str, tile: tuple[int, int], band: Band, n_tri: int) -> None:
        """Register ``actor`` (of ``layer``) as ``tile``'s level for ``band``."""
        cx, cy = (np.asarray(tile, float) + 0.5) * TILE_M
        self.actors.append(actor)
        self.layers.append(layer)
        self._rows.append((cx, cy, band.near, band.far, n_tri))
        self._table = None

    def __len__(self) -> int:
        return len(self.actors)

    def show(self, position: np.ndarray, above: float, hidden: set[str]) -> int:
        """Make visible the level of each tile whose band holds the distance from the
        camera at ``position`` (3,) (``above`` m over the ground) to the tile's centre, and
        nothing of the ``hidden`` layers; returns the triangles shown."""
        if self._table is None:
            self._table = np.array(self._rows, dtype=np.float64).reshape(-1, 5)
        t = self._table
        d = np.hypot(np.hypot(t[:, 0] - position[0], t[:, 1] - position[1]), above)
        on = (t[:, 2] <= d) & (d < t[:, 3])
        if hidden:
            on &= np.array([layer not in hidden for layer in self.layers], dtype=bool)
        for actor, flag in zip(self.actors, on.tolist(), strict=True):
            actor.SetVisibility(flag)
        return int(t[on, 4].sum())
