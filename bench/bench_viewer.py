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
    proc = subprocess.Popen(
        [exe, display, "-screen", "0", "1920x1080x24", "-nolisten", "tcp"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    time.sleep(1.0)
    if proc.poll() is not None:
        sys.exit(f"bench_viewer: Xvfb could not start on {display}")
    return proc


def _rate(fn, frames: int) -> tuple[float, float]:
    """(frames/s by the wall clock, CPU seconds per frame over all the process's threads,
    llvmpipe's included: on a busy machine the second is the steadier figure)."""
    c0, t0 = time.process_time(), time.perf_counter()
    fn(frames)
    return frames / (time.perf_counter() - t0), (time.process_time() - c0) / frames


def _navigate(v, frames: int) -> None:
    """``frames`` inputs, each followed by the viewer's redraw: key presses, and a
    mouse-look drag spread over several frames as a user's is."""
    iren = v.plotter.iren.interactor
    w, h = v.plotter.window_size
    script = ["w", "w", "d", "press", "look", "look", "release", "a", "r", "s"]
    x = w // 2
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


def _at_rest(v, frames: int) -> None:
    for _ in range(frames):
        v.redraw(settle=True)


def _save(v, pose, folder: str) -> None:
    from pathlib import Path

    from lunarbase.scene.render.renderer import set_camera

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
    ap.add_argument(
        "--save", default=None, help="folder: also save the first shot moving and at rest (PNG)"
    )
    args = ap.parse_args(argv)
    width, height = (int(c) for c in args.size.lower().split("x"))
    proc = _xvfb(args.display)
    os.environ["DISPLAY"] = args.display
    try:
        from lunarbase.scene.assemble.world import build_world
        from lunarbase.scene.config.load import load_scene
        from lunarbase.scene.viewer.window import Viewer

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
        print(
            f"  triangles: full {v.renderer.n_triangles:,}, "
            f"while moving {v.lod.coarse_triangles:,} (+ layers kept as they are)"
        )
        print(
            f"  start-up: build {t_world:.2f} s + window set-up {t_setup:.2f} s + first "
            f"frame {t_first:.2f} s = {total:.2f} s to first frame"
        )
        print("    window set-up: " + ", ".join(f"{k} {s:.2f} s" for k, s in v.setup_s.items()))
        _navigate(v, 3)  # warm the coarse actors' shaders
        nav, nav_cpu = _rate(lambda n: _navigate(v, n), args.frames)
        v.toggle_lod()
        full, full_cpu = _rate(lambda n: _navigate(v, n), max(4, args.frames // 5))
        v.toggle_lod()
        rest, rest_cpu = _rate(lambda n: _at_rest(v, n), 4)
        cores = os.cpu_count()
        for label, fps, cpu in (
            ("navigating, interaction detail on", nav, nav_cpu),
            ("navigating, full detail          ", full, full_cpu),
            ("at rest (full detail, MSAA)      ", rest, rest_cpu),
        ):
            print(f"  {label}: {fps:6.2f} frames/s  ({cpu:.3f} CPU s/frame)")
        print(
            f"  load average {os.getloadavg()[0]:.1f} on {cores} cores "
            "(other processes share the CPU: wall-clock rates drop with load)"
        )
        if args.save:
            _save(v, pose, args.save)
        v.close()
    finally:
        proc.terminate()
        proc.wait(5)


if __name__ == "__main__":
    main()
