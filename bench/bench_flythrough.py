"""Flythrough speed: frames/s of the default path, the naive-render ratio, worker memory,
encode share.

    python bench/bench_flythrough.py [--frames N] [--path NAME]

* aggregate frames/s at 1280x720 preview with 2 worker processes (render + encode, as
  ``lunarbase flythrough`` runs it), and 1920x1080 final;
* per-frame seconds of the real renderer vs a naive one (full-resolution terrain, one VTK
  actor per scene-graph node and primitive, no level of detail), side by side in one process
  on the same poses;
* peak RSS of the largest worker process and the encoder's share of the wall time.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import tempfile
import time
from pathlib import Path

import numpy as np
from rich.console import Console
from rich.table import Table

from lunarbase.assets.materials import PALETTE
from lunarbase.scene.config import load_scene
from lunarbase.scene.render import Renderer, _polydata, _pv, add_lights, set_camera
from lunarbase.scene.video import render_flythrough
from lunarbase.scene.world import build_world


def naive_seconds(world, poses, size) -> float:
    """Median s/frame of a straightforward pyvista render of the same scene."""
    pv = _pv()
    p = pv.Plotter(off_screen=True, window_size=size, lighting="none")
    prim = world.terrain_node.mesh.primitives[0]
    p.add_mesh(_polydata(pv, prim.vertices, prim.faces), color=(0.5, 0.5, 0.5))
    for node, m in world.graph.instances():
        if node.kind == "terrain":
            continue
        for q in node.mesh.primitives:
            v = q.vertices @ m[:3, :3].T + m[:3, 3]
            p.add_mesh(_polydata(pv, v, q.faces), color=PALETTE[q.material].base_color)
    add_lights(p, pv, world.cfg["lighting"])
    times = []
    for pose in poses:
        t0 = time.perf_counter()
        set_camera(p, pose)
        p.render_window.Render()
        p.screenshot(return_img=True)
        times.append(time.perf_counter() - t0)
    p.close()
    return statistics.median(times[1:])


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--frames", type=int, default=0,
                    help="preview frames to render (default: the whole path at 24 fps)")
    ap.add_argument("--path", default="rim_run")
    args = ap.parse_args()
    world = build_world(load_scene(None))
    world.prepare_for_render()
    path = world.paths[args.path]
    if args.frames <= 0:
        args.frames = int(round(path.duration * 24))
    tab = Table(title=f"flythrough of {args.path!r}, default scene")
    for col in ("what", "value"):
        tab.add_column(col)
    with tempfile.TemporaryDirectory() as tmp:
        for (w, h), q, n in (((1280, 720), "preview", args.frames),
                             ((1920, 1080), "final", max(6, args.frames // 8))):
            fps = 24
            t0 = time.perf_counter()
            res = render_flythrough(world, args.path, Path(tmp) / f"{q}.mp4", w, h, fps,
                                    n / fps, q, 2, False, 20)
            wall = time.perf_counter() - t0
            tab.add_row(f"{w}x{h} {q}, 2 workers",
                        f"{n / wall:.2f} frames/s aggregate ({n} frames in {wall:.1f} s, "
                        f"median {res['median_frame_s']:.2f} s/frame/worker)")
            tab.add_row(f"  encoding after the last frame ({q})",
                        f"{1 - res['render_s'] / wall:.1%} of wall (the rest overlaps)")
    rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    tab.add_row("peak RSS, largest worker", f"{rss:.0f} MiB")
    # nine consecutive frames of the 24 fps video (what each worker renders in turn)
    poses = path.poses(path.times[0] + 2.0 + np.arange(9) / 24.0)
    r = Renderer(world, 1280, 720, "preview")
    ours = []
    for pose in poses:
        r.render(pose)
        ours.append(r.last_seconds)
    r.close()
    ours_s = statistics.median(ours[1:])
    naive = naive_seconds(world, poses, (1280, 720))
    tab.add_row("ours, 1 process, s/frame", f"{ours_s:.2f}")
    tab.add_row("naive render, s/frame", f"{naive:.2f}")
    tab.add_row("speed-up over naive", f"{naive / ours_s:.1f}x")
    Console().print(tab)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
