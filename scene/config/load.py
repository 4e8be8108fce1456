"""Loading a scene file: TOML parsing, schema validation, cross-key checks, seed override.

``load_scene(path=None, seed=None)`` returns a plain dict with every key present (defaults
filled). Any problem raises ``SceneError`` with a one-line message naming the key.
"""

from __future__ import annotations

import tomllib
from importlib import resources
from pathlib import Path

from ..errors import SceneError
from .schema import validate
from .spec import SCENE

DEFAULT_SCENE_NAME = "default_scene.toml"


def default_scene_text() -> str:
    """The embedded default scene file, with its comments."""
    return resources.files("lunarbase.scene.config").joinpath(DEFAULT_SCENE_NAME).read_text("utf-8")


def parse_toml(text: str, source: str) -> dict:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise SceneError(f"{source}: invalid TOML: {exc}") from None


def load_scene(path: str | Path | None = None, seed: int | None = None) -> dict:
    """Read, validate and complete a scene file (None = the embedded default)."""
    if path is None:
        data = parse_toml(default_scene_text(), "default scene")
        base_dir = Path.cwd()
        source = "<default>"
    else:
        p = Path(path)
        if not p.is_file():
            raise SceneError(f"{path}: scene file not found")
        try:
            text = p.read_text("utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise SceneError(f"{path}: cannot read scene file ({exc})") from None
        data = parse_toml(text, str(path))
        base_dir = p.resolve().parent
        source = str(p)
    cfg = validate(data, SCENE, "")
    if seed is not None:
        if not 0 <= seed <= 2**32 - 1:
            raise SceneError(f"--seed: must be an integer in 0..4294967295, got {seed}")
        cfg["seed"] = seed
    cfg["_source"] = source
    cfg["_base_dir"] = str(base_dir)
    check_consistency(cfg)
    return cfg


def check_consistency(cfg: dict) -> None:
    """Checks that span several keys."""
    from ...terrain.memcheck import check_terrain_config

    try:
        check_terrain_config(cfg["terrain"])
    except ValueError as exc:
        raise SceneError(str(exc)) from None
    t = cfg["terrain"]
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
    mesh_dir = cfg["base"]["mesh_dir"]
    if mesh_dir:
        d = Path(cfg["_base_dir"]) / mesh_dir
        if not d.is_dir():
            raise SceneError(f"base.mesh_dir: folder not found: {d}")
    _check_placements(cfg)
    _unique_names(cfg["shots"], "shots")
    _unique_names(cfg["paths"], "paths")
    for i, path in enumerate(cfg["paths"]):
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


def _unique_names(items: list[dict], what: str) -> None:
    seen = set()
    for i, item in enumerate(items):
        if item["name"] in seen:
            raise SceneError(f"{what}[{i}].name: duplicate name {item['name']!r}")
        seen.add(item["name"])


def parse_size(text: str, option: str = "--size") -> tuple[int, int]:
    """Parse ``WxH``; both within the render.width/height ranges."""
    parts = text.lower().split("x")
    try:
        w, h = (int(p) for p in parts)
    except ValueError:
        raise SceneError(f"{option}: must be WxH, e.g. 1280x720, got {text!r}") from None
    if not (16 <= w <= 7680 and 16 <= h <= 4320):
        raise SceneError(f"{option}: width must be in 16..7680 and height in 16..4320, got {text}")
    return w, h


def _check_placements(cfg: dict) -> None:
    """Each ``[[base.place]]`` names a known kind and valid builder parameters."""
    if not cfg["base"]["place"]:
        return
    from ...assets.meshes import registry

    if cfg["base"]["mesh_dir"]:
        registry.register_user_dir(Path(cfg["_base_dir"]) / cfg["base"]["mesh_dir"])
    known = registry.kinds()
    for i, pl in enumerate(cfg["base"]["place"]):
        if pl["kind"] not in known:
            raise SceneError(
                f"base.place[{i}].kind: unknown kind {pl['kind']!r}; known: {', '.join(known)}"
            )
        try:
            registry.validate_params(pl["kind"], pl["params"])
        except ValueError as exc:
            raise SceneError(f"base.place[{i}].params.{exc}") from None
