"""What each CLI verb does. Every verb validates all its input before writing anything."""

from __future__ import annotations

import json
import time
from pathlib import Path

from ..anim.cameras import Pose
from ..config.load import Scene, default_scene_text, load_scene, parse_size
from ..errors import SceneError, unknown_name
from ..exchange.files import staged_dir, write_bytes, write_png
from ..exchange.preflight import check_output
from ..progress import bar, console, stage_reporter
from . import outputs
from .guard import guarded
from .stills import render_stills, write_id_passes

DEMO_STILL = (1280, 720)
DEMO_VIDEO = (640, 360)
DEMO_SECONDS = 14.0  # the base_run path at its own pace
DEMO_FPS = 24


def _load(args, layout: bool = True) -> Scene:
    """The scene of ``args``, checked in full before any work: with ``layout``, also what
    the layout can tell from the file alone (engine spacing, overlapping placements)."""
    cfg = load_scene(getattr(args, "scene", None), getattr(args, "seed", None))
    if layout:
        from ..layout.city.preflight import check_city
        from ..layout.preflight import check_layout
        from ..model.assetcache import AssetCache

        check = check_city if cfg.base.get("layout", "city") == "city" else check_layout
        check(cfg, AssetCache(cfg.seed, cfg.base.detail))
    return cfg


def _world(cfg: dict, terrain_only: bool = False, framed: bool = False):
    """Build the world of ``cfg``; with ``framed``, also choose its generated hero shot by
    the object-ID pass (``render.framing``) for the verbs that show or export shots."""
    from ..assemble.world import build_world

    with bar("building", 100) as advance:
        world = build_world(cfg, stage_reporter(advance), terrain_only=terrain_only)
    if framed and not terrain_only and "hero" in world.shots:
        from ..render.framing import frame_hero

        with bar("framing the hero", 1.0) as advance:
            done = [0.0]

            def step(f: float) -> None:
                advance(f - done[0])
                done[0] = f

            frame_hero(world, step)
    return world


def _out_dir(args, cfg) -> Path:
    return Path(args.out) if args.out else Path(cfg.render.out_dir)


def _size(args, cfg) -> tuple[int, int]:
    """The frame size (--size or render.width/height), refused if its renderers would not
    fit in memory (scene/config/budget.py)."""
    from ..config.budget import check_frame_memory

    given = getattr(args, "size", None)
    w, h = parse_size(given) if given else (cfg.render.width, cfg.render.height)
    quality = getattr(args, "quality", None) or cfg.render.quality
    local = getattr(args, "scheduler", None) in (None, "local")  # else remote renderers
    workers = getattr(args, "workers", 1) if local else 1
    check_frame_memory(cfg, w, h, quality, "--size" if given else "render.width", workers)
    return w, h


def _shot_names(world, shot: str) -> list[str]:
    if shot == "all":
        return list(world.shots)
    if shot not in world.shots:
        raise unknown_name("--shot", "shot", shot, world.shots, ("all",))
    return [shot]


def _check_shot_arg(cfg, shot):
    from ..anim.shots import GENERATED

    names = [s["name"] for s in cfg.shots]
    names += [n for n in GENERATED if n not in names]
    if shot != "all" and shot not in names:
        raise unknown_name("--shot", "shot", shot, names, ("all",))
    return names if shot == "all" else [shot]


@guarded
def cmd_still(args):
    cfg = _load(args)
    size = _size(args, cfg)
    quality = args.quality or cfg.render.quality
    out = _out_dir(args, cfg)
    wanted = _check_shot_arg(cfg, args.shot)
    outputs.stills(out, wanted, size)
    world = _world(cfg, framed="hero" in wanted)
    names = _shot_names(world, args.shot)
    with staged_dir(out) as stage:  # every still appears at once, or none
        done = render_stills(world, names, size, quality, stage)
        ids = write_id_passes(world, names, size, stage) if args.ids else []
    for path, secs in done:
        console.print(
            f"wrote {out / path.name}  ({size[0]}x{size[1]}, {quality}, {secs:.2f} s/frame)"
        )
    for path in ids:
        console.print(f"wrote {out / path.name}")


def _first_path(cfg, name):
    from ..anim.paths import GENERATED

    names = [p["name"] for p in cfg.paths]
    names += [n for n in GENERATED if n not in names]
    if name is None:
        return names[0]
    if name not in names:
        raise unknown_name("--path", "path", name, names)
    return name


@guarded
def cmd_flythrough(args):
    from ..video.flythrough import check_even_size, render_flythrough

    cfg = _load(args)
    size = _size(args, cfg)
    check_even_size(*size)
    # --fps, --seconds and --workers are range-checked by the parser (main.py), from the schema
    fps = args.fps if args.fps is not None else cfg.render.fps
    scheduler = getattr(args, "scheduler", None)
    if scheduler is not None:
        from ..video.farm import parse_scheduler

        scheduler = parse_scheduler(scheduler)
    name = _first_path(cfg, args.path)
    out = Path(args.out) if args.out else Path(cfg.render.out_dir) / f"{name}.mp4"
    if out.suffix.lower() != ".mp4":
        raise SceneError(f"--out: must end in .mp4, got {out}")
    quality = args.quality or cfg.render.quality
    job = (cfg, name, out, args.frames, size, fps, args.seconds, quality, args.resume)
    outputs.flythrough(*job)
    world = _world(cfg)
    if args.seconds is None and not any(p["name"] == name for p in cfg.paths):
        n = max(2, int(round(fps * world.paths[name].duration)))  # a generated path's
        outputs.flythrough_space(out, args.frames, n, size, args.resume)
    res = render_flythrough(
        world,
        name,
        out,
        size[0],
        size[1],
        fps,
        args.seconds,
        quality,
        args.workers,
        args.resume,
        cfg.render.crf,
        args.frames,
        scheduler=scheduler,
    )
    where = (
        f"Dask {scheduler}"
        if scheduler and scheduler != "local"
        else (f"{args.workers} workers" + (" (Dask LocalCluster)" if scheduler else ""))
    )
    console.print(
        f"wrote {out}  ({res['frames']} frames, {res['size']}, {fps} fps, "
        f"median {res['median_frame_s']:.2f} s/frame, {where})"
    )


@guarded
def cmd_demo(args):
    from ..video.flythrough import render_flythrough

    cfg = load_scene(None, args.seed)
    out = Path(args.out) if args.out else Path(cfg.render.out_dir)
    outputs.demo(out, DEMO_STILL, DEMO_VIDEO, int(round(DEMO_FPS * DEMO_SECONDS)))
    t0 = time.perf_counter()
    world = _world(cfg, framed=True)
    names = [n for n in ("hero", "engine_closeup") if n in world.shots] or list(world.shots)[:1]
    wrote = []
    with staged_dir(out) as stage:  # the stills and the video appear together, or none
        for path, secs in render_stills(world, names, DEMO_STILL, "final", stage):
            wrote.append(f"wrote {out / path.name}  ({secs:.1f} s)")
        if world.paths:
            name = "base_run" if "base_run" in world.paths else next(iter(world.paths))
            res = render_flythrough(
                world,
                name,
                stage / "flythrough.mp4",
                *DEMO_VIDEO,
                DEMO_FPS,
                DEMO_SECONDS,
                "preview",
                2,
                False,
                cfg.render.crf,
            )
            wrote.append(
                f"wrote {out / 'flythrough.mp4'}  ({res['frames']} frames, "
                f"median {res['median_frame_s']:.2f} s/frame)"
            )
    for line in wrote:
        console.print(line)
    console.print(f"demo done in {time.perf_counter() - t0:.0f} s")


@guarded
def cmd_export(args):
    from ..exchange.registry import check_suffix, export_scene

    if getattr(args, "blender_addon", None) is not None:
        return _blender_addon(Path(args.blender_addon))
    cfg = _load(args)
    out = Path(args.out) if args.out else Path(cfg.render.out_dir) / "lunarbase.glb"
    check_suffix(out)
    check_output(out)
    world = _world(cfg, framed=True)
    lamps = getattr(args, "lamps", None)
    options = {} if lamps is None else {"lamps": None if lamps == "all" else lamps}
    for path in export_scene(world, out, **options):
        console.print(
            f"wrote {path}  ({path.stat().st_size / 1e6:.1f} MB, "
            f"{len(world.graph.meshes())} meshes, {world.graph.triangle_count():,} tris)"
        )


def _blender_addon(out: Path) -> None:
    """``export --blender-addon PATH.py``: the add-on's source, written atomically."""
    from ..exchange.gltf import blender_addon_source

    check_output(out, "--blender-addon", ".py")
    write_bytes(out, blender_addon_source())
    console.print(f"wrote {out}  (Blender add-on: docs/gltf.md)")


@guarded
def cmd_terrain(args):
    from ..exchange.heightmap import write_terrain_folder

    cfg = _load(args, layout=False)
    out = Path(args.out) if args.out else Path(cfg.render.out_dir) / "terrain"
    outputs.terrain(cfg, out)
    world = _world(cfg)
    for p in write_terrain_folder(world.terrain, out):
        console.print(f"wrote {p}")


@guarded
def cmd_assets(args):
    from ..render.contact import contact_sheet

    out = Path(args.out) if args.out else Path("renders") / "assets.png"
    if out.suffix.lower() != ".png":
        raise SceneError(f"--out: must end in .png, got {out}")
    check_output(out)
    write_png(out, contact_sheet(seed=args.seed))
    console.print(f"wrote {out}")


@guarded
def cmd_view(args):
    from ..viewer.window import check_display, view

    check_display()
    cfg = _load(args)
    size = parse_size(args.size)
    if args.snapshot is not None and args.snapshot.suffix.lower() != ".png":
        raise SceneError(f"--snapshot: must end in .png, got {args.snapshot}")
    if args.snapshot is not None:
        check_output(args.snapshot, "--snapshot")
    world = _world(cfg, framed=True)
    if args.shot is not None and args.shot not in world.shots:
        raise unknown_name("--shot", "shot", args.shot, world.shots)
    if args.path is not None and args.path not in world.paths:
        raise unknown_name("--path", "path", args.path, world.paths)
    pose = (
        world.shots[args.shot] if args.shot else next(iter(world.shots.values()), None)
    ) or _overview(world)
    view(world, pose, size, args.snapshot, path=args.path, lod=not args.full_detail)
    if args.snapshot:
        console.print(f"wrote {args.snapshot}")


def _overview(world) -> Pose:
    h = world.terrain.hero
    z = float(world.terrain.height_at(h["x"], h["y"]))
    return Pose(
        (h["x"] - h["diameter"], h["y"] - 1.5 * h["diameter"], z + h["diameter"]),
        (h["x"], h["y"], z),
        45.0,
    )


def info(world) -> dict:
    from ..layout.city.checks import district_counts

    g = world.graph
    b = g.bounds()
    t = world.terrain
    return {
        "name": world.cfg.name,
        "seed": world.cfg.seed,
        "terrain": {
            "size_m": t.size_m,
            "size_px": t.size_px,
            "metres_per_pixel": t.cell_m,
            "min_height_m": float(t.heights.min()),
            "max_height_m": float(t.heights.max()),
        },
        "craters": len(t.craters),
        "hero_crater": {k: float(v) for k, v in t.hero.items()},
        "nodes_per_kind": g.kind_counts(),
        "structures": sum(g.kind_counts().values()),
        "distinct_meshes": len(g.meshes()),
        "triangles": {
            "total_drawn": g.triangle_count(),
            "terrain": world.terrain_node.mesh.n_triangles,
            "distinct_meshes": sum(m.n_triangles for m in g.meshes()),
        },
        "lamps": len(world.lamps),
        "bounding_box_m": {"min": [float(x) for x in b[0]], "max": [float(x) for x in b[1]]},
        "shots": list(world.shots),
        "paths": list(world.paths),
        "layout_skipped": world.layout.skipped,
        "districts": district_counts(world.layout),
    }


@guarded
def cmd_info(args):
    cfg = _load(args)
    world = _world(cfg)
    data = info(world)
    if args.json:
        print(json.dumps(data, indent=2))
        return
    from rich.table import Table

    tab = Table(title=f"{data['name']} (seed {data['seed']})")
    tab.add_column("what")
    tab.add_column("value", justify="right")
    tt = data["terrain"]
    tab.add_row(
        "terrain", f"{tt['size_m']:.0f} m, {tt['size_px']} px, {tt['metres_per_pixel']:.2f} m/px"
    )
    tab.add_row("heights", f"{tt['min_height_m']:.0f} .. {tt['max_height_m']:.0f} m")
    tab.add_row("craters", str(data["craters"]))
    for k, n in data["nodes_per_kind"].items():
        tab.add_row(f"  {k}", str(n))
    tab.add_row("structures", str(data["structures"]))
    for name, d in data["districts"].items():
        tab.add_row(f"  {name} ({d['kind']})", str(d["structures"]))
    tab.add_row("distinct meshes", str(data["distinct_meshes"]))
    for k, n in data["triangles"].items():
        tab.add_row(f"triangles {k}", f"{n:,}")
    tab.add_row("lamps", str(data["lamps"]))
    lo, hi = data["bounding_box_m"]["min"], data["bounding_box_m"]["max"]
    tab.add_row(
        "bounding box",
        f"{lo[0]:.0f},{lo[1]:.0f},{lo[2]:.0f} .. {hi[0]:.0f},{hi[1]:.0f},{hi[2]:.0f} m",
    )
    console.print(tab)


@guarded
def cmd_init(args):
    out = Path(args.file)
    if out.suffix.lower() != ".toml":
        raise SceneError(f"init: file must end in .toml, got {out}")
    check_output(out, "init")
    if out.exists() and not args.force:
        raise SceneError(f"init: {out} exists; use --force to overwrite")
    write_bytes(out, default_scene_text().encode("utf-8"))
    console.print(f"wrote {out}")
