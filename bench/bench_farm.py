"""Frames/s of the local process pool vs. a 2-worker Dask LocalCluster, and Dask's overhead.

    python bench/bench_farm.py [--scene FILE] [--size WxH] [--frames N] [--workers N]

Renders the same N frames of the scene's first path three ways and times every frame as it
reaches the client:

- pool        the process pool of ``flythrough`` (spawn; World pickled to each worker)
- dask cold   ``--scheduler local``: starts the LocalCluster, scatters the scene, renders
- dask warm   a LocalCluster already running (as with ``--scheduler tcp://...``)

"end-to-end" includes starting the workers, sending the scene and compiling shaders;
"steady" is the rate after the first finished frame (or chunk of frames) to the last.
"vs pool" = how much slower than the pool (negative: faster).

Scheduling overhead per frame: Dask's own cost, measured on the warm cluster with empty
tasks that return a PNG-sized byte string: the serial round trip (latency of one task) and,
with many tasks in flight, worker-time per task (throughput cost), divided by the frames
per chunk that ``farm`` puts in one task.
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

import distributed
from rich.console import Console
from rich.table import Table

from lunarbase.scene.assemble.world import build_world
from lunarbase.scene.config.load import load_scene, parse_size
from lunarbase.scene.shading.baked import Baked
from lunarbase.scene.video import farm
from lunarbase.scene.video import flythrough as video


def _jobs(world, n: int, fps: int, folder: Path) -> list[tuple]:
    path = world.paths[next(iter(world.paths))]
    poses = path.sample(n)
    folder.mkdir(parents=True, exist_ok=True)
    return [(i, poses[i], folder / f"frame_{i:05d}.png", i / fps) for i in range(n)]


def _figures(t0: float, stamps: list[float], secs: list[float]) -> dict:
    n = len(stamps)
    # frames arrive in chunks on Dask: count the steady rate after the whole first batch
    first = sum(1 for s in stamps if s - stamps[0] < 0.02)
    steady = (n - first) / max(stamps[-1] - stamps[0], 1e-9)
    med = statistics.median(secs)
    return {
        "wall": stamps[-1] - t0,
        "first": stamps[0] - t0,
        "e2e_fps": n / (stamps[-1] - t0),
        "steady_fps": steady,
        "median_s": med,
    }


def run_pool(world, jobs, size, workers) -> dict:
    t0 = time.perf_counter()
    stamps, secs = [], []
    with mp.get_context("spawn").Pool(
        workers, video._init_worker, (world, *size, "preview")
    ) as pool:
        for _, s, _img in pool.imap_unordered(video._render_one, jobs):
            stamps.append(time.perf_counter())
            secs.append(s)
    return _figures(t0, stamps, secs)


def run_farm(world, jobs, size, workers, scheduler) -> dict:
    t0 = time.perf_counter()
    stamps, secs = [], []
    for _, s, _img in farm.farm_frames(world, jobs, *size, "preview", scheduler, workers):
        stamps.append(time.perf_counter())
        secs.append(s)
    return _figures(t0, stamps, secs)


def _blob(nbytes: int) -> bytes:
    return bytes(nbytes)


def dask_overhead_ms(client, nbytes: int, workers: int, n: int = 400) -> tuple[float, float]:
    """(median serial round trip, worker-ms per task with n in flight) of an empty task that
    returns ``nbytes`` bytes."""
    times = []
    for _ in range(50):
        t = time.perf_counter()
        client.submit(_blob, nbytes, pure=False).result()
        times.append(time.perf_counter() - t)
    t = time.perf_counter()
    futs = [client.submit(_blob, nbytes, pure=False) for _ in range(n)]
    for f in distributed.as_completed(futs):
        f.result()
    return 1000 * statistics.median(times), 1000 * (time.perf_counter() - t) * workers / n


def main() -> int:
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
    Baked.of(world).compute()
    console.print(
        f"scene built in {time.perf_counter() - t:.0f} s, "
        f"{world.graph.triangle_count():,} triangles"
    )
    rows = {}
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        rows["pool"] = run_pool(world, _jobs(world, args.frames, 24, tmp / "p"), size, args.workers)
        rows["dask cold (local)"] = run_farm(
            world, _jobs(world, args.frames, 24, tmp / "c"), size, args.workers, "local"
        )
        with (
            distributed.LocalCluster(
                n_workers=args.workers,
                threads_per_worker=1,
                host="127.0.0.1",
                dashboard_address=None,
                silence_logs=logging.ERROR,
            ) as cluster,
            distributed.Client(cluster) as client,
        ):
            client.wait_for_workers(args.workers)
            png = (tmp / "c" / "frame_00000.png").stat().st_size
            serial, inflight = dask_overhead_ms(client, png, args.workers)
            rows["dask warm (tcp)"] = run_farm(
                world,
                _jobs(world, args.frames, 24, tmp / "w"),
                size,
                args.workers,
                cluster.scheduler_address,
            )
    base = rows["pool"]
    table = Table(
        title=f"{args.frames} frames at {size[0]}x{size[1]}, {args.workers} workers, "
        f"{mp.cpu_count()} cores"
    )
    for col in (
        "mode",
        "wall s",
        "first frame s",
        "end-to-end f/s",
        "vs pool",
        "steady f/s",
        "vs pool",
        "median render s",
    ):
        table.add_column(col, justify="left" if col == "mode" else "right")
    for name, r in rows.items():
        table.add_row(
            name,
            f"{r['wall']:.1f}",
            f"{r['first']:.1f}",
            f"{r['e2e_fps']:.2f}",
            f"{base['e2e_fps'] / r['e2e_fps'] - 1:+.1%}",
            f"{r['steady_fps']:.2f}",
            f"{base['steady_fps'] / r['steady_fps'] - 1:+.1%}",
            f"{r['median_s']:.3f}",
        )
    console.print(table)
    per_chunk = farm.chunk_size(args.frames, args.workers)
    console.print(
        f"Dask scheduling overhead, empty task returning {png / 1e3:.0f} kB (a PNG): "
        f"{serial:.1f} ms round trip one at a time, {inflight:.1f} worker-ms per task "
        f"with 400 in flight; farm puts {per_chunk} frames in a task -> "
        f"{inflight / per_chunk:.1f} worker-ms per frame"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
