"""The one filmic tone curve of the program and the scene's exposure.

Every linear radiance the renderer shows (the baked ground and face colours, the engine jets,
the lit windows) goes through ``filmic`` once, in numpy, before it becomes a display value;
preview and final quality therefore share it by construction (they differ only in
anti-aliasing). The curve is Narkowicz's fit of the ACES reference rendering transform,
rescaled so its shoulder approaches white without reaching it, after a gentle compression of
everything above the key (``knee``: slope ``1 - KNEE_Q`` in log-log, smoothly joined): the
fit alone packs sunlit white paint (8-16x the key) into the last 7 levels per stop below
white, where a white rocket reads as a flat white cut-out; with the knee it keeps about 11
levels per stop there and the shadows are lifted a little. Highlights roll off instead of
clipping flat, and only radiance far above the key (a jet's core, a lamp head) comes near
255.

Exposure is chosen from the scene's light levels (``scene_exposure``), not from the pixels of
a frame: the same for every frame of a shot or path, so videos never pump.
"""

from __future__ import annotations

import numpy as np

from ..model.color import DISPLAY_GAMMA, encode_display

# Narkowicz 2015, "ACES Filmic Tone Mapping Curve": x (a x + b) / (x (c x + d) + e)
_A, _B, _C, _D, _E = 2.51, 0.03, 2.43, 0.59, 0.14
_WHITE = _A / _C  # the fit's asymptote (1.033): divided out so the curve stays below 1
KEY = 0.15  # linear scene value the key radiance is exposed to (a mid-grey under the sun)
REGOLITH_ALBEDO = 0.12


KNEE_Q = 0.33  # how much the knee compresses above the key (0: not at all)


def knee(x: np.ndarray) -> np.ndarray:
    """(...,) linear scene values ≥ 0 → the same, compressed above ``KEY``:
    x ((1 + x / KEY) / 2) ** -KNEE_Q — the key maps to itself, far above it the slope is
    ``1 - KNEE_Q`` in log-log, far below it values are lifted by 2 ** KNEE_Q; monotonic."""
    x = np.maximum(np.asarray(x, dtype=np.float64), 0.0)
    return x * ((1.0 + x / KEY) * 0.5) ** -KNEE_Q


def filmic_linear(x: np.ndarray) -> np.ndarray:
    """(...,) linear scene values ≥ 0 (exposure applied) → linear display values in [0, 1):
    monotonic, a gentle toe, a long shoulder that never reaches 1 (``knee``, then the
    rescaled ACES fit)."""
    x = knee(x)
    return (x * (_A * x + _B)) / (x * (_C * x + _D) + _E) / _WHITE


def filmic(radiance: np.ndarray, exposure: float = 1.0) -> np.ndarray:
    """(..., 3) linear radiance (e.g. (n, n, 3) or (F, 3)) → display values 0..1 of the same
    shape: exposure, ``filmic_linear`` per channel, then the display gamma."""
    return encode_display(filmic_linear(np.asarray(radiance) * exposure))


def scene_exposure(lighting: dict) -> float:
    """Exposure for the scene's ``[lighting]`` table: the key radiance — regolith under the
    sun at half incidence plus the earthshine fill — is brought to ``KEY``. A function of the
    light levels only (deterministic, the same for every frame and shot of the scene)."""
    key = REGOLITH_ALBEDO * (0.5 * lighting["sun_intensity"] + lighting["earthshine"])
    return float(np.clip(KEY / max(key, 1e-3), 0.25, 8.0))


def inverse_filmic_display(display: np.ndarray) -> np.ndarray:
    """Display values 0..1 → the linear scene values (exposure applied) ``filmic`` maps to
    them (the inverse of the curve; for emissive colours given as display targets)."""
    y = np.clip(np.asarray(display, np.float64), 0.0, 0.999) ** DISPLAY_GAMMA * _WHITE
    # y (x (c x + d) + e) = x (a x + b)  →  (a - c y) x² + (b - d y) x - e y = 0
    qa, qb, qc = _A - _C * y, _B - _D * y, -_E * y
    k = (-qb + np.sqrt(qb * qb - 4 * qa * qc)) / (2 * qa)  # the knee's output
    # the knee has no closed inverse: Newton's method from k (it is monotonic and concave
    # above the key, so a few steps from either side settle it)
    x = k.copy()
    for _ in range(30):
        u = (1.0 + x / KEY) * 0.5
        f = x * u**-KNEE_Q - k
        df = u**-KNEE_Q * (1.0 - KNEE_Q * (x / KEY) / (1.0 + x / KEY))
        x = np.maximum(x - f / df, 0.0)
    return x
