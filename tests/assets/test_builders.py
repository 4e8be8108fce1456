"""Asset mesh builders: every kind builds sane, seeded, in-budget geometry; params validate."""

from __future__ import annotations

import numpy as np
import pytest
import trimesh

from lunarbase.assets import materials
from lunarbase.assets.meshes import _docs, registry
from lunarbase.assets.meshes import _geometry as g
from lunarbase.assets.meshes._base import Param
from lunarbase.assets.meshes._human import HEIGHT_M, figure
from lunarbase.assets.meshes._meshcheck import check_closed, degenerate_faces
from lunarbase.assets.meshes.registry import AssetParamError, UnknownKindError, UserMeshError

KINDS = registry.kinds()
# every variant the layout asks for, plus each kind at its defaults
VARIANTS = (
    [(k, {}) for k in KINDS]
    + [("launch_pad", {"craft": c}) for c in ("lander", "cargo", "none")]
    + [
        ("launch_pad", {"shape": "square"}),
        ("habitat", {"style": "dome"}),
        ("habitat", {"style": "brick_vault"}),
        ("tank", {"style": "horizontal"}),
        ("tank", {"style": "vertical"}),
        ("rover", {"variant": "crane"}),
        ("rover", {"variant": "dozer"}),
        ("rover", {"wheels": 6}),
        ("engine", {"height_m": 260.0}),
        ("tunnel", {"length_m": 40.0}),
    ]
    + [  # the city-scale industrial kinds
        ("hall", {"style": "factory"}),
        ("hall", {"style": "factory", "length_m": 120.0, "width_m": 60.0, "doors": 4}),
        ("hall", {"style": "hangar", "length_m": 80.0, "width_m": 50.0, "height_m": 30.0}),
        ("brick_wall", {"style": "berm"}),
        ("brick_wall", {"points": ((-20.0, -10.0), (0.0, -10.0), (0.0, 10.0), (25.0, 14.0))}),
        ("brick_wall", {"style": "berm", "points": ((-20.0, -10.0), (0.0, -10.0), (0.0, 10.0))}),
        ("pipe_rack", {"points": ((-30.0, 0.0), (0.0, 0.0), (0.0, 30.0)), "tiers": 2, "pipes": 6}),
        ("conveyor", {"points": ((-30.0, 0.0), (0.0, 0.0), (20.0, 25.0)), "rise_m": 12.0}),
        ("conveyor", {"covered": False}),
        ("power_line", {"points": ((-100.0, -50.0), (0.0, -50.0), (60.0, 60.0))}),
        ("pylon", {"arms": 3, "height_m": 45.0}),
        ("excavator", {"style": "shovel"}),
        ("excavator", {"style": "bucket_wheel", "size_m": 90.0, "slew_deg": 60.0}),
        ("tower_crane", {"height_m": 100.0, "jib_m": 70.0, "slew_deg": 35.0}),
        ("gantry_crane", {"rail_length_m": 0.0, "span_m": 70.0, "height_m": 60.0}),
        ("mining_pit", {"diameter_m": 300.0, "rim_height_m": 25.0, "benches": 6}),
        ("mining_pit", {"ramp": False, "heaps": 0, "benches": 2}),
        ("transport_ship", {"length_m": 200.0, "engines": 9, "width_ratio": 0.3}),
        ("transport_ship", {"length_m": 60.0, "engines": 2, "pods": 0}),
        ("container_stack", {"bays": 6, "rows": 8, "tiers": 4, "fill": 0.6}),
        ("printed_dome", {"diameter_m": 40.0, "height_m": 16.0, "windows": 12}),
        ("greenhouse", {"length_m": 80.0, "span_m": 20.0, "height_m": 9.0}),
        ("blast_wall", {"arc_deg": 120.0, "length_m": 120.0, "angle_deg": 45.0}),
        ("road_light", {"arm_m": 0.0, "height_m": 12.0}),
    ]
)


def _vid(v):
    return v[0] + "".join(f"-{x}" for x in v[1].values())


BUDGET = {"engine": 60_000, "gantry": 30_000, "rock": 1_000}


def _budget(kind: str, detail: int) -> int:
    b = BUDGET.get(kind, 15_000)
    return b if detail >= 1 else b // 2


def test_all_kinds_present():
    expected = {
        "engine",
        "gantry",
        "launch_pad",
        "rocket",
        "lander",
        "cargo_ship",
        "habitat",
        "tunnel",
        "command_centre",
        "rover",
        "tank",
        "plant",
        "solar_array",
        "radiator",
        "fission_plant",
        "antenna",
        "dish",
        "light_mast",
        "rock",
    }
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


@pytest.mark.parametrize("kind,params", VARIANTS, ids=[_vid(v) for v in VARIANTS])
def test_detail_levels_are_4x_apart(kind, params):
    t = [registry.build(kind, params, rng=5, detail=d).n_triangles for d in (0, 1, 2)]
    assert t[1] >= 4 * t[0] and t[2] >= 4 * t[1], t
    assert t[1] <= _budget(kind, 1)


@pytest.mark.parametrize("kind,params", VARIANTS, ids=[_vid(v) for v in VARIANTS])
def test_valid_and_closed(kind, params):
    """No NaN or degenerate faces at any level; claimed solids are watertight per piece with
    outward normals (positive volume); every built-in kind declares its solids."""
    mod = registry.info(kind)
    assert isinstance(mod.CLOSED_PARTS, tuple) and mod.CLOSED_PARTS
    for d in (0, 1) if kind == "engine" else (0, 1, 2):
        m = registry.build(kind, params, rng=2, detail=d)
        assert any(p.closed for p in m.parts)
        for p in m.parts:
            assert np.isfinite(p.vertices).all()
            assert not degenerate_faces(p.vertices, p.faces).any(), (d, p.name)
            if p.closed:
                open_edges, vmin = check_closed(p.vertices, p.faces)
                assert open_edges == 0 and vmin > 0, (d, p.name, open_edges, vmin)


def test_solid_parts_are_declared_closed():
    """The obvious solids (tank shells, hulls, engine tower and nozzle) are claimed closed."""
    want = {
        "tank": ["shell"],
        "habitat": ["hull"],
        "cargo_ship": ["hull_painted_grey"],
        "engine": ["tower", "nozzle", "base", "plume"],
        "rocket": ["core", "boosters"],
        "rover": ["chassis"],
        "rock": ["rock"],
    }
    for kind, names in want.items():
        parts = {p.name: p for p in registry.build(kind).parts}
        for n in names:
            assert parts[n].closed, (kind, n)


def test_engine_close_up_level_is_closed():
    m = registry.build("engine", detail=2)
    assert m.n_triangles <= 600_000
    for p in m.parts:
        if p.name in ("tower", "nozzle", "bolts", "shafts", "ribs"):
            assert check_closed(p.vertices, p.faces)[0] == 0, p.name


def test_triangle_table_in_docs_is_current():
    doc = _docs.DOC.read_text()
    assert _docs.table_in_doc(doc) == _docs.triangle_table(), (
        "docs/assets.md is stale: run python -m lunarbase.assets.meshes._docs"
    )
    for kind in KINDS:
        assert f"| `{kind}` |" in doc


def _solid_bounds(m, skip=("plume",)):
    v = np.vstack([p.vertices for p in m.parts if p.material not in skip])
    return v.min(0), v.max(0)


def test_bounds_match_parameters():
    for H in (300.0, 1000.0):
        m = registry.build("engine", {"height_m": H, "base_radius_m": 150.0})
        lo, hi = _solid_bounds(m)
        assert H <= hi[2] <= H + 8.0  # nozzle lip at H, beacons just above
        assert hi[0] == pytest.approx(150.0, rel=0.02) and lo[2] >= -5.0
        noz = next(p for p in m.parts if p.name == "nozzle")
        assert noz.vertices[:, 2].max() == pytest.approx(H)
    for style, D in (("sphere", 10.0), ("vertical", 8.0), ("horizontal", 6.0)):
        shell = next(
            p
            for p in registry.build("tank", {"style": style, "diameter_m": D}).parts
            if p.name == "shell"
        )
        assert np.ptp(shell.vertices[:, 1]) == pytest.approx(D, rel=1e-6)
    v = next(
        p
        for p in registry.build("tank", {"style": "vertical", "length_m": 25.0}).parts
        if p.name == "shell"
    ).vertices
    assert v[:, 2].max() == pytest.approx(26.0, rel=0.05)  # on a 1 m ring
    slab = next(
        p for p in registry.build("launch_pad", {"diameter_m": 80.0}).parts if p.name == "slab"
    )
    assert np.ptp(slab.vertices[:, 0]) == pytest.approx(80.0, rel=0.01)
    for kind, key, val in (
        ("gantry", "height_m", 200.0),
        ("antenna", "height_m", 60.0),
        ("light_mast", "height_m", 30.0),
        ("rocket", "height_m", 80.0),
    ):
        hi = registry.build(kind, {key: val}).bounds()[1, 2]
        assert val <= hi <= val * 1.2, (kind, hi)
    for kind, val in (("tunnel", 30.0), ("habitat", 20.0), ("radiator", 50.0)):
        lo, hi = registry.build(kind, {"length_m": val}).bounds()
        assert val <= hi[0] - lo[0] <= val + 2.0, kind
    r = registry.build("rover", {"wheels": 6, "wheel_diameter_m": 3.0})
    assert r.bounds()[0, 2] == pytest.approx(0.0, abs=1e-6)
    tyres = next(p for p in r.parts if p.name == "wheels_rubber")
    assert np.ptp(tyres.vertices[:, 2]) == pytest.approx(3.0, rel=0.05)  # + tread bars
    # six tyres: connected pieces of the tyre part
    from lunarbase.assets.meshes._meshcheck import piece_volumes

    assert len(piece_volumes(tyres.vertices, tyres.faces)) >= 6


@pytest.mark.parametrize("detail", [0, 2])
def test_seed_reproducible_other_levels(detail):
    for kind in ("habitat", "plant", "rover", "tank", "launch_pad", "gantry"):
        a = registry.build(kind, rng=11, detail=detail)
        b = registry.build(kind, rng=11, detail=detail)
        for pa, pb in zip(a.parts, b.parts, strict=True):
            np.testing.assert_array_equal(pa.vertices, pb.vertices)


@pytest.mark.parametrize(
    "kind", ["habitat", "plant", "tank", "rock", "rover", "engine", "cargo_ship", "launch_pad"]
)
def test_seeds_give_visibly_different_instances(kind):
    """Different seeds change sizes, counts or placement, not just invisible noise."""
    meshes = [registry.build(kind, rng=s) for s in range(4)]
    sigs = {
        (
            m.n_triangles,
            tuple(np.round(m.bounds().ravel(), 2)),
            tuple(np.round(np.vstack([p.vertices for p in m.parts]).mean(0), 2)),
        )
        for m in meshes
    }
    assert len(sigs) == 4, sigs
    a, b = meshes[0], meshes[1]
    va = np.vstack([p.vertices for p in a.parts])
    vb = np.vstack([p.vertices for p in b.parts])
    assert va.shape != vb.shape or np.abs(va - vb).max() > 0.5


def test_every_numeric_param_has_a_range_and_rejects_outside():
    for kind in KINDS:
        mod = registry.info(kind)
        for key, spec in mod.PARAMS.items():
            assert isinstance(spec, Param) and spec.doc, (kind, key)
            if spec.choices is not None or isinstance(spec.default, bool | str | tuple):
                continue  # choices, flags, strings and polylines (see test_points_param)
            assert spec.lo is not None and spec.hi is not None, (kind, key)
            assert spec.lo <= spec.default <= spec.hi, (kind, key)
            below = spec.lo - 1 if isinstance(spec.default, int) else spec.lo - 0.5
            rx = rf"^{key}: must be (a number|an integer) in .*\.\..*, got "
            with pytest.raises(AssetParamError, match=rx):
                registry.validate_params(kind, {key: below})
            with pytest.raises(AssetParamError, match=rx):
                registry.validate_params(kind, {key: spec.hi + 1})
    with pytest.raises(AssetParamError, match=r"^wheels: must be an integer in 6\.\.8, got 0"):
        registry.build("rover", {"wheels": 0})
    with pytest.raises(AssetParamError, match=r"^height_m: must be a number in .*got -5"):
        registry.build("gantry", {"height_m": -5.0})
    with pytest.raises(AssetParamError, match=r"^detail: "):
        registry.build("tank", detail=3)


def test_human_figure_is_1_8_m_and_closed():
    parts = figure((3.0, 4.0, 0.0), 1.0)
    v = np.vstack([p.vertices for p in parts])
    assert v[:, 2].min() == pytest.approx(0.0, abs=1e-9)
    assert v[:, 2].max() == pytest.approx(HEIGHT_M, abs=0.01)
    assert np.ptp(v[:, 0]) < 1.0 and np.ptp(v[:, 1]) < 1.0
    for p in parts:
        assert p.material in materials.PALETTE
        assert check_closed(p.vertices, p.faces)[0] == 0
    assert "_human" not in KINDS and "human" not in KINDS


def test_contact_sheet_tiles_every_kind():
    """The default sheet has one lit, non-empty tile per registered kind, and the scale
    figure stands clear of the asset."""
    from lunarbase.scene.render import contact

    tw, th = 64, 48
    sheet = contact.contact_sheet(tile=(tw, th), columns=5)
    assert sheet.shape == (-(-len(KINDS) // 5) * th, 5 * tw, 3)
    for k, kind in enumerate(KINDS):
        r, c = divmod(k, 5)
        t = sheet[r * th + 8 : (r + 1) * th - 8, c * tw : (c + 1) * tw]
        assert t.std() > 6 and t.max() > 80, kind
    for kind in ("rock", "habitat", "engine"):
        b = registry.build(kind).bounds()
        pos, _ = contact._human_at(b)
        inside = (b[0, :2] - 0.3 <= pos[:2]) & (pos[:2] <= b[1, :2] + 0.3)
        assert not inside.all(), kind


def test_user_obj_in_package_dir_loads_by_name(tmp_path):
    name = f"zz_test_crate_{np.random.default_rng().integers(1 << 30)}"
    path = registry._PKG_DIR / f"{name}.obj"
    trimesh.creation.box([2.0, 2.0, 2.0]).export(path)
    registry._cache = None
    try:
        assert name in registry.kinds()
        m = registry.build(name)
        assert m.bounds()[1, 2] == pytest.approx(2.0)
    finally:
        path.unlink()
        registry._cache = None
    assert name not in registry.kinds()


def test_unreadable_user_mesh_names_kind_and_file(tmp_path):
    (tmp_path / "broken_hut.obj").write_text("v 0 0 0\nv 1 0 0\nf 1 2 9\n")
    (tmp_path / "junk_dish.glb").write_bytes(b"glTF\x02\x00garbage")
    (tmp_path / "empty_box.obj").write_text("# nothing here\n")
    registry.register_user_dir(tmp_path)
    try:
        for kind in ("broken_hut", "junk_dish", "empty_box"):
            path = tmp_path / f"{kind}{'.glb' if kind == 'junk_dish' else '.obj'}"
            with pytest.raises(UserMeshError) as ei:
                registry.build(kind)
            msg = str(ei.value)
            assert msg.startswith(f"{kind}: ") and str(path) in msg and "\n" not in msg
            with pytest.raises(AssetParamError):
                registry.check_user_mesh(kind)
    finally:
        registry.unregister_user_dir(tmp_path)


@pytest.mark.parametrize(
    "params",
    [
        {"style": "dome"},
        {"style": "brick_vault"},
        {"style": "module", "length_m": 30.0},
    ],
)
def test_habitat_styles(params):
    m = registry.build("habitat", params)
    assert m.n_triangles <= 15_000


@pytest.mark.parametrize(
    "kind,params",
    [
        ("rover", {"variant": "crane", "wheels": 6}),
        ("rover", {"variant": "dozer"}),
        ("tank", {"style": "horizontal"}),
        ("tank", {"style": "vertical"}),
        ("launch_pad", {"craft": "lander", "shape": "square"}),
        ("launch_pad", {"craft": "cargo"}),
        ("launch_pad", {"craft": "none"}),
        ("dish", {"elevation_deg": 0.0}),
        ("engine", {"plume_length_m": 0.0}),
    ],
)
def test_variants_build(kind, params):
    m = registry.build(kind, params)
    assert m.parts and m.bounds()[0, 2] >= -5.0


def test_primitives_outward_and_consistent():
    prims = [
        g.box([1, 2, 3]),
        g.cylinder(1, 0, 2),
        g.frustum(2, 0.5, 0, 3),
        g.frustum(2, 0, 0, 3),
        g.tube(2, 1.5, 0, 1),
        g.torus(5, 1),
        g.sphere(2),
        g.dome(3, 1.5),
        g.capsule_x(1, 6),
        g.extrude([[0, 0], [3, 0], [3, 1], [1, 1], [1, 3], [0, 3]], 0, 2),
        g.beams([[0, 0, 0]], [[1, 2, 3]], 0.2),
        g.mirror(g.frustum(2, 1, 0, 1), 0),
        g.orient(g.cylinder(1, 0, 2), [1, 1, 0.3]),
    ]
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


# ---------------------------------------------------------------- the industrial city kinds

LINEAR = [
    k
    for k in KINDS
    if isinstance(getattr(registry.info(k).PARAMS.get("points"), "default", None), tuple)
]


def _polyline_distance(v: np.ndarray, pts) -> np.ndarray:
    """(N,) distance of xy points v (N, 2) to the polyline pts (K, 2)."""
    p = np.asarray(pts, float)
    a, b = p[:-1], p[1:]
    ab = b - a
    t = np.clip(np.einsum("nkj,kj->nk", v[:, None] - a[None], ab) / (ab**2).sum(1), 0, 1)
    q = a[None] + t[..., None] * ab[None]
    return np.linalg.norm(v[:, None] - q, axis=2).min(1)


def test_linear_kinds_are_listed():
    assert {"pipe_rack", "conveyor", "power_line", "brick_wall", "road"} <= set(LINEAR)


@pytest.mark.parametrize("kind", LINEAR)
def test_linear_kind_follows_its_polyline(kind):
    """The structure spans the points, stays near the polyline, fills every stretch of it,
    turns at the vertices (the empty corner of an L stays empty) and moves with the points
    (they are asset-local metres)."""
    m = registry.build(kind, {"points": ((-40.0, 0.0), (40.0, 0.0))})
    lo, hi = m.bounds()
    assert lo[0] <= -39.0 and hi[0] >= 39.0, (lo, hi)
    assert hi[1] - lo[1] < 40.0 and lo[2] >= -5.0
    bent = ((-40.0, -40.0), (40.0, -40.0), (40.0, 40.0))
    m = registry.build(kind, {"points": bent})
    v = np.vstack([p.vertices[:, :2] for p in m.parts])
    assert _polyline_distance(v, bent).max() < 25.0
    along = np.r_[
        np.c_[np.linspace(-40, 40, 17), np.full(17, -40.0)],
        np.c_[np.full(17, 40.0), np.linspace(-40, 40, 17)],
    ]
    near = np.linalg.norm(along[:, None] - v[None], axis=2).min(1)
    assert near.max() < 8.0, near
    assert np.linalg.norm(v - [-40.0, 40.0], axis=1).min() > 30.0  # it turned, not cut across
    fx, fy = m.footprint
    assert fx >= 40.0 and fy >= 40.0
    shifted = tuple((x + 100.0, y - 50.0) for x, y in bent)
    m2 = registry.build(kind, {"points": shifted})
    np.testing.assert_allclose(m2.bounds(), m.bounds() + [100.0, -50.0, 0.0], atol=1e-6)


def test_points_param_validates_polylines():
    ok = registry.validate_params("pipe_rack", {"points": [[0, 0], [10, 5.5], [20, 5.5]]})
    assert ok["points"] == ((0.0, 0.0), (10.0, 5.5), (20.0, 5.5))
    assert all(isinstance(c, float) for q in ok["points"] for c in q)
    arr = registry.validate_params("conveyor", {"points": np.array([[0.0, 0.0], [1.0, 2.0]])})
    assert arr["points"] == ((0.0, 0.0), (1.0, 2.0))
    for kind in LINEAR:  # defaults (and validated values) validate to themselves
        d = registry.info(kind).PARAMS["points"].default
        assert registry.validate_params(kind, {"points": d})["points"] == d
        assert registry.validate_params(kind, {})["points"] == d
    bad = [
        [[0, 0]],
        [],
        [[i, 0] for i in range(513)],
        [[0, 0, 0], [1, 1, 1]],
        [[0, float("nan")], [1, 1]],
        [[0, 0], [float("inf"), 0]],
        [[0, 0], [30000, 0]],
        [[0, 0], [0, 0]],
        [[0, 0], [1, 1], [1, 1]],
        "0,0;1,1",
        [[True, 0], [1, 1]],
        [[0, 0], ["1", 1]],
        None,
        5,
        [[0, 0], [1]],
        [(0, 0), 7],
    ]
    for b in bad:
        with pytest.raises(AssetParamError) as ei:
            registry.validate_params("brick_wall", {"points": b})
        msg = str(ei.value)
        assert msg.startswith("points: must be a list of 2..512 [x, y] pairs"), msg
        assert "\n" not in msg and "got" in msg and len(msg) < 240, msg


def test_industrial_kinds_light_themselves():
    """Kinds with lamps list them as SpotLights and carry emissive lamp / window geometry."""
    lit = [
        "road_light",
        "tower_crane",
        "gantry_crane",
        "printed_dome",
        "greenhouse",
        "mining_pit",
        "excavator",
        "transport_ship",
        "comm_tower",
        "garage",
        "landing_beacon",
        "support_hall",
    ]
    for kind, params in [(k, {}) for k in lit if k in KINDS] + [
        ("hall", {"style": "hangar"}),
        ("hall", {"style": "factory"}),
    ]:
        m = registry.build(kind, params)
        assert m.lights, kind
        assert any(materials.PALETTE[p.material].is_emissive for p in m.parts), kind
    assert len(registry.build("road_light").lights) == 1
    for style in ("hangar", "factory"):
        parts = registry.build("hall", {"style": style}).parts
        assert {"window_lit", "lamp"} <= {p.material for p in parts}, style
    gh = {p.material for p in registry.build("greenhouse").parts}
    assert {"glass_clear", "grow_light"} <= gh


def test_industrial_kinds_are_real_size():
    """Defaults are plausible real sizes (the art brief's ladder of scales)."""

    def ext(kind, params=None):
        lo, hi = _solid_bounds(registry.build(kind, params))
        return hi - lo

    assert 20.0 <= ext("hall")[0] <= 80.0 and 20.0 <= ext("hall", {"style": "factory"})[0] <= 80
    for kind in ("tower_crane", "gantry_crane"):
        e = ext(kind)
        assert 40.0 <= max(e) <= 120.0, (kind, e)
    assert 60.0 <= ext("transport_ship")[0] <= 200.0
    assert 20.0 <= ext("pylon")[2] <= 40.0
    assert 8.0 <= ext("road_light")[2] <= 12.0
    assert 60.0 <= ext("mining_pit")[0] and 15.0 <= ext("excavator")[2]
    if "heavy_rocket" in KINDS:
        assert 100.0 <= ext("heavy_rocket")[2] <= 300.0
    rack = registry.build("pipe_rack", {"pipes": 5})
    assert len([p for p in rack.parts if p.name.startswith("pipes")]) >= 2  # coloured pipes
    cs = {p.material for p in registry.build("container_stack").parts}
    assert len(cs - {"regolith_concrete"}) >= 3  # varied colours


@pytest.mark.parametrize(
    "kind,params", [v for v in VARIANTS if v[1]], ids=[_vid(v) for v in VARIANTS if v[1]]
)
def test_variant_changes_the_geometry(kind, params):
    """A variant the layout asks for is really built: its mesh differs from the kind's
    default (a builder that ignored the parameter would fail here)."""
    full = registry.validate_params(kind, params)
    default = registry.validate_params(kind, {})
    if all(full[k] == default[k] for k in params):
        pytest.skip("the variant equals the default")
    a = registry.build(kind, rng=3, detail=1)
    b = registry.build(kind, params, rng=3, detail=1)
    va = np.vstack([p.vertices for p in a.parts])
    vb = np.vstack([p.vertices for p in b.parts])
    assert va.shape != vb.shape or not np.allclose(va, vb), (kind, params)
