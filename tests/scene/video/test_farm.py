"""The Dask render farm (``flythrough --scheduler``): same pixels as the process pool, survives
a worker dying mid-run, refuses workers of another version or scene. Loopback only."""

from __future__ import annotations

import logging
import os
import signal
import threading
import time

import imageio.v3 as iio
import numpy as np
import pytest

from conftest import run_cli

distributed = pytest.importorskip("distributed")

SIZE = (96, 64)
FPS, SECONDS = 6, 2.0  # 12 frames of the tiny scene's 2 s path
N = 12


def _frames(folder) -> list[np.ndarray]:
    names = sorted(p for p in folder.iterdir() if p.name.startswith("frame_"))
    return [np.asarray(iio.imread(p)) for p in names]


def _mp4_frames(path) -> int:
    import imageio.v2 as iio2

    with iio2.get_reader(path, format="FFMPEG") as rd:
        return sum(1 for _ in rd)


def _fly(world, tmp, name, **kw):
    from lunarbase.scene.video.flythrough import render_flythrough

    frames = tmp / f"{name}_frames"
    res = render_flythrough(
        world,
        "fly",
        tmp / f"{name}.mp4",
        *SIZE,
        FPS,
        SECONDS,
        "preview",
        kw.pop("workers", 2),
        kw.pop("resume", False),
        23,
        frames,
        **kw,
    )
    return res, frames


@pytest.fixture(scope="module")
def pool_frames(tiny_world, tmp_path_factory):
    """The local process pool's frames: the reference every farm run must equal."""
    res, frames = _fly(tiny_world, tmp_path_factory.mktemp("pool"), "pool")
    assert res["frames"] == N
    return _frames(frames)


@pytest.fixture
def cluster():
    """A fresh 2-worker LocalCluster on loopback (each test may break its own)."""
    with (
        distributed.LocalCluster(
            n_workers=2,
            threads_per_worker=1,
            processes=True,
            host="127.0.0.1",
            dashboard_address=None,
            silence_logs=logging.ERROR,
        ) as c,
        distributed.Client(c) as cl,
    ):
        cl.wait_for_workers(2, timeout=60)
        yield c, cl


def _same(a: list[np.ndarray], b: list[np.ndarray]) -> None:
    assert len(a) == len(b) == N
    for i, (x, y) in enumerate(zip(a, b, strict=True)):
        assert x.shape == y.shape == (SIZE[1], SIZE[0], 3)
        # if this fails, check first that the renderer's output is a pure function of
        # (pose, t): state carried from frame to frame (e.g. a terrain re-meshed only after
        # the camera moved far enough) makes a frame depend on which frames its worker
        # rendered before, and the process pool then differs from itself run to run
        assert np.array_equal(x, y), f"frame {i} differs"


def test_parse_scheduler():
    from lunarbase.scene.errors import SceneError
    from lunarbase.scene.video.farm import parse_scheduler

    assert parse_scheduler("local") == "local"
    assert parse_scheduler("tcp://127.0.0.1:8786") == "tcp://127.0.0.1:8786"
    assert parse_scheduler("tcp://[::1]:8786") == "tcp://[::1]:8786"
    for bad in (
        "",
        "remote",
        "127.0.0.1:8786",
        "tcp://127.0.0.1",
        "tcp://127.0.0.1:0",
        "tcp://127.0.0.1:70000",
        "udp://127.0.0.1:8786",
        "tcp://:8786",
    ):
        with pytest.raises(SceneError, match="--scheduler"):
            parse_scheduler(bad)


def test_cli_bad_scheduler_is_one_line_exit_2(tmp_path, tiny_scene):
    r = run_cli(
        "flythrough", tiny_scene, "--scheduler", "udp://127.0.0.1:8786", "--out", tmp_path / "x.mp4"
    )
    assert r.returncode == 2
    assert r.stderr.strip().splitlines() == [
        "lunarbase: error: --scheduler: must be 'local' or tcp://HOST:PORT (port 1..65535), "
        "got 'udp://127.0.0.1:8786'"
    ]
    assert not list(tmp_path.iterdir())


def test_scene_hash_is_canonical(tiny_world):
    from lunarbase.scene.video.farm import scene_hash

    cfg = dict(tiny_world.cfg)
    h = scene_hash(cfg, "1.0")
    assert h == scene_hash({**cfg, "_source": "/elsewhere/tiny.toml"}, "1.0")
    assert h != scene_hash(cfg, "1.1")
    assert h != scene_hash({**cfg, "seed": cfg["seed"] + 1}, "1.0")


def test_local_cluster_frames_equal_process_pool(tiny_world, tmp_path, pool_frames):
    res, frames = _fly(tiny_world, tmp_path, "farm", scheduler="local")
    assert res["frames"] == res["rendered"] == N
    _same(_frames(frames), pool_frames)
    assert _mp4_frames(tmp_path / "farm.mp4") == N


def test_resume_on_farm_renders_only_missing(
    tiny_world, tmp_path, pool_frames, cluster, monkeypatch
):
    from lunarbase.scene.video.frames import FramesFolder, job_fingerprint

    c, current = cluster  # the fixture's client is the *current* one, as in a notebook
    loops: list = []
    real = distributed.as_completed

    def spy(futs, *a, **kw):
        loops.append((kw.get("loop"), {f.client.loop for f in futs}))
        return real(futs, *a, **kw)

    # as_completed must wait on the futures' own client's loop, not the current client's:
    # a result lost to a dead worker is otherwise awaited on two loops and the run dies
    monkeypatch.setattr(distributed, "as_completed", spy)
    frames = tmp_path / "resume_frames"
    job = job_fingerprint(tiny_world.cfg, "fly", *SIZE, FPS, SECONDS, "preview")
    FramesFolder(frames, tmp_path / "resume.mp4", job, N, False, "--frames").open()
    for i in range(0, N, 2):  # an interrupted run left every other frame
        iio.imwrite(frames / f"frame_{i:05d}.png", pool_frames[i], extension=".png")
    res, _ = _fly(tiny_world, tmp_path, "resume", scheduler=c.scheduler_address, resume=True)
    assert res["rendered"] == N // 2
    _same(_frames(frames), pool_frames)
    assert len(loops) == 1
    loop, theirs = loops[0]
    assert theirs == {loop} and loop is not current.loop


def test_worker_killed_mid_run_every_frame_once(
    tiny_world, tmp_path, pool_frames, cluster, monkeypatch
):
    from lunarbase.scene.video import farm

    c, client = cluster
    monkeypatch.setattr(farm, "chunk_size", lambda n, w: 2)  # 6 chunks: a kill lands mid-chunk
    frames = tmp_path / "kill_frames"
    killed: dict = {}
    pids = client.run(os.getpid)  # worker address -> its process (the nanny restarts it)

    def killer():
        from distributed import Client

        # its own client: the test's client is busy waiting on futures in the main thread,
        # and sharing it across threads races on its event loop
        with Client(c.scheduler_address, set_as_default=False) as watcher:
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline and not killed:
                if frames.exists() and any(frames.glob("frame_*.png")):
                    busy = {
                        a: ks
                        for a, ks in watcher.processing().items()
                        if any("lunarbase-frames" in str(k) for k in ks)
                    }
                    if busy:
                        addr = sorted(busy)[0]
                        killed.update(addr=addr, keys=busy[addr])
                        os.kill(pids[addr], signal.SIGKILL)
                        return
                time.sleep(0.005)

    th = threading.Thread(target=killer, daemon=True)
    th.start()
    written: list[int] = []
    monkeypatch.setattr(farm, "write_bytes", _counting(farm.write_bytes, written))
    res, _ = _fly(tiny_world, tmp_path, "kill", scheduler=c.scheduler_address)
    th.join(5)
    assert killed, "no worker was busy after the first frame: the test did not kill one"
    assert sorted(written) == list(range(N))  # every frame written exactly once
    assert res["rendered"] == N
    _same(_frames(frames), pool_frames)
    assert _mp4_frames(tmp_path / "kill.mp4") == N


def _counting(write, log):
    def wrapped(path, data):
        log.append(int(path.stem.split("_")[1]))
        return write(path, data)

    return wrapped


@pytest.mark.parametrize(
    "what, code, message",
    [
        (
            "version",
            "import lunarbase; lunarbase.__version__ = '9.9.9'",
            r"runs lunarbase 9\.9\.9 but the client runs",
        ),
        (
            "scene hash",
            "import lunarbase.scene.video.worker as f; "
            "f.scene_hash = lambda cfg, version=None: 'f' * 64",
            r"refused: it holds scene hash ffffffffffff",
        ),
    ],
    ids=["version", "scene-hash"],
)
def test_mismatched_worker_is_refused(tiny_world, tmp_path, cluster, what, code, message):
    from lunarbase.scene.errors import SceneError

    c, client = cluster
    one = sorted(client.scheduler_info()["workers"])[0]
    client.run(exec, code, workers=[one])
    with pytest.raises(SceneError, match=message) as exc:
        _fly(tiny_world, tmp_path, "bad", scheduler=c.scheduler_address)
    assert one in str(exc.value) and "\n" not in str(exc.value)
    assert not list((tmp_path / "bad_frames").glob("frame_*.png"))  # refused before rendering
