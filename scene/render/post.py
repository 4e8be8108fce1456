"""Image-space finishing in numpy: supersample reduction and bloom around bright pixels.

The tone curve itself is applied where linear light becomes a display colour, in the bake
(``shading.tone.filmic``), so preview and final share it; the bloom here screen-blends its
glow (it rolls off towards white and never adds a flat clipped halo)."""

from __future__ import annotations

import numpy as np
from scipy import ndimage


def downsample(img: np.ndarray, factor: int) -> np.ndarray:
    """(H*f, W*f, C) → (H, W, C) by box filtering (the SSAA resolve); keeps the dtype of
    float input. Rows are summed first (contiguous), then columns: several times faster
    than one mean over two strided axes (``_block_sum``)."""
    if factor == 1:
        return img
    out = _block_sum(img, factor, img.dtype)
    out *= 1.0 / (factor * factor)
    return out


def _block_sum(a: np.ndarray, factor: int, dtype, op=np.add) -> np.ndarray:
    """(H*f, W*f, ...) → (H, W, ...) of each f×f block reduced by the ufunc ``op`` (sums by
    default) in ``dtype``: rows of the block first (whole contiguous lines), then the
    columns of their result."""
    h, w = a.shape[0] // factor, a.shape[1] // factor
    rest = a.shape[2:]
    v = a[: h * factor, : w * factor].reshape(h, factor, w * factor, *rest)
    s = v[:, 0].astype(dtype)
    for i in range(1, factor):
        op(s, v[:, i], out=s)
    s = s.reshape(h, w, factor, *rest)
    out = s[:, :, 0].copy()
    for j in range(1, factor):
        op(out, s[:, :, j], out=out)
    return out


def resolve(rgb: np.ndarray, factor: int) -> np.ndarray:
    """(H*f, W*f, 3) uint8 → (H, W, 3) float32 0..1 box-filtered (the SSAA resolve done on
    the bytes read back, in integer sums: a 4K frame's float copy is never made)."""
    if factor == 1:
        out = rgb.astype(np.float32)
    else:
        out = _block_sum(rgb, factor, np.uint16 if factor <= 16 else np.uint32)
        out = out.astype(np.float32)
    out *= np.float32(1.0 / (255.0 * factor * factor))
    return out


def coverage(mask: np.ndarray, factor: int) -> np.ndarray:
    """(H*f, W*f) bool → (H, W) float32 fraction of each f×f block that is True (the
    share of a resolved pixel that is sky, so its edge is anti-aliased as the rest)."""
    if factor == 1:
        return mask.astype(np.float32)
    n = _block_sum(mask.view(np.uint8), factor, np.uint8 if factor <= 15 else np.uint16)
    return n.astype(np.float32) * np.float32(1.0 / (factor * factor))


def block_min(z: np.ndarray, factor: int) -> np.ndarray:
    """(H*f, W*f) → (H, W): the least value of each f×f block (the nearest depth)."""
    if factor == 1:
        return z
    return _block_sum(z, factor, z.dtype, np.minimum)


def _linear_axis(a: np.ndarray, k: int, axis: int) -> np.ndarray:
    """``a`` stretched ``k`` times along ``axis`` by linear interpolation between pixel
    centres (edges held: scipy's ``zoom(order=1, grid_mode=True, mode="nearest")``)."""
    n = a.shape[axis]
    p = np.clip((np.arange(n * k) + 0.5) / k - 0.5, 0.0, n - 1)
    i0 = np.minimum(p.astype(np.intp), n - 1)
    i1 = np.minimum(i0 + 1, n - 1)
    shape = [1] * a.ndim
    shape[axis] = n * k
    w = (p - i0).astype(a.dtype).reshape(shape)
    lo = np.take(a, i0, axis=axis)
    lo *= 1.0 - w
    lo += np.take(a, i1, axis=axis) * w
    return lo


def upsample_linear(a: np.ndarray, k: int) -> np.ndarray:
    """(H, W, C) → (H k, W k, C) bilinear, pixel areas aligned (a blurred glow's scale-up:
    several times cheaper than ``ndimage.zoom``'s general spline path)."""
    return _linear_axis(_linear_axis(a, k, 0), k, 1)


ROWS = 256  # rows per block of the full-size passes (a multiple of every k used)


def bloom(
    img: np.ndarray, threshold: float = 0.85, strength: float = 0.6, sigma_frac: float = 0.006
) -> np.ndarray:
    """Add a soft glow around pixels brighter than ``threshold`` to ``img`` ((H, W, 3)
    float 0..1); returns a float32 image (``img`` itself, changed in place, when it is
    float32 already).

    The glow is blurred at quarter resolution (it is smooth anyway) and scaled back up, so
    its cost hardly depends on the frame size; the full-size passes run in blocks of
    ``ROWS`` rows, so a 4K frame needs no full-size temporaries."""
    img = np.asarray(img, dtype=np.float32)
    weights = np.array([0.2126, 0.7152, 0.0722], dtype=np.float32)
    k = 4 if min(img.shape[:2]) >= 64 else 1
    h, w = (img.shape[0] // k) * k, (img.shape[1] // k) * k
    small = np.zeros((h // k, w // k, 3), np.float32)
    lit = False
    for r0 in range(0, h, ROWS):
        block = img[r0 : min(r0 + ROWS, h), :w]
        bright = block @ weights
        bright -= threshold
        np.maximum(bright, 0, out=bright)
        if bright.any():
            lit = True
            bright *= 1.0 / (1 - threshold)
            small[r0 // k : (r0 + len(block)) // k] = downsample(block * bright[..., None], k)
    if not lit:
        return img
    sigma = max(1.0, sigma_frac * img.shape[1]) / k
    # narrow lobe at 1/k resolution; the wide lobe (4 sigma) at a further 1/4, where its
    # kernel is as short as the narrow one's
    glow = 0.6 * ndimage.gaussian_filter(small, sigma=(sigma, sigma, 0))
    sh, sw = (small.shape[0] // 4) * 4, (small.shape[1] // 4) * 4
    if sh >= 4 and sw >= 4:
        tiny = downsample(small[:sh, :sw], 4)
        wide = ndimage.gaussian_filter(tiny, sigma=(sigma, sigma, 0))
        glow[:sh, :sw] += 0.4 * upsample_linear(wide, 4)
    else:
        glow += 0.4 * ndimage.gaussian_filter(small, sigma=(4 * sigma, 4 * sigma, 0))
    glow *= strength
    np.clip(glow, 0, 1, out=glow)
    np.clip(img, 0, 1, out=img)
    for r0 in range(0, h, ROWS):
        rows = glow[r0 // k : min(r0 + ROWS, h) // k]
        block = img[r0 : r0 + len(rows) * k, :w]
        # screen blend (a + g - a g): the glow rolls off towards white instead of adding
        # past it, so only pixels already white are white after it (no flat clipped halo)
        if w == img.shape[1]:  # the block's pixels as (rows, k, cols, k, 3): no copies
            px = block.reshape(len(rows), k, w // k, k, 3)
            px += rows[:, None, :, None, :] * (1.0 - px)
            continue
        up = np.repeat(np.repeat(rows, k, axis=0), k, axis=1)
        up *= 1.0 - block
        block += up
    return img
