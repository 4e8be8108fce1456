"""The moving vehicles' levels of detail: full near the camera, detail 0 far away."""

from __future__ import annotations

import numpy as np
import pytest

from lunarbase.scene.anim.cameras import Pose
from lunarbase.scene.assemble.world import build_world
from lunarbase.scene.config.load import load_scene
from lunarbase.scene.render.renderer import Renderer


def _drawn(actors) -> bool:
    return any(a.GetVisibility() for a in actors)


@pytest.fixture(scope="module")
def detailed_world(tiny_scene, tmp_path_factory):
    """The tiny scene with its assets built at detail 1 (the default's), so rovers have a
    cheaper level to switch to (one engine: the bake at detail 1 is most of the time)."""
    text = tiny_scene.read_text()
    assert "detail = 0" in text
    path = tmp_path_factory.mktemp("detail1") / "scene.toml"
    text = text.replace("detail = 0", "detail = 1").replace("engines = 3", "engines = 1")
    path.write_text(text)
    return build_world(load_scene(path))


def test_far_rovers_draw_their_cheap_level_and_follow_the_rover(detailed_world):
    tiny_world = detailed_world
    r = Renderer(64, 48, "preview")
    r.load(tiny_world)
    lod = r.vehicle_lod
    assert lod.vehicles, "the tiny scene drives rovers"
    full, cheap, switch, n_full, n_cheap = lod.vehicles[0]
    assert n_cheap < n_full / 3  # the cheap level is much cheaper
    m = full[0].GetUserMatrix()
    at = np.array([m.GetElement(i, 3) for i in range(3)])
    # a camera beside the rover: the full level; one beyond its switch distance: the cheap
    near = at + np.array([10.0, 0.0, 5.0])
    r.render(tiny_world, Pose(tuple(near), tuple(at), 50.0))
    assert _drawn(full) and not _drawn(cheap)
    far = at + np.array([switch + 50.0, 0.0, 200.0])
    r.render(tiny_world, Pose(tuple(far), tuple(at), 50.0))
    assert _drawn(cheap) and not _drawn(full)
    # the cheap level stands where the full one is placed this frame
    c = cheap[0].GetUserMatrix()
    got = np.array([[c.GetElement(i, j) for j in range(4)] for i in range(4)])
    want = np.array(
        [[full[0].GetUserMatrix().GetElement(i, j) for j in range(4)] for i in range(4)]
    )
    np.testing.assert_allclose(got, want)
    # a hidden layer hides both levels, and showing it again picks the level anew
    r.set_layer_visible("rovers", False)
    r.render(tiny_world, Pose(tuple(far), tuple(at), 50.0))
    assert not _drawn(cheap) and not _drawn(full)
    r.set_layer_visible("rovers", True)
    assert _drawn(cheap) and not _drawn(full)
    r.close()


def test_rovers_built_at_detail_0_have_no_cheaper_level(tiny_world):
    r = Renderer(64, 48, "preview")
    r.load(tiny_world)
    assert r.vehicle_lod.vehicles == []
    pose = tiny_world.shots[next(iter(tiny_world.shots))]
    r.render(tiny_world, pose)
    assert all(_drawn(actors) for _, actors in r.dynamic.vehicles)
    r.close()
