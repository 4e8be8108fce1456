"""Baked ambient occlusion darkens crevices and contact points against open ground under the
same light."""

from __future__ import annotations

import numpy as np

from lunarbase.scene.shading.ao import face_ao, ground_ao, self_occluder, structure_heights
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


def test_rover_is_occluded_by_itself_and_darkens_at_the_ground(tiny_world):
    """The rovers (drawn per frame, not baked) get occlusion too: the faces its own body
    hides from the sky and those near the ground darken; the open top does not."""
    from lunarbase.scene.shading.facelight import face_display, face_frames
    from lunarbase.scene.shading.merge import DYNAMIC_KINDS
    from lunarbase.terrain.shading import sun_vector

    lt = tiny_world.cfg.lighting
    sun = sun_vector(lt["sun_azimuth_deg"], lt["sun_elevation_deg"])
    node, m = next((n, m) for n, m in tiny_world.graph.instances() if n.kind in DYNAMIC_KINDS)
    occ = self_occluder(node.mesh, m)
    from lunarbase.assets.materials import PALETTE

    opaque = [p for p in node.mesh.primitives if not PALETTE[p.material].is_emissive]
    parts = {
        (f"rovers{i}", p.material): (p.vertices @ m[:3, :3].T + m[:3, 3], p.faces)
        for i, p in enumerate(opaque)
    }
    ground = tiny_world.terrain.height_at

    def lit(*occ):
        cols = face_display(parts, lt, sun, [], None, *occ)
        return np.concatenate([cols[k].mean(axis=1) for k in parts])

    plain, shaded = lit(), lit(ground, occ)
    assert np.all(shaded <= plain + 1e-6)
    frames = [face_frames(v, f) for v, f in parts.values()]
    c, n = np.concatenate([a for a, _ in frames]), np.concatenate([b for _, b in frames])
    low = c[:, 2] - ground(c[:, 0], c[:, 1]) < 1.0
    top = (n[:, 2] > 0.9) & (c[:, 2] >= np.percentile(c[:, 2], 80))  # roofs open to the sky
    assert low.any() and top.any()
    ratio = shaded / np.maximum(plain, 1e-6)
    assert ratio[low].mean() < 0.85
    assert np.median(ratio[top]) > 0.99
