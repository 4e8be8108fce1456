"""Shared fixtures: a tiny scene that exercises every stage in seconds."""

from __future__ import annotations

import contextlib
import gc
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

TINY = """
name = "tiny test base"
seed = 11

[terrain]
size_m = 2400.0
size_px = 193

[terrain.craters]
d_min_m = 60.0
d_max_m = 400.0

[terrain.hero]
diameter_m = 900.0

[base]
engines = 3
engine_height_m = 200.0
engine_spacing_deg = 80.0
pads_per_complex = 1
tanks_per_complex = 2
plants_per_complex = 1
solar_per_complex = 1
masts_per_complex = 2
habitat_clusters = 1
habitats_per_cluster = 3
rovers = 2
detail = 0

[render]
width = 160
height = 96
terrain_max_px = 97

[[shots]]
name = "hero"
position = [-300.0, -1100.0, 200.0]
target = [0.0, 400.0, 100.0]
fov_deg = 50.0

[[shots]]
name = "top"
position = [0.0, -10.0, 2500.0]
target = [0.0, 0.0, 0.0]
fov_deg = 50.0
above_ground = false

[[paths]]
name = "fly"
[[paths.keys]]
t = 0.0
position = [-600.0, -1100.0, 300.0]
target = [0.0, 400.0, 100.0]
[[paths.keys]]
t = 2.0
position = [0.0, -600.0, 200.0]
target = [0.0, 450.0, 150.0]
"""


@pytest.fixture(scope="session")
def tiny_scene(tmp_path_factory) -> Path:
    p = tmp_path_factory.mktemp("scene") / "tiny.toml"
    p.write_text(TINY)
    return p


@pytest.fixture(scope="session")
def tiny_world(tiny_scene):
    from lunarbase.scene.assemble.world import build_world
    from lunarbase.scene.config.load import load_scene

    return build_world(load_scene(tiny_scene))


def fly_args(scene, out, frames=None, size="96x64", fps=4, seconds=1, workers=1) -> list:
    """``flythrough`` arguments for a small, short video of ``scene`` into ``out``."""
    args = ["flythrough", scene, "--size", size, "--fps", str(fps), "--seconds", str(seconds)]
    args += ["--workers", str(workers), "--out", out]
    return args + (["--frames", frames] if frames is not None else [])


def run_cli(*args, cwd=None, env=None, timeout=600) -> subprocess.CompletedProcess:
    """Run ``python -m lunarbase ARGS`` as a user would; returns the completed process."""
    e = dict(os.environ)
    e.update(env or {})
    e.setdefault("PYVISTA_OFF_SCREEN", "true")
    return subprocess.run(
        [sys.executable, "-m", "lunarbase", *map(str, args)],
        cwd=cwd,
        env=e,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


@contextlib.contextmanager
def virtual_display(display: str):
    """Run Xvfb on ``display`` for the block (skip the test where Xvfb is missing; in CI,
    whose .ci/run installs it, fail instead)."""
    exe = shutil.which("Xvfb")
    if exe is None:
        if os.environ.get("CI"):
            pytest.fail("Xvfb is not installed (.ci/run installs it)")
        pytest.skip("Xvfb not installed")
    proc = subprocess.Popen(
        [exe, display, "-screen", "0", "1024x768x24", "-nolisten", "tcp"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    time.sleep(1.0)
    try:
        yield display
    finally:
        gc.collect()  # windows still referenced would talk to the display after it is gone
        proc.terminate()
        proc.wait(5)


def terrain_cfg(overrides: dict) -> dict:
    """The scene schema's default ``[terrain]`` table with ``overrides`` merged in (nested)."""
    from lunarbase.scene.config.schema import defaults
    from lunarbase.scene.config.spec import TERRAIN

    def merge(base: dict, over: dict) -> dict:
        out = dict(base)
        for k, v in over.items():
            out[k] = merge(base[k], v) if isinstance(v, dict) else v
        return out

    return merge(defaults(TERRAIN), overrides)
