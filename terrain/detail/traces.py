"""The base's marks on the ground at the detail scale, as a pure function of world position,
seed and plain arrays of the layout (this module knows nothing of scenes).

* **Graded roads** (``roads``: polylines and half widths): within the half width the natural
  relief is planed (``ROAD_KEEP`` of it left: compacted regolith) and rocks are cleared; a
  low windrow berm (``BERM_H`` high) runs along each edge, where the grader left the spoil.
  Every road carries faint wheel ruts of past traffic at ``gauge`` (the default rover's).
* **Tracks** (``tracks``: polylines driven, each with its rover's gauge and wheel width):
  the two ruts of a rover that drove the line, ``RUT_D`` deep with a low lip of pushed
  regolith beside each, darker than the ground round them (disturbed regolith).
* **Pads** (``pads``: x, y, radius): blast-scoured ground round a launch pad out to
  ``BLAST_RHO`` radii: rocks and small relief swept away, brighter, with radial streaks.
* **Sites** (``sites``: x, y, radius of habitats): trodden regolith round each out to
  ``TROD_M`` beyond its radius (mottled, darker, rocks moved aside) and footpaths: one to
  the nearest road, and a few more whose bearings hash from the seed and the site.

``trace_fields`` gives, for a window of texels, what the detail relief becomes there: the
factor kept of the natural relief and of the rocks, the relief added and an albedo factor.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from .noise import fractal_noise, hash_unit

__all__ = ["Traces", "TraceFields", "trace_fields", "clear_at", "footpaths"]

ROAD_KEEP = 0.08  # fraction of the natural relief left on a graded road
ROAD_ALBEDO = 1.04  # compacted regolith
BERM_H, BERM_W, BERM_GAP = 0.22, 0.9, 1.1  # windrow height, half width, offset past the edge
RUT_D, RUT_LIP, RUT_ALBEDO = 0.05, 0.35, 0.84  # driven rut depth (m), lip / depth, albedo
TRAFFIC = 0.25  # a road's past-traffic ruts as a fraction of a driven track's
GAUGE_M, WHEEL_M = 6.64, 1.04  # the default rover's wheel track width and wheel width
BLAST_RHO, BLAST_ALBEDO, STREAKS = 3.0, 1.18, 120  # blast reach (radii), albedo, streaks
TROD_M, TROD_ALBEDO = 14.0, 0.9  # trodden ring beyond a site's radius, its albedo
PATH_W, PATH_ALBEDO, PATH_D = 0.45, 0.8, 0.012  # footpath half width, albedo, depth (m)
PATHS_PER_SITE, PATH_M = 3, 40.0  # extra footpaths per site and their length
TRACE_KEY = 3


@dataclass(frozen=True)
class Traces:
    """The layout's traces as plain arrays (world m): ``roads`` graded road polylines
    ((K, 2) each) with ``road_half`` (R,) half widths; ``tracks`` polylines driven ((K, 2)
    each) with ``gauge`` (T,) wheel track widths and ``wheel`` (T,) wheel widths; ``pads``
    (P, 3) and ``sites`` (S, 3) x, y, radius; ``paths`` (Q, 2, 2) footpath segments (from
    ``footpaths`` when left empty and there are sites)."""

    roads: tuple = ()
    road_half: np.ndarray = field(default_factory=lambda: np.zeros(0))
    tracks: tuple = ()
    gauge: np.ndarray = field(default_factory=lambda: np.zeros(0))
    wheel: np.ndarray = field(default_factory=lambda: np.zeros(0))
    pads: np.ndarray = field(default_factory=lambda: np.zeros((0, 3)))
    sites: np.ndarray = field(default_factory=lambda: np.zeros((0, 3)))
    paths: np.ndarray = field(default_factory=lambda: np.zeros((0, 2, 2)))

    @classmethod
    def of(cls, seed: int, **kw) -> Traces:
        """Traces with their footpaths derived (``footpaths``) unless given."""
        t = cls(**kw)
        if not len(t.paths) and len(t.sites):
            t = cls(**{**kw, "paths": footpaths(seed, t.sites, t.roads)})
        return t

    def __bool__(self) -> bool:
        return bool(len(self.roads) or len(self.tracks) or len(self.pads) or len(self.sites))


@dataclass(frozen=True)
class TraceFields:
    """(h, w) float64 fields of a window: ``keep`` the factor of the natural relief left,
    ``clear`` the factor of rocks left, ``add`` relief added (m), ``albedo`` factor."""

    keep: np.ndarray
    clear: np.ndarray
    add: np.ndarray
    albedo: np.ndarray


def footpaths(seed: int, sites: np.ndarray, roads: tuple) -> np.ndarray:
    """(Q, 2, 2) footpath segments: from each site's edge to the nearest point of a road
    (if one is within ``4 PATH_M``) and ``PATHS_PER_SITE`` more of ``PATH_M`` at bearings
    hashed from the seed and the site's position."""
    out = []
    pts = [np.asarray(r, float) for r in roads]
    for x, y, r in np.asarray(sites, float).reshape(-1, 3):
        c = np.array([x, y])
        best, dbest = None, 4.0 * PATH_M
        for p in pts:
            q, d = _nearest_on(p, c)
            if d < dbest:
                best, dbest = q, d
        if best is not None and dbest > r:
            u = (best - c) / dbest
            out.append([c + u * r, best])
        key = np.array([int(np.floor(x)), int(np.floor(y))], np.int64)
        for j in range(PATHS_PER_SITE):
            a = np.pi * (1.0 + hash_unit(key[:1] + j, key[1:], seed * 16 + TRACE_KEY)[0])
            u = np.array([np.cos(a), np.sin(a)])
            out.append([c + u * r, c + u * (r + PATH_M)])
    return np.asarray(out, float).reshape(-1, 2, 2)


def _nearest_on(p: np.ndarray, c: np.ndarray) -> tuple[np.ndarray, float]:
    """The nearest point of polyline ``p`` (K, 2) to ``c`` (2,) and its distance."""
    if len(p) == 1:
        return p[0], float(np.hypot(*(p[0] - c)))
    a, d = p[:-1], np.diff(p, axis=0)
    u = np.clip(np.einsum("ij,ij->i", c - a, d) / np.maximum((d * d).sum(1), 1e-12), 0, 1)
    q = a + u[:, None] * d
    dist = np.hypot(*(q - c).T)
    i = int(np.argmin(dist))
    return q[i], float(dist[i])


def _box(lo, hi, x0: float, y0: float, t: float, shape) -> tuple[slice, slice] | None:
    """(rows, cols) slices of the (h, w) window's texels whose centres may lie in the box
    ``lo`` .. ``hi`` ((2,) world x, y), or None when it misses the window."""
    h, w = shape
    j0, j1 = max(int(np.floor((lo[0] - x0) / t)), 0), min(int((hi[0] - x0) / t) + 1, w)
    i0, i1 = max(int(np.floor((lo[1] - y0) / t)), 0), min(int((hi[1] - y0) / t) + 1, h)
    if j0 >= j1 or i0 >= i1:
        return None
    return slice(i0, i1), slice(j0, j1)


def _distance(polys, x0: float, y0: float, t: float, shape, reach: float):
    """Distance (m) of texel centres to the nearest of ``polys`` ((K, 2) each) within
    ``reach`` of them: (rows, cols) slices of the (h, w) window and the float64 distances
    there (``inf`` beyond ``reach``), or None when no polyline comes within reach."""
    pts = [np.asarray(p, float).reshape(-1, 2) for p in polys]
    if not pts:
        return None
    allp = np.concatenate(pts)
    box = _box(allp.min(axis=0) - reach, allp.max(axis=0) + reach, x0, y0, t, shape)
    if box is None:
        return None
    rows, cols = box
    out = np.full((rows.stop - rows.start, cols.stop - cols.start), np.inf)
    i_lo, i_hi, j_lo, j_hi = rows.stop, rows.start, cols.stop, cols.start
    h, w = shape
    for p in pts:
        a_all = p[:-1] if len(p) > 1 else p
        b_all = p[1:] if len(p) > 1 else p
        lo = np.minimum(a_all, b_all) - reach
        hi = np.maximum(a_all, b_all) + reach
        hit = (hi[:, 0] >= x0) & (lo[:, 0] <= x0 + w * t) & (hi[:, 1] >= y0)
        hit &= lo[:, 1] <= y0 + h * t
        for s in np.flatnonzero(hit):
            a, b = a_all[s], b_all[s]
            sub = _box(lo[s], hi[s], x0, y0, t, shape)
            if sub is None:
                continue
            r, c = sub
            i_lo, i_hi = min(i_lo, r.start), max(i_hi, r.stop)
            j_lo, j_hi = min(j_lo, c.start), max(j_hi, c.stop)
            px = x0 + (np.arange(c.start, c.stop) + 0.5) * t - a[0]
            py = y0 + (np.arange(r.start, r.stop) + 0.5) * t - a[1]
            d = b - a
            u = np.clip((px[None, :] * d[0] + py[:, None] * d[1]) / max(d @ d, 1e-12), 0, 1)
            dist = np.hypot(px[None, :] - u * d[0], py[:, None] - u * d[1])
            o = out[
                r.start - rows.start : r.stop - rows.start,
                c.start - cols.start : c.stop - cols.start,
            ]
            np.minimum(o, dist, out=o)
    if i_lo >= i_hi:
        return None
    sub = out[i_lo - rows.start : i_hi - rows.start, j_lo - cols.start : j_hi - cols.start]
    return slice(i_lo, i_hi), slice(j_lo, j_hi), sub


def _within(got, w: int) -> tuple[np.ndarray, np.ndarray] | None:
    """``_distance``'s (rows, cols, distances) as the flat window indices (K,) of the
    texels within reach and their (K,) distances; None for None."""
    if got is None:
        return None
    r, c, d = got
    i, j = np.nonzero(np.isfinite(d))
    if not i.size:
        return None
    return (i + r.start) * w + (j + c.start), d[i, j]


def _bump(x: np.ndarray) -> np.ndarray:
    """Smooth bump of ``x`` (any shape): (1 - x²)² for |x| < 1, else 0."""
    return np.square(np.maximum(1.0 - x * x, 0.0))


def _ruts(dist: np.ndarray, gauge: float, wheel: float, depth: float) -> np.ndarray:
    """Relief (m) of two ruts ``gauge`` apart, ``wheel`` wide, centred on a line at
    distances ``dist`` (any shape), with their lips: float64 of ``dist``'s shape."""
    e = np.abs(dist - 0.5 * gauge) / (0.5 * wheel)  # 0 on a wheel's centreline, 1 at its edge
    return depth * (RUT_LIP * _bump((e - 1.35) / 0.45) - _bump(e))


def trace_fields(
    traces: Traces, seed: int, x0: float, y0: float, t: float, shape
) -> TraceFields | None:
    """What ``traces`` do to the (h, w) = ``shape`` window of side-``t`` texels whose texel
    (0, 0) has its lower-left corner at (x0, y0); None where no trace reaches it. Each
    trace works only on the texels within its reach."""
    h, w = shape
    keep, clear, add, alb = np.ones(shape), np.ones(shape), np.zeros(shape), np.ones(shape)
    touched = False
    berms, on_any = np.zeros(shape), np.zeros(shape)
    # the polylines' fields only on the texels within reach (flat indices of the window)
    kf, cf, af, lf = (a.reshape(-1) for a in (keep, clear, add, alb))
    bf, of = berms.reshape(-1), on_any.reshape(-1)
    for poly, hw in zip(traces.roads, traces.road_half, strict=True):
        got = _within(_distance([poly], x0, y0, t, shape, hw + BERM_GAP + BERM_W + 0.5), w)
        if got is None:
            continue
        touched = True
        fi, d = got
        on = np.clip(hw + 0.5 - d, 0.0, 1.0)  # 1 within the half width, 1 m soft edge
        of[fi] = np.maximum(of[fi], on)
        kf[fi] *= 1.0 - (1.0 - ROAD_KEEP) * on
        cf[fi] *= 1.0 - np.clip(hw + BERM_GAP + BERM_W - d, 0.0, 1.0)
        g = min(GAUGE_M, 2.0 * hw - WHEEL_M)
        rut = _bump(np.abs(d - 0.5 * g) / WHEEL_M)
        lf[fi] *= 1.0 + on * ((ROAD_ALBEDO - 1.0) + TRAFFIC * (RUT_ALBEDO - 1.0) * rut)
        bf[fi] = np.maximum(bf[fi], BERM_H * _bump((d - hw - BERM_GAP) / BERM_W))
        af[fi] += on * _ruts(d, g, WHEEL_M, TRAFFIC * RUT_D)
    if touched:  # no windrow across another road's surface
        add += berms * np.square(1.0 - on_any)
    for poly, g, wh in zip(traces.tracks, traces.gauge, traces.wheel, strict=True):
        got = _within(_distance([poly], x0, y0, t, shape, 0.5 * g + 2.0 * wh), w)
        if got is None:
            continue
        touched = True
        fi, d = got
        rut = _bump(np.abs(d - 0.5 * g) / (0.6 * wh))
        af[fi] += _ruts(d, g, wh, RUT_D * (1.0 - TRAFFIC))  # on top of the road's traffic
        kf[fi] *= 1.0 - 0.3 * rut  # the tread presses the surface smooth
        cf[fi] *= 1.0 - rut
        lf[fi] *= 1.0 + (RUT_ALBEDO - 1.0) * rut
    xs = x0 + (np.arange(w) + 0.5) * t
    ys = y0 + (np.arange(h) + 0.5) * t
    zero = np.zeros(1, np.int64)
    for k, (px, py, rad) in enumerate(np.asarray(traces.pads, float).reshape(-1, 3)):
        far = BLAST_RHO * rad
        box = _box((px - far, py - far), (px + far, py + far), x0, y0, t, shape)
        if box is None:
            continue
        touched = True
        r, c = box
        dx, dy = xs[None, c] - px, ys[r, None] - py
        rho = np.hypot(dx, dy) / rad
        fall = np.clip((BLAST_RHO - rho) / (BLAST_RHO - 1.3), 0.0, 1.0)
        fall = fall * fall * (3.0 - 2.0 * fall)
        sector = (np.arctan2(dy, dx) / (2 * np.pi) + 0.5) * STREAKS
        s0 = np.floor(sector).astype(np.int64)
        f = sector - s0
        key = seed * 16 + TRACE_KEY + 97 * (k + 1)
        streak = hash_unit(s0 % STREAKS, zero, key) * (1 - f)
        streak += hash_unit((s0 + 1) % STREAKS, zero, key) * f
        keep[r, c] *= 1.0 - 0.8 * fall
        clear[r, c] *= 1.0 - fall
        alb[r, c] *= 1.0 + fall * ((BLAST_ALBEDO - 1.0) + 0.08 * streak)
    for px, py, rad in np.asarray(traces.sites, float).reshape(-1, 3):
        far = rad + TROD_M
        box = _box((px - far, py - far), (px + far, py + far), x0, y0, t, shape)
        if box is None:
            continue
        touched = True
        r, c = box
        rho = np.hypot(xs[None, c] - px, ys[r, None] - py)
        trod = np.clip((far - rho) / (0.5 * TROD_M), 0.0, 1.0)
        mottle = fractal_noise(xs[c], ys[r], (0.5, 1.5), (0.5, 0.5), seed * 16 + TRACE_KEY)
        keep[r, c] *= 1.0 - 0.5 * trod
        clear[r, c] *= 1.0 - 0.7 * trod
        alb[r, c] *= 1.0 + trod * ((TROD_ALBEDO - 1.0) + 0.06 * mottle)
        add[r, c] += trod * 0.01 * mottle
    got = _distance(list(traces.paths), x0, y0, t, shape, 2.0 * PATH_W)
    if got is not None:
        touched = True
        r, c, d = got
        path = _bump(d / PATH_W)
        add[r, c] -= PATH_D * path
        keep[r, c] *= 1.0 - 0.6 * path
        clear[r, c] *= 1.0 - path
        alb[r, c] *= 1.0 + (PATH_ALBEDO - 1.0) * path
    return TraceFields(keep, clear, add, alb) if touched else None


def _point_distance(polys, x: np.ndarray, y: np.ndarray, reach: float) -> np.ndarray:
    """(N,) distance (m) of points ``x``, ``y`` (N,) to the nearest of ``polys`` ((K, 2)
    each), ``inf`` beyond ``reach`` of every segment."""
    out = np.full(x.shape, np.inf)
    if not x.size:
        return out
    lo_p, hi_p = np.array([x.min(), y.min()]) - reach, np.array([x.max(), y.max()]) + reach
    for poly in polys:
        p = np.asarray(poly, float).reshape(-1, 2)
        a, b = (p[:-1], p[1:]) if len(p) > 1 else (p, p)
        keep = np.all((np.maximum(a, b) >= lo_p) & (np.minimum(a, b) <= hi_p), axis=1)
        if not keep.any():
            continue
        a, d = a[keep], (b - a)[keep]
        px, py = x[:, None] - a[None, :, 0], y[:, None] - a[None, :, 1]
        dd = np.maximum((d * d).sum(axis=1), 1e-12)[None, :]
        u = np.clip((px * d[None, :, 0] + py * d[None, :, 1]) / dd, 0.0, 1.0)
        dist = np.hypot(px - u * d[None, :, 0], py - u * d[None, :, 1]).min(axis=1)
        np.minimum(out, dist, out=out)
    return out


def _segment_distance(segs: np.ndarray, x: np.ndarray, y: np.ndarray, reach: float):
    """(N,) distance of points (N,) to the nearest of the (S, 2, 2) segments ``segs``,
    ``inf`` beyond ``reach`` of all of them."""
    a, b = segs[:, 0], segs[:, 1]
    lo_p, hi_p = np.array([x.min(), y.min()]) - reach, np.array([x.max(), y.max()]) + reach
    keep = np.all((np.maximum(a, b) >= lo_p) & (np.minimum(a, b) <= hi_p), axis=1)
    out = np.full(x.shape, np.inf)
    if not keep.any():
        return out
    a, d = a[keep], (b - a)[keep]
    px, py = x[:, None] - a[None, :, 0], y[:, None] - a[None, :, 1]
    dd = np.maximum((d * d).sum(axis=1), 1e-12)[None, :]
    u = np.clip((px * d[None, :, 0] + py * d[None, :, 1]) / dd, 0.0, 1.0)
    return np.hypot(px - u * d[None, :, 0], py - u * d[None, :, 1]).min(axis=1)


def clear_at(traces: Traces, x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """(N,) the factor of rocks the traces leave at points ``x``, ``y`` (N,) world m: the
    ``clear`` field of ``trace_fields`` there (roads and their berms, ruts, blast zones,
    trodden ground, footpaths), for rocks drawn as meshes to agree with the texture."""
    x, y = np.asarray(x, float), np.asarray(y, float)
    clear = np.ones(x.shape)
    if not x.size:
        return clear
    lo, hi = np.array([x.min(), y.min()]), np.array([x.max(), y.max()])

    def near(xyr: np.ndarray, reach: np.ndarray) -> np.ndarray:
        """Rows of (K, 3) discs whose ``reach`` (K,) touches the points' box."""
        xyr = np.asarray(xyr, float).reshape(-1, 3)
        r = reach(xyr[:, 2])
        ok = np.all((xyr[:, :2] + r[:, None] >= lo) & (xyr[:, :2] - r[:, None] <= hi), axis=1)
        return xyr[ok]

    for poly, hw in zip(traces.roads, traces.road_half, strict=True):
        reach = hw + BERM_GAP + BERM_W + 0.5
        p = np.asarray(poly, float)
        if np.any(p.max(axis=0) + reach < lo) or np.any(p.min(axis=0) - reach > hi):
            continue
        d = _point_distance([p], x, y, reach)
        clear *= 1.0 - np.clip(hw + BERM_GAP + BERM_W - d, 0.0, 1.0)
    for poly, g, wh in zip(traces.tracks, traces.gauge, traces.wheel, strict=True):
        d = _point_distance([poly], x, y, 0.5 * g + 2.0 * wh)
        clear *= 1.0 - _bump(np.abs(d - 0.5 * g) / (0.6 * wh))
    for px, py, rad in near(traces.pads, lambda r: BLAST_RHO * r):
        rho = np.hypot(x - px, y - py) / rad
        fall = np.clip((BLAST_RHO - rho) / (BLAST_RHO - 1.3), 0.0, 1.0)
        clear *= 1.0 - fall * fall * (3.0 - 2.0 * fall)
    for px, py, rad in near(traces.sites, lambda r: r + TROD_M):
        rho = np.hypot(x - px, y - py)
        clear *= 1.0 - 0.7 * np.clip((rad + TROD_M - rho) / (0.5 * TROD_M), 0.0, 1.0)
    if len(traces.paths):
        d = _segment_distance(traces.paths, x, y, 2.0 * PATH_W)
        clear *= 1.0 - _bump(d / PATH_W)
    return clear
