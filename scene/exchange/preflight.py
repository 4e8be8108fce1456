"""Checks made before a long render starts: the output folder can be written and the disk
has room for the frames and the video."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from ..errors import SceneError

PNG_BYTES_PER_PIXEL = 1.6  # measured on lunarbase frames (compressed RGB)
MP4_BYTES_PER_PIXEL_FRAME = 0.08


def check_output(out: Path, option: str = "--out") -> None:
    """The folder of ``out`` exists (or can be made) and is writable; ``out`` is no folder."""
    out = Path(out)
    if out.is_dir():
        raise SceneError(f"{option}: {out} is a folder; give a file name")
    parent = out.parent if str(out.parent) else Path(".")
    probe = parent
    while not probe.exists():
        probe = probe.parent
    if not probe.is_dir() or not os.access(probe, os.W_OK):
        raise SceneError(f"{option}: cannot write to {parent} (no permission)")


def check_disk(folder: Path, frames: int, width: int, height: int, keep_frames: bool) -> int:
    """Raise if the disk under ``folder`` lacks room for the frames and the MP4; returns
    the estimate in bytes."""
    folder = Path(folder)
    probe = folder
    while not probe.exists():
        probe = probe.parent
    need = int(frames * width * height * (PNG_BYTES_PER_PIXEL + MP4_BYTES_PER_PIXEL_FRAME))
    free = shutil.disk_usage(probe).free
    if need > free:
        raise SceneError(
            f"--out: {frames} frames of {width}x{height} need about "
            f"{need / 1e9:.1f} GB on {probe}, only {free / 1e9:.1f} GB free"
        )
    return need
