"""Heightmap files: 16-bit PNG + JSON sidecar + crater CSV, and reading the PNG back.

``heightmap.png`` is a 16-bit greyscale PNG (Pillow mode ``I;16``) with north up: PNG row
``r`` holds ``heights[n - 1 - r]``, PNG column ``c`` holds ``heights[:, c]`` (x east). Pixel
value ``v`` means ``height = height_offset_m + v * height_scale_m``; the range maps
[min, max] height onto [0, 65535], so quantisation error is at most half a step.

Every file is written to a temporary name in the output folder and then ``os.replace``d into
place, so readers never see a half-written file. Bytes are deterministic for a given terrain.
"""

from __future__ import annotations

import io
import json
import os
from pathlib import Path

import numpy as np
from PIL import Image

from .heightfield import Terrain

__all__ = ["write_heightmap", "read_heightmap", "heightmap_meta"]

PNG_NAME = "heightmap.png"
JSON_NAME = "heightmap.json"
CSV_NAME = "craters.csv"
FAR_PNG_NAME = "heightmap_far.png"
FAR_JSON_NAME = "heightmap_far.json"
FAR_CSV_NAME = "craters_far.csv"
_LEVELS = 65535


def _atomic_write(path: Path, data: bytes) -> Path:
    """Write ``data`` to ``path`` via a temporary name; an OSError names ``path`` (a
    failed ``write`` alone would name no file)."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with open(tmp, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except OSError as exc:
        raise OSError(exc.errno, exc.strerror or str(exc), str(path)) from exc
    finally:
        if tmp.exists():
            tmp.unlink()
    return path


def _quantise(heights: np.ndarray) -> tuple[np.ndarray, float, float]:
    lo = float(heights.min())
    hi = float(heights.max())
    scale = (hi - lo) / _LEVELS if hi > lo else 1.0e-6
    v = np.rint((heights - lo) / scale)
    return np.clip(v, 0, _LEVELS).astype(np.uint16), lo, scale


def heightmap_meta(terrain: Terrain, offset: float, scale: float) -> dict:
    """The JSON sidecar contents for ``terrain`` quantised with ``offset``/``scale``."""
    return {
        "size_px": terrain.size_px,
        "size_m": terrain.size_m,
        "metres_per_pixel": terrain.cell_m,
        "height_offset_m": offset,
        "height_scale_m": scale,
        "origin_m": [terrain.origin[0], terrain.origin[1]],
        "extent_m": [float(v) for v in terrain.extent],
        "min_height_m": float(terrain.heights.min()),
        "max_height_m": float(terrain.heights.max()),
        "seed": int(terrain.seed),
        "crater_count": len(terrain.craters),
        "hero": {k: float(v) for k, v in terrain.hero.items()},
        "png_row_order": "north_up (png row 0 = max y)",
        "boulder_count": 0 if terrain.boulders is None else len(terrain.boulders),
        "far": None
        if terrain.far is None
        else {
            "files": [FAR_PNG_NAME, FAR_JSON_NAME, FAR_CSV_NAME],
            "extent_m": [float(v) for v in terrain.far.extent],
            "metres_per_pixel": terrain.far.cell_m,
        },
    }


def write_heightmap(terrain: Terrain, out_dir: str | os.PathLike) -> dict[str, Path]:
    """Write ``heightmap.png``, ``heightmap.json`` and ``craters.csv`` into ``out_dir``
    (created if needed); with a far grid also ``heightmap_far.png``, ``heightmap_far.json``
    and ``craters_far.csv`` (the same formats for the far grid).

    Returns:
        {"png": path, "json": path, "csv": path} (+ "far_png", "far_json", "far_csv").
    """
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    paths = _write_one(terrain, out, PNG_NAME, JSON_NAME, CSV_NAME)
    if terrain.far is not None:
        fp = _write_one(terrain.far, out, FAR_PNG_NAME, FAR_JSON_NAME, FAR_CSV_NAME)
        paths.update({f"far_{k}": v for k, v in fp.items()})
    return paths


def _write_one(terrain: Terrain, out: Path, png: str, js: str, csv: str) -> dict[str, Path]:
    q, offset, scale = _quantise(terrain.heights)
    img = Image.fromarray(np.ascontiguousarray(q[::-1]))  # uint16 -> mode "I;16"
    if img.mode != "I;16":  # pragma: no cover - older Pillow
        img = img.convert("I;16")
    buf = io.BytesIO()
    img.save(buf, format="PNG", optimize=False)
    meta = heightmap_meta(terrain, offset, scale)
    return {
        "png": _atomic_write(out / png, buf.getvalue()),
        "json": _atomic_write(out / js, (json.dumps(meta, indent=2) + "\n").encode()),
        "csv": _atomic_write(out / csv, terrain.craters.to_csv_text().encode()),
    }


def read_heightmap(png_path: str | os.PathLike) -> tuple[np.ndarray, dict]:
    """Read a heightmap written by :func:`write_heightmap`.

    Looks for ``heightmap.json`` beside the PNG for offset/scale (without it, raw values are
    returned as heights with offset 0 and scale 1).

    Returns:
        (heights (n, n) float64 in terrain row order (row 0 = south), meta dict).
    """
    png_path = Path(png_path)
    with Image.open(png_path) as img:
        v = np.array(img, dtype=np.float64)
    meta_path = png_path.with_suffix(".json")
    meta = json.loads(meta_path.read_text()) if meta_path.exists() else {}
    offset = float(meta.get("height_offset_m", 0.0))
    scale = float(meta.get("height_scale_m", 1.0))
    return offset + v[::-1] * scale, meta
