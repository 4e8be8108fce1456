"""The desktop window: the scene the stills show, for exploring and framing shots and paths.

``Viewer`` wires small parts together around one ``scene.render.Renderer`` opened in a real
window:

- ``lod.DetailSwitch``   coarse terrain and structures while moving, full at rest
- ``nav.Navigator``      fly / orbit camera that never goes through the ground
- ``keys``               the key table and the help overlay (``h``)
- ``shots.Recorder``     the camera as ``[[shots]]`` / ``[[paths.keys]]`` TOML
- ``play.PathPlayer``    real-time preview of a named path
- ``widgets.SunSliders`` sun azimuth / elevation sliders

A repeating VTK timer (``tick``) advances path playback, redraws after key moves (several
queued key presses make one frame) and restores full detail once the camera has been still
for ``SETTLE_S``. Everything can also be driven without the event loop (tests, bench):
send key events to the interactor, then call ``redraw``.
"""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import SceneError
from ..render.renderer import Renderer, set_camera
from .keys import bind, bindings, help_text
from .lod import DetailSwitch
from .nav import Navigator
from .play import PathPlayer
from .shots import Recorder, pose_of
from .widgets import SunSliders

if TYPE_CHECKING:
    from collections.abc import Callable

    import pyvista

    from ..anim.cameras import Pose
    from ..model.world import World

SETTLE_S = 0.35
TICK_MS = 30
SCREENSHOT_DIR = Path("renders")


def check_display() -> None:
    """Raise SceneError (exit status 2) with a one-line hint when there is no display."""
    if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
        raise SceneError(
            "view: no display (DISPLAY is not set); run `xvfb-run lunarbase view "
            "...` for a virtual one, or `lunarbase still` for an image"
        )


def _text(
    plotter: pyvista.Plotter, text: str, x: float, y: float, top: bool = False, size: int = 9
) -> pyvista.Text:
    """A white monospace text at viewport (x, y); ``top``: hung from y, on a dark box."""
    actor = plotter.add_text(
        text, position=(x, y), viewport=True, font_size=size, color="white", font="courier"
    )
    if top:
        prop = actor.GetTextProperty()
        prop.SetVerticalJustificationToTop()
        prop.SetBackgroundColor(0.0, 0.0, 0.0)
        prop.SetBackgroundOpacity(0.65)
    return actor


class Viewer:
    """A window on ``world``.

    size: (width, height) pixels; pose: the first camera (a ``cameras.Pose``);
    lod: interaction detail on; emit: where shot/key TOML goes (``print``).
    """

    def __init__(
        self,
        world: World,
        size: tuple[int, int],
        pose: Pose,
        lod: bool = True,
        emit: Callable[[str], object] = print,
        clock: Callable[[], float] = time.perf_counter,
    ) -> None:
        os.environ.pop("PYVISTA_OFF_SCREEN", None)
        import pyvista as pv
        from pyvista.plotting.render_window_interactor import InteractorStyleTerrain

        pv.OFF_SCREEN = False
        self.world, self.clock = world, clock
        t0 = time.perf_counter()
        self.renderer = Renderer(size[0], size[1], "preview", off_screen=False).load(world)
        self.plotter = p = self.renderer.plotter
        t1 = time.perf_counter()
        self.lod = DetailSwitch(self.renderer, world)
        self.setup_s = {"renderer": t1 - t0, "interaction detail": time.perf_counter() - t1}
        self.lod.enabled = lod
        self.lod.at_rest = lambda: self._sync_renderer(force=True)
        self._synced = None
        self.nav = Navigator(p, world.terrain, on_move=self.touch)
        self.player = PathPlayer(world.paths, clock=clock)
        self.recorder = Recorder(emit=emit)
        self.dirty = False
        self.interacting = False
        self.last_motion = -1e9
        self.startup_s: float | None = None
        self._style = style = InteractorStyleTerrain(p.iren)
        p.iren.style = style
        style.AddObserver("StartInteractionEvent", lambda *_: self._interaction(True))
        style.AddObserver("EndInteractionEvent", lambda *_: self._interaction(False))
        self.nav.attach(style, p.iren.interactor)
        self.keys = bindings(self)
        bind(p, self.keys)
        self.sun = SunSliders(self.renderer, relight=self._relit, before=self._relighting)
        self.help = _text(p, help_text(self.keys), 0.01, 0.98, top=True)
        self.help.SetVisibility(False)
        self.status = _text(p, "", 0.01, 0.01)
        set_camera(p, pose)
        self._status()

    # -- state and drawing ----------------------------------------------------------------
    def touch(self) -> None:
        """The camera moved: coarse detail, redraw at the next tick."""
        self.last_motion = self.clock()
        self.lod.set_moving(True)
        self.dirty = True

    def _interaction(self, on: bool) -> None:
        self.interacting = on
        self.touch()

    def _relighting(self) -> None:
        """Say so before the (possibly long) re-bake of the shading."""
        self.status.SetInput("re-lighting: baking ground and structure shadows ...")
        self.plotter.render()

    def _relit(self) -> None:
        self.lod.relight()
        self._status()

    def _status(self) -> None:
        n = self.nav
        path = self.player.name or "none"
        state = "playing" if self.player.playing else "paused"
        parts = [
            self.world.cfg.name,
            f"{n.mode} mode",
            f"step x{n.speed:.2g}",
            f"path {path} ({state})",
            f"detail {'auto' if self.lod.enabled else 'full'}",
            "h: help",
        ]
        self.status.SetInput("  /  ".join(parts))
        self.help.SetInput(help_text(self.keys, self.lod.visible))
        self.dirty = True

    def _sync_renderer(self, force: bool = False) -> None:
        """Let the renderer pick its own per-camera detail (distance tiles, terrain around
        the camera) for a full-detail frame, if it has such a step and the camera moved.
        Uses ``Renderer.update_lod`` (what ``Renderer.render`` does before each still)."""
        update = getattr(self.renderer, "update_lod", None)
        if update is None:
            return
        pose = pose_of(self.plotter.camera)
        if force or pose != self._synced:
            self._synced = pose
            update(pose)

    def tick(self) -> None:
        """Timer step: playback, settle to full detail, redraw if needed."""
        pose = self.player.pose()
        if pose is not None:
            set_camera(self.plotter, pose)
            self.touch()
            if not self.player.playing:
                self._status()
        idle = self.clock() - self.last_motion > SETTLE_S
        if self.lod.moving and idle and not self.interacting and not self.player.playing:
            self.lod.set_moving(False)
            self.dirty = True
        if self.dirty:
            self.dirty = False
            if not self.lod.moving:
                self._sync_renderer()
            self.plotter.render()

    def redraw(self, settle: bool = True) -> None:
        """Draw now; with ``settle`` at full detail (as after a pause)."""
        if settle:
            self.lod.set_moving(False)
        if not self.lod.moving:
            self._sync_renderer()
        self.dirty = False
        self.plotter.render()

    # -- actions (see viewer_keys) --------------------------------------------------------
    def speed(self, factor: float) -> None:
        self.nav.faster(factor)
        self._status()

    def toggle_mode(self) -> None:
        self.nav.toggle_mode()
        self._status()

    def go_to_shot(self, name: str) -> None:
        if self.player.playing:
            self.player.toggle()
        set_camera(self.plotter, self.world.shots[name])
        self.lod.set_moving(False)
        self.dirty = True
        self._status()

    def print_shot(self) -> str:
        return self.recorder.shot(pose_of(self.plotter.camera))

    def add_key(self) -> str:
        text = self.recorder.key(pose_of(self.plotter.camera))
        path = self.recorder.path(self.world.terrain)
        if path is not None:
            self.player.add(path)
            self._status()
        return text

    def toggle_play(self) -> None:
        self.player.toggle()
        self._status()

    def select_path(self, name: str) -> None:
        """Make ``name`` the path space plays (SceneError if the scene has no such path)."""
        self.player.select(name)
        self._status()

    def next_path(self) -> None:
        self.player.cycle()
        self._status()

    def toggle_layer(self, layer: str) -> None:
        """Show / hide a layer (a layer this scene does not have is ignored)."""
        if layer in self.lod.visible:
            self.lod.toggle_layer(layer)
            self._status()

    def toggle_lod(self) -> None:
        self.lod.enabled = not self.lod.enabled
        self.lod.set_moving(False)
        self._status()

    def toggle_help(self) -> None:
        self.help.SetVisibility(not self.help.GetVisibility())
        self.dirty = True

    def quit(self) -> None:
        iren = self.plotter.iren
        if iren is not None:
            iren.interactor.TerminateApp()

    def screenshot(self, path: str | Path | None = None) -> Path:
        """Save the view at full detail without overlays, atomically; returns the path."""
        from ..exchange.files import atomic_path

        if path is None:
            SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
            k = 1
            while (SCREENSHOT_DIR / f"view_{k:03d}.png").exists():
                k += 1
            path = SCREENSHOT_DIR / f"view_{k:03d}.png"
        overlays = [self.help, self.status]
        shown = [a.GetVisibility() for a in overlays]
        for a in overlays:
            a.SetVisibility(False)
        self.sun.set_visible(False)
        self.redraw(settle=True)
        with atomic_path(path) as tmp:
            self.plotter.screenshot(str(tmp))
        for a, s in zip(overlays, shown, strict=True):
            a.SetVisibility(s)
        self.sun.set_visible(True)
        self.dirty = True
        return Path(path)

    def capture(self) -> Path:
        """Screenshot key: the next free renders/view_NNN.png."""
        path = self.screenshot()
        print(f"wrote {path}")
        return path

    # -- window life ------------------------------------------------------------------------
    def open(self) -> float:
        """Map the window and draw the first frame; returns its seconds (``startup_s``)."""
        t0 = time.perf_counter()
        self._sync_renderer()
        self.plotter.show(title="lunarbase", auto_close=False, interactive=False)
        self.startup_s = time.perf_counter() - t0
        return self.startup_s

    def run(self) -> None:
        """The interactive loop until q / Escape / the window is closed."""
        iren = self.plotter.iren
        if not iren.initialized:
            iren.initialize()
        vtk_iren = iren.interactor
        obs = vtk_iren.AddObserver("TimerEvent", lambda *_: self.tick())
        timer = vtk_iren.CreateRepeatingTimer(TICK_MS)
        try:
            iren.start()
        finally:
            if self.plotter.iren is not None:
                vtk_iren.DestroyTimer(timer)
                vtk_iren.RemoveObserver(obs)

    def close(self) -> None:
        """Close the window and drop the VTK observers that point back at this viewer
        (VTK-held callbacks form cycles Python's GC cannot see; left alone they outlive the
        window and talk to a display that may be gone by interpreter exit)."""
        iren = self.plotter.iren
        if iren is not None:
            iren.clear_key_event_callbacks()
            for ev in ("TimerEvent", "LeftButtonPressEvent", "LeftButtonReleaseEvent"):
                iren.interactor.RemoveObservers(ev)
        self._style.RemoveAllObservers()
        for w in self.sun.widgets:
            w.RemoveAllObservers()
            w.SetInteractor(None)
        self.plotter.close()
        # the VTK interactor owns a display connection: hold no path to it once closed
        self._style = self.nav._style = self.nav._iren = None
        self.sun.azimuth_widget = self.sun.elevation_widget = None


def view(
    world: World,
    pose: Pose,
    size: tuple[int, int],
    snapshot: str | Path | None = None,
    path: str | None = None,
    lod: bool = True,
) -> None:
    """Open a window on ``world`` at ``pose``; with ``snapshot`` save its image and close."""
    check_display()
    v = Viewer(world, size, pose, lod=lod)
    try:
        if path is not None:
            v.select_path(path)
        v.open()
        if snapshot is not None:
            v.screenshot(snapshot)
            return
        v.run()
    finally:
        v.close()
