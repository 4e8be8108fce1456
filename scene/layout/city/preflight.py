"""What the city layout can check from the scene file alone, before any terrain is made:
the engine foundations fit on the hero rim at their spacing, and no ``[[base.place]]``
entry overlaps an engine (within 1.42 engine radii, as the scatter layout) or another entry.
``plan_city`` runs the same checks, so a scene refused here would fail there, only later."""

from __future__ import annotations

import numpy as np
from shapely.geometry import Point, Polygon

from ...errors import SceneError
from ...model.assetcache import AssetCache
from ..preflight import engine_params
from .geometry import rect


def engine_sites(cfg, assets: AssetCache) -> list[tuple[str, float, float, float]]:
    """(name, x, y, footprint half size) of each engine on the rim."""
    b, hero = cfg["base"], cfg["terrain"]["hero"]
    R = hero["diameter_m"] / 2
    er = float(max(assets.get("engine", engine_params(b)).footprint))
    n = b["engines"]
    out = []
    for k in range(n):
        az = np.radians(b["engine_arc_deg"] + b["engine_spacing_deg"] * (k - (n - 1) / 2))
        x = hero["x_m"] + R * 1.02 * np.sin(az)
        y = hero["y_m"] + R * 1.02 * np.cos(az)
        out.append((f"engine_{k + 1}", float(x), float(y), er))
    return out


def check_spacing(cfg, assets: AssetCache) -> None:
    """Neighbouring engines must leave room for their service towers between them."""
    b = cfg["base"]
    R = cfg["terrain"]["hero"]["diameter_m"] / 2
    sites = engine_sites(cfg, assets)
    gx = float(assets.get("gantry", {}).footprint[0])
    for (_, x0, y0, er), (_, x1, y1, _) in zip(sites[:-1], sites[1:], strict=True):
        need = er * 1.42 * 2 + 2 * gx
        if np.hypot(x1 - x0, y1 - y0) < need:
            deg = np.degrees(2 * np.arcsin(min(1.0, need / 2 / (R * 1.02))))
            raise SceneError(
                f"base.engine_spacing_deg: engines {2 * er:.0f} m across on a rim of radius "
                f"{R:.0f} m need at least {deg:.1f} deg between them, got "
                f"{b['engine_spacing_deg']:g}"
            )


def place_footprints(cfg, assets: AssetCache) -> list[Polygon]:
    """Footprints of the ``[[base.place]]`` entries; SceneError (one line naming the entry)
    for one that overlaps an engine or an earlier entry."""
    engines = engine_sites(cfg, assets)
    polys: list[Polygon] = []
    for i, pl in enumerate(cfg["base"]["place"]):
        kind, (x, y) = pl["kind"], pl["at"]
        hx, hy = assets.get(kind, dict(pl["params"])).footprint
        poly = Polygon(rect(x, y, hx, hy, pl["rotation_deg"]))
        for name, ex, ey, er in engines:
            d = poly.distance(Point(ex, ey))
            if d < er * 1.42:
                raise SceneError(
                    f"base.place[{i}]: {kind} at ({x:g}, {y:g}) overlaps {name}; move it "
                    f"at least {er * 1.42 - d:.0f} m further away"
                )
        for j, q in enumerate(polys):
            if poly.intersects(q):
                other = cfg["base"]["place"][j]["kind"]
                raise SceneError(
                    f"base.place[{i}]: {kind} at ({x:g}, {y:g}) overlaps base.place[{j}] "
                    f"({other}); move it at least {np.hypot(hx, hy):.0f} m further away"
                )
        polys.append(poly)
    return polys


def check_city(cfg, assets: AssetCache) -> None:
    """Raise SceneError (one line naming the key) for what the city layout would refuse."""
    check_spacing(cfg, assets)
    place_footprints(cfg, assets)
