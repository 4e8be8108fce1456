"""Asset kind discovery, parameter validation and building.

A kind is either a module in this package (any non-underscore module defining ``KIND`` and
``build``) or a user mesh file (``.glb/.gltf/.obj/.stl``) in this directory or in a directory
passed to ``register_user_dir``; a user file's kind is its file stem.
"""

from __future__ import annotations

import importlib
import pkgutil
from dataclasses import dataclass, field
from fnmatch import fnmatchcase
from pathlib import Path
from types import ModuleType

import numpy as np

from ... import values
from ._base import AssetMesh, Param, Part

USER_SUFFIXES = (".glb", ".gltf", ".obj", ".stl")
_PKG_DIR = Path(__file__).resolve().parent
_user_dirs: list[Path] = []
_cache: dict[str, object] | None = None


class UnknownKindError(KeyError):
    """A kind name that is neither a builder module nor a user mesh file."""

    def __str__(self) -> str:  # KeyError would quote the whole message
        return str(self.args[0]) if self.args else ""


class AssetParamError(ValueError):
    """A bad asset parameter; the message is one line starting with the parameter key."""


class UserMeshError(AssetParamError):
    """A user mesh file that cannot be read or holds no usable triangles; the message is one
    line naming the kind and the file path."""


@dataclass
class UserMeshKind:
    """Descriptor for a kind backed by a mesh file; quacks like a builder module."""

    KIND: str
    path: Path
    SUMMARY: str = ""
    PARAMS: dict[str, Param] = field(
        default_factory=lambda: {"scale": Param(1.0, 0.001, 1000.0, "", "uniform scale")}
    )

    def build(self, params, rng, detail: int = 1) -> AssetMesh:  # noqa: ARG002 - the builder signature
        return _build_user(self, float(params["scale"]))


def register_user_dir(path) -> None:
    """Add a directory whose mesh files become kinds (by file stem)."""
    p = Path(path).resolve()
    if p not in _user_dirs:
        _user_dirs.append(p)
    global _cache
    _cache = None


def unregister_user_dir(path) -> None:
    """Forget a directory added with ``register_user_dir`` (no error if absent)."""
    p = Path(path).resolve()
    if p in _user_dirs:
        _user_dirs.remove(p)
    global _cache
    _cache = None


def _discover() -> dict[str, object]:
    global _cache
    if _cache is not None:
        return _cache
    found: dict[str, object] = {}
    for mi in pkgutil.iter_modules([str(_PKG_DIR)]):
        if mi.name.startswith("_") or mi.name == "registry":
            continue
        mod = importlib.import_module(f"{__package__}.{mi.name}")
        if hasattr(mod, "KIND") and hasattr(mod, "build"):
            found[mod.KIND] = mod
    for d in [_PKG_DIR, *_user_dirs]:
        if not d.is_dir():
            continue
        for f in sorted(d.iterdir()):
            if f.suffix.lower() in USER_SUFFIXES and f.stem not in found:
                found[f.stem] = UserMeshKind(f.stem, f, f"user mesh {f.name}")
    _cache = found
    return found


def kinds() -> list[str]:
    """Sorted names of every known kind."""
    return sorted(_discover())


def info(kind: str) -> ModuleType | UserMeshKind:
    """The builder module (or user-mesh descriptor) of ``kind``: KIND, SUMMARY, PARAMS, build."""
    table = _discover()
    if kind not in table:
        raise UnknownKindError(f"unknown asset kind {kind!r}; known kinds: {', '.join(kinds())}")
    return table[kind]


def _check(key: str, spec: Param, value):
    """One parameter value checked against its Param; returns it normalised."""
    d = spec.default
    if spec.choices is not None:
        if not isinstance(value, str) or value not in spec.choices:
            raise AssetParamError(f"{key}: must be one of {', '.join(spec.choices)}, got {value!r}")
        return value
    if isinstance(d, bool):
        if not isinstance(value, bool):
            raise AssetParamError(f"{key}: must be true or false, got {value!r}")
        return value
    if isinstance(d, int | float):
        return _check_number(key, spec, value, integer=isinstance(d, int))
    if isinstance(d, str):
        if not isinstance(value, str):
            raise AssetParamError(f"{key}: must be a string, got {value!r}")
        return value
    if isinstance(d, tuple | list) and d and all(isinstance(q, tuple | list) for q in d):
        return _check_points(key, value)
    return value


def _check_number(key: str, spec: Param, value, integer: bool) -> int | float:
    """The scene file's number rules (``lunarbase.values``): integers are ints."""
    ok = (values.is_integer(value) if integer else values.is_number(value)) and values.in_range(
        value, spec.lo, spec.hi
    )
    x = values.as_float(value) if ok else None
    if x is None:
        what = "an integer" if integer else "a number"
        rng = f" in {values.fmt_range(spec.lo, spec.hi, integer)}" if spec.lo is not None else ""
        raise AssetParamError(f"{key}: must be {what}{rng}, got {value!r}")
    return int(value) if integer else x


MAX_POINTS, MAX_COORD_M = 512, 20000.0


def _check_points(key: str, value) -> tuple[tuple[float, float], ...]:
    """A polyline: 2..512 finite (x, y) pairs, |coord| <= 20000 m, no repeated neighbour;
    returns it as a tuple of float pairs."""
    shown = " ".join(repr(value).split())  # one line, even for numpy arrays
    shown = shown if len(shown) <= 80 else shown[:77] + "..."
    err = AssetParamError(
        f"{key}: must be a list of 2..{MAX_POINTS} [x, y] pairs of finite numbers within "
        f"+-{MAX_COORD_M:g} m, consecutive points distinct, got {shown}"
    )
    if isinstance(value, np.ndarray) and value.ndim != 2:
        raise err
    if not isinstance(value, tuple | list | np.ndarray) or not 2 <= len(value) <= MAX_POINTS:
        raise err
    pts = []
    for q in value:
        if not isinstance(q, tuple | list | np.ndarray) or len(q) != 2:
            raise err
        if not all(values.in_range(c, -MAX_COORD_M, MAX_COORD_M) for c in q):
            raise err
        pts.append((float(q[0]), float(q[1])))
    steps = np.hypot(*np.diff(np.array(pts), axis=0).T)
    if (steps < 1e-3).any():
        raise err
    return tuple(pts)


def validate_params(kind: str, params: dict | None) -> dict:
    """Check ``params`` against the kind's PARAMS and fill defaults.

    Raises AssetParamError ("<key>: must be a number in LO..HI, got X" or
    "<key>: unknown parameter; allowed: a, b, c") or UnknownKindError.
    """
    spec = info(kind).PARAMS
    params = dict(params or {})
    for k in params:
        if k not in spec:
            raise AssetParamError(f"{k}: unknown parameter; allowed: {', '.join(sorted(spec))}")
    return {k: (_check(k, p, params[k]) if k in params else p.default) for k, p in spec.items()}


def build(kind: str, params: dict | None = None, rng=None, detail: int = 1) -> AssetMesh:
    """Validate ``params`` and build one asset. rng: Generator, int seed or None (seed 0)."""
    mod = info(kind)
    full = validate_params(kind, params)
    if detail not in (0, 1, 2):
        raise AssetParamError(f"detail: must be an integer in 0..2, got {detail!r}")
    if not isinstance(rng, np.random.Generator):
        rng = np.random.default_rng(0 if rng is None else rng)
    mesh = mod.build(full, rng, int(detail))
    mesh.kind = kind
    mesh.params = full
    closed = tuple(getattr(mod, "CLOSED_PARTS", ()))
    for p in mesh.parts:
        p.closed = any(fnmatchcase(p.name, pat) for pat in closed)
    return mesh


def check_user_mesh(kind: str) -> None:
    """Load a user-mesh kind's file now (cached) so a bad file fails early.

    Raises UserMeshError naming the kind and file; no-op for builder kinds."""
    desc = info(kind)
    if isinstance(desc, UserMeshKind):
        _load_parts(desc.path, desc.KIND)


# ---------------------------------------------------------------- user mesh files

_loaded: dict[tuple[str, float], list[Part]] = {}


def shadowing_files(folder) -> list[Path]:
    """Mesh files in ``folder`` ignored because their stem is a built-in kind's name."""
    builtin = {k for k, v in _discover().items() if not isinstance(v, UserMeshKind)}
    try:
        entries = sorted(Path(folder).iterdir())
    except OSError:
        return []
    return [f for f in entries if f.suffix.lower() in USER_SUFFIXES and f.stem in builtin]


def _material_for(name: str) -> str:
    from ..materials import PALETTE

    low = (name or "").lower()
    for m in sorted(PALETTE, key=len, reverse=True):
        if m in low:
            return m
    return "painted_grey"


def _load_parts(path: Path, kind: str = "") -> list[Part]:
    """Load a mesh file into Parts grouped by mapped material, Z-up, base at 0, centred.

    Any failure (missing, unreadable, corrupt, empty, non-finite) raises UserMeshError."""
    from ._userfile import MeshFileError, check_file, shown_path

    name = kind or path.stem
    where = f"{name}: user mesh file {shown_path(path)}"
    try:
        key = (str(path), path.stat().st_mtime)
        check_file(path)  # stat and header only: never blocks on a FIFO or a device
    except MeshFileError as exc:
        raise UserMeshError(f"{where} {exc}") from None
    except OSError as exc:
        raise UserMeshError(f"{where} cannot be read: {exc.strerror or exc}") from None
    if key in _loaded:
        return _loaded[key]
    try:
        parts = _read_parts(path)
    except MeshFileError as exc:
        raise UserMeshError(f"{where} {exc}") from None
    except UserMeshError:
        raise
    except Exception as exc:  # noqa: BLE001 - trimesh raises many types on bad files
        msg = repr(" ".join(str(exc).split())[:120])[1:-1] or type(exc).__name__
        raise UserMeshError(f"{where} cannot be read: {msg}") from None
    bad = [p for p in parts if not np.isfinite(p.vertices).all()]
    if bad or not parts or not sum(len(p.faces) for p in parts):
        raise UserMeshError(f"{where} holds no usable triangles")
    _loaded[key] = parts
    return parts


def _read_parts(path: Path) -> list[Part]:
    import trimesh

    obj = trimesh.load(str(path))
    pieces: list[tuple[str, np.ndarray, np.ndarray]] = []
    if isinstance(obj, trimesh.Scene):
        for node in obj.graph.nodes_geometry:
            tf, gname = obj.graph[node]
            geom = obj.geometry[gname]
            if not hasattr(geom, "faces") or len(geom.faces) == 0:
                continue
            mat = getattr(getattr(geom.visual, "material", None), "name", "") or ""
            v = trimesh.transform_points(np.asarray(geom.vertices, float), tf)
            pieces.append((_material_for(f"{node} {gname} {mat}"), v, np.asarray(geom.faces)))
    else:
        mat = getattr(getattr(obj.visual, "material", None), "name", "") or ""
        pieces.append((_material_for(mat), np.asarray(obj.vertices, float), np.asarray(obj.faces)))
    if not pieces:
        raise UserMeshError(f"{path.stem}: user mesh file {path} holds no triangle geometry")
    from ._userfile import check_geometry

    check_geometry(pieces)  # face indices, NaN, coordinates beyond 1e5 m
    if path.suffix.lower() in (".glb", ".gltf"):  # glTF is Y-up: rotate +90 deg about x
        pieces = [(m, np.c_[v[:, 0], -v[:, 2], v[:, 1]], f) for m, v, f in pieces]
    allv = np.vstack([v for _, v, _ in pieces])
    lo, hi = allv.min(0), allv.max(0)
    shift = np.array([-(lo[0] + hi[0]) / 2, -(lo[1] + hi[1]) / 2, -lo[2]])
    by_mat: dict[str, list] = {}
    for m, v, f in pieces:
        by_mat.setdefault(m, []).append((v + shift, f))
    from ._geometry import merge

    parts = []
    for m, lst in by_mat.items():
        v, f = merge(lst)
        parts.append(Part(m if len(by_mat) > 1 else "body", m, v, f.astype(np.int64)))
    return parts


def _build_user(desc: UserMeshKind, scale: float) -> AssetMesh:
    parts = [
        Part(p.name, p.material, p.vertices * scale, p.faces.copy())
        for p in _load_parts(desc.path, desc.KIND)
    ]
    v = np.vstack([p.vertices for p in parts])
    fp = (float(np.abs(v[:, 0]).max()), float(np.abs(v[:, 1]).max()))
    return AssetMesh(desc.KIND, parts, fp)
