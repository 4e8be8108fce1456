"""Terrain benchmark: generation time and peak RSS at 1025², 2049², 4097² (1 m/px, full
crater population down to D_min, ejecta, ageing, boulders, baked shadows), and TIN meshing
(triangles vs grid cells at 0.25 m and 1 m max error, and time).

Each case runs in its own subprocess so its peak RSS (ru_maxrss) is its own.

    python bench/bench_terrain.py [--sizes 1025 2049 4097] [--d-min 3] [--mesh-size 2049]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys

from rich.console import Console
from rich.table import Table

CFG = {
    "relief": {"amplitude_m": 40.0, "hurst": 0.8, "fine_amplitude_m": 0.1},
    "craters": {"a": 0.0794, "b": 2.0, "d_min_m": 3.0, "d_max_m": 400.0, "max_count": 2000000,
                "max_age_myr": 3800.0, "diffusivity_m2_per_myr": 0.0155},
    "hero": {"diameter_m": 300.0, "x_m": 0.0, "y_m": 0.0, "age_myr": 50.0},
    "albedo": {"regolith": 0.12, "fresh_ejecta": 0.22, "variation": 0.25},
    "boulders": {"enabled": True, "d_min_m": 1.5, "d_max_m": 12.0, "a": 0.0003, "b": 2.48,
                 "ejecta_multiplier": 5.0, "max_count": 200000},
    "far": {"enabled": False},
}

CHILD = r"""
import json, resource, sys, time
cfg = json.loads(sys.argv[1]); mode = sys.argv[2]
from lunarbase.terrain import generate_terrain, shading, terrain_mesh
t0 = time.perf_counter()
t = generate_terrain(cfg, 1)
t1 = time.perf_counter()
sh = shading.bake_shadows(t, 135.0, 4.0)
t2 = time.perf_counter()
out = {"n": t.size_px, "craters": len(t.craters), "boulders": len(t.boulders),
       "gen_s": t1 - t0, "shadow_s": t2 - t1}
if mode == "mesh":
    for err in (0.25, 1.0):
        a = time.perf_counter()
        v, f = terrain_mesh(t, max_error_m=err)
        out[f"mesh_{err}"] = {"tris": int(f.shape[0]), "s": time.perf_counter() - a}
out["rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps(out))
"""


def run(n: int, d_min: float, mode: str = "gen") -> dict:
    cfg = json.loads(json.dumps(CFG))
    cfg.update(size_m=float(n - 1), size_px=n)
    cfg["craters"]["d_min_m"] = d_min
    res = subprocess.run([sys.executable, "-c", CHILD, json.dumps(cfg), mode],
                         capture_output=True, text=True, check=True)
    return json.loads(res.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[1025, 2049, 4097])
    ap.add_argument("--d-min", type=float, default=3.0)
    ap.add_argument("--mesh-size", type=int, default=2049)
    args = ap.parse_args()
    con = Console()
    tab = Table(title=f"terrain generation, 1 m/px, D_min = {args.d_min:g} m "
                      "(+ boulders, + baked shadows at 4°)")
    for col in ("grid", "craters", "boulders", "generate s", "shadows s", "total s",
                "s per Mpx", "peak RSS MB"):
        tab.add_column(col, justify="right")
    for n in args.sizes:
        r = run(n, args.d_min)
        tot = r["gen_s"] + r["shadow_s"]
        tab.add_row(f"{n}²", str(r["craters"]), str(r["boulders"]), f"{r['gen_s']:.2f}",
                    f"{r['shadow_s']:.2f}", f"{tot:.2f}", f"{tot / (n * n / 1e6):.3f}",
                    f"{r['rss_mb']:.0f}")
    con.print(tab)
    r = run(args.mesh_size, args.d_min, "mesh")
    cells = (args.mesh_size - 1) ** 2
    mt = Table(title=f"TIN meshing (pydelatin, 256² tiles, stitched) of the {args.mesh_size}² "
                     "grid")
    for col in ("max error m", "triangles", "grid triangles", "reduction", "time s"):
        mt.add_column(col, justify="right")
    for err in (0.25, 1.0):
        m = r[f"mesh_{err}"]
        mt.add_row(f"{err:g}", str(m["tris"]), str(2 * cells), f"{2 * cells / m['tris']:.1f}×",
                   f"{m['s']:.2f}")
    con.print(mt)


if __name__ == "__main__":
    main()
