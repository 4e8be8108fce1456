"""Image-space finishing in numpy: supersample reduction and bloom around bright pixels."""

from __future__ import annotations

import numpy as np
from scipy import ndimage


def downsample(img: np.ndarray, factor: int) -> np.ndarray:
    """(H*f, W*f, C) → (H, W, C) by box filtering (the SSAA resolve); keeps float32."""
    if factor == 1:
        return img
    h, w, c = img.shape
    return img.reshape(h // factor, factor, w // factor, factor, c).mean(axis=(1, 3),
                                                                          dtype=img.dtype)


def bloom(img: np.ndarray, threshold: float = 0.85, strength: float = 0.6,
          sigma_frac: float = 0.006) -> np.ndarray:
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
    src = img[:h, :w] * bright[:h, :w, None]
    small = src.reshape(h // k, k, w // k, k, 3).mean(axis=(1, 3), dtype=np.float32)
    sigma = max(1.0, sigma_frac * img.shape[1]) / k
    glow = np.zeros_like(small)
    for mult, weight in ((1.0, 0.6), (4.0, 0.4)):
        glow += weight * ndimage.gaussian_filter(small, sigma=(sigma * mult, sigma * mult, 0))
    glow *= strength
    out = img.copy()
    out[:h, :w] += np.repeat(np.repeat(glow, k, axis=0), k, axis=1)
    return np.clip(out, 0, 1, out=out)


def to_uint8(img: np.ndarray) -> np.ndarray:
    return (np.clip(img, 0, 1) * 255 + 0.5).astype(np.uint8)
