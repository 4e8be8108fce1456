"""The flythrough's frames folder (``--frames DIR``, or the hidden work folder beside the MP4).

lunarbase deletes only what it wrote itself. A frames folder it uses holds a manifest,
``.lunarbase-frames.json``: the job's fingerprint (what the frames are of), the frame files
the job writes and whether lunarbase made the folder. A folder that exists without a
manifest is someone else's and is refused unless it is empty (then it is adopted); the
working folder, ``/``, the home folder and any folder holding the output are refused
outright. Cleaning up deletes the files the manifest lists (and this job's temporary files),
then the manifest, then the folder only if it is empty and lunarbase made it.

``--resume`` reuses the frames only of the same job: the fingerprint (scene content, seed,
size, fps, seconds, path, quality, lunarbase version) must match, else the run is refused
with one line saying what differs.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
from pathlib import Path

from ..errors import SceneError
from ..exchange.files import write_bytes

MANIFEST = ".lunarbase-frames.json"
KIND = "lunarbase flythrough frames"
PATTERN = "frame_{:05d}.png"
# render keys the fingerprint holds as the values actually used, or that change no pixel
_NOT_PIXELS = ("width", "height", "fps", "quality", "crf", "out_dir")
# the fingerprint's fields in the order a difference is reported, and how each reads
_FIELDS = ("seed", "size", "fps", "seconds", "path", "quality", "version", "scene")


def scene_content_hash(cfg: dict) -> str:
    """sha256 (hex, 16 digits) of the validated scene config without its seed, where it
    was read from, and the render settings the fingerprint holds separately."""
    doc = cfg.to_dict() if hasattr(cfg, "to_dict") else dict(cfg)
    skip = ("seed", "source", "base_dir")  # held apart, or where the file was read from
    canon = {k: v for k, v in doc.items() if not str(k).startswith("_") and k not in skip}
    if isinstance(canon.get("render"), dict):
        canon["render"] = {k: v for k, v in canon["render"].items() if k not in _NOT_PIXELS}
    text = json.dumps(canon, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def job_fingerprint(
    cfg: dict,
    path_name: str,
    width: int,
    height: int,
    fps: int,
    seconds: float | None,
    quality: str,
    version: str | None = None,
) -> dict:
    """What a flythrough's frames are of. ``seconds`` None: the path's own length."""
    if version is None:
        from ... import __version__ as version
    return {
        "scene": scene_content_hash(cfg),
        "seed": cfg.get("seed"),
        "size": f"{width}x{height}",
        "fps": int(fps),
        "seconds": None if seconds is None else float(seconds),
        "path": path_name,
        "quality": quality,
        "version": version,
    }


def work_folder(out: Path) -> Path:
    """The hidden frames folder beside ``out`` used without ``--frames``."""
    out = Path(out)
    name = f".{out.stem}.frames"
    if len(os.fsencode(name)) > 255:  # a name near the limit: a digest of it instead
        name = f".{hashlib.sha1(os.fsencode(out.name)).hexdigest()[:16]}.frames"
    return out.with_name(name)


def _say(field: str, value) -> str:
    if field == "seconds" and value is None:
        return "the path's length"
    return str(value)


def differences(cached: dict, wanted: dict) -> str:
    """``seed 11, not 12; size 96x64, not 64x48`` — cached value first."""
    out = []
    for f in _FIELDS:
        a, b = cached.get(f), wanted.get(f)
        if a == b:
            continue
        if f == "scene":
            out.append("another scene file content")
        elif f == "version":
            out.append(f"lunarbase {a}, not {b}")
        else:
            out.append(f"{f} {_say(f, a)}, not {_say(f, b)}")
    return "; ".join(out) or "another job"


def read_manifest(folder: Path) -> dict | None:
    """The manifest of ``folder`` if it is a lunarbase frames folder, else None."""
    try:
        data = json.loads((Path(folder) / MANIFEST).read_text())
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("kind") != KIND:
        return None
    return data


def _within(a: Path, b: Path) -> bool:
    """``a`` is ``b`` or inside it."""
    return a == b or b in a.parents


def refuse_dangerous(folder: Path, out: Path, option: str = "--frames") -> None:
    """Refuse a frames folder that is ``/``, the working folder or the home folder (or
    holds one of them), or holds the output."""
    given = Path(folder)
    candidates = {Path(os.path.abspath(given)), given.resolve()}
    candidates |= {Path(os.path.abspath(given.expanduser())), given.expanduser().resolve()}
    cwd, home = Path.cwd().resolve(), Path.home().resolve()
    out_dir = Path(os.path.abspath(out)).parent
    for c in candidates:
        if c == c.parent:
            why = "the root folder"
        elif _within(cwd, c):
            why = "the working folder" if c == cwd else "a parent of the working folder"
        elif _within(home, c):
            why = "the home folder" if c == home else "a parent of the home folder"
        elif _within(out_dir, c) or _within(out_dir.resolve(), c):
            why = "a folder holding the output"
        else:
            continue
        raise SceneError(
            f"{option}: {given} is {why}; lunarbase would mix its frames with other files: "
            "give a folder of its own, e.g. frames/"
        )


def _foreign(folder: Path, option: str) -> SceneError:
    entries = sorted(p.name for p in folder.iterdir())
    return SceneError(
        f"{option}: {folder} is not a lunarbase frames folder (it holds {len(entries)} other "
        f"file{'s' if len(entries) != 1 else ''}, e.g. {entries[0]!r}); give a new or "
        "empty folder"
    )


def check_folder(
    folder: Path, out: Path, job: dict, resume: bool, option: str = "--frames"
) -> dict | None:
    """Refuse ``folder`` unless lunarbase may use it for the frames of ``job``; return its
    manifest (None: a new or empty folder). Writes nothing."""
    folder = Path(folder)
    if option == "--frames":
        refuse_dangerous(folder, out, option)
    if not folder.exists():
        return None
    if not folder.is_dir():
        raise SceneError(f"{option}: {folder} is a file; give a folder for the frames")
    manifest = read_manifest(folder)
    if manifest is None:
        if any(folder.iterdir()):
            raise _foreign(folder, option)
        return None
    if resume and manifest.get("job") != job:
        raise SceneError(
            f"--resume: the cached frames in {folder} are of another job "
            f"({differences(manifest.get('job') or {}, job)}); remove --resume or use "
            "another --frames folder"
        )
    return manifest


def _listed(manifest: dict) -> list[str]:
    files = manifest.get("files") or {}
    pattern, count = files.get("pattern"), files.get("count")
    if pattern != PATTERN or not isinstance(count, int):
        return []
    return [PATTERN.format(i) for i in range(count)]


class FramesFolder:
    """A frames folder checked and prepared for ``job``'s ``count`` frames."""

    def __init__(self, folder: Path, out: Path, job: dict, count: int, resume: bool, option: str):
        self.folder, self.job, self.count = Path(folder), job, count
        self.resume = resume
        self.old = check_folder(self.folder, out, job, resume, option)
        self.names = [self.folder / PATTERN.format(i) for i in range(count)]

    def open(self) -> list[Path]:
        """Make or adopt the folder, clear another run's frames (unless resuming the same
        job) and write the manifest before any frame; returns the frame paths."""
        created = not self.folder.exists()
        if created:
            self.folder.mkdir(parents=True)
        old = self.old
        if old is not None:
            created = bool(old.get("created_folder"))
            if not self.resume:
                self._delete(_listed(old))
        self.sweep_partials()
        manifest = {
            "kind": KIND,
            "format": 1,
            "job": self.job,
            "files": {"pattern": PATTERN, "count": self.count},
            "created_folder": created,
        }
        text = json.dumps(manifest, indent=2, sort_keys=True) + "\n"
        path = self.folder / MANIFEST
        with contextlib.suppress(OSError):
            if path.read_text() == text:
                return self.names  # the same job resumed: the manifest is unchanged
        write_bytes(path, text.encode())
        return self.names

    def _delete(self, names) -> None:
        for name in names:
            with contextlib.suppress(FileNotFoundError):
                (self.folder / name).unlink()

    def sweep_partials(self) -> None:
        """Delete temporary files of this folder's frames left by a killed worker."""
        partial = re.compile(r"^\.frame_\d{5,}\.partial-\d+\.png$")
        with contextlib.suppress(OSError):
            for entry in self.folder.iterdir():
                if partial.match(entry.name):
                    with contextlib.suppress(FileNotFoundError):
                        entry.unlink()

    def remove(self) -> None:
        """Delete the frames this job wrote and the manifest; then the folder if it is
        empty and lunarbase made it."""
        manifest = read_manifest(self.folder)
        if manifest is None:
            return
        self._delete(_listed(manifest))
        self.sweep_partials()
        self._delete([MANIFEST])
        if manifest.get("created_folder"):
            with contextlib.suppress(OSError):
                self.folder.rmdir()  # only if empty: a file someone put there stays
