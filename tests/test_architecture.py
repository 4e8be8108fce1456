"""The code's shape: the pipeline's layer contracts hold, modules stay small, the tree is
ruff-clean and formatted, and tests/bench are not shipped in the package."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
MAX_LINES = 400
# import-linter run by this interpreter: it then analyses the lunarbase this test imports
# (a lint-imports script of another environment would analyse that one's)
LINT = [sys.executable, "-c", "from importlinter.cli import lint_imports_command as c; c()"]


def test_import_layers_hold():
    """import-linter's contracts in pyproject.toml: each scene stage imports only the stages
    below it, the model and shading know no VTK, terrain/assets know no scene."""
    if shutil.which("lint-imports") is None:
        pytest.skip("import-linter not installed (pip install -e .[test])")
    r = subprocess.run(
        [*LINT, "--config", str(ROOT / "pyproject.toml")], cwd=ROOT, capture_output=True, text=True
    )
    assert r.returncode == 0, r.stdout[-3000:] + r.stderr[-2000:]
    assert "0 broken" in r.stdout


def test_a_layer_violation_is_caught():
    """The contract is not vacuous: a model module importing the renderer breaks it."""
    bad = ROOT / "scene" / "model" / "_contract_probe.py"
    bad.write_text("from ..render import renderer  # noqa: F401\n")
    try:
        r = subprocess.run(
            [
                *LINT,
                "--config",
                str(ROOT / "pyproject.toml"),
                "--no-cache",
            ],
            cwd=ROOT,
            capture_output=True,
            text=True,
        )
    finally:
        bad.unlink()
    assert r.returncode != 0
    assert "BROKEN" in r.stdout


def _modules():
    for p in sorted(ROOT.rglob("*.py")):
        rel = p.relative_to(ROOT)
        if rel.parts[0] in ("tests", "bench", "build", "renders") or ".git" in rel.parts:
            continue
        yield rel, p


def test_no_module_over_400_lines():
    big = {
        str(rel): n
        for rel, p in _modules()
        if (n := len(p.read_text("utf-8").splitlines())) > MAX_LINES
    }
    assert not big, f"modules over {MAX_LINES} lines: {big}"


def test_ruff_clean_and_formatted():
    ruff = shutil.which("ruff")
    if ruff is None:
        pytest.skip("ruff not installed")
    r = subprocess.run([ruff, "check", "."], cwd=ROOT, capture_output=True, text=True)
    assert r.returncode == 0, r.stdout[-3000:]
    r = subprocess.run([ruff, "format", "--check", "."], cwd=ROOT, capture_output=True, text=True)
    assert r.returncode == 0, r.stdout[-3000:]


def test_tests_and_bench_are_not_packaged():
    """The wheel's package list names no tests/bench package."""
    import tomllib

    cfg = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))
    pkgs = cfg["tool"]["setuptools"]["packages"]
    assert not [p for p in pkgs if ".tests" in p or ".bench" in p]
    scene = {p for p in pkgs if p.startswith("lunarbase.scene.")}
    on_disk = {
        "lunarbase." + ".".join(d.relative_to(ROOT).parts)
        for d in (ROOT / "scene").rglob("*")
        if d.is_dir() and (d / "__init__.py").is_file()
    }
    assert scene == on_disk, "every scene subpackage is listed (and nothing else)"
