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
    assert tri_on == tri_off  # the tier moves faces between actors, adds none
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
