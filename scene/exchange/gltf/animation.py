"""Animations: every camera path, and everything that moves in our videos (the rovers on
their roads, from the graph's ``Drive`` channels), with durations and frame rate.

The first animation, ``all``, runs every camera path and every vehicle at once over the
longest path: Blender's importer makes the first animation the active action of each
object it moves (the others go to muted NLA tracks), so on import every camera flies and
every rover drives. Then one animation per camera path, named after it, with the vehicles
over the same span (three.js plays one clip at a time). Vehicle keys are sampled at the
video frame rate and shared between the animations (shorter clips read a prefix of the
same buffer views).

Blender converts key times to frames with the scene's frame rate (frame = t x fps, from
frame 0) and leaves the scene's frame range as it was (1-250): nothing in glTF sets it.
The scene's extras therefore carry ``frame_rate``, ``frame_start`` and ``frame_end`` (they
arrive as the Blender scene's custom properties; docs/gltf.md has the two lines that apply
them), and each animation's extras its own duration and last frame.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from . import axes, effects

if TYPE_CHECKING:
    from .buffers import Buffers
    from .effects import Effects

DEFAULT_SPAN_S = 10.0  # how long vehicles are sampled when the scene has no camera path
VEHICLE_KEYS_HZ = 4.0  # vehicle keys a second: 1.5 m apart at 6 m/s, joined linearly


@dataclass
class Track:
    """Sampled motion of glTF node ``node``: (T,) seconds and (T, 4, 4) Y-up local
    matrices."""

    node: int
    times: np.ndarray
    matrices: np.ndarray


@dataclass
class Clip:
    """A camera path's track under its name."""

    name: str
    track: Track

    @property
    def duration(self) -> float:
        return float(self.track.times[-1])


class _Channels:
    """Writes tracks' keys once; a track read over its first n keys reuses the views."""

    def __init__(self, b: Buffers):
        self.b = b
        self._views: dict[int, tuple[int, int, int]] = {}  # id(track) -> views (t, T, R)

    def samplers(self, track: Track, n: int | None = None) -> tuple[list[dict], list[dict]]:
        """Samplers and channels (sampler indices from 0) for ``track``'s first ``n`` keys
        (all when None)."""
        b = self.b
        n = len(track.times) if n is None else n
        times = track.times[:n].astype(np.float32)
        t, q, _ = axes.decompose(track.matrices[:n])
        if id(track) not in self._views:
            ti = b.accessor(times, "SCALAR", None, minmax=True)
            tr = b.accessor(t.astype(np.float32), "VEC3", None)
            ro = b.accessor(q.astype(np.float32), "VEC4", None)
            self._views[id(track)] = (b.view_of(ti), b.view_of(tr), b.view_of(ro))
            acc = (ti, tr, ro)
        else:
            vt, vr, vq = self._views[id(track)]
            acc = (
                b.accessor(times, "SCALAR", None, minmax=True, view=vt),
                b.accessor(t.astype(np.float32), "VEC3", None, view=vr),
                b.accessor(q.astype(np.float32), "VEC4", None, view=vq),
            )
        samplers = [
            {"input": acc[0], "output": acc[1], "interpolation": "LINEAR"},
            {"input": acc[0], "output": acc[2], "interpolation": "LINEAR"},
        ]
        channels = [
            {"sampler": 0, "target": {"node": track.node, "path": "translation"}},
            {"sampler": 1, "target": {"node": track.node, "path": "rotation"}},
        ]
        return samplers, channels


def vehicle_times(clips: list[Clip]) -> np.ndarray:
    """(T,) float64 key times of the vehicles over the longest clip, ``VEHICLE_KEYS_HZ``
    a second (the last key at its end)."""
    span = max((c.duration for c in clips), default=DEFAULT_SPAN_S)
    return np.linspace(0.0, span, int(np.ceil(span * VEHICLE_KEYS_HZ)) + 1)


class _EffectKeys:
    """Key accessors of the blinking beacons and flickering jets, one pair per span."""

    def __init__(self, b: Buffers, fx: Effects, fps: int):
        self.b, self.fx, self.fps = b, fx, fps
        self._keys: dict[tuple[str, float], tuple[int, int]] = {}

    def _accessors(self, what: str, duration: float) -> tuple[int, int]:
        key = (what, round(duration, 6))
        if key not in self._keys:
            if what == "STEP":
                t, s = effects.beacon_keys(duration)
            else:
                t, s = effects.flicker_keys(duration, self.fps, self.fx.seed)
            self._keys[key] = (
                self.b.accessor(t, "SCALAR", None, minmax=True),
                self.b.accessor(s, "VEC3", None),
            )
        return self._keys[key]

    def samplers(self, duration: float) -> tuple[list[dict], list[dict]]:
        """Samplers and channels (sampler indices from 0) animating every beacon's and
        jet's ``scale`` over [0, ``duration``] s (the nodes share the key accessors)."""
        samplers: list[dict] = []
        channels: list[dict] = []
        for what, nodes in (("STEP", self.fx.beacons), ("LINEAR", self.fx.jets)):
            if not nodes:
                continue
            ti, so = self._accessors(what, duration)
            for node in nodes:
                target = {"node": node, "path": "scale"}
                channels.append({"sampler": len(samplers), "target": target})
                samplers.append({"input": ti, "output": so, "interpolation": what})
        return samplers, channels


def write_animations(
    b: Buffers, clips: list[Clip], vehicles: list[Track], fps: int, fx: Effects | None = None
) -> dict:
    """Write ``all`` and one animation per clip into ``b.doc``; returns the scene extras
    that record the frame range (empty when nothing moves). ``vehicles``' tracks are
    sampled at ``vehicle_times(clips)``; a clip shorter than the longest reads
    their keys up to the first at or past its end. ``fx``: the beacons and jets, keyed
    over each animation's own span."""
    if not clips and not vehicles and not fx:
        return {}
    span = max((c.duration for c in clips), default=DEFAULT_SPAN_S)
    ch = _Channels(b)
    fxk = _EffectKeys(b, fx, fps) if fx else None
    anims = []

    def animation(name: str, tracks: list[tuple[Track, int | None]], duration: float) -> None:
        samplers: list[dict] = []
        channels: list[dict] = []
        for track, n in tracks:
            s, c = ch.samplers(track, n)
            for cc in c:
                cc["sampler"] += len(samplers)
            samplers += s
            channels += c
        if fxk is not None:
            s, c = fxk.samplers(duration)
            for cc in c:
                cc["sampler"] += len(samplers)
            samplers += s
            channels += c
        extras = {"duration_s": round(duration, 4), "frame_rate": fps}
        extras["frame_end"] = int(round(duration * fps))
        anims.append({"name": name, "samplers": samplers, "channels": channels, "extras": extras})

    moving = [(v, None) for v in vehicles]
    animation("all", [(c.track, None) for c in clips] + moving, span)
    for c in clips:
        n = int(np.searchsorted(vehicles[0].times, c.duration - 1e-6)) + 1 if vehicles else 0
        animation(
            c.name, [(c.track, None)] + [(v, min(n, len(v.times))) for v in vehicles], c.duration
        )
    b.doc["animations"] = anims
    return {
        "frame_rate": fps,
        "frame_start": 0,
        "frame_end": int(round(span * fps)),
        "animation_durations_s": {a["name"]: a["extras"]["duration_s"] for a in anims},
    }
