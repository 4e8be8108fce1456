"""Plane geometry the city stages share: polar frames round the hero crater, arcs, rotated
rectangles, polylines and placement footprints as shapely polygons.

Conventions: compass azimuth ``az`` in degrees clockwise from north; a point at (az, r) is
(cx + r sin az, cy + r cos az). Headings (``rotation_deg``) are counter-clockwise from east.
At azimuth az the tangent toward increasing az has heading -az, the outward radial 90 - az.
"""

from __future__ import annotations

import numpy as np
import shapely
from shapely.geometry import LineString, Point, Polygon

LINEAR = ("pipe_rack", "conveyor", "power_line", "brick_wall", "road")


class Polar:
    """Polar frame round a centre (the hero crater)."""

    def __init__(self, cx: float, cy: float):
        self.cx, self.cy = float(cx), float(cy)

    def xy(self, az, r) -> np.ndarray:
        """(..., 2) points at azimuths ``az`` (deg) and radii ``r`` (broadcast)."""
        a = np.radians(np.asarray(az, float))
        r = np.asarray(r, float)
        return np.stack([self.cx + r * np.sin(a), self.cy + r * np.cos(a)], axis=-1)

    def ar(self, x, y) -> tuple[np.ndarray, np.ndarray]:
        """(azimuth deg in (-180, 180], radius) of points."""
        dx, dy = np.asarray(x, float) - self.cx, np.asarray(y, float) - self.cy
        return np.degrees(np.arctan2(dx, dy)), np.hypot(dx, dy)

    def arc(self, r: float, az0: float, az1: float, step_m: float = 40.0) -> np.ndarray:
        """(K, 2) polyline along radius r from az0 to az1, vertices ~``step_m`` apart."""
        n = max(int(np.ceil(abs(np.radians(az1 - az0)) * r / step_m)), 1)
        return self.xy(np.linspace(az0, az1, n + 1), r)

    def sector(self, r0, r1, az0, az1, step_m: float = 40.0) -> Polygon:
        """Annular sector r0..r1, az0..az1 as a polygon."""
        outer = self.arc(r1, az0, az1, step_m)
        inner = self.arc(r0, az1, az0, step_m)
        return Polygon(np.vstack([outer, inner]))


def tangent_heading(az) -> float:
    return float(-np.asarray(az, float))


def radial_heading(az) -> float:
    return float(90.0 - np.asarray(az, float))


def rect(x, y, hx, hy, rot_deg) -> np.ndarray:
    """(4, 2) corners of a rectangle centred (x, y), half sizes (hx, hy) along its own axes,
    turned ``rot_deg`` CCW."""
    c, s = np.cos(np.radians(rot_deg)), np.sin(np.radians(rot_deg))
    lx = np.array([-hx, hx, hx, -hx])
    ly = np.array([-hy, -hy, hy, hy])
    return np.column_stack([x + c * lx - s * ly, y + s * lx + c * ly])


def rects(x, y, hx, hy, rot_deg) -> np.ndarray:
    """(N, 4, 2) corners of N rectangles (all arguments broadcast to (N,))."""
    args = (np.asarray(a, float) for a in (x, y, hx, hy, rot_deg))
    x, y, hx, hy, rot = np.broadcast_arrays(*args)
    c, s = np.cos(np.radians(rot))[:, None], np.sin(np.radians(rot))[:, None]
    lx = np.array([-1.0, 1.0, 1.0, -1.0])[None] * hx[:, None]
    ly = np.array([-1.0, -1.0, 1.0, 1.0])[None] * hy[:, None]
    return np.stack([x[:, None] + c * lx - s * ly, y[:, None] + s * lx + c * ly], axis=-1)


def to_local(points: np.ndarray, x: float, y: float, rot_deg: float) -> np.ndarray:
    """World (K, 2) points into the frame of a placement at (x, y) turned ``rot_deg``."""
    c, s = np.cos(np.radians(rot_deg)), np.sin(np.radians(rot_deg))
    d = np.asarray(points, float) - (x, y)
    return np.column_stack([c * d[:, 0] + s * d[:, 1], -s * d[:, 0] + c * d[:, 1]])


def to_world(points, x: float, y: float, rot_deg: float) -> np.ndarray:
    c, s = np.cos(np.radians(rot_deg)), np.sin(np.radians(rot_deg))
    p = np.asarray(points, float).reshape(-1, 2)
    return np.column_stack([x + c * p[:, 0] - s * p[:, 1], y + s * p[:, 0] + c * p[:, 1]])


def polyline_length(poly: np.ndarray) -> float:
    return float(np.sum(np.hypot(*np.diff(np.asarray(poly, float), axis=0).T)))


def offset_polyline(poly: np.ndarray, d: float) -> np.ndarray:
    """The polyline moved ``d`` metres to its left (mitred vertices)."""
    p = np.asarray(poly, float)
    t = np.diff(p, axis=0)
    t /= np.maximum(np.linalg.norm(t, axis=1, keepdims=True), 1e-12)
    n = np.column_stack([-t[:, 1], t[:, 0]])
    vn = np.vstack([n[:1], n[:-1] + n[1:], n[-1:]])
    vn /= np.maximum(np.linalg.norm(vn, axis=1, keepdims=True), 1e-12)
    cosh = np.ones(len(p))
    cosh[1:-1] = np.clip(np.einsum("ij,ij->i", vn[1:-1], n[:-1]), 0.5, 1.0)
    return p + vn * (d / cosh)[:, None]


def chop(poly: np.ndarray, max_len: float, quantum: float, gap: float):
    """Split each leg of a polyline into straight pieces at most ``max_len`` long whose
    lengths are whole multiples of ``quantum`` (so a few distinct meshes serve every run),
    ``gap`` m apart and centred on the leg. Returns [(cx, cy, heading_deg, length)]."""
    p = np.asarray(poly, float)
    out = []
    for a, b in zip(p[:-1], p[1:], strict=True):
        d = b - a
        L = float(np.hypot(*d))
        n = max(int(np.ceil((L + gap) / (max_len + gap))), 1)
        seg = np.floor((L - (n - 1) * gap) / n / quantum) * quantum
        if seg < quantum:
            continue
        u = d / L
        head = float(np.degrees(np.arctan2(d[1], d[0])))
        s = (L - n * seg - (n - 1) * gap) / 2 + seg / 2
        for _ in range(n):
            c = a + u * s
            out.append((float(c[0]), float(c[1]), head, float(seg)))
            s += seg + gap
    return out


def trim(poly: np.ndarray, d0: float, d1: float) -> np.ndarray | None:
    """The polyline without its first ``d0`` and last ``d1`` metres (None if nothing left)."""
    p = np.asarray(poly, float)
    s = np.r_[0.0, np.cumsum(np.hypot(*np.diff(p, axis=0).T))]
    if s[-1] <= d0 + d1 + 1.0:
        return None
    t = np.r_[d0, s[(s > d0) & (s < s[-1] - d1)], s[-1] - d1]
    return np.column_stack([np.interp(t, s, p[:, 0]), np.interp(t, s, p[:, 1])])


def footprint_polygon(p, asset, half_width: float | None = None) -> Polygon:
    """Ground footprint of a placement: its rotated footprint rectangle, or for a linear kind
    whose ``points`` bend, the polyline buffered by ``half_width``."""
    pts = p.params.get("points") if isinstance(p.params, dict) else None
    if pts is not None and len(pts) > 2 and half_width is not None:
        w = to_world(np.asarray(pts, float), p.x, p.y, p.rotation_deg)
        return LineString(w).buffer(half_width, cap_style="flat", join_style="mitre")
    hx, hy = asset.footprint
    if p.kind == "engine":  # round: a disc of its footprint's half size
        return Point(p.x, p.y).buffer(max(hx, hy), 48)
    return Polygon(rect(p.x, p.y, hx, hy, p.rotation_deg))


def polygons(corners: np.ndarray):
    """(N, 4, 2) corners → shapely polygon array."""
    return shapely.polygons(np.asarray(corners, float))
