"""Frames per second of the desktop viewer at 1280x720 on the default scene, under Xvfb.

    python bench/bench_viewer.py [--frames N] [--size WxH] [--display :NN]

Starts its own Xvfb, opens the real window in-process and drives it like a user: key
presses (fly forward / strafe / climb) and mouse-look drags sent to the interactor, one
redraw per input as the viewer's timer does. Prints:

- start-up: scene build, window set-up (renderer + interaction detail + widgets), first
  frame, and the total to the first frame;
- frames/s while navigating with interaction detail on (coarse stand-ins, the default),
  while navigating at full detail (``--full-detail`` / ``l``), and at rest (full detail,
  multisampled).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import time


def _xvfb(display: str) -> subprocess.Popen:
    exe = shutil.which("Xvfb")
    if exe is None:
        sys.exit("bench_viewer: Xvfb is not installed (apt-get install xvfb)")
    proc = subprocess.Popen([exe, display, "-screen", "0", "1920x1080x24", "-nolisten", "tcp"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(1.0)
    if proc.poll() is not None:
        sys.exit(f"bench_viewer: Xvfb could not start on {display}")
    return proc


def _navigate(v, frames: int) -> float:
    """Frames/s over ``frames`` inputs, each followed by the viewer's redraw: key presses,
    and a mouse-look drag spread over several frames as a user's is."""
    iren = v.plotter.iren.interactor
    w, h = v.plotter.window_size
    script = ["w", "w", "d", "press", "look", "look", "release", "a", "r", "s"]
    x = w // 2
    t0 = time.perf_counter()
    for i in range(frames):
        step = script[i % len(script)]
        if step == "press":
            x = w // 2
            iren.SetEventInformation(x, h // 2)
            iren.InvokeEvent("LeftButtonPressEvent")
        elif step in ("look", "release"):
            x += 10
            iren.SetEventInformation(x, h // 2)
            iren.InvokeEvent("MouseMoveEvent")
            if step == "release":
                iren.InvokeEvent("LeftButtonReleaseEvent")
        else:
            iren.SetKeySym(step)
            iren.InvokeEvent("KeyPressEvent")
        v.tick()
    if v.interacting:  # never leave a drag open
        iren.InvokeEvent("LeftButtonReleaseEvent")
    return frames / (time.perf_counter() - t0)


def _at_rest(v, frames: int) -> float:
    v.redraw(settle=True)
    t0 = time.perf_counter()
    for _ in range(frames):
        v.redraw(settle=True)
    return frames / (time.perf_counter() - t0)


def _save(v, pose, folder: str) -> None:
    from pathlib import Path

    from lunarbase.scene.render import set_camera

    set_camera(v.plotter, pose)
    Path(folder).mkdir(parents=True, exist_ok=True)
    v.redraw(settle=True)
    v.plotter.screenshot(str(Path(folder) / "view_rest.png"))
    v.lod.set_moving(True)
    v.plotter.render()
    v.plotter.screenshot(str(Path(folder) / "view_moving.png"))
    v.lod.set_moving(False)
    print(f"  saved {folder}/view_rest.png and view_moving.png")


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--frames", type=int, default=30, help="inputs per navigation run")
    ap.add_argument("--size", default="1280x720")
    ap.add_argument("--display", default=":93", help="X display number for Xvfb")
    ap.add_argument("--save", default=None,
                    help="folder: also save the first shot moving and at rest (PNG)")
    args = ap.parse_args(argv)
    width, height = (int(c) for c in args.size.lower().split("x"))
    proc = _xvfb(args.display)
    os.environ["DISPLAY"] = args.display
    try:
        from lunarbase.scene.config import load_scene
        from lunarbase.scene.viewer import Viewer
        from lunarbase.scene.world import build_world

        t0 = time.perf_counter()
        world = build_world(load_scene(None))
        t_world = time.perf_counter() - t0
        pose = next(iter(world.shots.values()))
        t1 = time.perf_counter()
        v = Viewer(world, (width, height), pose, emit=lambda s: None)
        t_setup = time.perf_counter() - t1
        t_first = v.open()
        total = time.perf_counter() - t0
        print(f"viewer bench: default scene, {width}x{height}, Xvfb {args.display}")
        print(f"  triangles: full {v.renderer.n_triangles:,}, "
              f"while moving {v.lod.coarse_triangles:,} (+ layers kept as they are)")
        print(f"  start-up: build {t_world:.2f} s + window set-up {t_setup:.2f} s + first "
              f"frame {t_first:.2f} s = {total:.2f} s to first frame")
        print("    window set-up: " + ", ".join(f"{k} {s:.2f} s" for k, s in v.setup_s.items()))
        _navigate(v, 3)  # warm the coarse actors' shaders
        nav = _navigate(v, args.frames)
        print(f"  navigating, interaction detail on : {nav:6.2f} frames/s")
        v.toggle_lod()
        full = _navigate(v, max(4, args.frames // 5))
        print(f"  navigating, full detail           : {full:6.2f} frames/s")
        v.toggle_lod()
        rest = _at_rest(v, 4)
        if args.save:
            _save(v, pose, args.save)
        print(f"  at rest (full detail, MSAA)       : {rest:6.2f} frames/s")
        v.close()
    finally:
        proc.terminate()
        proc.wait(5)


if __name__ == "__main__":
    main()
