"""Flythrough speed: frames/s of the default path, the naive-render ratio, worker memory,
encode share.

    python bench/bench_flythrough.py [--frames N] [--path NAME]

* aggregate frames/s at 1280x720 preview with 2 worker processes (render + encode, as
  ``lunarbase flythrough`` runs it), and 1920x1080 final;
* per-frame seconds of the real renderer vs a naive one (full-resolution terrain, one VTK
  actor per scene-graph node and primitive, no level of detail), side by side in one process
  on the same poses;
* peak RSS (VmHWM, sampled from /proc) of the largest worker process, the parent's own
  peak, and the encoder's share of the wall time.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import tempfile
import threading
import time
from pathlib import Path

import numpy as np
from rich.console import Console
from rich.table import Table

from lunarbase.assets.materials import PALETTE
from lunarbase.scene.assemble.world import build_world
from lunarbase.scene.config.load import load_scene
from lunarbase.scene.render.renderer import Renderer, add_lights, set_camera
from lunarbase.scene.render.vtkutil import polydata, pv_module
from lunarbase.scene.shading.baked import Baked
from lunarbase.scene.video.flythrough import render_flythrough
from lunarbase.terrain import terrain_mesh


def full_resolution_terrain(terrain) -> tuple[np.ndarray, np.ndarray]:
    """The heightfield as it is, every sample a vertex: the near grid's full grid mesh plus
    the far grid's cells outside it. Returns vertices (N, 3) and faces (M, 3)."""
    v, f = terrain_mesh(terrain)  # no max_px, no error bound: the full near grid
    far = terrain.far
    if far is None:
        return v, f
    fv, ff = terrain_mesh(far)
    x0, y0, x1, y1 = terrain.extent
    c = fv[ff].mean(axis=1)
    outside = (c[:, 0] < x0) | (c[:, 0] > x1) | (c[:, 1] < y0) | (c[:, 1] > y1)
    return np.concatenate([v, fv]), np.concatenate([f, ff[outside] + len(v)])


def naive_seconds(world, poses, size, terrain_vf=None) -> tuple[float, int]:
    """Median s/frame of a straightforward pyvista render of the same scene: one actor per
    scene-graph node and primitive at the detail the graph holds, VTK lights, pyvista's
    default anti-aliasing; the terrain is ``terrain_vf`` (default: full resolution).
    Returns (seconds, triangles drawn)."""
    pv = pv_module()
    p = pv.Plotter(off_screen=True, window_size=size, lighting="none")
    if terrain_vf is None:
        terrain_vf = full_resolution_terrain(world.terrain)
    tv, tf = terrain_vf
    p.add_mesh(polydata(pv, tv, tf), color=(0.5, 0.5, 0.5))
    tris = len(tf)
    for node, m in world.graph.instances():
        if node.kind == "terrain":
            continue
        for q in node.mesh.primitives:
            v = q.vertices @ m[:3, :3].T + m[:3, 3]
            p.add_mesh(polydata(pv, v, q.faces), color=PALETTE[q.material].base_color)
            tris += len(q.faces)
    add_lights(p, pv, world.cfg["lighting"])
    times = []
    for pose in poses:
        t0 = time.perf_counter()
        set_camera(p, pose)
        p.render_window.Render()
        p.screenshot(return_img=True)
        times.append(time.perf_counter() - t0)
    p.close()
    return statistics.median(times[1:]), tris


WORKER_HWM: dict[int, int] = {}  # pid -> peak VmHWM (MiB) of each render worker seen


def _sample_workers(stop: threading.Event) -> None:
    """Record the VmHWM of this process's render workers (multiprocessing spawn children)
    every 0.3 s until ``stop`` is set."""
    me = str(os.getpid())
    while not stop.is_set():
        for pid in os.listdir("/proc"):
            if not pid.isdigit():
                continue
            try:
                with open(f"/proc/{pid}/status") as fh:
                    status = fh.read()
                with open(f"/proc/{pid}/cmdline", "rb") as fh:
                    cmd = fh.read()
            except OSError:
                continue
            fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
            if fields.get("PPid", "").strip() != me or b"multiprocessing.spawn" not in cmd:
                continue
            hwm = int(fields.get("VmHWM", "0 kB").split()[0]) // 1024
            WORKER_HWM[int(pid)] = max(WORKER_HWM.get(int(pid), 0), hwm)
        stop.wait(0.3)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument(
        "--frames",
        type=int,
        default=0,
        help="preview frames to render (default: the whole path at 24 fps)",
    )
    ap.add_argument("--path", default="base_run")
    args = ap.parse_args()
    world = build_world(load_scene(None))
    Baked.of(world).compute()
    path = world.paths[args.path]
    if args.frames <= 0:
        args.frames = int(round(path.duration * 24))
    tab = Table(title=f"flythrough of {args.path!r}, default scene")
    for col in ("what", "value"):
        tab.add_column(col)
    stop = threading.Event()
    sampler = threading.Thread(target=_sample_workers, args=(stop,), daemon=True)
    sampler.start()
    with tempfile.TemporaryDirectory() as tmp:
        for (w, h), q, n in (
            ((1280, 720), "preview", args.frames),
            ((1920, 1080), "final", max(6, args.frames // 8)),
        ):
            fps = 24
            t0 = time.perf_counter()
            res = render_flythrough(
                world, args.path, Path(tmp) / f"{q}.mp4", w, h, fps, n / fps, q, 2, False, 20
            )
            wall = time.perf_counter() - t0
            tab.add_row(
                f"{w}x{h} {q}, 2 workers",
                f"{n / wall:.2f} frames/s aggregate ({n} frames in {wall:.1f} s, "
                f"median {res['median_frame_s']:.2f} s/frame/worker; the wall includes "
                f"starting the workers; 2 workers at that median: "
                f"{2 / res['median_frame_s']:.2f} frames/s)",
            )
            first = res["first_frame_s"]
            tab.add_row(
                f"  start-up ({q}: workers importing, loading the scene, first frame)",
                f"{first:.1f} s; after it {(n - 1) / max(wall - first, 1e-9):.2f} frames/s",
            )
            tab.add_row(
                f"  encoding after the last frame ({q})",
                f"{1 - res['render_s'] / wall:.1%} of wall (the rest overlaps)",
            )
    stop.set()
    sampler.join()
    # ru_maxrss of children counts the parent's pages a forked child held before exec, so
    # it reports this process's size, not a worker's: the workers' own VmHWM is sampled
    tab.add_row("peak RSS (VmHWM), largest worker", f"{max(WORKER_HWM.values(), default=0)} MiB")
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    tab.add_row("peak RSS, this (parent) process", f"{own:.0f} MiB")
    # nine consecutive frames of the 24 fps video (what each worker renders in turn)
    poses = path.poses(path.times[0] + 2.0 + np.arange(9) / 24.0)
    r = Renderer(1280, 720, "preview")
    ours = []
    for pose in poses:
        r.render(world, pose)
        ours.append(r.last_seconds)
    r.close()
    ours_s = statistics.median(ours[1:])
    naive, naive_tris = naive_seconds(world, poses, (1280, 720))
    tin, tin_tris = naive_seconds(world, poses, (1280, 720), world.ground_triangles())
    tab.add_row("ours, 1 process, s/frame", f"{ours_s:.3f} ({r.n_triangles:,} triangles)")
    tab.add_row(
        "naive render (full-resolution terrain, one actor per node), s/frame",
        f"{naive:.3f} ({naive_tris:,} triangles)",
    )
    tab.add_row("speed-up over naive", f"{naive / ours_s:.1f}x")
    tab.add_row(
        "  for reference: naive but with the exported terrain TIN, s/frame",
        f"{tin:.3f} ({tin_tris:,} triangles), {tin / ours_s:.1f}x",
    )
    Console().print(tab)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
