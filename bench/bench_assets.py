"""Build time and triangle count of every asset kind at every detail level.

    python bench/bench_assets.py [--runs N] [--only KIND ...]

Each (kind, level) is built N times with default parameters and seed 0; the table gives the
median build time (and the fastest), the triangle count, and the level-to-level ratios the
quality bar asks for (each lower level >= 4x fewer triangles).
"""

from __future__ import annotations

import argparse
import statistics
import time

from rich.console import Console
from rich.table import Table

from lunarbase.assets.meshes import registry


def measure(kind: str, detail: int, runs: int) -> tuple[float, float, int]:
    """(median ms, min ms, triangles) of ``registry.build(kind, detail=detail)``."""
    registry.build(kind, detail=detail)  # warm imports and caches
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        mesh = registry.build(kind, detail=detail)
        times.append((time.perf_counter() - t0) * 1000.0)
    return statistics.median(times), min(times), mesh.n_triangles


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=7, help="builds per kind and level (median)")
    ap.add_argument("--only", nargs="*", default=None, help="kinds to measure")
    args = ap.parse_args(argv)
    kinds = args.only or [
        k for k in registry.kinds() if not isinstance(registry.info(k), registry.UserMeshKind)
    ]
    table = Table(title=f"asset builds (median of {args.runs}, default params, seed 0)")
    table.add_column("kind")
    for d in (0, 1, 2):
        table.add_column(f"d{d} tris", justify="right")
        table.add_column(f"d{d} ms", justify="right")
    table.add_column("d1/d0", justify="right")
    table.add_column("d2/d1", justify="right")
    total = [0.0, 0.0, 0.0]
    for kind in kinds:
        row, tris = [kind], []
        for d in (0, 1, 2):
            med, _, n = measure(kind, d, args.runs)
            total[d] += med
            tris.append(n)
            row += [f"{n:,}", f"{med:.1f}"]
        row += [f"{tris[1] / tris[0]:.1f}", f"{tris[2] / tris[1]:.1f}"]
        table.add_row(*row)
    table.add_row(
        "[b]all kinds[/b]",
        "",
        f"{total[0]:.0f}",
        "",
        f"{total[1]:.0f}",
        "",
        f"{total[2]:.0f}",
        "",
        "",
    )
    Console(width=132).print(table)


if __name__ == "__main__":
    main()
