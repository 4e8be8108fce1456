"""What blinks and flickers in our videos, as animation channels every glTF client plays.

Our renderer blinks the red warning beacons (``anim.motion.beacons_on``: on for 0.4 s of
every second) and flickers the engine jets' glow (``anim.motion.plume_flicker``: opacity
0.8-1.0). glTF's standard channels animate nodes, not materials, so here:

- a mesh's beacon primitives (material ``BEACON_MATERIAL``) are split off into a mesh of
  their own (``split``), written as a child node of the node that carries the rest; the
  assets' own plume primitives (``model.layers.EFFECT_MATERIALS``) are dropped, as the
  renderer drops them: the jets (``jets``) stand in their place;
- a beacon node's ``scale`` steps (STEP interpolation) between 1 (on) and
  ``BEACON_OFF_SCALE`` (off: a point, nothing drawn) at the times ``beacons_on`` changes;
- a jet node stands at its nozzle throat and its ``scale`` follows ``plume_flicker``,
  sampled at the video frame rate: the beam's length breathes by ``LENGTH_PULSE`` and its
  width by ``WIDTH_PULSE`` of the flicker's swing (gentle: at most 10 % and 5 %).

Engines with a jet are never GPU-instanced (``document``): their jet is a child of their
own node. Beacons on instanced meshes are instanced alike: a child of the batch node with
the same instance transforms, so its scale collapses or restores all of them at once.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from ...anim.motion import beacons_on, plume_flicker
from ...model.graph import Mesh
from ...model.layers import EFFECT_MATERIALS

BEACON_MATERIAL = "signal_red"  # what our renderer blinks (render.renderer.BEACON_MATERIAL)
BEACON_ON_S = 0.4  # of every second (anim.motion.beacons_on)
BEACON_OFF_SCALE = 1e-4  # "off": the beacons shrink to a point (0 would be a singular matrix)
LENGTH_PULSE = 0.5  # jet length scale = 1 - LENGTH_PULSE x (1 - flicker)
WIDTH_PULSE = 0.25  # jet width scale = 1 - WIDTH_PULSE x (1 - flicker)


@dataclass(frozen=True)
class Split:
    """A graph mesh split for animation: ``body`` (what stays still) and ``beacons``
    (None where the mesh has none); plume primitives are in neither."""

    body: Mesh | None
    beacons: Mesh | None


@dataclass
class Effects:
    """The glTF nodes that blink (``beacons``) and flicker (``jets``), and the scene seed
    the flicker is drawn from."""

    seed: int
    beacons: list[int] = field(default_factory=list)
    jets: list[int] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.beacons or self.jets)


def split(mesh: Mesh) -> Split:
    """``mesh``'s primitives by what they do: still or blinking (plumes left out)."""
    if not any(
        p.material == BEACON_MATERIAL or p.material in EFFECT_MATERIALS for p in mesh.primitives
    ):
        return Split(mesh, None)
    beacons = [p for p in mesh.primitives if p.material == BEACON_MATERIAL]
    body = [
        p
        for p in mesh.primitives
        if p.material != BEACON_MATERIAL and p.material not in EFFECT_MATERIALS
    ]
    return Split(
        Mesh(mesh.name, body) if body else None,
        Mesh(f"{mesh.name}/beacons", beacons) if beacons else None,
    )


def beacon_keys(duration: float) -> tuple[np.ndarray, np.ndarray]:
    """STEP keys of a beacon node over [0, ``duration``] s: (T,) float32 strictly rising
    times (every switch of ``beacons_on``, and ``duration``) and (T, 3) float32 scales."""
    times = []
    for k in range(int(np.ceil(duration)) + 1):
        times += [t for t in (k, k + BEACON_ON_S) if t < duration]
    times.append(duration)
    t = np.array(times, np.float64)
    # each key holds the state of the interval it starts (a hair past the key: 1.4 % 1 is
    # 0.3999... in floating point)
    on = np.array([beacons_on(x + 1e-6) for x in t])
    s = np.where(on, 1.0, BEACON_OFF_SCALE)
    return t.astype(np.float32), np.repeat(s[:, None], 3, axis=1).astype(np.float32)


def jet_scale(k: np.ndarray) -> np.ndarray:
    """(T,) flicker values (0.8..1.0) -> (T, 3) Y-up node scales (width, length, width)."""
    k = np.asarray(k, float)
    w = 1 - WIDTH_PULSE * (1 - k)
    return np.column_stack([w, 1 - LENGTH_PULSE * (1 - k), w]).astype(np.float32)


def flicker_keys(duration: float, fps: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """LINEAR keys of a jet node over [0, ``duration``] s, one a video frame: (T,)
    float32 times and (T, 3) float32 scales from ``plume_flicker``."""
    t = np.linspace(0.0, duration, max(2, int(round(duration * fps)) + 1))
    k = np.array([plume_flicker(float(x), seed) for x in t])
    return t.astype(np.float32), jet_scale(k)
