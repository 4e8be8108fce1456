"""Baked ambient occlusion darkens crevices and contact points against open ground under the
same light."""

from __future__ import annotations

import numpy as np

from lunarbase.scene.shading.ao import face_ao, ground_ao, structure_heights
from lunarbase.scene.shading.shadows import Caster


def test_trench_is_darker_than_open_ground():
    h = np.zeros((64, 64))
    h[:, 30:34] = -6.0  # a 4-cell trench, 6 m deep
    vis = ground_ao(h, cell_m=2.0)
    assert vis[32, 10] == 1.0  # flat open ground sees the whole sky
    assert vis[32, 31] < 0.75
    assert np.all((vis >= 0) & (vis <= 1))


def test_ground_darkens_at_the_foot_of_a_structure():
    h = np.zeros((64, 64))
    xs, ys = np.meshgrid(np.arange(20.0, 28.0, 0.5), np.arange(20.0, 28.0, 0.5))
    roof = np.c_[xs.ravel(), ys.ravel(), np.full(xs.size, 10.0)]  # a 10 m block, 8 m across
    surface = structure_heights(h, (0.0, 0.0), 1.0, roof)
    vis = ground_ao(h, 1.0, surface)
    assert vis[24, 29] < 0.8  # a metre from its wall
    assert vis[24, 60] > vis[24, 29] + 0.15  # open ground away from it


def test_face_in_a_corner_sees_less_sky():
    # a wall: a vertical quad x = 0, y -50..50, z 0..20
    v = np.array([[0, -50, 0], [0, 50, 0], [0, 50, 20], [0, -50, 20]], float)
    f = np.array([[0, 1, 2], [0, 2, 3]])
    caster = Caster(v, f)
    up = np.array([[0.0, 0.0, 1.0], [0.0, 0.0, 1.0]])
    pts = np.array([[0.5, 0.0, 0.0], [200.0, 0.0, 0.0]])  # floor by the wall, floor far off
    vis = face_ao(pts, up, caster)
    assert vis[0] < vis[1]
    assert vis[1] == 1.0
    side = np.array([[1.0, 0.0, 0.0], [1.0, 0.0, 0.0]])  # faces turned away from the wall
    flat = lambda x, y: np.zeros_like(np.asarray(x, float))  # noqa: E731
    low = face_ao(np.array([[300.0, 0, 0.2], [300.0, 0, 30.0]]), side, None, flat)
    assert low[0] < low[1]  # contact darkening where a structure meets the ground
