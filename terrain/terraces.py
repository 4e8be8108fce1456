"""Stepped cuts: engine foundations and open mining pits carved as concentric terraces.

A ``Terrace`` is a level core (cut and fill) at ``floor_m`` of radius ``core_m`` round (x, y),
then treads that step up by ``step_m`` at each riser radius in ``risers_m`` (each riser a
smoothstep ``riser_w_m`` wide), then a final cut slope back up to the natural ground. Outside
the core the edit only ever cuts (new = min(ground, target)), so a terrace seated on a crater
rim opens toward the crater like an amphitheatre, and a pit is a stepped hole. Ramp trenches
(direction, width, grade) run from the core edge outward at a constant grade until they meet
the ground, with steep side walls.

``terrace_heights`` is a pure function of (terrace, X, Y, ground) so the layout can ask where
a tread is before any edit is made; ``cut_terrace`` applies it to a terrain window in place.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from .edits import _window, smoothstep
from .heightfield import Terrain

__all__ = ["Terrace", "TreadMap", "terrace_heights", "tread_level", "cut_terrace"]

WALL_SLOPE = np.tan(np.radians(55.0))  # final cut slope and ramp trench side walls


@dataclass
class Terrace:
    """A stepped cut (metres). ramps: [(direction_rad CCW from +x, width_m, grade)]."""

    x: float
    y: float
    floor_m: float
    core_m: float
    risers_m: np.ndarray
    step_m: float
    riser_w_m: float = 6.0
    core_blend_m: float = 30.0
    ramps: list = field(default_factory=list)

    @property
    def outer_m(self) -> float:
        """Radius of the last riser: the top tread starts here."""
        return float(self.risers_m[-1]) if len(self.risers_m) else self.core_m

    @property
    def top_m(self) -> float:
        return self.floor_m + self.step_m * len(self.risers_m)

    def reach_m(self, ground_max: float) -> float:
        """Radius beyond which the terrace leaves ground lower than ``ground_max`` alone
        (ramp trenches stop at the first tread width beyond 2.5 times the cut)."""
        r = self.outer_m + self.step_m * 3 + max(ground_max - self.top_m, 0.0) / WALL_SLOPE
        for _, _, grade in self.ramps:
            r = max(r, self.core_m + max(ground_max - self.floor_m, 0.0) / max(grade, 1e-3))
        return min(r, 2.5 * self.outer_m) + self.riser_w_m


def _levels(t: Terrace, rho: np.ndarray) -> np.ndarray:
    """Target height of the stepped profile at radii ``rho`` (any shape)."""
    r = np.asarray(t.risers_m, float)
    half = t.riser_w_m / 2
    done = np.searchsorted(r + half, rho)  # risers climbed completely (risers sorted)
    rising = np.searchsorted(r - half, rho) > done  # on the riser after those
    nxt = r[np.minimum(done, len(r) - 1)] if len(r) else np.zeros(rho.shape)
    part = np.where(rising, smoothstep((rho - nxt) / t.riser_w_m + 0.5), 0.0)
    z = t.floor_m + t.step_m * (done + part)
    last = t.outer_m + 2.0 * t.riser_w_m  # a full tread width beyond the last riser is level
    top_w = np.diff(t.risers_m).mean() if len(t.risers_m) > 1 else 3.0 * t.riser_w_m
    z += np.maximum(rho - last - top_w, 0.0) * WALL_SLOPE
    return z


def terrace_heights(t: Terrace, X: np.ndarray, Y: np.ndarray, ground: np.ndarray) -> np.ndarray:
    """Ground after the cut at points (X, Y) whose current heights are ``ground`` (same
    shapes). Pure: nothing is modified."""
    dx, dy = X - t.x, Y - t.y
    rho = np.hypot(dx, dy)
    target = _levels(t, rho)
    for ang, width, grade in t.ramps:
        ux, uy = np.cos(ang), np.sin(ang)
        s = dx * ux + dy * uy
        d = np.abs(-dx * uy + dy * ux)
        ramp = t.floor_m + grade * np.maximum(s - t.core_m, 0.0)
        ramp = ramp + np.maximum(d - width / 2, 0.0) * WALL_SLOPE
        ramp = np.where((s > t.core_m * 0.5) & (rho < 2.5 * t.outer_m), ramp, np.inf)
        target = np.minimum(target, ramp)
    new = np.minimum(ground, target)
    # the core is levelled both ways; its fill banks blend back to the ground
    w = 1.0 - smoothstep((rho - t.core_m) / max(t.core_blend_m, 1e-6))
    fill = ground < t.floor_m
    return np.where(fill, ground + w * (t.floor_m - ground), new)


def tread_level(t: Terrace, X, Y, ground) -> tuple[np.ndarray, np.ndarray]:
    """(index, on) per point: the tread index (0 = core level) and whether the point lies
    on that tread after the cut (level ground at exactly that tread's height)."""
    X, Y, ground = np.broadcast_arrays(*(np.asarray(a, float) for a in (X, Y, ground)))
    new = terrace_heights(t, X, Y, ground)
    k = np.rint((new - t.floor_m) / t.step_m)
    on = (np.abs(new - (t.floor_m + k * t.step_m)) < 0.01) & (k >= 0) & (k <= len(t.risers_m))
    return k.astype(int), on


def _cut_window(terrain: Terrain, t: Terrace):
    r = 2.5 * t.outer_m + t.riser_w_m
    near = _window(terrain, t.x - r, t.y - r, t.x + r, t.y + r)
    if near is None:
        return None
    reach = t.reach_m(float(terrain.heights[near[0], near[1]].max()))
    return _window(terrain, t.x - reach, t.y - reach, t.x + reach, t.y + reach)


def cut_terrace(terrain: Terrain, t: Terrace) -> None:
    """Carve ``t`` into ``terrain.heights`` in place (vectorised over its window)."""
    win = _cut_window(terrain, t)
    if win is None:
        return
    rows, cols, X, Y = win
    h = terrain.heights[rows, cols]
    terrain.heights[rows, cols] = terrace_heights(t, X, Y, h)


class TreadMap:
    """The tread index of every grid sample a terrace will leave on a tread (-1 elsewhere),
    computed once so that many footprints can be tested against it cheaply."""

    def __init__(self, terrain: Terrain, t: Terrace):
        self.origin, self.cell = terrain.origin, terrain.cell_m
        win = _cut_window(terrain, t)
        if win is None:
            self.k, self.i0, self.j0 = np.full((1, 1), -1), 0, 0
            return
        rows, cols, X, Y = win
        k, on = tread_level(t, X, Y, terrain.heights[rows, cols])
        self.k = np.where(on, k, -1)
        self.i0, self.j0 = rows.start, cols.start

    def at(self, x, y) -> np.ndarray:
        """Tread index at world points (nearest sample; -1 off every tread)."""
        j = np.rint((np.asarray(x) - self.origin[0]) / self.cell).astype(int) - self.j0
        i = np.rint((np.asarray(y) - self.origin[1]) / self.cell).astype(int) - self.i0
        ok = (i >= 0) & (i < self.k.shape[0]) & (j >= 0) & (j < self.k.shape[1])
        out = np.full(np.shape(i), -1)
        out[ok] = self.k[i[ok], j[ok]]
        return out
