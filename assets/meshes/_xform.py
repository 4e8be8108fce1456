"""Transforms and combinators for ``(V, F)`` meshes: V (N, 3) float64, F (M, 3) int64.

All transforms are proper rotations, translations or positive scales, so they keep the
outward winding; ``mirror`` re-winds the faces.
"""

from __future__ import annotations

import numpy as np
from trimesh.util import append_faces

Mesh = tuple[np.ndarray, np.ndarray]


def empty() -> Mesh:
    """An empty mesh: V (0, 3), F (0, 3)."""
    return np.zeros((0, 3)), np.zeros((0, 3), dtype=np.int64)


def translate(mesh: Mesh, t) -> Mesh:
    """Shift a mesh by t (3,)."""
    return mesh[0] + np.asarray(t, float), mesh[1]


def rot_matrix(axis, angle) -> np.ndarray:
    """(3, 3) rotation about ``axis`` (3,) by ``angle`` radians (right-hand rule)."""
    a = np.asarray(axis, float)
    a = a / np.linalg.norm(a)
    x, y, z = a
    c, s, C = np.cos(angle), np.sin(angle), 1 - np.cos(angle)
    return np.array(
        [
            [c + x * x * C, x * y * C - z * s, x * z * C + y * s],
            [y * x * C + z * s, c + y * y * C, y * z * C - x * s],
            [z * x * C - y * s, z * y * C + x * s, c + z * z * C],
        ]
    )


def rotate(v, axis, angle, origin=(0.0, 0.0, 0.0)):
    """Rotate vertices V (N, 3) (or a (V, F) mesh) about an axis through ``origin``."""
    if isinstance(v, tuple):
        return rotate(v[0], axis, angle, origin), v[1]
    o = np.asarray(origin, float)
    return (np.asarray(v, float) - o) @ rot_matrix(axis, angle).T + o


def rotate_z(mesh: Mesh, angle) -> Mesh:
    """Rotate a mesh about the z axis through the origin."""
    return rotate(mesh, [0, 0, 1], angle)


def orient(mesh: Mesh, direction) -> Mesh:
    """Rotate a mesh built along +z so that +z points along ``direction`` (3,)."""
    d = np.asarray(direction, float)
    d = d / np.linalg.norm(d)
    ax = np.cross([0, 0, 1.0], d)
    s = np.linalg.norm(ax)
    if s < 1e-9:
        return mesh if d[2] > 0 else rotate(mesh, [1, 0, 0], np.pi)
    return rotate(mesh, ax, np.arctan2(s, d[2]))


def scale(mesh: Mesh, s) -> Mesh:
    """Scale by positive s (scalar or (3,))."""
    return mesh[0] * np.asarray(s, float), mesh[1]


def mirror(mesh: Mesh, axis: int) -> Mesh:
    """Mirror across the plane normal to ``axis`` (0, 1, 2), re-winding faces."""
    v = mesh[0].copy()
    v[:, axis] *= -1
    return v, mesh[1][:, ::-1].copy()


def merge(meshes) -> Mesh:
    """Concatenate a list of (V, F) pairs into one. Returns V (sum N, 3), F (sum M, 3)."""
    meshes = [m for m in meshes if len(m[1])]
    if not meshes:
        return empty()
    return append_faces(
        [np.asarray(v, float) for v, _ in meshes], [np.asarray(f, np.int64) for _, f in meshes]
    )


def instance(mesh: Mesh, positions, yaw=None) -> Mesh:
    """Copies of one mesh at positions (K, 3), optionally rotated by yaw (K,) about z.

    Returns V (K*N, 3), F (K*M, 3)."""
    v, f = mesh
    pos = np.atleast_2d(np.asarray(positions, float))
    k = len(pos)
    vv = np.broadcast_to(v, (k,) + v.shape).copy()
    if yaw is not None:
        a = np.broadcast_to(np.asarray(yaw, float), (k,))
        ca, sa = np.cos(a)[:, None], np.sin(a)[:, None]
        x, y = vv[..., 0].copy(), vv[..., 1].copy()
        vv[..., 0], vv[..., 1] = ca * x - sa * y, sa * x + ca * y
    vv += pos[:, None, :]
    ff = f[None] + len(v) * np.arange(k)[:, None, None]
    return vv.reshape(-1, 3), ff.reshape(-1, 3)


def polar(mesh: Mesh, n: int, phase=0.0) -> Mesh:
    """n copies of a mesh rotated evenly about z (for ribs, buttresses, legs)."""
    a = phase + np.linspace(0, 2 * np.pi, n, endpoint=False)
    return instance(mesh, np.zeros((n, 3)), a)


def ring_points(n, r, z=0.0, phase=0.0) -> np.ndarray:
    """(n, 3) points on a horizontal circle."""
    a = phase + np.linspace(0, 2 * np.pi, n, endpoint=False)
    return np.stack([r * np.cos(a), r * np.sin(a), np.full(n, float(z))], 1)
