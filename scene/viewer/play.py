"""Flythrough preview in the viewer: play and pause a named camera path in real time.

The path is sampled once at ``SAMPLES_PER_S`` (the same eased timing a flythrough video
uses) and the player picks the sample for the wall-clock time since play, so a slow frame
skips ahead instead of slowing the flight down.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from ..anim.cameras import Pose
from ..errors import unknown_name

if TYPE_CHECKING:
    from ..anim.cameras import CameraPath

SAMPLES_PER_S = 30


class PathPlayer:
    """Plays one of ``paths`` (name -> CameraPath) at a time.

    clock: seconds, monotonic (``time.perf_counter`` by default; tests pass their own).
    """

    def __init__(
        self, paths: dict[str, CameraPath], clock: Callable[[], float] = time.perf_counter
    ) -> None:
        self.paths = dict(paths)
        self.clock = clock
        self.name: str | None = next(iter(self.paths), None)
        self.playing = False
        self._poses: list[Pose] = []
        self._offset = 0.0  # seconds into the path when paused / at play
        self._t0 = 0.0

    def add(self, path: CameraPath) -> None:
        """Add or replace a path (e.g. the keys recorded in this session) and select it."""
        self.paths[path.name] = path
        self.select(path.name)

    def select(self, name: str) -> None:
        """Make ``name`` the current path, paused at its start (SceneError if unknown)."""
        if name not in self.paths:
            raise unknown_name("--path", "path", name, self.paths)
        self.playing = False
        self.name = name
        self._poses = []
        self._offset = 0.0

    def cycle(self) -> str | None:
        """Select the next path; returns its name."""
        if not self.paths:
            return None
        names = list(self.paths)
        i = (names.index(self.name) + 1) % len(names) if self.name in names else 0
        self.select(names[i])
        return self.name

    @property
    def duration(self) -> float:
        return self.paths[self.name].duration if self.name else 0.0

    def toggle(self) -> bool:
        """Play (from where it was paused, or from the start when ended) or pause."""
        if self.name is None:
            return False
        if self.playing:
            self._offset = self.elapsed()
            self.playing = False
            return False
        if not self._poses:
            path = self.paths[self.name]
            self._poses = path.sample(max(2, int(path.duration * SAMPLES_PER_S) + 1))
        if self._offset >= self.duration:
            self._offset = 0.0
        self._t0 = self.clock()
        self.playing = True
        return True

    def elapsed(self) -> float:
        """Seconds into the current path (capped at its duration)."""
        if not self.playing:
            return self._offset
        return min(self._offset + self.clock() - self._t0, self.duration)

    def pose(self) -> Pose | None:
        """The pose for now, or None when not playing; stops at the end of the path."""
        if not self.playing or not self._poses:
            return None
        t = self.elapsed()
        d = self.duration
        i = round(t / d * (len(self._poses) - 1)) if d > 0 else len(self._poses) - 1
        if t >= d:
            self.playing = False
            self._offset = d
        return self._poses[i]
