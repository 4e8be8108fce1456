"""The layout's checks that need only the scene file run before any terrain is made."""

from __future__ import annotations

import pytest

from conftest import TINY, run_cli

CASES = [
    ("engine_spacing_deg = 80.0", "engine_spacing_deg = 5.0", "base.engine_spacing_deg"),
    (
        "[render]",
        '[[base.place]]\nkind = "tank"\nat = [0.0, 459.0]\n\n[render]',
        "base.place[0]: tank at (0, 459) overlaps engine_2",
    ),
    (
        "[render]",
        '[[base.place]]\nkind = "tank"\nat = [1000.0, -1000.0]\n\n[[base.place]]\n'
        'kind = "tank"\nat = [1005.0, -1000.0]\n\n[render]',
        "base.place[1]: tank at (1005, -1000) overlaps base.place[0] (tank)",
    ),
]


@pytest.mark.parametrize("old,new,expect", CASES, ids=["spacing", "on_engine", "pair"])
def test_layout_errors_come_before_any_terrain(tmp_path, old, new, expect):
    scene = tmp_path / "s.toml"
    assert old in TINY
    scene.write_text(TINY.replace(old, new, 1))
    out = tmp_path / "out"
    r = run_cli("still", scene, "--out", out, timeout=120)
    assert r.returncode == 2, r.stderr
    lines = [ln for ln in r.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1 and expect in lines[0], r.stderr
    assert "building" not in r.stderr  # refused before the world (and its terrain) is built
    assert not out.exists()
