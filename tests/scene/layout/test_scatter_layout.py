"""Layout invariants on several seeds: ground contact, no overlaps, slope limit; explicit
placements; counts."""

from __future__ import annotations

import numpy as np
import pytest

from lunarbase.scene.assemble.world import build_world
from lunarbase.scene.config.load import load_scene
from lunarbase.scene.errors import SceneError
from lunarbase.scene.layout.packing import footprint_points

from conftest import TINY as CITY_TINY

# these are the scatter layout's invariants (the city's are in test_city.py)
TINY = CITY_TINY.replace("[base]\n", '[base]\nlayout = "scatter"\n')

CONNECTORS = {"tunnel"}  # tunnels join two habitats, so they touch both by design


def _world(tmp_path, text, seed=None):
    p = tmp_path / "s.toml"
    p.write_text(text)
    return build_world(load_scene(p, seed))


@pytest.fixture(scope="module", params=[3, 4, 5])
def seeded(request, tmp_path_factory):
    return _world(tmp_path_factory.mktemp("layout"), TINY, request.param)


def test_every_structure_stands_on_the_ground(seeded):
    t = seeded.terrain
    for p in seeded.layout.placements:
        a = seeded.assets.get(p.kind, p.params, p.variant)
        if p.flatten:
            pts = footprint_points(p, a, 0.95)
            ground = t.height_at(pts[:, 0], pts[:, 1])
            assert np.max(np.abs(ground - p.z)) <= 0.05, (p.name, ground - p.z)
        elif p.basis is not None:  # vehicles tilted to the road: within suspension travel
            pts = footprint_points(p, a, 0.9)
            local = np.column_stack([pts[:, 0] - p.x, pts[:, 1] - p.y])
            n = p.basis[:, 2]
            plane = p.z - (n[0] * local[:, 0] + n[1] * local[:, 1]) / n[2]
            ground = t.height_at(pts[:, 0], pts[:, 1])
            assert abs(ground[0] - plane[0]) <= 0.05
            assert np.max(np.abs(ground - plane)) <= 0.25, (p.name, ground - plane)
        else:  # engines in their notch, gantries on their terrace, connectors
            assert abs(float(t.height_at(p.x, p.y)) - p.z) <= 0.05 or p.kind in CONNECTORS


def test_no_two_footprints_overlap(seeded):
    ps = [p for p in seeded.layout.placements if p.kind not in CONNECTORS]
    xy = np.array([[p.x, p.y] for p in ps])
    r = np.array([p.radius for p in ps])
    d = np.hypot(*(xy[:, None, :] - xy[None, :, :]).transpose(2, 0, 1))
    gap = d - (r[:, None] + r[None, :])
    np.fill_diagonal(gap, np.inf)
    i, j = np.unravel_index(np.argmin(gap), gap.shape)
    assert gap[i, j] >= 0, (ps[i].name, ps[j].name, gap[i, j])


def test_nothing_but_engines_on_steep_ground(seeded):
    limit = seeded.cfg["base"]["max_slope_deg"]
    t = seeded.terrain
    for p in seeded.layout.placements:
        if p.kind in ("engine", "gantry") or p.kind in CONNECTORS:
            continue
        a = seeded.assets.get(p.kind, p.params, p.variant)
        pts = footprint_points(p, a, 0.9)
        assert np.max(t.slope_deg_at(pts[:, 0], pts[:, 1])) <= limit + 0.5, p.name


def test_engines_on_the_rim_with_gantries(seeded):
    h = seeded.terrain.hero
    engines = [p for p in seeded.layout.placements if p.kind == "engine"]
    assert len(engines) == 3
    for e in engines:
        assert abs(np.hypot(e.x - h["x"], e.y - h["y"]) / (h["diameter"] / 2) - 1) < 0.1
    assert sum(p.kind == "gantry" for p in seeded.layout.placements) >= 3


def test_explicit_placement_is_added(tmp_path):
    text = (
        TINY + '\n[[base.place]]\nkind = "tank"\nat = [-900.0, -900.0]\nname = "my_tank"\n'
        'params = { style = "sphere" }\n'
    )
    w = _world(tmp_path, text)
    p = next(p for p in w.layout.placements if p.name == "my_tank")
    assert (p.x, p.y) == (-900.0, -900.0) and p.group == "placed"
    assert w.graph.find("my_tank").extras["params"]["style"] == "sphere"


def test_overlapping_explicit_placements_are_an_error(tmp_path):
    text = TINY + (
        '\n[[base.place]]\nkind = "tank"\nat = [-900.0, -900.0]\n'
        '\n[[base.place]]\nkind = "plant"\nat = [-905.0, -900.0]\n'
    )
    with pytest.raises(SceneError, match=r"base.place\[1\]: plant .* overlaps base.place\[0\]"):
        _world(tmp_path, text)


def test_explicit_placement_on_an_engine_is_an_error(tmp_path, tiny_world):
    e = tiny_world.graph.find("engine_2")
    x, y = e.matrix[0, 3], e.matrix[1, 3]
    text = TINY + f'\n[[base.place]]\nkind = "tank"\nat = [{x:.1f}, {y:.1f}]\n'
    with pytest.raises(SceneError, match=r"base.place\[0\]: tank .* overlaps engine_2"):
        _world(tmp_path, text)


def test_default_scene_is_a_megacomplex():
    from lunarbase.scene.assemble.world import build_world as bw

    w = bw(load_scene(None))
    counts = w.graph.kind_counts()
    assert sum(counts.values()) >= 200
    for kind in (
        "engine",
        "gantry",
        "launch_pad",
        "tank",
        "plant",
        "solar_array",
        "antenna",
        "light_mast",
        "habitat",
        "command_centre",
        "tunnel",
        "rover",
    ):
        assert counts.get(kind, 0) >= 1, kind
    assert len(w.graph.meshes()) * 3 < sum(counts.values())  # instancing


def test_command_centre_gets_a_graded_site_when_no_gentle_ground(tmp_path, monkeypatch):
    """Where no spot near the hub is gentle enough, the command centre is still placed, on
    a site graded flat around it, never silently dropped."""
    from lunarbase.scene.layout import packing

    monkeypatch.setattr(packing.Packer, "gentle", lambda self, x, y, r: False)
    w = _world(tmp_path, TINY)
    cc = [p for p in w.layout.placements if p.kind == "command_centre"]
    assert len(cc) == 1 and not any("command" in s for s in w.layout.skipped)
    p = cc[0]
    a = np.linspace(0, 2 * np.pi, 16, endpoint=False)
    r = 1.05 * p.radius
    ring = w.terrain.height_at(p.x + r * np.cos(a), p.y + r * np.sin(a))
    assert np.ptp(ring) < 0.05  # the graded site reaches past the footprint, level
    # gentle ground everywhere else was refused: only graded/explicit sites were used
    assert not [q for q in w.layout.placements if q.kind == "habitat"]
