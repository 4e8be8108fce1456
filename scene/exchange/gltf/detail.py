"""A tiling regolith detail normal map for the terrain's near grid (issue 16's "the GLB
carries a detail normal texture": Blender and three.js users get regolith close up).

The ground's own texture is 3 m a texel; within a few hundred metres of a camera that is a
smooth magnified blur. Here one square tile ``TILE_M`` m across at ``TILE_PX`` texels
(about 3 cm) is generated procedurally from the detail tier's laws
(``terrain.detail.DetailLaw.of(terrain)``, read only): small craters from the terrain's
own size-frequency law N(>D) = a D^-b (0.5 m up to a quarter of the tile), shallow and
degraded (d/D 0.03-0.11, the small-crater values of Stopar 2017 softened by age), rocks
and pebbles from the boulder law continued down to 5 cm (half-buried domes), and
self-affine micro-relief (value noise, ``relief_wavelengths`` and ``relief_slope``).
Everything is periodic over the tile (features wrap, noise lattices are taken modulo
the tile), so it repeats without seams. Its slopes become a tangent-space normal map
(glTF convention: +X along +u, +Y up the image, +Z out) on the near grid's material,
through a second set of texture coordinates (``TEXCOORD_1``: world x, y over ``TILE_M``,
v running south so that up the image is north). Mipmapping averages it away with
distance, where the 3 m texture takes over. Same seed, same bytes.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from ....terrain.detail import DetailLaw
from ....terrain.detail.noise import hash_unit

if TYPE_CHECKING:
    from ....terrain.heightfield import Terrain

TILE_M = 16.0  # the tile's side (m): every noise wavelength divides it
TILE_PX = 512  # texels per side (3.1 cm)
NORMAL_KEY = 0x6C74  # noise key of the tile (distinct from the tier's own keys)
ROCK_D_MAX = 1.0  # m: larger rocks are the terrain's boulder meshes


@dataclass(frozen=True)
class DetailMap:
    """A normal texture (index into ``textures``) repeating every ``tile_m`` m."""

    texture: int
    tile_m: float = TILE_M


def _periodic_noise(n: int, wavelength: float, key: int) -> np.ndarray:
    """(n, n) smooth value noise in [-1, 1] of lattice spacing ``wavelength`` m, periodic
    over the tile (the lattice is taken modulo TILE_M / wavelength)."""
    cells = max(1, int(round(TILE_M / wavelength)))
    lat = hash_unit(np.arange(cells)[:, None], np.arange(cells)[None, :], key)  # (L, L)
    f = np.arange(n) * (cells / n)
    i0 = np.floor(f).astype(np.intp)
    t = f - i0
    t = t * t * (3.0 - 2.0 * t)
    i1 = (i0 + 1) % cells
    rows = lat[:, i0] * (1 - t) + lat[:, i1] * t  # (L, n): along the columns
    return rows[i0] * (1 - t)[:, None] + rows[i1] * t[:, None]


def _sizes(rng: np.random.Generator, a: float, b: float, d0: float, d1: float) -> np.ndarray:
    """Diameters (m) of a Poisson draw of N(>D) = a D^-b per m² between d0 and d1 over
    the tile, by inverse transform."""
    lo, hi = d0**-b, d1**-b
    n = rng.poisson(a * (lo - hi) * TILE_M * TILE_M)
    return (lo - rng.random(n) * (lo - hi)) ** (-1.0 / b)


def _stamp(h: np.ndarray, cx: float, cy: float, reach: float, shape) -> None:
    """Add ``shape(r)`` (r: distance in m from (cx, cy), wrapped round the tile) to the
    texels of ``h`` within ``reach`` m, in place."""
    n = h.shape[0]
    px = TILE_M / n
    k = int(np.ceil(reach / px)) + 1
    cols = np.arange(int(cx / px) - k, int(cx / px) + k + 1)
    rows = np.arange(int(cy / px) - k, int(cy / px) + k + 1)
    dx = (cols + 0.5) * px - cx
    dy = (rows + 0.5) * px - cy
    r = np.hypot(dx[None, :], dy[:, None])
    h[np.ix_(rows % n, cols % n)] += np.where(r < reach, shape(r), 0.0)


def _crater(radius: float, depth: float):
    """A degraded bowl: smooth to its floor and out over a low rounded rim (no edges)."""

    def shape(r):
        q = r / radius
        bowl = -depth * np.clip(1.0 - q * q, 0.0, 1.0) ** 2
        return bowl + 0.3 * depth * np.exp(-(((q - 1.0) / 0.3) ** 2))

    return shape


def _rock(d: float):
    def shape(r):
        return 0.3 * d * np.sqrt(np.clip(1.0 - (2.0 * r / d) ** 2, 0.0, 1.0))

    return shape


def detail_relief(terrain: Terrain, n: int = TILE_PX) -> np.ndarray:
    """(n, n) float64 relief (m) of the tile: column c at x = c x TILE_M / n, row r at
    y = -r x TILE_M / n (row 0 the image's top: north up)."""
    law = DetailLaw.of(terrain)
    rng = np.random.default_rng([int(law.seed) & 0xFFFFFFFF, NORMAL_KEY])
    h = np.zeros((n, n))
    for k, lam in enumerate(law.relief_wavelengths):
        h += law.relief_slope * lam * _periodic_noise(n, lam, law.seed * 64 + NORMAL_KEY + k)
    d_max = min(law.crater_d_max, TILE_M / 4)
    for d in np.sort(_sizes(rng, law.crater_a, law.crater_b, law.crater_d_min, d_max))[::-1]:
        cx, cy = rng.random(2) * TILE_M
        depth = d * rng.uniform(0.03, 0.11)  # fresh small craters ~0.1, most degraded
        _stamp(h, cx, cy, 1.9 * d / 2, _crater(d / 2, depth))
    for d in _sizes(rng, law.rock_a, law.rock_b, law.rock_d_min, ROCK_D_MAX):
        cx, cy = rng.random(2) * TILE_M
        _stamp(h, cx, cy, d / 2, _rock(d))
    return h


def normal_map(relief: np.ndarray) -> np.ndarray:
    """(n, n, 3) uint8 tangent-space normal map of a periodic ``relief`` (see
    ``detail_relief`` for its axes): (-dh/dx, -dh/dy, 1) normalised, as (n + 1) / 2."""
    px = TILE_M / relief.shape[0]
    hx = (np.roll(relief, -1, axis=1) - np.roll(relief, 1, axis=1)) / (2 * px)
    hy = -(np.roll(relief, -1, axis=0) - np.roll(relief, 1, axis=0)) / (2 * px)  # rows go south
    nrm = np.stack([-hx, -hy, np.ones_like(hx)], axis=-1)
    nrm /= np.linalg.norm(nrm, axis=-1, keepdims=True)
    return np.round((nrm + 1.0) * 127.5).clip(0, 255).astype(np.uint8)


def detail_uv(vertices: np.ndarray, tile_m: float = TILE_M) -> np.ndarray:
    """(N, 2) float32 TEXCOORD_1 of (N, 3) Z-up ``vertices``: (x, -y) / ``tile_m``."""
    v = np.asarray(vertices, np.float64)
    return np.column_stack([v[:, 0] / tile_m, -v[:, 1] / tile_m]).astype(np.float32)


def detail_tangents(normals: np.ndarray) -> np.ndarray:
    """(N, 4) float32 Y-up TANGENT of the tile's uv on a ground of (N, 3) Z-up unit
    ``normals``: +u (world +x) made tangent to the ground, handedness +1 (the bitangent
    N x T then runs north, up the image, as the normal map is written)."""
    n = np.asarray(normals, np.float64)
    t = np.zeros_like(n)
    t[:, 0] = 1.0
    t -= n * n[:, :1]  # x minus its normal part
    t /= np.maximum(np.linalg.norm(t, axis=1, keepdims=True), 1e-9)
    yup = np.column_stack([t[:, 0], t[:, 2], -t[:, 1]])  # as axes.points
    return np.column_stack([yup, np.ones(len(n))]).astype(np.float32)
