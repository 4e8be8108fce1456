"""Colour encoding shared by every stage: linear light → display values and bytes.

One display gamma for the whole program (the renderer's colours, the baked lighting, the
terrain texture written to glTF) and one float → uint8 rule (round half up).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from collections.abc import Sequence

DISPLAY_GAMMA = 2.2


def encode_display(linear: np.ndarray) -> np.ndarray:
    """(..., C) linear values (e.g. (n, n, 3) or (F, 3)) → display values 0..1 of the same
    shape (clipped, gamma encoded)."""
    return np.clip(linear, 0.0, 1.0) ** (1 / DISPLAY_GAMMA)


def display_tuple(rgb: Sequence[float]) -> tuple[float, float, float]:
    """One linear RGB triple (0..1) → display floats, for a single VTK colour."""
    return tuple(float(c) ** (1 / DISPLAY_GAMMA) for c in rgb)


def to_uint8(img: np.ndarray) -> np.ndarray:
    """(..., C) display values 0..1 (e.g. (H, W, 3) or (F, 3)) → uint8 of the same shape
    (clipped, rounded half up)."""
    return (np.clip(img, 0, 1) * 255 + 0.5).astype(np.uint8)
