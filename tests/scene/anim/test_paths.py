"""Camera paths: keyframes hit on time, constant speed, terrain clearance; parallel frames."""

from __future__ import annotations

import imageio.v3 as iio
import numpy as np
import pytest

from lunarbase.scene.anim.cameras import CameraPath

from conftest import fly_args, run_cli


def _path(keys, easing="linear", clearance=10.0, above=False):
    return {
        "name": "p",
        "easing": easing,
        "above_ground": above,
        "clearance_m": clearance,
        "keys": [{"t": t, "position": p, "target": q, "fov_deg": f} for t, p, q, f in keys],
    }


KEYS = [
    (0.0, (-400.0, -300.0, 900.0), (0.0, 0.0, 0.0), 50.0),
    (3.0, (0.0, -500.0, 800.0), (0.0, 100.0, 0.0), 40.0),
    (5.0, (500.0, -200.0, 950.0), (100.0, 100.0, 0.0), 60.0),
    (9.0, (300.0, 400.0, 850.0), (0.0, 0.0, 50.0), 45.0),
]


def test_path_passes_through_keyframes_at_their_times(tiny_world):
    for easing in ("linear", "ease_in_out"):
        path = CameraPath(tiny_world.terrain, _path(KEYS, easing))
        t = np.array([k[0] for k in KEYS])
        assert np.allclose(path.positions(t), [k[1] for k in KEYS], atol=1e-6)
        assert np.allclose(path.targets(t), [k[2] for k in KEYS], atol=1e-6)
        poses = path.poses(t)
        assert np.allclose([p.fov_deg for p in poses], [k[3] for k in KEYS])


def test_constant_speed_within_a_segment(tiny_world):
    for easing, segments in (("linear", (0, 1, 2)), ("ease_in_out", (1,))):
        # eased paths: the inner segments still move at constant speed
        path = CameraPath(tiny_world.terrain, _path(KEYS, easing))
        for i in segments:
            t = np.linspace(KEYS[i][0], KEYS[i + 1][0], 201)
            speed = np.linalg.norm(np.diff(path.positions(t), axis=0), axis=1)
            assert speed.max() / speed.min() < 1.05, (easing, i, speed.min(), speed.max())
    path = CameraPath(tiny_world.terrain, _path(KEYS, "ease_in_out"))
    # the eased first segment starts from rest
    t = np.linspace(0, 0.05, 3)
    assert np.linalg.norm(np.diff(path.positions(t), axis=0), axis=1)[0] < 1.0


def test_no_cusps_or_loops_on_uneven_keys(tiny_world):
    keys = [
        (0.0, (0.0, 0.0, 900.0), (0, 500, 0), 50.0),
        (1.0, (10.0, 0.0, 900.0), (0, 500, 0), 50.0),
        (2.0, (600.0, 40.0, 900.0), (0, 500, 0), 50.0),
        (3.0, (610.0, 60.0, 900.0), (0, 500, 0), 50.0),
    ]
    path = CameraPath(tiny_world.terrain, _path(keys))
    p = path.positions(np.linspace(0, 3, 3001))
    d = np.diff(p[:, :2], axis=0)
    # the x coordinate never runs backwards between these forward-moving keys
    assert (d[:, 0] >= -1e-6).all()


def test_clearance_holds_on_a_path_aimed_into_a_hill(tiny_world):
    t = tiny_world.terrain
    h = t.hero
    rim = (h["x"] + h["diameter"] / 2 * 1.02, h["y"])
    zr = float(t.height_at(*rim))
    keys = [
        (0.0, (rim[0] + 600.0, rim[1], zr + 200.0), (rim[0], rim[1], zr), 50.0),
        (2.0, (rim[0], rim[1], zr - 40.0), (rim[0] - 300, rim[1], zr), 50.0),  # inside
        (4.0, (rim[0] - 600.0, rim[1], zr + 150.0), (h["x"], h["y"], zr), 50.0),
    ]
    with pytest.warns(UserWarning, match="lifted up to"):
        path = CameraPath(t, _path(keys, clearance=12.0))
    assert path.warnings and "near t=" in path.warnings[0]
    assert path.min_clearance(per_frame=8, fps=30) >= 12.0 - 0.05


def test_workers_2_renders_the_same_frames_as_workers_1(tmp_path, tiny_scene):
    frames = {}
    for w in (1, 2):
        out = tmp_path / f"w{w}"
        r = run_cli(*fly_args(tiny_scene, tmp_path / f"w{w}.mp4", out, workers=w))
        assert r.returncode == 0, r.stderr
        frames[w] = [iio.imread(p) for p in sorted(out.glob("frame_*.png"))]
    assert len(frames[1]) == len(frames[2]) == 4
    for a, b in zip(frames[1], frames[2], strict=True):
        assert np.array_equal(a, b)


def test_compressed_video_runs_scene_time_with_its_path(tmp_path, tiny_world, monkeypatch):
    """A path squeezed into a shorter video is a time-lapse: each frame shows the scene at
    its pose's path time (a chase camera keeps its rover), not at the video's clock."""
    from lunarbase.scene.exchange.files import write_png
    from lunarbase.scene.video import flythrough as video

    seen = {}

    def fake_render(job):
        i, pose, png, t = job
        seen[i] = (pose, t)
        img = np.zeros((64, 96, 3), np.uint8)
        write_png(png, img)
        return i, 0.0, img

    monkeypatch.setattr(video, "_init_worker", lambda *a: None)
    monkeypatch.setattr(video, "_render_one", fake_render)
    name = next(n for n, p in tiny_world.paths.items() if p.duration > 2.0)
    path = tiny_world.paths[name]
    video.render_flythrough(
        tiny_world, name, tmp_path / "a.mp4", 96, 64, 4, 1.0, "preview", 1, False, 23
    )
    times = np.array([seen[i][1] for i in sorted(seen)])
    assert len(times) == 4
    assert np.allclose(times, np.linspace(path.times[0], path.times[-1], 4))
    for pose, t in seen.values():  # the pose is the path's pose at the same time
        assert np.allclose(pose.position, path.poses(np.array([t]))[0].position)
