"""The ``lunarbase`` command line.

Bad input (scene file, options) → one line on stderr naming the key, exit status 2, nothing
written. Any other failure → exit status 1 (``LUNARBASE_DEBUG=1`` shows the traceback).
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import traceback
from pathlib import Path

from ..config.schema import _fmt_range, check_field
from ..config.text import one_line, shown
from ..errors import SceneError, WorkerDied

VERBS = ("demo", "still", "flythrough", "export", "terrain", "assets", "view", "info", "init")


class Parser(argparse.ArgumentParser):
    """argparse, but every usage error is one line naming the option, then exit 2."""

    def error(self, message: str):
        verb = self.prog.removeprefix("lunarbase").strip()
        hint = f"see lunarbase {verb} --help" if verb else "see lunarbase --help"
        print(f"lunarbase: error: {one_line(message, 240)} ({hint})", file=sys.stderr)
        raise SystemExit(2)


_INT = re.compile(r"[+-]?[0-9]{1,30}")  # ASCII only: int() also takes e.g. Arabic-Indic digits
_FLOAT = re.compile(r"[+-]?([0-9]{1,30}(\.[0-9]{0,30})?|\.[0-9]{1,30})([eE][+-]?[0-9]{1,3})?")


def schema_field(key: str):
    """The schema's Field for ``key``: "render.fps", "seed", or "options.workers" for an
    option no scene key sets. Imported on first use (the schema pulls in builder modules)."""
    from ..config import spec

    *table, name = key.split(".")
    if not table:
        return spec.SCENE.fields[name]
    return (spec.OPTIONS if table == ["options"] else spec.SCENE.fields[table[0]]).fields[name]


def number(key: str, option: str):
    """An argparse ``type`` for a numeric option whose kind and range are the schema Field
    ``key``'s, so the option and the scene key cannot disagree."""

    def parse(text: str):
        field = schema_field(key)
        pattern = _INT if field.kind == "int" else _FLOAT
        if pattern.fullmatch(text) is None:
            what = "an integer" if field.kind == "int" else "a number"
            ascii_only = any(c.isdigit() and not c.isascii() for c in text)
            hint = " (ASCII digits only)" if ascii_only else ""
            raise argparse.ArgumentTypeError(
                f"must be {what} in {_fmt_range(field)}{hint}, got {shown(text)}"
            )
        value = int(text) if field.kind == "int" else float(text)
        try:
            return check_field(field, value, option)
        except SceneError as exc:
            raise argparse.ArgumentTypeError(str(exc).removeprefix(f"{option}: ")) from None

    return parse


def size_text(text: str) -> str:
    """``--size WxH``: validated here (ranges from render.width/height), kept as text."""
    from ..config.load import parse_size

    try:
        parse_size(text)
    except SceneError as exc:
        raise argparse.ArgumentTypeError(str(exc).removeprefix("--size: ")) from None
    return text


SEED = number("seed", "--seed")


def lamps_text(text: str) -> int | str:
    """``export --lamps N|all``: how many floodlights the GLB writes as lights."""
    if text == "all":
        return text
    if not text.isdigit() or int(text) > 100000:
        raise argparse.ArgumentTypeError(f"must be a whole number 0..100000 or 'all', got {text!r}")
    return int(text)


def _scene_arg(p: argparse.ArgumentParser) -> None:
    p.add_argument("scene", nargs="?", help="scene file (TOML); default: the embedded scene")
    p.add_argument("--seed", type=SEED, help="override the scene's seed")


def build_parser() -> argparse.ArgumentParser:
    ap = Parser(
        prog="lunarbase",
        description="Build a lunar engine base on procedural crater-rim terrain; render stills "
        "and flythroughs, view it, export glTF.",
    )
    from ... import __version__

    ap.add_argument("--version", action="version", version=f"lunarbase {__version__}")
    sub = ap.add_subparsers(dest="verb", metavar="VERB", required=True)

    p = sub.add_parser("demo", help="hero stills and a short flythrough of the default scene")
    p.add_argument("--out", type=Path, help="output folder (default: renders/)")
    p.add_argument("--seed", type=SEED, help="override the scene's seed")

    p = sub.add_parser("still", help="render named shots to PNG")
    _scene_arg(p)
    p.add_argument("--shot", default="hero", help="shot name, or 'all' (default: hero)")
    p.add_argument("--size", type=size_text, help="WxH (default: the scene's render size)")
    p.add_argument("--quality", choices=("preview", "final"))
    p.add_argument("--out", type=Path, help="output folder (default: render.out_dir)")
    p.add_argument(
        "--ids",
        action="store_true",
        help="also write SHOT_ids.png (each element kind in a flat colour, for compositing) "
        "and SHOT_ids.json (its colour legend and the largest instance of each element)",
    )

    p = sub.add_parser("flythrough", help="render a camera path to MP4 (H.264)")
    _scene_arg(p)
    p.add_argument("--path", help="path name (default: the scene's first path)")
    p.add_argument(
        "--size", type=size_text, help="WxH, even numbers (default: the scene's render size)"
    )
    p.add_argument(
        "--fps", type=number("render.fps", "--fps"), help="frames/s (default: render.fps)"
    )
    p.add_argument(
        "--seconds",
        type=number("options.seconds", "--seconds"),
        help="video length (default: the path's length)",
    )
    p.add_argument("--quality", choices=("preview", "final"))
    p.add_argument(
        "--workers",
        type=number("options.workers", "--workers"),
        default=None,
        help="render processes (default: number of cores)",
    )
    p.add_argument(
        "--resume", action="store_true", help="reuse frames finished by an interrupted run"
    )
    p.add_argument(
        "--frames",
        "--frames-dir",
        dest="frames",
        type=Path,
        help="also keep the PNG frames in this folder",
    )
    p.add_argument("--out", type=Path, help="output MP4 (default: renders/<path>.mp4)")
    p.add_argument(
        "--scheduler",
        metavar="local|tcp://HOST:PORT",
        help="render the frames on Dask: 'local' starts a LocalCluster of --workers "
        "processes, tcp://HOST:PORT uses a running scheduler (docs/render-farm.md)",
    )

    p = sub.add_parser("export", help="export the scene as glTF 2.0 binary (GLB)")
    _scene_arg(p)
    p.add_argument("--out", type=Path, help="output .glb (default: renders/lunarbase.glb)")
    p.add_argument(
        "--lamps",
        type=lamps_text,
        metavar="N|all",
        help="floodlights written as glTF lights: N representatives (default 15: 16 lights "
        "with the sun; the other pools are baked into the terrain) or all (every lamp, "
        "nothing baked)",
    )
    p.add_argument(
        "--blender-addon",
        type=Path,
        metavar="PATH.py",
        help="write the Blender add-on that applies the GLB's frame rate, frame range, "
        "camera and view on import (docs/gltf.md) to PATH.py, and exit (no GLB)",
    )

    p = sub.add_parser("terrain", help="heightmap (16-bit PNG + JSON) and crater catalogue")
    _scene_arg(p)
    p.add_argument("--out", type=Path, help="output folder (default: renders/terrain)")

    p = sub.add_parser("assets", help="contact sheet of every asset kind")
    p.add_argument("--out", type=Path, help="output PNG (default: renders/assets.png)")
    p.add_argument("--seed", type=SEED, default=1, help="builder seed")

    p = sub.add_parser("view", help="open the scene in a desktop window")
    _scene_arg(p)
    p.add_argument("--shot", default=None, help="start at this shot (default: the first)")
    p.add_argument("--size", type=size_text, default="1280x720", help="window size WxH")
    p.add_argument(
        "--snapshot", type=Path, help="open, render, save the window's image to this PNG and close"
    )
    p.add_argument(
        "--path", default=None, help="the camera path space plays (default: the first; n cycles)"
    )
    p.add_argument(
        "--full-detail",
        action="store_true",
        help="keep full detail while moving (no coarse stand-ins)",
    )

    p = sub.add_parser("info", help="counts: terrain, craters, nodes per kind, triangles")
    _scene_arg(p)
    p.add_argument("--json", action="store_true", help="print JSON")

    p = sub.add_parser("init", help="write the default scene, commented, for editing")
    p.add_argument("file", type=Path, help="scene file to write")
    p.add_argument("--force", action="store_true", help="overwrite an existing file")
    return ap


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """Parse the command line; an unknown option is reported with its verb's --help."""
    ap = build_parser()
    args, extra = ap.parse_known_args(argv)
    if extra:
        sub = next(a for a in ap._actions if isinstance(a, argparse._SubParsersAction))
        sub.choices[args.verb].error(f"unrecognized arguments: {' '.join(extra)}")
    if getattr(args, "workers", 0) is None:  # default: the cores, within options.workers
        args.workers = min(os.cpu_count() or 1, int(schema_field("options.workers").hi))
    return args


def main(argv: list[str] | None = None) -> int:
    if hasattr(sys.stderr, "reconfigure"):  # a message never fails on a narrow terminal
        sys.stderr.reconfigure(errors="backslashreplace")
    args = parse_args(argv)
    import warnings

    warnings.formatwarning = lambda msg, *_a, **_k: f"lunarbase: warning: {one_line(str(msg))}\n"
    try:
        from . import commands

        return getattr(commands, f"cmd_{args.verb}")(args) or 0
    except SceneError as exc:
        print(f"lunarbase: error: {one_line(str(exc))}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("lunarbase: interrupted", file=sys.stderr)
        return 130
    except WorkerDied as exc:
        print(f"lunarbase: error: {one_line(str(exc))}", file=sys.stderr)
        return 1
    except Exception as exc:  # noqa: BLE001 - the documented exit 1
        if os.environ.get("LUNARBASE_DEBUG"):
            traceback.print_exc()
        print(
            f"lunarbase: internal error: {type(exc).__name__}: {one_line(str(exc), 200)} "
            "(set LUNARBASE_DEBUG=1 for a traceback)",
            file=sys.stderr,
        )
        return 1
