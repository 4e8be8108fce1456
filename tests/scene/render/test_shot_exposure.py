"""A still is exposed per shot: the renderer applies the shot's gain to the whole frame."""

from __future__ import annotations

import numpy as np

from lunarbase.scene.render.renderer import Renderer
from lunarbase.scene.shading.baked import Baked
from lunarbase.scene.shading.exposure import regrade_uint8, shot_gain


def test_gain_darkens_or_brightens_the_frame_and_keeps_black(tiny_world):
    pose = tiny_world.shots[next(iter(tiny_world.shots))]
    gain = shot_gain(Baked.of(tiny_world), [pose], 96 / 64)
    assert 0.75 <= gain <= 1.25
    r = Renderer(96, 64, "preview")
    try:
        plain = r.render(tiny_world, pose)
        dark = r.render(tiny_world, pose, gain=0.8)
        bright = r.render(tiny_world, pose, gain=1.2)
    finally:
        r.close()
    np.testing.assert_array_equal(dark, regrade_uint8(plain, 0.8))
    assert dark.mean() < plain.mean() < bright.mean()
    black = plain.max(axis=2) == 0
    assert black.any() and (dark[black] == 0).all() and (bright[black] == 0).all()
