"""Image-space finishing: the SSAA resolve and bloom."""

from __future__ import annotations

import numpy as np

from lunarbase.scene.render.post import block_min, bloom, coverage, downsample, resolve


def test_downsample_is_a_box_mean():
    rng = np.random.default_rng(0)
    img = rng.random((8, 12, 3)).astype(np.float32)
    out = downsample(img, 2)
    assert out.shape == (4, 6, 3) and out.dtype == np.float32
    np.testing.assert_allclose(out[1, 2], img[2:4, 4:6].mean(axis=(0, 1)), rtol=1e-6)
    assert downsample(img, 1) is img


def test_bloom_glows_round_bright_pixels_only():
    img = np.zeros((128, 128, 3), np.float32)
    img[60:68, 60:68] = 1.0
    out = bloom(img)
    assert out.dtype == np.float32 and out.max() <= 1.0
    assert out[64, 75, 0] > 0.0  # glow beside the bright patch
    assert out[64, 75, 0] > out[64, 100, 0]  # fading with distance
    dark = np.full((128, 128, 3), 0.3, np.float32)
    np.testing.assert_array_equal(bloom(dark), dark)  # nothing above threshold: unchanged


def test_resolve_of_bytes_matches_the_float_box_mean():
    rng = np.random.default_rng(1)
    rgb = rng.integers(0, 256, (12, 18, 3), dtype=np.uint8)
    for f in (1, 2, 3):
        out = resolve(rgb, f)
        want = downsample(rgb.astype(np.float32) / 255.0, f)
        assert out.dtype == np.float32 and out.shape == want.shape
        np.testing.assert_allclose(out, want, atol=1e-6)
    # the flipped view the render window's rows are read into resolves the same
    np.testing.assert_allclose(resolve(rgb[::-1], 2), resolve(rgb, 2)[::-1], atol=1e-6)


def test_sky_share_and_nearest_depth_per_resolved_pixel():
    sky = np.zeros((4, 4), bool)
    sky[0, :3] = True  # block (0, 0): 2 of 4 sky, block (0, 1): 1 of 4
    np.testing.assert_allclose(coverage(sky, 2), [[0.5, 0.25], [0.0, 0.0]])
    z = np.arange(16, dtype=np.float32).reshape(4, 4)
    np.testing.assert_array_equal(block_min(z, 2), [[0, 2], [8, 10]])


def test_glow_upsample_is_scipys_area_aligned_bilinear_zoom():
    from scipy import ndimage

    from lunarbase.scene.render.post import upsample_linear

    a = np.random.default_rng(2).random((9, 14, 3)).astype(np.float32)
    want = ndimage.zoom(a, (4, 4, 1), order=1, grid_mode=True, mode="nearest")
    np.testing.assert_allclose(upsample_linear(a, 4), want, atol=1e-6)
