"""The engines' plasma jets as our stills draw them (``shading.jets``), for any glTF client.

Each firing engine (``shading.jets.engine_jets``: where, how wide, how long) gets a child
node ``<engine>/plume`` (``NODE_SUFFIX``) standing at its nozzle throat: one mesh of the
beam's kilometres-long white-hot core and nested blue glow shells widening with height
(``CORE``, ``SHELLS``: the stills' shell jets as first drawn, issue 17; a glTF client has
no per-pixel glow, so the glow is layered). The assets' short plume parts are not written
(the renderer no longer draws them either; ``effects.split`` drops them).

Materials are ``KHR_materials_unlit``: a jet shows its colour whatever the lights, casts no
light and costs no lighting (Blender imports it as emission seen by camera rays, three.js
as a basic material). The core is opaque; each shell is ``BLEND`` with the renderer's
opacity and front faces only (``doubleSided`` false: Blender culls the backs as our
renderer does, so each shell adds its layer once). Colours are the stills' display
colours decoded to linear and scaled so the brightest channel is ``EMISSIVE_PEAK``
(under 1): blended layers never exceed what is behind them or the core, so nothing
clips under Blender's standard view or three.js's default output. The node's ``scale``
flickers as the renderer's glow does (``effects``: a gentle pulse about the throat).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from ...model.color import DISPLAY_GAMMA
from ...shading.jets import Jet, engine_jets
from ...shading.tone import filmic, scene_exposure
from .materials import EMISSIVE_PEAK

if TYPE_CHECKING:
    from ...model.world import World

SEGMENTS = 24  # around each lathe
# the jet's node: "plume" is the program's name for the flickering effect (the renderer's
# "plume" role, anim.motion.plume_flicker) and what readers of the GLB look for
NODE_SUFFIX = "/plume"
RINGS = (0.0, 0.004, 0.02, 0.08, 0.25, 0.6, 1.0)  # heights along the beam (of its length)
# glow shells, nested and widening with height: (exit radii at the throat, exit radii more
# at the top of the beam, opacity, linear colour): white-blue inside to deep blue outside
SHELLS = tuple(
    (
        0.35 + 0.15 * k,
        0.5 * 2.9**k,
        (0.28, 0.18, 0.1, 0.05)[k],
        tuple(
            float(c)
            for c in np.round(
                (1 - k / 3) * np.array([0.85, 0.93, 1.0]) + k / 3 * np.array([0.12, 0.28, 1.0]), 3
            )
        ),
    )
    for k in range(4)
)
CORE = (0.25, 0.1, (4.0, 4.5, 5.0))  # exit radii, more at the top, linear core radiance


@dataclass(frozen=True)
class Layer:
    """One lathe of a jet: ``vertices`` (V, 3) float64 and ``faces`` (F, 3) int64 in the
    jet's own Z-up frame (throat at the origin, beam along +z), its linear ``rgb`` (peak
    at most EMISSIVE_PEAK) and ``alpha`` (1: the opaque core)."""

    name: str
    vertices: np.ndarray
    faces: np.ndarray
    rgb: tuple[float, float, float]
    alpha: float


def lathe(jet: Jet, r0: float, r1: float, seg: int = SEGMENTS) -> tuple[np.ndarray, np.ndarray]:
    """The renderer's lathe in the jet's frame: radius ``r0`` exit radii at the throat
    growing linearly to ``r0 + r1`` at the top of the beam, rings at ``RINGS`` of its
    length; (V, 3) float64 m, (F, 3) int64, outward-facing (counter-clockwise outside)."""
    t = np.asarray(RINGS)
    radius = jet.exit_r * (r0 + r1 * t)  # (R,)
    a = np.linspace(0, 2 * np.pi, seg, endpoint=False)
    ring = np.column_stack([np.cos(a), np.sin(a), np.zeros(seg)])  # (seg, 3)
    v = radius[:, None, None] * ring[None] + (t * jet.length)[:, None, None] * [0, 0, 1]
    i = np.arange(len(t) - 1)[:, None] * seg
    j = np.arange(seg)[None, :]
    a0, a1 = i + j, i + (j + 1) % seg
    b0, b1 = a0 + seg, a1 + seg
    f = np.concatenate([np.stack([a0, a1, b1], -1), np.stack([a0, b1, b0], -1)], axis=1)
    return v.reshape(-1, 3), f.reshape(-1, 3).astype(np.int64)


def linear_glow(display: np.ndarray) -> tuple[float, float, float]:
    """(3,) display colour 0..1 -> linear, its brightest channel at most EMISSIVE_PEAK."""
    lin = np.clip(np.asarray(display, float), 0, 1) ** DISPLAY_GAMMA
    lin = lin * min(1.0, EMISSIVE_PEAK / max(float(lin.max()), 1e-9))
    return tuple(round(float(c), 4) for c in lin)


def layers(world: World, jet: Jet) -> list[Layer]:
    """``jet``'s core and glow shells, coloured through the program's tone curve at the
    scene's exposure (``tone``) as the stills colour them."""
    exposure = scene_exposure(world.cfg.lighting)
    kinds = [("core", CORE[0], CORE[1], 1.0, CORE[2])]
    kinds += [(f"glow_{k}", a, b, o, c) for k, (a, b, o, c) in enumerate(SHELLS)]
    out = []
    for name, r0, r1, alpha, color in kinds:
        v, f = lathe(jet, r0, r1)
        display = filmic(np.asarray(color) * (1.0 if alpha < 1 else 1.0 / exposure), exposure)
        out.append(Layer(name, v, f, linear_glow(display), float(alpha)))
    return out


def frame(jet: Jet) -> np.ndarray:
    """(4, 4) Z-up world matrix of the jet's frame: origin at the throat, +z its axis."""
    z = np.asarray(jet.axis, float)
    x = np.cross([0.0, 1.0, 0.0] if abs(z[1]) < 0.9 else [1.0, 0.0, 0.0], z)
    x /= np.linalg.norm(x)
    m = np.eye(4)
    m[:3, 0], m[:3, 1], m[:3, 2], m[:3, 3] = x, np.cross(z, x), z, jet.base
    return m


def firing(world: World) -> dict[str, Jet]:
    """The firing engines' jets by engine node name."""
    return {j.name: j for j in engine_jets(world)}


def jet_material(name: str, rgb: tuple[float, float, float], alpha: float) -> dict[str, Any]:
    """An unlit glow of linear ``rgb`` at opacity ``alpha`` (BLEND, front faces, below 1),
    its colour also as emission for a client without KHR_materials_unlit."""
    out: dict[str, Any] = {
        "name": name,
        "pbrMetallicRoughness": {
            "baseColorFactor": [*rgb, alpha],
            "metallicFactor": 0.0,
            "roughnessFactor": 1.0,
        },
        "emissiveFactor": list(rgb),
        "extensions": {"KHR_materials_unlit": {}},
    }
    if alpha < 1.0:
        out["alphaMode"] = "BLEND"
    else:
        out["doubleSided"] = True  # the core: seen from inside its bell too
    return out
