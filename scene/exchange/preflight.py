"""Checks made before any work starts: every output path can be written (no file in the way
of a folder, no folder in the way of a file, writable, not read-only, names not too long,
the right suffix) and the disks have room. Each failure is a one-line :class:`SceneError`
naming the option (exit status 2), raised before the world is built."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterable
from pathlib import Path

from ...terrain.memcheck import format_bytes
from ..errors import SceneError
from .files import NAME_MAX

PATH_MAX = 4096  # bytes in a whole path (Linux)
PNG_BYTES_PER_PIXEL = 1.6  # measured on lunarbase frames (compressed RGB)
MP4_BYTES_PER_PIXEL_FRAME = 0.08
# suffixes that name a file: a folder output given one of these is most likely a mistake
FILE_SUFFIXES = {".png", ".jpg", ".jpeg", ".mp4", ".glb", ".gltf", ".json", ".csv", ".toml"}


def _short(text: str, keep: int = 40) -> str:
    return text if len(text) <= keep else f"{text[:keep]}…"


def _check_lengths(path: Path, option: str) -> None:
    for part in path.parts:
        size = len(os.fsencode(part))
        if size > NAME_MAX:
            raise SceneError(
                f"{option}: the name {_short(part)!r} is too long ({size} bytes; the limit "
                f"is {NAME_MAX})"
            )
    size = len(os.fsencode(os.path.abspath(path)))
    if size > PATH_MAX:
        raise SceneError(f"{option}: the path is too long ({size} bytes; the limit is {PATH_MAX})")


def existing_ancestor(path: Path) -> Path:
    """The nearest folder of ``path`` (or ``path`` itself) that exists."""
    probe = Path(os.path.abspath(path))
    while not probe.exists() and probe != probe.parent:
        probe = probe.parent
    return probe


def _check_writable(folder: Path, option: str) -> None:
    """``folder`` (existing or to be made) can have files made in it."""
    probe = existing_ancestor(folder)
    if not probe.is_dir():
        raise SceneError(f"{option}: cannot write under {probe}: it is a file, not a folder")
    if os.access(probe, os.W_OK | os.X_OK):
        return
    try:
        readonly = bool(os.statvfs(probe).f_flag & os.ST_RDONLY)
    except OSError:
        readonly = False
    why = "a read-only file system" if readonly else "no permission"
    raise SceneError(f"{option}: cannot write to {probe} ({why})")


def check_output(out: Path, option: str = "--out", suffix: str | None = None) -> None:
    """``out`` can be written as a file: the right ``suffix`` (e.g. ``.mp4``), no folder by
    that name, its folder exists or can be made and is writable, names not too long."""
    out = Path(out)
    if suffix is not None and out.suffix.lower() != suffix:
        raise SceneError(f"{option}: must end in {suffix}, got {out}")
    _check_lengths(out, option)
    if out.is_dir():
        raise SceneError(f"{option}: {out} is a folder; give a file name")
    _check_writable(out.parent if str(out.parent) else Path("."), option)


def check_folder(folder: Path, option: str = "--out", files: Iterable[str] = ()) -> None:
    """``folder`` can take the output ``files``: it is (or can be made as) a writable
    folder, none of ``files`` is a folder there, names not too long, no file suffix."""
    folder = Path(folder)
    if folder.exists() and not folder.is_dir():
        raise SceneError(f"{option}: {folder} is a file; give a folder")
    if not folder.exists() and folder.suffix.lower() in FILE_SUFFIXES:
        raise SceneError(f"{option}: give a folder, got {folder} (a file name)")
    _check_lengths(folder, option)
    _check_writable(folder, option)
    for name in files:
        p = folder / name
        _check_lengths(p, option)
        if p.is_dir():
            raise SceneError(f"{option}: {p} is a folder, in the way of an output file")


def check_space(needs: Iterable[tuple[Path, int, str, str]]) -> None:
    """Raise unless each disk has room for what is bound for it: ``needs`` = [(folder,
    bytes, option, what), ...], e.g. (out_dir, 12e6, "--out", "3 stills of 1920x1080").
    Folders on the same disk add up."""
    per_disk: dict[int, list] = {}
    for folder, size, option, what in needs:
        probe = existing_ancestor(Path(folder))
        entry = per_disk.setdefault(probe.stat().st_dev, [probe, 0, [], []])
        entry[1] += size
        if option not in entry[2]:
            entry[2].append(option)
        entry[3].append(what)
    for probe, size, options, whats in per_disk.values():
        free = shutil.disk_usage(probe).free
        if size > free:
            raise SceneError(
                f"{', '.join(options)}: {' and '.join(whats)} need about {format_bytes(size)} "
                f"on {probe}, only {format_bytes(free)} free"
            )


def png_bytes(count: int, width: int, height: int) -> int:
    """Estimated bytes of ``count`` PNG images of ``width`` x ``height``."""
    return int(count * width * height * PNG_BYTES_PER_PIXEL)


def mp4_bytes(frames: int, width: int, height: int) -> int:
    """Estimated bytes of an MP4 of ``frames`` frames of ``width`` x ``height``."""
    return int(frames * width * height * MP4_BYTES_PER_PIXEL_FRAME)
