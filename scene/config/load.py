"""Loading a scene file: reading, TOML parsing, schema validation, cross-key checks, seed.

``load_scene(path=None, seed=None)`` returns the validated scene as a typed, immutable
``Scene`` (``typed.py``: frozen dataclasses generated from the schema) with every key present
(defaults filled); ``load_scene_data(data, base_dir)`` does the same for an already parsed
document.
Any problem raises ``SceneError`` with a one-line message naming the key.
"""

from __future__ import annotations

import re
import stat
import sys
import tomllib
from importlib import resources
from pathlib import Path

from ..errors import SceneError
from .checks import check_consistency
from .schema import check_field, validate
from .spec import RENDER, SCENE
from .text import one_line, path_text, shown
from .typed import SCENE_ITEMS, Scene, freeze

__all__ = [
    "DEFAULT_SCENE_NAME",
    "check_consistency",
    "default_scene_text",
    "load_scene",
    "load_scene_data",
    "parse_size",
    "parse_toml",
    "read_scene_text",
    "Scene",
]

DEFAULT_SCENE_NAME = "default_scene.toml"
MAX_SCENE_BYTES = 16 * 2**20  # a scene file is a page of settings; refuse anything huge


def default_scene_text() -> str:
    """The embedded default scene file, with its comments."""
    return resources.files("lunarbase.scene.config").joinpath(DEFAULT_SCENE_NAME).read_text("utf-8")


PARSE_RECURSION_LIMIT = 20000  # tomllib recurses ~3 frames per nesting level


def parse_toml(text: str, source: str) -> dict:
    """Parse TOML text. tomllib recurses once per nesting level, so the recursion limit is
    raised while it runs (pure-Python frames: no C stack): a value nested a few thousand
    levels deep parses and is then refused naming its key; deeper still, this refuses it."""
    old = sys.getrecursionlimit()
    sys.setrecursionlimit(max(old, PARSE_RECURSION_LIMIT))
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise SceneError(one_line(f"{source}: invalid TOML: {exc}")) from None
    except RecursionError:
        raise SceneError(f"{source}: invalid TOML: values nested too deeply") from None
    finally:
        sys.setrecursionlimit(old)


def read_scene_text(path: str | Path) -> str:
    """The text of a scene file: a regular file (never opens a FIFO or a device), at most
    ``MAX_SCENE_BYTES``, UTF-8 with or without a byte-order mark."""
    name = path_text(path)
    p = Path(path)
    try:
        st = p.stat()
    except (FileNotFoundError, NotADirectoryError):
        raise SceneError(f"{name}: scene file not found") from None
    except (OSError, ValueError) as exc:
        raise SceneError(f"{name}: cannot read scene file ({_reason(exc)})") from None
    if stat.S_ISDIR(st.st_mode):
        raise SceneError(f"{name}: is a folder, not a scene file (give a .toml file)")
    if not stat.S_ISREG(st.st_mode):
        raise SceneError(f"{name}: not a regular file (a FIFO, device or socket), not a scene file")
    if st.st_size > MAX_SCENE_BYTES:
        raise SceneError(
            f"{name}: scene file of {st.st_size} bytes; at most {MAX_SCENE_BYTES} bytes allowed"
        )
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise SceneError(f"{name}: cannot read scene file ({_reason(exc)})") from None
    try:
        return data.decode("utf-8-sig")  # a leading BOM (Windows editors) is dropped
    except UnicodeDecodeError as exc:
        raise SceneError(
            f"{name}: scene file is not UTF-8 text (byte {exc.start}: {exc.reason})"
        ) from None


def _reason(exc: Exception) -> str:
    return one_line(getattr(exc, "strerror", None) or str(exc) or type(exc).__name__, 80)


def load_scene(path: str | Path | None = None, seed: int | None = None) -> Scene:
    """Read, validate and complete a scene file (None = the embedded default)."""
    if path is None:
        data = parse_toml(default_scene_text(), "default scene")
        return load_scene_data(data, Path.cwd(), "<default>", seed)
    data = parse_toml(read_scene_text(path), path_text(path))
    try:
        base_dir = Path(path).resolve().parent
    except (OSError, RuntimeError) as exc:
        raise SceneError(f"{path_text(path)}: cannot resolve ({_reason(exc)})") from None
    return load_scene_data(data, base_dir, str(path), seed)


def load_scene_data(
    data, base_dir: str | Path | None = None, source: str = "<data>", seed: int | None = None
) -> Scene:
    """Validate and complete an already parsed scene document exactly as ``load_scene``
    does a file; ``base_dir`` is the folder relative paths are taken from (default: the
    working folder). Raises only ``SceneError`` for bad input."""
    try:
        cfg = validate(data, SCENE, "")
        if seed is not None:
            cfg["seed"] = check_field(SCENE.fields["seed"], seed, "--seed")
        cfg["_source"] = source
        cfg["_base_dir"] = str(Path(base_dir) if base_dir is not None else Path.cwd())
        check_consistency(cfg)
    except RecursionError:
        raise SceneError("scene: values nested too deeply") from None
    doc = {k: v for k, v in cfg.items() if not k.startswith("_")}
    doc.update(source=cfg["_source"], base_dir=cfg["_base_dir"])
    return freeze(doc, SCENE, Scene, SCENE_ITEMS)


_SIZE = re.compile(r"([0-9]{1,6})[xX]([0-9]{1,6})")


def parse_size(text: str, option: str = "--size") -> tuple[int, int]:
    """Parse ``WxH`` (ASCII digits only); both within the render.width/height ranges."""
    m = _SIZE.fullmatch(text) if isinstance(text, str) else None
    if m is None:
        raise SceneError(f"{option}: must be WxH, e.g. 1280x720, got {shown(text)}")
    w, h = int(m[1]), int(m[2])
    fw, fh = RENDER.fields["width"], RENDER.fields["height"]
    if not (fw.lo <= w <= fw.hi and fh.lo <= h <= fh.hi):
        raise SceneError(
            f"{option}: width must be in {fw.lo}..{fw.hi} and height in {fh.lo}..{fh.hi}, "
            f"got {text}"
        )
    return w, h
