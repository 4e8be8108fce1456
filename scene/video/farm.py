"""Render farm: flythrough frames on a Dask cluster (``flythrough --scheduler ...``).

``render_flythrough`` (scene/video.py) delegates its frame-rendering step here when a
scheduler is given; everything else — the working folder, ``--resume``, progress, encoding —
stays the same as with the local process pool.

How the scene reaches the workers: the client builds the World once (with the lighting
baked by ``shading.baked.Baked``), pickles it once and scatters those bytes to every worker
(``broadcast=True``); a worker that joins or restarts later fetches them from a peer. Each
worker unpickles the World once and keeps one Renderer per (scene hash, size, quality)
(scene/farm_worker.py). Workers rebuilding the scene from the file + seed was rejected: it
costs every worker the full build (terrain, layout, baked lighting: the slow part), needs the
scene file and user meshes on every machine, and would silently differ on a worker whose code
differs. The scene hash (sha256 of the canonical config + seed + lunarbase version) names the
scene; a worker whose version or hash differs is refused before any frame is rendered.

Frames travel back as PNG bytes in chunks; the client writes each one atomically to the
working folder, so ``--resume`` and the MP4 encoding are those of the local path. Dask
re-runs the chunks of a worker that dies on the others (``retries`` for errors raised in a
task); the client accepts each frame exactly once.
"""

from __future__ import annotations

import contextlib
import logging
import math
import pickle
import re
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

from ..errors import SceneError
from ..exchange.files import write_bytes
from .worker import WorkerRefused, scene_hash

__all__ = ["WorkerRefused", "connect", "farm_frames", "parse_scheduler", "scene_hash"]

RETRIES = 2  # re-runs of a chunk whose task raised (worker deaths are re-run anyway)
CONNECT_TIMEOUT = 30  # s to reach a tcp:// scheduler
WORKER_TIMEOUT = 60  # s to wait for the first worker to join it
_ADDR = re.compile(r"^tcp://(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9][A-Za-z0-9.\-]*):(\d{1,5})$")


def parse_scheduler(value: str) -> str:
    """Validate ``--scheduler``: ``local`` or ``tcp://HOST:PORT``; raises SceneError."""
    text = str(value).strip()
    _distributed()  # the optional dependency, checked before any work
    if text == "local":
        return text
    m = _ADDR.match(text)
    if not m or not 1 <= int(m.group(2)) <= 65535:
        raise SceneError(
            f"--scheduler: must be 'local' or tcp://HOST:PORT (port 1..65535), got {value!r}"
        )
    return text


def _distributed():
    try:
        import distributed
    except ImportError:  # the optional "farm" extra
        raise SceneError(
            "--scheduler: needs Dask, which is not installed: pip install 'lunarbase[farm]'"
        ) from None
    return distributed


@contextlib.contextmanager
def connect(scheduler: str, workers: int) -> Iterator:
    """A ``distributed.Client``: to the scheduler at ``tcp://...``, or to a LocalCluster of
    ``workers`` processes (one thread each) started here and closed on exit."""
    dist = _distributed()
    scheduler = parse_scheduler(scheduler)
    cluster = None
    try:
        if scheduler == "local":
            cluster = dist.LocalCluster(
                n_workers=workers,
                threads_per_worker=1,
                processes=True,
                host="127.0.0.1",
                dashboard_address=None,
                silence_logs=logging.ERROR,
            )
            client = dist.Client(cluster)
        else:
            try:
                client = dist.Client(scheduler, timeout=CONNECT_TIMEOUT)
            except (OSError, TimeoutError) as exc:
                raise SceneError(f"--scheduler: cannot reach {scheduler} ({exc})") from exc
        try:
            try:
                client.wait_for_workers(1, timeout=WORKER_TIMEOUT)
            except TimeoutError as exc:
                raise SceneError(
                    f"--scheduler: no worker joined {scheduler} within "
                    f"{WORKER_TIMEOUT} s; start some with: dask worker "
                    f"{client.scheduler.address}"
                ) from exc
            yield client
        finally:
            client.close()
    finally:
        if cluster is not None:
            cluster.close()


def check_workers(client, payload, want_hash: str, version: str) -> list[dict]:
    """Refuse the run unless every connected worker runs ``version`` and, after loading
    ``payload`` (a future of the pickled World), holds scene ``want_hash``.

    Returns one dict per worker (address, version, load seconds); raises SceneError.
    """
    for addr, info in sorted(client.run(_identity).items()):
        if info["version"] != version:
            raise SceneError(
                f"--scheduler: worker {addr} refused: it runs lunarbase "
                f"{info['version']} but the client runs {version}; install the "
                "same lunarbase version on every worker"
            )
    from .worker import load_scene

    run = uuid.uuid4().hex[:8]
    futs = [
        client.submit(
            load_scene,
            payload,
            want_hash,
            version,
            workers=[addr],
            allow_other_workers=False,
            pure=False,
            key=f"lunarbase-load-{run}-{addr}",
        )
        for addr in client.nthreads()
    ]
    try:
        return client.gather(futs)
    except WorkerRefused as exc:
        raise SceneError(f"--scheduler: {exc}") from exc


def _identity() -> dict:
    from .worker import identity

    return identity()


def chunk_size(n_frames: int, n_workers: int) -> int:
    """Frames per task: about four tasks per worker (balance, cheap re-runs), 1..8 frames."""
    return max(1, min(8, math.ceil(n_frames / max(1, 4 * n_workers))))


def farm_frames(
    world,
    jobs: list[tuple],
    width: int,
    height: int,
    quality: str,
    scheduler: str,
    workers: int,
    chunk: int | None = None,
    on_chunk: Callable[[dict], None] | None = None,
) -> Iterator[tuple[int, float, None]]:
    """Render ``jobs`` = [(index, pose, png_path, t, exposure gain), ...] on Dask; yield
    (index, seconds, None) — the image is only on disk (the encoder reads the PNG).

    Each frame is written to its ``png_path`` (atomically) before it is yielded, in the
    order frames complete; every index is yielded exactly once. ``on_chunk(result)`` is
    called for each finished chunk (``{"worker", "frames"}``), e.g. for logging.
    """
    if not jobs:
        return
    from ... import __version__
    from ..progress import console
    from ..shading.baked import Baked
    from .worker import render_chunk

    dist = _distributed()
    baked = Baked.of(world).compute()
    want = scene_hash(world.cfg, __version__)
    # the compact, lossless copy render processes need (``Baked.for_render``): half the bytes
    blob = pickle.dumps((world, baked.for_render()), protocol=pickle.HIGHEST_PROTOCOL)
    paths = {job[0]: Path(job[2]) for job in jobs}
    with connect(scheduler, workers) as client:
        payload = client.scatter(blob, broadcast=True, hash=False)
        mb = len(blob) / 1e6
        del blob
        loaded = check_workers(client, payload, want, __version__)
        console.print(
            f"farm: {len(loaded)} workers at {client.scheduler.address}, scene "
            f"{want[:12]} ({mb:.0f} MB) loaded in "
            f"{max(x['load_s'] for x in loaded):.1f} s"
        )
        size = chunk or chunk_size(len(jobs), sum(client.nthreads().values()))
        run = uuid.uuid4().hex[:8]  # keys unique per run: two runs may share a farm
        futs = []
        for k in range(0, len(jobs), size):
            part = [(i, pose, t, gain) for i, pose, _, t, gain in jobs[k : k + size]]
            futs.append(
                client.submit(
                    render_chunk,
                    payload,
                    want,
                    __version__,
                    width,
                    height,
                    quality,
                    part,
                    retries=RETRIES,
                    pure=False,
                    key=f"lunarbase-frames-{run}-{part[0][0]:05d}",
                )
            )
        done: set[int] = set()
        try:
            # the futures' own client's loop: as_completed otherwise waits on the *current*
            # client's loop (e.g. a notebook's Client), and a result lost after a worker died
            # is then awaited on two loops ("Event bound to a different event loop")
            for fut in dist.as_completed(futs, loop=client.loop):
                try:
                    res = fut.result()
                except WorkerRefused as exc:
                    raise SceneError(f"--scheduler: {exc}") from exc
                if on_chunk is not None:
                    on_chunk(res)
                for index, png, secs in res["frames"]:
                    if index in done:  # a chunk re-run after a fault: already written
                        continue
                    write_bytes(paths[index], png)
                    done.add(index)
                    yield index, secs, None
        finally:
            client.cancel(futs)
    missing = sorted(set(paths) - done)
    if missing:
        raise RuntimeError(f"render farm lost frames {missing[:10]}")
