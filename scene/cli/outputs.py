"""The checks each verb makes on its outputs before any work (before the world is built):
paths writable and of the right kind and suffix, frames folders lunarbase may use, room on
each disk. Every failure is a one-line SceneError (exit status 2) and nothing is written."""

from __future__ import annotations

from pathlib import Path

from ..exchange import preflight as pre
from ..video.frames import PATTERN, check_folder, job_fingerprint, work_folder

REPORT_BYTES = 2_000_000  # the terrain report PNG: about 0.6 MB at the default dpi


def stills(out_dir: Path, names: list[str], size: tuple[int, int]) -> None:
    """``still``: the folder and one PNG per shot name."""
    pre.check_folder(out_dir, "--out", [f"{n}.png" for n in names])
    w, h = size
    pre.check_space(
        [(out_dir, pre.png_bytes(len(names), w, h), "--out", f"{len(names)} stills of {w}x{h}")]
    )


def terrain(cfg: dict, out_dir: Path) -> None:
    """``terrain``: the folder, its files and room for the 16-bit heightmaps."""
    from ...terrain.heightmap_io import (
        CSV_NAME,
        FAR_CSV_NAME,
        FAR_JSON_NAME,
        FAR_PNG_NAME,
        JSON_NAME,
        PNG_NAME,
    )

    t = cfg.terrain
    names = [PNG_NAME, JSON_NAME, CSV_NAME, "terrain_report.png"]
    need = 2 * t["size_px"] ** 2 + REPORT_BYTES
    far = t.get("far") or {}
    if far.get("enabled"):
        names += [FAR_PNG_NAME, FAR_JSON_NAME, FAR_CSV_NAME]
        need += 2 * far["size_px"] ** 2
    pre.check_folder(out_dir, "--out", names)
    pre.check_space([(out_dir, need, "--out", "the heightmaps")])


def flythrough(
    cfg: dict,
    name: str,
    out: Path,
    frames: Path | None,
    size: tuple[int, int],
    fps: int,
    seconds: float | None,
    quality: str,
    resume: bool,
) -> None:
    """``flythrough``: the MP4, the frames folder (``--frames`` or the hidden one beside the
    MP4: lunarbase's own, new or empty, and for ``--resume`` of the same job), and room
    for both, each on its disk. Without ``seconds`` and for a path the layout generates,
    the room is checked after the world is built (:func:`flythrough_space`)."""
    pre.check_output(out, "--out", ".mp4")
    job = job_fingerprint(cfg, name, *size, fps, seconds, quality)
    if frames is not None:
        pre.check_folder(frames, "--frames", [PATTERN.format(0)])
        check_folder(frames, out, job, resume, "--frames")
    else:
        check_folder(work_folder(out), out, job, resume, "--out")
    if seconds is None:
        keys = next((p["keys"] for p in cfg.paths if p["name"] == name), None)
        if not keys:
            return
        seconds = keys[-1]["t"] - keys[0]["t"]
    flythrough_space(out, frames, max(2, int(round(fps * seconds))), size, resume)


def flythrough_space(
    out: Path, frames: Path | None, n: int, size: tuple[int, int], resume: bool
) -> None:
    """Room for ``n`` frames (those not cached yet, with ``resume``) and the MP4."""
    folder = Path(frames) if frames is not None else work_folder(out)
    todo = n
    if resume:
        todo -= sum(1 for i in range(n) if (folder / PATTERN.format(i)).exists())
    w, h = size
    option = "--frames" if frames is not None else "--out"
    pre.check_space(
        [
            (folder, pre.png_bytes(todo, w, h), option, f"{todo} frames of {w}x{h}"),
            (out.parent, pre.mp4_bytes(n, w, h), "--out", "the MP4"),
        ]
    )


def demo(out_dir: Path, stills: tuple[int, int], video: tuple[int, int], frames: int) -> None:
    """``demo``: the folder, two stills and the MP4 (with its frames)."""
    names = ["hero.png", "engine_closeup.png", "flythrough.mp4"]
    pre.check_folder(out_dir, "--out", names)
    need = pre.png_bytes(2, *stills) + pre.png_bytes(frames, *video)
    need += pre.mp4_bytes(frames, *video)
    pre.check_space([(out_dir, need, "--out", "the demo's stills and video")])
