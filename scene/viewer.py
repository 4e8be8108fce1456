"""The desktop window: the same scene, interactive (VTK trackball camera)."""

from __future__ import annotations

import os

from .render import Renderer
from .schema import SceneError


def check_display() -> None:
    if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
        raise SceneError("view: no display (DISPLAY is not set); run under a desktop or Xvfb, "
                         "or use `lunarbase still` for an image")


def view(world, pose, size: tuple[int, int], snapshot=None) -> None:
    """Open a window on ``world`` at ``pose``; with ``snapshot`` save its image and close."""
    check_display()
    os.environ.pop("PYVISTA_OFF_SCREEN", None)
    import pyvista as pv

    pv.OFF_SCREEN = False
    r = Renderer(world, size[0], size[1], "preview", off_screen=False)
    p = r.plotter
    p.add_text(f"{world.cfg['name']} — drag to orbit, scroll to zoom, q to quit",
               font_size=9, color="white")
    from .render import set_camera

    set_camera(p, pose)
    if snapshot is None:
        p.show(title="lunarbase")
        return
    from .outputs import atomic_path

    p.show(title="lunarbase", auto_close=False, interactive=False)
    with atomic_path(snapshot) as tmp:
        p.screenshot(str(tmp))
    p.close()
