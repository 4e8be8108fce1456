"""Image-space finishing in numpy: supersample reduction and bloom around bright pixels."""

from __future__ import annotations

import numpy as np
from scipy import ndimage


def downsample(img: np.ndarray, factor: int) -> np.ndarray:
    """(H*f, W*f, C) → (H, W, C) by box filtering (the SSAA resolve); keeps the dtype of
    float input. Rows are summed first (contiguous), then columns: several times faster
    than one mean over two strided axes."""
    if factor == 1:
        return img
    h, w, c = img.shape
    rows = img.reshape(h // factor, factor, w * c).sum(axis=1, dtype=img.dtype)
    out = rows.reshape(h // factor, w // factor, factor, c).sum(axis=2, dtype=img.dtype)
    out *= 1.0 / (factor * factor)
    return out


def bloom(
    img: np.ndarray, threshold: float = 0.85, strength: float = 0.6, sigma_frac: float = 0.006
) -> np.ndarray:
    """Add a soft glow around pixels brighter than ``threshold`` to ``img`` ((H, W, 3)
    float 0..1); returns a float32 image.

    The glow is blurred at quarter resolution (it is smooth anyway) and scaled back up, so
    its cost hardly depends on the frame size."""
    img = np.asarray(img, dtype=np.float32)
    bright = img @ np.array([0.2126, 0.7152, 0.0722], dtype=np.float32)
    bright -= threshold
    np.maximum(bright, 0, out=bright)
    if not bright.any():
        return img
    bright *= 1.0 / (1 - threshold)
    k = 4 if min(img.shape[:2]) >= 64 else 1
    h, w = (img.shape[0] // k) * k, (img.shape[1] // k) * k
    small = downsample(img[:h, :w] * bright[:h, :w, None], k)
    sigma = max(1.0, sigma_frac * img.shape[1]) / k
    # narrow lobe at 1/k resolution; the wide lobe (4 sigma) at a further 1/4, where its
    # kernel is as short as the narrow one's
    glow = 0.6 * ndimage.gaussian_filter(small, sigma=(sigma, sigma, 0))
    sh, sw = (small.shape[0] // 4) * 4, (small.shape[1] // 4) * 4
    if sh >= 4 and sw >= 4:
        tiny = downsample(small[:sh, :sw], 4)
        wide = ndimage.gaussian_filter(tiny, sigma=(sigma, sigma, 0))
        glow[:sh, :sw] += 0.4 * ndimage.zoom(
            wide, (4, 4, 1), order=1, grid_mode=True, mode="nearest"
        )
    else:
        glow += 0.4 * ndimage.gaussian_filter(small, sigma=(4 * sigma, 4 * sigma, 0))
    glow *= strength
    out = img.copy()
    out[:h, :w] += np.repeat(np.repeat(glow, k, axis=0), k, axis=1)
    return np.clip(out, 0, 1, out=out)
