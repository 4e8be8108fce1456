"""Asset mesh builders: every kind builds sane, seeded, in-budget geometry; params validate."""

from __future__ import annotations

import numpy as np
import pytest
import trimesh

from lunarbase.assets import materials
from lunarbase.assets.meshes import _geometry as g
from lunarbase.assets.meshes import registry
from lunarbase.assets.meshes.registry import AssetParamError, UnknownKindError

KINDS = registry.kinds()
BUDGET = {"engine": 60_000, "gantry": 30_000, "rock": 1_000}


def _budget(kind: str, detail: int) -> int:
    b = BUDGET.get(kind, 15_000)
    return b if detail >= 1 else b // 2


def test_all_kinds_present():
    expected = {"engine", "gantry", "launch_pad", "rocket", "lander", "cargo_ship", "habitat",
                "tunnel", "command_centre", "rover", "tank", "plant", "solar_array",
                "radiator", "fission_plant", "antenna", "dish", "light_mast", "rock"}
    assert expected <= set(KINDS)
    assert KINDS == sorted(KINDS)


@pytest.mark.parametrize("detail", [0, 1])
@pytest.mark.parametrize("kind", KINDS)
def test_kind_builds_sane(kind, detail):
    m = registry.build(kind, rng=np.random.default_rng(3), detail=detail)
    assert m.kind == kind and m.parts
    assert m.n_triangles <= _budget(kind, detail)
    non_plume = []
    for p in m.parts:
        assert p.material in materials.PALETTE, p.material
        assert p.vertices.ndim == 2 and p.vertices.shape[1] == 3 and len(p.vertices)
        assert p.faces.ndim == 2 and p.faces.shape[1] == 3 and len(p.faces)
        assert p.faces.dtype.kind == "i"
        assert p.faces.min() >= 0 and p.faces.max() < len(p.vertices)
        assert np.isfinite(p.vertices).all()
        if p.material != "plume":
            non_plume.append(p.vertices)
    zmin = m.bounds()[0, 2]
    assert -5.0 <= zmin <= 0.05, zmin
    v = np.vstack(non_plume)
    fx, fy = m.footprint
    assert np.abs(v[:, 0]).max() <= fx * 1.1 + 1e-6
    assert np.abs(v[:, 1]).max() <= fy * 1.1 + 1e-6
    assert len(m.parts) <= 40  # merged per material, not one Part per piece


@pytest.mark.parametrize("kind", KINDS)
def test_seed_reproducible(kind):
    a = registry.build(kind, rng=7, detail=1)
    b = registry.build(kind, rng=7, detail=1)
    assert [p.name for p in a.parts] == [p.name for p in b.parts]
    for pa, pb in zip(a.parts, b.parts, strict=True):
        np.testing.assert_array_equal(pa.vertices, pb.vertices)
        np.testing.assert_array_equal(pa.faces, pb.faces)


def test_rock_varies_with_seed():
    a = registry.build("rock", rng=1).parts[0].vertices
    b = registry.build("rock", rng=2).parts[0].vertices
    assert a.shape != b.shape or not np.allclose(a, b)
    r = np.linalg.norm(a - a.mean(0), axis=1)
    assert r.std() / r.mean() > 0.05  # not a sphere


def test_validate_params():
    p = registry.validate_params("engine", {"height_m": 800})
    assert p["height_m"] == 800.0 and p["tiers"] == registry.info("engine").PARAMS["tiers"].default
    with pytest.raises(AssetParamError, match=r"^bogus: unknown parameter; allowed: .*height_m"):
        registry.validate_params("engine", {"bogus": 1})
    with pytest.raises(AssetParamError, match=r"^height_m: must be a number in 150\.\.3000"):
        registry.validate_params("engine", {"height_m": "tall"})
    with pytest.raises(AssetParamError, match=r"^height_m: must be a number in .*got 5"):
        registry.validate_params("engine", {"height_m": 5})
    with pytest.raises(AssetParamError, match=r"^tiers: must be an integer"):
        registry.validate_params("engine", {"tiers": 2.5})
    with pytest.raises(AssetParamError, match=r"^style: must be one of module, dome"):
        registry.validate_params("habitat", {"style": "igloo"})
    with pytest.raises(AssetParamError, match=r"^height_m"):
        registry.validate_params("engine", {"height_m": True})
    with pytest.raises(UnknownKindError, match="known kinds: .*engine"):
        registry.build("nope")
    assert issubclass(AssetParamError, ValueError)


def test_emissive_parts_and_emitters():
    eng = registry.build("engine")
    plume = [p for p in eng.parts if p.name == "plume"]
    assert plume and plume[0].material == "plume"
    assert any(e.kind == "plume" for e in eng.emitters)
    assert any(p.material == "lamp" for p in registry.build("light_mast").parts)
    assert registry.build("light_mast").lights
    assert any(p.material == "window_lit" for p in registry.build("habitat").parts)
    for style in ("module", "dome", "brick_vault"):
        h = registry.build("habitat", {"style": style})
        assert any(p.material == "window_lit" for p in h.parts) and h.lights
    assert registry.build("launch_pad").lights
    rover = registry.build("rover")
    assert sum(e.kind == "dust" for e in rover.emitters) >= 2


def test_detail_scales_triangles():
    for kind in ("engine", "gantry"):
        t0 = registry.build(kind, detail=0).n_triangles
        t1 = registry.build(kind, detail=1).n_triangles
        assert t0 < t1
        assert t0 <= 0.5 * t1


@pytest.mark.parametrize("params", [
    {"style": "dome"}, {"style": "brick_vault"}, {"style": "module", "length_m": 30.0},
])
def test_habitat_styles(params):
    m = registry.build("habitat", params)
    assert m.n_triangles <= 15_000


@pytest.mark.parametrize("kind,params", [
    ("rover", {"variant": "crane", "wheels": 6}), ("rover", {"variant": "dozer"}),
    ("tank", {"style": "horizontal"}), ("tank", {"style": "vertical"}),
    ("launch_pad", {"craft": "lander", "shape": "square"}), ("launch_pad", {"craft": "cargo"}),
    ("launch_pad", {"craft": "none"}), ("dish", {"elevation_deg": 0.0}),
    ("engine", {"plume_length_m": 0.0}),
])
def test_variants_build(kind, params):
    m = registry.build(kind, params)
    assert m.parts and m.bounds()[0, 2] >= -5.0


def test_primitives_outward_and_consistent():
    prims = [g.box([1, 2, 3]), g.cylinder(1, 0, 2), g.frustum(2, 0.5, 0, 3),
             g.frustum(2, 0, 0, 3), g.tube(2, 1.5, 0, 1), g.torus(5, 1), g.sphere(2),
             g.dome(3, 1.5), g.capsule_x(1, 6), g.extrude([[0, 0], [3, 0], [3, 1], [1, 1],
                                                           [1, 3], [0, 3]], 0, 2),
             g.beams([[0, 0, 0]], [[1, 2, 3]], 0.2), g.mirror(g.frustum(2, 1, 0, 1), 0),
             g.orient(g.cylinder(1, 0, 2), [1, 1, 0.3])]
    for v, f in prims:
        m = trimesh.Trimesh(v, f)
        assert m.is_winding_consistent and m.is_watertight
        assert m.volume > 0


def test_user_mesh_kind(tmp_path):
    box = trimesh.creation.box([4.0, 2.0, 3.0])
    box.apply_translation([10.0, -5.0, 7.0])
    box.export(tmp_path / "my_crate.stl")
    registry.register_user_dir(tmp_path)
    try:
        assert "my_crate" in registry.kinds()
        m = registry.build("my_crate", {"scale": 2.0})
        lo, hi = m.bounds()
        assert abs(lo[2]) < 1e-9 and hi[2] == pytest.approx(6.0)
        assert lo[0] == pytest.approx(-4.0) and hi[0] == pytest.approx(4.0)
        assert m.footprint == pytest.approx((4.0, 2.0))
        with pytest.raises(AssetParamError, match="^scale:"):
            registry.validate_params("my_crate", {"scale": 0.0})
    finally:
        registry.unregister_user_dir(tmp_path)
    assert "my_crate" not in registry.kinds()


def test_user_gltf_is_y_up(tmp_path):
    tall = trimesh.creation.box([1.0, 5.0, 1.0])  # tall along glTF +Y
    trimesh.Scene(tall).export(tmp_path / "pole.glb")
    registry.register_user_dir(tmp_path)
    try:
        lo, hi = registry.build("pole").bounds()
        assert hi[2] - lo[2] == pytest.approx(5.0) and abs(lo[2]) < 1e-9
    finally:
        registry.unregister_user_dir(tmp_path)
