"""Numpy lighting and merging on small synthetic inputs: falloff, pools, tone curve, face
lighting, merged meshes and tiles."""

from __future__ import annotations

import numpy as np
import pytest

from lunarbase.scene.model.color import encode_display, to_uint8
from lunarbase.scene.model.graph import SpotLight
from lunarbase.scene.shading.facelight import lamp_irradiance
from lunarbase.scene.shading.lighting import lamp_falloff, lamp_pools, tone_map
from lunarbase.scene.shading.merge import TILE_M, split_tiles
from lunarbase.terrain.heightfield import Terrain


def _flat(n=65, cell=2.0) -> Terrain:
    t = Terrain(np.zeros((n, n)), cell, (-(n - 1) * cell / 2, -(n - 1) * cell / 2))
    t.albedo = np.full((n, n), 0.12, np.float32)
    return t


def test_falloff_is_one_at_the_foot_and_zero_at_reach():
    d2 = np.array([0.0, 100.0, 400.0, 1e4])
    f = lamp_falloff(d2, mount=10.0, reach=100.0)
    assert f[0] == pytest.approx(1.0)
    assert np.all(np.diff(f) < 0)  # monotone down
    assert f[-1] == 0.0
    # inverse square well inside reach, far from the mast: ~ (mount / d)^2
    g = lamp_falloff(np.array([30.0**2]), 10.0, 1e6)[0]
    assert g == pytest.approx(100.0 / (900.0 + 100.0), rel=1e-3)


def test_pool_is_centred_under_the_lamp_and_round():
    t = _flat()
    lamp = SpotLight((1.0, 1.0, 1.0), 1.0, 200.0, 90.0, (10.0, -6.0, 12.0), (0, 0, -1), 12.0)
    pool = lamp_pools(t, [lamp])[..., 0]
    i, j = np.unravel_index(np.argmax(pool), pool.shape)
    x, y = t.origin[0] + j * t.cell_m, t.origin[1] + i * t.cell_m
    assert (x, y) == (10.0, -6.0)
    assert pool.max() == pytest.approx(1.0, rel=1e-6)
    # same distance, different directions: same light
    a = pool[i, j + 5]
    b = pool[i + 5, j]
    assert a == pytest.approx(b, rel=1e-9) and 0 < a < pool.max()
    assert pool[0, 0] < 0.02 * pool.max()


def test_faces_facing_a_lamp_get_more_light_than_faces_turned_away():
    lamp = SpotLight((1.0, 1.0, 1.0), 1.0, 100.0, 120.0, (0.0, 0.0, 10.0), (0, 0, -1), 10.0)
    pts = np.array([[0.0, 0.0, 0.0], [0.0, 0.0, 0.0], [3.0, 0.0, 0.0]])
    nrm = np.array([[0.0, 0.0, 1.0], [0.0, 0.0, -1.0], [0.0, 0.0, 1.0]])
    irr = lamp_irradiance(pts, nrm, [lamp])[:, 0]
    assert irr[0] > irr[2] > 0.0
    assert irr[1] == 0.0


def test_tone_curve_is_monotone_bounded_and_encoded():
    x = np.linspace(0, 50, 2001)[:, None].repeat(3, 1)
    y = tone_map(x)
    assert np.all(np.diff(y[:, 0]) > 0)
    assert y.min() == 0.0 and y.max() < 1.0
    # the program's filmic curve (shading.tone), not Reinhard's x / (1 + x) any more
    from lunarbase.scene.shading.tone import filmic_linear

    np.testing.assert_allclose(
        tone_map(np.array([[1.0, 1.0, 1.0]])), filmic_linear(1.0) ** (1 / 2.2)
    )
    assert np.all(encode_display(np.array([-1.0, 2.0])) == [0.0, 1.0])
    assert to_uint8(np.array([0.0, 0.5, 1.0, 1.2])).tolist() == [0, 128, 255, 255]


def test_split_tiles_partitions_faces_into_compact_submeshes():
    v = np.array([[x, 0.0, 0.0] for x in (0, 1, 2, 700, 701, 702)], float)
    f = np.array([[0, 1, 2], [3, 4, 5]])
    info = np.array([[0, 0, 5.0], [1, 0, 7.0]])
    parts = list(split_tiles(v, f, info))
    assert [p[0] for p in parts] == [(0, 0), (1, 0)]
    assert [p[1] for p in parts] == [5.0, 7.0]
    for _, _, tv, tf, sel in parts:
        assert len(tv) == 3 and tf.max() == 2 and len(sel) == 1
    assert parts[1][2][:, 0].min() >= TILE_M
    assert [p[4].tolist() for p in parts] == [[0], [1]]


def test_split_tiles_matches_a_mask_per_tile_on_interleaved_negative_tiles():
    rng = np.random.default_rng(3)
    n = 60
    tiles = rng.integers(-3, 3, size=(n, 2))  # faces of tiles interleaved, some negative
    v = rng.normal(size=(3 * n, 3))
    f = rng.permutation(3 * n).reshape(n, 3)
    info = np.column_stack([tiles, rng.uniform(1, 9, n)]).astype(float)
    parts = list(split_tiles(v, f, info))
    want = sorted({(int(a), int(b)) for a, b in tiles})
    assert [p[0] for p in parts] == want
    for tile, radius, tv, tf, sel in parts:
        mask = (tiles == tile).all(axis=1)
        assert sel.tolist() == np.flatnonzero(mask).tolist()
        assert radius == info[mask, 2].max()
        np.testing.assert_array_equal(tv[tf], v[f[mask]])


def test_merged_structures_cover_every_static_instance(tiny_world):
    from lunarbase.scene.model.layers import EFFECT_MATERIALS
    from lunarbase.scene.shading.baked import Baked
    from lunarbase.scene.shading.merge import DYNAMIC_KINDS, MIN_ROCK_DRAWN_M

    baked = Baked.of(tiny_world)
    merged_tris = sum(len(f) for _, f in baked.merged.values())
    expect = sum(
        n.mesh.n_triangles
        for n, _ in tiny_world.graph.instances()
        if n.kind != "terrain"
        and n.kind not in DYNAMIC_KINDS
        and not (n.kind == "rock" and n.extras.get("diameter_m", 9.0) < MIN_ROCK_DRAWN_M)
    ) - sum(  # the assets' plume parts: the bake leaves them out (the renderer draws jets)
        len(p.faces)
        for n, _ in tiny_world.graph.instances()
        if n.kind not in DYNAMIC_KINDS
        for p in n.mesh.primitives
        if p.material in EFFECT_MATERIALS
    )
    assert merged_tris == expect
    for (layer, _), (v, f) in baked.merged.items():
        assert f.max() < len(v) and layer
    assert Baked.of(tiny_world) is baked  # one bake per World
