"""Tests for the terrain issue's science checks on the heightfield, boulders, the two-scale
(near/far) terrain, TIN meshing, shading across scales, the report and the config checks."""

from __future__ import annotations

import copy

import numpy as np
import pytest

from lunarbase.terrain import (
    boulder_z,
    check_terrain_config,
    edits,
    estimate_memory_bytes,
    generate_terrain,
    shading,
    terrain_mesh,
    terrain_mesh_lod,
    vertex_normals,
    write_heightmap,
    write_report,
)
from lunarbase.terrain.batchstamp import stamp_batch
from lunarbase.terrain.boulders import sample_boulders
from lunarbase.terrain.heightfield import Terrain
from lunarbase.terrain.morphology import depth_m
from lunarbase.terrain.stamping import Crater, random_harmonics, stamp

from conftest import terrain_cfg

BASE_CFG = terrain_cfg(
    {
        "size_m": 1280.0,
        "size_px": 129,
        "relief": {"amplitude_m": 20.0, "fine_amplitude_m": 0.2},
        "craters": {"d_max_m": 400.0},
        "hero": {"diameter_m": 600.0},
        "far": {"size_m": 4000.0, "size_px": 129, "blend_m": 80.0},
    }
)


def cfg_with(**over) -> dict:
    c = copy.deepcopy(BASE_CFG)
    for k, v in over.items():
        if isinstance(v, dict):
            c[k].update(v)
        else:
            c[k] = v
    return c


@pytest.fixture(scope="module")
def two_scale() -> Terrain:
    return generate_terrain(cfg_with(), seed=11)


def flat(n=401, cell=1.0) -> Terrain:
    s = cell * (n - 1)
    return Terrain(np.zeros((n, n)), cell, (-s / 2, -s / 2))


def measure_depth(t: Terrain, x, y, D) -> float:
    """Rim crest (median over azimuth of the max in 0.8..1.2 R) minus the floor minimum."""
    R = D / 2
    az = np.linspace(0, 2 * np.pi, 72, endpoint=False)
    rr = np.linspace(0.8 * R, 1.2 * R, 41)
    crest = t.height_at(x + rr[None] * np.cos(az)[:, None], y + rr[None] * np.sin(az)[:, None])
    fr = np.linspace(0, 0.2 * R, 9)
    floor = t.height_at(x + fr[None] * np.cos(az)[:, None], y + fr[None] * np.sin(az)[:, None])
    return float(np.median(crest.max(axis=1)) - floor.min())


# ---------------------------------------------------------------- crater science on the grid
def test_catalogue_sfd_exponent():
    """Cumulative density of the two-scale catalogue (small craters: near grid per near
    area; craters the far grid resolves: far catalogue per far area) has the target slope."""
    t = generate_terrain(
        cfg_with(size_px=257, boulders={"enabled": False}, craters={"d_max_m": 2000.0}), seed=0
    )
    c, fc = t.craters, t.far.craters
    d_split = t.far.params["d_min_m"]
    near = c.diameter[~c.is_hero & t.contains(c.x, c.y) & (c.diameter < d_split)]
    far = fc.diameter[~fc.is_hero]
    assert near.min() >= 12.5 - 1e-9 and far.min() >= d_split
    D = np.geomspace(14.0, 200.0, 30)
    N = np.array(
        [
            (near >= d).sum() / t.size_m**2 + (far >= max(d, d_split)).sum() / t.far.size_m**2
            for d in D
        ]
    )
    slope = np.polyfit(np.log(D), np.log(N), 1)[0]
    assert slope == pytest.approx(-2.0, abs=0.1)
    # and the level matches the (equilibrium) law N(>D) = 0.0794 D^-2
    assert N[0] == pytest.approx(0.0794 * 14.0**-2, rel=0.15)


@pytest.mark.parametrize("D", [12.0, 30.0, 80.0, 160.0])
def test_isolated_fresh_crater_depth_on_heightfield(D):
    for batch in (True, False):
        t = flat(int(10 * D / 1.0) + 1 if D < 60 else 1001, 1.0 if D < 60 else D / 100)
        if batch:
            P = 300
            hp = np.pad(t.heights, P)
            stamp_batch(
                hp,
                P,
                t.cell_m,
                t.origin,
                np.array([0.3]),
                np.array([-0.2]),
                np.array([D]),
                np.array([0.0]),
                np.zeros((1, 3, 3)) + [2, 0, 0],
            )
            t.heights[:] = hp[P:-P, P:-P]
        else:
            stamp(t.heights, t.cell_m, t.origin, Crater(0.3, -0.2, D, 0.0))
        assert measure_depth(t, 0.3, -0.2, D) == pytest.approx(float(depth_m(D)), rel=0.15)


def test_ejecta_thickness_at_two_radii():
    D = 100.0
    R = D / 2
    t = flat(1001, 0.5)
    stamp(t.heights, t.cell_m, t.origin, Crater(0.0, 0.0, D, 0.0))
    az = np.linspace(0, 2 * np.pi, 90, endpoint=False)
    h = t.height_at(2 * R * np.cos(az), 2 * R * np.sin(az))
    want = 0.14 * R**0.74 * 2.0**-3
    assert float(np.mean(h)) == pytest.approx(want, rel=0.2)


def test_older_crater_shallower_on_heightfield():
    depths = []
    for age in (0.0, 1000.0, 3500.0):
        t = flat(301, 0.5)
        stamp(t.heights, t.cell_m, t.origin, Crater(0.0, 0.0, 20.0, age))
        depths.append(measure_depth(t, 0.0, 0.0, 20.0))
    assert depths[0] > depths[1] > depths[2]
    assert depths[2] < 0.7 * depths[0]


def test_batch_stamp_matches_single_stamp():
    rng = np.random.default_rng(5)
    base = rng.normal(0, 0.2, (301, 301))
    harm = random_harmonics(rng, 4)
    x = np.array([-90.0, -20.5, 40.2, 100.0])
    y = np.array([-80.0, 50.0, -30.7, 90.0])
    D = np.array([5.0, 12.0, 20.0, 8.0])
    age = np.array([0.0, 300.0, 2500.0, 50.0])
    a = base.copy()
    fa = np.zeros_like(a, dtype=np.float32)
    for k in range(4):
        stamp(a, 1.0, (-150.0, -150.0), Crater(x[k], y[k], D[k], age[k], harm[k]), fresh=fa)
    P = 60
    hp = np.pad(base, P, mode="edge")
    fp = np.zeros_like(hp, dtype=np.float32)
    stamp_batch(hp, P, 1.0, (-150.0, -150.0), x, y, D, age, harm, fresh_p=fp)
    assert np.abs(hp[P:-P, P:-P] - a).max() < 0.01
    assert np.abs(fp[P:-P, P:-P] - fa).max() < 1e-3


# ---------------------------------------------------------------- edits
def test_pad_flat_to_1cm_and_blend_has_no_step(two_scale):
    t = two_scale.copy()
    before = t.heights.copy()
    z = edits.flatten_disc(t, 100.0, 50.0, 60.0, blend_m=40.0)
    X, Y = t.xy_grid()
    r = np.hypot(X - 100.0, Y - 50.0)
    assert np.ptp(t.heights[r <= 60.0]) < 0.01
    assert np.all(np.abs(t.heights[r <= 60.0] - z) < 0.01)
    ring = (r > 50.0) & (r < 110.0)
    jump = np.abs(np.diff(t.heights, axis=1))[ring[:, 1:] & ring[:, :-1]]
    orig = np.abs(np.diff(before, axis=1))[ring[:, 1:] & ring[:, :-1]]
    # a smoothstep blend over 4 cells adds at most 1.5 * |dz| / 4 per cell: no step
    dz = np.abs(before[ring] - z).max()
    assert jump.max() <= orig.max() + 1.5 * dz * t.cell_m / 40.0 + 1e-6


# ---------------------------------------------------------------- determinism
def test_two_scale_determinism(two_scale):
    again = generate_terrain(cfg_with(), seed=11)
    assert again.heights.tobytes() == two_scale.heights.tobytes()
    assert again.far.heights.tobytes() == two_scale.far.heights.tobytes()
    assert again.albedo.tobytes() == two_scale.albedo.tobytes()
    assert np.array_equal(again.boulders.x, two_scale.boulders.x)
    other = generate_terrain(cfg_with(), seed=12)
    assert not np.array_equal(other.heights, two_scale.heights)
    assert not np.array_equal(other.far.heights, two_scale.far.heights)


# ---------------------------------------------------------------- boulders
def test_boulder_sfd_slope_and_ejecta_density():
    rng = np.random.default_rng(3)
    cat, drawn = sample_boulders(rng, (0, 0, 3000, 3000), None, 1.0, 1.0, 50.0, max_count=10**6)
    assert drawn == len(cat)
    expect = 0.0003 * (1.0**-2.48 - 50.0**-2.48) * 9e6
    assert abs(len(cat) - expect) < 5 * np.sqrt(expect)
    d = np.sort(cat.diameter)[::-1]
    n = np.arange(1, d.size + 1)
    fit = (d > 1.2) & (d < 5.0)
    slope = np.polyfit(np.log(d[fit]), np.log(n[fit]), 1)[0]
    assert slope == pytest.approx(-2.48, abs=0.1)
    # fresh ejecta: 5x denser where fresh = 1
    fresh = np.zeros((301, 301), dtype=np.float32)
    fresh[:, :150] = 1.0
    cat2, _ = sample_boulders(
        np.random.default_rng(4),
        (0, 0, 300, 300),
        fresh,
        1.0,
        0.5,
        10.0,
        ejecta_multiplier=5.0,
        max_count=10**6,
    )
    left = (cat2.x < 149).sum()
    right = (cat2.x > 151).sum()
    assert 3.5 < left / right < 6.5


def test_terrain_boulders(two_scale):
    b = two_scale.boulders
    assert len(b) > 0 and len(b) <= 20000
    assert b.diameter.min() >= 1.5 and b.diameter.max() <= 12.0
    assert b.variant.dtype == np.int64 and b.yaw_deg.shape == b.x.shape
    assert np.all(two_scale.contains(b.x, b.y))
    z = boulder_z(two_scale)
    assert z.shape == b.x.shape
    assert np.all(z <= two_scale.height_at(b.x, b.y))
    capped = generate_terrain(cfg_with(boulders={"max_count": 10}), seed=11).boulders
    assert len(capped) == 10 and capped.diameter.min() >= np.sort(b.diameter)[-10] - 1e-9


# ---------------------------------------------------------------- two scales
def test_far_grid_geometry(two_scale):
    t = two_scale
    f = t.far
    x0, y0, x1, y1 = f.extent
    assert x1 - x0 >= 4000.0 and f.cell_m == pytest.approx(t.far_ratio * t.cell_m)
    assert (t.size_px - 1) % t.far_ratio == 0
    k = t.far_offset
    # near border samples on far nodes are the far samples (seam vertices shared)
    r = t.far_ratio
    m = (t.size_px - 1) // r
    np.testing.assert_allclose(t.heights[0, ::r], f.heights[k, k : k + m + 1], atol=1e-9)
    np.testing.assert_allclose(t.heights[::r, -1], f.heights[k : k + m + 1, k + m], atol=1e-9)
    # the hero is in both catalogues; big far craters reaching the near grid too
    assert f.craters.is_hero[-1] and t.craters.is_hero[-1]
    assert f.craters.diameter[~f.craters.is_hero].min() >= 2.5 * f.cell_m - 1e-9


def test_seam_continuity(two_scale):
    t = two_scale
    x0, y0, x1, y1 = t.extent
    s = np.linspace(x0, x1, 997)
    relief = np.ptp(t.heights)
    for eps in (1e-6, 0.5):
        for xs, ys in ((s, np.full_like(s, y0)), (np.full_like(s, x1), s)):
            inside = t.height_at(xs + (eps if xs is s else -eps), ys + eps)
            outside = t.far.height_at(xs, ys)
            assert np.abs(inside - outside).max() < 0.01 * relief + 0.05
    # height_at uses the far grid outside the near extent
    assert t.height_at(x1 + 500.0, 0.0) == t.far.height_at(x1 + 500.0, 0.0)
    assert t.contains(x1 + 500.0, 0.0, far=True) and not t.contains(x1 + 500.0, 0.0)


def _boundary_edges(f: np.ndarray, nv: int) -> np.ndarray:
    e = np.sort(np.concatenate([f[:, [0, 1]], f[:, [1, 2]], f[:, [2, 0]]]), axis=1)
    u, c = np.unique(e[:, 0] * nv + e[:, 1], return_counts=True)
    assert c.max() <= 2  # manifold
    b = u[c == 1]
    return np.column_stack([b // nv, b % nv])


def test_two_scale_mesh_watertight(two_scale):
    t = two_scale
    v, f = terrain_mesh(t, max_error_m=0.5, far_max_error_m=2.0)
    assert v.dtype == np.float64 and f.dtype == np.int64
    tri = v[f]
    nz = np.cross(tri[:, 1] - tri[:, 0], tri[:, 2] - tri[:, 0])[:, 2]
    assert np.all(nz > 0)
    X0, Y0, X1, Y1 = t.full_extent
    b = _boundary_edges(f, len(v))
    pts = v[b.ravel()]
    on_outer = (
        np.isclose(pts[:, 0], X0)
        | np.isclose(pts[:, 0], X1)
        | np.isclose(pts[:, 1], Y0)
        | np.isclose(pts[:, 1], Y1)
    )
    assert on_outer.all()
    # the boundary is the whole outer square: its length equals the perimeter
    seg = np.linalg.norm(v[b[:, 0], :2] - v[b[:, 1], :2], axis=1)
    assert seg.sum() == pytest.approx(2 * ((X1 - X0) + (Y1 - Y0)))
    # vertices are grid samples: exact heights and albedo from the grids
    assert np.allclose(v[:, 2], t.height_at(v[:, 0], v[:, 1]), atol=1e-9)
    alb = t.albedo_at(v[:, 0], v[:, 1])
    assert alb.shape == (len(v),) and alb.min() > 0
    rgb = t.sample_at(
        v[:, 0],
        v[:, 1],
        np.repeat(t.albedo[..., None], 3, -1),
        np.repeat(t.far.albedo[..., None], 3, -1),
    )
    assert rgb.shape == (len(v), 3)
    nrm = vertex_normals(v, f)
    assert np.allclose(np.linalg.norm(nrm, axis=1), 1.0) and np.all(nrm[:, 2] > 0)
    assert t.normals_at(v[:, 0], v[:, 1]).shape == (len(v), 3)


def _mesh_error(t: Terrain, v, f) -> float:
    from matplotlib.tri import LinearTriInterpolator, Triangulation

    interp = LinearTriInterpolator(Triangulation(v[:, 0], v[:, 1], f), v[:, 2])
    X, Y = t.xy_grid()
    zi = np.asarray(interp(X, Y).filled(np.nan))
    return float(np.nanmax(np.abs(zi - t.heights)))


def test_mesh_error_bound_and_reduction():
    t = generate_terrain(cfg_with(far={"enabled": False}, size_px=257), seed=3)
    for err in (0.25, 1.0):
        v, f = terrain_mesh(t, max_error_m=err, tile_px=1024)
        assert _mesh_error(t, v, f) <= err + 1e-6
    v, f = terrain_mesh(t, max_error_m=1.0, tile_px=64)  # tiled: stitched tile seams
    assert _mesh_error(t, v, f) <= 2.0 * 1.0 + 1e-6
    assert f.shape[0] * 3 < 2 * 256 * 256  # rough 5 m/px field; bench: 1 m/px
    # legacy grid mode still works
    v2, f2 = terrain_mesh(t, max_px=65)
    assert v2.shape == (65 * 65, 3)


def test_mesh_lod_fewer_triangles_far_from_camera(two_scale):
    x0, y0, x1, y1 = two_scale.full_extent
    _, f_uniform = terrain_mesh(two_scale, max_error_m=0.25, far_max_error_m=0.25, tile_px=32)
    _, f_lod = terrain_mesh_lod(
        two_scale, (x0, y0), max_error_m=0.25, lod_distance_m=200.0, far_max_error_m=0.25
    )
    assert f_lod.shape[0] < 0.7 * f_uniform.shape[0]


# ---------------------------------------------------------------- shading
def test_shadow_5deg_sun_side_wall():
    t = flat(201, 10.0)
    stamp(t.heights, t.cell_m, t.origin, Crater(0.0, 0.0, 800.0, 0.0))
    X, Y = t.xy_grid()
    r = np.hypot(X, Y)
    sun_wall = (r > 240) & (r < 380) & (Y > 0) & (np.abs(X) < 0.5 * Y)  # sun due north
    sh = shading.bake_shadows(t, azimuth_deg=0.0, elevation_deg=5.0)
    assert (sh[sun_wall] < 0.5).mean() > 0.9


def test_far_terrain_shadows_near_grid():
    t = generate_terrain(
        cfg_with(
            relief={"amplitude_m": 0.0, "fine_amplitude_m": 0.0},
            craters={"max_count": 0},
            hero={"diameter_m": 200.0, "x_m": 0.0, "y_m": 0.0},
            boulders={"enabled": False},
        ),
        seed=1,
    )
    # a 60 m ridge in the far field west of the near grid, sun low in the west
    X, _ = t.far.xy_grid()
    t.far.heights[(X < -700.0) & (X > -760.0)] += 60.0
    sh = shading.bake_shadows(t, azimuth_deg=270.0, elevation_deg=5.0, softness=0.0)
    Xn, _ = t.xy_grid()
    tip = -700.0 + 60.0 / np.tan(np.radians(5.0))  # the ridge's shadow ends near x = -14
    assert (sh[Xn < tip - 100.0] < 0.5).mean() > 0.9
    assert (sh[Xn > 200.0] > 0.5).mean() > 0.99
    alone = shading.bake_shadows(t, 270.0, 5.0, softness=0.0, far_occlusion=False)
    assert (alone[Xn < -600.0] > 0.5).mean() > 0.99
    sf = shading.bake_shadows_far(t, 270.0, 5.0)
    assert sf.shape == t.far.heights.shape and sf.dtype == np.float32
    assert shading.lambert(t.far, shading.sun_vector(270.0, 5.0)).shape == sf.shape


# ---------------------------------------------------------------- outputs and checks
def test_outputs_and_report(two_scale, tmp_path):
    paths = write_heightmap(two_scale, tmp_path)
    import json

    meta = json.loads(paths["json"].read_text())
    assert meta["seed"] == 11 and len(meta["extent_m"]) == 4 and meta["far"] is not None
    assert {"far_png", "far_json", "far_csv"} <= set(paths)
    header = paths["csv"].read_text().splitlines()[0].split(",")
    for col in ("x_m", "y_m", "diameter_m", "depth_m", "age_myr"):
        assert col in header
    out = write_report(two_scale, tmp_path / "report.png")
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_memory_and_bad_input_checks():
    ok = cfg_with()
    check_terrain_config(ok)
    big = cfg_with(size_px=16385)
    need = estimate_memory_bytes(big)
    assert need > 16385**2 * 50
    with pytest.raises(
        ValueError,
        match=r"^terrain\.size_px: 16385² grid needs ~[\d.]+ GB, "
        r"more than the 1\.0 GB available$",
    ):
        check_terrain_config(big, available=10**9)
    with pytest.raises(ValueError, match="terrain.craters.d_min_m"):
        check_terrain_config(cfg_with(craters={"d_min_m": 500.0}))
    with pytest.raises(ValueError, match="terrain.boulders.d_min_m"):
        check_terrain_config(cfg_with(boulders={"d_min_m": 20.0}))
    with pytest.raises(ValueError, match="terrain.relief.hurst: must be a finite"):
        check_terrain_config(cfg_with(relief={"hurst": float("nan")}))
    with pytest.raises(ValueError, match="terrain.size_m"):
        check_terrain_config(cfg_with(size_m=-5.0))
    with pytest.raises(ValueError, match="terrain.far.size_m"):
        check_terrain_config(cfg_with(far={"size_m": 1000.0}))
