"""Rover dust drawn in image space: each puff a soft round sprite, not a polygon ball.

A translucent icosahedron shows its facets and hard silhouette; a puff of regolith has
neither. Each puff (``motion.dust_puffs``: centres and radii) is projected with the frame's
camera and alpha-blended back to front as a radial falloff disc. It is hidden behind nearer
geometry by the frame's depth buffer, faded softly where it meets the ground (so a puff
cut by the terrain shows no hard line), and thins out as it grows older (larger).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from ..anim.motion import PUFF_GROWTH, PUFF_R0
from ..model.graph import look_at

if TYPE_CHECKING:
    from ..anim.cameras import Pose

DUST_RGB = np.array([0.78, 0.76, 0.72], dtype=np.float32)  # sunlit regolith dust, display
OPACITY = 0.6  # a young puff's centre


def linear_depth(zbuf: np.ndarray, near: float, far: float) -> np.ndarray:
    """(H, W) window depths 0..1 of a perspective frame → (H, W) float32 view distances
    along the camera axis (m); background (1.0) becomes +inf."""
    z = zbuf.astype(np.float64) * 2.0 - 1.0
    d = 2.0 * near * far / ((far + near) - z * (far - near))
    d[zbuf >= 1.0] = np.inf
    return d.astype(np.float32)


def draw_dust(
    img: np.ndarray,
    zbuf: np.ndarray,
    clip: tuple[float, float],
    pose: Pose,
    centres: np.ndarray,
    radii: np.ndarray,
) -> int:
    """Blend puffs ((P, 3) centres, (P,) radii, m) into ``img`` ((H, W, 3) float 0..1, in
    place) seen from ``pose``; ``zbuf`` ((H, W) window depths) and ``clip`` (near, far) are
    the frame's. Returns the number of puffs drawn."""
    if not len(centres):
        return 0
    h, w = zbuf.shape
    m = look_at(pose.position, pose.target)
    cam = (np.asarray(centres, float) - np.asarray(pose.position, float)) @ m[:3, :3]
    z = -cam[:, 2]
    f = (h / 2) / np.tan(np.radians(pose.fov_deg) / 2)
    ok = z > 0.3
    zs = np.where(ok, z, 1.0)
    px = w / 2 + f * cam[:, 0] / zs
    py = h / 2 - f * cam[:, 1] / zs
    rpx = f * radii / zs
    ok &= (rpx >= 0.5) & (px + rpx > 0) & (px - rpx < w) & (py + rpx > 0) & (py - rpx < h)
    age = np.clip((radii - PUFF_R0) / PUFF_GROWTH, 0.0, 1.0)
    alpha0 = OPACITY * (1.0 - 0.8 * age)
    drawn = 0
    for i in np.flatnonzero(ok)[np.argsort(-z[ok])]:  # back to front
        r = rpx[i]
        x0, x1 = int(max(px[i] - r, 0)), int(min(px[i] + r + 1, w))
        y0, y1 = int(max(py[i] - r, 0)), int(min(py[i] + r + 1, h))
        if x0 >= x1 or y0 >= y1:
            continue
        yy, xx = np.mgrid[y0:y1, x0:x1]
        q = ((xx + 0.5 - px[i]) ** 2 + (yy + 0.5 - py[i]) ** 2) / (r * r)
        a = alpha0[i] * np.clip(1.0 - q, 0.0, 1.0) ** 2
        # soft against the scene: fades out where geometry is within a radius in front
        depth = linear_depth(zbuf[y0:y1, x0:x1], *clip)
        a *= np.clip((depth - (z[i] - radii[i])) / (2.0 * radii[i]), 0.0, 1.0)
        region = img[y0:y1, x0:x1]
        region += a[..., None].astype(np.float32) * (DUST_RGB - region)
        drawn += 1
    return drawn
