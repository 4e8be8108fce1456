"""Generate docs/scene-format.md from the schema: ``python -m lunarbase.scene.config.docgen``."""

from __future__ import annotations

import sys
from pathlib import Path

from .schema import Field, Table, TableList, _fmt_range, walk_fields
from .spec import BIG, SCENE

INTRO = """# Scene file format

A lunarbase scene is a [TOML](https://toml.io) file. Every key is optional: a missing key takes
its default, so an empty file is the default scene's settings without its shots and paths.
`lunarbase init my_base.toml` writes the default scene, commented, to start from.

Units are metres (m), degrees (deg) and seconds (s). The world frame is x east, y north, z up;
azimuths are compass bearings, clockwise from north.

On load, unknown keys, wrong types and out-of-range values are rejected with one line that
names the key path, e.g. `terrain.size_px: must be an integer in 65..16385, got -4`, and the
command exits with status 2 before writing anything. `--seed N` on the command line overrides
`seed`.

This page is generated from the validator's schema (`python -m lunarbase.scene.config.docgen`).

| key | type | range / choices | unit | default | meaning |
|---|---|---|---|---|---|
"""


def _type(f: Field) -> str:
    return {
        "vec2": "[x, y]",
        "vec3": "[x, y, z]",
        "any_table": "table",
        "float": "number",
        "int": "integer",
        "choice": "string",
    }.get(f.kind, f.kind)


def _range(f: Field) -> str:
    if f.kind == "choice":
        return " / ".join(f"`{c}`" for c in f.choices)
    if f.lo is not None and f.kind in ("int", "float", "vec2", "vec3"):
        return "any" if f.hi == BIG else _fmt_range(f)
    if f.pattern:
        return f"`{f.pattern}`"
    return ""


def _default(f: Field) -> str:
    if f.required:
        return "required"
    if isinstance(f.default, bool):
        return f"`{str(f.default).lower()}`"
    if isinstance(f.default, str):
        return f'`"{f.default}"`'
    if f.default == {}:
        return "`{}`"
    return f"`{f.default}`"


def render() -> str:
    rows = [INTRO]
    for path, sub in walk_fields(SCENE):
        if isinstance(sub, Table):
            rows.append(f"| **[{path}]** | table | | | | {sub.doc} |\n")
        elif isinstance(sub, TableList):
            rows.append(f"| **[[{path}]]** | array of tables | | | | {sub.doc} |\n")
        else:
            doc = sub.doc
            if sub.feeds:
                kind, param = sub.feeds.split(".")
                doc += f" Range: the `{kind}` builder's `{param}`."
            rows.append(
                f"| `{path}` | {_type(sub)} | {_range(sub)} | {sub.unit} | "
                f"{_default(sub)} | {doc} |\n"
            )
    rows.append(EXTRA)
    return "".join(rows)


EXTRA = """
## Placements and builder parameters

`[[base.place]]` adds a structure: `kind` is any asset kind listed by `lunarbase assets` (or
the file stem of a `.glb`, `.obj` or `.stl` mesh in `assets/meshes/` or in `base.mesh_dir`),
`at` its position, `params` the builder's parameters (metres). Unknown or out-of-range
parameters are rejected naming `base.place[i].params.<key>`.

## Folders a scene file names

A scene file is treated as untrusted input: `render.out_dir` (relative to the working folder)
and `base.mesh_dir` (relative to the scene file) must lie, after resolving `..` and symlinks,
inside the scene file's folder or the working folder; anything else is refused naming the
key. An explicit `--out` on the command line may go anywhere. User mesh files must be regular
files of at most 256 MB whose external references (glTF buffers and images, OBJ material
libraries and their texture maps) stay in their folder.

## Shots and paths

`[[shots]]` are named still cameras: `lunarbase still --shot NAME` (or `--shot all`).
`[[paths]]` are named camera paths made of `[[paths.keys]]` keyframes with increasing `t`;
`lunarbase flythrough --path NAME` renders one, stretched to `--seconds` if given (scene time
stretches with it: a shorter video is a time-lapse of the same motion). A shot or key whose
target is its position, or lies straight above or below it, and a path whose keys never move
or turn are refused.
"""


def main() -> int:
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("docs/scene-format.md")
    out.write_text(render(), "utf-8")
    print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
