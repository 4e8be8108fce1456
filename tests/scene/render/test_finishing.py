"""Image-space finishing: the SSAA resolve and bloom."""

from __future__ import annotations

import numpy as np

from lunarbase.scene.render.post import bloom, downsample


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
