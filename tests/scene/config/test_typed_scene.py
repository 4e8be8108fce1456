"""The validated scene is a typed, immutable object made from the schema."""

from __future__ import annotations

import dataclasses
import pickle

import pytest

from lunarbase.scene.config.load import load_scene
from lunarbase.scene.config.schema import Field, Table, TableList
from lunarbase.scene.config.spec import SCENE


def test_scene_is_typed_frozen_and_complete(tiny_scene):
    s = load_scene(tiny_scene)
    assert dataclasses.is_dataclass(s) and type(s).__name__ == "Scene"
    assert isinstance(s.render.width, int) and s.render.width == 160
    assert isinstance(s.terrain.hero.diameter_m, float) and s.terrain.hero.diameter_m == 900.0
    assert isinstance(s.shots, tuple) and s.shots[0].name == "hero"
    assert s.shots[0].position == (-300.0, -1100.0, 200.0)
    with pytest.raises(dataclasses.FrozenInstanceError):
        s.seed = 3
    with pytest.raises(dataclasses.FrozenInstanceError):
        s.render.width = 3
    t = dataclasses.replace(s, seed=7)
    assert t.seed == 7 and s.seed == 11
    assert pickle.loads(pickle.dumps(s)) == s  # render processes receive it pickled


def test_every_schema_key_is_a_field(tiny_scene):
    """The classes come from the schema: every key of the spec is an attribute, so the
    docs, the validator and the typed scene cannot drift apart."""
    s = load_scene(tiny_scene)

    def walk(obj, table: Table, path: str):
        for key, sub in table.fields.items():
            value = getattr(obj, key)
            if isinstance(sub, Table):
                walk(value, sub, f"{path}.{key}")
            elif isinstance(sub, TableList):
                assert isinstance(value, tuple), f"{path}.{key}"
                for item in value:
                    walk(item, sub.item, f"{path}.{key}[]")
            else:
                assert isinstance(sub, Field)

    walk(s, SCENE, "")
    assert s.source.endswith("tiny.toml") and s.base_dir


def test_scene_reads_as_a_mapping_for_lower_libraries(tiny_scene):
    s = load_scene(tiny_scene)
    assert s["terrain"]["size_px"] == s.terrain.size_px == 193
    assert dict(s.lighting)["sun_azimuth_deg"] == s.lighting.sun_azimuth_deg
    plain = s.to_dict()
    assert isinstance(plain["shots"], list) and plain["shots"][0]["position"] == [-300, -1100, 200]


def test_a_pickled_scene_loads_in_a_fresh_process(tiny_scene):
    """Render workers unpickle the scene without having loaded a scene file themselves."""
    import subprocess
    import sys

    blob = pickle.dumps(load_scene(tiny_scene))
    code = "import pickle, sys; s = pickle.loads(sys.stdin.buffer.read()); print(s.render.width)"
    r = subprocess.run([sys.executable, "-c", code], input=blob, capture_output=True, timeout=120)
    assert r.returncode == 0, r.stderr.decode()[-2000:]
    assert r.stdout.decode().strip() == "160"
