"""Polyline helpers the layouts, the motion channels and the scene assembly share: (K, 2)
float xy polylines in world metres."""

from __future__ import annotations

import numpy as np


def resample(poly: np.ndarray, step: float) -> np.ndarray:
    """(K, 2) polyline → (M, 2) float64 points every ``step`` metres along it, from its
    start."""
    seg = np.diff(poly, axis=0)
    s = np.concatenate([[0], np.cumsum(np.hypot(seg[:, 0], seg[:, 1]))])
    t = np.arange(0, s[-1] + 1e-9, step)
    return np.column_stack([np.interp(t, s, poly[:, 0]), np.interp(t, s, poly[:, 1])])


def polyline_length(poly: np.ndarray) -> float:
    """Length (m) of a (K, 2) polyline."""
    return float(np.sum(np.hypot(*np.diff(poly, axis=0).T)))


def point_at(poly: np.ndarray, s: float | np.ndarray) -> np.ndarray:
    """Point(s) at arc length ``s`` along a (K, 2) polyline; beyond the ends, clamped:
    (2,) float64 for a scalar ``s``, (S, 2) for (S,) arc lengths."""
    seg = np.diff(poly, axis=0)
    cum = np.concatenate([[0], np.cumsum(np.hypot(seg[:, 0], seg[:, 1]))])
    s = np.asarray(s, float)
    return np.stack([np.interp(s, cum, poly[:, 0]), np.interp(s, cum, poly[:, 1])], axis=-1)
