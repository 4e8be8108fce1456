"""Size classes within a structure tile: the small things beside a big one switch to their
cheap level at their own distance, and every level of one class switches at one distance."""

from __future__ import annotations

import numpy as np

from lunarbase.scene.render import tiles


def test_size_classes_split_a_tile_by_instance_radius():
    radius = np.array([5.0, 27.9, 28.1, 60.0, 500.0])
    assert tiles.size_class(radius).tolist() == [0, 0, 1, 2, 3]
    # a mesh of five faces, one per instance, over shared corners
    v = np.arange(21, dtype=float).reshape(7, 3)
    f = np.array([[0, 1, 2], [1, 2, 3], [2, 3, 4], [3, 4, 5], [4, 5, 6]])
    got = {c: (cv, cf, idx) for c, cv, cf, idx in tiles.by_size_class(v, f, radius)}
    assert sorted(got) == [0, 1, 2, 3]
    assert np.concatenate([got[c][2] for c in sorted(got)]).tolist() == [0, 1, 2, 3, 4]
    for cv, cf, idx in got.values():  # each class a compact mesh of the same triangles
        assert np.array_equal(cv[cf], v[f[idx]]) and len(cv) == len(np.unique(f[idx]))


def test_class_radii_take_the_largest_radius_over_every_level():
    full = np.array([[0, 0, 10.0], [0, 0, 300.0], [1, 0, 40.0]])
    cheap = np.array([[0, 0, 20.0], [0, 0, 250.0], [1, 0, 50.0]])
    radii = tiles.class_radii([("pads", full), ("pads", cheap), ("rocks", full[:1])])
    assert radii == {
        ("pads", (0, 0), 0): 20.0,
        ("pads", (0, 0), 3): 300.0,
        ("pads", (1, 0), 1): 50.0,
        ("rocks", (0, 0), 0): 10.0,
    }
    # so a 20 m shed beside a 300 m tower switches at the minimum distance, not at 25 x 300 m
    shed = tiles.bands(1, radii[("pads", (0, 0), 0)], 1.0)[0].far
    tower = tiles.bands(1, radii[("pads", (0, 0), 3)], 1.0)[0].far
    assert shed == tiles.LOD_MIN_M and tower == 25 * 300.0
