"""The scene graph on its own: transforms compose, meshes are shared, lights are typed and
found, bounds follow the instances; the World reads its lamps and ground from the graph."""

from __future__ import annotations

import numpy as np
import pytest

from lunarbase.scene.model.graph import (
    Camera,
    DirectionalLight,
    Mesh,
    Node,
    Primitive,
    SceneGraph,
    SpotLight,
    look_at,
    transform,
)


def _cube() -> Mesh:
    v = np.array([[x, y, z] for x in (0, 1) for y in (0, 1) for z in (0, 1)], np.float32)
    f = np.array([[0, 1, 2], [1, 3, 2]], np.uint32)
    return Mesh("cube", [Primitive(v, f, "painted_grey")])


def test_walk_composes_parent_transforms():
    g = SceneGraph()
    grp = g.root.add(Node("grp", matrix=transform((100.0, 0.0, 0.0), 90.0)))
    leaf = grp.add(Node("leaf", "tank", transform((10.0, 0.0, 0.0)), mesh=_cube()))
    world = {n.name: m for n, m, _ in g.walk()}
    # 10 m along the parent's x, which is turned 90 degrees: +y in the world
    np.testing.assert_allclose(world["leaf"][:3, 3], [100.0, 10.0, 0.0], atol=1e-9)
    assert g.find("leaf") is leaf and g.find("nope") is None


def test_shared_mesh_is_one_mesh_many_instances():
    g = SceneGraph()
    cube = _cube()
    for i in range(5):
        g.root.add(
            Node(f"c{i}", "tank", transform((i * 10.0, 0, 0)), mesh=cube, extras={"asset": True})
        )
    assert g.meshes() == [cube]
    assert len(list(g.instances())) == 5
    assert g.triangle_count() == 5 * cube.n_triangles
    assert g.kind_counts() == {"tank": 5}
    lo, hi = g.bounds()
    np.testing.assert_allclose(lo, [0, 0, 0])
    np.testing.assert_allclose(hi, [41, 1, 1])


def test_lights_are_typed_and_found():
    g = SceneGraph()
    sun = DirectionalLight((1.0, 0.97, 0.92), 2.2)
    g.root.add(Node("sun", "sun", light=sun))
    spots = [SpotLight(intensity=float(i), position=(i, 0.0, 10.0), mount_m=10.0) for i in range(3)]
    for i, s in enumerate(spots):
        g.root.add(Node(f"lamp{i}", "lamp", light=s))
    assert g.sun() is sun and sun.kind == "directional"
    assert g.spot_lights() == spots and all(s.kind == "spot" for s in spots)
    assert g.lights()[0] is sun


def test_look_at_points_minus_z_at_the_target():
    m = look_at((0.0, -100.0, 50.0), (0.0, 0.0, 0.0))
    fwd = -m[:3, 2]
    expect = np.array([0.0, 100.0, -50.0]) / np.hypot(100.0, 50.0)
    np.testing.assert_allclose(fwd, expect, atol=1e-12)
    np.testing.assert_allclose(m[:3, :3].T @ m[:3, :3], np.eye(3), atol=1e-12)
    assert m[:3, 1][2] > 0  # up stays up
    # straight down still gives a proper rotation
    d = look_at((0.0, 0.0, 100.0), (0.0, 0.0, 0.0))
    assert abs(np.linalg.det(d[:3, :3]) - 1.0) < 1e-9


def test_camera_defaults_are_glTF_like():
    c = Camera()
    assert 0 < c.near < c.far and 1.0 <= c.fov_deg <= 179.0


def test_world_lamps_follow_layout_order_and_are_the_graph_lights(tiny_world):
    lamps = tiny_world.lamps
    assert lamps, "the tiny scene has floodlights"
    graph_spots = tiny_world.graph.spot_lights()
    assert sorted(map(id, lamps)) == sorted(map(id, graph_spots))  # one representation
    for lamp in lamps:
        ground = float(tiny_world.terrain.height_at(lamp.position[0], lamp.position[1]))
        assert lamp.mount_m == pytest.approx(max(lamp.position[2] - ground, 2.0), abs=1e-6)


def test_rover_motion_is_a_graph_channel(tiny_world):
    """Drives live in the graph and move their node along its road over time."""
    from lunarbase.scene.anim.motion import drive_matrix

    drives = tiny_world.graph.drives
    assert drives, "the tiny scene has a driving rover"
    d = drives[0]
    node = tiny_world.graph.find(d.node)
    assert node is not None and node.kind == "rover"
    a = drive_matrix(tiny_world.terrain, d, 0.0)
    b = drive_matrix(tiny_world.terrain, d, 5.0)
    moved = np.linalg.norm(b[:3, 3] - a[:3, 3])
    assert moved == pytest.approx(5.0 * d.speed_mps, rel=0.25)
    ground = float(tiny_world.terrain.height_at(b[0, 3], b[1, 3]))
    assert b[2, 3] == pytest.approx(ground, abs=1e-6)
    np.testing.assert_allclose(b[:3, :3].T @ b[:3, :3], np.eye(3), atol=1e-9)
