"""The sky our stills draw, as geometry any client shows: the Earth as a distant emissive
sphere of its true angular size (1.9°) in the scene's Earth direction, and the star field
on an emissive dome beyond it.

Our renderer places both by direction (at infinity). Here they are ``EARTH_DISTANCE_M``
and ``DOME_RADIUS_M`` from the crater's centre: far enough that a camera a few km from it
sees the Earth within a tenth of a degree of where our stills put it. The dome is open in a
cap of ``SUN_HOLE_DEG`` around the sun so it never shadows the sun (a renderer that traces
shadows sees the sun through the hole; what shows there is the client's background). The
cameras' far planes reach past the dome (``SKY_FAR_M``). Both are unlit and show their
texture (``materials.glow_material``), so lights leave them as they are.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ....terrain.shading import sun_vector
from ...model.color import encode_display, to_uint8
from ...model.earth import CLOUD, LAND, OCEAN, earth_albedo
from .materials import EMISSIVE_PEAK

EARTH_DIAMETER_DEG = 1.9
EARTH_DISTANCE_M = 3.0e6
DOME_RADIUS_M = 4.0e6
SKY_FAR_M = 5.0e6
SUN_HOLE_DEG = 3.0
STAR_COUNT = 4000
STAR_TEXTURE = (2048, 4096)  # rows (polar angle 0..180°), columns (azimuth): 0.088° a texel
# The Earth's emitted linear RGB per surface class of ``earth_albedo`` on its day side:
# chosen so Blender 4.5's default view transform (AgX, which pulls saturated colours
# towards grey) shows what our stills show, measured through Blender's own colour
# management: ocean (0.17, 0.39, 0.78) blue, land (0.38, 0.42, 0.24) olive, clouds
# (0.77) white; under a plain sRGB view the same values read blue (0.17, 0.28, 0.90),
# olive and white. The albedos themselves (OCEAN, LAND, CLOUD) would come out
# (0.00, 0.18, 0.44), (0.29, 0.32, 0.13) and 0.75 under AgX: a dim grey-blue dot.
EARTH_GLOW = {
    "ocean": (OCEAN, (0.02, 0.06, 0.80)),
    "land": (LAND, (0.12, 0.16, 0.056)),
    "cloud": (CLOUD, (0.95, 0.97, 1.0)),
}


@dataclass
class SkyPart:
    """One sky object: its node translation (3,) Z-up metres; (N, 3) float32 Z-up vertices
    relative to it and (N, 3) unit normals; (M, 3) uint32 faces; (N, 2) float32 uv of
    ``glow``, an (H, W, 3) uint8 sRGB emissive image; and the emission ``strength``."""

    name: str
    translation: np.ndarray
    vertices: np.ndarray
    normals: np.ndarray
    faces: np.ndarray
    uv: np.ndarray
    glow: np.ndarray
    strength: float


def _frame(pole: np.ndarray) -> np.ndarray:
    """(3, 3) orthonormal columns (e1, e2, pole) with ``pole`` ((3,) unit) as the third."""
    a = np.array([0.0, 0.0, 1.0]) if abs(pole[2]) < 0.9 else np.array([1.0, 0.0, 0.0])
    e1 = np.cross(a, pole)
    e1 /= np.linalg.norm(e1)
    return np.column_stack([e1, np.cross(pole, e1), pole])


def uv_sphere(rows: int, cols: int, theta0: float = 0.0, inward: bool = False):
    """A unit sphere about +z from polar angle ``theta0`` (rad) to pi: (N, 3) float64
    points, (M, 3) uint32 faces (outward, or ``inward`` facing), (N, 2) float32 uv with
    u = azimuth / 2 pi and v = polar angle / pi (a seam column duplicated)."""
    th = np.linspace(theta0, np.pi, rows + 1)
    ph = np.linspace(0.0, 2 * np.pi, cols + 1)
    T, P = np.meshgrid(th, ph, indexing="ij")
    pts = np.stack([np.sin(T) * np.cos(P), np.sin(T) * np.sin(P), np.cos(T)], -1).reshape(-1, 3)
    uv = np.stack([P / (2 * np.pi), T / np.pi], -1).reshape(-1, 2).astype(np.float32)
    i, j = np.meshgrid(np.arange(rows), np.arange(cols), indexing="ij")
    a = (i * (cols + 1) + j).ravel()
    b, c, d = a + cols + 1, a + 1, a + cols + 2
    faces = np.concatenate([np.column_stack([a, b, c]), np.column_stack([c, b, d])])
    if inward:
        faces = faces[:, ::-1]
    return pts, np.ascontiguousarray(faces, np.uint32), uv


def _texel_dirs(shape: tuple[int, int], frame: np.ndarray) -> np.ndarray:
    """(H, W, 3) world unit directions at the texel centres of an equirect image about the
    third column of ``frame`` ((3, 3))."""
    h, w = shape
    th = (np.arange(h) + 0.5) / h * np.pi
    ph = (np.arange(w) + 0.5) / w * 2 * np.pi
    T, P = np.meshgrid(th, ph, indexing="ij")
    local = np.stack([np.sin(T) * np.cos(P), np.sin(T) * np.sin(P), np.cos(T)], -1)
    return local @ frame.T


def earth_glow(albedo: np.ndarray) -> np.ndarray:
    """(..., 3) linear emission of the day side for (..., 3) ``earth_albedo`` colours (each
    one of OCEAN, LAND, CLOUD): their ``EARTH_GLOW`` values."""
    out = np.zeros(albedo.shape, float)
    for ref, glow in EARTH_GLOW.values():
        out[np.all(np.isclose(albedo, ref), axis=-1)] = glow
    return out


def earth_texture(lighting: dict, seed: int, shape: tuple[int, int] = (256, 512)) -> np.ndarray:
    """(H, W, 3) uint8 sRGB: oceans, land and clouds (sums of random sinusoids over the
    sphere, as our stills draw them) as ``earth_glow``, lit where the disc faces the sun
    (the stills' phase factor, applied in display values), about +z."""
    n = _texel_dirs(shape, np.eye(3))
    u, v, w = n[..., 0], n[..., 1], n[..., 2]
    glow = earth_glow(earth_albedo(u, v, w, seed))
    sun = sun_vector(lighting["sun_azimuth_deg"], lighting["sun_elevation_deg"])
    lit = np.clip(n @ sun, 0, 1) * 0.9 + 0.06
    return to_uint8(encode_display(glow) * lit[..., None])


def star_texture(seed: int, frame: np.ndarray) -> np.ndarray:
    """(H, W, 3) uint8 sRGB equirect image about ``frame``'s third column: black with the
    star field of our stills (``STAR_COUNT`` directions, pareto brightness; one texel
    each, the brightest kept where two fall on one texel)."""
    rng = np.random.default_rng([seed, 77])  # the same draws as the renderer's star field
    d = rng.normal(size=(STAR_COUNT, 3))
    d /= np.linalg.norm(d, axis=1, keepdims=True)
    bright = np.clip(rng.pareto(2.5, STAR_COUNT) * 0.25 + 0.12, 0, 1.0)
    local = d @ frame  # world -> frame axes
    h, w = STAR_TEXTURE
    th = np.arccos(np.clip(local[:, 2], -1, 1))
    ph = np.mod(np.arctan2(local[:, 1], local[:, 0]), 2 * np.pi)
    r = np.minimum((th / np.pi * h).astype(int), h - 1)
    c = np.minimum((ph / (2 * np.pi) * w).astype(int), w - 1)
    img = np.zeros((h, w, 3), np.uint8)
    order = np.argsort(bright, kind="stable")  # brightest written last
    img[r[order], c[order]] = to_uint8(bright[order, None] * np.array([0.9, 0.95, 1.0]))
    return img


def sky_parts(lighting: dict, seed: int, centre: np.ndarray) -> list[SkyPart]:
    """The Earth (if ``lighting['earth']``) and the star dome (if ``lighting['stars']``)
    about ``centre`` ((3,) Z-up metres, the crater's centre)."""
    parts = []
    sun = sun_vector(lighting["sun_azimuth_deg"], lighting["sun_elevation_deg"])
    if lighting["earth"]:
        e = sun_vector(lighting["earth_azimuth_deg"], lighting["earth_elevation_deg"])
        r = EARTH_DISTANCE_M * np.tan(np.radians(EARTH_DIAMETER_DEG / 2))
        pts, faces, uv = uv_sphere(24, 48)
        parts.append(
            SkyPart(
                "earth",
                np.asarray(centre, float) + EARTH_DISTANCE_M * e,
                (pts * r).astype(np.float32),
                pts.astype(np.float32),
                faces,
                uv,
                earth_texture(lighting, seed),
                1.0,
            )
        )
    if lighting["stars"]:
        frame = _frame(sun)
        pts, faces, uv = uv_sphere(48, 96, np.radians(SUN_HOLE_DEG), inward=True)
        world = pts @ frame.T
        parts.append(
            SkyPart(
                "stars",
                np.asarray(centre, float),
                (world * DOME_RADIUS_M).astype(np.float32),
                (-world).astype(np.float32),
                faces,
                uv,
                star_texture(seed, frame),
                EMISSIVE_PEAK,
            )
        )
    return parts
