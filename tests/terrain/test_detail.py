"""The ground's detail tier (terrain.detail): a pure function of world position and seed,
seamless across patch edges, following the crater and boulder laws it continues, and shaded
at the detail scale (a 1 m crater holds a shadow at a 2° sun)."""

from __future__ import annotations

import numpy as np
import pytest

from lunarbase.terrain.boulders import expected_boulders
from lunarbase.terrain.craters import expected_count
from lunarbase.terrain.detail import DetailLaw, detail_window, patch_window
from lunarbase.terrain.detail.features import Features, cell_craters, cell_rocks, gather
from lunarbase.terrain.detail.patch import detail_shading
from lunarbase.terrain.detail.stamp import stamp_craters
from lunarbase.terrain.heightfield import Terrain

SUN = (330.0, 4.0)


@pytest.fixture(scope="module")
def ground() -> Terrain:
    """A small sloping, wavy 3 m heightfield."""
    n = 129
    x = np.arange(n) * 3.0
    h = 0.02 * x[None, :] + 2.0 * np.sin(x[:, None] / 40.0) * np.cos(x[None, :] / 55.0)
    return Terrain(h, 3.0, (-192.0, -192.0), seed=7)


@pytest.fixture(scope="module")
def law(ground) -> DetailLaw:
    return DetailLaw.of(ground, patch_m=32.0, margin_m=16.0)


def test_patch_is_bit_identical_whatever_came_before(ground, law):
    a = detail_window(ground, law, *patch_window(law, 1, -2), *SUN)
    detail_window(ground, law, *patch_window(law, 0, 0), *SUN)  # another patch in between
    b = detail_window(ground, law, *patch_window(law, 1, -2), *SUN)
    assert a.factor.shape == (128, 128)
    assert np.array_equal(a.factor, b.factor) and np.array_equal(a.relief, b.relief)
    other = detail_window(
        ground, DetailLaw.of(ground, patch_m=32.0, seed=8), 32.0, -64.0, 128, *SUN
    )
    assert not np.array_equal(a.relief, other.relief)  # the seed matters


def test_patch_edges_match_a_window_straddling_them(ground, law):
    """Patches (0, 0) and (1, 0) against one window across their shared edge x = 32 m:
    relief equal to float32 rounding, the factor equal but where the window's own margin cut
    a long shadow differently; the step across the edge is like any step inside."""
    a = detail_window(ground, law, *patch_window(law, 0, 0), *SUN)
    b = detail_window(ground, law, *patch_window(law, 1, 0), *SUN)
    w = detail_window(ground, law, 16.0, 0.0, 128, *SUN)  # x 16..48 m, rows as the patches
    joined_r = np.concatenate([a.relief[:, 64:], b.relief[:, :64]], axis=1)
    joined_f = np.concatenate([a.factor[:, 64:], b.factor[:, :64]], axis=1)
    assert np.abs(joined_r - w.relief).max() < 1e-5
    diff = np.abs(joined_f - w.factor)
    assert np.mean(diff < 1e-3) > 0.98 and np.median(diff) < 1e-5
    step_edge = np.abs(b.factor[:, 0] - a.factor[:, -1]).mean()
    step_inside = np.abs(np.diff(a.factor, axis=1)).mean()
    assert step_edge < 1.5 * step_inside


def test_factor_keeps_the_3m_brightness(ground, law):
    """The factor only redistributes light: its mean over a patch is ~1, and so is its mean
    over every 8 m block (the base image's light at 3 m per texel is kept)."""
    f = detail_window(ground, law, *patch_window(law, 0, 1), *SUN).factor
    assert abs(float(f.mean()) - 1.0) < 0.08
    blocks = f.reshape(4, 32, 4, 32).mean(axis=(1, 3))
    assert np.all(np.abs(blocks - 1.0) < 0.2)
    assert 0.2 < float(f.std()) < 1.0  # and there is detail to see


def test_crater_counts_follow_the_terrain_law(law):
    """Craters gathered over a 640 m square: count per diameter bin within 4 sigma of the
    terrain's (equilibrium-capped) law."""
    cat = gather(
        lambda cx, cy: cell_craters(
            3, cx, cy, 32.0, law.crater_a, law.crater_b, 0.5, 10.0, law.crater_s_max
        ),
        (0.0, 0.0, 639.0, 639.0),
        0.0,
        32.0,
    )
    area = 640.0**2
    assert np.all((cat.x >= 0) & (cat.x < 640) & (cat.y >= 0) & (cat.y < 640))
    edges = np.array([0.5, 1.0, 2.0, 4.0, 10.0])
    got = np.histogram(cat.d, edges)[0]
    # the truncated law's expected count per bin: N(>lo) - N(>hi) over the sampled range
    total = expected_count(law.crater_a, law.crater_b, 0.5, 10.0, area)
    cdf = (0.5**-law.crater_b - edges**-law.crater_b) / (0.5**-law.crater_b - 10.0**-law.crater_b)
    want = total * np.diff(cdf)
    assert np.all(np.abs(got - want) < 4.0 * np.sqrt(want) + 2), (got, want)
    assert got[0] > 1000  # the small end is there in numbers
    assert np.all((cat.s >= 0) & (cat.s <= law.crater_s_max))


def test_rock_counts_continue_the_boulder_law(law):
    rocks = gather(
        lambda cx, cy: cell_rocks(3, cx, cy, 32.0, law.rock_a, law.rock_b, 0.05, 1.5),
        (0.0, 0.0, 255.0, 255.0),
        0.0,
        32.0,
    )
    area = 256.0**2
    for lo, hi in ((0.05, 0.1), (0.1, 0.3), (0.3, 1.5)):
        got = int(np.sum((rocks.d >= lo) & (rocks.d < hi)))
        want = expected_boulders(law.rock_a, law.rock_b, lo, hi, area)
        assert abs(got - want) < 4.0 * np.sqrt(want) + 2, (lo, got, want)


def test_one_metre_crater_is_shadowed_at_a_2_degree_sun():
    """A fresh 1 m crater (d/D 0.10) on flat ground, sun in the east at 2°: the east half of
    its floor lies in the east rim's shadow (ambient light only); at 30° none of it does."""
    t, n = 0.05, 64
    crater = Features(np.array([1.6]), np.array([1.6]), np.array([1.0]), np.array([0.0]))
    h = stamp_craters(crater, 0.0, 0.0, t, (n, n), 0.5, 10.0, 0.6)
    assert -0.09 < h.min() < -0.05  # the bowl is ~0.1 m deep below the rim
    c = (np.arange(n) + 0.5) * t - 1.6
    r = np.hypot(c[None, :], c[:, None])
    low = detail_shading(h, t, 90.0, 2.0, 0.015)
    high = detail_shading(h, t, 90.0, 30.0, 0.015)
    floor = r < 0.35
    east = floor & (c[None, :] > 0.05)
    assert np.mean(low[east] < 0.02) > 0.8
    assert np.mean(low[floor] < 0.02) > 0.4
    assert np.mean(high[floor] < 0.02) == 0.0
    flat = r > 1.5
    assert np.allclose(low[flat], np.sin(np.radians(2.0)) + 0.015, atol=0.01)


def test_cheap_routes_compute_the_same_values(ground):
    """``shade.smoothed_base`` (two matrix products) against the bilinear gather and 2-D
    Gaussian it replaces, and ``march_many`` against one ``_march`` per height field."""
    from scipy.ndimage import gaussian_filter

    from lunarbase.terrain.detail.shade import march_many, smoothed_base
    from lunarbase.terrain.shading import _march

    xs = -101.3 + (np.arange(150) + 0.5) * 0.25
    ys = 40.7 + (np.arange(130) + 0.5) * 0.25
    ref = gaussian_filter(
        np.asarray(ground.height_at(xs[None, :], ys[:, None])), 4.8, mode="nearest"
    )
    assert np.abs(smoothed_base(ground, xs, ys, 4.8) - ref).max() < 1e-9
    h = ref[:128, :128]
    hs = np.stack([h, h + np.random.default_rng(1).normal(0.0, 0.05, h.shape)])
    els = np.array([1.8, 2.0, 2.2])
    for az in (30.0, 100.0, 200.0, 300.0):
        want = np.stack([_march(x, 0.25, az, els) for x in hs])
        assert np.array_equal(march_many(hs, 0.25, az, els), want)
