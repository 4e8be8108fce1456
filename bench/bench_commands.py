"""Wall time and peak memory of the main verbs on the default scene.

    python bench/bench_commands.py [--runs N] [--only LABEL ...]

Each command runs as its own process (as a user runs it) N times; the table gives the median
and range of wall time and the median peak resident memory of the largest process
(ru_maxrss from wait4; the flythrough workers of `demo` are separate processes).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time

from rich.console import Console
from rich.table import Table

COMMANDS = {
    "info": ["info"],
    "export": ["export", "--out", "{out}/bench.glb"],
    "still (hero, 1280x720 preview)": ["still", "--shot", "hero", "--out", "{out}"],
    "still (hero, 1280x720 final)": [
        "still",
        "--shot",
        "hero",
        "--quality",
        "final",
        "--out",
        "{out}",
    ],
    "demo": ["demo", "--out", "{out}"],
}


def run_once(args: list[str]) -> tuple[float, float]:
    """(wall seconds, peak RSS MiB) of ``python -m lunarbase ARGS`` in a fresh process."""
    t0 = time.perf_counter()
    pid = os.fork()
    if pid == 0:
        with open(os.devnull, "wb") as null:
            os.dup2(null.fileno(), 1)
            os.dup2(null.fileno(), 2)
        os.execv(sys.executable, [sys.executable, "-m", "lunarbase", *args])
    _, status, usage = os.wait4(pid, 0)
    wall = time.perf_counter() - t0
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"failed: lunarbase {' '.join(args)}")
    return wall, usage.ru_maxrss / 1024.0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--only", nargs="*", help="subset of command labels (substring match)")
    args = ap.parse_args()
    console = Console()
    table = Table(
        title=f"lunarbase on the default scene ({args.runs} runs each, {os.cpu_count()} cores)"
    )
    for col in ("command", "median s", "min s", "max s", "peak RSS MiB"):
        table.add_column(col, justify="right" if col != "command" else "left")
    with tempfile.TemporaryDirectory() as tmp:
        for label, argv in COMMANDS.items():
            if args.only and not any(o in label for o in args.only):
                continue
            walls, mems = [], []
            for i in range(args.runs):
                w, m = run_once([a.format(out=tmp) for a in argv])
                walls.append(w)
                mems.append(m)
                console.print(f"  {label} run {i + 1}: {w:.1f} s, {m:.0f} MiB")
            table.add_row(
                label,
                f"{statistics.median(walls):.1f}",
                f"{min(walls):.1f}",
                f"{max(walls):.1f}",
                f"{statistics.median(mems):.0f}",
            )
    console.print(table)
    return 0


if __name__ == "__main__":
    sys.exit(main())
