"""Frames/s of the local process pool vs. a 2-worker Dask LocalCluster, and Dask's overhead.

    python bench/bench_farm.py [--scene FILE] [--size WxH] [--frames N] [--workers N]

Renders the same N frames of the scene's first path three ways and times every frame as it
reaches the client:

- pool        the process pool of ``flythrough`` (spawn; World pickled to each worker)
- dask cold   ``--scheduler local``: starts the LocalCluster, scatters the scene, renders
- dask warm   a LocalCluster already running (as with ``--scheduler tcp://...``)

"end-to-end" includes starting the workers, sending the scene and compiling shaders;
"steady" is the rate after the first finished frame (or chunk of frames) to the last.
Overhead ratio = how much slower than the pool. "overhead/frame" = steady wall × workers /
frames − median render time (PNG encoding, transfer, scheduling, writing); also the bare
round trip of an empty Dask task.
"""

from __future__ import annotations

import argparse
import logging
import multiprocessing as mp
import statistics
import sys
import tempfile
import time
from pathlib import Path

from rich.console import Console
from rich.table import Table

from lunarbase.scene import farm, video
from lunarbase.scene.config import load_scene, parse_size
from lunarbase.scene.world import build_world


def _jobs(world, n: int, fps: int, folder: Path) -> list[tuple]:
    path = world.paths[next(iter(world.paths))]
    poses = path.sample(n)
    folder.mkdir(parents=True, exist_ok=True)
    return [(i, poses[i], folder / f"frame_{i:05d}.png", i / fps) for i in range(n)]


def _figures(t0: float, stamps: list[float], secs: list[float], workers: int) -> dict:
    n = len(stamps)
    # frames arrive in chunks on Dask: count the steady rate after the whole first batch
    first = sum(1 for s in stamps if s - stamps[0] < 0.02)
    steady = (n - first) / max(stamps[-1] - stamps[0], 1e-9)
    med = statistics.median(secs)
    return {"wall": stamps[-1] - t0, "first": stamps[0] - t0, "e2e_fps": n / (stamps[-1] - t0),
            "steady_fps": steady, "median_s": med,
            "overhead_ms": 1000 * max(0.0, workers / steady - med)}


def run_pool(world, jobs, size, workers) -> dict:
    t0 = time.perf_counter()
    stamps, secs = [], []
    with mp.get_context("spawn").Pool(workers, video._init_worker,
                                      (world, *size, "preview")) as pool:
        for _, s in pool.imap_unordered(video._render_one, jobs):
            stamps.append(time.perf_counter())
            secs.append(s)
    return _figures(t0, stamps, secs, workers)


def run_farm(world, jobs, size, workers, scheduler) -> dict:
    t0 = time.perf_counter()
    stamps, secs = [], []
    for _, s in farm.farm_frames(world, jobs, *size, "preview", scheduler, workers):
        stamps.append(time.perf_counter())
        secs.append(s)
    return _figures(t0, stamps, secs, workers)


def noop_roundtrip_ms(client, n: int = 200) -> float:
    """Median ms from submit to result of an empty task, one at a time."""
    times = []
    for i in range(n):
        t = time.perf_counter()
        client.submit(int, i, pure=False).result()
        times.append(time.perf_counter() - t)
    return 1000 * statistics.median(times)


def main() -> int:
    import distributed

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--scene", type=Path, help="scene file (default: the embedded scene)")
    ap.add_argument("--size", default="320x180")
    ap.add_argument("--frames", type=int, default=32)
    ap.add_argument("--workers", type=int, default=2)
    args = ap.parse_args()
    size = parse_size(args.size)
    console = Console(width=150)
    t = time.perf_counter()
    world = build_world(load_scene(args.scene))
    world.prepare_for_render()
    console.print(f"scene built in {time.perf_counter() - t:.0f} s, "
                  f"{world.graph.triangle_count():,} triangles")
    rows = {}
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        rows["pool"] = run_pool(world, _jobs(world, args.frames, 24, tmp / "p"), size,
                                args.workers)
        rows["dask cold (local)"] = run_farm(world, _jobs(world, args.frames, 24, tmp / "c"),
                                             size, args.workers, "local")
        with distributed.LocalCluster(n_workers=args.workers, threads_per_worker=1,
                                      host="127.0.0.1", dashboard_address=None,
                                      silence_logs=logging.ERROR) as cluster, \
                distributed.Client(cluster) as client:
            client.wait_for_workers(args.workers)
            noop = noop_roundtrip_ms(client)
            rows["dask warm (tcp)"] = run_farm(world, _jobs(world, args.frames, 24, tmp / "w"),
                                               size, args.workers, cluster.scheduler_address)
    base = rows["pool"]
    table = Table(title=f"{args.frames} frames at {size[0]}x{size[1]}, {args.workers} workers, "
                  f"{mp.cpu_count()} cores")
    for col in ("mode", "wall s", "first frame s", "end-to-end f/s", "vs pool", "steady f/s",
                "vs pool", "median render s", "overhead ms/frame"):
        table.add_column(col, justify="left" if col == "mode" else "right")
    for name, r in rows.items():
        table.add_row(name, f"{r['wall']:.1f}", f"{r['first']:.1f}", f"{r['e2e_fps']:.2f}",
                      f"{base['e2e_fps'] / r['e2e_fps'] - 1:+.1%}", f"{r['steady_fps']:.2f}",
                      f"{base['steady_fps'] / r['steady_fps'] - 1:+.1%}",
                      f"{r['median_s']:.3f}", f"{r['overhead_ms']:.0f}")
    console.print(table)
    console.print(f"empty Dask task round trip: {noop:.1f} ms (median of 200)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
