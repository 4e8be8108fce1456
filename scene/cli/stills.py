"""Writing stills and their object-ID passes into an output folder."""

from __future__ import annotations

from pathlib import Path

from ..exchange.files import write_bytes, write_png
from ..progress import bar


def render_stills(world, names, size, quality, out_dir: Path) -> list[tuple[Path, float]]:
    from ..render.renderer import Renderer
    from ..shading.baked import Baked
    from ..shading.exposure import shot_gain

    r = Renderer(size[0], size[1], quality)
    done = []
    try:
        with bar("rendering stills", len(names), unit="shots") as advance:
            for name in names:
                pose = world.shots[name]
                gain = shot_gain(Baked.of(world), [pose], size[0] / size[1])
                img = r.render(world, pose, gain=gain)
                done.append((write_png(out_dir / f"{name}.png", img), r.last_seconds))
                advance(1, rate=f"{r.last_seconds:.1f} s/frame")
    finally:
        r.close()
    return done


def write_id_passes(world, names, size, out_dir: Path) -> list[Path]:
    """For each shot, its object-ID picture (PNG) and legend + coverage (JSON)."""
    import json

    from ..render.idpass import IdPass, coverage, id_image

    ip = IdPass(world, size[0], size[1])
    written = []
    try:
        for name in names:
            ids = ip.render(world.shots[name])
            img, legend = id_image(ids, ip.entries)
            written.append(write_png(out_dir / f"{name}_ids.png", img))
            largest = {
                k: {"node": n, "pixels": px} for k, (n, px) in coverage(ids, ip.entries).items()
            }
            doc = {"shot": name, "size": list(size), "legend": legend, "largest": largest}
            text = json.dumps(doc, indent=2, sort_keys=True) + "\n"
            written.append(write_bytes(out_dir / f"{name}_ids.json", text.encode()))
    finally:
        ip.close()
    return written
