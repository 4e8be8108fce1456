"""Lighting structures in numpy, face by face, the same way the ground is lit.

Each face of the merged structure meshes gets radiance = albedo × (sun × N·S × visibility
+ earthshine fill + floodlights), tone-mapped like the terrain, and is drawn unlit. This keeps
structures and ground in one exposure, puts cast shadows on structures exactly where the sun
rays say, and lets any number of lamps light them (VTK's fixed-function lights cannot).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
from scipy.spatial import cKDTree

from ...assets.materials import PALETTE
from ..model.graph import SpotLight
from .lighting import (
    EARTHSHINE_COLOR,
    SUN_COLOR,
    lamp_falloff,
    lamp_mount,
    lamp_reach,
    tone_map,
)
from .shadows import sun_visible

if TYPE_CHECKING:
    from collections.abc import Callable

    from trimesh.ray import ray_pyembree, ray_triangle


def face_frames(v: np.ndarray, f: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(F, 3) centroids and (F, 3) unit normals (float64 for float64 ``v``) of the triangles
    ``v`` (V, 3), ``f`` (F, 3) int; degenerate faces get +z."""
    a, b, c = v[f[:, 0]], v[f[:, 1]], v[f[:, 2]]
    n = np.cross(b - a, c - a)
    length = np.linalg.norm(n, axis=1, keepdims=True)
    n = np.where(length > 1e-12, n / np.maximum(length, 1e-12), (0.0, 0.0, 1.0))
    return (a + b + c) / 3.0, n


def lamp_irradiance(
    points: np.ndarray,
    normals: np.ndarray | None,
    lamps: list[SpotLight],
    ground_of: Callable[[float, float], float] | None = None,
) -> np.ndarray:
    """(K, 3) float64 linear irradiance at ``points`` ((K, 3) world m) from spot lamps
    (inverse square beyond the lamp's mounting height, cone falloff, cosine on the (K, 3)
    unit ``normals`` if given); ``ground_of(x, y)`` measures mounting heights (see
    ``lighting.lamp_mount``)."""
    out = np.zeros((len(points), 3))
    if not lamps or not len(points):
        return out
    tree = cKDTree(points)
    for lamp in lamps:
        p = np.asarray(lamp.position, float)
        mount = lamp_mount(lamp, ground_of)
        reach = lamp_reach(lamp, mount)
        idx = tree.query_ball_point(p, reach)
        if not idx:
            continue
        idx = np.asarray(idx)
        d = points[idx] - p
        dist2 = np.einsum("ij,ij->i", d, d)
        dist = np.sqrt(dist2) + 1e-9
        u = d / dist[:, None]
        axis = np.asarray(lamp.direction, float)
        axis /= np.linalg.norm(axis) + 1e-12
        half = np.radians(lamp.cone_deg / 2)
        cosang = u @ axis
        cone = np.clip(
            (cosang - np.cos(half * 1.3)) / (np.cos(half * 0.7) - np.cos(half * 1.3) + 1e-9), 0, 1
        )
        fall = lamp_falloff(dist2, mount, reach)
        if normals is not None:
            fall *= np.clip(-(normals[idx] * u).sum(axis=1), 0, 1)
        out[idx] += (cone * fall)[:, None] * np.asarray(lamp.color) * lamp.intensity
    return out


def face_display(
    merged: dict,
    lighting: dict,
    sun: np.ndarray,
    lamps: list[SpotLight],
    intersector: ray_pyembree.RayMeshIntersector | ray_triangle.RayMeshIntersector | None,
    ground_of: Callable[[float, float], float] | None = None,
) -> dict:
    """{(layer, material): (F, 3) float32 display colours} for every non-emissive mesh of
    ``merged`` ({(layer, material): ((V, 3), (F, 3))}, world m), under ``sun`` ((3,) unit).

    intersector: what casts shadows on the faces (``shadows.scene_intersector``); None:
    every sun-facing face is lit. ground_of: ``height_at(x, y)`` for the lamps' mounts."""
    out = {}
    for key, (v, f) in merged.items():
        mat = PALETTE[key[1]]
        if mat.is_emissive:
            continue
        c, n = face_frames(np.asarray(v, np.float64), f)
        ndots = np.clip(n @ sun, 0.0, None)
        vis = np.zeros(len(c), bool)
        front = ndots > 0
        if intersector is None:  # no casters given: every sun-facing face is lit
            vis = front
        elif front.any() and sun[2] > 0:
            vis[front] = sun_visible(c[front] + n[front] * 0.03, sun, intersector, lift=0.05)
        irr = (ndots * vis)[:, None] * SUN_COLOR * lighting["sun_intensity"]
        irr = irr + (lighting["earthshine"] * (0.55 + 0.45 * n[:, 2]))[:, None] * EARTHSHINE_COLOR
        if lighting["lamps"]:
            irr = irr + lamp_irradiance(c, n, lamps, ground_of) * lighting["lamp_intensity"]
        # metals: a little view-independent sheen so they don't read as flat grey
        albedo = np.asarray(mat.base_color) * (1.0 - 0.35 * mat.metallic) + 0.08 * mat.metallic
        out[key] = tone_map(albedo * irr, exposure=1.1).astype(np.float32)
    return out
