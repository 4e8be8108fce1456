"""A small declarative schema for the scene file, and its validator.

A schema is a ``Table`` of named ``Field``s (numbers, strings, choices, vectors), nested
``Table``s and ``TableList``s (TOML arrays of tables). ``validate`` walks a parsed TOML
document against it, fills defaults and raises ``SceneError`` naming the offending key path,
e.g. ``terrain.size_px: must be an integer in 65..16385, got -4``.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field

from ...values import as_float, fmt_range, in_range, is_integer
from ..errors import SceneError
from .text import key_text, shown


@dataclass(frozen=True)
class Field:
    """A leaf value.

    kind: "int", "float", "bool", "str", "choice", "vec2", "vec3" or "any_table".
    """

    kind: str
    default: object = None
    lo: float | None = None
    hi: float | None = None
    unit: str = ""
    doc: str = ""
    choices: tuple[str, ...] = ()
    required: bool = False
    pattern: str | None = None
    max_len: int = 1024  # strings: longest accepted (characters)
    feeds: str = ""  # "kind.param": the builder parameter this key sets (its range's source)


@dataclass(frozen=True)
class Table:
    fields: dict[str, Field | Table | TableList]
    doc: str = ""


@dataclass(frozen=True)
class TableList:
    item: Table
    doc: str = ""
    default: tuple = field(default_factory=tuple)
    max_items: int = 10000


def _fmt_range(f: Field) -> str:
    return fmt_range(f.lo, f.hi, integer=f.kind == "int")


def _in_range(f: Field, value) -> bool:
    return in_range(value, f.lo, f.hi)


def check_field(f: Field, value, path: str):
    """Validate one leaf value; returns it normalised (floats as float, vectors as tuples)."""
    kind = f.kind
    if kind == "int":
        if not (is_integer(value) and _in_range(f, value)):
            raise SceneError(f"{path}: must be an integer in {_fmt_range(f)}, got {shown(value)}")
        return int(value)
    if kind == "float":
        x = as_float(value) if _in_range(f, value) else None
        if x is None:
            raise SceneError(f"{path}: must be a number in {_fmt_range(f)}, got {shown(value)}")
        return x
    if kind == "bool":
        if not isinstance(value, bool):
            raise SceneError(f"{path}: must be true or false, got {shown(value)}")
        return value
    if kind == "str":
        return _check_str(f, value, path)
    if kind == "choice":
        if not isinstance(value, str) or value not in f.choices:
            raise SceneError(f"{path}: must be one of {', '.join(f.choices)}, got {shown(value)}")
        return value
    if kind in ("vec2", "vec3"):
        n = int(kind[-1])
        ok = isinstance(value, list) and len(value) == n and all(_in_range(f, v) for v in value)
        xs = [as_float(v) for v in value] if ok else []
        if not ok or any(x is None for x in xs):
            rng = f" with components in {_fmt_range(f)}" if f.lo is not None else ""
            raise SceneError(f"{path}: must be a list of {n} numbers{rng}, got {shown(value)}")
        return tuple(xs)
    if kind == "any_table":
        if not isinstance(value, dict):
            raise SceneError(f"{path}: must be a table, got {shown(value)}")
        return dict(value)
    raise AssertionError(kind)


def _check_str(f: Field, value, path: str) -> str:
    """A string of at most ``f.max_len`` characters without control characters (a NUL or a
    newline in a name or a folder is never meant), matching ``f.pattern`` if any."""
    if f.pattern:
        want = f"a string matching {f.pattern}"
        ok = isinstance(value, str) and re.fullmatch(f.pattern, value) is not None
    else:
        want = f"a string of at most {f.max_len} characters, no control characters"
        ok = isinstance(value, str) and len(value) <= f.max_len and value.isprintable()
    if not ok:
        raise SceneError(f"{path}: must be {want}, got {shown(value)}")
    return value


def defaults(spec: Table) -> dict:
    """The fully default-filled document for ``spec``."""
    return validate({}, spec, "")


def validate(data, spec: Table, path: str) -> dict:
    """Check ``data`` (a parsed TOML table) against ``spec``; return it with defaults filled."""
    if not isinstance(data, dict):
        raise SceneError(f"{path or 'scene'}: must be a table, got {shown(data)}")
    out = {}
    for key in data:
        if key not in spec.fields:
            raise SceneError(f"{_join(path, key_text(key))}: unknown key; {_allowed(spec, key)}")
    for key, sub in spec.fields.items():
        p = _join(path, key)
        if isinstance(sub, Table):
            out[key] = validate(data.get(key, {}), sub, p)
        elif isinstance(sub, TableList):
            items = data.get(key, list(sub.default))
            if not isinstance(items, list):
                raise SceneError(f"{p}: must be an array of tables ([[{p}]]), got {shown(items)}")
            if len(items) > sub.max_items:
                raise SceneError(f"{p}: at most {sub.max_items} entries, got {len(items)}")
            out[key] = [validate(item, sub.item, f"{p}[{i}]") for i, item in enumerate(items)]
        elif key in data:
            out[key] = check_field(sub, data[key], p)
        elif sub.required:
            raise SceneError(f"{p}: required key is missing")
        else:
            out[key] = sub.default
    return out


def _allowed(spec: Table, key) -> str:
    """``allowed: a, b, c`` (cut to fit one line), after a close match if there is one."""
    names = list(spec.fields)
    near = (
        difflib.get_close_matches(key, names, 1) if isinstance(key, str) and len(key) <= 64 else []
    )
    hint = f"did you mean {near[0]}? " if near else ""
    allowed = ", ".join(names)
    if len(allowed) > 150:
        allowed = allowed[: allowed.rindex(", ", 0, 150)] + ", ... (docs/scene-format.md)"
    return f"{hint}allowed: {allowed}"


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def walk_fields(spec: Table, path: str = ""):
    """Yield (key_path, Field | Table | TableList) for documentation, depth first."""
    for key, sub in spec.fields.items():
        p = _join(path, key)
        yield p, sub
        if isinstance(sub, Table):
            yield from walk_fields(sub, p)
        elif isinstance(sub, TableList):
            yield from walk_fields(sub.item, p + "[]")
