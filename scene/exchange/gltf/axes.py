"""Z-up (the scene's frame: x east, y north, z up) to glTF's Y-up, written into the data.

Points and directions map by ``Y_UP`` ((x, y, z) -> (x, z, -y)). A node that carries
geometry gets its matrix conjugated (``Y_UP @ M @ Y_UP.T``) so that its mesh, written in
Y-up too, lands where it did; a camera or light keeps its own glTF axes (looking along its
-z with +y up), so its matrix is only turned (``Y_UP @ M``). No root node is rotated: every
object imports upright in Z-up tools (Blender) as well.
"""

from __future__ import annotations

import numpy as np
from scipy.spatial.transform import Rotation

Y_UP = np.array([[1, 0, 0, 0], [0, 0, 1, 0], [0, -1, 0, 0], [0, 0, 0, 1]], float)


def points(v: np.ndarray) -> np.ndarray:
    """(N, 3) Z-up points or directions -> (N, 3) float32 Y-up."""
    v = np.asarray(v)
    return np.ascontiguousarray(np.column_stack([v[:, 0], v[:, 2], -v[:, 1]]), np.float32)


def body(m: np.ndarray) -> np.ndarray:
    """(..., 4, 4) Z-up matrix of a geometry-carrying node -> its Y-up matrix."""
    return Y_UP @ m @ Y_UP.T


def oriented(m: np.ndarray) -> np.ndarray:
    """(..., 4, 4) Z-up matrix of a camera or light (glTF local axes) -> its Y-up matrix."""
    return Y_UP @ m


def decompose(m: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(T, 4, 4) rigid-plus-uniform-scale matrices -> (T, 3) translations, (T, 4) unit
    quaternions (x, y, z, w; signs made continuous along T), (T, 3) scales; float64."""
    m = np.asarray(m, float).reshape(-1, 4, 4)
    scale = np.linalg.norm(m[:, :3, :3], axis=1)
    q = Rotation.from_matrix(m[:, :3, :3] / scale[:, None, :]).as_quat()
    for k in range(1, len(q)):
        if np.dot(q[k], q[k - 1]) < 0:
            q[k] = -q[k]
    return m[:, :3, 3].copy(), q, scale


def trs(m: np.ndarray) -> dict:
    """A (4, 4) rigid-plus-uniform-scale matrix as glTF translation/rotation/scale (the
    identity parts left out)."""
    t, q, s = (a[0] for a in decompose(m))
    out: dict = {}
    if np.linalg.norm(t) > 0:
        out["translation"] = [float(x) for x in t]
    if not np.allclose(q, (0, 0, 0, 1)):
        out["rotation"] = [float(x) for x in q]
    if not np.allclose(s, 1.0):
        out["scale"] = [float(x) for x in s]
    return out
