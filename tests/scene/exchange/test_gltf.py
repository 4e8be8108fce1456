"""The GLB: Khronos glTF-Validator reports 0 errors, and it holds the scene others need."""

from __future__ import annotations

import json
import os
import shutil
import struct
import subprocess
from pathlib import Path

import imageio.v3 as iio
import numpy as np
import pytest

from lunarbase.scene.exchange.gltf import effects, export_glb, jets
from lunarbase.scene.exchange.gltf.jets import RINGS, SHELLS

VALIDATE_JS = """
const fs = require('fs');
const v = require(process.argv[2]);
v.validateBytes(new Uint8Array(fs.readFileSync(process.argv[3])), {maxIssues: 200})
 .then(r => { console.log(JSON.stringify(r.issues)); })
 .catch(e => { console.error(String(e)); process.exit(3); });
"""


def validator_dir() -> Path | None:
    candidates = [
        os.environ.get("GLTF_VALIDATOR_DIR", ""),
        str(Path.home() / ".cache/lunarbase/npm/node_modules/gltf-validator"),
    ]
    for c in candidates:
        if c and (Path(c) / "package.json").is_file():
            return Path(c)
    return None


def n_parts(mesh) -> int:
    """How many glTF meshes a graph mesh is written as: what stays still and its beacons
    (each that it has; its plume parts are dropped, the jets drawn instead)."""
    sp = effects.split(mesh)
    return sum(part is not None for part in (sp.body, sp.beacons))


def n_jets(world) -> int:
    """The firing engines: each has a jet mesh of its own."""
    return len(jets.firing(world))


def parse_glb(data: bytes) -> tuple[dict, bytes]:
    magic, version, length = struct.unpack_from("<4sII", data, 0)
    assert magic == b"glTF" and version == 2 and length == len(data)
    jlen, jtype = struct.unpack_from("<I4s", data, 12)
    assert jtype == b"JSON"
    doc = json.loads(data[20 : 20 + jlen])
    blen, btype = struct.unpack_from("<I4s", data, 20 + jlen)
    assert btype == b"BIN\0"
    return doc, data[28 + jlen : 28 + jlen + blen]


@pytest.fixture(scope="module")
def glb(tiny_world) -> bytes:
    return export_glb(tiny_world, aspect=16 / 9)


def test_gltf_validator_reports_no_errors(tmp_path, glb):
    vdir = validator_dir()
    if vdir is None or shutil.which("node") is None:
        if os.environ.get("CI"):
            pytest.fail("gltf-validator not installed (.ci/run installs it)")
        pytest.skip("gltf-validator not installed")
    f = tmp_path / "scene.glb"
    f.write_bytes(glb)
    js = tmp_path / "v.js"
    js.write_text(VALIDATE_JS)
    r = subprocess.run(
        ["node", str(js), str(vdir), str(f)], capture_output=True, text=True, timeout=300
    )
    assert r.returncode == 0, r.stderr
    issues = json.loads(r.stdout)
    assert issues["numErrors"] == 0, [m for m in issues["messages"] if m["severity"] == 0][:5]
    assert issues["numWarnings"] == 0, issues["messages"][:5]


def test_glb_structure(glb, tiny_world):
    doc, binary = parse_glb(glb)
    names = {n["name"] for n in doc["nodes"]}
    assert {"terrain", "engine_1", "engine_2", "engine_3", "sun", "shot_hero"} <= names
    # one glTF mesh per distinct shared mesh and part of it, per jet, the Earth and the stars
    n_meshes = sum(n_parts(m) for m in tiny_world.graph.meshes()) + n_jets(tiny_world) + 2
    assert len(doc["meshes"]) == n_meshes
    # the terrain: one primitive per grid, each textured with its grid's albedo (an embedded
    # PNG) through texture coordinates that put every vertex on its own sample's texel
    terrain = next(n for n in doc["nodes"] if n["name"] == "terrain")
    tprims = doc["meshes"][terrain["mesh"]]["primitives"]
    graph_prims = tiny_world.terrain_node.mesh.primitives
    assert len(tprims) == len(graph_prims) >= 1
    grids = [tiny_world.terrain, tiny_world.terrain.far]
    for tp, gp, grid in zip(tprims, graph_prims, grids, strict=False):
        pbr = doc["materials"][tp["material"]]["pbrMetallicRoughness"]
        assert pbr["metallicFactor"] == 0 and pbr["baseColorFactor"][:3] == [1.0, 1.0, 1.0]
        image = doc["images"][doc["textures"][pbr["baseColorTexture"]["index"]]["source"]]
        view = doc["bufferViews"][image["bufferView"]]
        png = iio.imread(binary[view["byteOffset"] : view["byteOffset"] + view["byteLength"]])
        assert image["mimeType"] == "image/png" and np.array_equal(png, gp.texture)
        uv = _accessor(doc, binary, tp["attributes"]["TEXCOORD_0"], 2)
        n = png.shape[0]
        jj, ii = np.floor(uv[:, 0] * n).astype(int), np.floor(uv[:, 1] * n).astype(int)
        assert np.allclose(grid.origin[0] + jj * grid.cell_m, gp.vertices[:, 0], atol=0.01)
        assert np.allclose(grid.origin[1] + ii * grid.cell_m, gp.vertices[:, 1], atol=0.01)
        srgb = np.clip(grid.albedo[ii, jj], 0, 1) ** (1 / 2.2) * 255
        assert np.abs(png[ii, jj, 0] - srgb).max() <= 1.0
    for m in doc["meshes"]:
        for p in m["primitives"]:
            assert "NORMAL" in p["attributes"]
    # Y-up in the data: no group is turned from z-up (the root groups carry no rotation),
    # and the engines' tops are high in +Y
    for i in doc["scenes"][0]["nodes"]:
        if doc["nodes"][i].get("children"):
            assert "rotation" not in doc["nodes"][i], doc["nodes"][i]["name"]
    eng = next(n for n in doc["nodes"] if n["name"] == "engine_1")
    pts = np.vstack(
        [
            _accessor(doc, binary, p["attributes"]["POSITION"], 3)
            for p in doc["meshes"][eng["mesh"]]["primitives"]
        ]
    )
    assert pts[:, 1].max() > 150 and np.abs(pts[:, 2]).max() < 0.5 * pts[:, 1].max()
    # emissive parts use the strength extension; lights and cameras and animations exist
    assert "KHR_materials_emissive_strength" in doc["extensionsUsed"]
    assert "KHR_lights_punctual" in doc["extensionsUsed"]
    kinds = {li["type"] for li in doc["extensions"]["KHR_lights_punctual"]["lights"]}
    assert "directional" in kinds and "spot" in kinds
    assert len(doc["cameras"]) >= 3
    assert [a["name"] for a in doc["animations"]] == ["all", *tiny_world.paths]
    assert "fly" in tiny_world.paths
    # node extras carry kind and builder parameters
    eng = next(n for n in doc["nodes"] if n["name"] == "engine_1")
    assert eng["extras"]["kind"] == "engine" and "height_m" in eng["extras"]["params"]


def _accessor(doc, binary, index, width):
    acc = doc["accessors"][index]
    view = doc["bufferViews"][acc["bufferView"]]
    return np.frombuffer(binary, np.float32, acc["count"] * width, view["byteOffset"]).reshape(
        -1, width
    )


def test_glb_positions_match_graph(glb, tiny_world):
    doc, binary = parse_glb(glb)
    terrain = next(n for n in doc["nodes"] if n["name"] == "terrain")
    acc = doc["accessors"][
        doc["meshes"][terrain["mesh"]]["primitives"][0]["attributes"]["POSITION"]
    ]
    view = doc["bufferViews"][acc["bufferView"]]
    pos = np.frombuffer(binary, np.float32, acc["count"] * 3, view["byteOffset"]).reshape(-1, 3)
    prim = tiny_world.terrain_node.mesh.primitives[0]
    # Y-up: (x, y, z) of the scene is (x, z, -y) in the file
    v = prim.vertices
    assert np.array_equal(pos, np.column_stack([v[:, 0], v[:, 2], -v[:, 1]]))
    assert np.allclose(acc["min"], pos.min(axis=0))


def test_round_trip_through_trimesh(tmp_path, tiny_world):
    """Another tool (trimesh) loads the plain-instanced scene (a node per instance):
    names, count, transforms, triangles."""
    import trimesh

    f = tmp_path / "scene.glb"
    f.write_bytes(export_glb(tiny_world, aspect=16 / 9, instancing="plain", sky=False))
    scene = trimesh.load(f, force="scene")
    graph = tiny_world.graph
    # every node but the lamps (a few stand for them; the rest are baked) and the groups
    # of complexes (the output groups by kind)
    ours = {n.name for n, _, _ in graph.walk() if n.kind != "lamp" and (n.mesh or n.camera)}
    theirs = set(scene.graph.nodes) - {scene.graph.base_frame}
    assert ours <= theirs
    mesh_nodes = [n for n in scene.graph.nodes_geometry]  # trimesh: a node per primitive
    # every primitive but the assets' plumes (dropped), and each jet's core and shells
    drawn = [p for n, _ in graph.instances() for p in n.mesh.primitives if p.material != "plume"]
    n_layers = 1 + len(SHELLS)
    assert len(mesh_nodes) == len(drawn) + n_layers * n_jets(tiny_world)
    moving = {d.node for d in graph.drives}  # written where they stand at t = 0
    # triangle count as drawn: the graph's without plumes, and the jets' lathes
    total = sum(len(scene.geometry[scene.graph[n][1]].faces) for n in mesh_nodes)
    jet_tris = n_layers * 2 * jets.SEGMENTS * (len(RINGS) - 1) * n_jets(tiny_world)
    assert total == sum(p.n_triangles for p in drawn) + jet_tris
    # world transforms: trimesh's (Y-up) = our (Z-up) matrix conjugated into Y-up
    from lunarbase.scene.exchange.gltf import Y_UP

    for node, world in [e for e in graph.instances() if e[0].name not in moving][:60]:
        m, _ = scene.graph[node.name]
        assert np.allclose(m, Y_UP @ world @ Y_UP.T, atol=1e-3), node.name


def test_instancing_shrinks_the_file(tiny_world):
    flat = export_glb(tiny_world, instancing=False, sky=False)
    inst = export_glb(tiny_world, sky=False)
    assert len(flat) > 1.5 * len(inst)
    doc, _ = parse_glb(flat)
    parts = sum(n_parts(n.mesh) for n, _ in tiny_world.graph.instances())
    assert len(doc["meshes"]) == parts + n_jets(tiny_world)


def test_same_scene_same_bytes(glb, tiny_world):
    assert export_glb(tiny_world, aspect=16 / 9) == glb
