"""Which detail patches a camera needs: a pure function of the pose (no history), so worker
processes that render different frames of one video agree on every frame's patch set.

A patch (ix, iy) of the fixed world grid is needed when it lies inside the terrain's (near)
grid, some point of it is within ``radius_m`` of the camera (its ground distance combined
with the camera's height above the ground, as the drawn fade measures it) and its box (the
patch's square between its lowest and highest ground, padded) is not wholly outside one
plane of the camera's view frustum (widened by ``margin_deg``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from ..heightfield import Terrain
    from .patch import DetailLaw

__all__ = ["camera_above", "frustum_planes", "needed_patches", "patch_zrange"]

Z_PAD_M = 4.0  # a patch's box is padded this much below and above its sampled ground
Z_SAMPLES = 17  # ground samples per patch edge for its height range


def camera_above(terrain: Terrain, position) -> float:
    """The camera's height above the ground below it (m, at least 0)."""
    p = np.asarray(position, float)
    return max(float(p[2]) - float(terrain.height_at(p[0], p[1])), 0.0)


def patch_zrange(terrain: Terrain, law: DetailLaw, ix: int, iy: int) -> tuple[float, float]:
    """(zmin, zmax) m: the ground's range over patch (ix, iy), padded by ``Z_PAD_M``."""
    s = law.patch_m
    u = np.linspace(0.0, s, Z_SAMPLES)
    z = np.asarray(terrain.height_at(ix * s + u[None, :], iy * s + u[:, None]))
    return float(z.min()) - Z_PAD_M, float(z.max()) + Z_PAD_M


def frustum_planes(pose, aspect: float, margin_deg: float) -> np.ndarray:
    """(5, 4) planes (n, d) of the camera's view (inside: n · p + d >= 0): near (through
    the camera), left, right, bottom, top, each widened by ``margin_deg``; up is +z."""
    c = np.asarray(pose.position, float)
    f = np.asarray(pose.target, float) - c
    f /= max(np.linalg.norm(f), 1e-12)
    r = np.cross(f, (0.0, 0.0, 1.0))
    if np.linalg.norm(r) < 1e-9:  # looking straight down or up
        r = np.array([1.0, 0.0, 0.0])
    r /= np.linalg.norm(r)
    u = np.cross(r, f)
    m = np.radians(margin_deg)
    hv = np.radians(0.5 * pose.fov_deg) + m
    hh = np.arctan(np.tan(np.radians(0.5 * pose.fov_deg)) * aspect) + m
    hv, hh = min(hv, np.radians(89.0)), min(hh, np.radians(89.0))
    normals = [
        f,
        np.cos(hh) * r + np.sin(hh) * f,
        -np.cos(hh) * r + np.sin(hh) * f,
        np.cos(hv) * u + np.sin(hv) * f,
        -np.cos(hv) * u + np.sin(hv) * f,
    ]
    return np.array([[*n, -float(n @ c)] for n in normals])


def needed_patches(
    terrain: Terrain,
    law: DetailLaw,
    pose,
    aspect: float,
    radius_m: float,
    margin_deg: float = 3.0,
    zrange=None,
) -> list[tuple[int, int]]:
    """The patches ``pose`` needs (module doc), nearest first (ties in (iy, ix) order).
    ``zrange(ix, iy)`` gives a patch's padded height range (default ``patch_zrange``; a
    cache of it is the caller's)."""
    zrange = zrange or (lambda ix, iy: patch_zrange(terrain, law, ix, iy))
    s = law.patch_m
    p = np.asarray(pose.position, float)
    above = camera_above(terrain, p)
    if above >= radius_m:
        return []
    reach = np.sqrt(radius_m**2 - above**2)
    xmin, ymin, xmax, ymax = terrain.extent
    planes = frustum_planes(pose, aspect, margin_deg)
    corners = np.array([[i & 1, i >> 1 & 1, i >> 2 & 1] for i in range(8)], float)
    out = []
    for iy in range(int(np.floor((p[1] - reach) / s)), int(np.floor((p[1] + reach) / s)) + 1):
        for ix in range(int(np.floor((p[0] - reach) / s)), int(np.floor((p[0] + reach) / s)) + 1):
            x0, y0 = ix * s, iy * s
            if x0 < xmin or y0 < ymin or x0 + s > xmax or y0 + s > ymax:
                continue
            near = np.clip(p[:2], (x0, y0), (x0 + s, y0 + s))
            dist = float(np.hypot(*(near - p[:2])))
            if dist > reach:
                continue
            z0, z1 = zrange(ix, iy)
            box = np.array([x0, y0, z0]) + corners * np.array([s, s, z1 - z0])
            side = box @ planes[:, :3].T + planes[:, 3]  # (8, 5)
            if np.any(np.all(side < 0.0, axis=0)):
                continue
            out.append((dist, iy, ix))
    return [(ix, iy) for _, iy, ix in sorted(out)]
