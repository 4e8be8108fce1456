"""Every CLI verb, on the tiny scene, produces its file of the right type and size."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time

import imageio.v3 as iio
import numpy as np
import pytest

from conftest import fly_args, run_cli, virtual_display


def _png(path, size):
    img = iio.imread(path)
    assert img.shape[:2] == (size[1], size[0])
    return img


def test_help_for_every_verb():
    """Every verb's help names its own options; the top-level help lists every verb with a
    description (a verb missing from the parser, or an option dropped, fails here)."""
    from lunarbase.scene.cli.main import VERBS, build_parser

    top = run_cli("--help")
    assert top.returncode == 0
    parser = build_parser()
    sub = next(a for a in parser._actions if a.dest == "verb")  # noqa: SLF001
    assert sorted(sub.choices) == sorted(VERBS)
    for verb in VERBS:
        assert verb in top.stdout
        r = run_cli(verb, "--help")
        assert r.returncode == 0 and r.stdout.startswith(f"usage: lunarbase {verb}")
        options = [o for a in sub.choices[verb]._actions for o in a.option_strings]  # noqa: SLF001
        for opt in options:
            assert opt in r.stdout, (verb, opt)
    assert "--shot" in run_cli("still", "--help").stdout


def test_still_all_shots(tmp_path, tiny_scene):
    r = run_cli("still", tiny_scene, "--shot", "all", "--size", "160x96", "--out", tmp_path)
    assert r.returncode == 0, r.stderr
    # the file's two shots plus the ones generated from the layout
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "engine_closeup.png",
        "habitats.png",
        "hero.png",
        "pads.png",
        "rim_panorama.png",
        "rover_convoy.png",
        "top.png",
    ]
    img = _png(tmp_path / "top.png", (160, 96))
    # looking straight down at the base: the ground fills the frame and is not flat grey
    assert img.mean() > 5 and img.std() > 3


def test_still_final_quality_size(tmp_path, tiny_scene):
    r = run_cli(
        "still",
        tiny_scene,
        "--shot",
        "hero",
        "--size",
        "100x60",
        "--quality",
        "final",
        "--out",
        tmp_path,
    )
    assert r.returncode == 0, r.stderr
    _png(tmp_path / "hero.png", (100, 60))
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]


def test_flythrough_mp4_exact_size_and_frames(tmp_path, tiny_scene):
    out = tmp_path / "fly.mp4"
    r = run_cli(
        "flythrough",
        tiny_scene,
        "--size",
        "170x94",
        "--fps",
        "6",
        "--seconds",
        "1",
        "--workers",
        "2",
        "--out",
        out,
    )
    assert r.returncode == 0, r.stderr
    frames = _ffmpeg_frames(out)
    assert frames.shape[1:3] == (94, 170)
    assert frames.shape[0] == 6
    assert [p.name for p in tmp_path.iterdir()] == ["fly.mp4"]  # working frames cleaned up
    # the camera moves: first and last frames differ
    assert np.abs(frames[0].astype(int) - frames[-1].astype(int)).mean() > 1.0


def test_flythrough_resume_reuses_frames(tmp_path, tiny_scene):
    out = tmp_path / "fly.mp4"
    frames = tmp_path / "frames"
    args = fly_args(tiny_scene, out, frames)
    assert run_cli(*args).returncode == 0
    stamp = {p.name: p.stat().st_mtime_ns for p in frames.iterdir()}
    victim = sorted(stamp)[1]
    (frames / victim).unlink()
    out.unlink()
    time.sleep(0.05)
    r = run_cli(*args, "--resume")
    assert r.returncode == 0, r.stderr
    after = {p.name: p.stat().st_mtime_ns for p in frames.iterdir()}
    assert set(after) == set(stamp)
    redone = [n for n in after if after[n] != stamp.get(n)]
    assert redone == [victim]
    assert out.stat().st_size > 0


def _spawned_workers(pid: int) -> list[int]:
    """PIDs of the multiprocessing 'spawn' children of ``pid`` (the render workers)."""
    kids = []
    for d in os.listdir("/proc"):
        if not d.isdigit():
            continue
        try:
            stat = open(f"/proc/{d}/stat").read()
            cmd = open(f"/proc/{d}/cmdline", "rb").read()
        except OSError:
            continue
        if int(stat.rsplit(")", 1)[1].split()[1]) == pid and b"spawn_main" in cmd:
            kids.append(int(d))
    return kids


def test_killed_worker_fails_cleanly_then_resume_finishes(tmp_path, tiny_scene):
    """kill -9 of one render worker: a one-line error and exit 1 (not a hang), no MP4 under
    the final name, the finished frames kept; ``--resume`` then completes the video."""
    out = tmp_path / "fly.mp4"
    frames = tmp_path / "frames"
    args = fly_args(tiny_scene, out, frames, fps=8, seconds=6, workers=2)
    env = dict(os.environ, PYVISTA_OFF_SCREEN="true")
    proc = subprocess.Popen(
        [sys.executable, "-m", "lunarbase", *map(str, args)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 300
        while time.monotonic() < deadline and len(list(frames.glob("frame_*.png"))) < 3:
            assert proc.poll() is None, proc.communicate()[1]
            time.sleep(0.05)
        workers = _spawned_workers(proc.pid)
        assert workers, "no render worker processes found"
        os.kill(workers[0], 9)
        _, err = proc.communicate(timeout=300)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 1, err
    last = err.strip().splitlines()[-1]
    assert "render worker process died" in last and "--resume" in last
    assert "Traceback" not in err
    assert not out.exists()
    kept = len(list(frames.glob("frame_*.png")))
    assert 3 <= kept < 48
    r = run_cli(*args, "--resume")
    assert r.returncode == 0, r.stderr
    assert _ffmpeg_frames(out).shape[:3] == (48, 64, 96)


def _ffmpeg_frames(path):
    import imageio.v2 as iio2

    with iio2.get_reader(path, format="FFMPEG") as rd:
        meta = rd.get_meta_data()
        assert meta["codec"] == "h264"
        return np.array([f for f in rd])


def test_mp4_is_h264_yuv420p(tmp_path, tiny_scene):
    import imageio_ffmpeg

    out = tmp_path / "a.mp4"
    assert (
        run_cli(
            "flythrough",
            tiny_scene,
            "--size",
            "64x48",
            "--fps",
            "4",
            "--seconds",
            "1",
            "--workers",
            "1",
            "--out",
            out,
        ).returncode
        == 0
    )
    probe = subprocess.run(
        [imageio_ffmpeg.get_ffmpeg_exe(), "-hide_banner", "-i", str(out)],
        capture_output=True,
        text=True,
    )
    assert "Video: h264" in probe.stderr and "yuv420p" in probe.stderr
    assert "64x48" in probe.stderr and "4 fps" in probe.stderr


def test_export_glb(tmp_path, tiny_scene, tiny_world):
    """The GLB written by the CLI loads in trimesh with the scene's meshes, cameras and
    terrain (not just a valid header)."""
    import trimesh

    out = tmp_path / "base.glb"
    r = run_cli("export", tiny_scene, "--out", out)
    assert r.returncode == 0, r.stderr
    data = out.read_bytes()
    assert data[:4] == b"glTF" and int.from_bytes(data[8:12], "little") == len(data)
    scene = trimesh.load(out)  # a real reader: trimesh splits primitives into nodes
    names = set(scene.graph.nodes)
    assert "terrain" in names and {f"shot_{s}" for s in tiny_world.shots} <= names
    assert len(scene.geometry) >= len(tiny_world.graph.meshes())
    doc = json.loads(data[20 : 20 + int.from_bytes(data[12:16], "little")])
    # every mesh node of the graph drawn once: as a node, or as a GPU instance of a batch
    # node (whose extras name its instances); its blinking beacons and flickering plume as
    # child nodes of its own ("<name>/beacons", "<name>/plume"; an instanced batch's beacons
    # share the batch's instances); plus the Earth and the star dome
    drawn: list[str] = []  # the graph node each mesh node draws (instances by name)
    bodies: list[str] = []  # ... of those, the ones that are not its beacons or plume
    for n in doc["nodes"]:
        if "mesh" not in n:
            continue
        if "EXT_mesh_gpu_instancing" in n.get("extensions", {}):
            names = n.get("extras", {}).get("instances", [])
            drawn += names
            bodies += [] if n.get("name", "").endswith("/beacons") else names
        else:
            name = n.get("name", "")
            drawn.append(name.removesuffix("/beacons").removesuffix("/plume"))
            bodies += [] if name.endswith(("/beacons", "/plume")) else [name]
    graph = [node.name for node, _ in tiny_world.graph.instances()]
    assert set(graph) <= set(drawn) and len(set(drawn)) == len(set(graph)) + 2
    assert len(bodies) == len(set(bodies))  # nothing drawn twice


def test_terrain_outputs(tmp_path, tiny_scene):
    r = run_cli("terrain", tiny_scene, "--out", tmp_path)
    assert r.returncode == 0, r.stderr
    img = iio.imread(tmp_path / "heightmap.png")
    assert img.shape == (193, 193) and img.dtype == np.uint16
    meta = json.loads((tmp_path / "heightmap.json").read_text())
    assert meta["size_px"] == 193 and abs(meta["metres_per_pixel"] - 2400 / 192) < 1e-9
    rows = (tmp_path / "craters.csv").read_text().splitlines()
    assert rows[0].startswith("x_m,y_m,diameter_m") and len(rows) > 5


def test_assets_contact_sheet(tmp_path):
    out = tmp_path / "sheet.png"
    r = run_cli("assets", "--out", out)
    assert r.returncode == 0, r.stderr
    img = iio.imread(out)
    from lunarbase.assets.meshes import registry

    tiles = len(registry.kinds())
    assert img.shape[1] == 5 * 360 and img.shape[0] == -(-tiles // 5) * 270
    # every filled tile shows a lit asset, not an empty background
    for k in range(tiles):
        r_, c = divmod(k, 5)
        tile = img[r_ * 270 + 30 : (r_ + 1) * 270 - 30, c * 360 : (c + 1) * 360]
        assert tile.std() > 8, registry.kinds()[k]


def test_info_json(tiny_scene):
    r = run_cli("info", tiny_scene, "--json")
    assert r.returncode == 0, r.stderr
    info = json.loads(r.stdout)
    assert info["terrain"]["size_px"] == 193
    assert info["nodes_per_kind"]["engine"] == 3
    assert info["craters"] > 10
    assert info["triangles"]["total_drawn"] > info["triangles"]["terrain"]
    lo, hi = info["bounding_box_m"]["min"], info["bounding_box_m"]["max"]
    assert hi[2] - lo[2] > 260  # the engines stand above the terrain


@pytest.fixture(scope="module")
def xvfb():
    with virtual_display(":97") as display:
        yield display


def test_view_snapshot_in_a_real_window(tmp_path, tiny_scene, xvfb):
    out = tmp_path / "window.png"
    r = run_cli(
        "view",
        tiny_scene,
        "--size",
        "320x200",
        "--snapshot",
        out,
        env={"DISPLAY": xvfb, "PYVISTA_OFF_SCREEN": "false"},
    )
    assert r.returncode == 0, r.stderr
    img = _png(out, (320, 200))
    assert img.std() > 3
