"""Exposure per shot, from the scene: a shot's gain is measured on the bake (not on its
pixels), bounded, one value for a path; regrading a display image by a gain is what the
tone curve would have drawn at that exposure."""

from __future__ import annotations

import numpy as np
import pytest

from lunarbase.scene.anim.cameras import Pose
from lunarbase.scene.shading.exposure import (
    GAIN_RANGE,
    regrade,
    regrade_table,
    regrade_uint8,
    shot_gain,
)
from lunarbase.scene.shading.tone import filmic


def test_regrade_is_the_curve_at_another_exposure():
    x = np.geomspace(1e-3, 50.0, 400)
    shown = filmic(np.c_[x, x, x])[:, 0]
    for gain in (0.75, 1.0, 1.25):
        t = regrade_table(gain)
        assert np.all(np.diff(t) >= 0) and t[0] == 0.0 and t[-1] < 1.0 + 1e-6
        got = np.interp(shown, np.linspace(0, 1, len(t)), t)
        want = filmic(np.c_[x, x, x] * gain)[:, 0]
        assert np.abs(got - want).max() < 0.01
    assert np.array_equal(
        regrade_table(1.0), np.linspace(0, 1, len(regrade_table(1.0)), dtype=np.float32)
    )


def test_uint8_and_float_regrades_agree():
    img = np.random.default_rng(3).integers(0, 256, (40, 50, 3), dtype=np.uint8)
    for gain in (0.8, 1.2):
        f = regrade(img.astype(np.float32) / 255.0, gain)
        u = regrade_uint8(img, gain)
        assert u.dtype == np.uint8 and np.abs(f * 255.0 - u).max() <= 1.5
    assert regrade_uint8(img, 1.0) is img


@pytest.fixture(scope="module")
def baked(tiny_world):
    from lunarbase.scene.shading.baked import Baked

    return Baked.of(tiny_world)


def test_shot_gain_comes_from_the_scene(baked, tiny_world):
    shots = tiny_world.shots
    gains = {name: shot_gain(baked, [pose]) for name, pose in shots.items()}
    assert all(GAIN_RANGE[0] <= g <= GAIN_RANGE[1] for g in gains.values())
    assert gains == {name: shot_gain(baked, [pose]) for name, pose in shots.items()}  # same
    # a path's poses share one gain, within the range of theirs
    path = [shots["hero"], shots["pads"], shots["habitats"]]
    g = shot_gain(baked, path)
    assert min(gains[n] for n in ("hero", "pads", "habitats")) - 1e-9 <= g
    assert g <= max(gains[n] for n in ("hero", "pads", "habitats")) + 1e-9
    # nothing of the scene in view (straight up): the scene's own exposure
    t = tiny_world.terrain
    h = t.hero
    z = float(t.height_at(h["x"], h["y"])) + 50.0
    up = Pose((h["x"], h["y"], z), (h["x"] + 1e-3, h["y"], z + 1000.0), 20.0)
    assert shot_gain(baked, [up]) == 1.0


def test_brighter_view_gets_less_gain(baked, tiny_world):
    """The same shot of a brighter ground (its lit image regraded up) gets less gain, of a
    darker one more: the gain follows what the shot sees of the bake."""
    from types import SimpleNamespace

    pose = tiny_world.shots["habitats"]

    def seen(gain):
        ground = regrade(np.array(baked.lit.terrain, np.float32), gain)
        lit = SimpleNamespace(terrain=ground, faces_lod0={})
        return shot_gain(SimpleNamespace(world=tiny_world, lit=lit, merged_lod0={}), [pose])

    assert seen(0.5) > seen(1.0) > seen(2.0)
