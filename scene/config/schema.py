"""A small declarative schema for the scene file, and its validator.

A schema is a ``Table`` of named ``Field``s (numbers, strings, choices, vectors), nested
``Table``s and ``TableList``s (TOML arrays of tables). ``validate`` walks a parsed TOML
document against it, fills defaults and raises ``SceneError`` naming the offending key path,
e.g. ``terrain.size_px: must be an integer in 65..16385, got -4``.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

from ..errors import SceneError


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


@dataclass(frozen=True)
class Table:
    fields: dict[str, Field | Table | TableList]
    doc: str = ""


@dataclass(frozen=True)
class TableList:
    item: Table
    doc: str = ""
    default: tuple = field(default_factory=tuple)


def _fmt_range(f: Field) -> str:
    def num(v):
        if v is None:
            return ""
        if f.kind == "int" or float(v).is_integer():
            return str(int(v))
        return repr(float(v))

    return f"{num(f.lo)}..{num(f.hi)}"


def _shown(value) -> str:
    return (
        repr(value)
        if isinstance(value, str)
        else str(value).lower()
        if isinstance(value, bool)
        else str(value)
    )


def _is_number(value) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def check_field(f: Field, value, path: str):
    """Validate one leaf value; returns it normalised (floats as float, vectors as tuples)."""
    kind = f.kind
    if kind == "int":
        ok = isinstance(value, int) and not isinstance(value, bool)
        if not ok or (f.lo is not None and value < f.lo) or (f.hi is not None and value > f.hi):
            raise SceneError(f"{path}: must be an integer in {_fmt_range(f)}, got {_shown(value)}")
        return int(value)
    if kind == "float":
        ok = _is_number(value) and math.isfinite(value)
        if not ok or (f.lo is not None and value < f.lo) or (f.hi is not None and value > f.hi):
            raise SceneError(f"{path}: must be a number in {_fmt_range(f)}, got {_shown(value)}")
        return float(value)
    if kind == "bool":
        if not isinstance(value, bool):
            raise SceneError(f"{path}: must be true or false, got {_shown(value)}")
        return value
    if kind == "str":
        if not isinstance(value, str) or (f.pattern and not re.fullmatch(f.pattern, value)):
            want = f"a string matching {f.pattern}" if f.pattern else "a string"
            raise SceneError(f"{path}: must be {want}, got {_shown(value)}")
        return value
    if kind == "choice":
        if value not in f.choices:
            raise SceneError(f"{path}: must be one of {', '.join(f.choices)}, got {_shown(value)}")
        return value
    if kind in ("vec2", "vec3"):
        n = int(kind[-1])
        ok = (
            isinstance(value, list)
            and len(value) == n
            and all(_is_number(v) and math.isfinite(v) for v in value)
        )
        if ok and f.lo is not None:
            ok = all(f.lo <= v <= f.hi for v in value)
        if not ok:
            rng = f" with components in {_fmt_range(f)}" if f.lo is not None else ""
            raise SceneError(f"{path}: must be a list of {n} numbers{rng}, got {_shown(value)}")
        return tuple(float(v) for v in value)
    if kind == "any_table":
        if not isinstance(value, dict):
            raise SceneError(f"{path}: must be a table, got {_shown(value)}")
        return dict(value)
    raise AssertionError(kind)


def defaults(spec: Table) -> dict:
    """The fully default-filled document for ``spec``."""
    return validate({}, spec, "")


def validate(data, spec: Table, path: str) -> dict:
    """Check ``data`` (a parsed TOML table) against ``spec``; return it with defaults filled."""
    if not isinstance(data, dict):
        raise SceneError(f"{path or 'scene'}: must be a table, got {_shown(data)}")
    out = {}
    for key in data:
        if key not in spec.fields:
            allowed = ", ".join(spec.fields)
            raise SceneError(f"{_join(path, key)}: unknown key; allowed: {allowed}")
    for key, sub in spec.fields.items():
        p = _join(path, key)
        if isinstance(sub, Table):
            out[key] = validate(data.get(key, {}), sub, p)
        elif isinstance(sub, TableList):
            items = data.get(key, list(sub.default))
            if not isinstance(items, list):
                raise SceneError(f"{p}: must be an array of tables ([[{p}]]), got {_shown(items)}")
            out[key] = [validate(item, sub.item, f"{p}[{i}]") for i, item in enumerate(items)]
        elif key in data:
            out[key] = check_field(sub, data[key], p)
        elif sub.required:
            raise SceneError(f"{p}: required key is missing")
        else:
            out[key] = sub.default
    return out


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
