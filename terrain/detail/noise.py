"""Lattice value noise hashed from integer world-lattice coordinates and the seed: a pure
function of world position (any window over the same world points gives the same values)."""

from __future__ import annotations

import numpy as np

__all__ = ["hash_unit", "value_noise", "fractal_noise"]

_M1 = np.uint64(0x9E3779B97F4A7C15)
_M2 = np.uint64(0xC2B2AE3D27D4EB4F)
_M3 = np.uint64(0x165667B19E3779F9)
_F1 = np.uint64(0xBF58476D1CE4E5B9)
_F2 = np.uint64(0x94D049BB133111EB)


def hash_unit(i: np.ndarray, j: np.ndarray, key: int) -> np.ndarray:
    """Uniform values in [-1, 1) of integer lattice points (``i``, ``j`` int64 arrays that
    broadcast, e.g. (h, 1) and (1, w)) and an integer ``key`` (seed and octave): splitmix64
    of the coordinates; float64 of the broadcast shape."""
    with np.errstate(over="ignore"):
        h = (i.astype(np.uint64) * _M1) ^ (j.astype(np.uint64) * _M2)
        h ^= np.uint64(key & 0xFFFFFFFFFFFF) * _M3
        h ^= h >> np.uint64(30)
        h *= _F1
        h ^= h >> np.uint64(27)
        h *= _F2
        h ^= h >> np.uint64(31)
    return (h >> np.uint64(11)).astype(np.float64) * (2.0 / 2.0**53) - 1.0


def value_noise(x: np.ndarray, y: np.ndarray, wavelength: float, key: int) -> np.ndarray:
    """Smooth value noise of lattice spacing ``wavelength`` (m) at world ``x`` (w,) and
    ``y`` (h,) coordinates: (h, w) float64 in [-1, 1]."""
    fx, fy = x / wavelength, y / wavelength
    ix0, iy0 = np.floor(fx), np.floor(fy)
    tx, ty = fx - ix0, fy - iy0
    tx = tx * tx * (3.0 - 2.0 * tx)
    ty = ty * ty * (3.0 - 2.0 * ty)
    # hash the few lattice nodes the window touches, then gather
    i_lo, j_lo = int(iy0.min()), int(ix0.min())
    li = np.arange(i_lo, int(iy0.max()) + 2, dtype=np.int64)
    lj = np.arange(j_lo, int(ix0.max()) + 2, dtype=np.int64)
    lat = hash_unit(li[:, None], lj[None, :], key)
    # separably, rows of lattice nodes first (the same arithmetic as four gathers per texel)
    r = (iy0 - i_lo).astype(np.intp)
    c = (ix0 - j_lo).astype(np.intp)
    rows = lat[:, c] * (1.0 - tx) + lat[:, c + 1] * tx  # (lattice rows, w)
    ty = ty[:, None]
    out = np.take(rows, r, axis=0)
    out *= 1.0 - ty
    nxt = np.take(rows, r + 1, axis=0)
    nxt *= ty
    out += nxt
    return out


def fractal_noise(
    x: np.ndarray,
    y: np.ndarray,
    wavelengths: tuple[float, ...],
    amplitudes: tuple[float, ...],
    key: int,
) -> np.ndarray:
    """Sum of value-noise octaves (``wavelengths`` m, ``amplitudes``) at world ``x`` (w,),
    ``y`` (h,): (h, w) float64."""
    out = np.zeros((y.size, x.size))
    for k, (lam, amp) in enumerate(zip(wavelengths, amplitudes, strict=True)):
        out += amp * value_noise(x, y, lam, key * 64 + k)
    return out
