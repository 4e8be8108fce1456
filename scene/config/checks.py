"""Checks that span several keys of a validated scene, all made before anything is built:
terrain sizes and memory, positions on the terrain, the folders a scene file may name,
cameras that can see something, and the explicit placements (``placements``)."""

from __future__ import annotations

import math
from pathlib import Path

from ..errors import SceneError
from .text import path_text, shown

EPS_M = 1e-6  # positions closer than this are the same point


def check_consistency(cfg: dict) -> None:
    """Checks that span several keys (``cfg`` is schema-validated and has ``_base_dir``)."""
    from ...terrain.memcheck import check_terrain_config

    t = cfg["terrain"]
    try:
        check_terrain_config(t)
    except ValueError as exc:
        raise SceneError(str(exc)) from None
    cr = t["craters"]
    if cr["d_min_m"] >= cr["d_max_m"]:
        raise SceneError(
            f"terrain.craters.d_min_m: must be below d_max_m ({cr['d_max_m']}), got {cr['d_min_m']}"
        )
    half = t["size_m"] / 2
    hero = t["hero"]
    for key in ("x_m", "y_m"):
        if abs(hero[key]) > half:
            raise SceneError(
                f"terrain.hero.{key}: must lie on the terrain, in {-half:g}..{half:g}, "
                f"got {hero[key]:g}"
            )
    if hero["diameter_m"] > 0.9 * t["size_m"]:
        raise SceneError(
            f"terrain.hero.diameter_m: must be at most 0.9 * terrain.size_m "
            f"({0.9 * t['size_m']:g}), got {hero['diameter_m']:g}"
        )
    for i, pl in enumerate(cfg["base"]["place"]):
        for k, v in zip("xy", pl["at"], strict=True):
            if abs(v) > half:
                raise SceneError(
                    f"base.place[{i}].at: {k} must lie on the terrain, in {-half:g}..{half:g}, "
                    f"got {v:g}"
                )
    idle = cfg["base"]["engines_idle"]
    words = [x.strip() for x in idle.split(",")]
    if idle.strip().lower() not in ("", "all", "none") and not all(
        x.isdigit() and int(x) >= 1 for x in words
    ):
        raise SceneError(
            'base.engines_idle: expected "" (every engine fires), "all" or engine '
            f'numbers like "1,3", got {idle!r}'
        )
    numbers = [int(x) for x in words if x.isdigit()]
    if numbers and max(numbers) > cfg["base"]["engines"]:
        raise SceneError(
            f"base.engines_idle: engine {max(numbers)} does not exist "
            f"(base.engines is {cfg['base']['engines']}), got {idle!r}"
        )
    check_folders(cfg)
    _unique_names(cfg["shots"], "shots")
    _unique_names(cfg["paths"], "paths")
    for i, shot in enumerate(cfg["shots"]):
        _check_view(shot["position"], shot["target"], f"shots[{i}]")
    for i, path in enumerate(cfg["paths"]):
        _check_path(path, i)
    from .placements import check_placements

    check_placements(cfg)


# ---------------------------------------------------------------- folders


def confined(cfg: dict, key: str, value: str, relative_to: Path) -> Path:
    """``value`` (a path from the scene file, relative to ``relative_to``) resolved through
    symlinks and ``..``; refused unless it lies in the scene file's folder or the working
    folder: a scene file from elsewhere must not read or write outside them."""
    try:
        p = (relative_to / value).resolve()
        roots = {Path(cfg["_base_dir"]).resolve(), Path.cwd().resolve()}
    except (OSError, RuntimeError, ValueError) as exc:
        raise SceneError(f"{key}: cannot resolve {shown(value)} ({type(exc).__name__})") from None
    if not any(p == r or r in p.parents for r in roots):
        raise SceneError(
            f"{key}: {shown(value)} leads outside the scene file's folder and the working "
            f"folder (to {path_text(p)}); a scene file may only name folders inside them"
        )
    return p


def _first_existing(p: Path) -> Path:
    while not p.exists() and p != p.parent:
        p = p.parent
    return p


def check_folders(cfg: dict) -> None:
    """``base.mesh_dir`` is a folder and ``render.out_dir`` is or can become one, both
    confined (see ``confined``)."""
    mesh_dir = cfg["base"]["mesh_dir"]
    if mesh_dir:
        d = confined(cfg, "base.mesh_dir", mesh_dir, Path(cfg["_base_dir"]))
        if not d.exists():
            raise SceneError(f"base.mesh_dir: folder not found: {path_text(d)}")
        if not d.is_dir():
            raise SceneError(f"base.mesh_dir: {path_text(d)} is a file, not a folder")
    out_dir = cfg["render"]["out_dir"]
    d = confined(cfg, "render.out_dir", out_dir or ".", Path.cwd())
    probe = _first_existing(d)
    if not probe.is_dir():
        raise SceneError(f"render.out_dir: {path_text(probe)} is a file, not a folder")


# ---------------------------------------------------------------- cameras


def _dist(a, b) -> float:
    return math.dist(a, b)


def _check_view(position, target, where: str) -> None:
    """A camera that can see something: the target is not the position, and the view is not
    exactly vertical (the camera's up is +z, so looking straight down has no up)."""
    if _dist(position, target) <= EPS_M:
        raise SceneError(
            f"{where}.target: must differ from position (the camera would look nowhere), "
            f"got {shown(list(target))} for both"
        )
    if math.hypot(target[0] - position[0], target[1] - position[1]) < EPS_M:
        raise SceneError(
            f"{where}.target: must not be straight above or below position (the view has no "
            f"up direction); move it sideways by at least 0.01 m, got {shown(list(target))}"
        )


def _check_path(path: dict, i: int) -> None:
    keys = path["keys"]
    if len(keys) < 2:
        raise SceneError(f"paths[{i}].keys: needs at least 2 keyframes, got {len(keys)}")
    ts = [k["t"] for k in keys]
    for j in range(1, len(ts)):
        if ts[j] <= ts[j - 1]:
            raise SceneError(
                f"paths[{i}].keys[{j}].t: must be greater than the previous key's t "
                f"({ts[j - 1]:g}), got {ts[j]:g}"
            )
    for j, k in enumerate(keys):
        _check_view(k["position"], k["target"], f"paths[{i}].keys[{j}]")
    p0, q0 = keys[0]["position"], keys[0]["target"]
    if all(_dist(k["position"], p0) <= EPS_M and _dist(k["target"], q0) <= EPS_M for k in keys):
        raise SceneError(
            f"paths[{i}].keys: the camera never moves or turns (every key has position "
            f"{shown(list(p0))} and target {shown(list(q0))}); use [[shots]] for a still"
        )


def _unique_names(items: list[dict], what: str) -> None:
    seen = set()
    for i, item in enumerate(items):
        if item["name"] in seen:
            raise SceneError(f"{what}[{i}].name: duplicate name {item['name']!r}")
        seen.add(item["name"])
