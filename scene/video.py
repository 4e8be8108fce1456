"""Flythrough videos: frames rendered in worker processes, then encoded to H.264 MP4.

Frames go to a working folder as PNGs first (so ``--resume`` can skip finished frames after an
interruption); the MP4 is encoded to a temporary name and renamed into place when complete.
"""

from __future__ import annotations

import multiprocessing as mp
import shutil
import time
from pathlib import Path

import imageio.v2 as iio2
import imageio.v3 as iio
import numpy as np

from .outputs import atomic_path, write_png
from .progress import bar
from .schema import SceneError

_WORKER: dict = {}


def _init_worker(world, width, height, quality):
    from .render import Renderer

    _WORKER["renderer"] = Renderer(world, width, height, quality)


def _render_one(job):
    index, pose, path, t = job
    img = _WORKER["renderer"].render(pose, t)
    write_png(path, img)
    return index, _WORKER["renderer"].last_seconds


def frame_ok(path: Path, width: int, height: int) -> bool:
    """A finished frame: a readable PNG of the right size."""
    try:
        props = iio.improps(path)
    except Exception:  # noqa: BLE001 - any unreadable file is simply redone
        return False
    return tuple(props.shape[:2]) == (height, width)


class _Encoder:
    """H.264/yuv420p MP4 writer fed frame PNGs strictly in order (``flush``)."""

    def __init__(self, path: Path, fps: int, crf: int, names: list[Path]):
        self.path, self.fps, self.crf, self.names = path, fps, crf, names
        self.next = 0

    def __enter__(self):
        self.writer = iio2.get_writer(self.path, format="FFMPEG", mode="I", fps=self.fps,
                                      codec="libx264", pixelformat="yuv420p",
                                      macro_block_size=1, quality=None,
                                      ffmpeg_params=["-crf", str(self.crf), "-preset",
                                                     "medium"], ffmpeg_log_level="error")
        return self

    def flush(self, pending: set[int]) -> None:
        """Append every frame from ``next`` on that is finished (not in ``pending``)."""
        while self.next < len(self.names) and self.next not in pending:
            self.writer.append_data(np.asarray(iio.imread(self.names[self.next]))[..., :3])
            self.next += 1

    def __exit__(self, *exc):
        self.writer.close()
        return False


def render_flythrough(world, path_name: str, out: Path, width: int, height: int, fps: int,
                      seconds: float | None, quality: str, workers: int, resume: bool,
                      crf: int, frames_dir: Path | None = None,
                      scheduler: str | None = None) -> dict:
    """Render a named path to ``out`` (MP4). Returns figures (frames, seconds, fps...).

    scheduler: ``local`` or ``tcp://HOST:PORT`` renders the frames on Dask (scene/farm.py);
    None renders them in a local process pool of ``workers``.
    """
    if path_name not in world.paths:
        known = ", ".join(world.paths) or "(none)"
        raise SceneError(f"--path: unknown path {path_name!r}; the scene has: {known}")
    if width % 2 or height % 2:
        raise SceneError(f"--size: H.264 yuv420p needs even width and height, got "
                         f"{width}x{height}")
    path = world.paths[path_name]
    seconds = path.duration if seconds is None else seconds
    n = max(2, int(round(fps * seconds)))
    # the path is stretched or compressed to the requested length
    poses = path.sample(n)
    keep = frames_dir is not None
    work = frames_dir or out.with_name(f".{out.stem}.frames")
    if work.exists() and not resume:
        shutil.rmtree(work)
    work.mkdir(parents=True, exist_ok=True)
    names = [work / f"frame_{i:05d}.png" for i in range(n)]
    todo = [i for i in range(n) if not (resume and frame_ok(names[i], width, height))]
    t0 = time.perf_counter()
    per_frame: list[float] = []
    world.prepare_for_render()
    # frames are encoded in order as soon as they exist, while later ones still render; the
    # MP4 is written under a temporary name and renamed only when every frame is in
    pending = set(todo)
    with bar(f"rendering {path_name}", n, unit="frames") as advance, \
            atomic_path(out) as tmp, _Encoder(tmp, fps, crf, names) as enc:
        advance(n - len(todo))
        enc.flush(pending)
        # scene time runs with the video: rovers drive, plumes flicker, beacons blink
        jobs = [(i, poses[i], names[i], i / fps) for i in todo]
        if scheduler:  # a Dask cluster renders them; it writes each PNG before yielding
            from .farm import farm_frames

            results = farm_frames(world, jobs, width, height, quality, scheduler, workers)
        elif workers <= 1 or len(jobs) <= 1:
            _init_worker(world, width, height, quality)
            results = map(_render_one, jobs)
        else:
            ctx = mp.get_context("spawn")
            pool = ctx.Pool(min(workers, len(jobs)), _init_worker,
                            (world, width, height, quality))
            results = pool.imap_unordered(_render_one, jobs)
        done = 0
        try:
            for index, secs in results:
                done += 1
                per_frame.append(secs)
                pending.discard(index)
                enc.flush(pending)
                rate = done / max(time.perf_counter() - t0, 1e-9)
                advance(1, rate=f"{rate:.2f} frames/s")
        finally:
            if scheduler:
                results.close()
            elif workers > 1 and len(jobs) > 1:
                pool.close()
                pool.join()
            _WORKER.clear()
        render_s = time.perf_counter() - t0
        enc.flush(pending)
        if enc.next != n:
            raise RuntimeError(f"only {enc.next} of {n} frames reached the encoder")
    if not keep:
        shutil.rmtree(work, ignore_errors=True)
    return {"frames": n, "rendered": len(todo), "fps": fps, "size": f"{width}x{height}",
            "render_s": render_s,
            "median_frame_s": float(np.median(per_frame)) if per_frame else 0.0,
            "out": str(out)}
