"""The asset contact sheet: every kind rendered in its own labelled tile."""

from __future__ import annotations

import math

import numpy as np
from PIL import Image, ImageDraw, ImageFont

from ..assets.meshes import registry
from .cameras import Pose
from .progress import bar
from .render import _pv, add_lights, add_material_mesh, set_camera

LIGHT = {"sun_azimuth_deg": 135.0, "sun_elevation_deg": 25.0, "sun_intensity": 2.4,
         "earthshine": 0.25}


def _frame(bounds: np.ndarray) -> Pose:
    """A three-quarter view that fits an asset's (2, 3) bounds."""
    c = bounds.mean(axis=0)
    radius = float(np.linalg.norm(bounds[1] - bounds[0])) / 2
    d = np.array([0.75, -1.0, 0.55])
    d /= np.linalg.norm(d)
    fov = 30.0
    dist = radius / math.sin(math.radians(fov / 2)) * 1.05
    return Pose(tuple(c + d * dist), tuple(c), fov)


def contact_sheet(kinds: list[str] | None = None, tile: tuple[int, int] = (360, 270),
                  columns: int = 5, seed: int = 1) -> np.ndarray:
    """(H, W, 3) uint8 sheet with one tile per asset kind, labelled with kind and triangles."""
    kinds = kinds or registry.kinds()
    pv = _pv()
    tw, th = tile
    plotter = pv.Plotter(off_screen=True, window_size=(tw * 2, th * 2), lighting="none")
    tiles = []
    try:
        with bar("contact sheet", len(kinds), unit="kinds") as advance:
            for kind in kinds:
                asset = registry.build(kind, None, np.random.default_rng(seed), 1)
                plotter.clear_actors()
                plotter.remove_all_lights()
                plotter.set_background((0.02, 0.02, 0.03))
                b = asset.bounds()
                size = float(np.max(b[1, :2] - b[0, :2])) * 0.75 + 1.0
                c = b.mean(axis=0)
                ground = pv.Disc(center=(c[0], c[1], 0.0), inner=0, outer=size, c_res=48)
                plotter.add_mesh(ground, color=(0.33, 0.32, 0.31), diffuse=0.9, ambient=0.05)
                for part in asset.parts:
                    if len(part.faces):
                        add_material_mesh(plotter, pv, part.material, part.vertices, part.faces)
                add_lights(plotter, pv, LIGHT)
                set_camera(plotter, _frame(b))
                plotter.render()
                img = plotter.screenshot(return_img=True)
                small = Image.fromarray(img).resize((tw, th), Image.LANCZOS)
                draw = ImageDraw.Draw(small)
                font = ImageFont.load_default(size=15)
                draw.text((8, 6), kind, fill=(255, 230, 180), font=font)
                draw.text((8, th - 22), f"{asset.n_triangles:,} tris  "
                          f"h {b[1, 2]:.0f} m", fill=(170, 170, 170), font=font)
                tiles.append(np.asarray(small))
                advance(1)
    finally:
        plotter.close()
    rows = math.ceil(len(tiles) / columns)
    sheet = np.zeros((rows * th, columns * tw, 3), np.uint8)
    for k, t in enumerate(tiles):
        r, c = divmod(k, columns)
        sheet[r * th:(r + 1) * th, c * tw:(c + 1) * tw] = t[..., :3]
    return sheet
