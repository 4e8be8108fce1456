"""The filmic tone curve: monotonic, rolls highlights off below white, shared by preview and
final quality; a small hero frame has next to no clipped pixels."""

from __future__ import annotations

import numpy as np
import pytest

from lunarbase.scene.shading.tone import (
    filmic,
    filmic_linear,
    inverse_filmic_display,
    scene_exposure,
)


def test_curve_is_monotonic_and_never_white():
    x = np.geomspace(1e-5, 1e4, 20000)
    y = filmic_linear(x)
    assert np.all(np.diff(y) > 0)
    assert y[0] >= 0 and y[-1] < 1.0
    d = filmic(np.c_[x, x, x])[:, 0]
    assert np.all(np.diff(d) >= 0)
    assert d[np.searchsorted(x, 7.0)] < 0.99  # 7x the key is still below the flat-white 254


def test_inverse_round_trips():
    d = np.linspace(0.02, 0.98, 50)
    assert np.allclose(filmic(inverse_filmic_display(d)[:, None].repeat(3, 1))[:, 0], d, atol=1e-6)


def test_exposure_follows_the_light_levels():
    base = {"sun_intensity": 2.2, "earthshine": 0.05}
    assert scene_exposure(base) == scene_exposure(dict(base))  # deterministic
    assert scene_exposure({**base, "sun_intensity": 4.4}) < scene_exposure(base)


def test_lamp_pool_peak_is_below_white():
    """A pool under three overlapping mast lamps at the scene's exposure stays off white."""
    from lunarbase.scene.shading.tone import REGOLITH_ALBEDO

    lighting = {"sun_intensity": 2.2, "earthshine": 0.05}
    peak = REGOLITH_ALBEDO * (3 * 3.0 + 2.2)  # three lamps' feet plus the full sun
    assert filmic(np.full((1, 3), peak), scene_exposure(lighting)).max() < 0.97


@pytest.fixture(scope="module")
def hero_frames(tiny_world):
    from lunarbase.scene.render.renderer import Renderer

    out = {}
    for q in ("preview", "final"):
        r = Renderer(240, 144, q)
        out[q] = r.render(tiny_world, tiny_world.shots["hero"])
        r.close()
    return out


def test_same_curve_in_both_qualities(hero_frames):
    """Preview and final differ in anti-aliasing only: the same levels frame-wide."""
    a, b = (hero_frames[q].astype(float) for q in ("preview", "final"))
    assert abs(a.mean() - b.mean()) < 2.0
    for p in (25, 50, 75, 99):
        assert abs(np.percentile(a, p) - np.percentile(b, p)) <= 4


def test_small_hero_hardly_clips(hero_frames):
    for img in hero_frames.values():
        assert (img >= 254).any(axis=2).mean() < 0.01
