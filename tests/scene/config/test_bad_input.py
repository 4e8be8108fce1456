"""Every class of bad input on the command line (issue 13): exit status 2, one line on stderr
naming the key or option (after any warnings), no traceback, nothing written, and all of it
found before the world is built (the build's progress bar never appears).

Classes: values that overflow, nest thousands deep or hold control characters; ranges from the
builders; memory estimates; degenerate cameras; broken user mesh files; option values argparse
takes but mean nothing, and argparse's own errors; misleading files and folders; folders a
scene file may not name."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from conftest import TINY, run_cli

MESH_SCENE = TINY.replace("detail = 0", 'detail = 0\nmesh_dir = "m"')
PLACE = '\n[[base.place]]\nkind = "{kind}"\nat = [0.0, 0.0]\n'


def _mesh(name, content):
    def make(work):
        (work / "m").mkdir(exist_ok=True)
        p = work / "m" / name
        if content == "fifo":
            os.mkfifo(p)
        elif content == "dir":
            p.mkdir()
        elif isinstance(content, Path):
            p.symlink_to(content)
        else:
            p.write_bytes(content if isinstance(content, bytes) else content.encode())

    return make


def _gltf(uri: str) -> str:
    return json.dumps({"asset": {"version": "2.0"}, "buffers": [{"uri": uri, "byteLength": 9}]})


TRI = "v 0 0 0\nv 1 0 0\nv 0 1 0\n"
MESHES = [  # (kind, file, content, expected message after "user mesh file .../FILE")
    ("empty", "empty.obj", b"", "is empty"),
    ("junk", "junk.stl", bytes(range(256)) * 4, "binary STL header saying"),
    (
        "liar",
        "liar.stl",
        b"x" * 80 + (10**6).to_bytes(4, "little") + b"\0" * 50,
        "saying 1000000 triangles (50000084 bytes), but the file has 134 bytes",
    ),
    ("badface", "badface.obj", TRI + "f 1 2 9\n", "cannot be read"),
    ("nan", "nan.obj", TRI.replace("v 1 0 0", "v nan 0 0") + "f 1 2 3\n", "usable triangles"),
    ("huge", "huge.obj", TRI.replace("v 1 0 0", "v 1e7 0 0") + "f 1 2 3\n", "beyond 100000 m"),
    ("fifo", "fifo.obj", "fifo", "is not a regular file"),
    ("zero", "zero.stl", Path("/dev/zero"), "is not a regular file"),
    ("folder", "folder.glb", "dir", "is a folder, not a mesh file"),
    ("up", "up.gltf", _gltf("../../../etc/passwd"), "refers to ../../../etc/passwd, outside"),
    ("absolute", "absolute.gltf", _gltf("/dev/zero"), "refers to /dev/zero, outside"),
    ("mtl", "mtl.obj", "mtllib /dev/zero\n" + TRI + "f 1 2 3\n", "refers to /dev/zero"),
]

BAD = [  # (id, scene text or None (the tiny scene), setup, argv after the verb, expected)
    *[
        (
            f"mesh_{k}",
            MESH_SCENE + PLACE.format(kind=k),
            _mesh(f, c),
            ["still"],
            f"base.place[0].kind: {k}: user mesh file {{work}}/m/{f} | {msg}",
        )
        for k, f, c, msg in MESHES
    ],
    (
        "mesh_shadow",
        MESH_SCENE + PLACE.format(kind="tank") + "params = { wobble = 3 }\n",
        _mesh("tank.obj", TRI + "f 1 2 3\n"),
        ["still"],
        "base.place[0].params.wobble: unknown",
    ),
    (
        "huge_int",
        TINY.replace("size_m = 2400.0", "size_m = 1" + "0" * 400),
        None,
        ["still"],
        "terrain.size_m: must be a number in 200..200000, got <integer of ~401 digits>",
    ),
    (
        "deep",
        TINY.replace("size_px = 193", "size_px = " + "[" * 3000 + "]" * 3000),
        None,
        ["export"],
        "terrain.size_px: must be an integer in 65..16385, got [[[[...]]]]",
    ),
    ("newline", 'name = "two\\nlines\\u0000"\n', None, ["terrain"], "got 'two\\nlines\\x00'"),
    ("long", f'name = "{"y" * 9000}"\n', None, ["still"], "yyy..."),
    (
        "engine_range",
        TINY.replace("engine_height_m = 200.0", "engine_height_m = 120.0"),
        None,
        ["still"],
        "base.engine_height_m: must be a number in 150..3000, got 120.0",
    ),
    (
        "boulders",
        TINY.replace(
            "[terrain.hero]",
            "[terrain.boulders]\na = 1.0\nb = 5.0\nd_min_m = 0.1\nd_max_m = 0.2\n[terrain.hero]",
        ),
        None,
        ["still"],
        "terrain.boulders:",
    ),
    (
        "frame_memory",
        None,
        None,
        ["flythrough", "--size", "7680x4320", "--quality", "final", "--workers", "64"],
        "--size: 7680x4320 at final quality needs ~19.9 GB per frame",
    ),
    (
        "shot_same",
        TINY.replace(
            "target = [0.0, 400.0, 100.0]\nfov", "target = [-300.0, -1100.0, 200.0]\nfov", 1
        ),
        None,
        ["still"],
        "shots[0].target: must differ from position",
    ),
    (
        "path_still",
        TINY.replace(
            "t = 2.0\nposition = [0.0, -600.0, 200.0]\ntarget = [0.0, 450.0, 150.0]",
            "t = 2.0\nposition = [-600.0, -1100.0, 300.0]\ntarget = [0.0, 400.0, 100.0]",
        ),
        None,
        ["flythrough"],
        "paths[0].keys: the camera never moves or turns",
    ),
    (
        "bom",
        "\ufeff" + TINY.replace("size_px = 193", "size_px = 3"),
        None,
        ["still"],
        "terrain.size_px: must be an integer in 65..16385, got 3",
    ),
    (
        "mesh_dir_file",
        TINY.replace("detail = 0", 'detail = 0\nmesh_dir = "s.toml"'),
        None,
        ["still"],
        "base.mesh_dir: {work}/s.toml is a file, not a folder",
    ),
    (
        "mesh_dir_out",
        TINY.replace("detail = 0", 'detail = 0\nmesh_dir = "../../../.."'),
        None,
        ["still"],
        "base.mesh_dir: '../../../..' leads outside",
    ),
    (
        "out_dir_out",
        TINY.replace("[render]", '[render]\nout_dir = "/tmp"'),
        None,
        ["export"],
        "render.out_dir: '/tmp' leads outside the scene file's folder and the working folder",
    ),
    (
        "scene_folder",
        None,
        lambda w: (w / "d.toml").mkdir(),
        ["still", "d.toml"],
        "d.toml: is a folder, not a scene file",
    ),
    (
        "terrain_out_file",
        None,
        lambda w: (w / "f.txt").write_text("x"),
        ["terrain", "--out", "f.txt"],
        "--out:",
    ),
    ("size_empty", None, None, ["still", "--size", ""], "--size: must be WxH"),
    ("size_half", None, None, ["still", "--size", "1280x"], "--size: must be WxH"),
    ("size_arabic", None, None, ["still", "--size", "١٢٨٠x720"], "--size: must be WxH"),
    ("seed_arabic", None, None, ["still", "--seed", "١٢"], "--seed: must be an integer in 0."),
    ("fps_0", None, None, ["flythrough", "--fps", "0"], "--fps: must be an integer in 1..120"),
    ("workers_0", None, None, ["flythrough", "--workers", "0"], "--workers: must be an integer"),
    ("seconds_nan", None, None, ["flythrough", "--seconds", "nan"], "--seconds: must be a num"),
    ("seconds_neg", None, None, ["flythrough", "--seconds", "-1"], "--seconds: must be a num"),
    (
        "unknown_option",
        None,
        None,
        ["still", "--colour", "red"],
        "unrecognized arguments: --colour red (see lunarbase still --help)",
    ),
    (
        "missing_value",
        None,
        None,
        ["flythrough", "--fps"],
        "--fps: expected one argument (see lunarbase flythrough --help)",
    ),
    ("bad_choice", None, None, ["still", "--quality", "ultra"], "--quality: invalid choice"),
]


@pytest.mark.parametrize("case", BAD, ids=[b[0] for b in BAD])
def test_bad_input_exit_2_one_line_nothing_written(tmp_path, case):
    _, text, setup, argv, expect = case
    work = tmp_path / "work"
    work.mkdir()
    (work / "s.toml").write_text(text if text is not None else TINY, encoding="utf-8")
    if setup:
        setup(work)
    before = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*"))
    scene = [] if argv[0] == "still" and argv[1:2] == ["d.toml"] else ["s.toml"]
    r = run_cli(argv[0], *scene, *argv[1:], cwd=work, timeout=120)
    lines = r.stderr.splitlines()
    assert r.returncode == 2, r.stderr
    assert lines and lines[-1].startswith("lunarbase: error: "), r.stderr
    assert all(x.startswith("lunarbase: warning: ") for x in lines[:-1]), r.stderr
    for part in expect.format(work=work.resolve()).split(" | "):
        assert part in lines[-1], lines[-1]
    assert sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*")) == before
    if case[0] == "mesh_shadow":
        assert "tank.obj is ignored: 'tank' is a built-in kind" in r.stderr
