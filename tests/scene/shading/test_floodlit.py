"""A floodlit structure keeps its shape: under several overlapping mast lamps its faces stay
off white and its lit and unlit sides stay apart; panels vary in value."""

from __future__ import annotations

import numpy as np

from lunarbase.scene.model.graph import SpotLight
from lunarbase.scene.shading.facelight import face_display, face_frames, panel_jitter

LIGHTING = {
    "sun_intensity": 2.2,
    "earthshine": 0.05,
    "lamps": True,
    "lamp_intensity": 1.0,
    "sun_azimuth_deg": 330.0,
    "sun_elevation_deg": 4.0,
}


def _box(size: float = 20.0):
    import trimesh

    m = trimesh.creation.box((size, size, size))
    return np.asarray(m.vertices) + [0.0, 0.0, size / 2], np.asarray(m.faces)


def test_floodlit_box_is_not_clipped_and_keeps_contrast():
    v, f = _box()
    # four mast lamps 30 m up, 40 m off to the south, aimed at the box (the mast's 2.0)
    lamps = [
        SpotLight(
            (1.0, 0.95, 0.85),
            2.0,
            400.0,
            50.0,
            (x, -40.0, 30.0),
            (-x / 50.0, 1.0, -0.5),
            30.0,
        )
        for x in (-10.0, -3.0, 3.0, 10.0)
    ]
    sun_away = np.array([0.0, 1.0, 0.07])
    sun_away /= np.linalg.norm(sun_away)
    cols = face_display({("t", "painted_white"): (v, f)}, LIGHTING, -sun_away, lamps, None)
    c = cols[("t", "painted_white")].mean(axis=1)
    assert c.max() < 0.985  # the faces the lamps hit stay below flat white (251 of 255)
    _, n = face_frames(v.astype(float), f)
    south = np.flatnonzero(n[:, 1] < -0.9)  # the faces turned to the lamps
    north = np.setdiff1d(np.arange(len(f)), south)
    assert c[south].min() > c[north].mean() + 0.2  # lit side stands apart from the rest


def test_panels_vary_in_value_deterministically():
    xs = np.arange(0.0, 60.0, 1.0)
    pts = np.c_[xs, np.zeros_like(xs), np.zeros_like(xs)]
    j = panel_jitter(pts)
    assert np.array_equal(j, panel_jitter(pts))
    assert j.std() > 0.02 and np.all(np.abs(j - 1) <= 0.07 + 0.07 + 0.07**2 + 1e-12)
    assert len(np.unique(j[:3])) == 1  # one value across a 3 m panel
    # bays of 12 m differ too: the means of whole bays spread
    bays = np.array(
        [panel_jitter(np.c_[xs + 12 * k, xs * 0, xs * 0])[:12].mean() for k in range(30)]
    )
    assert bays.std() > 0.015


def test_the_bake_never_washes_ground_or_structures_white(tiny_world):
    """Under the scene's own sun, lamps (pools overlapping round pads and habitats) and jets,
    no ground sample and no lit structure face of the bake reaches flat white (the tone
    curve's shoulder keeps them apart from the emitters)."""
    from lunarbase.assets.materials import PALETTE
    from lunarbase.scene.shading.baked import Baked

    lit = Baked.of(tiny_world).lit
    lum = np.array([0.2126, 0.7152, 0.0722])
    assert (lit.terrain @ lum).max() < 0.93
    for key, cols in lit.faces.items():
        if not PALETTE[key[1]].is_emissive and len(cols):
            assert (cols @ lum).max() < 0.96, key
