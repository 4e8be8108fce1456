"""Rocks drawn as meshes near the camera (terrain.detail.nearrocks): the patches' own rocks,
the near ones down to 5 cm, none where the traces cleared the ground, a pure function of
the pose (and nothing pops: a rock grows in from zero size at the edge of its reach)."""

from __future__ import annotations

import numpy as np

from lunarbase.terrain.detail import DetailLaw, Traces
from lunarbase.terrain.detail.features import cell_rocks, gather
from lunarbase.terrain.detail.nearrocks import R_MAX, REACH_PER_M, near_rocks
from lunarbase.terrain.heightfield import Terrain

LAW = DetailLaw.of(Terrain(np.zeros((65, 65)), 3.0, (-96.0, -96.0), seed=11))
ROAD = np.array([[-100.0, 3.0], [100.0, 3.0]])


def test_near_rocks_are_the_patches_rocks_by_size_and_distance():
    cam = (5.0, -7.0)
    r = near_rocks(LAW, None, cam, 1.7)
    every = gather(
        lambda i, j: cell_rocks(
            LAW.seed, i, j, LAW.cell_m, LAW.rock_a, LAW.rock_b, LAW.rock_d_min, LAW.rock_d_max
        ),
        (cam[0] - R_MAX, cam[1] - R_MAX, cam[0] + R_MAX, cam[1] + R_MAX),
        0.0,
        LAW.cell_m,
    )
    where = {(x, y): d for x, y, d in zip(every.x, every.y, every.d, strict=True)}
    full = np.array([where[(x, y)] for x, y in zip(r.x, r.y, strict=True)])  # each is one
    assert np.all(r.d <= full + 1e-12) and np.all(r.d > 0)
    dist = np.sqrt((r.x - cam[0]) ** 2 + (r.y - cam[1]) ** 2 + 1.7**2)
    lim = np.minimum(REACH_PER_M * full, R_MAX)
    assert np.all(dist < lim)
    grown = dist < 0.75 * lim  # inside the growth band every rock has its full size
    assert np.allclose(r.d[grown], full[grown])
    edge = dist > 0.99 * lim  # and at its reach it has (almost) none: no pop
    assert np.all(r.d[edge] < 0.01 * full[edge])
    assert full.min() < 0.06 and 100 < len(r) < 3000  # pebbles of ~5 cm are there
    again = near_rocks(LAW, None, cam, 1.7)
    assert np.array_equal(again.x, r.x) and np.array_equal(again.yaw, r.yaw)


def test_no_rock_meshes_on_a_graded_road():
    tr = Traces.of(LAW.seed, roads=(ROAD,), road_half=np.array([5.0]))
    r = near_rocks(LAW, tr, (0.0, 0.0), 1.7)
    bare = near_rocks(LAW, None, (0.0, 0.0), 1.7)
    on_road = np.abs(bare.y - 3.0) < 5.0
    assert on_road.sum() > 10  # there were rocks there
    assert not np.any(np.abs(r.y - 3.0) < 5.0)
    assert len(r) >= (~on_road).sum() * 0.8
