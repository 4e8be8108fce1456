"""Checks of a user mesh file made before any parser opens it.

A mesh file comes from a folder the scene file names, so it is untrusted: it may be empty,
garbage, a FIFO or a symlink to ``/dev/zero`` (either would hang a reader), a folder named
``hut.glb``, a binary STL whose header promises more triangles than the file holds, or a
glTF or OBJ whose external references (buffers, images, material libraries and their
texture maps) leave its folder. ``check_file`` refuses all of these from ``stat`` and the
file's header alone; ``check_geometry`` refuses what a parser returns that is unusable.
"""

from __future__ import annotations

import json
import os
import re
import stat
import struct
from pathlib import Path
from urllib.parse import unquote

import numpy as np

MAX_BYTES = 256 * 2**20  # largest mesh file (and referenced file) read
MAX_COORD_M = 1.0e5  # largest |coordinate| of a vertex, metres
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]+:")  # http:, file:, ... (not a drive letter)
_MTL_MAPS = ("map_", "bump", "disp", "decal", "norm", "refl")


class MeshFileError(ValueError):
    """Why a mesh file is refused: a phrase that follows "user mesh file PATH"."""


def shown_path(p) -> str:
    s = str(p)
    return s if s.isprintable() and len(s) <= 120 else repr(s)[:117] + "..."


def regular(p: Path, what: str = "") -> os.stat_result:
    """``stat`` of ``p`` (through symlinks): a non-empty regular file of at most MAX_BYTES.
    Never opens it, so a FIFO or a device cannot block."""
    pre = f"refers to {what}, which " if what else ""
    try:
        st = os.stat(p)
    except FileNotFoundError:
        raise MeshFileError(f"{pre}does not exist") from None
    except (OSError, ValueError) as exc:
        why = getattr(exc, "strerror", None) or exc
        raise MeshFileError(f"{pre}cannot be read: {why}") from None
    if stat.S_ISDIR(st.st_mode):
        raise MeshFileError(f"{pre}is a folder, not a mesh file")
    if not stat.S_ISREG(st.st_mode):
        raise MeshFileError(f"{pre}is not a regular file (a FIFO, device or socket)")
    if st.st_size == 0:
        raise MeshFileError(f"{pre}is empty")
    if st.st_size > MAX_BYTES:
        raise MeshFileError(f"{pre}is larger than {MAX_BYTES // 2**20} MB ({st.st_size} bytes)")
    return st


def check_file(path: Path) -> None:
    """Raise MeshFileError unless ``path`` is a regular, sized mesh file whose header agrees
    with its size and whose external references stay in its folder."""
    size = regular(path).st_size
    suffix = path.suffix.lower()
    if suffix == ".stl":
        _check_stl(path, size)
    elif suffix == ".glb":
        _check_gltf_refs(path, _glb_json(path, size))
    elif suffix == ".gltf":
        _check_gltf_refs(path, _json(path.read_bytes()))
    elif suffix == ".obj":
        _check_obj_refs(path)


def _check_stl(path: Path, size: int) -> None:
    with open(path, "rb") as fh:
        head = fh.read(84)
    if head.lstrip()[:5].lower() == b"solid" and b"\0" not in head:
        return  # ASCII STL: the parser reads it line by line
    if len(head) < 84:
        raise MeshFileError(f"is too short for a binary STL ({size} bytes, header needs 84)")
    (count,) = struct.unpack("<I", head[80:84])
    need = 84 + 50 * count
    if need != size:
        raise MeshFileError(
            f"has a binary STL header saying {count} triangles ({need} bytes), "
            f"but the file has {size} bytes"
        )


def _glb_json(path: Path, size: int):
    with open(path, "rb") as fh:
        head = fh.read(20)
        if len(head) < 20 or head[:4] != b"glTF":
            raise MeshFileError("is not a binary glTF (no glTF header)")
        version, length, chunk, kind = struct.unpack("<III4s", head[4:20])
        if version != 2:
            raise MeshFileError(f"is glTF version {version}; only version 2 is read")
        if length != size:
            raise MeshFileError(f"has a glTF header saying {length} bytes, but the file has {size}")
        if kind != b"JSON" or 20 + chunk > size:
            raise MeshFileError("has no valid JSON chunk after its glTF header")
        return _json(fh.read(chunk))


def _json(data: bytes):
    try:
        doc = json.loads(data)
    except (ValueError, RecursionError):
        raise MeshFileError("has malformed glTF JSON") from None
    if not isinstance(doc, dict):
        raise MeshFileError("has malformed glTF JSON (not an object)")
    return doc


def _check_gltf_refs(path: Path, doc: dict) -> None:
    for table in ("buffers", "images"):
        items = doc.get(table, [])
        if not isinstance(items, list) or not all(isinstance(b, dict) for b in items):
            raise MeshFileError(f"has a malformed glTF {table} list")
        for item in items:
            uri = item.get("uri")
            if uri is None or (isinstance(uri, str) and uri.startswith("data:")):
                continue  # in the GLB's binary chunk or embedded
            if not isinstance(uri, str):
                raise MeshFileError(f"has a malformed glTF {table} URI")
            _inside(path, unquote(uri), must_exist=True)


def _check_obj_refs(path: Path) -> None:
    for lib in _lines_with(path, (b"mtllib",)):
        mtl = _inside(path, lib, must_exist=False)
        if mtl is not None:
            for tex in _lines_with(mtl, tuple(m.encode() for m in _MTL_MAPS), last_word=True):
                _inside(path, tex, must_exist=False)


def _lines_with(path: Path, starts: tuple[bytes, ...], last_word: bool = False) -> list[str]:
    """The arguments of the lines of ``path`` that start with one of ``starts``."""
    out = []
    with open(path, "rb") as fh:
        for raw in fh:
            line = raw.strip()
            if line.startswith(starts):
                parts = line.split(None, 1)
                if len(parts) == 2 and (arg := parts[1].strip()):
                    arg = arg.split()[-1] if last_word else arg
                    out.append(arg.decode("utf-8", "replace"))
    return out


def _inside(path: Path, ref: str, must_exist: bool) -> Path | None:
    """The file ``ref`` (relative to ``path``'s folder) resolves to: refused if it leaves
    that folder or is no regular file; None if it is missing and need not exist."""
    folder = path.parent.resolve()
    if _SCHEME.match(ref) or not ref.isprintable():
        raise MeshFileError(f"refers to {shown_path(ref)}; only files in its folder may be")
    target = (folder / ref).resolve()
    if target != folder and folder not in target.parents:
        raise MeshFileError(
            f"refers to {shown_path(ref)}, outside its folder; only files in its folder may be"
        )
    if not must_exist and not target.exists():
        return None
    regular(target, shown_path(ref))
    return target


def check_geometry(pieces) -> None:
    """``pieces``: (material, vertices (N, 3), faces (M, 3)) as read; raise MeshFileError
    for face indices out of range, non-finite or huge coordinates."""
    for _, v, f in pieces:
        if len(f) and (f.min() < 0 or f.max() >= len(v)):
            raise MeshFileError("has face indices out of range")
        if not np.isfinite(v).all():
            raise MeshFileError("has non-finite vertex coordinates (NaN or inf)")
        if len(v) and np.abs(v).max() > MAX_COORD_M:
            raise MeshFileError(
                f"has vertex coordinates beyond {MAX_COORD_M:g} m "
                f"(largest {np.abs(v).max():.3g}); scale it to metres first"
            )
