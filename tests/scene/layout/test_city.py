"""The city layout (issue 15): districts, networks, lots and terraced foundations.

Most checks run on the tiny scene (terrain + layout only, no scene graph); the floors run on
the default scene's layout (terrain + layout, no rendering, ~20 s)."""

from __future__ import annotations

import re

import networkx as nx
import numpy as np
import pytest
import shapely
from shapely.geometry import LineString, Point, Polygon
from shapely.strtree import STRtree
from test_preflight import CASES as PREFLIGHT_CASES

from lunarbase.scene.config.load import load_scene
from lunarbase.scene.errors import SceneError
from lunarbase.scene.layout.city import checks
from lunarbase.scene.layout.city.districts import KINDS
from lunarbase.scene.layout.plan import plan_layout
from lunarbase.scene.model.assetcache import AssetCache
from lunarbase.terrain import generate_terrain

from conftest import TINY

LINEAR = ("pipe_rack", "conveyor", "power_line", "brick_wall", "road")


def _plan(cfg):
    terrain = generate_terrain(cfg["terrain"], cfg["seed"])
    before = terrain.heights.copy()
    assets = AssetCache(cfg["seed"], cfg["base"]["detail"])
    return plan_layout(cfg, terrain, assets), terrain, before, assets


@pytest.fixture(scope="module")
def tiny(tmp_path_factory):
    p = tmp_path_factory.mktemp("city") / "tiny.toml"
    p.write_text(TINY)
    return _plan(load_scene(p))


@pytest.fixture(scope="module")
def default():
    return _plan(load_scene(None))


def _footprint(p, assets) -> Polygon:
    """Rotated footprint rectangle; a bent linear structure's polyline buffered by its
    straight half width; the engine a disc."""
    a = assets.get(p.kind, p.params, p.variant)
    hx, hy = a.footprint
    if p.kind == "engine":
        return Point(p.x, p.y).buffer(max(hx, hy))
    pts = p.params.get("points")
    if p.kind in LINEAR and pts is not None and len(pts) > 2:
        c, s = np.cos(np.radians(p.rotation_deg)), np.sin(np.radians(p.rotation_deg))
        q = np.asarray(pts, float)
        w = np.column_stack([p.x + c * q[:, 0] - s * q[:, 1], p.y + s * q[:, 0] + c * q[:, 1]])
        straight = {**p.params, "points": ((-10.0, 0.0), (10.0, 0.0))}
        half = assets.get(p.kind, straight, p.variant).footprint[1]
        return LineString(w).buffer(half, cap_style="flat", join_style="mitre")
    c, s = np.cos(np.radians(p.rotation_deg)), np.sin(np.radians(p.rotation_deg))
    lx, ly = np.array([-hx, hx, hx, -hx]), np.array([-hy, -hy, hy, hy])
    return Polygon(np.column_stack([p.x + c * lx - s * ly, p.y + s * lx + c * ly]))


def test_every_district_kind_is_present(tiny):
    layout = tiny[0]
    kinds = {k for _, k, _ in layout.districts}
    assert kinds == set(KINDS)
    counts = checks.district_counts(layout)
    for name, kind, poly in layout.districts:
        assert poly.area > 0 and counts[name]["kind"] == kind
    built = {counts[n]["kind"] for n in counts if counts[n]["structures"]}
    assert set(KINDS) <= built, set(KINDS) - built
    assert sum(p.kind == "engine" for p in layout.placements) == 3


def test_every_structure_is_reachable_from_the_spaceport(tiny):
    layout = tiny[0]
    g = checks.access_graph(layout)
    roads = layout.networks.graph
    assert nx.is_connected(roads)
    pad = next(p for p in layout.placements if p.kind == "launch_pad")
    reach = nx.node_connected_component(g, ("s", pad.name))
    missing = [p.name for p in layout.placements if ("s", p.name) not in reach]
    assert not missing, missing[:10]
    # the joins to the roads are short: lots front their roads, things on roads stand there
    longest = max(d["length"] for _, _, d in g.edges(data=True) if d.get("kind") == "access")
    assert longest <= checks.ACCESS_MAX_M, longest
    # habitats are joined by tunnels, and ramps climb every foundation
    assert sum(d.get("kind") == "tunnel" for _, _, d in g.edges(data=True)) > 10


def test_no_two_footprints_overlap(tiny):
    layout, _, _, assets = tiny
    pl = [p for p in layout.placements if p.kind != "road" and "road" not in p.extras]
    polys = np.array([_footprint(p, assets) for p in pl])
    a, b = STRtree(polys).query(polys, predicate="intersects")
    keep = a < b
    a, b = a[keep], b[keep]
    area = shapely.area(shapely.intersection(polys[a], polys[b]))
    bad = []
    for i, j, ar in zip(a, b, area, strict=True):
        if ar <= 0.05:
            continue
        p, q = pl[i], pl[j]
        on = p.extras.get("on"), q.extras.get("on")
        if q.name in (on[0],) or p.name in (on[1],) or (on[0] is not None and on[0] == on[1]):
            continue  # a ship on its pad, a crane over its containers
        if q.name in p.extras.get("connects", ()) or p.name in q.extras.get("connects", ()):
            continue  # a tunnel and the two structures it joins
        bad.append((p.name, q.name, round(float(ar), 2)))
    assert not bad, bad[:10]
    # and no building stands on a road: road pieces keep clear of every lot structure
    roads = [LineString(r.points).buffer(r.width / 2) for r in layout.networks.roads]
    lots = [p for p in pl if "lot" in p.extras and not p.extras["lot"].startswith("found")]
    hits = STRtree(roads).query(np.array([_footprint(p, assets) for p in lots]), "intersects")
    assert hits.shape[1] == 0, [lots[i].name for i in hits[0][:5]]


def _levels_cut(layout, terrain, before):
    """Per terrace cut: (kind, the tread levels the cut left, deepest cut (m))."""
    X, Y = terrain.xy_grid()
    out = []
    for c in layout.meta["cuts"]:
        r = np.hypot(X - c["x"], Y - c["y"])
        ring = r <= c["risers_m"][-1] + c["step_m"]
        lower = before[ring] - terrain.heights[ring]
        assert lower.max() > 2 * c["step_m"], c["kind"]  # cut well below the old ground
        assert float(terrain.height_at(c["x"], c["y"])) == pytest.approx(c["floor_m"], abs=0.05)
        k = (terrain.heights[ring] - c["floor_m"]) / c["step_m"]
        on_level = np.abs(k - np.rint(k)) < 0.01
        levels = set(np.rint(k[on_level & (lower > 0.1)]).astype(int).tolist())
        out.append((c, levels))
    return out


def test_terrain_is_carved_in_steps_at_foundations_and_pits(tiny):
    layout, terrain, before, _ = tiny
    cuts = layout.meta["cuts"]
    assert sum(c["kind"] == "foundation" for c in cuts) == 3
    assert any(c["kind"] == "pit" for c in cuts)
    for c, levels in _levels_cut(layout, terrain, before):  # stepped, not a bowl
        assert len(levels) >= min(3, len(c["risers_m"])), (c["kind"], sorted(levels))


def test_structures_stand_on_the_ground(tiny):
    layout, terrain, _, assets = tiny
    for p in layout.placements:
        if "on" in p.extras or p.kind in LINEAR or p.kind in ("ramp", "road_light"):
            continue
        ground = float(terrain.height_at(p.x, p.y))
        if p.basis is not None:  # rovers and other tilted pieces: on the ground at the centre
            assert abs(ground - p.z) <= 0.05, p.name
        else:  # on its lowest footing: never floating above the ground at its centre
            assert p.z <= ground + 0.05, (p.name, p.z, ground)
            assert p.z >= ground - 6.0, (p.name, p.z, ground)


def test_same_seed_same_city(tmp_path):
    p = tmp_path / "tiny.toml"
    p.write_text(TINY)
    a, ta, _, _ = _plan(load_scene(p))
    b, tb, _, _ = _plan(load_scene(p))
    key = [(q.kind, q.name, q.x, q.y, q.z, q.rotation_deg, str(q.params)) for q in a.placements]
    assert key == [
        (q.kind, q.name, q.x, q.y, q.z, q.rotation_deg, str(q.params)) for q in b.placements
    ]
    assert np.array_equal(ta.heights, tb.heights)
    c, _, _, _ = _plan(load_scene(p, seed=12))
    assert [(q.x, q.y) for q in c.placements] != [(q.x, q.y) for q in a.placements]


def test_the_scatter_layout_is_still_there(tmp_path):
    p = tmp_path / "s.toml"
    p.write_text(TINY.replace("[base]\n", '[base]\nlayout = "scatter"\n'))
    layout, _, _, _ = _plan(load_scene(p))
    assert not layout.districts and any(q.kind == "launch_pad" for q in layout.placements)


def test_default_scene_meets_the_floors(default):
    layout, terrain, before, assets = default
    c = checks.counts(layout, assets)
    assert c["structures_within_3km"] >= 1500, c
    assert c["emitters"] >= 1000, c
    cov = checks.coverage(layout, assets)
    assert len(cov) == 3 and min(cov) >= 0.95, cov
    # the spaceport: clusters of 3-6 pads, ships of at least three classes in each
    pads: dict = {}
    for p in layout.placements:
        if p.kind == "launch_pad":
            pads.setdefault(p.group, set()).add(p.extras.get("class", p.params.get("craft")))
    shelters = {name for name, kind, _ in layout.districts if kind == "shelter"}
    assert {g for g in pads if g in shelters} == shelters  # a crew pad by each habitat district
    ports = {g: c for g, c in pads.items() if g not in shelters}
    assert len(ports) >= 3
    for group, classes in ports.items():
        assert len(classes) >= 3, (group, classes)
    for c, levels in _levels_cut(layout, terrain, before):
        assert len(levels) >= (4 if c["kind"] == "foundation" else 3), (c, sorted(levels))
    kinds = {p.kind for p in layout.placements}
    for k in (
        "heavy_rocket",
        "transport_ship",
        "mining_pit",
        "excavator",
        "conveyor",
        "pipe_rack",
        "power_line",
        "tunnel",
        "brick_wall",
        "ramp",
        "road_light",
        "comm_tower",
        "dish",
        "greenhouse",
        "printed_dome",
        "garage",
        "command_centre",
    ):
        assert k in kinds, k


def test_explicit_placements_keep_working(tmp_path, tiny):
    layout, _, _, assets = tiny
    lot = next(q for q in layout.lots if q.use in ("habitat_rows", "habitat_ring", "greenhouses"))
    text = TINY + (
        f'\n[[base.place]]\nkind = "tank"\nat = [{lot.cx:.1f}, {lot.cy:.1f}]\n'
        'name = "my_tank"\nparams = { style = "sphere" }\n'
    )
    p = tmp_path / "placed.toml"
    p.write_text(text)
    placed, terrain, _, assets = _plan(load_scene(p))
    mine = next(q for q in placed.placements if q.name == "my_tank")
    assert (mine.x, mine.y, mine.group) == (round(lot.cx, 1), round(lot.cy, 1), "placed")
    assert mine.z == pytest.approx(float(terrain.height_at(mine.x, mine.y)), abs=0.05)
    fp = _footprint(mine, assets)
    others = [_footprint(q, assets) for q in placed.placements if q is not mine]
    assert not any(fp.intersects(o) for o in others if o.area > 0)
    e = next(q for q in layout.placements if q.name == "engine_2")
    p.write_text(TINY + f'\n[[base.place]]\nkind = "tank"\nat = [{e.x:.1f}, {e.y:.1f}]\n')
    with pytest.raises(SceneError, match=r"base.place\[0\]: tank .* overlaps engine_2"):
        _plan(load_scene(p))


@pytest.mark.parametrize("old,new,expect", PREFLIGHT_CASES, ids=["spacing", "on_engine", "pair"])
def test_city_refuses_from_the_scene_file_alone(tmp_path, old, new, expect):
    """The city's checks that need only the scene file (its preflight, which the CLI runs
    before any terrain) and the planner refuse the same scenes with the same one line."""
    from lunarbase.scene.layout.city.preflight import check_city

    p = tmp_path / "bad.toml"
    p.write_text(TINY.replace(old, new, 1))
    cfg = load_scene(p)
    with pytest.raises(SceneError) as e:
        check_city(cfg, AssetCache(cfg.seed, cfg.base.detail))
    assert expect in str(e.value) and "\n" not in str(e.value)
    with pytest.raises(SceneError, match=re.escape(expect)):
        _plan(cfg)
