"""Exposure per shot, from the scene: how much brighter or darker a shot is shown than the
scene's exposure (``tone.scene_exposure``), measured on the bake, not on a frame's pixels.

``shot_gain(baked, poses)`` looks at what the camera(s) see of the bake: the lit ground
grid and the cheap level of the structures, sampled sparsely, each sample weighted by the
solid angle it covers, and takes the scene-linear luminance the brightest large areas reach
(the ``PERCENTILE`` of that weighted distribution: a shot dominated by sunlit white paint
reads high, a shot of ground in earthshine and pools low). The shot's exposure brings that
to ``BRIGHT_KEY``; the gain is its ratio to the scene's exposure, softened (``STRENGTH``) and
bounded (``GAIN_RANGE``), so shots of one scene stay one look. A function of the bake and the
poses only: the same in preview and final, and one value for all frames of a path (pass its
poses), so videos never pump.

``regrade(img, gain)`` applies a gain to a display image drawn at the scene's exposure: each
display value goes back through the tone curve to linear, is scaled, and comes forward again
(a 4096-entry table on a float frame, ~30 ms of CPU per 1280x720 frame; ``regrade_uint8``: a
256-entry table on the finished uint8 frame, ~5 ms). Its result is what the bake would have
drawn at the shot's exposure, to within the 8-bit rounding of the frame it is given.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from ...assets.materials import PALETTE
from ..model.graph import look_at
from .tone import filmic, inverse_filmic_display

if TYPE_CHECKING:
    from collections.abc import Sequence

    from ..anim.cameras import Pose
    from .baked import Baked

PERCENTILE = 90.0  # of the solid-angle-weighted visible luminance
BRIGHT_KEY = 0.14  # ... is exposed to this value (the default shots' median: display ~130)
STRENGTH = 0.5  # the gain is (shot exposure / scene exposure) ** STRENGTH
GAIN_RANGE = (0.75, 1.25)
GROUND_SAMPLES = 160  # per side of the ground grid
FACE_SAMPLES = 60_000  # structure faces sampled (every k-th of the cheap level)
LUT_SIZE = 4096
_LUM = np.array([0.2126, 0.7152, 0.0722])


def _display(x: np.ndarray) -> np.ndarray:
    x = np.asarray(x)
    return x.astype(np.float64) / 255.0 if x.dtype == np.uint8 else x.astype(np.float64)


def _samples(baked: Baked) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(K, 3) world points, (K,) areas m² and (K,) display luminances 0..1 of the bake's
    ground grid and of its cheap-level structure faces, sampled sparsely (deterministic)."""
    t = baked.world.terrain
    lit = baked.lit
    n = t.size_px
    step = max(n // GROUND_SAMPLES, 1)
    ii, jj = np.mgrid[0:n:step, 0:n:step]
    x0, y0 = t.origin
    ground = np.stack([x0 + jj * t.cell_m, y0 + ii * t.cell_m, t.heights[ii, jj]], -1)
    pts = [ground.reshape(-1, 3)]
    areas = [np.full(ii.size, (step * t.cell_m) ** 2)]
    lums = [(_display(lit.terrain[ii, jj]) @ _LUM).ravel()]
    merged = baked.merged_lod0
    total = sum(len(f) for k, (_, f) in merged.items() if not PALETTE[k[1]].is_emissive)
    k = max(total // FACE_SAMPLES, 1)
    for key, (v, f) in merged.items():
        if PALETTE[key[1]].is_emissive or key not in lit.faces_lod0:
            continue
        sel = np.arange(0, len(f), k)
        tri = np.asarray(v, np.float64)[f[sel]]  # (S, 3, 3)
        pts.append(tri.mean(axis=1))
        cross = np.cross(tri[:, 1] - tri[:, 0], tri[:, 2] - tri[:, 0])
        areas.append(0.5 * np.linalg.norm(cross, axis=1) * k)
        lums.append(_display(lit.faces_lod0[key][sel]) @ _LUM)
    return np.concatenate(pts), np.concatenate(areas), np.concatenate(lums)


def visible_luminance(
    baked: Baked, pose: Pose, aspect: float = 16 / 9
) -> tuple[np.ndarray, np.ndarray]:
    """(K,) scene-linear luminances (exposure divided out) of the bake's samples inside
    ``pose``'s view, and (K,) their weights (the solid angle each covers; nothing is tested
    for being hidden behind something nearer)."""
    from .tone import scene_exposure

    pts, area, lum = _samples(baked)
    m = look_at(pose.position, pose.target)
    d = pts - np.asarray(pose.position, float)
    dist = np.maximum(np.linalg.norm(d, axis=1), 1.0)
    cam = d @ m[:3, :3]
    front = cam[:, 2] < -1.0
    z = np.where(front, -cam[:, 2], 1.0)
    tan_v = np.tan(np.radians(pose.fov_deg) / 2)
    inside = front & (np.abs(cam[:, 1] / z) < tan_v) & (np.abs(cam[:, 0] / z) < tan_v * aspect)
    linear = inverse_filmic_display(np.clip(lum[inside], 0.0, 0.999))
    linear = linear / scene_exposure(baked.world.cfg.lighting)
    return linear, area[inside] / dist[inside] ** 2


def _weighted_percentile(x: np.ndarray, w: np.ndarray, q: float) -> float:
    order = np.argsort(x, kind="stable")
    cw = np.cumsum(w[order])
    return float(x[order][np.searchsorted(cw, q / 100.0 * cw[-1])])


def shot_gain(baked: Baked, poses: Sequence[Pose], aspect: float = 16 / 9) -> float:
    """The display gain of a shot seen from ``poses`` (one still's pose, or a path's
    keyframes: one gain for all its frames); 1.0 where nothing of the bake is in view."""
    from .tone import scene_exposure

    lum, wts = [], []
    for pose in poses:
        a, b = visible_luminance(baked, pose, aspect)
        lum.append(a)
        wts.append(b / max(float(b.sum()), 1e-30))  # every pose counts alike
    x, w = np.concatenate(lum), np.concatenate(wts)
    if not len(x) or not (w > 0).any():
        return 1.0
    bright = max(_weighted_percentile(x, w, PERCENTILE), 1e-4)
    ratio = (BRIGHT_KEY / bright) / scene_exposure(baked.world.cfg.lighting)
    return float(np.clip(ratio**STRENGTH, *GAIN_RANGE))


def regrade_table(gain: float, size: int = LUT_SIZE) -> np.ndarray:
    """(size,) float32: display value i / (size - 1) drawn at the scene's exposure → the
    display value at ``gain`` times that exposure (monotonic; identity for gain 1)."""
    d = np.linspace(0.0, 1.0, size)
    lin = inverse_filmic_display(d) * gain
    out = filmic(np.repeat(lin[:, None], 3, axis=1))[:, 0]
    out[0] = 0.0
    if gain == 1.0:
        out = d
    return out.astype(np.float32)


def regrade(img: np.ndarray, gain: float) -> np.ndarray:
    """(H, W, 3) float32 display image 0..1 at the scene's exposure → the same at ``gain``
    times it (``regrade_table``), in place; returned."""
    if gain == 1.0:
        return img
    table = regrade_table(gain)
    np.multiply(img, LUT_SIZE - 1, out=img)
    np.clip(img, 0, LUT_SIZE - 1, out=img)
    idx = (img + 0.5).astype(np.uint16)
    np.take(table, idx, out=img)
    return img


def regrade_uint8(img: np.ndarray, gain: float) -> np.ndarray:
    """(H, W, 3) uint8 display image at the scene's exposure → the same at ``gain`` times
    it, through a 256-entry table (``regrade_table``, rounded); a new array (or ``img`` for
    gain 1)."""
    if gain == 1.0:
        return img
    table = np.rint(regrade_table(gain, 256) * 255.0).astype(np.uint8)
    return np.take(table, img)
