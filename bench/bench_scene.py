"""Layout and glTF export of the default scene: times, GLB sizes, node and triangle counts.

    python bench/bench_scene.py [--runs N]

Times are medians of N in-process runs (terrain generated once per run, then timed stages).
"""

from __future__ import annotations

import argparse
import statistics
import time

from rich.console import Console
from rich.table import Table

from lunarbase.scene.assemble.world import build_world
from lunarbase.scene.config.load import load_scene
from lunarbase.scene.exchange.gltf import export_glb
from lunarbase.scene.layout.plan import plan_layout
from lunarbase.scene.model.assetcache import AssetCache
from lunarbase.terrain import generate_terrain


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()
    cfg = load_scene(None)
    layout_s, world_s, export_s, flat_s = [], [], [], []
    for _ in range(args.runs):
        t = generate_terrain(cfg["terrain"], cfg["seed"])
        t0 = time.perf_counter()
        plan_layout(cfg, t, AssetCache(cfg["seed"], cfg["base"]["detail"]))
        layout_s.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        world = build_world(cfg)
        world_s.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        glb = export_glb(world.graph)
        export_s.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        flat = export_glb(world.graph, instancing=False)
        flat_s.append(time.perf_counter() - t0)
    g = world.graph
    nodes = sum(1 for _ in g.walk())
    tab = Table(title=f"default scene, median of {args.runs} runs")
    tab.add_column("figure")
    tab.add_column("value", justify="right")
    tab.add_row("layout (plan + terrain edits)", f"{statistics.median(layout_s):.2f} s")
    tab.add_row("build_world (terrain + layout + graph)", f"{statistics.median(world_s):.2f} s")
    tab.add_row("export GLB (instanced)", f"{statistics.median(export_s):.2f} s")
    tab.add_row("export GLB (no instancing)", f"{statistics.median(flat_s):.2f} s")
    tab.add_row("GLB size instanced", f"{len(glb) / 1e6:.1f} MB")
    tab.add_row("GLB size without instancing", f"{len(flat) / 1e6:.1f} MB")
    tab.add_row("size ratio", f"{len(flat) / len(glb):.1f}x")
    tab.add_row("nodes / structures", f"{nodes} / {sum(g.kind_counts().values())}")
    tab.add_row("distinct meshes", str(len(g.meshes())))
    tab.add_row(
        "triangles drawn / stored",
        f"{g.triangle_count():,} / {sum(m.n_triangles for m in g.meshes()):,}",
    )
    Console().print(tab)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
