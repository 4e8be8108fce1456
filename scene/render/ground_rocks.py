"""The detail tier's rocks near the camera as one merged mesh (``terrain.detail.nearrocks``
picks them: the patches' own rocks, so each stands on the spot where the texture has it).

Each rock is one of ``N_VARIANTS`` faceted 20-face shapes (an icosahedron with lobes and
chipped faces, from the seed), scaled to its diameter, turned and tilted, bedded a fifth of
its height into the drawn ground (the near actor's triangulation, found by a vertical ray:
the 3 m grid's bilinear height can lie a metre off the error-bounded TIN). Rocks out of the
view (frustum) or on patches the frame does not detail are left out.

Colours are flat per face, unlit as the rest of the frame: the ground's displayed colour
under the rock (the lit base image, which holds shadows, earthshine and lamp pools) ×
(1 + the law's rock albedo) × the face's sun light over the ground's, in display terms
``((λ_face L + a) / (λ_ground L + a)) ** (1 / 2.2)`` with ``L`` the detail sun fraction the
patch computed there and ``a`` its ambient: sunward faces glint at a grazing sun, faces in
shadow take the ground's shadow colour.
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

import numpy as np

from ...terrain.detail.nearrocks import N_VARIANTS, NearRocks
from ...terrain.shading import sun_vector
from ..model.color import to_uint8
from .vtkutil import add_colored_mesh, polydata

if TYPE_CHECKING:
    from collections.abc import Callable
    from types import ModuleType

    import pyvista

    from ...terrain.detail import DetailLaw

__all__ = ["RockActor", "rock_templates", "rock_triangles", "FACES"]

FACES = 20  # triangles per rock
BED = 0.2  # fraction of a rock's height below the ground
GAMMA = 1.0 / 2.2
RATIO_MAX = 12.0


@lru_cache(maxsize=4)
def rock_templates(seed: int) -> np.ndarray:
    """(N_VARIANTS, FACES, 3, 3) float64 triangles of unit-diameter rock shapes, bedded so
    their lowest ``BED`` of height is below z = 0."""
    import trimesh

    ico = trimesh.creation.icosahedron()
    v0, f = np.asarray(ico.vertices, float), np.asarray(ico.faces, np.int64)
    v0 /= np.linalg.norm(v0, axis=1, keepdims=True)
    out = np.empty((N_VARIANTS, FACES, 3, 3))
    for k in range(N_VARIANTS):
        rng = np.random.default_rng([seed, 77, k])
        dirs = rng.normal(size=(4, 3))
        dirs /= np.linalg.norm(dirs, axis=1, keepdims=True)
        amp = rng.uniform(0.1, 0.3, 4)
        rad = 1.0 + (np.clip(v0 @ dirs.T, 0, None) ** 2 * amp).sum(1) - 0.5 * amp.mean()
        v = v0 * (rad * (1.0 + 0.08 * rng.uniform(-1, 1, len(v0))))[:, None]
        for _ in range(3):  # chipped faces
            n = rng.normal(size=3)
            n /= np.linalg.norm(n)
            d = v @ n - rng.uniform(0.7, 0.9)
            v -= np.clip(d, 0, None)[:, None] * n
        v *= np.array([1.0, rng.uniform(0.7, 1.0), rng.uniform(0.45, 0.7)])
        v /= 2.0 * np.abs(v[:, :2]).max()  # unit diameter across
        v[:, 2] -= v[:, 2].min() + BED * np.ptp(v[:, 2])
        out[k] = v[f]
    return out


def rock_triangles(rocks: NearRocks, ground_z: np.ndarray, seed: int) -> np.ndarray:
    """(N, FACES, 3, 3) float64 world triangles of ``rocks`` standing at heights
    ``ground_z`` (N,)."""
    tri = rock_templates(seed)[rocks.variant]  # (N, F, 3, 3)
    cy, sy = np.cos(rocks.yaw), np.sin(rocks.yaw)
    ct, st = np.cos(rocks.tilt), np.sin(rocks.tilt)
    rot = np.zeros((len(rocks), 3, 3))  # Rz(yaw) @ Rx(tilt)
    rot[:, 0, 0], rot[:, 0, 1], rot[:, 0, 2] = cy, -sy * ct, sy * st
    rot[:, 1, 0], rot[:, 1, 1], rot[:, 1, 2] = sy, cy * ct, -cy * st
    rot[:, 2, 1], rot[:, 2, 2] = st, ct
    out = np.einsum("nij,nfvj->nfvi", rot, tri) * rocks.d[:, None, None, None]
    out += np.stack([rocks.x, rocks.y, ground_z], axis=1)[:, None, None, :]
    return out


class RockActor:
    """The merged rock mesh of one renderer; ``update`` rebuilds it for a frame."""

    def __init__(
        self,
        plotter: pyvista.Plotter,
        pv: ModuleType,
        ground_mesh: pyvista.PolyData,
        law: DetailLaw,
        layer: list,
    ) -> None:
        self.pv, self.law = pv, law
        self.ground_mesh = ground_mesh
        self._locator, self._mtime = None, -1
        empty = np.zeros((3, 3), np.float32)
        self.actor, self.mesh = add_colored_mesh(
            plotter, pv, empty, np.array([[0, 1, 2]]), np.zeros((1, 3))
        )
        self.actor.SetVisibility(False)
        layer.append(self.actor)
        self.n_triangles = 0
        self.n_rocks = 0

    def ground_z(self, x: np.ndarray, y: np.ndarray, fallback: np.ndarray) -> np.ndarray:
        """(N,) heights of the drawn near ground at (x, y) (N,): a vertical ray on its
        triangles; ``fallback`` (N,) where the ray misses."""
        from vtkmodules.vtkCommonCore import reference
        from vtkmodules.vtkCommonDataModel import vtkStaticCellLocator

        mt = self.ground_mesh.GetMTime()
        if self._locator is None or mt != self._mtime:
            self._locator = vtkStaticCellLocator()
            self._locator.SetDataSet(self.ground_mesh)
            self._locator.BuildLocator()
            self._mtime = mt
        t, sub, cid = reference(0.0), reference(0), reference(0)
        p, pc = [0.0, 0.0, 0.0], [0.0, 0.0, 0.0]
        z = np.array(fallback, float)
        for k in range(x.size):
            a, b = float(x[k]), float(y[k])
            if self._locator.IntersectWithLine([a, b, 1e5], [a, b, -1e5], 1e-9, t, p, pc, sub, cid):
                z[k] = p[2]
        return z

    def update(
        self,
        rocks: NearRocks,
        terrain,
        image: np.ndarray,
        sun_at: Callable[[np.ndarray, np.ndarray], np.ndarray],
        sun_az: float,
        sun_el: float,
    ) -> None:
        """Draw ``rocks`` (already culled) lit as the module doc says: ``image`` the base
        lit ground image ((n, n, 3) float 0..1 or uint8) of ``terrain``'s near grid,
        ``sun_at(x, y)`` the detail sun fraction (N,) at rock centres."""
        self.n_rocks = len(rocks)
        if not len(rocks):
            self.actor.SetVisibility(False)
            self.n_triangles = 0
            return
        x, y = rocks.x, rocks.y
        z = self.ground_z(x, y, np.asarray(terrain.height_at(x, y), float))
        tri = rock_triangles(rocks, z, self.law.seed)  # (N, F, 3, 3)
        nrm = np.cross(tri[:, :, 1] - tri[:, :, 0], tri[:, :, 2] - tri[:, :, 0])
        nrm /= np.maximum(np.linalg.norm(nrm, axis=-1, keepdims=True), 1e-12)
        s = sun_vector(sun_az, sun_el)
        hx = np.asarray(
            terrain.height_at(
                np.stack([x + 0.5, x - 0.5, x, x]), np.stack([y, y, y + 0.5, y - 0.5])
            )
        )
        gx, gy = hx[0] - hx[1], hx[2] - hx[3]  # slopes over 1 m
        lam_g = np.maximum((-gx * s[0] - gy * s[1] + s[2]) / np.sqrt(1 + gx * gx + gy * gy), 0.0)
        sun = np.asarray(sun_at(x, y), float)
        amb = self.law.ambient
        lam_f = np.maximum(nrm @ s, 0.0)
        ratio = (lam_f * sun[:, None] + amb) / (lam_g * sun + amb)[:, None]
        shade = np.clip(ratio, 0.0, RATIO_MAX) ** GAMMA * (0.85 + 0.15 * nrm[..., 2])
        fi, fj = terrain.world_to_index(x, y)
        n = terrain.size_px
        i = np.clip(np.rint(fi), 0, n - 1).astype(np.intp)
        j = np.clip(np.rint(fj), 0, n - 1).astype(np.intp)
        col = image[i, j].astype(np.float64)
        if image.dtype == np.uint8:
            col /= 255.0
        col *= 1.0 + self.law.rock_albedo
        colors = np.clip(col[:, None, :] * shade[..., None], 0.0, 1.0).reshape(-1, 3)
        v = tri.reshape(-1, 3)
        f = np.arange(len(v), dtype=np.int64).reshape(-1, 3)
        new = polydata(self.pv, v, f)
        new.cell_data["rgb"] = to_uint8(colors)
        self.mesh.copy_from(new)
        self.mesh.GetCellData().SetActiveScalars("rgb")
        self.actor.SetVisibility(True)
        self.n_triangles = len(f)
