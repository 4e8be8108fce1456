"""Boulder: an irregular, faceted rock from a perturbed, flattened, chipped icosphere,
set slightly into the ground. All variation comes from ``rng``; never a plain sphere."""

from __future__ import annotations

import numpy as np
import trimesh

from . import _geometry as g
from ._base import AssetMesh, Param

KIND = "rock"
CLOSED_PARTS = ("*",)
SUMMARY = "Irregular faceted boulder (seeded variation)"
PARAMS = {
    "diameter_m": Param(3.0, 0.1, 60.0, "m", "nominal diameter"),
    "flatness": Param(0.6, 0.2, 1.0, "", "height / width ratio"),
    "roughness": Param(0.15, 0.0, 0.5, "", "relative amplitude of surface noise"),
}

_ICO: dict[int, tuple[np.ndarray, np.ndarray]] = {}


def _ico(sub: int):
    if sub not in _ICO:
        m = trimesh.creation.icosphere(subdivisions=sub, radius=1.0)
        _ICO[sub] = (np.asarray(m.vertices, float), np.asarray(m.faces, np.int64))
    return _ICO[sub]


def build(params, rng: np.random.Generator, detail: int = 1) -> AssetMesh:
    """Unit icosphere -> random low-frequency lobes -> planar chips -> noise -> scale.

    Vertices are un-shared (3 per face) so the rock renders faceted."""
    D = float(params["diameter_m"])
    v, f = _ico({0: 1, 1: 2, 2: 3}[int(detail)])
    v = v.copy()
    # low-frequency lobes: sum of a few random cosine bumps on the sphere
    dirs = rng.normal(size=(5, 3))
    dirs /= np.linalg.norm(dirs, axis=1)[:, None]
    amp = rng.uniform(0.1, 0.3, 5)
    rad = 1.0 + (np.clip(v @ dirs.T, 0, None) ** 2 * amp).sum(1) - 0.5 * amp.mean()
    rad *= 1.0 + float(params["roughness"]) * rng.uniform(-1, 1, len(v))
    v *= rad[:, None]
    # chips: clamp vertices beyond random planes (flat fractured faces)
    for _ in range(rng.integers(3, 7)):
        nrm = rng.normal(size=3)
        nrm /= np.linalg.norm(nrm)
        off = rng.uniform(0.65, 0.9)
        d = v @ nrm - off
        v -= np.clip(d, 0, None)[:, None] * nrm
    # anisotropic scale + random yaw
    s = np.array([1.0, rng.uniform(0.7, 1.0), float(params["flatness"]) * rng.uniform(0.8, 1.1)])
    v = g.rotate(v * s, [0, 0, 1], rng.uniform(0, 2 * np.pi)) * (D / 2)
    # bed it in: 15 % of its height below ground
    zmin, zmax = v[:, 2].min(), v[:, 2].max()
    v[:, 2] -= zmin + 0.15 * (zmax - zmin)
    vv = v[f].reshape(-1, 3)
    ff = np.arange(len(vv), dtype=np.int64).reshape(-1, 3)
    from ._base import Part

    parts = [Part("rock", "rock", vv, ff)]
    return AssetMesh(KIND, parts, g.footprint(parts))
