"""What a person sees: image statistics of the default shots, shadows, plumes, the Earth."""

from __future__ import annotations

import numpy as np
import pytest

from lunarbase.scene.anim.cameras import Pose
from lunarbase.scene.render.renderer import Renderer
from lunarbase.scene.render.sky import EARTH_DIAMETER_DEG, _project
from lunarbase.scene.shading.baked import Baked
from lunarbase.terrain.shading import sun_vector

W, H = 192, 108


@pytest.fixture(scope="module")
def renderer(tiny_world):
    r = Renderer(W, H, "preview")
    yield r
    r.close()


def _lum(img):
    return img.astype(float) @ np.array([0.2126, 0.7152, 0.0722])


def test_every_generated_shot_is_exposed_sensibly(renderer, tiny_world):
    for name in ("hero", "engine_closeup", "rim_panorama", "pads", "habitats", "rover_convoy"):
        img = renderer.render(tiny_world, tiny_world.shots[name])
        lum = _lum(img)
        assert lum.std() > 4, f"{name}: blank frame"
        assert 5 < lum.mean() < 170, f"{name}: mean luminance {lum.mean():.0f}"
        clipped = np.mean(np.all(img >= 254, axis=2))
        assert clipped < 0.03, f"{name}: {clipped:.1%} clipped white"


def test_sky_is_black_apart_from_stars(renderer, tiny_world):
    t = tiny_world.terrain
    h = t.hero
    z = float(t.height_at(h["x"], h["y"])) + 3000.0
    # look up and away from sun and Earth: nothing but sky and stars
    lt = tiny_world.cfg["lighting"]
    away = -sun_vector(lt["sun_azimuth_deg"], 0.0)
    pose = Pose((h["x"], h["y"], z), (h["x"] + away[0] * 100, h["y"] + away[1] * 100, z + 60), 40.0)
    # the engines' jets climb kilometres into this sky: hide them (the effects layer)
    renderer.load(tiny_world)
    renderer.set_layer_visible("effects", False)
    try:
        img = renderer.render(tiny_world, pose)
    finally:
        renderer.set_layer_visible("effects", True)
    lum = _lum(img)
    assert np.median(lum) < 3
    assert 0.0005 < np.mean(lum > 40) < 0.05  # some stars, but a black sky


def test_earth_is_where_its_direction_says(renderer, tiny_world):
    lt = tiny_world.cfg["lighting"]
    e = sun_vector(lt["earth_azimuth_deg"], lt["earth_elevation_deg"])
    t = tiny_world.terrain
    h = t.hero
    p = np.array([h["x"], h["y"], float(t.height_at(h["x"], h["y"])) + 2500.0])
    # aim a little off the Earth so the test checks the projection, not the centre
    aim = e + np.array([0.02, -0.01, 0.015])
    pose = Pose(tuple(p), tuple(p + aim * 1000), 8.0)
    img = renderer.render(tiny_world, pose)
    ((px, py),) = _project(e[None], pose, W, H)[0]
    r = (H / 2) / np.tan(np.radians(4.0)) * np.tan(np.radians(EARTH_DIAMETER_DEG / 2))
    ci, cj = int(round(py)), int(round(px))
    disc = img[ci - 1 : ci + 2, cj - 1 : cj + 2].astype(float)
    assert disc.mean() > 20, "no Earth at its projected position"
    assert disc[..., 2].mean() >= disc[..., 0].mean()  # oceans: bluish
    far = img[:, max(0, cj - int(3 * r) - 10) : max(1, cj - int(3 * r))]
    assert _lum(far).mean() < 15  # black sky beside it


def test_structure_shadow_darkens_the_ground_beside_it(tiny_world):
    Baked.of(tiny_world).compute()
    t = tiny_world.terrain
    lt = tiny_world.cfg["lighting"]
    s = sun_vector(lt["sun_azimuth_deg"], lt["sun_elevation_deg"])
    d = s[:2] / np.linalg.norm(s[:2])
    grid = Baked.of(tiny_world).lit.terrain.mean(axis=2)
    checked = 0
    for p in tiny_world.layout.placements:
        if p.kind != "tank":
            continue
        a = tiny_world.assets.get(p.kind, p.params, p.variant)
        reach = p.radius + 3 * t.cell_m
        shade = t.sample_at(np.array([p.x - d[0] * reach]), np.array([p.y - d[1] * reach]), grid)[0]
        sunny = t.sample_at(np.array([p.x + d[0] * reach]), np.array([p.y + d[1] * reach]), grid)[0]
        from lunarbase.scene.shading.shadows import ground_shadow

        assert a.height > 3
        mask = ground_shadow(t, Baked.of(tiny_world).merged, s)
        behind = t.sample_at(np.array([p.x - d[0] * reach]), np.array([p.y - d[1] * reach]), mask)[
            0
        ]
        if behind < 0.5:  # the ray test says the tank hides the sun there
            assert shade < sunny
            checked += 1
    assert checked >= 1


def test_plumes_are_the_brightest_thing_but_the_sun(renderer, tiny_world):
    pose = tiny_world.shots["hero"]
    with_fx = renderer.render(tiny_world, pose)
    renderer.set_layer_visible("effects", False)
    try:
        without = renderer.render(tiny_world, pose)
    finally:
        renderer.set_layer_visible("effects", True)
    lum = _lum(with_fx)
    plume = np.abs(lum - _lum(without)) > 30
    assert plume.mean() > 0.001
    # the effect mask holds the jets' white-hot cores and their translucent glow shells
    # (dimmer by design, most of the pixels; the cores are under a pixel wide in a frame
    # this small, blended with their glow): the cores outshine all but the brightest 2 %
    # of everything else (sunlit crater walls, lamp heads and pools); test_jets checks the
    # cores against 99.5 % in a larger frame
    assert lum[plume].max() > np.percentile(lum[~plume], 98)
    assert np.percentile(lum[plume], 75) > 1.5 * np.median(lum[~plume & (lum > 0)])


def test_same_seed_same_pixels(tiny_world):
    a = Renderer(W, H).render(tiny_world, tiny_world.shots["pads"])
    b = Renderer(W, H).render(tiny_world, tiny_world.shots["pads"])
    assert np.array_equal(a, b)


def test_ground_texture_lies_on_its_grid(tiny_world):
    """Seen from above, each ground pixel shows the lit heightfield sample under it: the
    rendered luminance at projected grid samples follows the display image (a texture
    flipped or shifted by a few cells would not)."""
    t = tiny_world.terrain
    r = Renderer(320, 320, "preview").load(tiny_world)
    try:
        for layer in list(r.layers):
            if layer != "terrain":
                r.set_layer_visible(layer, False)
        # open ground south of the crater, away from the graded city lots (smooth by design)
        cx, cy = t.origin[0] + 0.5 * t.size_m, t.origin[1] + 0.22 * t.size_m
        z = float(t.height_at(cx, cy))
        pose = Pose((cx, cy - 1.0, z + 600.0), (cx, cy, z), 50.0)
        img = _lum(r.render(tiny_world, pose)).astype(float)
    finally:
        r.close()
    disp = _lum(Baked.of(tiny_world).lit.terrain * 255.0)
    ii, jj = np.mgrid[0 : t.size_px, 0 : t.size_px]
    pts = np.column_stack(
        [
            t.origin[0] + jj.ravel() * t.cell_m,
            t.origin[1] + ii.ravel() * t.cell_m,
            t.heights.ravel(),
        ]
    )
    d = pts - np.asarray(pose.position)
    px, front, _ = _project(d / np.linalg.norm(d, axis=1, keepdims=True), pose, 320, 320)
    ok = front & np.all((px > 8) & (px < 312), axis=1)
    assert ok.sum() > 1500
    seen = img[np.rint(px[ok, 1]).astype(int), np.rint(px[ok, 0]).astype(int)]

    def corr(shift_i, shift_j):
        want = np.roll(disp, (shift_i, shift_j), axis=(0, 1)).ravel()[ok]
        return np.corrcoef(seen, want)[0, 1]

    assert corr(0, 0) > 0.8
    assert corr(0, 0) > corr(4, 0) + 0.1 and corr(0, 0) > corr(0, 4) + 0.1


def test_dust_puff_is_a_soft_sprite_hidden_behind_nearer_geometry():
    from lunarbase.scene.render.dust import draw_dust

    pose = Pose((0.0, -20.0, 1.0), (0.0, 0.0, 1.0), 40.0)
    centre, radius = np.array([[0.0, 0.0, 1.0]]), np.array([1.0])
    clip = (0.5, 1000.0)
    img = np.zeros((101, 101, 3), np.float32)
    assert draw_dust(img, np.ones((101, 101), np.float32), clip, pose, centre, radius) == 1
    lum = img.mean(axis=2)
    cy, cx = np.unravel_index(np.argmax(lum), lum.shape)
    assert abs(cx - 50) <= 1 and abs(cy - 50) <= 1
    row = lum[cy, cx:]
    assert np.all(np.diff(row) <= 1e-6)  # falls off monotonically from the centre
    r_px = (50.5 / np.tan(np.radians(20.0))) * 1.0 / 20.0
    assert row[int(r_px * 0.5)] < 0.8 * row[0] and row[int(r_px) + 2] == 0.0  # soft, bounded
    # a wall 5 m in front of the puff (window depth of a 15 m distance) hides it entirely
    n, f = clip
    z15 = ((f + n) - 2 * n * f / 15.0) / (f - n) * 0.5 + 0.5
    hidden = np.zeros_like(img)
    draw_dust(hidden, np.full((101, 101), z15, np.float32), clip, pose, centre, radius)
    assert hidden.max() == 0.0
