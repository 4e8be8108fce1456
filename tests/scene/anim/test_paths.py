"""Camera paths: keyframes hit on time, constant speed, terrain clearance; parallel frames."""

from __future__ import annotations

import imageio.v3 as iio
import numpy as np
import pytest

from lunarbase.scene.anim.cameras import CameraPath

from conftest import TINY, fly_args, run_cli


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
    gains = set()

    def fake_render(job):
        i, pose, png, t, gain = job
        seen[i] = (pose, t)
        gains.add(gain)
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
    # one exposure for the whole video, the scene's for those poses (no pumping)
    from lunarbase.scene.shading.baked import Baked
    from lunarbase.scene.shading.exposure import shot_gain

    assert gains == {shot_gain(Baked.of(tiny_world), path.sample(video.GAIN_POSES), 96 / 64)}


# --- the generated base_run: low along the road to the middle engine, up to frame them all ---


def _tiny_world_of(layout, tiny_world, tmp_path_factory):
    """``tiny_world`` if its layout is ``layout`` ("city" or "scatter"), else the TINY scene
    built with it."""
    from lunarbase.scene.assemble.world import build_world
    from lunarbase.scene.config.load import load_scene

    if (tiny_world.layout.networks is not None) == (layout == "city"):
        return tiny_world
    p = tmp_path_factory.mktemp(layout) / "tiny.toml"
    p.write_text(TINY.replace("[base]\n", f'[base]\nlayout = "{layout}"\n', 1))
    return build_world(load_scene(p))


@pytest.fixture(scope="module")
def city_world(tiny_world, tmp_path_factory):
    return _tiny_world_of("city", tiny_world, tmp_path_factory)


@pytest.fixture(scope="module")
def scatter_world(tiny_world, tmp_path_factory):
    return _tiny_world_of("scatter", tiny_world, tmp_path_factory)


def _boxes(world):
    """(B, 6) world AABBs (min xyz, max xyz) of every structure instance in the graph."""
    out = []
    for node, m in world.graph.instances():
        if node.extras.get("asset"):
            b = node.mesh.bounds()
            c = np.array([[x, y, z] for x in b[:, 0] for y in b[:, 1] for z in b[:, 2]])
            w = c @ m[:3, :3].T + m[:3, 3]
            out.append(np.concatenate([w.min(axis=0), w.max(axis=0)]))
    return np.array(out)


def _engine_marks(world):
    """Points each engine must show in the last frame: base rim, top rim, plume tip."""
    h = world.cfg.base.engine_height_m
    pts = []
    for p in world.layout.placements:
        if p.kind == "engine":
            r = p.params["base_radius_m"]
            for a in np.linspace(0, 2 * np.pi, 8, endpoint=False):
                for dz in (0.0, h):
                    pts.append((p.x + r * np.cos(a), p.y + r * np.sin(a), p.z + dz))
            pts.append((p.x, p.y, p.z + h + p.params["plume_length_m"]))
    return np.array(pts)


def _in_frame(pose, pts, aspect):
    """True where the (N, 3) points project inside the frame of ``pose`` (vertical fov)."""
    pos = np.asarray(pose.position)
    f = np.asarray(pose.target) - pos
    f /= np.linalg.norm(f)
    r = np.cross(f, (0, 0, 1.0))
    r /= np.linalg.norm(r)
    u = np.cross(r, f)
    d = pts - pos
    depth = d @ f
    tv = np.tan(np.radians(pose.fov_deg) / 2)
    with np.errstate(divide="ignore", invalid="ignore"):
        ok_y = np.abs(d @ u) / depth <= tv
        ok_x = np.abs(d @ r) / depth <= tv * aspect
    return (depth > 0) & ok_x & ok_y


def _check_base_run(world):
    path = world.paths["base_run"]
    t = world.terrain
    h = world.cfg.base.engine_height_m
    ts = np.linspace(path.times[0], path.times[-1], int(path.duration * 120) + 1)
    p = path.positions(ts)
    agl = p[:, 2] - t.height_at(p[:, 0], p[:, 1])
    assert 12.0 <= path.duration <= 16.0
    # starts low inside the base, stays low for the first half, ends high
    assert 15.0 <= agl[0] <= 80.0, agl[0]
    assert agl[: len(ts) // 2].max() <= 80.0
    assert agl[-1] >= 0.5 * h
    # the opening looks ahead the way it flies, at the road (a few metres up), not the sky
    first = path.poses(np.array([0.0]))[0]
    look = np.asarray(first.target) - first.position
    assert look[:2] @ (p[10, :2] - p[0, :2]) > 0
    assert first.target[2] - t.height_at(*first.target[:2]) <= 15.0
    # never closer to the terrain than its clearance (samples and the chords between frames)
    assert agl.min() >= path.clearance - 0.05
    assert path.min_clearance(per_frame=8, fps=30) >= path.clearance - 0.05
    # never inside a structure, 10 m above any it passes over, wide of the engines
    b = _boxes(world)
    over = (
        (p[:, None, 0] >= b[:, 0])
        & (p[:, None, 0] <= b[:, 3])
        & (p[:, None, 1] >= b[:, 1])
        & (p[:, None, 1] <= b[:, 4])
    )
    below = p[:, None, 2] < b[:, 5] + 10.0
    assert not (over & below).any()
    # the last frame holds every engine, base to plume tip
    r = world.cfg.render
    last = path.poses(np.array([path.times[-1]]))[0]
    assert _in_frame(last, _engine_marks(world), min(r.width / r.height, 16 / 9)).all()


def test_base_run_flies_low_along_the_road_and_climbs_to_frame_the_engines(city_world):
    from lunarbase.scene.anim.paths import GENERATED

    assert "base_run" in GENERATED and "base_run" in city_world.paths
    _check_base_run(city_world)
    # it starts over the road network: a junction lies under its first position
    g = city_world.layout.networks.graph
    nodes = np.array([d["pos"] for _, d in g.nodes(data=True)])
    p0 = city_world.paths["base_run"].key_positions[0]
    assert np.hypot(*(nodes - p0[:2]).T).min() < 5.0


def test_base_run_on_the_scatter_layout_is_safe_too(scatter_world):
    """Without a road network it runs in along the middle engine's ray all the same."""
    assert "base_run" in scatter_world.paths
    _check_base_run(scatter_world)


def test_base_run_is_deterministic(city_world):
    from lunarbase.scene.anim.base_run import base_run
    from lunarbase.scene.assemble.world import build_world

    again = build_world(city_world.cfg)  # the same scene and seed, built afresh
    a, b = base_run(city_world), base_run(again)
    assert a == b
    assert np.array_equal(again.paths["base_run"].key_positions, [k["position"] for k in a["keys"]])


def test_demo_flies_base_run(city_world, tmp_path, monkeypatch):
    from argparse import Namespace

    from lunarbase.scene.cli import commands
    from lunarbase.scene.video import flythrough

    seen = []

    def fake_flythrough(world, name, out, *args, **kw):
        seen.append(name)
        out.write_bytes(b"")
        return {"frames": 0, "median_frame_s": 0.0}

    monkeypatch.setattr(commands, "_world", lambda cfg, **kw: city_world)
    monkeypatch.setattr(commands, "render_stills", lambda *a, **kw: [])
    monkeypatch.setattr(flythrough, "render_flythrough", fake_flythrough)
    commands.cmd_demo(Namespace(seed=None, out=str(tmp_path / "demo")))
    assert seen == ["base_run"]
