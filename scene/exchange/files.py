"""Writing outputs safely: to a temporary name in the target folder, renamed when complete."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path

import imageio.v3 as iio
import numpy as np


@contextlib.contextmanager
def atomic_path(final: str | Path) -> Iterator[Path]:
    """Yield a temporary path beside ``final``; rename onto ``final`` if the block succeeds,
    delete it otherwise."""
    final = Path(final)
    final.parent.mkdir(parents=True, exist_ok=True)
    tmp = final.with_name(f".{final.stem}.partial-{os.getpid()}{final.suffix}")
    try:
        yield tmp
        os.replace(tmp, final)
    finally:
        if tmp.exists():
            tmp.unlink()


def write_png(path: str | Path, img: np.ndarray, compress_level: int = 6) -> Path:
    """Write an (H, W, 3|4) uint8 image as PNG atomically. ``compress_level`` 0..9 (zlib):
    1 writes a 720p frame about 2.5x faster than 6 for files about 10 % larger."""
    with atomic_path(path) as tmp:
        iio.imwrite(tmp, img, extension=".png", compress_level=compress_level)
    return Path(path)


def write_bytes(path: str | Path, data: bytes) -> Path:
    with atomic_path(path) as tmp:
        tmp.write_bytes(data)
    return Path(path)
