"""The Dask-worker side of the render farm: a cached scene and renderer, frames as PNG bytes.

Everything here runs inside a Dask worker process (see ``scene/farm.py`` for the client side).
A worker keeps **one** scene — the World the client pickled once and scattered to every
worker — unpickled once and keyed by its scene hash, plus one ``Renderer`` per
(scene hash, width, height, quality). A chunk of frames therefore costs only the rendering:
the scene is never regenerated, unpickled or re-uploaded to the GPU per frame.

Before it renders anything a worker checks that it is the same software and the same scene
as the client: its ``lunarbase.__version__`` must equal the client's, and the hash it
computes itself from the received World's config must equal the hash the client claims.
Otherwise it raises :class:`WorkerRefused`, which the client reports as a one-line error.

This module imports neither dask nor the renderer at import time, so the client can use
:func:`scene_hash` without them.
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
import socket
import threading
import time

_STATE: dict = {"hash": None, "world": None, "renderers": {}}
# one render at a time per process: a VTK plotter is not safe to drive from two threads
_LOCK = threading.RLock()


class WorkerRefused(RuntimeError):
    """A worker that is not running the client's lunarbase version or scene."""


def _version() -> str:
    import lunarbase

    return lunarbase.__version__  # looked up at call time, so a worker reports its own


def scene_hash(cfg: dict, version: str | None = None) -> str:
    """sha256 (hex) of the canonical scene config, its seed and the lunarbase ``version``.

    Where the file was read from (``source``, ``base_dir``, keys starting with ``_``) is left
    out, so the same scene read from two folders hashes the same.
    """
    version = _version() if version is None else version
    doc = cfg.to_dict() if hasattr(cfg, "to_dict") else dict(cfg)
    canon = {k: v for k, v in doc.items() if not str(k).startswith("_")}
    for where in ("source", "base_dir"):  # the same scene read from two folders
        canon.pop(where, None)
    text = json.dumps(canon, sort_keys=True, separators=(",", ":"), default=str)
    h = hashlib.sha256()
    h.update(f"lunarbase {version}\nseed {cfg.get('seed')}\n".encode())
    h.update(text.encode())
    return h.hexdigest()


def _where() -> str:
    try:
        from distributed import get_worker

        return get_worker().address
    except (ImportError, ValueError):
        return f"{socket.gethostname()}:{os.getpid()}"


def identity() -> dict:
    """What this worker runs: ``{"version", "host", "pid", "scene"}`` (scene: cached hash)."""
    return {
        "version": _version(),
        "host": socket.gethostname(),
        "pid": os.getpid(),
        "scene": _STATE["hash"],
    }


def _check_version(version: str) -> None:
    mine = _version()
    if mine != version:
        raise WorkerRefused(
            f"worker {_where()} refused: it runs lunarbase {mine} but the client runs "
            f"{version}; install the same lunarbase version on every worker"
        )


def ensure_scene(payload: bytes, want_hash: str, version: str):
    """The World of ``payload`` (pickled once by the client with its bake, ``(World, Baked)``),
    unpickled once per worker.

    Raises WorkerRefused when this worker's lunarbase version differs from ``version`` or
    the scene hash it computes differs from ``want_hash``.
    """
    with _LOCK:
        _check_version(version)
        if _STATE["hash"] == want_hash:
            return _STATE["world"]
        try:
            world, baked = pickle.loads(payload)
            baked.adopt()
        except Exception as exc:  # noqa: BLE001 - a different code base cannot load it
            raise WorkerRefused(
                f"worker {_where()} refused: cannot load the client's scene "
                f"({type(exc).__name__}: {exc})"
            ) from exc
        got = scene_hash(world.cfg)
        if got != want_hash:
            raise WorkerRefused(
                f"worker {_where()} refused: it holds scene hash {got[:12]}… but the client "
                f"sent {want_hash[:12]}… (different lunarbase code or scene); fix the worker's "
                "installation and restart it"
            )
        _drop_renderers()
        _STATE.update(hash=want_hash, world=world)
        return world


def _drop_renderers() -> None:
    for r in _STATE["renderers"].values():
        try:
            r.close()
        except Exception:  # noqa: BLE001 - a broken plotter is dropped anyway
            pass
    _STATE["renderers"].clear()


def _renderer(key: tuple):
    """The cached Renderer for ``key`` = (scene hash, width, height, quality)."""
    r = _STATE["renderers"].get(key)
    if r is None:
        from ..render.renderer import Renderer

        _drop_renderers()  # one plotter per process: plotters leak if made in a loop
        r = _STATE["renderers"][key] = Renderer(key[1], key[2], key[3])
    return r


def load_scene(payload: bytes, want_hash: str, version: str) -> dict:
    """Preflight task: load and check the scene on this worker; returns identity + timing."""
    t0 = time.perf_counter()
    ensure_scene(payload, want_hash, version)
    return {**identity(), "worker": _where(), "load_s": time.perf_counter() - t0}


def render_chunk(
    payload: bytes,
    want_hash: str,
    version: str,
    width: int,
    height: int,
    quality: str,
    jobs: list[tuple],
) -> dict:
    """Render ``jobs`` = [(index, pose, t, gain), ...] (t: scene time in s; gain: the
    path's exposure, ``shading.exposure.shot_gain``).

    Returns ``{"worker": address, "frames": [(index, PNG bytes, render_seconds), ...]}``.
    """
    from .png import encode_png

    world = ensure_scene(payload, want_hash, version)
    frames = []
    with _LOCK:
        r = _renderer((want_hash, width, height, quality))
        for index, pose, t, gain in jobs:
            img = r.render(world, pose, t, gain)
            frames.append((index, encode_png(img), r.last_seconds))
    return {"worker": _where(), "frames": frames}
