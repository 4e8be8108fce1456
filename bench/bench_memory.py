"""Memory over a long flythrough: RSS of one renderer process across N frames.

    python bench/bench_memory.py [--frames 1000] [--size 640x360]

Prints RSS every 100 frames and the drift between frame 100 (after warm-up) and the end.
"""

from __future__ import annotations

import argparse

import numpy as np
from rich.console import Console
from rich.table import Table

from lunarbase.scene.assemble.world import build_world
from lunarbase.scene.config.load import load_scene, parse_size
from lunarbase.scene.render.renderer import Renderer


def rss_mib() -> float:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024.0
    return float("nan")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--frames", type=int, default=1000)
    ap.add_argument("--size", default="640x360")
    ap.add_argument("--path", default="base_run")
    args = ap.parse_args()
    w, h = parse_size(args.size)
    world = build_world(load_scene(None))
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
    Console().print(tab)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
