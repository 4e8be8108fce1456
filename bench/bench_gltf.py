"""The default scene's GLB: size (and without instancing), export time, lights, validator
issues, and three.js's draw calls when GLTFLoader loads it in headless Chromium (issue 18
floors: export at most 10 s, at least 3x smaller than without instancing, at most 16
lights, at most 1,500 draw calls).

    python bench/bench_gltf.py [--runs N] [--scene FILE] [--no-three]

Export times are medians of N in-process runs on one built world, as CPU time of this
process (``time.process_time``: the figure that does not depend on what else the machine
runs) and wall time; three.js renders the ``shot_hero`` and ``shot_overview`` cameras once
each (``tests/scene/exchange/threejs.py``; needs Debian's chromium and the npm package
three, as .ci/run installs them).
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from rich.console import Console
from rich.progress import Progress
from rich.table import Table

from lunarbase.scene.assemble.world import build_world
from lunarbase.scene.config.load import load_scene
from lunarbase.scene.exchange.gltf import export_glb

TESTS = Path(__file__).resolve().parents[1] / "tests/scene/exchange"
sys.path.insert(0, str(TESTS))

import threejs  # noqa: E402  (the tests' harness)
from test_gltf import VALIDATE_JS, parse_glb, validator_dir  # noqa: E402


def validate(glb: Path) -> tuple[int, int] | None:
    """(errors, warnings) of the Khronos validator, or None where it is not installed."""
    vdir = validator_dir()
    if vdir is None or shutil.which("node") is None:
        return None
    js = glb.with_suffix(".js")
    js.write_text(VALIDATE_JS)
    r = subprocess.run(
        ["node", str(js), str(vdir), str(glb)], capture_output=True, text=True, timeout=600
    )
    issues = json.loads(r.stdout)
    return issues["numErrors"], issues["numWarnings"]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--scene", default=None, help="scene file (default: the embedded scene)")
    ap.add_argument("--no-three", action="store_true", help="skip the three.js render")
    args = ap.parse_args()
    console = Console()
    cfg = load_scene(args.scene)
    with Progress(console=console, transient=True) as prog:
        task = prog.add_task("building the world", total=None)
        t0 = time.perf_counter()
        world = build_world(cfg)
        build_s = time.perf_counter() - t0
        prog.update(task, description="exporting", total=args.runs, completed=0)
        times, cpu = [], []
        for _ in range(args.runs):
            t0, c0 = time.perf_counter(), time.process_time()
            glb = export_glb(world, aspect=cfg.render.width / cfg.render.height)
            times.append(time.perf_counter() - t0)
            cpu.append(time.process_time() - c0)
            prog.advance(task)
        prog.update(task, description="exporting without instancing", total=None)
        flat_size = len(
            export_glb(world, aspect=cfg.render.width / cfg.render.height, instancing=False)
        )
        with tempfile.TemporaryDirectory() as tmp:
            f = Path(tmp) / "scene.glb"
            f.write_bytes(glb)
            prog.update(task, description="validating", total=None)
            issues = validate(f)
            three = {}
            if not args.no_three and threejs.missing() is None:
                for cam in ("shot_hero", "shot_overview"):
                    prog.update(task, description=f"three.js: {cam}")
                    three[cam] = threejs.render(f, camera=cam, size=(640, 360), timeout=900)
    doc, _ = parse_glb(glb)
    lights = doc.get("extensions", {}).get("KHR_lights_punctual", {}).get("lights", [])
    batched = [
        n
        for n in doc["nodes"]
        if "EXT_mesh_gpu_instancing" in n.get("extensions", {}) and "extras" in n
    ]  # (a batch's beacons are a child batch of the same instances: not counted again)
    scale = {
        s["interpolation"]
        for a in doc.get("animations", [])[:1]
        for c, s in ((c, a["samplers"][c["sampler"]]) for c in a["channels"])
        if c["target"]["path"] == "scale"
    }
    blink = [n for n in doc["nodes"] if n["name"].endswith("/beacons")]
    flicker = [n for n in doc["nodes"] if n["name"].endswith("/plume")]
    tab = Table(title=f"default scene GLB, export median of {args.runs} runs")
    tab.add_column("figure")
    tab.add_column("value", justify="right")
    tab.add_row("build_world", f"{build_s:.1f} s")
    tab.add_row(
        "export GLB (CPU / wall)",
        f"{statistics.median(cpu):.2f} / {statistics.median(times):.2f} s",
    )
    tab.add_row("GLB size", f"{len(glb) / 1e6:.1f} MB")
    tab.add_row(
        "without instancing", f"{flat_size / 1e6:.1f} MB ({flat_size / len(glb):.1f}x larger)"
    )
    tab.add_row("nodes / meshes", f"{len(doc['nodes'])} / {len(doc['meshes'])}")
    tab.add_row(
        "GPU-instanced nodes",
        f"{len(batched)} ({sum(len(n['extras']['instances']) for n in batched)} copies)",
    )
    spots = sum(1 for li in lights if li["type"] == "spot")
    tab.add_row("lights (spot + sun)", f"{len(lights)} ({spots} of {len(world.lamps)} lamps)")
    tab.add_row("animations", ", ".join(a["name"] for a in doc.get("animations", [])))
    tab.add_row(
        "blinking beacon / flickering jet nodes",
        f"{len(blink)} / {len(flicker)} (scale: {', '.join(sorted(scale)) or '-'})",
    )
    tab.add_row(
        "validator errors / warnings", "n/a" if issues is None else f"{issues[0]} / {issues[1]}"
    )
    for cam, r in three.items():
        tab.add_row(f"three.js draw calls ({cam})", f"{r['calls']:,}")
        tab.add_row(f"three.js triangles ({cam})", f"{r['triangles']:,}")
        tab.add_row(
            f"three.js load / render ({cam})",
            f"{r['loadMs'] / 1e3:.1f} / {r['renderMs'] / 1e3:.1f} s",
        )
        tab.add_row(
            f"three.js console errors / warnings ({cam})",
            f"{len(r['errors'])} / {len(r['warnings'])}",
        )
    if not three:
        tab.add_row("three.js", "skipped" if args.no_three else str(threejs.missing()))
    console.print(tab)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
