"""The desktop viewer in a real window under Xvfb, driven through the interactor.

One Viewer (tiny scene, 320x200) is opened for the module; tests send key events
(``iren.SetKeySym(k); iren.InvokeEvent("KeyPressEvent")``), mouse events and slider events,
then assert on the camera and on screenshots. The viewer's clock is a fake one so settling
and path playback need no sleeping.
"""

from __future__ import annotations

import gc
import os
import subprocess
import sys
import tomllib

import numpy as np
import pytest

from conftest import virtual_display

SIZE = (320, 200)


class FakeClock:
    def __init__(self):
        self.t = 1000.0

    def __call__(self) -> float:
        return self.t


@pytest.fixture(scope="module")
def xvfb():
    with virtual_display(":96") as display:
        old = os.environ.get("DISPLAY")
        os.environ["DISPLAY"] = display
        try:
            yield display
        finally:
            if old is None:
                os.environ.pop("DISPLAY", None)
            else:
                os.environ["DISPLAY"] = old


@pytest.fixture(scope="module")
def clock():
    return FakeClock()


@pytest.fixture(scope="module")
def viewer(tiny_world, xvfb, clock):
    import pyvista as pv

    from lunarbase.scene.viewer.window import Viewer

    off_screen = pv.OFF_SCREEN

    emitted: list[str] = []
    v = Viewer(tiny_world, SIZE, tiny_world.shots["hero"], emit=emitted.append, clock=clock)
    v.emitted = emitted
    v.open()
    yield v
    v.close()
    del v
    gc.collect()
    pv.OFF_SCREEN = off_screen


def key(v, sym: str, times: int = 1) -> None:
    iren = v.plotter.iren.interactor
    for _ in range(times):
        iren.SetKeySym(sym)
        iren.InvokeEvent("KeyPressEvent")


def shot_key(v, name: str) -> str:
    return str(list(v.world.shots).index(name) + 1)


def snap(v) -> np.ndarray:
    """(H, W, 3) float image of the window at full detail."""
    v.redraw(settle=True)
    return v.plotter.screenshot(return_img=True)[..., :3].astype(float)


def test_fly_keys_move_the_camera_and_the_picture(viewer, clock):
    v = viewer
    key(v, shot_key(v, "hero"))
    if v.nav.mode != "fly":
        key(v, "m")
    before = snap(v)
    p0, f0 = v.nav.position(), v.nav.focal()
    key(v, "w", 4)
    assert v.lod.moving  # coarse detail while moving
    d = v.nav.position() - p0
    view_dir = (f0 - p0) / np.linalg.norm(f0 - p0)
    assert np.dot(d, view_dir) > 5.0 and np.allclose(v.nav.focal() - f0, d)
    v.tick()  # draws the coarse frame
    clock.t += 1.0
    v.tick()  # still for a while: back to full detail
    assert not v.lod.moving
    key(v, "d", 3)
    after = snap(v)
    assert np.abs(after - before).mean() > 2.0


def test_step_scales_with_height_and_ground_is_never_crossed(viewer):
    from lunarbase.scene.viewer.nav import MIN_CLEARANCE_M

    v = viewer
    key(v, shot_key(v, "top"))
    high = v.nav.step_m()
    key(v, shot_key(v, "hero"))
    assert high > 2 * v.nav.step_m()
    key(v, "F", 60)  # shift+f: down, fast
    p = v.nav.position()
    ground = v.world.terrain.height_at(p[0], p[1])
    assert p[2] >= ground + MIN_CLEARANCE_M - 1e-6
    assert p[2] < ground + 10.0


def test_mouse_look_turns_the_view_in_fly_mode(viewer):
    v = viewer
    key(v, shot_key(v, "hero"))
    if v.nav.mode != "fly":
        key(v, "m")
    iren = v.plotter.iren.interactor
    p0, f0 = v.nav.position(), v.nav.focal()
    iren.SetEventInformation(160, 100)
    iren.InvokeEvent("LeftButtonPressEvent")
    iren.SetEventInformation(200, 100)
    iren.InvokeEvent("MouseMoveEvent")
    iren.InvokeEvent("LeftButtonReleaseEvent")
    assert np.allclose(v.nav.position(), p0)
    d0 = (f0 - p0) / np.linalg.norm(f0 - p0)
    d1 = (v.nav.focal() - p0) / np.linalg.norm(v.nav.focal() - p0)
    yaw = np.degrees(np.arctan2(d1[1], d1[0]) - np.arctan2(d0[1], d0[0]))
    assert yaw == pytest.approx(-10.0, abs=0.5)  # 40 px right = 10 deg to the right


def test_orbit_mode_pivots_on_the_ground_in_view(viewer):
    v = viewer
    key(v, shot_key(v, "hero"))
    if v.nav.mode != "fly":
        key(v, "m")
    key(v, "m")
    assert v.nav.mode == "orbit"
    f = v.nav.focal()
    assert f[2] == pytest.approx(v.world.terrain.height_at(f[0], f[1]), abs=15.0)
    key(v, "m")
    assert v.nav.mode == "fly"


def test_hidden_layer_disappears(viewer):
    from lunarbase.scene.viewer.keys import LAYER_KEYS

    v = viewer
    key(v, shot_key(v, "hero"))
    full = snap(v)
    key(v, LAYER_KEYS["engines"])
    assert not v.lod.visible["engines"]
    hidden = snap(v)
    changed = np.abs(full - hidden).max(axis=2) > 40
    assert changed.sum() > 200  # the engines' pixels went
    key(v, LAYER_KEYS["engines"])
    again = snap(v)
    assert np.abs(again - full).mean() < 0.5
    # hidden while moving too (the coarse stand-ins follow the switch)
    key(v, LAYER_KEYS["engines"])
    v.lod.set_moving(True)
    assert not any(a.GetVisibility() for a in v.lod.coarse.get("engines", []))
    assert not any(a.GetVisibility() for a in v.renderer.layers["engines"])
    v.lod.set_moving(False)
    key(v, LAYER_KEYS["engines"])


def test_shot_key_reproduces_the_still_framing(viewer, tiny_world, tmp_path):
    import imageio.v3 as iio

    from lunarbase.scene.render.renderer import Renderer

    v = viewer
    key(v, "w", 5)
    key(v, shot_key(v, "hero"))
    pose = tiny_world.shots["hero"]
    cam = v.plotter.camera
    assert np.allclose(cam.GetPosition(), pose.position, atol=1e-6)
    assert np.allclose(cam.GetFocalPoint(), pose.target, atol=1e-6)
    assert cam.GetViewAngle() == pytest.approx(pose.fov_deg)
    window = iio.imread(v.screenshot(tmp_path / "w.png"))[..., :3].astype(float)
    r = Renderer(*SIZE, "preview", off_screen=True)
    try:
        still = r.render(tiny_world, pose).astype(float)
        other = r.render(tiny_world, tiny_world.shots["top"]).astype(float)
    finally:
        r.close()

    def corr(a, b):
        g = lambda im: im.mean(axis=2).reshape(20, 10, 32, 10).mean(axis=(1, 3)).ravel()  # noqa: E731
        return float(np.corrcoef(g(a), g(b))[0, 1])

    assert corr(window, still) > 0.85
    assert corr(window, still) > corr(window, other) + 0.2


def test_sun_slider_changes_the_shadowing(viewer):
    v = viewer
    key(v, shot_key(v, "top"))
    before = snap(v)
    w = v.sun.azimuth_widget
    old = v.sun.azimuth
    w.GetRepresentation().SetValue((old + 180.0) % 360.0)
    w.InvokeEvent("EndInteractionEvent")
    assert v.renderer.lighting["sun_azimuth_deg"] == pytest.approx((old + 180.0) % 360.0)
    after = snap(v)
    ground = np.abs(after - before).max(axis=2) > 25
    assert ground.mean() > 0.05  # a good part of the ground changed its light
    w.GetRepresentation().SetValue(old)
    w.InvokeEvent("EndInteractionEvent")


def test_shot_and_keyframe_keys_print_pasteable_toml(viewer):
    v = viewer
    key(v, shot_key(v, "hero"))
    v.emitted.clear()
    key(v, "p")
    shot = tomllib.loads(v.emitted[-1])["shots"][0]
    assert shot["above_ground"] is False
    assert np.allclose(shot["position"], v.plotter.camera.GetPosition(), atol=0.06)
    assert np.allclose(shot["target"], v.plotter.camera.GetFocalPoint(), atol=0.06)
    assert shot["fov_deg"] == pytest.approx(v.world.shots["hero"].fov_deg)
    key(v, "k")
    key(v, "w", 10)
    key(v, "k")
    doc = tomllib.loads("\n".join(v.emitted[1:]))
    keys = doc["paths"][0]["keys"]
    assert doc["paths"][0]["name"] == "viewer" and len(keys) == 2
    assert keys[0]["t"] == 0.0 and keys[1]["t"] > 0
    assert "viewer" in v.player.paths  # recorded keys can be previewed


def test_path_plays_and_pauses(viewer, clock):
    v = viewer
    v.player.select("fly")
    path = v.world.paths["fly"]
    key(v, "space")
    assert v.player.playing
    clock.t += path.duration / 2
    v.tick()
    mid = path.sample(3)[1]
    assert np.allclose(v.nav.position(), mid.position, atol=2.0)
    key(v, "space")  # pause
    clock.t += 1.0
    v.tick()
    assert np.allclose(v.nav.position(), mid.position, atol=2.0)
    key(v, "space")  # resume to the end
    clock.t += path.duration
    v.tick()
    assert not v.player.playing
    assert np.allclose(v.nav.position(), path.sample(2)[1].position, atol=1e-6)


def test_screenshot_key_writes_a_png_to_renders(viewer, tmp_path, monkeypatch):
    import imageio.v3 as iio

    monkeypatch.chdir(tmp_path)
    key(viewer, "c")
    key(viewer, "c")
    files = sorted(p.name for p in (tmp_path / "renders").iterdir())
    assert files == ["view_001.png", "view_002.png"]  # no partial files left
    img = iio.imread(tmp_path / "renders" / "view_001.png")
    assert img.shape[:2] == (SIZE[1], SIZE[0]) and img.std() > 3


def test_help_overlay_toggles(viewer):
    v = viewer
    key(v, shot_key(v, "hero"))
    plain = snap(v)
    key(v, "h")
    assert v.help.GetVisibility()
    shown = snap(v)
    key(v, "h")
    top_left = np.abs(shown - plain)[:60, :120].mean()
    assert top_left > 5.0


EVENT_LOOP_SCRIPT = """
import json, sys
import numpy as np
from lunarbase.scene.config.load import load_scene
from lunarbase.scene.viewer.window import Viewer
from lunarbase.scene.assemble.world import build_world

world = build_world(load_scene(sys.argv[1]))
v = Viewer(world, (320, 200), world.shots["hero"], emit=lambda s: None)
v.open()
iren = v.plotter.iren.interactor
ticks = []
p0 = v.nav.position()

def press(sym):
    iren.SetKeySym(sym)
    iren.InvokeEvent("KeyPressEvent")

def script(*_):
    ticks.append(1)
    if len(ticks) == 2:
        press("w")
    elif len(ticks) == 6:
        press("q")
    elif len(ticks) > 300:  # a watchdog: never hang the suite
        iren.TerminateApp()

iren.AddObserver("TimerEvent", script)
v.run()
moved = float(np.linalg.norm(v.nav.position() - p0))
v.close()
print(json.dumps({"ticks": len(ticks), "moved": moved}))
"""


def test_event_loop_redraws_on_its_timer_and_quits_on_q(xvfb, tiny_scene):
    """The real event loop (in its own process, as a user runs it): the viewer's timer
    drives redraws, a key moves the camera, q quits."""
    import json

    env = dict(os.environ, DISPLAY=xvfb, PYVISTA_OFF_SCREEN="false")
    r = subprocess.run(
        [sys.executable, "-c", EVENT_LOOP_SCRIPT, str(tiny_scene)],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert r.returncode == 0, r.stderr[-2000:]
    out = json.loads(r.stdout.strip().splitlines()[-1])
    assert 6 <= out["ticks"] < 300
    assert out["moved"] > 1.0


def test_snapshot_opens_renders_saves_and_closes(tiny_world, xvfb, tmp_path):
    import imageio.v3 as iio

    from lunarbase.scene.viewer.window import view

    out = tmp_path / "snap.png"
    view(tiny_world, tiny_world.shots["hero"], SIZE, snapshot=out)
    assert iio.imread(out).shape[:2] == (SIZE[1], SIZE[0])
    assert [p.name for p in tmp_path.iterdir()] == ["snap.png"]


def test_coarse_ground_is_lighter_and_keeps_the_shape():
    import pyvista as pv

    from lunarbase.scene.viewer.lod import coarse_ground

    full = pv.Plane(i_size=2000, j_size=2000, i_resolution=200, j_resolution=200)
    full = full.triangulate()
    full.points[:, 2] = 50.0 * np.sin(np.asarray(full.points)[:, 0] / 300.0)
    coarse = coarse_ground(full, 32)
    assert 0 < coarse.n_cells < full.n_cells / 10
    p = np.asarray(coarse.points)
    assert np.ptp(p[:, 0]) > 1800 and np.ptp(p[:, 1]) > 1800  # still covers the grid
    assert np.abs(p[:, 2] - 50.0 * np.sin(p[:, 0] / 300.0)).max() < 5.0  # same relief


def test_coarse_structures_are_lighter(tiny_world):
    from lunarbase.scene.viewer.lod import KEEP_BELOW, coarse_structures

    coarse = coarse_structures(tiny_world)
    n = sum(len(f) for _, f in coarse.values())
    prims = [
        len(p.faces)
        for node, _ in tiny_world.graph.instances()
        if node.kind not in ("terrain", "rover", "rock")
        for p in node.mesh.primitives
    ]
    small = sum(f for f in prims if f < KEEP_BELOW)  # kept as they are
    big = sum(prims) - small
    assert big > small and 0 < n < small + big / 2  # the large primitives at least halved
    assert {layer for layer, _ in coarse} >= {"engines"}


def test_no_display_is_one_clear_line_and_status_2(tiny_scene):
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    r = subprocess.run(
        [sys.executable, "-m", "lunarbase", "view", str(tiny_scene)],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert r.returncode == 2
    lines = [ln for ln in r.stderr.splitlines() if "lunarbase: error" in ln]
    assert len(lines) == 1 and "Traceback" not in r.stderr
    assert "no display" in lines[0]
    assert "xvfb-run lunarbase view" in lines[0] and "lunarbase still" in lines[0]
