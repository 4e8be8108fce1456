"""The bake's fast paths against plain references: lamps on faces (bucketed by cells) against
every lamp-face pair, structure shadows on the ground (one shared BVH, rays only where they
matter) against the geometry of a tower's shadow, closed parts (whose faces turned from the
sun the rays skip) against open ones, and a bake that repeats itself exactly."""

from __future__ import annotations

import numpy as np

from lunarbase.scene.model.graph import Mesh, Primitive, SpotLight
from lunarbase.scene.shading.closed import closed_faces, closed_parts
from lunarbase.scene.shading.facelight import LAMP_CELL_M, FaceSet, face_display, lamp_irradiance
from lunarbase.scene.shading.lighting import lamp_falloff, lamp_reach
from lunarbase.scene.shading.shadows import Caster, Casters, SunShadows, ground_shadow
from lunarbase.terrain.heightfield import Terrain
from lunarbase.terrain.shading import sun_vector


def _flat(n=65, cell=2.0) -> Terrain:
    t = Terrain(np.zeros((n, n)), cell, (-(n - 1) * cell / 2, -(n - 1) * cell / 2))
    t.albedo = np.full((n, n), 0.12, np.float32)
    return t


def _box(lo, hi) -> tuple[np.ndarray, np.ndarray]:
    """A closed axis-aligned box: (8, 3) vertices, (12, 3) outward-wound faces."""
    (x0, y0, z0), (x1, y1, z1) = lo, hi
    v = np.array(
        [[x, y, z] for z in (z0, z1) for y in (y0, y1) for x in (x0, x1)], dtype=np.float64
    )
    quads = [(0, 2, 3, 1), (4, 5, 7, 6), (0, 1, 5, 4), (2, 6, 7, 3), (0, 4, 6, 2), (1, 3, 7, 5)]
    f = np.array([t for a, b, c, d in quads for t in ((a, b, c), (a, c, d))], dtype=np.int64)
    return v, f


def _naive_lamps(points, normals, lamps) -> np.ndarray:
    """Every lamp against every point, the formula of ``lamp_irradiance`` written out."""
    out = np.zeros((len(points), 3))
    for lamp in lamps:
        p = np.asarray(lamp.position, float)
        reach = lamp_reach(lamp, lamp.mount_m)
        d = points - p
        dist2 = (d * d).sum(axis=1)
        dist = np.sqrt(dist2) + 1e-9
        u = d / dist[:, None]
        axis = np.asarray(lamp.direction, float)
        axis = axis / np.linalg.norm(axis)
        half = np.radians(lamp.cone_deg / 2)
        lo, hi = np.cos(half * 1.3), np.cos(half * 0.7)
        cone = np.clip((u @ axis - lo) / (hi - lo + 1e-9), 0, 1)
        fall = lamp_falloff(dist2, lamp.mount_m, reach) * (dist2 <= reach * reach)
        fall *= np.clip(-(normals * u).sum(axis=1), 0, 1)
        out += (cone * fall)[:, None] * np.asarray(lamp.color) * lamp.intensity
    return out


def test_lamps_light_the_faces_within_reach_and_match_every_pair():
    rng = np.random.default_rng(5)
    pts = np.column_stack([rng.uniform(-150, 150, (4000, 2)), rng.uniform(0, 30, 4000)])
    nrm = rng.normal(size=(4000, 3))
    nrm /= np.linalg.norm(nrm, axis=1, keepdims=True)
    lamps = [  # mounts and ranges that straddle several cells, one aimed sideways
        SpotLight((1.0, 0.9, 0.8), 2.0, 90.0, 70.0, (3.0, -7.0, 25.0), (0, 0, -1), 12.0),
        SpotLight((1.0, 0.9, 0.8), 1.0, 300.0, 50.0, (-61.0, 40.0, 15.0), (1, 0.2, -1), 8.0),
        SpotLight((0.5, 0.6, 1.0), 1.5, 35.0, 120.0, (LAMP_CELL_M, 0.0, 9.0), (0, 0, -1), 6.0),
    ]
    got = lamp_irradiance(pts, nrm, lamps)
    np.testing.assert_allclose(got, _naive_lamps(pts, nrm, lamps), rtol=1e-9, atol=1e-15)
    # the first lamp alone, over level ground: a pool inside its reach, nothing beyond
    ring = np.linspace(0.0, 120.0, 241)
    ground = np.column_stack([3.0 + ring, np.full_like(ring, -7.0), np.zeros_like(ring)])
    up = np.tile([0.0, 0.0, 1.0], (len(ring), 1))
    pool = lamp_irradiance(ground, up, lamps[:1])[:, 0]
    reach = lamp_reach(lamps[0], lamps[0].mount_m)
    dist = np.linalg.norm(ground - lamps[0].position, axis=1)
    assert reach == 90.0
    assert np.all(pool[dist >= reach] == 0.0)
    assert np.all(pool[ring < 10.0] > 0.0)
    np.testing.assert_allclose(pool, _naive_lamps(ground, up, lamps[:1])[:, 0], rtol=1e-9)


def test_a_tower_shadows_the_ground_on_its_sun_away_side_only():
    t = _flat(n=81, cell=2.0)  # 160 m square, flat at z = 0
    v, f = _box((-4.0, -4.0, 0.0), (4.0, 4.0, 20.0))
    merged = {("structures", "steel_lattice"): (v, f)}
    sun = sun_vector(90.0, 30.0)  # from the east (+x), 30 degrees up
    shade = ground_shadow(t, merged, sun)
    x, y = t.xy_grid()
    length = 20.0 / np.tan(np.radians(30.0))  # 34.6 m
    inside = (np.abs(y) < 3.0) & (x < -5.0) & (x > -4.0 - length + 2.0)
    assert np.all(shade[inside] == 0.0)  # west of the tower, within the shadow's length
    assert np.all(shade[x > 5.0] == 1.0)  # the sunny side
    assert np.all(shade[np.abs(y) > 6.0] == 1.0)  # beside the shadow
    assert np.all(shade[x < -4.0 - length - 3.0] == 1.0)  # beyond its tip
    # samples left out by ``where`` are reported lit without a ray, the others as before
    where = x < -20.0
    part = SunShadows(merged, sun).ground(t, where=where)
    np.testing.assert_array_equal(part[where], shade[where])
    assert np.all(part[~where] == 1.0)


def test_casters_hit_where_any_of_them_does():
    a, b = Caster(*_box((0, 0, 0), (1, 1, 1))), Caster(*_box((5, 0, 0), (6, 1, 1)))
    o = np.array([[0.5, 0.5, -1.0], [5.5, 0.5, -1.0], [3.0, 0.5, -1.0], [0.5, 0.5, 2.0]])
    d = np.tile([0.0, 0.0, 1.0], (4, 1))
    assert Casters(a, b).intersects_any(o, d).tolist() == [True, True, False, False]
    assert Caster(np.zeros((0, 3)), np.zeros((0, 3), int)).intersects_any(o, d).sum() == 0


def test_a_wall_keeps_the_sun_off_the_face_behind_it():
    wall = _box((10.0, -20.0, 0.0), (11.0, 20.0, 30.0))
    hut = _box((0.0, -2.0, 0.0), (4.0, 2.0, 4.0))
    merged = {("structures", "steel_lattice"): wall, ("structures", "regolith_concrete"): hut}
    sun = sun_vector(90.0, 20.0)  # low from the east: the wall shades the hut's east face
    lighting = dict(sun_intensity=2.0, earthshine=0.05, lamps=False, lamp_intensity=1.0)
    faces = FaceSet.of([merged])
    vis = faces.sun_visible(sun, Caster(*wall))
    east = (faces.normals[:, 0] > 0.9) & (np.abs(faces.centroids[:, 0] - 4.0) < 1e-9)
    wall_east = (faces.normals[:, 0] > 0.9) & (np.abs(faces.centroids[:, 0] - 11.0) < 1e-9)
    assert east.sum() == 2 and not vis[east].any()
    assert wall_east.sum() == 2 and vis[wall_east].all()
    # the one-dict wrapper gives the same colours as the set
    cols = face_display(merged, lighting, sun, [], Caster(*wall))
    same = faces.display(lighting, sun, vis, None)[0]
    for key in merged:
        np.testing.assert_array_equal(cols[key], same[key])


def test_only_watertight_outward_parts_are_closed():
    box_v, box_f = _box((0.0, 0.0, 0.0), (2.0, 3.0, 4.0))
    # split across two materials, with its own (unwelded) copies of the shared vertices
    lid, rest = box_f[2:4], np.delete(box_f, [2, 3], axis=0)
    solid = Mesh(
        "solid",
        [
            Primitive(box_v.astype(np.float32), rest.astype(np.uint32), "painted_white"),
            Primitive(box_v.astype(np.float32), lid.astype(np.uint32), "dark_metal"),
        ],
    )
    assert all(p.all() for p in closed_parts(solid))
    lidless = Mesh("lidless", [Primitive(box_v.astype(np.float32), rest.astype(np.uint32), "x")])
    inside_out = Mesh("inside out", [Primitive(box_v, box_f[:, ::-1].copy(), "x")])
    flipped_one = box_f.copy()
    flipped_one[0] = flipped_one[0, ::-1]
    inconsistent = Mesh("inconsistent", [Primitive(box_v, flipped_one, "x")])
    for mesh in (lidless, inside_out, inconsistent):
        assert not any(p.any() for p in closed_parts(mesh)), mesh.name
    # a closed part and an open panel in one mesh: only the part is closed
    panel_v = np.array([[5, 0, 0], [6, 0, 0], [6, 1, 0], [5, 1, 0]], float)
    both = Mesh(
        "both", [Primitive(np.vstack([box_v, panel_v]), np.vstack([box_f, [[8, 9, 10]]]), "x")]
    )
    assert closed_parts(both)[0].tolist() == [True] * 12 + [False]


def test_skipping_closed_faces_turned_from_the_sun_changes_no_shadow():
    t = _flat(n=81, cell=2.0)
    tower = _box((-4.0, -4.0, 0.0), (4.0, 4.0, 20.0))
    panel = (np.array([[10, -5, 6], [18, -5, 6], [18, 5, 6]], float), np.array([[0, 1, 2]]))
    v = np.vstack([tower[0], panel[0]])
    f = np.vstack([tower[1], panel[1] + 8])
    merged = {("structures", "steel_lattice"): (v, f)}
    closed = {("structures", "steel_lattice"): np.array([True] * 12 + [False])}
    for az, el in ((90.0, 30.0), (200.0, 8.0), (330.0, 4.0)):
        sun = sun_vector(az, el)
        cut = SunShadows(merged, sun, closed)
        assert cut.caster.n_faces < 13  # the tower's faces turned from the sun are left out
        np.testing.assert_array_equal(cut.ground(t), SunShadows(merged, sun).ground(t))


def test_closed_flags_line_up_with_the_merged_faces(tiny_world):
    from lunarbase.scene.shading.baked import Baked

    baked = Baked.of(tiny_world)
    from lunarbase.scene.model.layers import EFFECT_MATERIALS

    # the bake leaves the assets' plume parts out (the renderer draws the engines' jets)
    closed = {k: c for k, c in closed_faces(tiny_world).items() if k[1] not in EFFECT_MATERIALS}
    assert closed.keys() == baked.merged.keys()
    for key, (_, f) in baked.merged.items():
        assert closed[key].shape == (len(f),)
    assert 0.2 < sum(c.sum() for c in closed.values()) / sum(len(c) for c in closed.values())


def test_the_bake_repeats_itself_exactly(tiny_world):
    from lunarbase.scene.shading.baked import Baked

    a, b = Baked(tiny_world).lit, Baked(tiny_world).lit
    np.testing.assert_array_equal(a.terrain, b.terrain)
    for key in a.faces:
        np.testing.assert_array_equal(a.faces[key], b.faces[key])
    for key in a.faces_lod0:
        np.testing.assert_array_equal(a.faces_lod0[key], b.faces_lod0[key])
