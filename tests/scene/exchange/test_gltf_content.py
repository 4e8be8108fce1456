"""What the GLB holds for other tools (issue 18): a few lights in photometric units that keep
our renders' balance, the other pools baked into the terrain, emission below white, GPU
instances that put every copy where the graph does, camera and rover animations with
their frame range, and the Earth and the stars where our stills draw them."""

from __future__ import annotations

import imageio.v3 as iio
import numpy as np
import pytest
from test_gltf import _accessor, parse_glb

from lunarbase.scene.anim.motion import drive_matrix
from lunarbase.scene.exchange.gltf import MAX_LAMPS, Y_UP, detail, export_glb, sky
from lunarbase.scene.exchange.gltf import lights as gl
from lunarbase.scene.exchange.gltf.materials import EMISSIVE_PEAK
from lunarbase.scene.shading.lighting import lamp_mount
from lunarbase.terrain.shading import sun_vector


@pytest.fixture(scope="module")
def parsed(tiny_world):
    return parse_glb(export_glb(tiny_world, aspect=16 / 9))


def _node(doc, name):
    return next(n for n in doc["nodes"] if n["name"] == name)


def _image(doc, binary, texture):
    image = doc["images"][doc["textures"][texture]["source"]]
    view = doc["bufferViews"][image["bufferView"]]
    return iio.imread(binary[view["byteOffset"] : view["byteOffset"] + view["byteLength"]])


def _y_up(v):
    v = np.asarray(v, float)
    return np.array([v[0], v[2], -v[1]])


def test_lights_few_and_in_balance_with_the_sun(parsed, tiny_world):
    doc, _ = parsed
    lights = doc["extensions"]["KHR_lights_punctual"]["lights"]
    spots = [li for li in lights if li["type"] == "spot"]
    assert len(tiny_world.lamps) > MAX_LAMPS and len(spots) == MAX_LAMPS
    assert len(lights) <= 16  # issue 18: the sun and representatives, at most 16
    assert sum(li["extras"].get("stands_for", 1) for li in spots) == len(tiny_world.lamps)
    sun = next(li for li in lights if li["type"] == "directional")
    lt = tiny_world.cfg.lighting
    assert sun["intensity"] == pytest.approx(lt["sun_intensity"] * gl.LUX_PER_UNIT)
    by_name = {n.name: n.light for n, _, _ in tiny_world.graph.walk() if n.light is not None}
    for li in spots:
        lamp = by_name[li["name"]]
        h = lamp_mount(lamp)
        # the ground under the lamp gets I / h² lux: our pool's peak, relative to the sun's
        ratio = li["intensity"] / h**2 / sun["intensity"]
        assert ratio == pytest.approx(lamp.intensity * lt["lamp_intensity"] / lt["sun_intensity"])
        assert 0 < li["range"] <= 10 * h + 1e-6
        node = _node(doc, li["name"])
        assert np.allclose(node["translation"], _y_up(lamp.position), atol=1e-3)
        # our pool is a disc under the lamp: the light points straight down (its local
        # -z is Y-up -y) and its soft cone opens out to where the pool ends
        rot = _trs_matrix(q=node["rotation"])[:3, :3]
        assert rot @ [0, 0, -1] == pytest.approx([0, -1, 0], abs=1e-9)
        cone = li["spot"]
        assert cone["innerConeAngle"] == 0
        assert np.tan(cone["outerConeAngle"]) * h == pytest.approx(li["range"], rel=1e-6)


def test_all_lamps_on_request_and_then_nothing_baked(tiny_world):
    doc, _ = parse_glb(export_glb(tiny_world, lamps=None, sky=False))
    spots = [
        li for li in doc["extensions"]["KHR_lights_punctual"]["lights"] if li["type"] == "spot"
    ]
    assert len(spots) == len(tiny_world.lamps)
    assert not any("emissiveTexture" in m for m in doc["materials"])


def test_pools_baked_into_the_terrain(parsed, tiny_world):
    doc, binary = parsed
    terrain = _node(doc, "terrain")
    prim = doc["meshes"][terrain["mesh"]]["primitives"][0]
    mat = doc["materials"][prim["material"]]
    glow = _image(doc, binary, mat["emissiveTexture"]["index"])
    t = tiny_world.terrain
    assert glow.shape == t.albedo.shape + (3,)
    assert glow.max() <= round(EMISSIVE_PEAK ** (1 / 2.2) * 255) + 1  # never white
    # bright under a baked lamp that stands on the near grid, dark far from every lamp
    written = {li["name"] for li in doc["extensions"]["KHR_lights_punctual"]["lights"]}
    feet = [
        n.light.position
        for n, _, _ in tiny_world.graph.walk()
        if n.kind == "lamp" and n.name not in written and n.light.mount_m < 15
    ]
    ij = [
        (int(round((y - t.origin[1]) / t.cell_m)), int(round((x - t.origin[0]) / t.cell_m)))
        for x, y, _ in feet
    ]
    lit = [glow[i, j].max() for i, j in ij if 0 <= i < t.size_px and 0 <= j < t.size_px]
    assert lit and np.median(lit) > 40
    assert (glow.max(axis=2) == 0).mean() > 0.3


def test_emission_stays_below_white(parsed):
    doc, binary = parsed
    for m in doc["materials"]:
        if "emissiveFactor" in m:
            s = m.get("extensions", {}).get("KHR_materials_emissive_strength", {})
            peak = 1.0  # of the emissive texture, linear (it is sRGB encoded)
            if "emissiveTexture" in m:
                peak = (_image(doc, binary, m["emissiveTexture"]["index"]).max() / 255) ** 2.2
            value = max(m["emissiveFactor"]) * s.get("emissiveStrength", 1.0) * peak
            assert value <= EMISSIVE_PEAK + 0.01, m["name"]
    names = {m["name"] for m in doc["materials"] if "emissiveFactor" in m}
    assert {"engine_glow", "window_lit", "earth", "stars", "jet_core"} <= names


def _trs_matrix(t=None, q=None, s=None):
    from scipy.spatial.transform import Rotation

    m = np.eye(4)
    m[:3, :3] = Rotation.from_quat(q if q is not None else (0, 0, 0, 1)).as_matrix()
    m[:3, :3] *= np.asarray(s if s is not None else (1, 1, 1))[None, :]
    m[:3, 3] = t if t is not None else 0
    return m


def test_gpu_instances_land_where_the_graph_puts_them(parsed, tiny_world):
    doc, binary = parsed
    worlds = {n.name: m for n, m in tiny_world.graph.instances()}
    seen = set()
    batched = [n for n in doc["nodes"] if "EXT_mesh_gpu_instancing" in n.get("extensions", {})]
    assert batched and "EXT_mesh_gpu_instancing" not in doc.get("extensionsRequired", [])
    for node in batched:
        if node["name"].endswith("/beacons"):  # its batch's instances (test_gltf_effects)
            continue
        attrs = node["extensions"]["EXT_mesh_gpu_instancing"]["attributes"]
        t = _accessor(doc, binary, attrs["TRANSLATION"], 3)
        q = _accessor(doc, binary, attrs["ROTATION"], 4)
        s = _accessor(doc, binary, attrs["SCALE"], 3) if "SCALE" in attrs else np.ones_like(t)
        names = node["extras"]["instances"]
        assert len(t) == len(q) == len(s) == len(names) >= 4
        assert np.allclose(np.linalg.norm(q, axis=1), 1.0, atol=1e-5)
        base = _trs_matrix(node.get("translation"), node.get("rotation"), node.get("scale"))
        for k, name in enumerate(names):
            want = Y_UP @ worlds[name] @ Y_UP.T
            assert np.allclose(base @ _trs_matrix(t[k], q[k], s[k]), want, atol=2e-3), name
        # the fallback: instance 0 is the node itself
        assert np.allclose(t[0], 0, atol=1e-4) and np.allclose(
            np.abs(q[0]), [0, 0, 0, 1], atol=1e-5
        )
        seen.update(names)
    singles = {n["name"] for n in doc["nodes"] if "mesh" in n} & set(worlds)
    assert seen | singles == set(worlds)  # every mesh node drawn, once
    assert not seen & singles
    rocks = _node(doc, "rocks")
    assert all(
        "EXT_mesh_gpu_instancing" in doc["nodes"][i]["extensions"] for i in rocks["children"]
    )


def test_animations_cameras_and_rovers(parsed, tiny_world):
    doc, binary = parsed
    anims = {a["name"]: a for a in doc["animations"]}
    names = [n["name"] for n in doc["nodes"]]
    drives = tiny_world.graph.drives
    assert drives
    targets = {names[c["target"]["node"]] for c in anims["all"]["channels"]}
    effects = {t for t in targets if t.endswith(("/beacons", "/plume"))}  # test_gltf_effects
    assert targets - effects == {f"path_{p}" for p in tiny_world.paths} | {d.node for d in drives}
    fps = tiny_world.cfg.render.fps
    extras = doc["scenes"][0]["extras"]
    longest = max(p.duration for p in tiny_world.paths.values())
    assert extras["frame_rate"] == fps and extras["frame_start"] == 0
    assert extras["frame_end"] == round(longest * fps)
    for name, path in tiny_world.paths.items():
        a = anims[name]
        assert a["extras"]["duration_s"] == pytest.approx(path.duration)
        times = [doc["accessors"][s["input"]]["max"][0] for s in a["samplers"]]
        assert max(times) == pytest.approx(path.duration, abs=0.26)
    # a rover's keys are its drive channel, Y-up
    d = drives[0]
    ch = next(c for c in anims["all"]["channels"] if names[c["target"]["node"]] == d.node)
    sampler = anims["all"]["samplers"][ch["sampler"]]
    times = _accessor(doc, binary, sampler["input"], 1)[:, 0]
    pos = _accessor(doc, binary, sampler["output"], 3)
    for k in (0, len(times) // 2, len(times) - 1):
        want = drive_matrix(tiny_world.terrain, d, float(times[k]))[:3, 3]
        assert np.allclose(pos[k], _y_up(want), atol=0.02)
    assert np.linalg.norm(pos[-1] - pos[0]) > 5.0  # it moves


def test_earth_and_stars_where_our_stills_draw_them(parsed, tiny_world):
    doc, binary = parsed
    lt = tiny_world.cfg.lighting
    hero = tiny_world.terrain.hero
    centre = _y_up([hero["x"], hero["y"], 0.0])
    earth = _node(doc, "earth")
    d = np.array(earth["translation"]) - centre
    e = _y_up(sun_vector(lt["earth_azimuth_deg"], lt["earth_elevation_deg"]))
    assert np.allclose(d / np.linalg.norm(d), e, atol=1e-9)
    pos = _accessor(
        doc, binary, doc["meshes"][earth["mesh"]]["primitives"][0]["attributes"]["POSITION"], 3
    )
    radius = np.linalg.norm(pos, axis=1).max()
    assert np.degrees(2 * np.arctan(radius / np.linalg.norm(d))) == pytest.approx(1.9, rel=0.01)
    stars = _node(doc, "stars")
    spos = _accessor(
        doc, binary, doc["meshes"][stars["mesh"]]["primitives"][0]["attributes"]["POSITION"], 3
    )
    dirs = spos / np.linalg.norm(spos, axis=1, keepdims=True)
    sun = _y_up(sun_vector(lt["sun_azimuth_deg"], lt["sun_elevation_deg"]))
    assert np.degrees(np.arccos((dirs @ sun).max())) >= sky.SUN_HOLE_DEG - 1e-3  # open to the sun
    mat = doc["materials"][doc["meshes"][stars["mesh"]]["primitives"][0]["material"]]
    tex = _image(doc, binary, mat["emissiveTexture"]["index"])
    assert 0.8 * sky.STAR_COUNT < (tex.max(axis=2) > 0).sum() <= sky.STAR_COUNT
    for cam in doc["cameras"]:
        assert cam["perspective"]["zfar"] > sky.DOME_RADIUS_M + 1e4


def test_export_lamps_flag_bad_input_is_one_line(tiny_scene, tmp_path):
    from conftest import run_cli

    r = run_cli("export", tiny_scene, "--lamps", "many", "--out", tmp_path / "x.glb")
    assert r.returncode == 2 and len(r.stderr.strip().splitlines()) == 1, r.stderr
    assert "--lamps" in r.stderr and not (tmp_path / "x.glb").exists()


def test_near_ground_carries_a_tiling_regolith_normal_map(parsed, tiny_world):
    """Issue 16: Blender and three.js users get regolith close up: the near grid's material
    has a normal texture repeating every 16 m through TEXCOORD_1 (world x, -y over 16 m),
    seamless across its edges, with craters' and rocks' slopes in it."""
    doc, binary = parsed
    terrain = _node(doc, "terrain")
    near, *far = doc["meshes"][terrain["mesh"]]["primitives"]
    mat = doc["materials"][near["material"]]
    ref = mat["normalTexture"]
    assert ref["texCoord"] == 1
    sampler = doc["samplers"][doc["textures"][ref["index"]]["sampler"]]
    assert sampler["wrapS"] == sampler["wrapT"] == 10497  # REPEAT
    assert all("normalTexture" not in doc["materials"][p["material"]] for p in far)
    uv1 = _accessor(doc, binary, near["attributes"]["TEXCOORD_1"], 2)
    v = tiny_world.terrain_node.mesh.primitives[0].vertices
    assert uv1 == pytest.approx(np.column_stack([v[:, 0], -v[:, 1]]) / detail.TILE_M, abs=1e-4)
    img = _image(doc, binary, ref["index"]).astype(float) / 127.5 - 1.0  # (n, n, 3)
    assert np.linalg.norm(img, axis=2) == pytest.approx(1.0, abs=0.02)
    assert img[..., 2].min() > 0  # facing out of the ground
    tilt = np.degrees(np.arccos(np.clip(img[..., 2], -1, 1)))
    assert np.percentile(tilt, 50) < 8 < np.percentile(tilt, 99.5)  # mostly level, crater walls
    # seamless: the step across the tile's edge is like a step inside it
    inside = np.abs(np.diff(img, axis=1)).mean()
    assert np.abs(img[:, 0] - img[:, -1]).mean() < 2 * inside
    inside = np.abs(np.diff(img, axis=0)).mean()
    assert np.abs(img[0] - img[-1]).mean() < 2 * inside


def test_each_light_written_draws_the_widest_pool_of_its_cluster():
    """Two far-apart groups of street lamps, each with one tall floodlight: written as two
    lights, the tall ones stand for their groups (the short ones' pools get baked)."""
    from lunarbase.scene.model.graph import SpotLight

    lamps = []
    for cx in (0.0, 5000.0):
        lamps += [
            SpotLight(position=(cx + 12.0 * i, 0.0, 4.0), range_m=30.0, mount_m=4.0)
            for i in range(6)
        ]
        lamps.append(SpotLight(position=(cx + 30.0, 20.0, 60.0), range_m=300.0, mount_m=60.0))
    reps = gl.representatives(lamps, 2)
    assert sorted(lamps[r.index].mount_m for r in reps) == [60.0, 60.0]
    assert sorted(r.stands_for for r in reps) == [7, 7]
