"""The asset contact sheet: every kind rendered in its own labelled tile, each with a 1.8 m
astronaut standing at the asset's front corner for scale."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import numpy as np
from PIL import Image, ImageDraw, ImageFont

from ...assets.materials import PALETTE
from ...assets.meshes import registry
from ...assets.meshes._human import figure
from ..anim.cameras import Pose
from ..model.color import display_tuple
from ..progress import bar
from .renderer import add_lights, set_camera
from .vtkutil import add_material_mesh, polydata, pv_module

if TYPE_CHECKING:
    from types import ModuleType

    import pyvista

LIGHT = {
    "sun_azimuth_deg": 135.0,
    "sun_elevation_deg": 25.0,
    "sun_intensity": 2.4,
    "earthshine": 0.25,
}


def _frame(bounds: np.ndarray) -> Pose:
    """A three-quarter view that fits an asset's (2, 3) bounds."""
    c = bounds.mean(axis=0)
    radius = float(np.linalg.norm(bounds[1] - bounds[0])) / 2
    d = np.array([0.75, -1.0, 0.55])
    d /= np.linalg.norm(d)
    fov = 30.0
    dist = radius / math.sin(math.radians(fov / 2)) * 1.05
    return Pose(tuple(c + d * dist), tuple(c), fov)


def _add_part(
    plotter: pyvista.Plotter, pv: ModuleType, material: str, v: np.ndarray, f: np.ndarray
) -> None:
    """Like ``render.add_material_mesh`` for ``v`` (V, 3), ``f`` (F, 3), but emissive parts
    keep their hue (a blue plume stays blue instead of saturating to white), so a tile reads
    at thumbnail size."""
    mat = PALETTE[material]
    if not mat.is_emissive:
        add_material_mesh(plotter, pv, material, v, f)
        return
    e = np.asarray(mat.emissive, float)
    plotter.add_mesh(
        polydata(pv, v, f), color=display_tuple(e / e.max()), lighting=False, opacity=mat.opacity
    )


def _human_at(bounds: np.ndarray) -> tuple[np.ndarray, float]:
    """Where the scale figure stands: beside the asset (``bounds``: its (2, 3) min/max
    corners) on the screen-right side of the three-quarter view, clear of it, facing the
    camera. Returns (position (3,) float64 m, yaw rad)."""
    lo, hi = bounds
    right = np.array([0.8, 0.6])  # screen-right on the ground for the _frame view
    c = (lo[:2] + hi[:2]) / 2
    corners = np.array([[x, y] for x in (lo[0], hi[0]) for y in (lo[1], hi[1])]) - c
    reach = float((corners @ right).max())
    gap = 0.8 + 0.03 * float(np.max(hi[:2] - lo[:2]))
    xy = c + right * (reach + gap)
    return np.array([xy[0], xy[1], 0.0]), math.atan2(-1.0, 0.75)


def contact_sheet(
    kinds: list[str] | None = None,
    tile: tuple[int, int] = (360, 270),
    columns: int = 5,
    seed: int = 1,
    detail: int = 1,
) -> np.ndarray:
    """(H, W, 3) uint8 sheet with one tile per asset kind, labelled with kind, triangles and
    height; a 1.8 m astronaut stands beside every asset for scale."""
    kinds = kinds or registry.kinds()
    pv = pv_module()
    tw, th = tile
    plotter = pv.Plotter(off_screen=True, window_size=(tw * 2, th * 2), lighting="none")
    tiles = []
    try:
        with bar("contact sheet", len(kinds), unit="kinds") as advance:
            for kind in kinds:
                asset = registry.build(kind, None, np.random.default_rng(seed), detail)
                plotter.clear_actors()
                plotter.remove_all_lights()
                plotter.set_background((0.02, 0.02, 0.03))
                b = asset.bounds()
                pos, yaw = _human_at(b)
                people = figure(pos, yaw)
                allp = np.vstack([b, *[p.vertices for p in people]])
                b = np.array([allp.min(0), allp.max(0)])
                ext = b[1, :2] - b[0, :2]
                c = b.mean(axis=0)
                # a ground patch just under the asset (and the figure), not a huge plate
                ground = pv.Disc(
                    center=(c[0], c[1], -0.02),
                    inner=0,
                    outer=0.55 * float(np.hypot(*ext)) + 0.5,
                    c_res=64,
                )
                plotter.add_mesh(ground, color=(0.2, 0.195, 0.19), diffuse=0.9, ambient=0.05)
                for part in [*asset.parts, *people]:
                    if len(part.faces):
                        _add_part(plotter, pv, part.material, part.vertices, part.faces)
                add_lights(plotter, pv, LIGHT)
                set_camera(plotter, _frame(b))
                plotter.render()
                img = plotter.screenshot(return_img=True)
                small = Image.fromarray(img).resize((tw, th), Image.LANCZOS)
                draw = ImageDraw.Draw(small)
                font = ImageFont.load_default(size=15)
                draw.text((8, 6), kind, fill=(255, 230, 180), font=font)
                draw.text(
                    (8, th - 22),
                    f"{asset.n_triangles:,} tris  h {b[1, 2]:.0f} m",
                    fill=(170, 170, 170),
                    font=font,
                )
                tiles.append(np.asarray(small))
                advance(1)
    finally:
        plotter.close()
    rows = math.ceil(len(tiles) / columns)
    sheet = np.zeros((rows * th, columns * tw, 3), np.uint8)
    for k, t in enumerate(tiles):
        r, c = divmod(k, columns)
        sheet[r * th : (r + 1) * th, c * tw : (c + 1) * tw] = t[..., :3]
    return sheet
