"""The base's traces in the detail tier (terrain.detail.traces): ruts where a rover drove a
road and not elsewhere, graded roads with berms, blast-scoured pads, trodden ground."""

from __future__ import annotations

import numpy as np
import pytest

from lunarbase.terrain.detail import DetailLaw, Traces, detail_window, trace_fields
from lunarbase.terrain.detail.traces import BERM_GAP, BERM_H, RUT_D
from lunarbase.terrain.heightfield import Terrain

GAUGE, WHEEL = 6.64, 1.04
ROAD = np.array([[-150.0, 10.0], [150.0, 10.0]])  # a service road along +x at y = 10 m
OTHER = np.array([[-150.0, -30.0], [150.0, -30.0]])  # an undriven one at y = -30 m


@pytest.fixture(scope="module")
def flat() -> Terrain:
    n = 129
    return Terrain(np.zeros((n, n)), 3.0, (-192.0, -192.0), seed=5)


def _traces(driven: bool) -> Traces:
    return Traces.of(
        5,
        roads=(ROAD, OTHER),
        road_half=np.array([5.0, 5.0]),
        tracks=(ROAD,) if driven else (),
        gauge=np.array([GAUGE] if driven else []),
        wheel=np.array([WHEEL] if driven else []),
    )


def _profile(relief: np.ndarray, y0: float, t: float) -> tuple[np.ndarray, np.ndarray]:
    """Across-road profile: (rows,) y of texel centres and the relief's median along x."""
    ys = y0 + (np.arange(relief.shape[0]) + 0.5) * t
    return ys, np.median(relief, axis=1)


def test_a_track_appears_behind_a_rover_that_drove_a_road(flat):
    """The relief across a driven road holds two ruts at the rover's gauge, ~RUT_D deep
    below the road between them; the undriven road beside it has only faint traffic ruts,
    and the ground off the roads has none."""
    law = DetailLaw.of(flat, margin_m=8.0)
    t = law.texel_m
    x0, y0, n = -8.0, -48.0, 256  # 64 m across both roads
    on = detail_window(flat, law, x0, y0, n, 90.0, 3.0, _traces(True))
    off = detail_window(flat, law, x0, y0, n, 90.0, 3.0, _traces(False))
    ys, z = _profile(on.relief, y0, t)
    _, z0 = _profile(off.relief, y0, t)
    rel = z - z0  # what the drive added
    for side in (-1, 1):
        at = np.abs(ys - (10.0 + side * GAUGE / 2)) < 0.2
        assert rel[at].min() < -0.7 * RUT_D * 0.75  # a rut under each wheel line
        mid = np.abs(ys - 10.0) < 0.5
        assert z[at].min() < np.median(z[mid]) - 0.03  # below the road's crown
    # only at the gauge: between and beyond the wheels the drive changed nothing
    quiet = (np.abs(np.abs(ys - 10.0) - GAUGE / 2) > 2.0 * WHEEL) | (np.abs(ys - 10.0) > 8)
    assert np.abs(rel[quiet]).max() < 1e-9
    # the undriven road: faint traffic ruts only, a third as deep
    at_o = np.abs(ys - (-30.0 + GAUGE / 2)) < 0.2
    mid_o = np.abs(ys + 30.0) < 0.5
    assert 0.005 < np.median(z0[mid_o]) - z0[at_o].min() < 0.4 * RUT_D
    # and the ruts show in the shading factor: the rut lines differ from the road between
    f = on.factor.astype(float)
    ruts = np.abs(np.abs(ys - 10.0) - GAUGE / 2) < 0.4
    crown = np.abs(ys - 10.0) < 1.5
    assert abs(f[ruts].mean() - f[crown].mean()) > 0.05


def test_road_is_graded_with_berms_and_cleared_of_craters(flat):
    """On the road's surface the natural relief is planed (a fraction of its roughness off
    the road), a berm ~BERM_H high runs just past each edge."""
    law = DetailLaw.of(flat, margin_m=8.0)
    t = law.texel_m
    y0 = -10.0
    w = detail_window(flat, law, -40.0, y0, 160, 90.0, 3.0, _traces(False))
    ys = y0 + (np.arange(160) + 0.5) * t
    z = w.relief.astype(float)
    road = (np.abs(ys - 10.0) < 2.0)[:, None]
    wild = (np.abs(ys - 10.0) > 12.0)[:, None]
    rough = lambda m: np.std(np.diff(z, axis=1)[np.broadcast_to(m, z[:, 1:].shape)])  # noqa: E731
    assert rough(road) < 0.4 * rough(wild)
    berm = np.abs(ys - (10.0 + 5.0 + BERM_GAP)) < 0.15
    assert np.median(z[berm]) - np.median(z[np.abs(ys - 10.0) < 1.0]) > 0.6 * BERM_H


def test_pads_are_blast_scoured_and_sites_trodden():
    """Round a pad the ground is brighter (albedo) and rockless out to ~2 radii; round a
    habitat darker; traces are a pure function of world position (two windows agree)."""
    tr = Traces.of(
        5,
        pads=np.array([[0.0, 0.0, 20.0]]),
        sites=np.array([[200.0, 0.0, 8.0]]),
        roads=(np.array([[200.0, -100.0], [200.0, -40.0]]),),
        road_half=np.array([4.0]),
    )
    pad = trace_fields(tr, 5, -60.0, -60.0, 0.5, (240, 240))
    r = np.hypot(
        *np.meshgrid((np.arange(240) + 0.5) * 0.5 - 60.0, (np.arange(240) + 0.5) * 0.5 - 60.0)
    )
    assert pad.albedo[r < 25].mean() > 1.1 and np.all(pad.clear[r < 25] < 1e-6)
    assert np.all(pad.albedo[r > 61] == 1.0)
    site = trace_fields(tr, 5, 180.0, -20.0, 0.25, (160, 160))
    assert site.albedo[60:100, 60:100].mean() < 0.97
    assert len(tr.paths) == 4  # one footpath to the road, three more
    assert np.allclose(tr.paths[0, 1], (200.0, -40.0))  # it reaches the road's end
    a = trace_fields(tr, 5, 180.0, -20.0, 0.25, (160, 160))
    b = trace_fields(tr, 5, 190.0, -20.0, 0.25, (160, 160))
    assert np.array_equal(a.albedo[:, 40:], b.albedo[:, :120])
    assert trace_fields(tr, 5, 1000.0, 1000.0, 0.25, (64, 64)) is None


def test_rocks_drawn_as_meshes_are_cleared_where_the_texture_is():
    """``clear_at`` at points equals the ``clear`` field the patches use there."""
    from lunarbase.terrain.detail.traces import clear_at

    tr = Traces.of(
        5,
        roads=(ROAD, np.array([[0.0, -50.0], [30.0, 40.0]])),
        road_half=np.array([5.0, 4.0]),
        tracks=(ROAD,),
        gauge=np.array([GAUGE]),
        wheel=np.array([WHEEL]),
        pads=np.array([[-30.0, -20.0, 10.0]]),
        sites=np.array([[30.0, -25.0, 6.0]]),
    )
    x0, y0, t = -60.0, -60.0, 0.25
    f = trace_fields(tr, 5, x0, y0, t, (480, 480))
    rng = np.random.default_rng(2)
    i, j = rng.integers(0, 480, 2000), rng.integers(0, 480, 2000)
    c = clear_at(tr, x0 + (j + 0.5) * t, y0 + (i + 0.5) * t)
    assert np.abs(c - f.clear[i, j]).max() < 1e-12
    assert 0.1 < np.mean(c < 0.5) < 0.9  # both cleared and untouched ground sampled


def test_a_patch_with_traces_is_the_same_bytes_whatever_came_before(flat):
    law = DetailLaw.of(flat, patch_m=32.0, margin_m=8.0)
    tr = _traces(True)
    a = detail_window(flat, law, 0.0, 0.0, 128, 90.0, 3.0, tr)
    detail_window(flat, law, 32.0, -32.0, 128, 90.0, 3.0, tr)
    b = detail_window(flat, law, 0.0, 0.0, 128, 90.0, 3.0, tr)
    assert a.factor.tobytes() == b.factor.tobytes() and a.relief.tobytes() == b.relief.tobytes()
    assert a.sun.tobytes() == b.sun.tobytes() and a.sun.shape == (32, 32)
