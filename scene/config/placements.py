"""``[[base.place]]`` checks at load: a known kind, valid builder parameters, and for a user
mesh kind a file that is readable and sane (``assets/meshes/_userfile.py``), so a bad
placement fails before the terrain is generated, naming ``base.place[i]`` and the file."""

from __future__ import annotations

import warnings
from pathlib import Path

from ..errors import SceneError
from .text import cut, key_text, one_line, path_text, shown

MAX_PARAM_DEPTH = 2  # a builder parameter is a scalar or a polyline of [x, y] pairs


def check_placements(cfg: dict) -> None:
    """Each ``[[base.place]]`` names a known kind and valid builder parameters; user mesh
    files are read now. Warns about user mesh files that a built-in kind shadows."""
    from ...assets.meshes import registry

    folders = []
    if cfg["base"]["mesh_dir"]:
        d = (Path(cfg["_base_dir"]) / cfg["base"]["mesh_dir"]).resolve()
        registry.register_user_dir(d)
        folders.append(d)
    if cfg["base"]["place"]:
        folders.insert(0, registry._PKG_DIR)
    for folder in folders:
        for f in registry.shadowing_files(folder):
            warnings.warn(
                f"user mesh file {path_text(f)} is ignored: {f.stem!r} is a built-in kind; "
                "rename the file to place it",
                stacklevel=2,
            )
    if not cfg["base"]["place"]:
        return
    known = registry.kinds()
    for i, pl in enumerate(cfg["base"]["place"]):
        kind = pl["kind"]
        if kind not in known:
            names = cut(", ".join(known), 160)
            raise SceneError(f"base.place[{i}].kind: unknown kind {shown(kind)}; known: {names}")
        spec = registry.info(kind).PARAMS
        _screen_params(i, pl["params"], spec)
        try:
            registry.validate_params(kind, pl["params"])
        except (ValueError, TypeError, OverflowError, RecursionError) as exc:
            raise SceneError(one_line(f"base.place[{i}].params.{exc}")) from None
        try:
            registry.check_user_mesh(kind)
        except registry.UserMeshError as exc:
            raise SceneError(one_line(f"base.place[{i}].kind: {exc}")) from None


def _deeper_than(value, n: int) -> bool:
    """Whether ``value`` nests lists or tables more than ``n`` levels (never recurses
    more than ``n + 1`` levels, however deep ``value`` is)."""
    if not isinstance(value, list | tuple | dict):
        return False
    if n == 0:
        return True
    items = value.values() if isinstance(value, dict) else value
    return any(_deeper_than(v, n - 1) for v in items)


def _want(p) -> str:
    """What a builder ``Param`` accepts, as the registry's messages say it."""
    d = p.default
    if p.choices is not None:
        return f"one of {', '.join(p.choices)}"
    if isinstance(d, bool):
        return "true or false"
    if isinstance(d, int | float):
        what = "an integer" if isinstance(d, int) else "a number"
        return f"{what} in {p.lo:g}..{p.hi:g}" if p.lo is not None else what
    if isinstance(d, str):
        return "a string"
    return "a list of [x, y] pairs"


def _screen_params(i: int, params: dict, spec: dict) -> None:
    """Refuse what the builders' validator should never see: unknown (or unprintable)
    names, values nested deeper than a polyline, integers beyond float precision, long or
    unprintable strings."""
    for k, v in params.items():
        where = f"base.place[{i}].params.{key_text(k)}"
        if k not in spec:
            allowed = cut(", ".join(sorted(spec)), 160)
            raise SceneError(f"{where}: unknown parameter; allowed: {allowed}")
        if _deeper_than(v, MAX_PARAM_DEPTH) or not all(map(_sane_leaf, _leaves(v))):
            raise SceneError(f"{where}: must be {_want(spec[k])}, got {shown(v)}")


def _leaves(value):
    """The scalars in ``value`` (nested at most MAX_PARAM_DEPTH deep, checked before)."""
    if isinstance(value, dict):
        value = list(value.values())
    if isinstance(value, list | tuple):
        for v in value:
            yield from _leaves(v)
    else:
        yield value


def _sane_leaf(v) -> bool:
    """No integer beyond float precision (it overflows numpy), no long or unprintable text."""
    if isinstance(v, int) and not isinstance(v, bool):
        return abs(v) <= 2**53
    if isinstance(v, str):
        return len(v) <= 256 and v.isprintable()
    return True
