"""Broken scene files and options: exit 2, one line naming the key, nothing written."""

from __future__ import annotations

import pytest

from lunarbase.scene.config.load import load_scene
from lunarbase.scene.errors import SceneError

from conftest import TINY, run_cli

BROKEN = [
    (
        "unknown_key",
        TINY.replace("[terrain]\n", "[terrain]\nsizepx = 3\n"),
        "terrain.sizepx: unknown key",
    ),
    (
        "wrong_type",
        TINY.replace("size_px = 193", 'size_px = "big"'),
        "terrain.size_px: must be an integer in 65..16385, got 'big'",
    ),
    (
        "out_of_range",
        TINY.replace("size_px = 193", "size_px = -4"),
        "terrain.size_px: must be an integer in 65..16385, got -4",
    ),
    ("bad_toml", TINY.replace("[terrain]\n", "[terrain\n"), "invalid TOML"),
    ("bad_choice", TINY + "\n[render.x]\n", "render.x: unknown key"),
    (
        "float_range",
        TINY.replace("[base]\n", "[base]\nmax_slope_deg = 99.0\n"),
        "base.max_slope_deg: must be a number in 1..60, got 99.0",
    ),
    (
        "bad_vec",
        TINY.replace(
            "target = [0.0, 400.0, 100.0]\nfov_deg = 50.0",
            "target = [0.0, 400.0]\nfov_deg = 50.0",
            1,
        ),
        "shots[0].target: must be a list of 3 numbers",
    ),
    (
        "keys_order",
        TINY.replace("t = 2.0", "t = 0.0"),
        "paths[0].keys[1].t: must be greater than the previous key's t",
    ),
    (
        "place_kind",
        TINY + '\n[[base.place]]\nkind = "death_star"\nat = [0.0, 0.0]\n',
        "base.place[0].kind: unknown kind 'death_star'",
    ),
    (
        "place_param",
        TINY + '\n[[base.place]]\nkind = "tank"\nat = [0.0, 0.0]\nparams = { wobble = 3 }\n',
        "base.place[0].params.wobble",
    ),
    (
        "missing_mesh_dir",
        TINY.replace("detail = 0", 'detail = 0\nmesh_dir = "nope"'),
        "base.mesh_dir: folder not found",
    ),
    (
        "hero_off_map",
        TINY.replace("diameter_m = 900.0", "diameter_m = 900.0\nx_m = 5000.0"),
        "terrain.hero.x_m: must lie on the terrain",
    ),
]


@pytest.mark.parametrize("name,text,expect", BROKEN, ids=[b[0] for b in BROKEN])
def test_broken_scene_is_rejected_by_loader(tmp_path, name, text, expect):
    p = tmp_path / f"{name}.toml"
    p.write_text(text)
    with pytest.raises(SceneError) as err:
        load_scene(p)
    assert expect in str(err.value)
    assert "\n" not in str(err.value)


@pytest.mark.parametrize("name,text,expect", BROKEN[:4], ids=[b[0] for b in BROKEN[:4]])
def test_broken_scene_cli_exit_2_no_traceback_no_output(tmp_path, name, text, expect):
    p = tmp_path / f"{name}.toml"
    p.write_text(text)
    out = tmp_path / "out"
    for verb, target in (("export", out / "x.glb"), ("still", out), ("terrain", out)):
        r = run_cli(verb, p, "--out", target)
        assert r.returncode == 2, (verb, r.stderr)
        assert expect in r.stderr
        assert "Traceback" not in r.stderr
        assert r.stderr.strip().count("\n") == 0, r.stderr
        assert not out.exists()


@pytest.mark.parametrize(
    "args,expect",
    [
        (["still", "--size", "12x9000"], "--size: width must be in 16..7680"),
        (["still", "--size", "big"], "--size: must be WxH"),
        (["still", "--shot", "nowhere"], "--shot: unknown shot 'nowhere'"),
        (["flythrough", "--size", "161x90"], "--size: H.264 yuv420p needs even"),
        (["flythrough", "--path", "zigzag"], "--path: unknown path 'zigzag'"),
        (["flythrough", "--fps", "0"], "--fps: must be an integer in 1..120"),
        (["export", "--out", "x.obj"], "--out: must end in .glb"),
        (["still", "--seed", "-1"], "--seed: must be an integer in 0..4294967295"),
        (["still", "missing.toml"], "missing.toml: scene file not found"),
    ],
)
def test_bad_options_exit_2(tmp_path, tiny_scene, args, expect):
    argv = [args[0]]
    if args[0] != "still" or args[1] != "missing.toml":
        argv.append(tiny_scene)
    argv += args[1:]
    r = run_cli(*argv, cwd=tmp_path)
    assert r.returncode == 2, r.stderr
    assert expect in r.stderr
    assert "Traceback" not in r.stderr
    assert list(tmp_path.iterdir()) == []


def test_init_refuses_to_overwrite(tmp_path):
    f = tmp_path / "base.toml"
    assert run_cli("init", f).returncode == 0
    first = f.read_text()
    r = run_cli("init", f)
    assert r.returncode == 2 and "exists; use --force" in r.stderr
    assert f.read_text() == first
    # the written file is the default scene and loads back
    cfg = load_scene(f)
    assert cfg["base"]["engines"] == 3 and [s["name"] for s in cfg["shots"]][0] == "overview"


def test_every_schema_key_is_documented():
    from pathlib import Path

    from lunarbase.scene.config.schema import walk_fields
    from lunarbase.scene.config.spec import SCENE

    doc = (Path(__file__).parent.parent / "docs" / "scene-format.md").read_text()
    for path, _ in walk_fields(SCENE):
        assert path in doc, path


def test_unwritable_output_is_reported_before_rendering(tmp_path, tiny_scene):
    import os

    locked = tmp_path / "locked"
    locked.mkdir()
    os.chmod(locked, 0o500)
    try:
        if os.access(locked, os.W_OK):  # root ignores permissions: use a file as the folder
            blocker = tmp_path / "file"
            blocker.write_text("x")
            target = blocker / "sub" / "v.mp4"
        else:
            target = locked / "v.mp4"
        r = run_cli("flythrough", tiny_scene, "--out", target, "--seconds", "1")
        assert r.returncode == 2, r.stderr
        assert "--out: cannot write to" in r.stderr and "Traceback" not in r.stderr
        assert "rendering" not in r.stderr  # nothing was built or rendered
    finally:
        os.chmod(locked, 0o700)


def test_out_is_a_folder(tmp_path, tiny_scene):
    (tmp_path / "d.mp4").mkdir()
    r = run_cli("flythrough", tiny_scene, "--out", tmp_path / "d.mp4")
    assert r.returncode == 2 and "is a folder" in r.stderr
