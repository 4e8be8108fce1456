"""Same seed and scene file → byte-identical outputs; another seed → different ones."""

from __future__ import annotations

import hashlib

from conftest import run_cli


def _digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_same_seed_same_bytes(tmp_path, tiny_scene):
    digests = []
    for run in ("a", "b"):
        out = tmp_path / run
        assert run_cli("terrain", tiny_scene, "--out", out).returncode == 0
        assert run_cli("export", tiny_scene, "--out", out / "s.glb").returncode == 0
        digests.append(
            (_digest(out / "heightmap.png"), _digest(out / "craters.csv"), _digest(out / "s.glb"))
        )
    assert digests[0] == digests[1]
    out = tmp_path / "c"
    assert run_cli("terrain", tiny_scene, "--seed", "12", "--out", out).returncode == 0
    assert run_cli("export", tiny_scene, "--seed", "12", "--out", out / "s.glb").returncode == 0
    assert _digest(out / "heightmap.png") != digests[0][0]
    assert _digest(out / "s.glb") != digests[0][2]
