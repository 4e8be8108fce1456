"""The black lunar sky drawn in image space: stars, the Earth and the sun's glare.

Everything is placed by direction (at infinity), projected with the frame's camera, and drawn
only where the depth buffer says nothing was rendered, so the sky stays put as the camera moves.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from ...terrain.shading import sun_vector
from ..model.earth import earth_albedo
from ..model.graph import look_at

if TYPE_CHECKING:
    from ..anim.cameras import Pose

EARTH_DIAMETER_DEG = 1.9


def _project(
    dirs: np.ndarray, pose: Pose, width: int, height: int
) -> tuple[np.ndarray, np.ndarray, float]:
    """(K, 3) world directions → pixel (K, 2) float64, a (K,) bool mask of those in front of
    the camera, and the focal length (px)."""
    m = look_at(pose.position, pose.target)
    cam = dirs @ m[:3, :3]  # world → camera axes (rotation transpose)
    front = cam[:, 2] < -1e-6
    f = (height / 2) / np.tan(np.radians(pose.fov_deg) / 2)
    z = np.where(front, -cam[:, 2], 1.0)
    px = width / 2 + f * cam[:, 0] / z
    py = height / 2 - f * cam[:, 1] / z
    return np.column_stack([px, py]), front, f


def star_field(seed: int, n: int = 4000) -> tuple[np.ndarray, np.ndarray]:
    """(n, 3) unit directions and (n,) brightness 0..1 with a steep magnitude distribution."""
    rng = np.random.default_rng([seed, 77])
    d = rng.normal(size=(n, 3))
    d /= np.linalg.norm(d, axis=1, keepdims=True)
    b = np.clip(rng.pareto(2.5, n) * 0.25 + 0.12, 0, 1.0)
    return d, b


def draw_sky(
    img: np.ndarray, background: np.ndarray, pose: Pose, lighting: dict, seed: int
) -> None:
    """Draw stars, Earth and sun glare into ``img`` ((H, W, 3) float 0..1) in proportion
    to ``background`` ((H, W) bool, or float 0..1: the share of each pixel where nothing
    was rendered, so sky meets a resolved silhouette anti-aliased). Modifies ``img`` in
    place."""
    background = np.asarray(background, dtype=np.float32)
    h, w = background.shape
    if lighting["stars"]:
        dirs, bright = star_field(seed)
        px, front, _ = _project(dirs, pose, w, h)
        ij = np.rint(px).astype(int)
        ok = front & (ij[:, 0] >= 0) & (ij[:, 0] < w) & (ij[:, 1] >= 0) & (ij[:, 1] < h)
        ij, b = ij[ok], bright[ok]
        sky = background[ij[:, 1], ij[:, 0]]
        keep = sky > 0
        ij, b = ij[keep], b[keep] * sky[keep]
        tint = np.array([0.9, 0.95, 1.0])
        img[ij[:, 1], ij[:, 0]] = np.maximum(img[ij[:, 1], ij[:, 0]], b[:, None] * tint)
    if lighting["earth"]:
        _draw_earth(img, background, pose, lighting, seed)
    _draw_sun_glare(img, background, pose, lighting)


def _disc_pixels(
    center_dir: np.ndarray, radius_deg: float, pose: Pose, w: int, h: int
) -> tuple[float, float, float] | None:
    """Pixel centre (x, y) and radius (px) of a disc of angular radius ``radius_deg`` about
    the (3,) world direction ``center_dir`` in a (h, w) frame, or None when it is behind the
    camera or off screen."""
    px, front, f = _project(center_dir[None, :], pose, w, h)
    if not front[0]:
        return None
    r = f * np.tan(np.radians(radius_deg))
    cx, cy = px[0]
    if cx < -r or cx > w + r or cy < -r or cy > h + r:
        return None
    return cx, cy, r


def _draw_earth(
    img: np.ndarray, background: np.ndarray, pose: Pose, lighting: dict, seed: int
) -> None:
    """The Earth's lit disc into ``img`` ((H, W, 3) float 0..1, in place) in proportion to
    ``background`` ((H, W) float 0..1 sky share)."""
    h, w = background.shape
    e = sun_vector(lighting["earth_azimuth_deg"], lighting["earth_elevation_deg"])
    disc = _disc_pixels(e, EARTH_DIAMETER_DEG / 2, pose, w, h)
    if disc is None:
        return
    cx, cy, r = disc
    r = max(r, 2.0)
    y0, y1 = int(max(cy - r - 2, 0)), int(min(cy + r + 3, h))
    x0, x1 = int(max(cx - r - 2, 0)), int(min(cx + r + 3, w))
    if y0 >= y1 or x0 >= x1:
        return
    yy, xx = np.mgrid[y0:y1, x0:x1]
    u = (xx - cx) / r
    v = (cy - yy) / r
    rr = u * u + v * v
    inside = rr <= 1.0
    nz = np.sqrt(np.clip(1 - rr, 0, 1))
    col = earth_albedo(u, v, nz, seed)
    sun = sun_vector(lighting["sun_azimuth_deg"], lighting["sun_elevation_deg"])
    m = look_at(pose.position, pose.target)
    s_cam = sun @ m[:3, :3]
    normal = np.stack([u, v, nz], axis=-1)
    lit = np.clip(normal @ s_cam, 0, 1) * 0.9 + 0.06  # phase: lit where it faces the sun
    rgb = col * lit[..., None]
    edge = np.clip((1.0 - np.sqrt(rr)) * r, 0, 1)[..., None]  # anti-aliased limb
    a = edge * (background[y0:y1, x0:x1] * inside)[..., None]
    region = img[y0:y1, x0:x1]
    img[y0:y1, x0:x1] = region * (1 - a) + rgb * a


GLARE_REACH = 110.0  # sun radii: beyond this the glare adds less than 1/255


def _draw_sun_glare(img: np.ndarray, background: np.ndarray, pose: Pose, lighting: dict) -> None:
    """The sun's disc and glare into ``img`` ((H, W, 3) float 0..1, in place) in
    proportion to ``background`` ((H, W) float 0..1 sky share), computed only in the
    window around it where they show."""
    h, w = background.shape
    s = sun_vector(lighting["sun_azimuth_deg"], lighting["sun_elevation_deg"])
    px, front, f = _project(s[None, :], pose, w, h)
    if not front[0]:
        return
    cx, cy = px[0]
    r_sun = max(f * np.tan(np.radians(0.27)), 1.0)
    reach = GLARE_REACH * r_sun
    x0, x1 = int(max(cx - reach, 0)), int(min(cx + reach + 1, w))
    y0, y1 = int(max(cy - reach, 0)), int(min(cy + reach + 1, h))
    if x0 >= x1 or y0 >= y1:
        return
    yy, xx = np.mgrid[y0:y1, x0:x1]
    d = np.hypot(xx - cx, yy - cy) / r_sun
    glare = np.clip(1.2 / (d * d + 1e-3), 0, 1.0) + 0.25 * np.exp(-d / 12.0)
    glare *= lighting["sun_intensity"] / 2.0
    region = img[y0:y1, x0:x1]
    region += glare[..., None] * np.array([1.0, 0.97, 0.9]) * background[y0:y1, x0:x1, None]
    np.clip(region, 0, 1, out=region)
