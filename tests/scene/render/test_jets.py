"""Engine jets: the beam reaches the top of the frame above a firing engine and is absent
above an idle one (``[base] engines_idle``); jets light what is near them; the jets are the
brightest things in a frame after the sun."""

from __future__ import annotations

import numpy as np
import pytest

from lunarbase.scene.render.sky import _project

SIZE = (240, 144)


@pytest.fixture(scope="module")
def idle_two(tiny_scene, tmp_path_factory):
    """The tiny world with its second engine idle."""
    from lunarbase.scene.assemble.world import build_world
    from lunarbase.scene.config.load import load_scene

    p = tmp_path_factory.mktemp("idle") / "idle.toml"
    p.write_text(tiny_scene.read_text().replace("[base]\n", '[base]\nengines_idle = "2"\n', 1))
    return build_world(load_scene(p))


@pytest.fixture(scope="module")
def frames(idle_two):
    """(all layers, effects hidden) hero frames of ``idle_two`` and the renderer."""
    from lunarbase.scene.render.renderer import Renderer

    r = Renderer(*SIZE, "preview")
    pose = idle_two.shots["hero"]
    full = r.render(idle_two, pose).astype(int)
    r.set_layer_visible("effects", False)
    bare = r.render(idle_two, pose).astype(int)
    r.set_layer_visible("effects", True)
    yield full, bare, r
    r.close()


def _engine_columns(world) -> list[int]:
    """Pixel column of each engine's nozzle in the hero frame, in engine order."""
    pose = world.shots["hero"]
    cols = []
    for node, m in world.graph.instances():
        if node.kind != "engine":
            continue
        top = m[:3, 3] + m[:3, 2] * float(node.extras["params"]["height_m"])
        d = top - np.asarray(pose.position)
        px, front, _ = _project((d / np.linalg.norm(d))[None], pose, *SIZE)
        assert front[0]
        cols.append(int(round(px[0, 0])))
    return cols


def test_beam_reaches_frame_top_above_firing_engines_only(idle_two, frames):
    full, bare, _ = frames
    mask = np.abs(full - bare).sum(axis=2) > 40  # the effects layer's own pixels
    cols = _engine_columns(idle_two)
    assert len(cols) == 3
    for i, c in enumerate(cols, start=1):
        band = mask[:8, max(c - 3, 0) : c + 4]
        if i == 2:
            assert not mask[: SIZE[1] // 3, max(c - 3, 0) : c + 4].any(), "idle engine has a beam"
        else:
            assert band.any(axis=1).all(), f"engine {i}: beam does not reach the frame top"


def test_jets_are_the_brightest_emitters(frames):
    """The beam's white-hot core over the sky outshines all but the last half per cent of
    the ground half of the frame (lamp heads and lit windows are small, not brighter)."""
    full, bare, _ = frames
    mask = np.abs(full - bare).sum(axis=2) > 40
    lum = full.mean(axis=2)
    beam = lum[:20][mask[:20]]
    ground = lum[SIZE[1] // 2 :]
    assert beam.max() > np.percentile(ground, 99.5)


def test_jets_light_the_engines_upper_stages(idle_two):
    """A face just below a firing nozzle gets jet light; the same point by the idle one none."""
    from lunarbase.scene.shading.jets import engine_jets, jet_irradiance

    jets = engine_jets(idle_two)
    assert len(jets) == 2  # engine 2 idle
    up = np.array([[0.0, 0.0, 1.0]])
    for j in jets:
        p = np.asarray(j.base)[None] + [[1.5 * j.exit_r, 0.0, -0.1 * j.height]]
        assert jet_irradiance(p, up, jets).sum() > 1.0


def test_bad_idle_value_is_one_line(tiny_scene, tmp_path):
    from lunarbase.scene.config.load import load_scene
    from lunarbase.scene.errors import SceneError

    for bad in ('"sometimes"', '"7"'):
        p = tmp_path / "bad.toml"
        p.write_text(tiny_scene.read_text().replace("[base]\n", f"[base]\nengines_idle = {bad}\n"))
        with pytest.raises(SceneError, match="base.engines_idle") as e:
            load_scene(p)
        assert "\n" not in str(e.value)


def _side_view(jet, dist: float = 3000.0, up: float = 1500.0):
    """A camera ``dist`` m from ``jet``'s axis level with ``up`` m above its lip, looking
    at the axis: (position (3,), focal point (3,))."""
    lip = np.asarray(jet.lip)
    target = lip + [0.0, 0.0, up]
    return target + [0.0, -dist, 0.0], target


def _jet(exit_r: float = 80.0, length: float = 11000.0):
    from lunarbase.scene.shading.jets import Jet

    return Jet("e", (500.0, -300.0, 900.0 - 80.0), (0.0, 0.0, 1.0), exit_r, 800.0, length)


def test_beam_profile_is_smooth_white_at_heart_blue_at_edge():
    """Across the beam (the numpy twin of its shader): the glow falls off smoothly and
    monotonically from the axis with no steps, white-hot only within its core, blue out
    at the edge, and it widens with height."""
    from lunarbase.scene.shading.jetglow import display_over, ray_radiance, widths

    jet = _jet()
    cam, target = _side_view(jet)
    xs = np.linspace(0.0, 6.0 * jet.exit_r, 600)  # offsets across the beam, m
    dirs = (target + np.c_[xs, np.zeros_like(xs), np.zeros_like(xs)]) - cam
    dirs /= np.linalg.norm(dirs, axis=1, keepdims=True)
    args = (jet.lip, jet.axis, jet.exit_r, jet.length)
    disp, _ = display_over(ray_radiance(cam, dirs, *args, pixel_rad=1e-4))
    lum = disp @ [0.2126, 0.7152, 0.0722]
    assert np.all(np.diff(lum) <= 1e-9), "the glow rises again away from the axis (a step)"
    assert np.abs(np.diff(lum, 2)).max() < 0.01  # no kinks either: smooth
    core, glow = widths(np.asarray(1500.0), jet.exit_r, jet.length)
    assert disp[0].min() > 0.95  # white-hot at the heart
    white = xs[disp.min(axis=1) > 0.97]
    assert white.size and white.max() <= 1.5 * core, "flat white wider than the core"
    edge = disp[np.searchsorted(xs, 1.2 * glow)]
    assert edge[2] > 2 * edge[0] and edge[2] > 0.1  # blue at the edge
    # wider higher up: the glow's half-brightness offset grows with height
    half = []
    for up in (300.0, 5000.0):
        cam, target = _side_view(jet, up=up)
        d = (target + np.c_[xs * 4, np.zeros_like(xs), np.zeros_like(xs)]) - cam
        d /= np.linalg.norm(d, axis=1, keepdims=True)
        lum = display_over(ray_radiance(cam, d, *args))[0] @ [0.2126, 0.7152, 0.0722]
        half.append(xs[np.argmax(lum < 0.25 * lum[0])] * 4)
    assert half[1] > 1.5 * half[0]


def test_shader_draws_what_its_numpy_twin_says():
    """The jet shader on its proxy, rendered alone over black, gives the display colours of
    ``jetglow.ray_radiance`` at the pixel centres (the GLSL and numpy are the same law)."""
    from lunarbase.scene.render.dynamic import install_jet_shaders
    from lunarbase.scene.render.vtkutil import add_actor, polydata, pv_module
    from lunarbase.scene.shading.jetglow import display_over, ray_radiance
    from lunarbase.scene.shading.jets import PROXY_ALPHA, proxy_lathe

    pv = pv_module()
    jet = _jet()
    w = h = 96
    fov = 40.0
    cam, target = _side_view(jet, dist=2500.0, up=150.0)
    p = pv.Plotter(off_screen=True, window_size=(w, h), lighting="none")
    try:
        p.set_background("black")
        p.renderer.SetUseOIT(False)
        actor = add_actor(p, polydata(pv, *proxy_lathe(jet)), (0.2, 0.4, 1.0), opacity=PROXY_ALPHA)
        assert [a for a, _ in install_jet_shaders(p.renderer, [actor], [jet])] == [actor]
        c = p.renderer.GetActiveCamera()
        c.SetPosition(*cam)
        c.SetFocalPoint(*target)
        c.SetViewUp(0.0, 0.0, 1.0)
        c.SetViewAngle(fov)
        c.SetClippingRange(10.0, 20000.0)
        p.camera_set = True  # (pyvista would fit its camera to the scene)
        img = np.asarray(p.screenshot(return_img=True), float)[..., :3]
    finally:
        p.close()
    # pixel-centre rays of VTK's camera (vertical view angle, square frame)
    tan = np.tan(np.radians(fov / 2))
    u = ((np.arange(w) + 0.5) / w * 2 - 1) * tan
    v = (1 - (np.arange(h) + 0.5) / h * 2) * tan
    fwd = (target - cam) / np.linalg.norm(target - cam)
    right = np.cross(fwd, [0.0, 0.0, 1.0])
    right /= np.linalg.norm(right)
    upv = np.cross(right, fwd)
    d = fwd + u[None, :, None] * right + v[:, None, None] * upv
    d = d.reshape(-1, 3) / np.linalg.norm(d.reshape(-1, 3), axis=1, keepdims=True)
    pix = 2 * tan / h
    want = display_over(ray_radiance(cam, d, jet.lip, jet.axis, jet.exit_r, jet.length, pix))
    want = (want[0] * 255).reshape(h, w, 3)
    diff = np.abs(img - want).max(axis=2)
    assert want.max() > 200 and img.max() > 200  # the beam is there
    assert np.median(diff) <= 1 and np.percentile(diff, 98) <= 3


def test_lamp_glare_shader_draws_its_twin():
    """A lamp head's glare, rendered alone over black, is the glow ``glare.glare_radiance``
    says: brightest at the head, white only within about its size, fading smoothly."""
    from lunarbase.scene.render.dynamic import install_glare_shader
    from lunarbase.scene.render.vtkutil import add_actor, polydata, pv_module
    from lunarbase.scene.shading import glare
    from lunarbase.scene.shading.jetglow import display_over
    from lunarbase.scene.shading.merge import GlowShell

    heads = np.array([[100.0, 200.0, 30.0], [108.0, 200.0, 34.0]])  # each vertex its own
    v = (heads[:, None] + glare.PROXY_M * glare._OCTA[None]).reshape(-1, 3)
    f = (glare._OCTA_F[None] + 6 * np.arange(2)[:, None, None]).reshape(-1, 3)
    shell = GlowShell(v, f, (1.0, 0.9, 0.8), glare.GLARE_ALPHA)
    pv = pv_module()
    w = h = 96
    fov = 20.0
    cam, target = heads[0] + [0.0, -60.0, 0.0], heads[0]
    p = pv.Plotter(off_screen=True, window_size=(w, h), lighting="none")
    try:
        p.set_background("black")
        p.renderer.SetUseOIT(False)
        actor = add_actor(p, polydata(pv, shell.vertices, shell.faces), shell.color, opacity=0.45)
        assert install_glare_shader(p.renderer, [actor]) == [actor]
        c = p.renderer.GetActiveCamera()
        c.SetPosition(*cam)
        c.SetFocalPoint(*target)
        c.SetViewUp(0.0, 0.0, 1.0)
        c.SetViewAngle(fov)
        c.SetClippingRange(1.0, 1000.0)
        p.camera_set = True
        img = np.asarray(p.screenshot(return_img=True), float)[..., :3]
    finally:
        p.close()
    tan = np.tan(np.radians(fov / 2))
    u = ((np.arange(w) + 0.5) / w * 2 - 1) * tan
    v = (1 - (np.arange(h) + 0.5) / h * 2) * tan
    d = [0.0, 1.0, 0.0] + u[None, :, None] * [1.0, 0.0, 0.0] + v[:, None, None] * [0, 0, 1.0]
    d = d.reshape(-1, 3) / np.linalg.norm(d.reshape(-1, 3), axis=1, keepdims=True)
    rad = sum(glare.glare_radiance(cam, d, head, 2 * tan / h) for head in heads)
    want = (display_over(rad)[0] * 255).reshape(h, w, 3)
    assert np.abs(img - want).max() < 6
    # the second head glows where it is (its vertices carry its centre)
    ci, cj = np.unravel_index(img[: h // 3].mean(axis=2).argmax(), (h // 3, w))
    assert (
        abs(cj - (w / 2 + 8 / 60 / tan * w / 2)) < 2
        and abs(ci - (h / 2 - 4 / 60 / tan * h / 2)) < 2
    )
    got = img[h // 2]  # the row through the first head
    lum = got.mean(axis=1)
    peak = int(np.argmax(lum))
    assert abs(peak - w // 2) <= 1 and lum[peak] > 200
    assert np.all(np.diff(lum[peak:]) <= 1.0)  # falls off smoothly
    white = np.flatnonzero(got.min(axis=1) > 250)
    px_m = 2 * tan * 60.0 / h  # metres per pixel at the head
    assert len(white) * px_m <= 2.5  # flat white no wider than a lamp head


def test_metal_panel_glints_only_along_the_suns_mirror_direction():
    """A large sunlit metal panel flashes where the camera sees the sun's reflection in it
    (its shader draws ``glints.glint_radiance``) and stays unchanged seen off that line."""
    from lunarbase.scene.render.dynamic import install_glare_shader
    from lunarbase.scene.render.vtkutil import add_actor, polydata, pv_module
    from lunarbase.scene.shading import glints
    from lunarbase.scene.shading.jetglow import display_over
    from lunarbase.terrain.shading import sun_vector

    lighting = {"sun_azimuth_deg": 90.0, "sun_elevation_deg": 10.0}
    sun = sun_vector(90.0, 10.0)
    sun = sun / np.linalg.norm(sun)
    # a 20 m x 20 m metal wall facing the sun horizontally, in world space
    n = np.r_[sun[:2], 0.0] / np.linalg.norm(sun[:2])
    side = np.cross([0.0, 0.0, 1.0], n)
    up = np.array([0.0, 0.0, 1.0])
    quad = [10 * (a * side + b * up) for a, b in ((-1, -1), (1, -1), (1, 1), (-1, 1))]
    v = np.array([quad[0], quad[1], quad[2], quad[0], quad[2], quad[3]])
    if np.cross(v[1] - v[0], v[2] - v[0]) @ n < 0:
        v = v[[0, 2, 1, 3, 5, 4]]
    f = np.arange(6).reshape(2, 3)
    mirror = 2 * (n @ sun) * n - sun  # where the reflection goes
    pv = pv_module()
    seen = {}
    for name, eye in (("mirror", 200.0 * mirror), ("off", 200.0 * (n - 1.5 * side))):
        p = pv.Plotter(off_screen=True, window_size=(64, 64), lighting="none")
        try:
            p.set_background("black")
            p.renderer.SetUseOIT(False)
            actor = add_actor(p, polydata(pv, v, f), (1.0, 1.0, 1.0), opacity=glints.GLINT_ALPHA)
            assert install_glare_shader(p.renderer, [actor], 1, lighting) == [actor]
            c = p.renderer.GetActiveCamera()
            c.SetPosition(*eye)
            c.SetFocalPoint(0.0, 0.0, 0.0)
            c.SetViewUp(0.0, 0.0, 1.0)
            c.SetViewAngle(10.0)
            c.SetClippingRange(1.0, 1000.0)
            p.camera_set = True
            seen[name] = np.asarray(p.screenshot(return_img=True), float)[..., :3]
        finally:
            p.close()
        to_eye = (eye / np.linalg.norm(eye))[None]
        want = display_over(glints.glint_radiance(n[None], to_eye, sun))[0][0] * 255
        got = seen[name][32, 32]
        assert np.abs(got - want).max() < 4, name
    assert seen["mirror"][32, 32].min() > 200
    assert seen["off"].max() < 4
