"""Framing shots and paths in the viewer: the camera as scene-file TOML.

``shot_toml`` gives a ``[[shots]]`` block and ``key_toml`` a ``[[paths.keys]]`` block, both
in world z (``above_ground = false``) so they reproduce exactly what the window shows.
``Recorder`` numbers the shots and collects keyframes into a path whose times follow the
distance flown (``CRUISE_M_PER_S``), which the viewer can play back.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from ..anim.cameras import CameraPath, Pose

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    import pyvista

    from ...terrain.heightfield import Terrain

CRUISE_M_PER_S = 120.0
MIN_KEY_GAP_S = 1.0


def pose_of(camera: pyvista.Camera) -> Pose:
    """The Pose of a VTK camera (position, focal point, vertical view angle)."""
    return Pose(
        tuple(float(c) for c in camera.GetPosition()),
        tuple(float(c) for c in camera.GetFocalPoint()),
        float(camera.GetViewAngle()),
    )


def _vec(v: Sequence[float]) -> str:
    return "[" + ", ".join(f"{float(c):.1f}" for c in v) + "]"


def shot_toml(pose: Pose, name: str) -> str:
    """A ``[[shots]]`` block for ``pose``, ready to paste into a scene file."""
    return (
        f'[[shots]]\nname = "{name}"\nposition = {_vec(pose.position)}\n'
        f"target = {_vec(pose.target)}\nfov_deg = {pose.fov_deg:.1f}\n"
        "above_ground = false\n"
    )


def path_header_toml(name: str) -> str:
    """The ``[[paths]]`` header the keys of a new path go under."""
    return f'[[paths]]\nname = "{name}"\nabove_ground = false\n'


def key_toml(pose: Pose, t: float) -> str:
    """A ``[[paths.keys]]`` block at time ``t`` (s)."""
    return (
        f"[[paths.keys]]\nt = {t:.1f}\nposition = {_vec(pose.position)}\n"
        f"target = {_vec(pose.target)}\nfov_deg = {pose.fov_deg:.1f}\n"
    )


class Recorder:
    """Shots and keyframes taken in one viewer session.

    emit: where the TOML text goes (``print`` by default).
    """

    def __init__(self, path_name: str = "viewer", emit: Callable[[str], object] = print) -> None:
        self.path_name = path_name
        self.emit = emit
        self.shots: list[tuple[str, Pose]] = []
        self.keys: list[tuple[float, Pose]] = []

    def shot(self, pose: Pose) -> str:
        """Record ``pose`` as the next ``view_N`` shot; emits and returns its TOML."""
        name = f"view_{len(self.shots) + 1}"
        self.shots.append((name, pose))
        text = shot_toml(pose, name)
        self.emit(text)
        return text

    def key(self, pose: Pose) -> str:
        """Record ``pose`` as the next path key (timed by the distance flown); emits and
        returns its TOML (with the ``[[paths]]`` header before the first key)."""
        if self.keys:
            t0, last = self.keys[-1]
            dist = float(np.linalg.norm(np.subtract(pose.position, last.position)))
            t = t0 + max(MIN_KEY_GAP_S, round(dist / CRUISE_M_PER_S, 1))
            text = key_toml(pose, t)
        else:
            t = 0.0
            text = path_header_toml(self.path_name) + "\n" + key_toml(pose, t)
        self.keys.append((t, pose))
        self.emit(text)
        return text

    def path(self, terrain: Terrain) -> CameraPath | None:
        """The recorded keys as a CameraPath (None with fewer than 2 keys)."""
        if len(self.keys) < 2:
            return None
        keys = [
            {"t": t, "position": list(p.position), "target": list(p.target), "fov_deg": p.fov_deg}
            for t, p in self.keys
        ]
        return CameraPath(
            terrain,
            {"name": self.path_name, "above_ground": False, "easing": "ease_in_out", "keys": keys},
        )
