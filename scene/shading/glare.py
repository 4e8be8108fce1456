"""Glowing lamp heads with a small glare: a point glow round every floodlight head, evaluated
per pixel like the jets (``jetglow``).

Each lamp with a visible head (a ``lamp`` face of the bake within ``HEAD_M`` of its light)
gets a small octahedron round the head; all of them are one translucent mesh
(``lamp_glare``, a ``merge.GlowShell``) whose shader (``FRAGMENT_IMPL``, installed by
``render.dynamic`` with each vertex carrying its head's centre, ``head_centres``) integrates
a Gaussian glow along the view ray: radiance ``GLARE_PEAK`` × exp(-d²/σ²) at closest
distance d from the head, σ = ``GLARE_M``, widened to at least ``MIN_PIXELS`` output pixels
far away with its power kept (a far lamp stays a soft point, it does not vanish between
pixels), through the program's tone curve. White only within about a head's size.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from ...assets.materials import PALETTE
from .jetglow import GLOW_OUT, display_over
from .merge import GlowShell

if TYPE_CHECKING:
    from ..model.world import World

GLARE_M = 0.35  # the glow's width (σ, m): a third of a road light's head
GLARE_PEAK = 3.0  # its peak line radiance (exposure applied)
PROXY_M = 3.0  # the octahedron's radius round each head (m): the glow is ~0 there
MAX_WIDE = PROXY_M / 2.8  # the widened glow stays inside it
MIN_PIXELS = 0.7
HEAD_M = 1.5  # a lamp has a head if a lamp face lies this close to its light
GLARE_ALPHA = 0.45  # the mesh's own opacity (translucent pass); marks it for the renderer
_OCTA = np.array([[1, 0, 0], [-1, 0, 0], [0, 1, 0], [0, -1, 0], [0, 0, 1], [0, 0, -1]], float)
# outward (counter-clockwise seen from outside) faces of the octahedron
_OCTA_F = np.array(
    [[0, 2, 4], [2, 1, 4], [1, 3, 4], [3, 0, 4], [2, 0, 5], [1, 2, 5], [3, 1, 5], [0, 3, 5]]
)


def lit_heads(world: World, merged: dict) -> np.ndarray:
    """(K, 3) world m of the floodlights of ``world`` that have a visible head among the
    ``lamp`` faces of ``merged`` ({(layer, material): ((V, 3), (F, 3))}), in lamp order."""
    from scipy.spatial import cKDTree

    lamps = np.array([lamp.position for lamp in world.lamps], float).reshape(-1, 3)
    heads = [
        np.asarray(v, np.float64)[f].mean(axis=1)
        for (_, mat), (v, f) in merged.items()
        if mat == "lamp" and len(f)
    ]
    if not len(lamps) or not heads:
        return np.zeros((0, 3))
    d, _ = cKDTree(np.concatenate(heads)).query(lamps)
    return lamps[d <= HEAD_M]


def lamp_glare(world: World, merged: dict) -> list[GlowShell]:
    """[one :class:`merge.GlowShell`]: an octahedron of ``PROXY_M`` round every lit head
    (``lit_heads``), six vertices per head in order; [] when the scene's lamps are off or
    none has a head."""
    if not world.cfg.lighting["lamps"]:
        return []
    heads = lit_heads(world, merged)
    if not len(heads):
        return []
    v = (heads[:, None, :] + PROXY_M * _OCTA[None]).reshape(-1, 3)
    f = (_OCTA_F[None] + 6 * np.arange(len(heads))[:, None, None]).reshape(-1, 3)
    rgb, _ = display_over(np.asarray(lamp_rgb()) * 0.5)
    return [GlowShell(v, f.astype(np.int64), tuple(float(c) for c in rgb), GLARE_ALPHA)]


def lamp_rgb() -> tuple[float, float, float]:
    """The glare's linear colour: the lamp heads' emissive hue, brightest channel 1."""
    e = np.asarray(PALETTE["lamp"].emissive, float)
    return tuple(float(c) for c in e / e.max())


def head_centres(vertices: np.ndarray) -> np.ndarray:
    """(V, 3) float32: each vertex of a ``lamp_glare`` mesh ((V, 3), six per head) mapped to
    its head's centre (what the shader's ``glareC`` attribute holds)."""
    v = np.asarray(vertices, np.float64).reshape(-1, 6, 3)
    return np.repeat(v.mean(axis=1), 6, axis=0).astype(np.float32)


def is_glare(n_points: int, alpha: float) -> bool:
    """Whether a glow mesh of ``n_points`` vertices drawn at opacity ``alpha`` is a
    ``lamp_glare`` mesh."""
    return n_points % 6 == 0 and abs(alpha - GLARE_ALPHA) < 1e-6


def glare_radiance(
    cam: np.ndarray, dirs: np.ndarray, head: np.ndarray, pixel_rad: float = 0.0
) -> np.ndarray:
    """(N, 3) linear radiance (exposure applied) along view rays from ``cam`` (3,) in unit
    ``dirs`` (N, 3) from a head at ``head`` (3,): the numpy twin of ``FRAGMENT_IMPL``."""
    to = np.asarray(head, float) - np.asarray(cam, float)
    along = dirs @ to
    d = np.linalg.norm(to[None] - dirs * along[:, None], axis=1)
    wide = np.clip(MIN_PIXELS * pixel_rad * np.maximum(along, 0.0), GLARE_M, MAX_WIDE)
    g = GLARE_PEAK * (GLARE_M / wide) ** 2 * np.exp(-((d / wide) ** 2)) * (along > 0)
    return np.outer(g, lamp_rgb())


VERTEX_DEC = "//VTK::PositionVC::Dec\nin vec3 glareC;\nout vec3 glMC;\nout vec3 glC;\n"
VERTEX_IMPL = "//VTK::PositionVC::Impl\n  glMC = vertexMC.xyz;\n  glC = glareC;\n"
FRAGMENT_DEC = "//VTK::Output::Dec\nin vec3 glMC;\nin vec3 glC;\n"  # glCam, glShape: VTK's
FRAGMENT_IMPL = f"""//VTK::Light::Impl
  {{
    vec3 jdir = normalize(glMC - glCam);
    vec3 jto = glC - glCam;
    float jal = dot(jdir, jto);
    float jd = length(jto - jdir * jal);
    float jpix = 0.5 * (length(dFdx(jdir)) + length(dFdy(jdir)));
    float jw = clamp({MIN_PIXELS:.6f} * glShape.x * jpix * max(jal, 0.0),
                     {GLARE_M:.6f}, {MAX_WIDE:.6f});
    float jg = {GLARE_PEAK:.6f} * ({GLARE_M:.6f} / jw) * ({GLARE_M:.6f} / jw)
      * exp(-(jd / jw) * (jd / jw)) * step(0.0, jal);
    vec3 jx = jg * vec3({lamp_rgb()[0]:.6f}, {lamp_rgb()[1]:.6f}, {lamp_rgb()[2]:.6f});
{GLOW_OUT}  }}
"""
