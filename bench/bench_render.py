"""Seconds per frame of the hero shot: 1280x720 preview and 1920x1080 final.

    python bench/bench_render.py [--frames N]

One Renderer per size (as a flythrough uses one per worker); the first frame (shader
compilation) is reported separately and the median is over the following N frames.
"""

from __future__ import annotations

import argparse
import statistics
import time

from rich.console import Console
from rich.table import Table

from lunarbase.scene.assemble.world import build_world
from lunarbase.scene.config.load import load_scene
from lunarbase.scene.render.framing import frame_hero
from lunarbase.scene.render.renderer import Renderer
from lunarbase.scene.shading.baked import Baked


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--frames", type=int, default=3)
    args = ap.parse_args()
    t0 = time.perf_counter()
    world = build_world(load_scene(None))
    Baked.of(world).compute()
    setup = time.perf_counter() - t0
    t1 = time.perf_counter()
    frame_hero(world)  # the hero the CLI renders: chosen by its object-ID pass
    framing = time.perf_counter() - t1
    pose = world.shots["hero"]
    tab = Table(
        title=f"hero shot, default scene (world build + lighting {setup:.1f} s, "
        f"framing the hero {framing:.1f} s)"
    )
    for col in ("size", "quality", "first frame s", "median s/frame", "triangles"):
        tab.add_column(col, justify="right")
    for (w, h), q in (((1280, 720), "preview"), ((1920, 1080), "final")):
        r = Renderer(w, h, q)
        r.render(world, pose)
        first = r.last_seconds
        times = []
        for _ in range(args.frames):
            r.render(world, pose)
            times.append(r.last_seconds)
        tab.add_row(
            f"{w}x{h}", q, f"{first:.2f}", f"{statistics.median(times):.2f}", f"{r.n_triangles:,}"
        )
        r.close()
    Console().print(tab)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
