"""Engine jets: the beam reaches the top of the frame above a firing engine and is absent
above an idle one (``[base] engines_idle``); jets light what is near them; the jets are the
brightest things in a frame after the sun."""

from __future__ import annotations

import numpy as np
import pytest

from lunarbase.scene.render.sky import _project

SIZE = (240, 144)


@pytest.fixture(scope="module")
def idle_two(tiny_scene, tmp_path_factory):
    """The tiny world with its second engine idle."""
    from lunarbase.scene.assemble.world import build_world
    from lunarbase.scene.config.load import load_scene

    p = tmp_path_factory.mktemp("idle") / "idle.toml"
    p.write_text(tiny_scene.read_text().replace("[base]\n", '[base]\nengines_idle = "2"\n', 1))
    return build_world(load_scene(p))


@pytest.fixture(scope="module")
def frames(idle_two):
    """(all layers, effects hidden) hero frames of ``idle_two`` and the renderer."""
    from lunarbase.scene.render.renderer import Renderer

    r = Renderer(*SIZE, "preview")
    pose = idle_two.shots["hero"]
    full = r.render(idle_two, pose).astype(int)
    r.set_layer_visible("effects", False)
    bare = r.render(idle_two, pose).astype(int)
    r.set_layer_visible("effects", True)
    yield full, bare, r
    r.close()


def _engine_columns(world) -> list[int]:
    """Pixel column of each engine's nozzle in the hero frame, in engine order."""
    pose = world.shots["hero"]
    cols = []
    for node, m in world.graph.instances():
        if node.kind != "engine":
            continue
        top = m[:3, 3] + m[:3, 2] * float(node.extras["params"]["height_m"])
        d = top - np.asarray(pose.position)
        px, front, _ = _project((d / np.linalg.norm(d))[None], pose, *SIZE)
        assert front[0]
        cols.append(int(round(px[0, 0])))
    return cols


def test_beam_reaches_frame_top_above_firing_engines_only(idle_two, frames):
    full, bare, _ = frames
    mask = np.abs(full - bare).sum(axis=2) > 40  # the effects layer's own pixels
    cols = _engine_columns(idle_two)
    assert len(cols) == 3
    for i, c in enumerate(cols, start=1):
        band = mask[:8, max(c - 3, 0) : c + 4]
        if i == 2:
            assert not mask[: SIZE[1] // 3, max(c - 3, 0) : c + 4].any(), "idle engine has a beam"
        else:
            assert band.any(axis=1).all(), f"engine {i}: beam does not reach the frame top"


def test_jets_are_the_brightest_emitters(frames):
    """The beam's white-hot core over the sky outshines all but the last half per cent of
    the ground half of the frame (lamp heads and lit windows are small, not brighter)."""
    full, bare, _ = frames
    mask = np.abs(full - bare).sum(axis=2) > 40
    lum = full.mean(axis=2)
    beam = lum[:20][mask[:20]]
    ground = lum[SIZE[1] // 2 :]
    assert beam.max() > np.percentile(ground, 99.5)


def test_jets_light_the_engines_upper_stages(idle_two):
    """A face just below a firing nozzle gets jet light; the same point by the idle one none."""
    from lunarbase.scene.shading.jets import engine_jets, jet_irradiance

    jets = engine_jets(idle_two)
    assert len(jets) == 2  # engine 2 idle
    up = np.array([[0.0, 0.0, 1.0]])
    for j in jets:
        p = np.asarray(j.base)[None] + [[1.5 * j.exit_r, 0.0, -0.1 * j.height]]
        assert jet_irradiance(p, up, jets).sum() > 1.0


def test_bad_idle_value_is_one_line(tiny_scene, tmp_path):
    from lunarbase.scene.config.load import load_scene
    from lunarbase.scene.errors import SceneError

    for bad in ('"sometimes"', '"7"'):
        p = tmp_path / "bad.toml"
        p.write_text(tiny_scene.read_text().replace("[base]\n", f"[base]\nengines_idle = {bad}\n"))
        with pytest.raises(SceneError, match="base.engines_idle") as e:
            load_scene(p)
        assert "\n" not in str(e.value)
