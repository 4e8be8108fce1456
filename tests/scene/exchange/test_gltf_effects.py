"""What blinks and flickers in our videos blinks and flickers in the GLB (issue 18): beacons
as STEP ``scale`` channels (1 while ``beacons_on``, ~0 otherwise) over every animation's
span; the engines' jets as our stills draw them (a kilometres-long white core in blue glow
shells, unlit, never above display white) pulsing gently with ``plume_flicker``, the assets'
old plume parts gone; and the Blender add-on is written by ``lunarbase export
--blender-addon``."""

from __future__ import annotations

import ast

import numpy as np
import pytest
from test_gltf import parse_glb

from lunarbase.scene.anim.motion import beacons_on, plume_flicker
from lunarbase.scene.exchange.gltf import blender_addon_source, effects, export_glb, jets
from lunarbase.scene.exchange.gltf.jets import SHELLS
from lunarbase.scene.exchange.gltf.materials import EMISSIVE_PEAK
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


def _world_matrix(doc: dict, node: int) -> np.ndarray:
    """(4, 4) Y-up world matrix of glTF ``node`` (its TRS times its parents')."""
    from scipy.spatial.transform import Rotation

    parent = {c: i for i, n in enumerate(doc["nodes"]) for c in n.get("children", [])}
    m = np.eye(4)
    while node is not None:
        n = doc["nodes"][node]
        local = np.eye(4)
        local[:3, :3] = Rotation.from_quat(n.get("rotation", (0, 0, 0, 1))).as_matrix()
        local[:3, :3] *= np.asarray(n.get("scale", (1, 1, 1)))[None, :]
        local[:3, 3] = n.get("translation", (0, 0, 0))
        m = local @ m
        node = parent.get(node)
    return m


def test_jets_stand_on_the_nozzles_and_pulse(tiny_world):
    doc, binary = parse_glb(export_glb(tiny_world, aspect=16 / 9))
    by_name = {n["name"]: i for i, n in enumerate(doc["nodes"])}
    firing = jets.firing(tiny_world)
    assert len(firing) == 3
    # the assets' short plume parts are gone (the renderer no longer draws them)
    assert "plume" not in {m["name"] for m in doc["materials"]}
    plumes = [n for n in by_name if n.endswith("/plume")]
    assert sorted(plumes) == sorted(f"{name}/plume" for name in firing)  # the jets only
    for name, jet in firing.items():
        node = by_name[f"{name}/plume"]  # the program's name for the flickering jet
        assert doc["nodes"][node]["extras"]["kind"] == "jet"
        assert node in doc["nodes"][by_name[name]]["children"]
        assert "extensions" not in doc["nodes"][by_name[name]]  # never an instancing node
        # the jet's node stands at the throat; its beam rises kilometres along +Y (up)
        m = _world_matrix(doc, node)
        base = np.array([jet.base[0], jet.base[2], -jet.base[1]])
        assert m[:3, 3] == pytest.approx(base, abs=0.05)
        prims = doc["meshes"][doc["nodes"][node]["mesh"]]["primitives"]
        top = max(doc["accessors"][p["attributes"]["POSITION"]]["max"][1] for p in prims)
        assert (m[:3, :3] @ [0, top, 0])[1] == pytest.approx(jet.length, rel=1e-4)
        assert jet.length >= 8000
        # an opaque white-hot core, then translucent blue shells of the renderer's opacity,
        # unlit (no light changes them), never above display white
        mats = [doc["materials"][p["material"]] for p in prims]
        assert all("KHR_materials_unlit" in m["extensions"] for m in mats)
        rgba = [m["pbrMetallicRoughness"]["baseColorFactor"] for m in mats]
        assert rgba[0][3] == 1.0 and "alphaMode" not in mats[0]
        assert min(rgba[0][:3]) > 0.6
        assert [c[3] for c in rgba[1:]] == pytest.approx([s[2] for s in SHELLS])
        assert all(m["alphaMode"] == "BLEND" and not m.get("doubleSided") for m in mats[1:])
        assert all(c[2] > c[0] for c in rgba[1:])  # blue at the edge
        assert max(max(c[:3]) for c in rgba) <= EMISSIVE_PEAK
        assert all(m["emissiveFactor"] == c[:3] for m, c in zip(mats, rgba, strict=True))
    # it flickers: a gentle scale pulse from plume_flicker, in every animation
    node = by_name["engine_1/plume"]
    chans = list(_scale_channels(doc, node))
    assert len(chans) == len(doc["animations"])
    anim, interp, ti, so = chans[0]
    t, s = _accessor(doc, binary, ti)[:, 0], _accessor(doc, binary, so)
    assert interp == "LINEAR" and len(t) == round(anim["extras"]["duration_s"] * 24) + 1
    k = np.array([plume_flicker(float(x), tiny_world.cfg.seed) for x in t])
    assert s[:, 1] == pytest.approx(1 - effects.LENGTH_PULSE * (1 - k), abs=1e-6)
    assert 0.9 <= s[:, 1].min() < s[:, 1].max() <= 1.0  # gentle, but it moves
    assert 0.95 <= s[:, 0].min() and np.all(s[:, 0] == s[:, 2])


def test_plumes_dropped_beacons_split_off():
    """A bare scene graph (no world: no jets): an engine's plume parts are not written, a
    mast's beacons are a child batch with the mast's instances."""
    mast = Mesh("mast", [_box("steel_lattice", 0, 20), _box("signal_red", 20, 21, 0.3)])
    engine = Mesh("engine", [_box("dark_metal", 0, 100, 30), _box("plume", 100, 700, 25)])
    g = SceneGraph()
    m = np.eye(4)
    m[:3, 3] = (500.0, -200.0, 10.0)
    g.root.add(Node("engine_1", "engine", m, mesh=engine))
    for k in range(4):
        mk = np.eye(4)
        mk[:3, 3] = (100.0 * k, 50.0, 0.0)
        g.root.add(Node(f"light_mast_{k}", "light_mast", mk, mesh=mast))
    doc, _ = parse_glb(export_glb(g))
    by_name = {n["name"]: i for i, n in enumerate(doc["nodes"])}
    eng = doc["nodes"][by_name["engine_1"]]
    assert [
        doc["materials"][p["material"]]["name"] for p in doc["meshes"][eng["mesh"]]["primitives"]
    ] == ["dark_metal"]
    assert "children" not in eng
    batch = next(n for n in doc["nodes"] if n["name"] == "mast")
    beacons = doc["nodes"][by_name["mast/beacons"]]
    assert beacons["extensions"] == batch["extensions"]
    assert by_name["mast/beacons"] in batch["children"]


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
