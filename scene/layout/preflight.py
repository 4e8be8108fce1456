"""What the layout can check from the scene file alone, before any terrain is made: the
engines fit on the hero rim at their spacing, and no ``[[base.place]]`` entry overlaps an
engine, a gantry or another entry. The same circles and margins as ``plan._Planner`` (so a
scene refused here would fail there, only seconds later); ``build_world`` runs it first."""

from __future__ import annotations

import numpy as np

from ..errors import SceneError
from ..model.assetcache import AssetCache
from .packing import margin


def engine_params(base) -> dict:
    """The engine builder's parameters for the ``[base]`` table."""
    h = base["engine_height_m"]
    return {
        "height_m": h,
        "base_radius_m": round(max(30.0, 0.22 * h), 1),
        "plume_length_m": round(0.65 * h, 1),
    }


def min_engine_spacing_deg(er: float, gr: float, rim_r: float) -> float:
    """Least azimuth (deg) between engines of footprint radius ``er`` with gantries of
    radius ``gr`` beside them on a rim of radius ``rim_r`` (m)."""
    return float(2 * np.degrees(np.arcsin(min(1.0, (er * 1.42 + gr) / rim_r))))


def check_layout(cfg, assets: AssetCache) -> None:
    """Raise SceneError (one line naming the key) for what the scatter layout would refuse."""
    b, t = cfg["base"], cfg["terrain"]
    hero = t["hero"]
    R = hero["diameter_m"] / 2
    n = b["engines"]
    er = float(max(assets.get("engine", engine_params(b)).footprint))
    gr = float(np.hypot(*assets.get("gantry", {}).footprint))
    need = min_engine_spacing_deg(er, gr, R)
    if n > 1 and b["engine_spacing_deg"] < need:
        raise SceneError(
            f"base.engine_spacing_deg: engines {2 * er:.0f} m across on a rim of radius "
            f"{R:.0f} m need at least {need:.1f} deg between them, got "
            f"{b['engine_spacing_deg']:g}"
        )
    circles = _engine_circles(b, hero, R, er, gr, margin(t["size_m"] / (t["size_px"] - 1)))
    for i, pl in enumerate(b["place"]):
        kind, (x, y) = pl["kind"], pl["at"]
        r = float(np.hypot(*assets.get(kind, dict(pl["params"])).footprint))
        for cx, cy, cr, name in circles:
            if (x - cx) ** 2 + (y - cy) ** 2 < (r + cr + 1.0) ** 2:
                raise SceneError(
                    f"base.place[{i}]: {kind} at ({x:g}, {y:g}) overlaps "
                    f"{name}; move it at least {r:.0f} m further away"
                )
        circles.append((x, y, r, f"base.place[{i}] ({kind})"))


def _engine_circles(b, hero, R: float, er: float, gr: float, gap: float) -> list[tuple]:
    """(x, y, radius, name) of each engine and the gantries that fit beside it."""
    n = b["engines"]
    out: list[tuple] = []
    for k in range(n):
        az = b["engine_arc_deg"] + b["engine_spacing_deg"] * (k - (n - 1) / 2)
        ex, ey = _polar(hero, az, R * 1.02)
        out.append((ex, ey, er * 1.42, f"engine_{k + 1}"))
        arc = (er * 1.42 + gr + gap + 2.0) / R
        for side in (-1, 1):
            gx, gy = _polar(hero, az + side * np.degrees(arc), R * 1.02)
            if any((gx - x) ** 2 + (gy - y) ** 2 < (gr + r + gap) ** 2 for x, y, r, _ in out):
                continue
            out.append((gx, gy, gr, f"gantry of engine_{k + 1}"))
    return out


def _polar(hero, az_deg: float, r: float) -> tuple[float, float]:
    a = np.radians(az_deg)
    return hero["x_m"] + r * np.sin(a), hero["y_m"] + r * np.cos(a)
