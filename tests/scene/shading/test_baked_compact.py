"""``Baked.for_render``: the compact copy render processes receive holds the same pixels."""

from __future__ import annotations

import pickle

import numpy as np
import pytest

from lunarbase.scene.model.color import to_uint8
from lunarbase.scene.shading.baked import Baked, BakeReleased


def test_for_render_is_compact_and_lossless(tiny_world):
    full = Baked.of(tiny_world).compute()
    small = full.for_render()
    for a, b, ia, ib in (
        (full.merged, small.merged, full.face_info, small.face_info),
        (full.merged_lod0, small.merged_lod0, full.face_info_lod0, small.face_info_lod0),
    ):
        assert a.keys() == b.keys() == ia.keys() == set(ib)
        for key, (v, f) in a.items():
            sv, sf = b[key]
            assert sv.dtype == np.float32 and sf.dtype == np.int32
            assert np.array_equal(sv, v.astype(np.float32))  # what VTK draws either way
            assert np.array_equal(sf, f)
            assert ib[key].dtype == np.float64
            assert np.array_equal(ib[key].view(np.uint64), ia[key].view(np.uint64))
    assert small.lit.terrain.dtype == np.uint8
    assert np.array_equal(small.lit.terrain, to_uint8(full.lit.terrain))
    assert small.z_top == full.z_top
    assert len(pickle.dumps(small, protocol=5)) < 0.7 * len(pickle.dumps(full, protocol=5))
    with pytest.raises(BakeReleased):
        small.lit_for(tiny_world.cfg.lighting)  # a render-only copy cannot relight


def test_release_frees_and_refuses(tiny_world):
    b = Baked(tiny_world)
    b.__dict__["z_top"] = 1.0
    b.release()
    for read in (lambda: b.merged, lambda: b.glow_shells, lambda: b.lit, lambda: b.closed_faces):
        with pytest.raises(BakeReleased):
            read()
    assert b.z_top == 1.0
