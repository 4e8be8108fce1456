"""The validated scene as typed, immutable objects.

Frozen dataclasses are generated from the schema (``spec.SCENE``), so the schema stays the
one source of every key, type, range and default: ``scene.render.width`` is an ``int``,
``scene.shots`` a tuple of frozen shot objects, ``scene.base.place[0].params`` a read-only
mapping. Each object also reads as a read-only mapping (``scene["render"]["width"]``,
``dict(scene.lighting)``) for the lower libraries (``terrain/``) that take plain mappings.
Changing a value means making a new object: ``dataclasses.replace(scene, seed=7)``.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator, Mapping
from types import MappingProxyType
from typing import Any

from .schema import Field, Table, TableList
from .spec import SCENE

_KIND_TYPES = {
    "int": int,
    "float": float,
    "bool": bool,
    "str": str,
    "choice": str,
    "vec2": tuple,
    "vec3": tuple,
    "any_table": Mapping,
}


class Section(Mapping):
    """Base of every generated config class: a frozen dataclass that reads as a mapping."""

    __slots__ = ()

    def __getitem__(self, key: str) -> Any:
        if key not in self.__dataclass_fields__:
            raise KeyError(key)
        return getattr(self, key)

    def __iter__(self) -> Iterator[str]:
        return iter(self.__dataclass_fields__)

    def __len__(self) -> int:
        return len(self.__dataclass_fields__)

    def to_dict(self) -> dict:
        """A plain, mutable deep copy (dicts and lists), as the TOML document would hold."""
        return {k: _plain(getattr(self, k)) for k in self.__dataclass_fields__}


def _plain(value):
    if isinstance(value, Section):
        return value.to_dict()
    if isinstance(value, Mapping):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, tuple):
        return [_plain(v) for v in value]
    return value


def _class_name(path: str) -> str:
    parts = [p for p in path.replace("[]", "").split(".") if p]
    return "".join(p.title().replace("_", "") for p in parts) + "Config" if parts else "Scene"


def _make(table: Table, path: str, extra: tuple = ()) -> type:
    fields = []
    for key, sub in table.fields.items():
        p = f"{path}.{key}" if path else key
        if isinstance(sub, Table):
            fields.append((key, _make(sub, p)))
        elif isinstance(sub, TableList):
            fields.append((key, tuple))
        else:
            fields.append((key, _KIND_TYPES[sub.kind]))
    fields.extend(extra)
    name = _class_name(path)
    cls = dataclasses.make_dataclass(
        name, fields, bases=(Section,), frozen=True, eq=True, slots=True
    )
    cls.__doc__ = table.doc or f"The ``[{path}]`` table of a scene file."
    cls.__module__ = __name__  # importable by name: scenes pickle to render processes
    globals()[name] = cls
    return cls


def _item_classes(table: Table, path: str, out: dict) -> None:
    for key, sub in table.fields.items():
        p = f"{path}.{key}" if path else key
        if isinstance(sub, Table):
            _item_classes(sub, p, out)
        elif isinstance(sub, TableList):
            out[p] = _make(sub.item, p + "[]")
            _item_classes(sub.item, p + "[]", out)


def build_types(spec: Table) -> tuple[type, dict[str, type]]:
    """The Scene class for ``spec`` and the item classes of its arrays of tables (by path)."""
    scene = _make(spec, "", extra=(("source", str), ("base_dir", str)))
    items: dict[str, type] = {}
    _item_classes(spec, "", items)
    return scene, items


def freeze(data: dict, spec: Table, cls: type, items: dict[str, type], path: str = ""):
    """A validated, default-filled document (nested dicts/lists) → an instance of ``cls``."""
    kw = {}
    for key, sub in spec.fields.items():
        p = f"{path}.{key}" if path else key
        value = data[key]
        if isinstance(sub, Table):
            kw[key] = freeze(value, sub, cls.__dataclass_fields__[key].type, items, p)
        elif isinstance(sub, TableList):
            item_cls = items[p.replace("[]", "") if "[]" not in path else p]
            kw[key] = tuple(freeze(v, sub.item, item_cls, items, p + "[]") for v in value)
        elif isinstance(sub, Field) and sub.kind == "any_table":
            kw[key] = MappingProxyType(dict(value))
        elif isinstance(value, list):
            kw[key] = tuple(value)
        else:
            kw[key] = value
    for name in ("source", "base_dir"):
        if name in cls.__dataclass_fields__:
            kw[name] = data.get(name, "")
    return cls(**kw)


# Made at import, so that a pickled scene loads in any process that imports this module
# (render workers unpickle the World without loading a scene file).
Scene, SCENE_ITEMS = build_types(SCENE)
