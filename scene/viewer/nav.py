"""Camera navigation for the desktop viewer: fly and orbit modes over a heightfield.

- **fly**: keys move the camera (and its focal point) forward/back along the view, sideways
  and up/down; dragging with the left button turns the view (mouse look). The step grows with
  the height above the terrain, so crossing the crater is quick and creeping between tanks
  is precise.
- **orbit**: VTK's terrain style (left drag orbits the focal point keeping z up, right drag
  zooms, middle drag pans); the keys still move as in fly mode. Switching to orbit pivots on
  the ground point in the middle of the view.

In both modes the camera never goes below ``MIN_CLEARANCE_M`` above the ground. The
navigator only changes the VTK camera; ``on_move`` tells the viewer to redraw.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    import pyvista
    from vtkmodules.vtkRenderingCore import vtkInteractorStyle, vtkRenderWindowInteractor

    from ...terrain.heightfield import Terrain

MIN_CLEARANCE_M = 2.0
STEP_PER_HEIGHT = 0.06  # step per key press as a fraction of the height above ground
MIN_STEP_M, MAX_STEP_M = 0.5, 600.0
LOOK_DEG_PER_PX = 0.25
MAX_PITCH_DEG = 88.0


def _unit(v: np.ndarray) -> np.ndarray:
    """The (3,) vector ``v`` scaled to unit length (returned as is when ~0)."""
    n = float(np.linalg.norm(v))
    return v / n if n > 1e-12 else v


class Navigator:
    """Moves ``plotter``'s camera over ``terrain`` (anything with ``height_at(x, y)``).

    on_move: called with no arguments after every camera change the navigator makes.
    """

    MODES = ("fly", "orbit")

    def __init__(
        self,
        plotter: pyvista.Plotter,
        terrain: Terrain,
        on_move: Callable[[], None] = lambda: None,
        mode: str = "fly",
    ) -> None:
        self.plotter, self.terrain, self.on_move = plotter, terrain, on_move
        self.mode = mode
        self.speed = 1.0  # user multiplier on the step
        self._dragging = False

    # -- camera state -------------------------------------------------------------------
    @property
    def camera(self) -> pyvista.Camera:
        return self.plotter.camera

    def position(self) -> np.ndarray:
        """(3,) float64 camera position (world m)."""
        return np.array(self.camera.GetPosition(), float)

    def focal(self) -> np.ndarray:
        """(3,) float64 focal point (world m)."""
        return np.array(self.camera.GetFocalPoint(), float)

    def ground(self, x: float, y: float) -> float:
        """Terrain height (m) at world (x, y)."""
        return float(self.terrain.height_at(x, y))

    def height_above_ground(self) -> float:
        """Camera height (m) above the terrain under it."""
        p = self.position()
        return float(p[2] - self.ground(p[0], p[1]))

    def step_m(self) -> float:
        """Length of one key-press step (m): proportional to the height above ground."""
        h = max(self.height_above_ground(), MIN_CLEARANCE_M)
        return float(np.clip(STEP_PER_HEIGHT * h, MIN_STEP_M, MAX_STEP_M) * self.speed)

    def _set(self, pos: np.ndarray, focal: np.ndarray) -> None:
        """Place the camera at ``pos`` looking at ``focal`` ((3,) world m), z up, clamped."""
        cam = self.camera
        cam.SetPosition(*map(float, pos))
        cam.SetFocalPoint(*map(float, focal))
        cam.SetViewUp(0.0, 0.0, 1.0)
        self.clamp()

    def clamp(self) -> bool:
        """Lift the camera (and focal point) back above the ground; True if it moved."""
        p = self.position()
        floor = self.ground(p[0], p[1]) + MIN_CLEARANCE_M
        if p[2] >= floor:
            self.plotter.renderer.ResetCameraClippingRange()
            return False
        dz = floor - p[2]
        f = self.focal()
        self.camera.SetPosition(p[0], p[1], floor)
        self.camera.SetFocalPoint(f[0], f[1], f[2] + dz)
        self.plotter.renderer.ResetCameraClippingRange()
        return True

    # -- moves ----------------------------------------------------------------------------
    def move(self, forward: float = 0.0, right: float = 0.0, up: float = 0.0) -> None:
        """Move by the given numbers of steps along the view, to the right and up."""
        p, f = self.position(), self.focal()
        d = _unit(f - p)
        r = _unit(np.cross(d, (0.0, 0.0, 1.0)))
        if not np.any(r):
            r = np.array([1.0, 0.0, 0.0])
        delta = self.step_m() * (forward * d + right * r + up * np.array([0.0, 0.0, 1.0]))
        self._set(p + delta, f + delta)
        self.on_move()

    def look(self, yaw_deg: float, pitch_deg: float) -> None:
        """Turn the view about the camera: yaw left (+) / right, pitch up (+) / down."""
        p, f = self.position(), self.focal()
        dist = max(float(np.linalg.norm(f - p)), 1e-3)
        d = _unit(f - p)
        az = np.arctan2(d[1], d[0]) + np.radians(yaw_deg)
        el = np.clip(
            np.degrees(np.arcsin(np.clip(d[2], -1, 1))) + pitch_deg, -MAX_PITCH_DEG, MAX_PITCH_DEG
        )
        el = np.radians(el)
        nd = np.array([np.cos(el) * np.cos(az), np.cos(el) * np.sin(az), np.sin(el)])
        self._set(p, p + dist * nd)
        self.on_move()

    def zoom(self, factor: float) -> None:
        """Orbit: dolly toward the focal point by ``factor`` (> 1 nearer); fly: step."""
        if self.mode == "fly":
            self.move(forward=1.0 if factor > 1 else -1.0)
            return
        p, f = self.position(), self.focal()
        self._set(f + (p - f) / factor, f)
        self.on_move()

    def ground_hit(self, max_m: float = 20000.0, n: int = 800) -> np.ndarray | None:
        """First point ((3,) float64 world m) where the view ray meets the terrain, marched
        in ``n`` steps over ``max_m``, or None."""
        p, f = self.position(), self.focal()
        d = _unit(f - p)
        s = np.linspace(0.0, max_m, n)
        pts = p + s[:, None] * d
        below = pts[:, 2] <= self.terrain.height_at(pts[:, 0], pts[:, 1])
        if not below.any():
            return None
        return pts[int(np.argmax(below))]

    def set_mode(self, mode: str) -> str:
        """Switch to ``mode`` ("fly" / "orbit"; orbit pivots on the ground in view)."""
        if mode not in self.MODES:
            raise ValueError(f"mode must be one of {self.MODES}")
        if mode == "orbit" and self.mode != "orbit":
            hit = self.ground_hit()
            if hit is not None:
                self._set(self.position(), hit)
        self.mode = mode
        self.on_move()
        return mode

    def toggle_mode(self) -> str:
        """Fly ↔ orbit; returns the new mode."""
        return self.set_mode("orbit" if self.mode == "fly" else "fly")

    def faster(self, factor: float) -> float:
        """Multiply the step by ``factor`` (kept within 1/16..16); returns the new speed."""
        self.speed = float(np.clip(self.speed * factor, 1 / 16, 16.0))
        return self.speed

    # -- mouse --------------------------------------------------------------------------
    def attach(self, style: vtkInteractorStyle, interactor: vtkRenderWindowInteractor) -> None:
        """Route mouse motion and wheel through the navigator.

        style: the VTK interactor style (terrain style); an observer on its MouseMoveEvent
        replaces its default handler, which is called back in orbit mode.
        """
        self._style, self._iren = style, interactor
        style.AddObserver("MouseMoveEvent", self._on_mouse_move)
        style.AddObserver("MouseWheelForwardEvent", lambda *_: self.zoom(1.15))
        style.AddObserver("MouseWheelBackwardEvent", lambda *_: self.zoom(1 / 1.15))
        interactor.AddObserver("LeftButtonPressEvent", self._on_press, 1.0)
        interactor.AddObserver("LeftButtonReleaseEvent", self._on_release, 1.0)
        for ev in ("InteractionEvent", "EndInteractionEvent"):
            style.AddObserver(ev, lambda *_: self.clamp() and self.on_move())

    def _on_press(self, *_: object) -> None:
        self._dragging = True

    def _on_release(self, *_: object) -> None:
        self._dragging = False

    def _on_mouse_move(self, *_: object) -> None:
        if self.mode == "fly":
            if self._dragging:
                x, y = self._iren.GetEventPosition()
                lx, ly = self._iren.GetLastEventPosition()
                self.look(-(x - lx) * LOOK_DEG_PER_PX, (y - ly) * LOOK_DEG_PER_PX)
            return
        self._style.OnMouseMove()
