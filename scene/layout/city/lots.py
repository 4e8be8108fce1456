"""Stage 3, lots: each district's blocks (the cells between its roads) minus the road
corridors, cut into rectangular lots along the frontage.

A block is the polar cell between two ring roads and two radials; its lots are the largest
rectangle (tangential x, radial y) that keeps every road's clearance, split into a row or two
of lots of the district's lot size, so every lot fronts a road. Lots that touch the crater,
a foundation, the grid edge or an explicit placement are dropped. Each lot records its relief
and how squarely its ground faces the sun (solar fields take the sunniest).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import shapely
from shapely.prepared import prep

from .districts import DistrictPlan
from .geometry import rects
from .networks import SETBACK_M, SHOULDER, WIDTH, Networks
from .site import Site

# lot size (tangential width, radial depth) in m per district kind
LOT = {
    "industry": (120.0, 90.0),
    "logistics": (120.0, 90.0),
    "shelter": (90.0, 75.0),
    "spaceport": (170.0, 160.0),
    "energy": (140.0, 100.0),
    "comms": (110.0, 90.0),
    "mining": (1e9, 1e9),  # one lot per block: room for a terraced pit
}
GAP_M = 12.0  # between neighbouring lots of a block


@dataclass
class Lot:
    name: str
    district: str
    kind: str
    cx: float
    cy: float
    rot: float  # heading of the lot's x axis (tangential)
    hx: float
    hy: float
    front: int  # +1: the road it faces is at +y (outward), -1: at -y
    corners: np.ndarray  # (4, 2)
    relief: float = 0.0
    sun: float = 0.0
    use: str = ""
    flatten: bool = True
    block: int = -1  # lots of one block share it; (block, row) with ix are side by side
    row: int = 0
    ix: int = 0
    ends: tuple = ()  # (left, right) builder indices of the habitats at a row's ends

    def world(self, lx, ly) -> np.ndarray:
        """(N, 2) world points of lot-local (lx, ly)."""
        c, s = np.cos(np.radians(self.rot)), np.sin(np.radians(self.rot))
        lx, ly = np.broadcast_arrays(np.asarray(lx, float), np.asarray(ly, float))
        return np.stack([self.cx + c * lx - s * ly, self.cy + s * lx + c * ly], axis=-1)


def _clear(cls: str) -> float:
    return WIDTH[cls] / 2 + SHOULDER[cls] + SETBACK_M


def _block_rect(r_in, r_out, az0, az1, c_in, c_out, c_side):
    """Largest centred rectangle in the cell keeping the clearances: (y0, y1, half_w) in the
    frame at the cell's mid azimuth whose origin is the crater centre, or None."""
    h = np.radians(az1 - az0) / 2
    Y0 = r_in + c_in
    half_w = (Y0 * np.sin(h) - c_side) / np.cos(h)
    if half_w <= 0:
        return None
    rr = r_out - c_out
    if rr <= half_w:
        return None
    Y1 = np.sqrt(rr * rr - half_w * half_w)
    return (Y0, Y1, half_w) if Y1 > Y0 else None


def plan_lots(site: Site, plan: DistrictPlan, nets: Networks, blocked=None) -> list[Lot]:
    """Lots of every (non-foundation) district; ``blocked``: extra shapely geometry no lot
    may touch (explicit placements)."""
    out: list[Lot] = []
    arc_cls = {}
    for r in nets.arcs:
        arc_cls[r] = "trunk" if any(abs(r - b) < 1e-3 for b in plan.radii) else "service"
    for band, rad in nets.radials.items():
        r0, r1 = plan.radii[band], plan.radii[band + 1]
        rs = [r for r in nets.arcs if r0 - 1e-3 <= r <= r1 + 1e-3]
        for d in plan.districts:
            if d.kind == "foundation" or abs(d.band[0] - r0) > 1e-3:
                continue
            azs = [(a, c) for a, c in rad if d.arc[0] - 1e-6 <= a <= d.arc[1] + 1e-6]
            lw, ld = LOT[d.kind]
            for ra, rb in zip(rs[:-1], rs[1:], strict=True):
                for (a0, c0), (a1, c1) in zip(azs[:-1], azs[1:], strict=True):
                    cell = _block_rect(
                        ra,
                        rb,
                        a0,
                        a1,
                        _clear(arc_cls[ra]),
                        _clear(arc_cls[rb]),
                        max(_clear(c0), _clear(c1)),
                    )
                    if cell is None:
                        continue
                    Y0, Y1, half_w = cell
                    W, D = 2 * half_w, Y1 - Y0
                    if W < 40.0 or D < 35.0:
                        continue
                    nx_ = max(int((W + GAP_M) // (lw + GAP_M)), 1)
                    ny = 2 if D >= 2 * ld + GAP_M else 1
                    w = (W - (nx_ - 1) * GAP_M) / nx_
                    dd = (D - (ny - 1) * GAP_M) / ny
                    azc = (a0 + a1) / 2
                    block_id = len(out)
                    inner_trunk = arc_cls[ra] == "trunk"
                    for iy in range(ny):
                        yc = Y0 + dd / 2 + iy * (dd + GAP_M)
                        front = (-1 if iy == 0 else 1) if ny == 2 else (-1 if inner_trunk else 1)
                        for ix in range(nx_):
                            xc = -W / 2 + w / 2 + ix * (w + GAP_M)
                            p = site.polar.xy(azc, yc)
                            t = np.radians(azc)
                            cx = p[0] + xc * np.cos(t)
                            cy = p[1] - xc * np.sin(t)
                            out.append(
                                Lot(
                                    f"{d.name}_lot{len(d.lots) + 1:02d}",
                                    d.name,
                                    d.kind,
                                    float(cx),
                                    float(cy),
                                    -azc,
                                    w / 2,
                                    dd / 2,
                                    front,
                                    np.zeros((4, 2)),
                                    block=block_id,
                                    row=iy,
                                    ix=ix,
                                )
                            )
                            d.lots.append(out[-1])
    if not out:
        return out
    corners = rects(
        [q.cx for q in out],
        [q.cy for q in out],
        [q.hx for q in out],
        [q.hy for q in out],
        [q.rot for q in out],
    )
    polys = shapely.polygons(corners)
    bad_geom = plan.keep_out.buffer(8.0)
    if blocked is not None:
        bad_geom = bad_geom.union(blocked)
    bad = prep(bad_geom)
    keep = np.array([not bad.intersects(p) for p in polys])
    keep &= site.inside(corners.reshape(-1, 2), 40.0).reshape(-1, 4).all(axis=1)
    for q, c in zip(out, corners, strict=True):
        q.corners = c
    lots = [q for q, k in zip(out, keep, strict=True) if k]
    for d in plan.districts:
        d.lots = [q for q in d.lots if any(q is k for k in lots)]
    _score(site, lots)
    return lots


def _score(site: Site, lots: list[Lot]) -> None:
    """Relief (m) and mean sun-facing cosine of each lot from a 5x5 sample of its ground."""
    if not lots:
        return
    u = np.linspace(-0.9, 0.9, 5)
    gu, gv = np.meshgrid(u, u)
    pts = np.concatenate([q.world(gu.ravel() * q.hx, gv.ravel() * q.hy) for q in lots])
    z = site.t.height_at(pts[:, 0], pts[:, 1]).reshape(len(lots), -1)
    e = 2.0 * site.cell
    gx = site.t.height_at(pts[:, 0] + e, pts[:, 1]) - site.t.height_at(pts[:, 0] - e, pts[:, 1])
    gy = site.t.height_at(pts[:, 0], pts[:, 1] + e) - site.t.height_at(pts[:, 0], pts[:, 1] - e)
    n = np.column_stack([-gx / (2 * e), -gy / (2 * e), np.ones(len(pts))])
    n /= np.linalg.norm(n, axis=1, keepdims=True)
    sun = np.clip(n @ site.sun, 0, None).reshape(len(lots), -1).mean(axis=1)
    for q, zz, s in zip(lots, z, sun, strict=True):
        q.relief = float(zz.max() - zz.min())
        q.sun = float(s)
