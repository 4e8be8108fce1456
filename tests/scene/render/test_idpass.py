"""The object ID pass: exact instance IDs per pixel, occlusion by the terrain, coverage."""

from __future__ import annotations

import numpy as np

from lunarbase.scene.anim.cameras import Pose
from lunarbase.scene.render.idpass import TERRAIN, IdPass, coverage, id_image


def test_ids_are_exact_and_cover_the_shot(tiny_world):
    ip = IdPass(tiny_world, 320, 180)
    try:
        ids = ip.render(tiny_world.shots["hero"])
        t = tiny_world.terrain
        c = t.hero
        z = float(t.height_at(c["x"], c["y"]))
        under = ip.render(Pose((c["x"], c["y"] - 1.0, z - 400.0), (c["x"], c["y"], z - 800), 40))
    finally:
        ip.close()
    assert ids.shape == (180, 320)
    assert ids.min() >= 0 and ids.max() < len(ip.entries)  # no blended, non-ID colours
    assert (ids == TERRAIN).mean() > 0.2
    cov = coverage(ids, ip.entries)
    assert "engine" in cov and cov["engine"][1] > 100
    name, px = cov["engine"]
    k = next(i for i, e in enumerate(ip.entries) if e.name == name and not e.lamp)
    assert int((ids == k).sum()) == px
    # looking down from under the ground: the terrain hides every structure
    assert set(np.unique(under)) <= {0, TERRAIN}
    img, legend = id_image(ids, ip.entries)
    assert img.shape == (180, 320, 3) and img.dtype == np.uint8
    assert legend["terrain"] == [48, 48, 48] and "engine" in legend


def test_still_ids_writes_the_pass_and_its_legend(tmp_path, tiny_scene):
    import json

    import imageio.v3 as iio

    from conftest import run_cli

    out = tmp_path / "out"
    r = run_cli("still", tiny_scene, "--shot", "hero", "--size", "160x96", "--ids", "--out", out)
    assert r.returncode == 0, r.stderr
    assert sorted(p.name for p in out.iterdir()) == ["hero.png", "hero_ids.json", "hero_ids.png"]
    img = iio.imread(out / "hero_ids.png")
    doc = json.loads((out / "hero_ids.json").read_text())
    assert img.shape == (96, 160, 3) and doc["size"] == [160, 96]
    colours = {tuple(c) for c in img.reshape(-1, 3)}
    assert colours <= {tuple(v) for v in doc["legend"].values()}  # every pixel is in the legend
    assert doc["largest"]["engine"]["pixels"] > 0
