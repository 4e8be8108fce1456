"""Tests for the fast terrain paths: the unpadded batch stamper (all simple craters, clipped
windows), the spectral synthesis with a crossover roll-off, and the 1 m/px TIN reduction."""

from __future__ import annotations

import copy

import numpy as np
import pytest

from lunarbase.terrain import generate_terrain, terrain_mesh
from lunarbase.terrain.albedo import patch_field
from lunarbase.terrain.batchstamp import aged_tables, stamp_batch
from lunarbase.terrain.heightfield import Terrain
from lunarbase.terrain.morphology import depth_m, profile_table, rim_height_m
from lunarbase.terrain.relief import fbm, fine_noise
from lunarbase.terrain.stamping import random_harmonics

from conftest import terrain_cfg


def rms_slope_deg(h: np.ndarray, cell: float = 1.0) -> float:
    g2 = 0.5 * (np.mean(np.diff(h, axis=1) ** 2) + np.mean(np.diff(h, axis=0) ** 2))
    return float(np.degrees(np.arctan(np.sqrt(g2) / cell)))


def test_unpadded_batch_equals_edge_padded_batch():
    """Windows overhanging the grid are clipped; reads clamp to the edge like an edge pad."""
    rng = np.random.default_rng(2)
    base = rng.normal(0.0, 0.3, (121, 121))
    harm = random_harmonics(rng, 5)
    x = np.array([-60.0, 58.3, 0.4, -20.0, 30.0])  # first two centred on / past the edge
    y = np.array([-59.0, 10.0, 61.5, 5.0, -12.0])
    D = np.array([30.0, 12.0, 20.0, 6.0, 44.0])
    age = np.array([100.0, 0.0, 40.0, 3000.0, 10.0])
    a = base.copy()
    fa = np.zeros(a.shape, np.float32)
    stamp_batch(a, 0, 1.0, (-60.0, -60.0), x, y, D, age, harm, fresh_p=fa)
    P = 100
    b = np.pad(base, P, mode="edge")
    fb = np.zeros(b.shape, np.float32)
    stamp_batch(b, P, 1.0, (-60.0, -60.0), x, y, D, age, harm, fresh_p=fb)
    assert np.abs(a - b[P:-P, P:-P]).max() < 1e-9
    assert np.array_equal(fa, fb[P:-P, P:-P])
    assert fa.max() > 0.9  # the fresh craters brightened their ejecta


def test_aged_tables_match_profile_table():
    D = np.array([3.0, 40.0, 250.0, 399.0, 401.0, 900.0, 5000.0, 14000.0])
    age = np.array([0.0, 800.0, 3000.0, 50.0, 10.0, 3500.0, 0.0, 2000.0])
    tab = aged_tables(D, age, 0.0155)
    for k in range(D.size):
        ref = profile_table(D[k], age[k], 0.0155)
        assert np.abs(tab[k] - ref).max() < 2e-3 * float(depth_m(D[k]))


@pytest.mark.parametrize("D", [250.0, 390.0, 1000.0, 6000.0])
def test_batched_large_simple_crater_depth_and_ejecta(D):
    """Simple craters (bowls, flat floors above 400 m) go through the batch stamper: depth
    and ejecta at 2 R on the heightfield."""
    cell = D / 100.0
    n = 1001
    s = cell * (n - 1)
    t = Terrain(np.zeros((n, n)), cell, (-s / 2, -s / 2))
    stamp_batch(
        t.heights,
        0,
        cell,
        t.origin,
        np.array([0.0]),
        np.array([0.0]),
        np.array([D]),
        np.array([0.0]),
        np.zeros((1, 3, 3)) + [2, 0, 0],
    )
    R = D / 2
    az = np.linspace(0, 2 * np.pi, 72, endpoint=False)
    rr = np.linspace(0.8 * R, 1.2 * R, 41)
    crest = t.height_at(rr[None] * np.cos(az)[:, None], rr[None] * np.sin(az)[:, None])
    depth = float(np.median(crest.max(axis=1)) - t.heights.min())
    assert depth == pytest.approx(float(depth_m(D)), rel=0.15)
    ej = float(np.mean(t.height_at(2 * R * np.cos(az), 2 * R * np.sin(az))))
    # McGetchin blanket t0 (r/R)^-3, plus the structural uplift (rim - t0)(r/R)^-6 where the
    # rim is higher than the blanket (km-scale craters)
    rim = float(rim_height_m(D))
    t0 = min(0.14 * R**0.74, rim)
    assert ej == pytest.approx(t0 * 2.0**-3 + (rim - t0) * 2.0**-6, rel=0.2)


def test_fbm_crossover_rolls_off_small_scales():
    h0 = fbm(513, 1.0, 0.8, 10.0, np.random.default_rng(0))
    h1 = fbm(513, 1.0, 0.8, 10.0, np.random.default_rng(0), k_roll=1.0 / 50.0)
    # the large scales keep their amplitude, the metre scale loses its fractal roughness
    assert h0.std() == pytest.approx(10.0, rel=1e-6)
    assert 9.5 < h1.std() < 10.0
    assert rms_slope_deg(h0) > 17.0 and rms_slope_deg(h1) < 9.0
    w = np.hanning(512)
    k = np.hypot(np.fft.fftfreq(512)[:, None], np.fft.rfftfreq(512)[None, :])
    ratio = []
    for h in (h0, h1):  # power at 2.5–5 m wavelengths relative to ~80 m (Hann-windowed)
        p = np.abs(np.fft.rfft2((h[:512, :512] - h.mean()) * w[:, None] * w[None])) ** 2
        ratio.append(p[(k > 0.2) & (k < 0.4)].mean() / p[(k > 0.01) & (k < 0.015)].mean())
    assert 3e-6 < ratio[0] < 3e-5  # (0.3 / 0.0125)^-3.6 ≈ 1e-5: the k^-(2H+2) law
    assert ratio[1] < 1e-9


def test_fine_noise_slope_and_band():
    h = fine_noise(512, 1.0, 0.05, np.random.default_rng(1))
    assert h.std() == pytest.approx(0.05, rel=1e-6)
    assert 2.0 < rms_slope_deg(h) < 4.0  # ~3° at 1 m baseline
    p = patch_field(513, 2.0, np.random.default_rng(1))
    assert p.shape == (513, 513) and p.dtype == np.float32
    assert np.abs(p).max() == pytest.approx(1.0, abs=0.01)


def test_one_metre_field_tin_reduction():
    """A 1 m/px crater-saturated field meshes with >= 10x fewer triangles than the grid at
    0.25 m error (bench: 2049²), within the error everywhere."""
    from matplotlib.tri import LinearTriInterpolator, Triangulation

    cfg = copy.deepcopy(
        terrain_cfg(
            {
                "size_m": 256.0,
                "size_px": 257,
                "relief": {"amplitude_m": 5.0, "fine_amplitude_m": 0.05},
                "craters": {"d_min_m": 3.0, "d_max_m": 100.0},
                "hero": {"diameter_m": 60.0},
                "boulders": {"enabled": False},
                "far": {"enabled": False},
            }
        )
    )
    t = generate_terrain(cfg, seed=4)
    assert len(t.craters) > 500
    v, f = terrain_mesh(t, max_error_m=0.25, tile_px=64)
    assert 2 * 256 * 256 / f.shape[0] >= 10.0
    X, Y = t.xy_grid()
    zi = LinearTriInterpolator(Triangulation(v[:, 0], v[:, 1], f), v[:, 2])(X, Y)
    assert float(np.nanmax(np.abs(np.asarray(zi.filled(np.nan)) - t.heights))) <= 0.25 + 1e-6
