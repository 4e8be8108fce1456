"""A worker's release of its bake after loading (issue 15: peak worker RSS) changes no pixel."""

from __future__ import annotations

import pickle

import numpy as np
import pytest

from lunarbase.scene.render.renderer import Renderer
from lunarbase.scene.shading.baked import Baked, BakeReleased
from lunarbase.scene.video.memory import release_after_load

SIZE = (96, 64)


def _frames(r: Renderer, world) -> list[np.ndarray]:
    path = world.paths["fly"]
    times = np.linspace(path.times[0], path.times[-1], 3)
    poses = path.poses(times)
    return [r.render(world, pose, float(t)) for pose, t in zip(poses, times, strict=True)]


def test_released_worker_renders_the_same_frames(tiny_world):
    """As a pool worker gets it (the ``for_render`` copy pickled beside the World) and
    released after loading: the same bytes as the main process's full bake, kept."""
    baked = Baked.of(tiny_world).compute()
    ref = Renderer(*SIZE, "preview")
    want = _frames(ref, tiny_world)
    ref.close()

    world, shipped = pickle.loads(pickle.dumps((tiny_world, baked.for_render()), protocol=5))
    shipped.adopt()
    r = Renderer(*SIZE, "preview").load(world)
    release_after_load(r)
    try:
        got = _frames(r, world)
        for i, (a, b) in enumerate(zip(want, got, strict=True)):
            assert np.array_equal(a, b), f"frame {i} differs after the release"
        assert shipped.__dict__.get("_merged") is None and not shipped.lit.faces
        with pytest.raises(BakeReleased):
            _ = shipped.merged  # freed: never silently merged again in a worker
        with pytest.raises(BakeReleased):
            r.set_sun(120.0, 10.0)  # workers never relight
    finally:
        r.close()
    assert Baked.of(tiny_world).merged  # the main process's bake is untouched
