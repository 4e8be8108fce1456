"""The ground detail tier's own cost: patch generation, and per frame with and without it.

    python bench/bench_detail.py [--frames N] [--step M] [--shot NAME] [--size WxH]

On the default scene, a camera moving ``step`` m per frame along the ``shot``'s view (a
flythrough's worth of frames) is rendered by one Renderer with the tier and one without;
process time per frame (all of this process's threads, llvmpipe's included) is reported
for both, with the tier's own cost per frame split out (its update: patch generation, atlas
composition and near rocks; "tier Δ s/frame" is the whole frame's difference, the shader's
and the rocks' raster cost included), plus its memory and rock triangles.

    python bench/bench_detail.py --size 1920x1080 --quality final   # the issue's floor
"""

from __future__ import annotations

import argparse
import statistics
import time

import numpy as np
from rich.console import Console
from rich.table import Table

from lunarbase.scene.anim.cameras import Pose
from lunarbase.scene.assemble.world import build_world
from lunarbase.scene.config.load import load_scene
from lunarbase.scene.render.renderer import Renderer
from lunarbase.scene.shading.baked import Baked
from lunarbase.terrain.detail import DetailLaw, detail_window, patch_window


def _poses(pose: Pose, frames: int, step: float) -> list[Pose]:
    """``frames`` poses moving ``step`` m per frame horizontally along ``pose``'s view."""
    p, t = np.asarray(pose.position, float), np.asarray(pose.target, float)
    d = t - p
    d[2] = 0.0
    d /= max(np.linalg.norm(d), 1e-9)
    return [
        Pose(tuple(p + k * step * d), tuple(t + k * step * d), pose.fov_deg) for k in range(frames)
    ]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--frames", type=int, default=12)
    ap.add_argument("--step", type=float, default=8.0, help="camera travel per frame, m")
    ap.add_argument("--shot", default="pads")
    ap.add_argument("--size", default="1280x720")
    ap.add_argument("--quality", default="preview")
    ap.add_argument("--radius", type=float, default=300.0, help="the tier's radius, m")
    ap.add_argument("--texel", type=float, default=0.25, help="detail texel, m")
    ap.add_argument("--prefetch", type=int, default=0, help="patches made ahead per frame")
    ap.add_argument("--no-rocks", action="store_true", help="no near rock meshes")
    args = ap.parse_args()
    w, h = (int(v) for v in args.size.split("x"))
    world = build_world(load_scene(None))
    Baked.of(world).compute()
    law = DetailLaw.of(world.terrain, texel_m=args.texel)
    gen = []
    for ix in range(3):
        t0 = time.process_time()
        detail_window(world.terrain, law, *patch_window(law, ix, 0), 330.0, 4.0)
        gen.append(time.process_time() - t0)
    poses = _poses(world.shots[args.shot], args.frames, args.step)
    tab = Table(
        title=f"detail tier, {args.shot} moving {args.step:g} m/frame, {w}x{h} {args.quality}; "
        f"one {law.patch_m:g} m patch at {law.texel_m:g} m: median {statistics.median(gen):.2f} "
        "s process time"
    )
    for col in (
        "tier",
        "first frame s",
        "median s/frame",
        "mean s/frame",
        "patches made",
        "generation s",
        "compose s (frames)",
        "rocks s/frame",
        "tier update s/frame",
        "tier Δ s/frame",
        "rock tris",
        "memory MB",
    ):
        tab.add_column(col, justify="right")
    base = None
    tier = {
        "detail_texel": args.texel,
        "detail_prefetch": args.prefetch,
        "detail_rocks": not args.no_rocks,
    }
    for radius in (0.0, args.radius):
        r = Renderer(w, h, args.quality)
        r.q = {**r.q, "detail": radius, **tier}
        times = []
        for pose in poses:
            t0 = time.process_time()
            r.render(world, pose)
            times.append(time.process_time() - t0)
        d = r.detail
        frames = len(poses)
        mean = statistics.fmean(times[1:])
        base = mean if base is None else base
        tab.add_row(
            f"{radius:g} m" if radius else "off",
            f"{times[0]:.2f}",
            f"{statistics.median(times[1:]):.2f}",
            f"{statistics.fmean(times[1:]):.2f}",
            str(d.generated),
            f"{d.gen_seconds:.1f}",
            f"{d.compose_seconds:.1f} ({d.composed})",
            f"{d.rock_seconds / frames:.3f}",
            f"{d.compose_seconds / frames:.3f}",
            f"{mean - base:+.2f}",
            str(d.n_triangles),
            f"{d.nbytes / 2**20:.0f}" if radius else "0",
        )
        r.close()
    Console().print(tab)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
