"""The detail tier as drawn (scene.render.ground_detail): the fade, the mosaic's base
colours, and a low frame with and without the tier (detail near, identical far)."""

from __future__ import annotations

import numpy as np
import pytest

from lunarbase.scene.render.ground_detail import fade


def test_fade_is_full_near_and_gone_at_the_radius():
    d = np.array([0.0, 100.0, 200.0, 299.0, 300.0, 500.0])
    c = fade(d, 100.0, 300.0)
    assert c[0] == c[1] == 1.0 and c[4] == c[5] == 0.0
    assert 0.4 < c[2] < 0.6 and 0.0 < c[3] < 0.01
    assert np.all(np.diff(c) <= 0)


@pytest.fixture(scope="module")
def frames(tiny_world):
    """The same low pose rendered without and with a 120 m tier: (off, on) (H, W, 3) uint8,
    view depth (H, W) m, the renderer's detail (patches made, triangles)."""
    from lunarbase.scene.anim.cameras import Pose
    from lunarbase.scene.render.renderer import Renderer, clip_range

    t = tiny_world.terrain
    x, y = 300.0, -700.0
    z = float(t.height_at(x, y))
    pose = Pose((x, y, z + 3.0), (x + 60.0, y + 200.0, z - 15.0), 50.0)
    out = []
    for radius in (0.0, 120.0):
        r = Renderer(200, 120, "preview")
        r.q = {**r.q, "detail": radius, "fxaa": False}
        img = r.render(tiny_world, pose)
        _, zbuf = r._read_back()
        near, far = clip_range(r.world, pose, r.baked.z_top)
        depth = near * far / (far - zbuf * (far - near))
        out.append((img, depth, r.detail, r.n_triangles))
        r.close()
    (off, _, _, tri_off), (on, depth, detail, tri_on) = out
    return off, on, depth, detail, tri_off, tri_on


def test_low_frame_gains_detail_near_and_nothing_far(frames):
    off, on, depth, detail, tri_off, tri_on = frames
    assert detail.generated >= 1 and len(detail.patches) == detail.generated
    # the tier shades the base's faces and adds only its near rocks, a few thousand faces
    assert tri_on - tri_off == detail.n_triangles == 20 * detail.rocks.n_rocks
    assert 20 <= detail.rocks.n_rocks and detail.n_triangles <= 8000
    diff = np.abs(on.astype(int) - off.astype(int)).max(axis=2)
    near = depth < 40.0
    far = (depth > 150.0) & (depth < 1e5)
    assert near.mean() > 0.1 and far.mean() > 0.02
    assert diff[near].mean() > 3.0  # texture appears close by
    # fine detail: neighbouring-pixel contrast in the near ground grows
    grad = lambda im: np.abs(np.diff(im.astype(float).mean(axis=2), axis=1))  # noqa: E731
    assert grad(on)[near[:, 1:]].mean() > 1.5 * grad(off)[near[:, 1:]].mean()
    assert np.percentile(diff[far], 99) <= 2  # beyond the tier: the base image, unchanged
    # and the brightness close by is the base's (the factor's local mean is 1)
    assert abs(on[near].mean() - off[near].mean()) < 0.12 * off[near].mean() + 2


def test_a_track_appears_behind_a_rover_that_drove_a_road(tiny_world):
    """Behind a driving rover (its pose from the scene's drive channel) the detail relief
    holds two ruts at the rover's wheel track, measured on its tyres; what the drive adds
    to the ground lies within a wheel's reach of the road it drove, nowhere else."""
    from dataclasses import replace

    from scipy.ndimage import map_coordinates

    from lunarbase.scene.anim.motion import drive_matrix
    from lunarbase.scene.render.ground_detail import world_traces
    from lunarbase.terrain.detail import DetailLaw, detail_window
    from lunarbase.terrain.detail.traces import _distance

    terrain = tiny_world.terrain
    tr = world_traces(tiny_world)
    drive = tiny_world.graph.drives[0]
    assert any(np.array_equal(drive.road, p) for p in tr.tracks)
    k = next(i for i, p in enumerate(tr.tracks) if np.array_equal(drive.road, p))
    gauge, wheel = float(tr.gauge[k]), float(tr.wheel[k])
    assert 5.0 < gauge < 9.0 and 0.6 < wheel < 1.6  # the default rover's: 6.64 m, 1.04 m
    m = drive_matrix(terrain, drive, 30.0)
    fwd = m[:2, 0] / np.linalg.norm(m[:2, 0])
    behind = m[:2, 3] - 12.0 * fwd  # 12 m behind the rover, on the road it drove:
    a, b = drive.road[:-1], drive.road[1:]  # its nearest point on the road, the road's way
    v = b - a
    w = np.clip(np.einsum("ij,ij->i", behind - a, v) / np.einsum("ij,ij->i", v, v), 0, 1)
    q = a + w[:, None] * v
    i = int(np.argmin(np.hypot(*(q - behind).T)))
    assert np.hypot(*(q[i] - behind)) < 0.5
    behind, fwd = q[i], v[i] / np.linalg.norm(v[i])
    law = DetailLaw.of(terrain, margin_m=4.0)
    x0, y0, n = behind[0] - 16.0, behind[1] - 16.0, 128
    untracked = replace(tr, tracks=(), gauge=np.zeros(0), wheel=np.zeros(0))
    sun = (330.0, 3.0)
    on = detail_window(terrain, law, x0, y0, n, *sun, tr).relief.astype(float)
    off = detail_window(terrain, law, x0, y0, n, *sun, untracked).relief.astype(float)
    side = np.array([-fwd[1], fwd[0]])
    u = np.linspace(-8.0, 8.0, 321)
    pts = behind[None, :] + u[:, None] * side[None, :]
    ij = np.array([(pts[:, 1] - y0) / law.texel_m - 0.5, (pts[:, 0] - x0) / law.texel_m - 0.5])
    prof_on, prof_off = (map_coordinates(z, ij, order=1) for z in (on, off))

    def rut(prof: np.ndarray, c: float) -> float:
        """Depth of the profile at ``c`` below its mean a wheel width to either side."""
        at = lambda v: float(np.interp(v, u, prof))  # noqa: E731
        return at(c) - 0.5 * (at(c - 1.2 * wheel) + at(c + 1.2 * wheel))

    for s in (-1, 1):
        assert rut(prof_on, s * gauge / 2) < -0.03  # a rut a few cm deep under each wheel
        at = np.abs(u - s * gauge / 2) < 0.3
        assert (prof_on - prof_off)[at].min() < -0.02  # what the drive pressed in
    mid = np.abs(u) < gauge / 2 - wheel
    assert np.abs(prof_on[mid] - prof_off[mid]).max() < 1e-9  # nothing between the wheels
    # nothing off the road: every texel the drive changed is near the driven polyline
    r, c, d = _distance([drive.road], x0, y0, law.texel_m, (n, n), 40.0)
    near = np.full((n, n), np.inf)
    near[r, c] = d
    changed = np.abs(on - off) > 1e-9
    assert changed.mean() > 0.05
    assert near[changed].max() < gauge / 2 + 2.0 * wheel
