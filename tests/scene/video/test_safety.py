"""Never lose data: lunarbase deletes only what it wrote, refuses folders that are not its own,
resumes only the same job, stops its workers on SIGTERM, and a disk that fills up leaves
nothing under the final names (one line naming the path, exit 1). The real CLI on the tiny
scene at tiny sizes."""

from __future__ import annotations

import builtins
import errno
import io
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil
import pytest

from conftest import run_cli

FLY = ("--size", "64x48", "--seconds", "0.5", "--fps", "4", "--workers", "1")


def _tree(root: Path) -> dict[str, bytes | None]:
    """Every file under ``root`` with its bytes, and every folder (None)."""
    return {
        str(p.relative_to(root)): p.read_bytes() if p.is_file() else None for p in root.rglob("*")
    }


def _user_folder(path: Path) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    (path / "notes.txt").write_text("my notes: lunarbase must not delete me\n")
    return path


def _popen(*args, cwd=None, env=None) -> subprocess.Popen:
    e = dict(os.environ, PYVISTA_OFF_SCREEN="true", **(env or {}))
    return subprocess.Popen(
        [sys.executable, "-m", "lunarbase", *map(str, args)],
        cwd=cwd,
        env=e,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _errors(stderr: str) -> list[str]:
    assert "Traceback" not in stderr, stderr
    return [line for line in stderr.splitlines() if line.startswith("lunarbase:")]


def test_a_users_file_survives_every_output_command(tmp_path, tiny_scene):
    """The verbs writing into a user's folder (the flythrough's: the SIGTERM tests below;
    a user's folder given as --frames is refused: the tests after this one)."""
    d = _user_folder(tmp_path / "mine")
    runs = {
        "still": ("still", tiny_scene, "--shot", "all", "--size", "64x48", "--out", d),
        "terrain": ("terrain", tiny_scene, "--out", d),
        "export": ("export", tiny_scene, "--out", d / "base.glb"),
    }
    procs = {k: _popen(*a) for k, a in runs.items()}  # side by side, in one folder
    for name, p in procs.items():
        _, err = p.communicate(timeout=300)
        assert p.returncode == 0, f"{name}: {err}"
    assert (d / "notes.txt").read_text().startswith("my notes")
    names = {p.name for p in d.iterdir()}
    assert {"hero.png", "top.png", "heightmap.png", "terrain_report.png", "base.glb"} <= names
    assert not [n for n in names if n.startswith(".")]  # no work folder, no temporary file


def _main(monkeypatch, capsys, cwd: Path, *args, home: Path | None = None):
    """The CLI in this process (for checks that end before any work): (status, stderr)."""
    from lunarbase.scene.cli import commands
    from lunarbase.scene.cli.main import main

    def no_world(*a, **k):
        raise AssertionError("the world was built before the outputs were checked")

    monkeypatch.setattr(commands, "_world", no_world)
    monkeypatch.chdir(cwd)
    if home is not None:
        monkeypatch.setenv("HOME", str(home))
    code = main([str(a) for a in args])
    return code, capsys.readouterr().err


# run as a user would (a subprocess) for the three the issue names; in-process for the rest
REAL_CLI = {"cwd", "tilde", "foreign"}


@pytest.mark.parametrize(
    "args, message",
    [
        (("--frames", "."), "--frames: . is the working folder"),
        (("--frames", "~"), "is the home folder"),
        (("--frames", "HOME"), "is the home folder"),
        (("--frames", "/"), "is the root folder"),
        (("--frames", ".."), "a parent of the working folder"),
        (("--frames", "mine"), "mine is not a lunarbase frames folder (it holds 1 other file"),
        (("--frames", "out", "--out", "out/fly.mp4"), "holding the output"),
        (("--frames", "tiny.toml"), "tiny.toml is a file"),
        (("--out", "tiny.toml/fly.mp4"), "it is a file, not a folder"),
        (("--out", "x" * 300 + ".mp4"), "is too long (304 bytes"),
    ],
    ids=["cwd", "tilde", "home", "root", "parent", "foreign", "holds-out", "file", "under", "long"],
)
def test_frames_and_out_folders_that_are_not_ours_are_refused(
    tmp_path, tiny_scene, monkeypatch, capsys, request, args, message
):
    home = _user_folder(tmp_path / "home")
    work = tmp_path / "work"
    work.mkdir()
    shutil.copy(tiny_scene, work / "tiny.toml")
    _user_folder(work / "mine")
    _user_folder(work / "out")
    args = ["flythrough", "tiny.toml", *FLY, *(str(home) if a == "HOME" else a for a in args)]
    before = _tree(tmp_path)
    if request.node.callspec.id in REAL_CLI:
        r = run_cli(*args, cwd=work, env={"HOME": str(home)})
        code, err = r.returncode, r.stderr
    else:
        code, err = _main(monkeypatch, capsys, work, *args, home=home)
    assert code == 2, err
    (line,) = _errors(err)
    assert message in line, line
    assert _tree(tmp_path) == before  # nothing deleted, nothing written


@pytest.mark.parametrize(
    "args, message",
    [
        (("still", "--out", "notes.txt/x"), "it is a file, not a folder"),
        (("still", "--out", "hero.png"), "give a folder, got hero.png"),
        (("terrain", "--out", "notes.txt"), "notes.txt is a file; give a folder"),
        (("export", "--out", "sub.glb"), "sub.glb is a folder; give a file name"),
        (("assets", "--out", "notes.txt/a.png"), "it is a file, not a folder"),
        (("demo", "--out", "notes.txt"), "notes.txt is a file; give a folder"),
        (("init", "sub.glb/" + "y" * 256 + ".toml"), "is too long (261 bytes"),
        (("still", "--shot", "all", "--size", "4096x4096", "--out", "big"), "MB on"),
    ],
    ids=["under-file", "suffix", "terrain", "export-dir", "assets", "demo", "long", "disk"],
)
def test_outputs_are_checked_before_any_work(tmp_path, monkeypatch, capsys, args, message):
    work = _user_folder(tmp_path / "work")
    (work / "sub.glb").mkdir()
    before = _tree(tmp_path)
    if args[-1] == "big":  # a disk with 1 MB free
        monkeypatch.setattr(shutil, "disk_usage", lambda p: shutil._ntuple_diskusage(1, 1, 1e6))
    code, err = _main(monkeypatch, capsys, work, *args)
    assert code == 2, err
    (line,) = _errors(err)
    assert message in line, line
    assert "only 1.0 MB free" in line or args[-1] != "big"
    assert _tree(tmp_path) == before


# --- SIGTERM mid-run, then --resume: one run shared by the tests below, in file order ---

SIGTERM_ARGS = ("--size", "64x48", "--fps", "8", "--seconds", "6")


@pytest.fixture(scope="module")
def interrupted(tmp_path_factory, tiny_scene):
    """A 48-frame flythrough on 2 workers, into a user's folder (its hidden work folder
    beside the MP4), sent SIGTERM once it has a few frames."""
    tmp = _user_folder(tmp_path_factory.mktemp("sigterm"))
    out = tmp / "fly.mp4"
    frames = tmp / ".fly.frames"
    args = ("flythrough", tiny_scene, *SIGTERM_ARGS, "--out", out)
    proc = _popen(*args, "--workers", "2")
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and len(list(frames.glob("frame_*.png"))) < 2:
            assert proc.poll() is None, proc.communicate()[1]
            time.sleep(0.02)
        kids = psutil.Process(proc.pid).children(recursive=True)
        commands = [" ".join(k.cmdline()) for k in kids]
        t0 = time.monotonic()
        proc.send_signal(signal.SIGTERM)
        _, err = proc.communicate(timeout=60)
        stop_s = time.monotonic() - t0
    finally:
        if proc.poll() is None:
            proc.kill()
    _, alive = psutil.wait_procs(kids, timeout=5)
    return {
        "args": args,
        "tmp": tmp,
        "frames": frames,
        "out": out,
        "code": proc.returncode,
        "err": err,
        "commands": commands,
        "alive": alive,
        "stop_s": stop_s,
    }


def test_sigterm_stops_the_workers_and_leaves_no_video(interrupted):
    r = interrupted
    assert r["code"] == 143, r["err"]
    assert _errors(r["err"]) == ["lunarbase: interrupted"]
    assert sum("multiprocessing.spawn" in c for c in r["commands"]) >= 2  # the workers
    assert not r["alive"], f"orphans left running: {r['alive']}"
    assert r["stop_s"] < 15
    assert not r["out"].exists()
    assert sorted(p.name for p in r["tmp"].iterdir()) == [".fly.frames", "notes.txt"]
    kept = list(r["frames"].glob("frame_*.png"))
    assert 2 <= len(kept) < 48
    assert not list(r["frames"].glob(".*partial*"))
    assert (r["frames"] / ".lunarbase-frames.json").exists()


def test_resume_of_another_job_is_refused(interrupted, monkeypatch, capsys):
    before = _tree(interrupted["tmp"])
    r = run_cli(*interrupted["args"], "--resume", "--seed", "12")
    assert r.returncode == 2, r.stderr
    (line,) = _errors(r.stderr)
    assert "--resume: the cached frames in" in line and "(seed 11, not 12)" in line, line
    assert "remove --resume or use another --frames folder" in line
    for change, message in [
        (("--size", "96x64"), "(size 64x48, not 96x64)"),
        (("--fps", "6", "--seed", "3"), "(seed 11, not 3; fps 8, not 6)"),
        (("--seconds", "5"), "(seconds 6.0, not 5.0)"),
    ]:
        code, err = _main(
            monkeypatch, capsys, interrupted["tmp"], *interrupted["args"], "--resume", *change
        )
        assert code == 2, err
        assert message in _errors(err)[0]
    assert _tree(interrupted["tmp"]) == before


def test_resume_after_sigterm_finishes_and_keeps_a_users_file(interrupted):
    import imageio.v2 as iio2

    frames = interrupted["frames"]
    (frames / "mine.txt").write_text("dropped into lunarbase's folder by its user\n")
    # another worker count is the same job: only the missing frames are rendered
    r = run_cli(*interrupted["args"], "--resume", "--workers", "1")
    assert r.returncode == 0, r.stderr
    with iio2.get_reader(interrupted["out"], format="FFMPEG") as rd:
        assert rd.count_frames() == 48
    # lunarbase removed its frames and manifest, and kept its folder for the user's file
    assert sorted(p.name for p in frames.iterdir()) == ["mine.txt"]
    assert sorted(p.name for p in interrupted["tmp"].iterdir()) == [
        ".fly.frames",
        "fly.mp4",
        "notes.txt",
    ]


def test_a_new_job_clears_only_lunarbases_frames(tmp_path):
    """Without --resume the frames of another job in lunarbase's folder are deleted — only
    the files its manifest lists; cleaning up leaves a folder holding a user's file, and
    an adopted empty folder, in place."""
    from lunarbase.scene.video.frames import MANIFEST, FramesFolder

    out = tmp_path / "v.mp4"
    a = FramesFolder(tmp_path / "f", out, {"seed": 1}, 3, False, "--frames")
    for p in a.open():
        p.write_bytes(b"frame")
    (tmp_path / "f" / "mine.txt").write_text("mine")
    (tmp_path / "f" / ".frame_00001.partial-99.png").write_bytes(b"half")  # a killed worker
    b = FramesFolder(tmp_path / "f", out, {"seed": 2}, 2, False, "--frames")
    b.open()
    assert sorted(p.name for p in (tmp_path / "f").iterdir()) == [MANIFEST, "mine.txt"]
    b.remove()
    assert [p.name for p in (tmp_path / "f").iterdir()] == ["mine.txt"]
    (tmp_path / "empty").mkdir()
    c = FramesFolder(tmp_path / "empty", out, {"seed": 3}, 2, False, "--frames")
    for p in c.open():
        p.write_bytes(b"frame")
    c.remove()
    assert (tmp_path / "empty").is_dir() and not list((tmp_path / "empty").iterdir())
    d = FramesFolder(tmp_path / "new" / "f", out, {"seed": 4}, 2, False, "--frames")
    d.open()
    d.remove()
    assert not (tmp_path / "new" / "f").exists()


# --- a full disk: nothing under the final names, one line naming the path, exit 1 ---

VERBS = {
    "terrain": ("terrain",),
    "still": ("still", "--shot", "all", "--size", "64x48"),
}


def _no_final_names(out: Path) -> None:
    assert sorted(p.name for p in out.iterdir()) == ["notes.txt"]


class _FullFile(io.RawIOBase):
    """A file on a disk that is full: every write fails as the kernel's does (no name)."""

    def __init__(self, real):
        self.real = real

    def writable(self):
        return True

    def write(self, b):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    def close(self):
        self.real.close()
        super().close()


@pytest.fixture
def small_disk(tmp_path):
    """A tmpfs with room for 3 more files (inodes): creating the 4th fails with ENOSPC."""
    mnt = tmp_path / "disk"
    mnt.mkdir()
    r = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=64m,nr_inodes=6", "tmpfs", str(mnt)],
        capture_output=True,
    )
    if r.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {r.stderr.decode().strip()}")
    try:
        yield mnt
    finally:
        subprocess.run(["umount", "-l", str(mnt)], check=False)


@pytest.mark.parametrize("verb", VERBS)
def test_disk_full_on_a_real_file_system(small_disk, tiny_scene, monkeypatch, capsys, verb):
    out = _user_folder(small_disk / "out")
    r = run_cli(VERBS[verb][0], tiny_scene, *VERBS[verb][1:], "--out", out)
    assert r.returncode == 1, r.stderr
    (line,) = _errors(r.stderr)
    assert line.startswith(f"lunarbase: error: cannot write {out}/") and "No space left" in line
    _no_final_names(out)
    assert sorted(p.name for p in small_disk.iterdir()) == ["out"]
    if verb == "still":  # and a read-only disk is refused before any work
        subprocess.run(["mount", "-o", "remount,ro", str(small_disk)], check=True)
        code, err = _main(monkeypatch, capsys, small_disk, "still", tiny_scene, "--out", "new")
        assert code == 2 and "read-only file system" in _errors(err)[0]


def _can_mount() -> bool:
    if not hasattr(_can_mount, "ok"):
        d = Path(tempfile.mkdtemp())
        r = subprocess.run(["mount", "-t", "tmpfs", "tmpfs", str(d)], capture_output=True)
        _can_mount.ok = r.returncode == 0
        if _can_mount.ok:
            subprocess.run(["umount", str(d)], check=False)
        d.rmdir()
    return _can_mount.ok


@pytest.mark.parametrize("verb", VERBS)
def test_disk_full_in_process(tmp_path, tiny_scene, tiny_world, monkeypatch, capsys, verb):
    """ENOSPC injected into every file opened for writing under the output folder after
    the second: the staged files are removed and nothing reaches the final names. (For
    stills only where no tmpfs can be mounted: the real-disk test covers them, slower.)"""
    if verb == "still" and _can_mount():
        pytest.skip("covered by test_disk_full_on_a_real_file_system")
    from lunarbase.scene.cli import commands
    from lunarbase.scene.cli.main import main

    out = _user_folder(tmp_path / "out")
    real_open, opened = builtins.open, []

    def full_open(file, mode="r", *a, **k):
        f = real_open(file, mode, *a, **k)
        if "w" in mode and str(out) in os.path.abspath(str(file)):
            opened.append(file)
            if len(opened) > 2:
                return _FullFile(f)
        return f

    monkeypatch.setattr(commands, "_world", lambda cfg, terrain_only=False: tiny_world)
    monkeypatch.setattr(builtins, "open", full_open)
    code = main([VERBS[verb][0], str(tiny_scene), *VERBS[verb][1:], "--out", str(out)])
    monkeypatch.undo()
    err = capsys.readouterr().err
    assert code == 1, err
    (line,) = _errors(err)
    assert line.startswith(f"lunarbase: error: cannot write {out}/") and "No space left" in line
    assert ".partial" not in line  # the final name, not the temporary one
    _no_final_names(out)
