"""Broken scene files and options: exit 2, one line naming the key, nothing written."""

from __future__ import annotations

import os

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

    doc = (Path(__file__).resolve().parents[3] / "docs" / "scene-format.md").read_text()
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
        assert "--out: cannot write" in r.stderr and "Traceback" not in r.stderr
        assert "rendering" not in r.stderr  # nothing was built or rendered
    finally:
        os.chmod(locked, 0o700)


def test_out_is_a_folder(tmp_path, tiny_scene):
    (tmp_path / "d.mp4").mkdir()
    r = run_cli("flythrough", tiny_scene, "--out", tmp_path / "d.mp4")
    assert r.returncode == 2 and "is a folder" in r.stderr


# ---------------------------------------------------------------- issue 13: every bad input


def _one_line(msg: str) -> None:
    assert msg.isprintable() and 0 < len(msg) <= 300, repr(msg)


def _refused(tmp_path, text: str, expect: str, name: str = "s.toml") -> str:
    p = tmp_path / name
    p.write_text(text)
    with pytest.raises(SceneError) as err:
        load_scene(p)
    msg = str(err.value)
    _one_line(msg)
    assert expect in msg, msg
    return msg


def test_builder_fed_keys_lie_within_the_builders_ranges():
    """Every scene key that sets a builder parameter takes its range from the builder's
    Param (spec.builder_field): the schema, docs and builders cannot drift apart."""
    from lunarbase.assets.meshes import registry
    from lunarbase.scene.config.schema import Field, walk_fields
    from lunarbase.scene.config.spec import SCENE

    fed = {p: f for p, f in walk_fields(SCENE) if isinstance(f, Field) and f.feeds}
    assert "base.engine_height_m" in fed
    for path, f in fed.items():
        kind, name = f.feeds.split(".")
        param = registry.info(kind).PARAMS[name]
        assert param.lo <= f.lo <= f.default <= f.hi <= param.hi, path
        for v in (f.lo, f.hi):  # and the builder accepts both ends
            registry.validate_params(kind, {name: v})
    # the engine parameters the layout derives from the height (scene/layout/plan.py)
    for h in (fed["base.engine_height_m"].lo, fed["base.engine_height_m"].hi):
        registry.validate_params(
            "engine",
            {
                "height_m": h,
                "base_radius_m": round(max(30.0, 0.22 * h), 1),
                "plume_length_m": round(0.65 * h, 1),
            },
        )
    # base.detail is the builders' detail argument
    detail = SCENE.fields["base"].fields["detail"]
    for d in range(int(detail.lo), int(detail.hi) + 1):
        registry.build("rock", {}, 0, d)
    with pytest.raises(ValueError):
        registry.build("rock", {}, 0, int(detail.hi) + 1)


def test_shown_values_are_escaped_short_and_never_recurse():
    from lunarbase.scene.config.text import shown

    deep = 1
    for _ in range(5000):
        deep = [deep]
    for value in (
        10**5000,
        -(10**400),
        "a\nb\x00\x1b[2J\u2028",
        "x" * 10**5,
        deep,
        {"k\n": deep},
        [float("nan")] * 1000,
        object(),
    ):
        s = shown(value)
        assert s.isprintable() and len(s) <= 60, s
    assert shown(True) == "true" and shown("ab") == "'ab'" and shown(1.5) == "1.5"


@pytest.mark.parametrize(
    "text,expect",
    [
        ("", "must be WxH"),
        ("1280x", "must be WxH"),
        ("x720", "must be WxH"),
        ("\u0661\u0662\u0668\u0660x720", "must be WxH"),  # Arabic-Indic digits
        (" 1280x720", "must be WxH"),
        ("1280x720x3", "must be WxH"),
        ("12x9000", "width must be in 16..7680 and height in 16..4320"),
    ],
)
def test_parse_size_takes_ascii_digits_in_the_schema_ranges(text, expect):
    from lunarbase.scene.config.load import parse_size

    with pytest.raises(SceneError, match=expect):
        parse_size(text)
    assert parse_size("1280X720") == (1280, 720)


def test_scene_file_checks(tmp_path):
    p = tmp_path / "bom.toml"
    p.write_bytes(b"\xef\xbb\xbf" + TINY.encode())
    assert load_scene(p)["seed"] == 11  # a UTF-8 byte-order mark is accepted
    (tmp_path / "dir.toml").mkdir()
    with pytest.raises(SceneError, match="is a folder, not a scene file"):
        load_scene(tmp_path / "dir.toml")
    os.mkfifo(tmp_path / "fifo.toml")
    with pytest.raises(SceneError, match="not a regular file"):
        load_scene(tmp_path / "fifo.toml")  # never opened: this would block
    (tmp_path / "latin1.toml").write_bytes(b'name = "\xe9"\n')
    with pytest.raises(SceneError, match="not UTF-8"):
        load_scene(tmp_path / "latin1.toml")
    deep = "[terrain]\nsize_px = " + "[" * 3000 + "]" * 3000 + "\n"
    _refused(tmp_path, deep, "terrain.size_px: must be an integer in 65..16385, got [[[[...]]]]")
    deeper = "[terrain]\nsize_px = " + "[" * 40000 + "]" * 40000 + "\n"
    _refused(tmp_path, deeper, "invalid TOML: values nested too deeply")
    huge = TINY.replace("size_m = 2400.0", "size_m = 1" + "0" * 400)
    _refused(tmp_path, huge, "terrain.size_m: must be a number in 200..200000, got <integer")
    _refused(tmp_path, 'name = "a\\nb\\u0000c"\n', "name: must be a string")
    msg = _refused(tmp_path, f'name = "{"x" * 5000}"\n', "name: must be a string")
    assert "xxx..." in msg


@pytest.mark.parametrize(
    "old,new,expect",
    [
        (
            "target = [0.0, 400.0, 100.0]\nfov_deg = 50.0",
            "target = [-300.0, -1100.0, 200.0]",
            "shots[0].target: must differ from position",
        ),
        (
            "position = [0.0, -10.0, 2500.0]",
            "position = [0.0, 0.0, 2500.0]",
            "shots[1].target: must not be straight above or below",
        ),
        (
            "target = [0.0, 450.0, 150.0]",
            "target = [0.0, -600.0, 200.0]",
            "paths[0].keys[1].target: must differ from position",
        ),
        (
            "position = [0.0, -600.0, 200.0]\ntarget = [0.0, 450.0, 150.0]",
            "position = [-600.0, -1100.0, 300.0]\ntarget = [0.0, 400.0, 100.0]",
            "paths[0].keys: the camera never moves or turns",
        ),
        (
            "engine_height_m = 200.0",
            "engine_height_m = 100.0",
            "base.engine_height_m: must be a number in 150..3000, got 100.0",
        ),
        (
            "[terrain.hero]",
            "[terrain.boulders]\na = 1.0\nb = 5.0\nd_min_m = 0.1\nd_max_m = 0.2\n[terrain.hero]",
            "terrain.boulders: a, b and d_min_m give",
        ),
        ("detail = 0", 'detail = 0\nmesh_dir = "/"', "base.mesh_dir: '/' leads outside"),
        ("[render]", '[render]\nout_dir = "../../.."', "render.out_dir: '../../..' leads outside"),
        ("[render]", '[render]\nout_dir = "s.toml"', "render.out_dir:"),
    ],
)
def test_cross_key_checks_at_load(tmp_path, monkeypatch, old, new, expect):
    monkeypatch.chdir(tmp_path)
    assert old in TINY
    _refused(tmp_path, TINY.replace(old, new, 1), expect)


def test_a_path_that_only_turns_is_fine(tmp_path):
    text = TINY.replace("position = [0.0, -600.0, 200.0]", "position = [-600.0, -1100.0, 300.0]")
    p = tmp_path / "pan.toml"
    p.write_text(text)
    assert load_scene(p)["paths"][0]["name"] == "fly"


def test_folders_inside_the_scene_or_working_folder_are_fine(tmp_path, monkeypatch):
    (tmp_path / "meshes").mkdir()
    text = TINY.replace("detail = 0", f'detail = 0\nmesh_dir = "{tmp_path / "meshes"}"')
    text = text.replace("[render]", '[render]\nout_dir = "sub/../out"')
    p = tmp_path / "ok.toml"
    p.write_text(text)
    monkeypatch.chdir(tmp_path)
    assert load_scene(p)["render"]["out_dir"] == "sub/../out"
    (tmp_path / "link").symlink_to("/")
    p.write_text(text.replace("sub/../out", "link/tmp"))
    with pytest.raises(SceneError, match="render.out_dir: 'link/tmp' leads outside"):
        load_scene(p)


def test_frame_memory_is_refused_before_rendering():
    from lunarbase.scene.config.budget import check_frame_memory
    from lunarbase.scene.config.schema import defaults
    from lunarbase.scene.config.spec import SCENE
    from lunarbase.terrain.memcheck import format_bytes

    cfg = defaults(SCENE)
    with pytest.raises(
        SceneError,
        match=r"^--size: 7680x4320 at final quality needs ~19\.9 GB "
        r"per frame, .* more than the 1\.0 GB available$",
    ):
        check_frame_memory(cfg, 7680, 4320, "final", "--size", available=10**9)
    with pytest.raises(SceneError, match=r"4 renderers, more than the 500 MB available"):
        check_frame_memory(cfg, 64, 64, "preview", "render.width", 4, available=5 * 10**8)
    assert check_frame_memory(cfg, 1280, 720, "final", "--size", available=10**10) < 10**10
    assert [format_bytes(b) for b in (512, 2.5e5, 3e6, 9.99e8, 1e9, 4.2e12)] == [
        "512 bytes",
        "0.25 MB",
        "3.0 MB",
        "999 MB",
        "1.0 GB",
        "4.2 TB",
    ]


def test_frame_ssaa_table_matches_the_renderer():
    from lunarbase.scene.config.budget import SSAA
    from lunarbase.scene.render.renderer import QUALITY

    assert SSAA == {q: v["ssaa"] for q, v in QUALITY.items()}
