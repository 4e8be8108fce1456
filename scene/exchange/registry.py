"""What lunarbase writes, keyed by file suffix (as trimesh's ``exchange`` registry does):
``SCENE_EXPORTERS`` maps a suffix to a writer ``(world, path, **options) -> [written
paths]``, so a new format is one entry here and every verb that exports picks it up."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from ..errors import SceneError
from .files import write_bytes


def _glb(world, path: Path, **options) -> list[Path]:
    """The GLB; ``options``: ``lamps`` (see ``gltf.export_glb``)."""
    from .gltf import export_glb

    r = world.cfg.render
    return [write_bytes(path, export_glb(world, aspect=r.width / r.height, **options))]


SCENE_EXPORTERS: dict[str, Callable] = {".glb": _glb}


def check_suffix(path: Path, option: str = "--out") -> str:
    """The exporter suffix of ``path``; SceneError naming the allowed ones otherwise."""
    suffix = Path(path).suffix.lower()
    if suffix not in SCENE_EXPORTERS:
        raise SceneError(f"{option}: must end in {', '.join(SCENE_EXPORTERS)}, got {path}")
    return suffix


def export_scene(world, path: Path, **options) -> list[Path]:
    """Write ``world`` to ``path`` in the format its suffix names (with the format's
    ``options``); returns the files."""
    return SCENE_EXPORTERS[check_suffix(path)](world, Path(path), **options)
