"""Seconds of the one-off bake (``scene/shading/baked.py``) of the default scene, per phase.

    python bench/bench_bake.py [--repeat N] [SCENE]

Builds the World once, then bakes it N times afresh (``Baked(world).compute()``: what the
first frame of every render process pays) and prints the median seconds of each phase
(``Baked.timings``) and of the whole bake, with the machine's load average. The sun rays
(phases ``rays: …``) run in a worker thread beside the terrain shadows and the lamps, so
the phases add up to more than the whole. ``occlusion`` is the ambient-occlusion bake
(``shading/ao.py``: the ground's horizons and three hemisphere rays per structure face),
``jets`` the engine jets' light on faces and ground (``shading/jets.py``), ``glow shells``
the jets' proxy lathes and the lamp heads' glare octahedra (``shading/jets.py``,
``shading/glare.py``; their look is computed per pixel by shaders, nothing is baked).
"""

from __future__ import annotations

import argparse
import os
import statistics
import time

from rich.console import Console
from rich.table import Table

from lunarbase.scene.assemble.world import build_world
from lunarbase.scene.config.load import load_scene
from lunarbase.scene.shading.baked import Baked


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("scene", nargs="?", default=None)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    world = build_world(load_scene(args.scene))
    runs: list[dict[str, float]] = []
    load0 = os.getloadavg()[0]
    for _ in range(args.repeat):
        baked = Baked(world)
        t0 = time.perf_counter()
        baked.compute()
        runs.append({**baked.timings, "whole bake": time.perf_counter() - t0})
        del baked
    load1 = os.getloadavg()[0]
    tab = Table(
        title=f"bake of the default scene, {args.repeat} runs (load {load0:.1f}→{load1:.1f})"
    )
    for col in ("phase", "median s", "min s", "max s"):
        tab.add_column(col, justify="right" if col != "phase" else "left")
    for phase in runs[0]:
        xs = [r.get(phase, 0.0) for r in runs]
        tab.add_row(phase, f"{statistics.median(xs):.2f}", f"{min(xs):.2f}", f"{max(xs):.2f}")
    Console().print(tab)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
