"""The terrain as files: 16-bit heightmap PNGs with JSON sidecars, crater catalogues (CSV)
and a report picture, written into a staged folder that appears whole or not at all."""

from __future__ import annotations

from pathlib import Path

from ...terrain import write_heightmap
from ...terrain.report import write_report
from .files import staged_dir


def write_terrain_folder(terrain, out: Path) -> list[Path]:
    """Write the heightmap(s), catalogue(s) and report of ``terrain`` into folder ``out``;
    returns the final paths."""
    out = Path(out)
    with staged_dir(out) as stage:  # every file appears at once, or none
        paths = write_heightmap(terrain, stage)
        paths["report"] = write_report(terrain, stage / "terrain_report.png")
    return [out / p.name for p in paths.values()]
