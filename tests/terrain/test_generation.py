"""Tests for lunarbase.terrain: determinism, crater science, edits, shading, mesh, files."""

from __future__ import annotations

import copy
import json

import numpy as np
import pytest

from lunarbase.terrain import (
    CraterCatalogue,
    Terrain,
    edits,
    generate_terrain,
    shading,
    terrain_mesh,
    write_heightmap,
)
from lunarbase.terrain.craters import (
    EQUILIBRIUM_A,
    crater_profile,
    expected_count,
    sample_population,
)
from lunarbase.terrain.heightmap_io import read_heightmap
from lunarbase.terrain.relief import fbm
from lunarbase.terrain.stamping import Crater, stamp

from conftest import terrain_cfg

DEFAULT_CFG = terrain_cfg(
    {
        "size_m": 6000.0,
        "size_px": 129,
        "far": {"enabled": False},
        "craters": {"d_min_m": 25.0, "max_count": 20000},
    }
)


def make_cfg(**over) -> dict:
    cfg = copy.deepcopy(DEFAULT_CFG)
    cfg.update(over)
    return cfg


@pytest.fixture(scope="module")
def terrain129() -> Terrain:
    return generate_terrain(make_cfg(size_px=129), seed=7)


def flat_terrain(n: int = 101, size_m: float = 1000.0, z: float = 0.0) -> Terrain:
    cell = size_m / (n - 1)
    return Terrain(np.full((n, n), z), cell, (-size_m / 2, -size_m / 2))


def sloped_terrain(n: int = 101, size_m: float = 1000.0) -> Terrain:
    t = flat_terrain(n, size_m)
    X, Y = t.xy_grid()
    rng = np.random.default_rng(0)
    t.heights[:] = 0.1 * X + 0.05 * Y + 5.0 * np.sin(X / 60.0) * np.cos(Y / 45.0)
    t.heights += rng.normal(0.0, 0.3, t.heights.shape)
    return t


# ---------------------------------------------------------------- determinism / structure
def test_same_seed_identical_different_seed_differs(terrain129):
    again = generate_terrain(make_cfg(size_px=129), seed=7)
    assert np.array_equal(again.heights, terrain129.heights)
    assert np.array_equal(again.albedo, terrain129.albedo)
    other = generate_terrain(make_cfg(size_px=129), seed=8)
    assert not np.array_equal(other.heights, terrain129.heights)


def test_terrain_structure(terrain129):
    t = terrain129
    assert t.heights.shape == (129, 129) and t.heights.dtype == np.float64
    assert t.size_px == 129 and t.size_m == pytest.approx(6000.0)
    assert t.origin == (-3000.0, -3000.0)
    assert t.albedo.dtype == np.float32 and t.albedo.shape == (129, 129)
    assert 0.06 <= t.albedo.min() and t.albedo.max() <= 0.32
    assert set(t.hero) == {"x", "y", "diameter", "rim_height", "floor_height"}
    cat = t.craters
    assert isinstance(cat, CraterCatalogue)
    assert cat.is_hero.sum() == 1 and cat.is_hero[-1]
    assert cat.diameter[-1] == 2600.0
    # d_min clamped to 2.5 cells
    assert cat.diameter[~cat.is_hero].min() >= 2.5 * t.cell_m - 1e-9
    # stamped oldest first (catalogue in stamping order), hero last
    assert np.all(np.diff(cat.age_myr[:-1]) <= 0)


def test_progress_called():
    calls = []
    generate_terrain(make_cfg(size_px=65), 1, progress=lambda f, m: calls.append((f, m)))
    fracs = [f for f, _ in calls]
    assert len(calls) >= 3 and fracs[0] == 0.0 and fracs[-1] == 1.0
    assert fracs == sorted(fracs)


def test_fbm_std_and_spectrum():
    rng = np.random.default_rng(1)
    n, cell, hurst = 256, 10.0, 0.8
    h = fbm(n, cell, hurst, 40.0, rng)
    assert h.std() == pytest.approx(40.0, rel=1e-6)
    p = np.abs(np.fft.rfft2(h)) ** 2
    ky = np.fft.fftfreq(n, cell)
    kx = np.fft.rfftfreq(n, cell)
    k = np.hypot(ky[:, None], kx[None, :])
    m = (k > 4 / (n * cell)) & (k < 0.3 / cell)
    slope = np.polyfit(np.log(k[m]), np.log(p[m]), 1)[0]
    assert slope == pytest.approx(-(2 * hurst + 2), abs=0.25)


# ---------------------------------------------------------------- crater science
def test_sfd_power_law_slope():
    rng = np.random.default_rng(3)
    b = 3.0
    cat = sample_population(0.5, b, 10.0, 1000.0, 1e8, rng, max_count=10**6)
    assert abs(len(cat) - 50000) < 1000
    d = np.sort(cat.diameter)[::-1]
    cum = np.arange(1, d.size + 1)
    sel = (d > 12.0) & (d < 60.0)
    slope = np.polyfit(np.log(d[sel]), np.log(cum[sel]), 1)[0]
    assert slope == pytest.approx(-b, abs=0.1)
    assert d.min() >= 10.0 and d.max() <= 1000.0


def test_equilibrium_cap():
    area = 1e6
    # a production far above equilibrium is capped at N_eq(>d_min)
    lam = expected_count(10.0, 3.0, 20.0, 1e9, area)
    assert lam == pytest.approx(EQUILIBRIUM_A * 20.0**-2 * area, rel=1e-6)
    rng = np.random.default_rng(0)
    cat = sample_population(10.0, 3.0, 20.0, 500.0, area, rng, max_count=10**6)
    assert len(cat) < 1.2 * EQUILIBRIUM_A * 20.0**-2 * area
    # below equilibrium the production law applies
    assert expected_count(1e-4, 2.0, 20.0, 1e9, area) == pytest.approx(1e-4 / 400 * area)
    # max_count caps too
    assert len(sample_population(10.0, 3.0, 20.0, 500.0, area, rng, max_count=50)) == 50


@pytest.mark.parametrize(
    "diameter, ratio", [(5, 0.10), (20, 0.11), (60, 0.13), (150, 0.15), (300, 0.17)]
)
def test_fresh_small_crater_stopar_depth(diameter, ratio):
    rho = np.linspace(0.0, 3.0, 3001)
    p = crater_profile(rho, diameter)
    assert (p.max() - p[0]) / diameter == pytest.approx(ratio, rel=0.02)
    assert rho[np.argmax(p)] == pytest.approx(1.0, abs=0.01)  # crest at the rim
    # continuous through the rim, ejecta fades out by ~4 R
    assert abs(crater_profile(0.999, diameter) - crater_profile(1.001, diameter)) < 0.01 * p.max()
    assert crater_profile(4.05, diameter) == 0.0


def test_pike_and_complex_laws():
    rho = np.linspace(0.0, 3.0, 3001)
    for D in (2000.0, 8000.0):
        p = crater_profile(rho, D)
        dkm = D / 1000
        assert p.max() - p[0] == pytest.approx(1000 * 0.196 * dkm**1.010, rel=0.02)
        assert p.max() == pytest.approx(1000 * 0.036 * dkm**1.014, rel=0.02)
    p = crater_profile(rho, 30000.0)
    assert p.max() == pytest.approx(1000 * 0.236 * 30**0.399, rel=0.02)
    floor = p[(rho > 0.25) & (rho < 0.4)]
    assert np.ptp(floor) < 1.0  # flat floor
    assert p[0] > floor.mean() + 100  # central peak
    assert p.max() - floor.mean() == pytest.approx(1000 * 1.044 * 30**0.301, rel=0.02)


def test_ageing_makes_older_craters_shallower():
    rho = np.linspace(0.0, 2.0, 2001)
    ratios = []
    for age in (0.0, 500.0, 1500.0, 3800.0):
        p = crater_profile(rho, 40.0, age_myr=age, diffusivity=0.0155)
        ratios.append((p.max() - p[0]) / 40.0)
    assert np.all(np.diff(ratios) < 0)
    assert ratios[-1] < 0.75 * ratios[0]


def test_generated_field_has_depth_spread(terrain129):
    cat = terrain129.craters
    small = (~cat.is_hero) & (cat.diameter < 300)
    r = cat.depth[small] / cat.diameter[small]
    assert np.ptp(r) > 0.03
    old = cat.age_myr[small] > 2500
    young = cat.age_myr[small] < 1000
    # compare like with like: normalise by the fresh ratio of each crater's size class
    fresh = np.array(
        [
            (lambda p: (p.max() - p[0]) / d)(crater_profile(np.linspace(0, 2, 801), d))
            for d in cat.diameter[small]
        ]
    )
    rel = r / fresh
    assert rel[old].mean() < rel[young].mean() - 0.02


def _hero_measure(t: Terrain):
    h = t.hero
    R = h["diameter"] / 2
    az = np.linspace(0, 2 * np.pi, 90, endpoint=False)
    rr = np.linspace(0.8 * R, 1.2 * R, 81)
    X = h["x"] + rr[None, :] * np.cos(az)[:, None]
    Y = h["y"] + rr[None, :] * np.sin(az)[:, None]
    crest = t.height_at(X, Y).max(axis=1)  # (90,)
    fr = np.linspace(0, 0.3 * R, 10)
    floor = t.height_at(h["x"] + fr, h["y"] + 0 * fr).min()
    far = np.linspace(2.5 * R, 3.5 * R, 20)
    Xf = h["x"] + far[None, :] * np.cos(az)[:, None]
    Yf = h["y"] + far[None, :] * np.sin(az)[:, None]
    return float(np.median(crest)), float(floor), float(np.median(t.height_at(Xf, Yf)))


def test_hero_crater_pike_depth_and_rim(terrain129):
    t = terrain129
    D = t.hero["diameter"]
    crest, floor, surround = _hero_measure(t)
    dkm = D / 1000
    assert (crest - floor) / D == pytest.approx(0.196 * dkm**0.010, rel=0.12)
    assert (crest - surround) / D == pytest.approx(0.036 * dkm**0.014, rel=0.5)
    assert crest == pytest.approx(t.hero["rim_height"], abs=0.1 * 0.036 * D + 5)
    assert floor == pytest.approx(t.hero["floor_height"], abs=5.0)


def test_younger_crater_cuts_older_rim():
    t = flat_terrain(201, 2000.0)
    old = Crater(0.0, 0.0, 600.0, 0.0)
    stamp(t.heights, t.cell_m, t.origin, old)
    young = Crater(300.0, 0.0, 200.0, 0.0)
    stamp(t.heights, t.cell_m, t.origin, young)
    # the old rim at (300, 0) is now inside the young bowl: its floor is well below the rim
    assert t.height_at(300.0, 0.0) < -0.1 * 200 + 5.0


# ---------------------------------------------------------------- heightfield sampling
def test_height_at_exact_on_nodes_and_clamped(terrain129):
    t = terrain129
    X, Y = t.xy_grid()
    assert np.array_equal(t.height_at(X, Y), t.heights)
    assert t.height_at(-1e6, -1e6) == t.heights[0, 0]
    assert t.height_at(1e6, 1e6) == t.heights[-1, -1]
    assert isinstance(t.height_at(0.0, 0.0), float)
    assert t.contains(0.0, 0.0) and not t.contains(2999.0, 0.0, margin=10.0)


def test_normals_and_slope():
    t = flat_terrain()
    X, _ = t.xy_grid()
    t.heights[:] = np.tan(np.radians(20.0)) * X
    nrm = t.normals()
    assert nrm.shape == (101, 101, 3)
    assert np.allclose(np.linalg.norm(nrm, axis=-1), 1.0)
    assert np.all(nrm[..., 2] > 0)
    assert t.slope_deg_at(10.0, 5.0) == pytest.approx(20.0, abs=1e-6)


# ---------------------------------------------------------------- edits
def test_flatten_disc_exact_inside_untouched_outside():
    t = sloped_terrain()
    before = t.heights.copy()
    target = edits.flatten_disc(t, 50.0, -30.0, 80.0, blend_m=20.0)
    X, Y = t.xy_grid()
    r = np.hypot(X - 50.0, Y + 30.0)
    assert np.all(np.abs(t.heights[r <= 80.0] - target) < 0.01)
    assert np.array_equal(t.heights[r > 100.0 + t.cell_m], before[r > 100.0 + t.cell_m])
    assert target == pytest.approx(before[r <= 80.0].mean())


def test_flatten_rect_and_notch():
    t = sloped_terrain()
    before = t.heights.copy()
    z = edits.flatten_rect(t, 0.0, 0.0, 100.0, 40.0, rotation_deg=30.0, height=3.0)
    assert z == 3.0
    X, Y = t.xy_grid()
    a = np.radians(30.0)
    u = X * np.cos(a) + Y * np.sin(a)
    v = -X * np.sin(a) + Y * np.cos(a)
    inside = (np.abs(u) <= 100.0) & (np.abs(v) <= 40.0)
    assert np.all(np.abs(t.heights[inside] - 3.0) < 0.01)
    far = np.hypot(X, Y) > np.hypot(100, 40) + 20 + t.cell_m
    assert np.array_equal(t.heights[far], before[far])
    t2 = sloped_terrain()
    edits.cut_notch(t2, 200.0, 200.0, 60.0, floor_height=10.0)
    r = np.hypot(X - 200.0, Y - 200.0)
    assert np.all(np.abs(t2.heights[r <= 60.0] - 10.0) < 1e-9)


def test_grade_road_zero_cross_slope():
    t = sloped_terrain(201, 1000.0)
    before = t.heights.copy()
    poly = np.array([[-400.0, -300.0], [0.0, -50.0], [350.0, 300.0]])
    prof = edits.grade_road(t, poly, width_m=20.0, blend_m=15.0)
    assert prof.shape[1] == 4
    # cross-sections perpendicular to the first leg: level across the road width
    d = poly[1] - poly[0]
    d /= np.linalg.norm(d)
    perp = np.array([-d[1], d[0]])
    for s in (100.0, 250.0, 400.0):
        c = poly[0] + s * d
        off = np.linspace(-8.0, 8.0, 9)
        pts = c[None, :] + off[:, None] * perp[None, :]
        z = t.height_at(pts[:, 0], pts[:, 1])
        assert np.ptp(z) / 16.0 < np.tan(np.radians(1.0))
    # along-track profile is smooth (running mean) and far cells untouched
    X, Y = t.xy_grid()
    far = np.hypot(X - 350.0, Y + 300.0) < 100.0
    assert np.array_equal(t.heights[far], before[far])


# ---------------------------------------------------------------- shading
def test_sun_vector():
    assert np.allclose(shading.sun_vector(90.0, 0.0), [1.0, 0.0, 0.0], atol=1e-12)
    assert np.allclose(shading.sun_vector(0.0, 0.0), [0.0, 1.0, 0.0], atol=1e-12)
    s = shading.sun_vector(33.0, 4.0)
    assert np.linalg.norm(s) == pytest.approx(1.0) and s[2] == pytest.approx(np.sin(np.radians(4)))


def test_low_sun_crater_shadows():
    t = flat_terrain(201, 2000.0)
    stamp(t.heights, t.cell_m, t.origin, Crater(0.0, 0.0, 800.0, 0.0))
    X, Y = t.xy_grid()
    r = np.hypot(X, Y)
    inner = (r > 0.6 * 400) & (r < 0.95 * 400)
    upper = (r > 0.85 * 400) & (r < 0.98 * 400)
    near_wall = inner & (X > 0) & (np.abs(Y) < 0.5 * np.abs(X))  # sun side (east)
    far_wall = upper & (X < 0) & (np.abs(Y) < 0.5 * np.abs(X))  # upper west wall
    floor = r < 0.3 * 400
    low = shading.bake_shadows(t, azimuth_deg=90.0, elevation_deg=4.0)
    assert low.dtype == np.float32 and low.shape == t.heights.shape
    assert (low[near_wall] < 0.5).mean() > 0.9
    assert (low[floor] < 0.5).mean() > 0.9
    assert (low[far_wall] > 0.5).mean() > 0.8
    assert (low[r > 3 * 400] > 0.99).mean() > 0.95  # flat plain lit
    high = shading.bake_shadows(t, azimuth_deg=90.0, elevation_deg=60.0)
    assert (high < 0.5).mean() < 0.01
    lam = shading.lambert(t, shading.sun_vector(90.0, 4.0))
    assert lam[far_wall].mean() > lam[near_wall].mean()


def test_shadow_length_matches_geometry():
    t = flat_terrain(201, 2000.0)
    X, Y = t.xy_grid()
    t.heights[(np.abs(X) <= 10) & (np.abs(Y) <= 10)] = 20.0  # a 20 m tall block
    sh = shading.bake_shadows(t, azimuth_deg=0.0, elevation_deg=4.0, softness=0.0)
    col = sh[:, 100]  # x = 0, sun due north -> shadow to the south
    ys = Y[:, 100]
    shadow_len = -(ys[(col < 0.5) & (ys < -10)].min() + 10)
    assert shadow_len == pytest.approx(20.0 / np.tan(np.radians(4.0)), rel=0.1)


# ---------------------------------------------------------------- mesh and files
def test_terrain_mesh(terrain129):
    v, f = terrain_mesh(terrain129)
    assert v.shape == (129 * 129, 3) and f.shape == (2 * 128 * 128, 3)
    assert v.dtype == np.float64 and f.dtype == np.int64
    tri = v[f]
    nz = np.cross(tri[:, 1] - tri[:, 0], tri[:, 2] - tri[:, 0])[:, 2]
    assert np.all(nz > 0)
    v2, f2 = terrain_mesh(terrain129, max_px=50)
    m = int(round(np.sqrt(v2.shape[0])))
    assert m <= 50 and m * m == v2.shape[0] and f2.max() == v2.shape[0] - 1
    assert v2[:, 0].min() == -3000.0 and v2[:, 0].max() == pytest.approx(3000.0)
    assert v2[:, 1].max() == pytest.approx(3000.0)


def test_heightmap_round_trip(terrain129, tmp_path):
    paths = write_heightmap(terrain129, tmp_path / "a")
    assert {p.name for p in paths.values()} == {"heightmap.png", "heightmap.json", "craters.csv"}
    heights, meta = read_heightmap(paths["png"])
    assert np.max(np.abs(heights - terrain129.heights)) <= meta["height_scale_m"]
    meta_file = json.loads(paths["json"].read_text())
    for key in (
        "size_px",
        "size_m",
        "metres_per_pixel",
        "height_offset_m",
        "height_scale_m",
        "origin_m",
        "min_height_m",
        "max_height_m",
        "seed",
        "crater_count",
        "hero",
    ):
        assert key in meta_file
    assert meta_file["crater_count"] == len(terrain129.craters)
    lines = paths["csv"].read_text().splitlines()
    assert lines[0] == "x_m,y_m,diameter_m,depth_m,rim_height_m,age_myr,hero"
    assert len(lines) == len(terrain129.craters) + 1
    cat = CraterCatalogue.from_csv(paths["csv"])
    assert cat.is_hero.sum() == 1
    # deterministic bytes, no temp files left
    paths2 = write_heightmap(terrain129, tmp_path / "b")
    for k in paths:
        assert paths[k].read_bytes() == paths2[k].read_bytes()
    assert sorted(p.name for p in (tmp_path / "a").iterdir()) == sorted(
        p.name for p in paths.values()
    )
