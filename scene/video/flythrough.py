"""Flythrough videos: frames rendered in worker processes, then encoded to H.264 MP4.

Frames go to a working folder as PNGs first (so ``--resume`` can skip finished frames after an
interruption; the folder's rules: scene/video/frames.py); the MP4 is encoded to a temporary
name and renamed into place when complete. An interruption (SIGINT, SIGTERM: an exception in
the main thread) or a failure stops the workers, deletes the temporary MP4 and keeps the
finished frames.
"""

from __future__ import annotations

import contextlib
import logging
import multiprocessing as mp
import signal
import time
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

import imageio.v2 as iio2
import imageio.v3 as iio
import numpy as np

from ..errors import SceneError, WorkerDied, unknown_name
from ..exchange.files import WriteError, atomic_path
from ..progress import bar
from ..shading.baked import Baked
from ..shading.exposure import shot_gain
from .frames import FramesFolder, job_fingerprint, work_folder
from .memory import release_after_load
from .png import write_frame_png

_WORKER: dict = {}


def _init_worker(world, baked, width, height, quality, release=False):
    """Load the renderer of ``world`` with ``baked`` (the bake pickled beside the World: no
    process bakes it again). ``release``: a worker process that only renders frames frees
    what the renderer reads only to relight (``memory.release_after_load``); never in the
    main process, whose bake other renders still use."""
    from ..render.renderer import Renderer

    baked.adopt()
    _WORKER["world"] = world
    _WORKER["renderer"] = Renderer(width, height, quality).load(world)
    if release:
        release_after_load(_WORKER["renderer"])


def _init_pool_worker(*args):
    """A pool worker leaves Ctrl-C to the main process, which stops it (``_stop_pool``)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _init_worker(*args)


def _stop_pool(pool: ProcessPoolExecutor, finished: bool) -> None:
    """Shut ``pool`` down: after a finished run wait for it; after a failure or an
    interruption cancel what is queued and end the worker processes now (a frame half
    rendered is not worth waiting for), so none outlives the run."""
    procs = list((getattr(pool, "_processes", None) or {}).values())
    pool.shutdown(wait=finished, cancel_futures=True)
    if finished:
        return
    for p in procs:
        with contextlib.suppress(Exception):
            p.terminate()
    for p in procs:
        with contextlib.suppress(Exception):
            p.join(5)
            if p.is_alive():
                p.kill()
                p.join(5)
    # every worker is gone: close our own end of the result pipe too, so a reader left
    # waiting on a dead worker's half-written result sees end-of-file and the pool's
    # manager thread ends (the interpreter joins it at exit)
    with contextlib.suppress(Exception):
        pool._result_queue._writer.close()


def _render_one(job):
    """Render and cache one frame; the image also goes back to the encoder, which so never
    re-reads a PNG it has just been sent."""
    index, pose, path, t, gain = job
    img = _WORKER["renderer"].render(_WORKER["world"], pose, t, gain)
    write_frame_png(path, img)  # the frame cache: zlib level 1, unfiltered (scene/video/png.py)
    return index, _WORKER["renderer"].last_seconds, img


def _as_finished(pool: ProcessPoolExecutor, jobs: list[tuple]):
    """Yield ``_render_one`` results of ``jobs`` in the order they finish. A worker that
    dies (killed, out of memory, crashed, failed to start) stops the run with
    :class:`WorkerDied` instead of waiting for it forever; frames already finished stay
    cached for ``--resume``."""
    pending = {pool.submit(_render_one, job) for job in jobs}
    died = WorkerDied(
        "a render worker process died (killed, out of memory or crashed); "
        "the finished frames are cached: rerun with --resume"
    )
    try:
        while pending:
            done, pending = wait(pending, timeout=1.0, return_when=FIRST_COMPLETED)
            for fut in done:  # (finished futures are dropped here: images are not kept)
                yield fut.result()
            # a worker killed while writing its result leaves the pool's reader waiting for
            # the rest of the message forever, and the pool never notices: look ourselves
            procs = (getattr(pool, "_processes", None) or {}).values()
            if not done and any(p.exitcode is not None for p in procs):
                raise died
    except BrokenProcessPool as exc:
        raise died from exc


def check_even_size(width: int, height: int) -> None:
    """H.264 in yuv420p halves the chroma planes: both sides must be even."""
    if width % 2 or height % 2:
        raise SceneError(f"--size: H.264 yuv420p needs even width and height, got {width}x{height}")


def frame_ok(path: Path, width: int, height: int) -> bool:
    """A finished frame: a readable PNG of the right size."""
    try:
        props = iio.improps(path)
    except Exception:  # noqa: BLE001 - any unreadable file is simply redone
        return False
    return tuple(props.shape[:2]) == (height, width)


GAIN_POSES = 12  # poses of a path its exposure is measured on

# x264 speed preset per render quality: the encoder shares the CPU with the renderers, and
# at a fixed CRF a faster preset trades only file size (``veryfast`` is about 4x cheaper
# than ``medium`` for files about 15 % larger), not visual quality
X264_PRESET = {"preview": "veryfast", "final": "medium"}


class _Encoder:
    """H.264/yuv420p MP4 writer fed frames strictly in order (``flush``): from memory when
    a worker has just sent them (``hold``), else from their cached PNG (``--resume``)."""

    def __init__(
        self,
        path: Path,
        fps: int,
        crf: int,
        names: list[Path],
        preset: str = "medium",
        final: Path | None = None,
    ):
        self.path, self.fps, self.crf, self.names = path, fps, crf, names
        self.preset = preset
        self.final = final or path  # the name errors give
        self.next = 0
        self.held: dict[int, np.ndarray] = {}  # finished frames waiting for their turn

    def __enter__(self):
        self.writer = iio2.get_writer(
            self.path,
            format="FFMPEG",
            mode="I",
            fps=self.fps,
            codec="libx264",
            pixelformat="yuv420p",
            macro_block_size=1,
            quality=None,
            ffmpeg_params=["-crf", str(self.crf), "-preset", self.preset],
            ffmpeg_log_level="error",
        )
        return self

    def hold(self, index: int, img: np.ndarray) -> None:
        self.held[index] = img

    def flush(self, pending: set[int]) -> None:
        """Append every frame from ``next`` on that is finished (not in ``pending``)."""
        while self.next < len(self.names) and self.next not in pending:
            img = self.held.pop(self.next, None)
            if img is None:
                img = np.asarray(iio.imread(self.names[self.next]))
            try:
                self.writer.append_data(img[..., :3])
            except OSError as exc:  # ffmpeg could not write (disk full...) and quit
                raise WriteError(self.final, exc, "the encoder (ffmpeg) failed") from exc
            self.next += 1

    def _ffmpeg(self):
        """The ffmpeg process, if started (imageio keeps it in its writer generator)."""
        gen = getattr(self.writer, "_write_gen", None)
        frame = getattr(gen, "gi_frame", None)
        return frame.f_locals.get("p") if frame is not None else None

    def __exit__(self, exc_type, exc, tb):
        proc = self._ffmpeg()
        if exc_type is not None:  # the MP4 is discarded: end ffmpeg quietly
            quiet = logging.getLogger("imageio_ffmpeg")
            level, quiet.level = quiet.level, logging.CRITICAL
            try:
                if proc is not None and proc.poll() is None:
                    proc.kill()
                with contextlib.suppress(Exception):
                    self.writer.close()
            finally:
                quiet.setLevel(level)
            return False
        try:
            self.writer.close()
        except OSError as err:
            raise WriteError(self.final, err, "the encoder (ffmpeg) failed") from err
        if proc is not None and proc.returncode not in (0, None):
            raise WriteError(self.final, reason=f"the encoder (ffmpeg) failed ({proc.returncode})")
        return False


def render_flythrough(
    world,
    path_name: str,
    out: Path,
    width: int,
    height: int,
    fps: int,
    seconds: float | None,
    quality: str,
    workers: int,
    resume: bool,
    crf: int,
    frames_dir: Path | None = None,
    scheduler: str | None = None,
) -> dict:
    """Render a named path to ``out`` (MP4). Returns figures (frames, seconds, fps...).

    scheduler: ``local`` or ``tcp://HOST:PORT`` renders the frames on Dask (scene/farm.py);
    None renders them in a local process pool of ``workers``.
    """
    if path_name not in world.paths:
        raise unknown_name("--path", "path", path_name, world.paths)
    check_even_size(width, height)
    path = world.paths[path_name]
    seconds_asked = seconds
    seconds = path.duration if seconds is None else seconds
    n = max(2, int(round(fps * seconds)))
    # the path is stretched or compressed to the requested length, and scene time with it
    # (a time-lapse or a slow motion): each frame shows the scene at its pose's path time,
    # so a camera keyed to chase a rover keeps it in frame whatever the video's length
    poses = path.sample(n)
    times = np.linspace(path.times[0], path.times[-1], n) if n > 1 else path.times[:1]
    keep = frames_dir is not None
    folder = FramesFolder(
        Path(frames_dir) if keep else work_folder(out),
        out,
        job_fingerprint(world.cfg, path_name, width, height, fps, seconds_asked, quality),
        n,
        resume,
        "--frames" if keep else "--out",
    )
    names = folder.open()
    todo = [i for i in range(n) if not (resume and frame_ok(names[i], width, height))]
    t0 = time.perf_counter()
    per_frame: list[float] = []
    baked = Baked.of(world).compute()
    # frames are encoded in order as soon as they exist, while later ones still render; the
    # MP4 is written under a temporary name and renamed only when every frame is in
    pending = set(todo)
    with (
        bar(f"rendering {path_name}", n, unit="frames") as advance,
        atomic_path(out) as tmp,
        _Encoder(tmp, fps, crf, names, X264_PRESET.get(quality, "medium"), out) as enc,
    ):
        advance(n - len(todo))
        enc.flush(pending)
        # scene time runs with the path: rovers drive, plumes flicker, beacons blink
        # one exposure for the whole path, from the bake and poses spread over it (no
        # pumping; the same whatever the video's length; ~0.06 s per pose)
        gain = shot_gain(baked, path.sample(GAIN_POSES), width / height)
        jobs = [(i, poses[i], names[i], float(times[i]), gain) for i in todo]
        done = 0
        first_s = 0.0  # from the start to the first finished frame: the workers' start-up
        finished = False
        pool = farm = None
        try:
            if scheduler:  # a Dask cluster renders them; it writes each PNG before yielding
                from .farm import farm_frames

                results = farm = farm_frames(
                    world, jobs, width, height, quality, scheduler, workers
                )
            elif workers <= 1 or len(jobs) <= 1:
                _init_worker(world, baked, width, height, quality)
                results = map(_render_one, jobs)
            else:
                pool = ProcessPoolExecutor(
                    min(workers, len(jobs)),
                    mp.get_context("spawn"),
                    _init_pool_worker,
                    # compact and lossless (``Baked.for_render``), freed after loading
                    (world, baked.for_render(), width, height, quality, True),
                )
                results = _as_finished(pool, jobs)
            for index, secs, img in results:
                if not done:
                    first_s = time.perf_counter() - t0
                done += 1
                per_frame.append(secs)
                pending.discard(index)
                if img is not None:
                    enc.hold(index, img)
                enc.flush(pending)
                rate = done / max(time.perf_counter() - t0, 1e-9)
                advance(1, rate=f"{rate:.2f} frames/s")
            finished = True
        finally:
            if farm is not None:
                farm.close()  # closes the Dask client (and a LocalCluster with its workers)
            if pool is not None:
                _stop_pool(pool, finished)
            _WORKER.clear()
            folder.sweep_partials()  # of frames a stopped worker was writing
        render_s = time.perf_counter() - t0
        enc.flush(pending)
        if enc.next != n:
            raise RuntimeError(f"only {enc.next} of {n} frames reached the encoder")
    if not keep:
        folder.remove()
    return {
        "frames": n,
        "rendered": len(todo),
        "fps": fps,
        "size": f"{width}x{height}",
        "render_s": render_s,
        "first_frame_s": first_s,
        "median_frame_s": float(np.median(per_frame)) if per_frame else 0.0,
        "out": str(out),
    }
