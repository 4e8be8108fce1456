"""The planetary engines' plasma jets: geometry and the light they throw.

Each firing engine emits a blue-white beam straight up its axis from the nozzle throat,
kilometres long: an opaque white-hot core (a lathe a third of the nozzle exit wide) wrapped in
translucent blue glow shells that widen with height, so the beam reads white at its heart and
blue at its edge and leaves the top of any frame that shows the nozzle. The shells are drawn
as the renderer's glow (translucent, flickering gently in videos); bloom does the rest.

The jets also light what is near them — the engine's upper stages, the gantries and the ground
round the foundation — as a few point sources strung along each beam (inverse square, cosine
on the receiving face, no occlusion: the beam is far above what it lights), baked into face
colours and ground irradiance like the floodlights.

Which engines fire: the scene's ``[base] engines_idle`` (see ``config.spec``): "" none idle,
"all", or engine numbers "1,3" (1-based, in the scene graph's order).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from .jetglow import GLOW_RGB, display_over, proxy_profile
from .merge import GlowShell

if TYPE_CHECKING:
    from ..model.world import World

JET_COLOR = np.array([0.62, 0.78, 1.0])  # linear colour of the light a jet throws
JET_MIN_LENGTH_M = 8000.0  # every beam at least this long (plus four engine heights)
# (fraction of the engine height above the nozzle exit, share of the jet's power)
SOURCES = ((0.05, 0.6), (0.3, 0.3), (1.0, 0.1))
REACH_HEIGHTS = 2.5  # what a jet lights lies within this many engine heights of its axis
JET_POWER = 0.3  # a jet's total intensity per squared engine height (sun-irradiance units)
# The glTF exporter's layered stand-in for the jet (clients cannot run the renderer's
# shader, ``jetglow``): glow shells, nested and widening with height: (exit radii at the
# throat, exit radii more at the top of the beam, opacity, linear colour) — white-blue inside
# to deep blue outside, front faces only; an opaque core (exit radii, more at the top, linear
# radiance); their rings (heights along the beam, of its length)
SHELLS = tuple(
    (
        0.35 + 0.15 * k,
        0.5 * 2.9**k,
        (0.28, 0.18, 0.1, 0.05)[k],
        tuple(
            np.round(
                (1 - k / 3) * np.array([0.85, 0.93, 1.0]) + k / 3 * np.array([0.12, 0.28, 1.0]), 3
            )
        ),
    )
    for k in range(4)
)
CORE = (0.25, 0.1, (4.0, 4.5, 5.0))
RINGS = (0.0, 0.004, 0.02, 0.08, 0.25, 0.6, 1.0)
PROXY_SEGMENTS = 24  # round the axis of the renderer's proxy lathe (``proxy_lathe``)
PROXY_ALPHA = 0.5  # the proxy's own opacity: it is drawn translucent (its shader's blend)


@dataclass(frozen=True)
class Jet:
    """One firing engine's beam: ``base`` (3,) world m at the nozzle throat, unit ``axis``
    (3,), nozzle exit radius ``exit_r`` m, engine height ``height`` m, beam ``length`` m."""

    name: str
    base: tuple[float, float, float]
    axis: tuple[float, float, float]
    exit_r: float
    height: float
    length: float

    @property
    def lip(self) -> tuple[float, float, float]:
        """World (3,) m of the nozzle lip's centre, a tenth of the engine height above the
        throat (where the beam leaves the engine)."""
        return tuple(np.asarray(self.base) + 0.1 * self.height * np.asarray(self.axis))

    def points(self, fractions: np.ndarray) -> np.ndarray:
        """(K, 3) world points at ``fractions`` (K,) of the engine height above the throat."""
        b, a = np.asarray(self.base), np.asarray(self.axis)
        return b + np.outer(np.asarray(fractions) * self.height, a)


def idle_numbers(spec: str, n: int) -> set[int]:
    """The 1-based engine numbers ``spec`` (``[base] engines_idle``) makes idle among ``n``
    engines; raises ValueError (one line) for a value that is not "", "all" or numbers."""
    s = spec.strip().lower()
    if s in ("", "none"):
        return set()
    if s == "all":
        return set(range(1, n + 1))
    out = set()
    for raw in s.split(","):
        part = raw.strip()
        if not part.isdigit() or int(part) < 1:
            raise ValueError(
                f"base.engines_idle: expected '', 'all' or engine numbers like '1,3', got {spec!r}"
            )
        out.add(int(part))
    return out


def engine_jets(world: World) -> list[Jet]:
    """The jets of the firing engines of ``world``, in graph order."""
    engines = [(n, m) for n, m in world.graph.instances() if n.kind == "engine"]
    idle = idle_numbers(str(world.cfg.base.get("engines_idle", "")), len(engines))
    out = []
    for i, (node, m) in enumerate(engines, start=1):
        if i in idle:
            continue
        p = node.extras.get("params", {})
        h = float(p.get("height_m", 1000.0))
        r = float(p.get("base_radius_m", 0.22 * h))
        tiers = int(p.get("tiers", 5))
        exit_r = 1.3 * 0.95 * 0.58 * r * 0.87 ** (tiers - 1)  # engine.build's nozzle exit
        axis = m[:3, 2] / np.linalg.norm(m[:3, 2])
        base = m[:3, :3] @ np.array([0.0, 0.0, 0.9 * h]) + m[:3, 3]
        length = max(float(p.get("plume_length_m", 0.0)), JET_MIN_LENGTH_M + 4.0 * h)
        out.append(Jet(node.name, tuple(base), tuple(axis), exit_r, h, length))
    return out


def proxy_lathe(jet: Jet, seg: int = PROXY_SEGMENTS) -> tuple[np.ndarray, np.ndarray]:
    """The convex lathe the renderer draws a jet's glow on (``jetglow``): round the flare
    at the nozzle lip and up the beam, rings of ``jetglow.proxy_profile``; (V, 3) float64
    world m, (F, 3) int64, outward-facing (counter-clockwise seen from outside: the renderer
    culls back faces, so each view ray meets it once). Its bottom ring has radius 0."""
    prof = proxy_profile(jet.exit_r, jet.length)
    a = np.linspace(0, 2 * np.pi, seg, endpoint=False)
    axis = np.asarray(jet.axis)
    u = np.cross(axis, [1.0, 0.0, 0.0] if abs(axis[0]) < 0.9 else [0.0, 1.0, 0.0])
    u /= np.linalg.norm(u)
    w = np.cross(axis, u)
    ring = np.cos(a)[:, None] * u + np.sin(a)[:, None] * w  # (seg, 3)
    centres = np.asarray(jet.lip) + np.outer(prof[:, 0], axis)  # (R, 3)
    v = (centres[:, None, :] + prof[:, 1, None, None] * ring[None]).reshape(-1, 3)
    i = np.arange(len(prof) - 1)[:, None] * seg
    j = np.arange(seg)[None, :]
    a0, a1 = i + j, i + (j + 1) % seg
    b0, b1 = a0 + seg, a1 + seg
    f = np.concatenate([np.stack([a0, a1, b1], -1), np.stack([a0, b1, b0], -1)], axis=1)
    return v, f.reshape(-1, 3).astype(np.int64)


def jet_shells(world: World, seg: int = PROXY_SEGMENTS) -> list[GlowShell]:
    """One :class:`merge.GlowShell` per firing jet, in graph order: its proxy lathe
    (``proxy_lathe``) with a stand-in colour (the glow's display colour at its lip) and
    opacity ``PROXY_ALPHA``; the renderer's shader (``jetglow``) colours it per pixel."""
    out = []
    for jet in engine_jets(world):
        v, f = proxy_lathe(jet, seg)
        rgb, _ = display_over(np.asarray(GLOW_RGB))
        out.append(GlowShell(v, f, tuple(float(c) for c in rgb), PROXY_ALPHA))
    return out


def jet_top(world: World) -> float:
    """Highest world z (m) of any jet (or -inf without jets)."""
    return max((j.lip[2] + j.length * j.axis[2] for j in engine_jets(world)), default=-np.inf)


def jet_irradiance(points: np.ndarray, normals: np.ndarray | None, jets: list[Jet]) -> np.ndarray:
    """(K, 3) float64 linear irradiance at ``points`` ((K, 3) world m) from the jets' point
    sources (``SOURCES``), cosine-weighted on the (K, 3) unit ``normals`` if given; only
    points within ``REACH_HEIGHTS`` engine heights of an axis (horizontally) are lit,
    windowed smoothly to 0 there."""
    out = np.zeros((len(points), 3))
    if not jets or not len(points):
        return out
    acc = np.zeros(len(points))
    fr = np.array([s[0] for s in SOURCES]) + 0.1  # from the throat: above the exit
    share = np.array([s[1] for s in SOURCES])
    for jet in jets:
        reach = REACH_HEIGHTS * jet.height
        bx, by = jet.base[0], jet.base[1]
        box = (np.abs(points[:, 0] - bx) < reach) & (np.abs(points[:, 1] - by) < reach)
        sel = np.flatnonzero(box)
        if not len(sel):
            continue
        px, py, pz = points[sel].astype(np.float32).T
        r = np.hypot(px - np.float32(bx), py - np.float32(by))
        e = np.zeros(len(sel), np.float32)
        nrm = None if normals is None else normals[sel].astype(np.float32).T
        for src, pw in zip(jet.points(fr), share * JET_POWER * jet.height**2, strict=True):
            sx, sy, sz = src.astype(np.float32)
            dx, dy, dz = sx - px, sy - py, sz - pz
            d2 = dx * dx + dy * dy + dz * dz + 1.0
            if normals is None:
                e += pw / d2
            else:
                cos = (nrm[0] * dx + nrm[1] * dy + nrm[2] * dz) / np.sqrt(d2)
                e += np.float32(pw) / d2 * np.clip(cos, 0.0, 1.0)
        acc[sel] += e * np.clip(1.0 - r / np.float32(reach), 0.0, 1.0) ** 2
    out += acc[:, None] * JET_COLOR
    return out


def jet_ground(terrain, normals: np.ndarray, jets: list[Jet]) -> np.ndarray:
    """(n, n, 3) float64 irradiance of a ground grid (``terrain``: heights, origin, cell_m;
    ``normals`` its (n, n, 3) unit normals) from the jets (``jet_irradiance`` on the window
    of the grid round each jet)."""
    n = terrain.size_px
    out = np.zeros((n, n, 3))
    x0, y0 = terrain.origin
    c = terrain.cell_m
    for jet in jets:
        reach = REACH_HEIGHTS * jet.height
        bx, by = jet.base[0], jet.base[1]
        j0, j1 = max(int((bx - reach - x0) / c), 0), min(int((bx + reach - x0) / c) + 2, n)
        i0, i1 = max(int((by - reach - y0) / c), 0), min(int((by + reach - y0) / c) + 2, n)
        if j0 >= j1 or i0 >= i1:
            continue
        # every other sample (the light is smooth), repeated back to the full grid
        rows, cols = np.arange(i0, i1, 2), np.arange(j0, j1, 2)
        gx, gy = np.meshgrid(x0 + cols * c, y0 + rows * c)
        sub = np.ix_(rows, cols)
        pts = np.stack([gx, gy, terrain.heights[sub]], -1).reshape(-1, 3)
        e = jet_irradiance(pts, normals[sub].reshape(-1, 3), [jet]).reshape(len(rows), len(cols), 3)
        e = np.repeat(np.repeat(e, 2, axis=0), 2, axis=1)
        out[i0:i1, j0:j1] += e[: i1 - i0, : j1 - j0]
    return out
