"""What blinks and flickers in our videos blinks and flickers in the GLB (issue 18): beacons
as STEP ``scale`` channels (1 while ``beacons_on``, ~0 otherwise) over every animation's
span, plumes as a gentle ``scale`` pulse from ``plume_flicker``; and the Blender add-on is
written by ``lunarbase export --blender-addon``."""

from __future__ import annotations

import ast

import numpy as np
import pytest
from test_gltf import parse_glb

from lunarbase.scene.anim.motion import beacons_on, plume_flicker
from lunarbase.scene.exchange.gltf import blender_addon_source, effects, export_glb
from lunarbase.scene.model.graph import Mesh, Node, Primitive, SceneGraph

from conftest import run_cli


def _accessor(doc: dict, binary: bytes, i: int) -> np.ndarray:
    a = doc["accessors"][i]
    v = doc["bufferViews"][a["bufferView"]]
    width = {"SCALAR": 1, "VEC3": 3, "VEC4": 4}[a["type"]]
    off = v.get("byteOffset", 0) + a.get("byteOffset", 0)
    return np.frombuffer(binary, np.float32, a["count"] * width, off).reshape(a["count"], width)


def _scale_channels(doc: dict, node: int):
    """(animation name, interpolation, input accessor, output accessor) of ``node``'s scale."""
    for anim in doc["animations"]:
        for ch in anim["channels"]:
            if ch["target"] == {"node": node, "path": "scale"}:
                s = anim["samplers"][ch["sampler"]]
                yield anim, s["interpolation"], s["input"], s["output"]


def _box(material: str, z0: float, z1: float, r: float = 1.0) -> Primitive:
    v = np.array([[x, y, z] for z in (z0, z1) for x in (-r, r) for y in (-r, r)], np.float32)
    f = np.array([[0, 1, 2], [1, 3, 2], [4, 6, 5], [5, 6, 7]], np.uint32)
    return Primitive(v, f, material)


def _cone(z0: float, length: float, r: float) -> Primitive:
    """A plume: wide at ``z0``, narrowing to a point ``length`` above."""
    a = np.linspace(0, 2 * np.pi, 12, endpoint=False)
    ring = np.column_stack([r * np.cos(a), r * np.sin(a), np.full(12, z0)])
    v = np.vstack([ring, [[0, 0, z0 + length]]]).astype(np.float32)
    f = np.array([[i, (i + 1) % 12, 12] for i in range(12)], np.uint32)
    return Primitive(v, f, "plume")


def test_beacons_blink_with_step_scale_channels(tiny_world):
    doc, binary = parse_glb(export_glb(tiny_world, aspect=16 / 9))
    beacons = [i for i, n in enumerate(doc["nodes"]) if n["name"].endswith("/beacons")]
    assert len(beacons) > 10
    # every beacon node: only signal_red primitives, its parent keeps the rest
    for i in beacons:
        mats = {
            doc["materials"][p["material"]]["name"]
            for p in doc["meshes"][doc["nodes"][i]["mesh"]]["primitives"]
        }
        assert mats == {effects.BEACON_MATERIAL}
    # an instanced beacon node shares its batch's instances
    batched = [
        i for i in beacons if "EXT_mesh_gpu_instancing" in doc["nodes"][i].get("extensions", {})
    ]
    assert batched
    for anim, interp, ti, so in _scale_channels(doc, beacons[0]):
        t, s = _accessor(doc, binary, ti)[:, 0], _accessor(doc, binary, so)
        assert interp == "STEP"
        assert t[0] == 0 and t[-1] == pytest.approx(anim["extras"]["duration_s"], abs=1e-4)
        on = s[:, 0] > 0.5
        assert np.all(on == [beacons_on(float(x) + 1e-5) for x in t])  # from each key on
        assert on[:4].tolist() == [True, False, True, False]  # alternates
        assert s[~on].max() <= 1e-3 and np.all(s[on] == 1.0)
    # every animation blinks every beacon
    for anim in doc["animations"]:
        targets = {c["target"]["node"] for c in anim["channels"] if c["target"]["path"] == "scale"}
        assert set(beacons) <= targets


def test_plume_pulses_about_its_base():
    mast = Mesh("mast", [_box("steel_lattice", 0, 20), _box("signal_red", 20, 21, 0.3)])
    engine = Mesh("engine", [_box("dark_metal", 0, 100, 30), _cone(100.0, 600.0, 25.0)])
    g = SceneGraph()
    m = np.eye(4)
    m[:3, 3] = (500.0, -200.0, 10.0)
    g.root.add(Node("engine_1", "engine", m, mesh=engine))
    for k in range(4):
        mk = np.eye(4)
        mk[:3, 3] = (100.0 * k, 50.0, 0.0)
        g.root.add(Node(f"light_mast_{k}", "light_mast", mk, mesh=mast))
    doc, binary = parse_glb(export_glb(g))
    by_name = {n["name"]: i for i, n in enumerate(doc["nodes"])}
    plume = doc["nodes"][by_name["engine_1/plume"]]
    assert by_name["engine_1/plume"] in doc["nodes"][by_name["engine_1"]]["children"]
    # the plume node stands at the plume's base (Y-up: z 100 -> y 100), its vertices above
    assert plume["translation"] == pytest.approx([0.0, 100.0, 0.0])
    pos = doc["accessors"][doc["meshes"][plume["mesh"]]["primitives"][0]["attributes"]["POSITION"]]
    assert pos["min"][1] == pytest.approx(0.0, abs=1e-4) and pos["max"][1] == pytest.approx(600)
    ((anim, interp, ti, so),) = _scale_channels(doc, by_name["engine_1/plume"])
    t, s = _accessor(doc, binary, ti)[:, 0], _accessor(doc, binary, so)
    assert interp == "LINEAR" and len(t) == int(anim["extras"]["duration_s"] * 24) + 1
    k = np.array([plume_flicker(float(x), 0) for x in t])
    assert s[:, 1] == pytest.approx(1 - effects.LENGTH_PULSE * (1 - k), abs=1e-6)
    assert 0.9 <= s[:, 1].min() < s[:, 1].max() <= 1.0  # gentle, but it moves
    assert 0.95 <= s[:, 0].min() and np.all(s[:, 0] == s[:, 2])
    # the masts are instanced; their beacons a child batch with the same instances
    batch = next(n for n in doc["nodes"] if n["name"] == "mast")
    beacons = doc["nodes"][by_name["mast/beacons"]]
    assert beacons["extensions"] == batch["extensions"]
    assert by_name["mast/beacons"] in batch["children"]
    # the plume-carrying engine is never an instancing node
    assert "extensions" not in doc["nodes"][by_name["engine_1"]]


def test_cli_writes_the_blender_addon(tmp_path):
    out = tmp_path / "addons" / "lunarbase_gltf.py"
    r = run_cli("export", "--blender-addon", out)
    assert r.returncode == 0, r.stderr
    assert out.read_bytes() == blender_addon_source()
    tree = ast.parse(out.read_text())
    names = {n.name for n in tree.body if isinstance(n, ast.FunctionDef | ast.ClassDef)}
    assert {"register", "unregister", "glTF2ImportUserExtension"} <= names
    imports = [n for n in ast.walk(tree) if isinstance(n, ast.Import | ast.ImportFrom)]
    assert [a.name for n in imports for a in n.names] == ["bpy"]  # pure bpy
    assert not [p for p in out.parent.iterdir() if p.name != out.name]  # no temp file left
    for bad, why in ((tmp_path / "addon.txt", "must end in .py"), (tmp_path, "must end in .py")):
        r = run_cli("export", "--blender-addon", bad)
        assert r.returncode == 2 and why in r.stderr
        assert len(r.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "addon.txt").exists()
