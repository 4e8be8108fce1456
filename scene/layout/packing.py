"""Keeping structures apart and on the ground.

``Packer`` reserves circular footprints (a circle that contains the asset's footprint
rectangle, so circles apart means rectangles apart) and finds free, gentle ground for new
ones. ``settle`` flattens every footprint and puts each structure on the ground; ``ground_fit``
tilts a vehicle to the local ground plane.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from ...terrain import edits

if TYPE_CHECKING:
    from ...assets.meshes._base import AssetMesh
    from ...terrain.heightfield import Terrain
    from ..model.assetcache import AssetCache
    from ..model.graph import Drive

MARGIN_M = 8.0  # least gap between footprint circles


def flatten_pad(cell_m: float) -> float:
    """Flattened rectangle = footprint + this: two grid cells more, so that bilinear heights
    and slopes anywhere on the footprint read only flattened samples."""
    return 2.0 * cell_m + 1.0


def flatten_blend(cell_m: float) -> float:
    """Blend width (m) of a flattened footprint back to the natural ground."""
    return max(6.0, 2.0 * cell_m)


def margin(cell_m: float) -> float:
    """Gap between footprint circles so that no neighbour's flatten blend reaches in."""
    return max(MARGIN_M, 1.5 * flatten_pad(cell_m) + flatten_blend(cell_m) + 1.0)


class Packer:
    """Circular footprints on the terrain; ``free``/``take``/``find``."""

    def __init__(
        self,
        terrain: Terrain,
        max_slope_deg: float,
        rng: np.random.Generator,
        keep_out: tuple[float, float, float] | None = None,
    ) -> None:
        """``keep_out``: optional (x, y, radius) circle nothing may enter (the hero crater's
        interior); reserved circles are kept as an (N, 3) float64 array of (x, y, r)."""
        self.t = terrain
        self.max_slope = max_slope_deg
        self.rng = rng
        self.keep_out = keep_out  # (x, y, radius): e.g. the hero crater's interior
        self.names: list[str] = []
        self._xyr = np.zeros((0, 3))
        self.margin = margin(terrain.cell_m)

    def overlaps(self, x: float, y: float, r: float, margin: float | None = None) -> list[str]:
        """Names of the reserved circles that (x, y, r) comes within ``margin`` of."""
        m = self.margin if margin is None else margin
        c = self._xyr
        hit = (x - c[:, 0]) ** 2 + (y - c[:, 1]) ** 2 < (r + c[:, 2] + m) ** 2
        return [self.names[i] for i in np.flatnonzero(hit)]

    def gentle(self, x: float, y: float, r: float) -> bool:
        """Ground slope at the centre and 8 points on the circle within the limit (central
        differences one cell wide)."""
        a = np.linspace(0, 2 * np.pi, 8, endpoint=False)
        xs = np.concatenate([[x], x + 0.9 * r * np.cos(a)])
        ys = np.concatenate([[y], y + 0.9 * r * np.sin(a)])
        h = self.t.cell_m
        hx = self.t.height_at(xs + h, ys) - self.t.height_at(xs - h, ys)
        hy = self.t.height_at(xs, ys + h) - self.t.height_at(xs, ys - h)
        slope = np.degrees(np.arctan(np.hypot(hx, hy) / (2 * h)))
        return bool(np.max(slope) <= self.max_slope)

    def free(
        self, x: float, y: float, r: float, margin: float | None = None, steep_ok: bool = False
    ) -> bool:
        """(x, y, r) is inside the grid, outside the keep-out, clear of every reserved circle
        and (unless ``steep_ok``) on gentle ground."""
        if not self.t.contains(x, y, margin=r + 30.0):
            return False
        if self.keep_out is not None:
            kx, ky, kr = self.keep_out
            if np.hypot(x - kx, y - ky) < kr + r:
                return False
        if self.overlaps(x, y, r, margin):
            return False
        return steep_ok or self.gentle(x, y, r)

    def take(self, x: float, y: float, r: float, name: str = "") -> None:
        """Reserve the circle (x, y, r) under ``name``."""
        self._xyr = np.vstack([self._xyr, [[float(x), float(y), float(r)]]])
        self.names.append(name)

    def find(
        self,
        cx: float,
        cy: float,
        r: float,
        spread: float,
        tries: int = 80,
        name: str = "",
        steep_ok: bool = False,
    ) -> tuple[float, float] | None:
        """A free spot near (cx, cy), within a few ``spread`` metres, or None. ``steep_ok``:
        any slope will do (the caller grades the site)."""
        for i in range(tries):
            s = spread * (0.25 + 1.0 * i / tries)
            x = cx + self.rng.normal(0, s)
            y = cy + self.rng.normal(0, s)
            if self.free(x, y, r, steep_ok=steep_ok):
                self.take(x, y, r, name)
                return x, y
        return None


def footprint_points(p, asset: AssetMesh | Drive, inset: float = 1.0) -> np.ndarray:
    """(5, 2) float64 world xy of a placement's footprint centre and its 4 corners (scaled by
    ``inset``). ``p``: anything with x, y, rotation_deg (a ``plan.Placement``); ``asset``:
    anything with a ``footprint`` (half x, half y, m)."""
    hx, hy = asset.footprint
    c, s = np.cos(np.radians(p.rotation_deg)), np.sin(np.radians(p.rotation_deg))
    lx = np.array([0, -hx, hx, -hx, hx]) * inset
    ly = np.array([0, -hy, -hy, hy, hy]) * inset
    return np.column_stack([p.x + c * lx - s * ly, p.y + s * lx + c * ly])


def ground_fit(terrain: Terrain, p, asset: AssetMesh | Drive) -> np.ndarray:
    """(3, 3) float64 rotation (columns forward, left, up): the placement's heading, tilted
    to the ground plane fitted under its footprint (for vehicles on graded roads). ``p`` and
    ``asset`` as for :func:`footprint_points`."""
    pts = footprint_points(p, asset, 0.9)
    z = terrain.height_at(pts[:, 0], pts[:, 1])
    a = np.column_stack([pts[:, 0] - p.x, pts[:, 1] - p.y, np.ones(len(pts))])
    gx, gy, _ = np.linalg.lstsq(a, z, rcond=None)[0]
    n = np.array([-gx, -gy, 1.0])
    n /= np.linalg.norm(n)
    h = np.radians(p.rotation_deg)
    fwd = np.array([np.cos(h), np.sin(h), 0.0])
    fwd -= n * fwd.dot(n)
    fwd /= np.linalg.norm(fwd)
    return np.column_stack([fwd, np.cross(n, fwd), n])


def settle(placements: list, terrain: Terrain, assets: AssetCache) -> None:
    """Flatten each flattened footprint, then put every structure on the final ground
    (``placements``: the ``plan.Placement``s, updated in place)."""
    for p in placements:
        if p.flatten:
            a = assets.get(p.kind, p.params, p.variant)
            hx, hy = a.footprint
            pad = flatten_pad(terrain.cell_m)
            edits.flatten_rect(
                terrain,
                p.x,
                p.y,
                hx + pad,
                hy + pad,
                p.rotation_deg,
                blend_m=flatten_blend(terrain.cell_m),
            )
    for p in placements:
        a = assets.get(p.kind, p.params, p.variant)
        if p.tilt:
            p.basis = ground_fit(terrain, p, a)
            p.z = float(terrain.height_at(p.x, p.y))
        elif p.flatten or p.kind == "engine":
            p.z = float(terrain.height_at(p.x, p.y))
        else:  # stands on its lowest footing
            pts = footprint_points(p, a, 0.9)
            p.z = float(np.min(terrain.height_at(pts[:, 0], pts[:, 1])))
