"""Memory of the flythrough's render processes: per step in one worker, and over N frames.

    python bench/bench_memory.py [--size 1920x1080] [--quality final] [--worker-frames 6]
                                 [--frames 1000] [--drift-size 640x360]

* one worker process, spawned as ``render_flythrough``'s pool starts it, per step: RSS and
  peak RSS (VmHWM) after unpickling the World with its bake, after ``Renderer.load``, after
  ``release_after_load`` and after each frame — as shipped and released now, and as
  before (the full float64 bake, kept); the peak is the issue 15 floor (<= 2048 MiB);
* RSS of one renderer process every 100 of ``--frames`` frames and the drift between frame
  100 (after warm-up) and the end (``--frames 0`` skips it).
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
from concurrent.futures import ProcessPoolExecutor

import numpy as np
from rich.console import Console
from rich.table import Table

from lunarbase.scene.assemble.world import build_world
from lunarbase.scene.config.load import load_scene, parse_size
from lunarbase.scene.render.renderer import Renderer
from lunarbase.scene.shading.baked import Baked

_STEPS: list = []


def rss_mib() -> float:
    return _status("VmRSS")


def _status(field: str) -> float:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024.0
    return float("nan")


def _mark(step: str) -> None:
    _STEPS.append((step, rss_mib(), _status("VmHWM")))


def _init(world, baked, width, height, quality, release) -> None:
    """``flythrough._init_worker`` step by step (the World and bake are unpickled by now)."""
    from lunarbase.scene.video import flythrough
    from lunarbase.scene.video.memory import release_after_load

    _mark("unpickled World + bake")
    baked.adopt()
    r = flythrough._WORKER["renderer"] = Renderer(width, height, quality).load(world)
    flythrough._WORKER["world"] = world
    _mark("Renderer.load")
    if release:
        release_after_load(r)
        _mark("release_after_load")


def _frames(poses_t) -> list:
    from lunarbase.scene.video import flythrough

    for i, (pose, t) in enumerate(poses_t):
        flythrough._WORKER["renderer"].render(flythrough._WORKER["world"], pose, t)
        _mark(f"frame {i}")
    return _STEPS


def worker_steps(world, size, quality, n, shipped: bool) -> list:
    """[(step, RSS MiB, peak MiB)] of one spawned worker; ``shipped``: as render_flythrough
    ships it now (``Baked.for_render``, released after loading), else the full bake, kept."""
    baked = Baked.of(world).compute()
    args = (world, baked.for_render() if shipped else baked, *size, quality, shipped)
    path = world.paths["base_run"]
    t = path.times[0] + np.arange(n) * (path.duration / max(n, 1))
    jobs = list(zip(path.poses(t), map(float, t), strict=True))
    with ProcessPoolExecutor(1, mp.get_context("spawn"), _init, args) as pool:
        return pool.submit(_frames, jobs).result()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--size", default="1920x1080", help="the worker's frame size")
    ap.add_argument("--quality", default="final")
    ap.add_argument("--worker-frames", type=int, default=6)
    ap.add_argument("--frames", type=int, default=1000, help="drift frames (0: skip)")
    ap.add_argument("--drift-size", default="640x360")
    ap.add_argument("--path", default="base_run")
    args = ap.parse_args()
    world = build_world(load_scene(None))
    size = parse_size(args.size)
    con = Console()
    tab = Table(title=f"one worker at {args.size} {args.quality}, MiB")
    for col in ("step", "RSS before", "peak before", "RSS now", "peak now"):
        tab.add_column(col, justify="right" if col != "step" else "left")
    old = worker_steps(world, size, args.quality, args.worker_frames, shipped=False)
    new = worker_steps(world, size, args.quality, args.worker_frames, shipped=True)
    rows = {s: ["", ""] for s, _, _ in new}
    for s, rss, hwm in old:
        rows.setdefault(s, ["", ""])[:2] = [f"{rss:.0f}", f"{hwm:.0f}"]
    for s, rss, hwm in new:
        rows[s] = rows[s][:2] + [f"{rss:.0f}", f"{hwm:.0f}"]
    for s, vals in rows.items():
        tab.add_row(s, *(vals + ["", ""])[:4])
    peak_old, peak_new = (max(h for *_, h in steps) for steps in (old, new))
    tab.add_row("peak RSS, worker", "", f"{peak_old:.0f}", "", f"{peak_new:.0f}")
    con.print(tab)
    if args.frames > 0:
        drift(world, args, con)
    return 0


def drift(world, args, con) -> None:
    w, h = parse_size(args.drift_size)
    r = Renderer(w, h, "preview")
    path = world.paths[args.path]
    t = path.times[0] + (np.arange(args.frames) / 24.0) % path.duration
    tab = Table(title=f"RSS over {args.frames} frames of {args.path!r} at {w}x{h}")
    tab.add_column("frame", justify="right")
    tab.add_column("RSS MiB", justify="right")
    marks = {}
    for i, (pose, ti) in enumerate(zip(path.poses(t), t, strict=True)):
        r.render(world, pose, float(ti))
        if (i + 1) % 100 == 0 or i == 0:
            marks[i + 1] = rss_mib()
            tab.add_row(str(i + 1), f"{marks[i + 1]:.0f}")
    r.close()
    warm = marks.get(100, marks[1])
    tab.add_row("drift 100→end", f"{marks[max(marks)] - warm:+.0f}")
    con.print(tab)


if __name__ == "__main__":
    raise SystemExit(main())
