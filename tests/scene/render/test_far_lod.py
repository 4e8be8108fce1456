"""Far levels of detail: vertex clustering keeps big shapes and drops what is sub-pixel, the
distance bands of a tile never overlap or leave a gap, and a far view drawn with the
clustered levels looks like the one drawn without them, with fewer triangles."""

from __future__ import annotations

import math

import numpy as np
import pytest
import trimesh

from lunarbase.scene.render import tiles
from lunarbase.scene.render.renderer import Renderer
from lunarbase.scene.shading import simplify
from lunarbase.scene.shading.simplify import cluster_vertices


def _hall_and_pipe() -> tuple[np.ndarray, np.ndarray, int]:
    """A 40 x 20 x 12 m box and, beside it, a 0.2 m thin 30 m pipe of 32 segments."""
    box = trimesh.creation.box((40.0, 20.0, 12.0))
    box.apply_translation((100.0, 50.0, 6.0))
    pipe = trimesh.creation.cylinder(radius=0.1, height=30.0, sections=32)
    pipe.apply_translation((130.0, 50.0, 15.0))
    both = trimesh.util.concatenate([box, pipe])
    return np.asarray(both.vertices), np.asarray(both.faces), len(box.faces)


def test_clustering_keeps_the_hall_drops_the_pipe_and_moves_little():
    v, f, n_box = _hall_and_pipe()
    cv, cf, keep = cluster_vertices(v, f, 2.0)
    assert keep.shape == (len(f),) and keep.dtype == bool
    assert keep[:n_box].all()  # every face of the big box survives
    # the pipe collapses to a few slivers where it crosses cell boundaries
    assert keep[n_box:].sum() <= 0.1 * (len(f) - n_box)
    assert len(cf) == keep.sum() and cf.max() < len(cv)
    # each kept face's corners moved by less than a cell's diagonal
    moved = np.linalg.norm(cv[cf] - v[f[keep]], axis=2)
    assert moved.max() < 2.0 * math.sqrt(3)
    # the box's silhouette holds within a cell
    lo, hi = cv[np.unique(cf[:n_box])].min(axis=0), cv[np.unique(cf[:n_box])].max(axis=0)
    assert np.allclose(lo, (80, 40, 0), atol=2.0) and np.allclose(hi, (120, 60, 12), atol=2.0)


def test_clustering_is_a_pure_function_and_drops_twins():
    v, f, _ = _hall_and_pipe()
    a, b = cluster_vertices(v, f, 2.0), cluster_vertices(v.copy(), f.copy(), 2.0)
    for x, y in zip(a, b, strict=True):
        assert np.array_equal(x, y)
    twin = np.concatenate([f, f[:5], np.roll(f[:5], 1, axis=1)])  # exact and rotated copies
    _, cf, keep = cluster_vertices(v, twin, 2.0)
    assert not keep[len(f) :].any() and len(cf) == cluster_vertices(v, f, 2.0)[1].shape[0]
    with pytest.raises(ValueError, match="cell"):
        cluster_vertices(v, f, 0.0)


@pytest.mark.parametrize("radius", [1.0, 30.0, 120.0, 400.0])
@pytest.mark.parametrize("scale", [0.6, 1.0])
@pytest.mark.parametrize("far", [True, False])
def test_bands_of_a_tile_tile_the_distances(radius, scale, far):
    full, *rest = tiles.bands(1, radius, scale, far) + tiles.bands(0, radius, scale, far)
    if not far:  # without far levels the cheap level reaches the horizon
        assert [b.cell for b in rest] == [None] and rest[0].far == math.inf
    assert full.near == 0.0 and full.cell is None
    edges = [full] + rest
    for a, b in zip(edges[:-1], edges[1:], strict=True):
        assert a.far == b.near and a.near < a.far  # contiguous, none empty
    assert edges[-1].far == math.inf
    # clustered levels only where their cell is under about a pixel of a 720-row frame
    for b in rest:
        if b.cell is not None:
            assert b.cell * 624 / b.near <= 1.1


def test_far_view_with_clustered_levels_looks_the_same_with_fewer_triangles(
    tiny_world, monkeypatch
):
    pose = tiny_world.shots["rim_panorama"]
    plain = Renderer(256, 144, "preview")
    monkeypatch.setattr(simplify, "FAR_LEVELS", ())  # no far bands: detail 0 to the horizon
    a = plain.render(tiny_world, pose)
    n_plain = plain.n_triangles
    plain.close()
    # the bake's cells, but at distances that put the tiny scene's tiles in the far bands
    monkeypatch.setattr(simplify, "FAR_LEVELS", ((150.0, 2.0), (300.0, 4.0)))
    far = Renderer(256, 144, "preview")
    b = far.render(tiny_world, pose)
    n_far = far.n_triangles
    far.close()
    assert n_far < 0.9 * n_plain
    # a final frame draws no clustered level (thin lattices would thin out in a still):
    # the same frame as with no far levels at all
    finals = []
    for levels in (((150.0, 2.0), (300.0, 4.0)), ()):
        monkeypatch.setattr(simplify, "FAR_LEVELS", levels)
        final = Renderer(256, 144, "final")
        finals.append((final.render(tiny_world, pose), final.n_triangles))
        final.close()
    assert finals[0][1] == finals[1][1] and np.array_equal(finals[0][0], finals[1][0])
    diff = np.abs(a.astype(int) - b.astype(int)).max(axis=2)
    assert diff.mean() < 2.0 and (diff > 40).mean() < 0.01
