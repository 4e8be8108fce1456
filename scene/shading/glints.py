"""Specular glints of the low sun on large metal panels, per pixel like the jets' glow.

The bake lights faces without a view, so a metal panel cannot flash as the camera passes
the sun's mirror direction. ``metal_glints`` picks the large sunlit metal faces of the bake
(``MIN_AREA_M2`` and up, turned to the sun, baked at least ``LIT_SHARE`` as bright as the
brightest of their material: out of the structures' shadows) and copies them, lifted
``LIFT_M`` off their face, into one translucent mesh (a ``merge.GlowShell``, three vertices
of its own per face). Its shader (``FRAGMENT_IMPL``, installed by ``render.dynamic`` with
each vertex carrying its face's normal) draws the sun's reflection: a Phong lobe round the
mirror direction, sharp (``SHARP``) plus a wider sheen (``SHEEN``), in the sun's colour,
through the program's tone curve; elsewhere the fragment is transparent.
"""

from __future__ import annotations

import numpy as np

from ...assets.materials import PALETTE
from ..model.graph import SUN_COLOR
from .jetglow import GLOW_OUT, display_over
from .merge import GlowShell

MIN_AREA_M2 = 20.0
METALLIC = 0.5  # materials at least this metallic glint
LIT_SHARE = 0.75
LIFT_M = 0.12
SHARP = (400.0, 6.0)  # (Phong exponent, peak radiance: exposure applied)
SHEEN = (24.0, 0.35)
GLINT_ALPHA = 0.4  # the mesh's own opacity (translucent pass); marks it for the renderer
_LUM = np.array([0.2126, 0.7152, 0.0722])


def metal_glints(merged: dict, faces_lit: dict, sun: np.ndarray) -> list[GlowShell]:
    """[one GlowShell] of the large sunlit metal faces of ``merged`` ({(layer, material):
    ((V, 3), (F, 3))}) lifted off their faces, or []; ``faces_lit`` their baked display
    colours ({key: (F, 3)}), ``sun`` (3,) unit towards the sun."""
    tris = []
    for key, (v, f) in merged.items():
        mat = PALETTE[key[1]]
        if mat.is_emissive or mat.metallic < METALLIC or key not in faces_lit or not len(f):
            continue
        t = np.asarray(v, np.float64)[f]  # (F, 3, 3)
        n = np.cross(t[:, 1] - t[:, 0], t[:, 2] - t[:, 0])
        area = 0.5 * np.linalg.norm(n, axis=1)
        n = n / np.maximum(2 * area, 1e-12)[:, None]
        lum = np.asarray(faces_lit[key], np.float64) @ _LUM
        turned = (n @ sun > 0.05) & (area >= MIN_AREA_M2)
        if not turned.any():
            continue
        lit = turned & (lum >= LIT_SHARE * np.percentile(lum[turned], 95))
        tris.append(t[lit] + LIFT_M * n[lit][:, None, :])
    if not tris:
        return []
    t = np.concatenate(tris)
    rgb, _ = display_over(np.asarray(sun_rgb()) * 0.3)
    faces = np.arange(3 * len(t), dtype=np.int64).reshape(-1, 3)
    return [GlowShell(t.reshape(-1, 3), faces, tuple(float(c) for c in rgb), GLINT_ALPHA)]


def sun_rgb() -> tuple[float, float, float]:
    """The glint's linear colour: the sun's, brightest channel 1."""
    c = np.asarray(SUN_COLOR, float)
    return tuple(float(x) for x in c / c.max())


def vertex_normals(vertices: np.ndarray) -> np.ndarray:
    """(V, 3) float32: each vertex of a ``metal_glints`` mesh ((V, 3), three per face in
    order) mapped to its face's unit normal (what the shader's ``glintN`` holds)."""
    t = np.asarray(vertices, np.float64).reshape(-1, 3, 3)
    n = np.cross(t[:, 1] - t[:, 0], t[:, 2] - t[:, 0])
    n /= np.maximum(np.linalg.norm(n, axis=1, keepdims=True), 1e-12)
    return np.repeat(n, 3, axis=0).astype(np.float32)


def is_glint(n_points: int, alpha: float) -> bool:
    """Whether a glow mesh of ``n_points`` vertices at opacity ``alpha`` is a glint mesh."""
    return n_points % 3 == 0 and abs(alpha - GLINT_ALPHA) < 1e-6


def glint_radiance(normal: np.ndarray, to_eye: np.ndarray, sun: np.ndarray) -> np.ndarray:
    """(N, 3) linear radiance (exposure applied) of glints seen along unit ``to_eye`` (N, 3)
    (from the face towards the camera) on faces of unit ``normal`` (N, 3) under ``sun`` (3,)
    unit: the numpy twin of ``FRAGMENT_IMPL``."""
    ns = normal @ sun
    r = 2.0 * ns[:, None] * normal - sun
    c = np.clip((r * to_eye).sum(axis=1), 0.0, 1.0)
    g = (SHARP[1] * c ** SHARP[0] + SHEEN[1] * c ** SHEEN[0]) * (ns > 0)
    return np.outer(g, sun_rgb())


VERTEX_DEC = "//VTK::PositionVC::Dec\nin vec3 glintN;\nout vec3 gnMC;\nout vec3 gnN;\n"
VERTEX_IMPL = "//VTK::PositionVC::Impl\n  gnMC = vertexMC.xyz;\n  gnN = glintN;\n"
FRAGMENT_DEC = "//VTK::Output::Dec\nin vec3 gnMC;\nin vec3 gnN;\n"  # gnCam, gnSun: VTK's
FRAGMENT_IMPL = f"""//VTK::Light::Impl
  {{
    vec3 jn = normalize(gnN);
    vec3 jv = normalize(gnCam - gnMC);
    float jns = dot(jn, gnSun);
    float jc = clamp(dot(2.0 * jns * jn - gnSun, jv), 0.0, 1.0);
    float jg = ({SHARP[1]:.6f} * pow(jc, {SHARP[0]:.6f}) + {SHEEN[1]:.6f} * pow(jc, {SHEEN[0]:.6f}))
      * step(0.0, jns);
    vec3 jx = jg * vec3({sun_rgb()[0]:.6f}, {sun_rgb()[1]:.6f}, {sun_rgb()[2]:.6f});
{GLOW_OUT}  }}
"""
