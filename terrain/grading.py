"""Grade a whole road network, every building lot and every structure pad in one vectorised
pass.

The design surface is the ground smoothed by a Gaussian of ``smooth_m`` (craters, boulders
and bumps planed away, the lie of the land kept), so neighbouring roads and lots agree and
meet without cliffs:

* each road corridor (a (K, 2) polyline and a half width) takes the design height of its
  nearest centreline point: level across, smooth along;
* each lot (a polygon, (K, 2) world xy) takes the design surface itself;
* each pad (a polygon, drawn over the lots) is level at the mean design height under it, for
  the structures that need level ground;

and everything blends back to the natural ground over ``blend_m``, or further where the cut
or fill is deep (slopes no steeper than about ``1 / bank`` run per rise). Two Euclidean
distance transforms over the window that holds them all do the work, however many roads and
lots there are.
"""

from __future__ import annotations

import numpy as np
from PIL import Image, ImageDraw
from scipy import ndimage

from .edits import _resample_polyline, smoothstep
from .heightfield import Terrain

__all__ = ["grade_sites"]


def _window(terrain: Terrain, lo, hi):
    n, c = terrain.size_px, terrain.cell_m
    x0, y0 = terrain.origin
    j0 = max(int(np.floor((lo[0] - x0) / c)), 0)
    i0 = max(int(np.floor((lo[1] - y0) / c)), 0)
    j1 = min(int(np.ceil((hi[0] - x0) / c)) + 1, n)
    i1 = min(int(np.ceil((hi[1] - y0) / c)) + 1, n)
    return i0, i1, j0, j1


def _label(shape, polys, x0, y0, c, j0, i0, start=1, img=None):
    """Rasterise polygons into an int32 label image (later polygons drawn over earlier)."""
    img = img or Image.new("I", (shape[1], shape[0]), 0)
    draw = ImageDraw.Draw(img)
    for k, poly in enumerate(polys, start=start):
        q = np.asarray(poly, float).reshape(-1, 2)
        px = (q[:, 0] - x0) / c - j0
        py = (q[:, 1] - y0) / c - i0
        draw.polygon(list(zip(px.tolist(), py.tolist(), strict=True)), fill=k)
    return img


def grade_sites(
    terrain: Terrain,
    roads: list[tuple[np.ndarray, float]],
    lots: list[np.ndarray],
    blend_m: float = 16.0,
    pads: list[np.ndarray] = (),
    smooth_m: float = 45.0,
    bank: float = 1.6,
) -> dict:
    """Grade ``roads`` [(polyline (K, 2), half width m)], ``lots`` and ``pads`` [(K, 2)
    polygons] into ``terrain.heights`` (in place). Returns {"pad_heights": (P,) levels}."""
    c = terrain.cell_m
    x0, y0 = terrain.origin
    polys = [np.asarray(q, float).reshape(-1, 2) for q in [*lots, *pads]]
    pts = [np.asarray(p, float).reshape(-1, 2) for p, _ in roads] + polys
    if not pts:
        return {"pad_heights": np.zeros(0)}
    allp = np.vstack(pts)
    reach = blend_m * 4 + max([hw for _, hw in roads], default=0.0) + 3 * smooth_m
    i0, i1, j0, j1 = _window(terrain, allp.min(0) - reach, allp.max(0) + reach)
    if i0 >= i1 or j0 >= j1:
        return {"pad_heights": np.zeros(len(pads))}
    h = terrain.heights[i0:i1, j0:j1]
    shape = h.shape
    design = ndimage.gaussian_filter(h, smooth_m / c, mode="nearest", truncate=3.0)
    target = np.zeros(shape)
    hard = np.zeros(shape, bool)
    if roads:  # every cell within a corridor: the design height of its nearest centreline
        centre = np.zeros(shape, bool)
        hwc = np.zeros(shape)
        for poly, hw in roads:
            _, xy = _resample_polyline(np.asarray(poly, float), 0.5 * c)
            jj = np.rint((xy[:, 0] - x0) / c).astype(int) - j0
            ii = np.rint((xy[:, 1] - y0) / c).astype(int) - i0
            ok = (ii >= 0) & (ii < shape[0]) & (jj >= 0) & (jj < shape[1])
            centre[ii[ok], jj[ok]] = True
            hwc[ii[ok], jj[ok]] = np.maximum(hwc[ii[ok], jj[ok]], hw)
        if centre.any():
            dist, (ni, nj) = ndimage.distance_transform_edt(~centre, return_indices=True)
            on = dist * c <= hwc[ni, nj]
            hard |= on
            target[on] = design[ni, nj][on]
    levels = np.zeros(len(pads))
    if polys:
        img = _label(shape, polys, x0, y0, c, j0, i0)
        label = np.asarray(img, dtype=np.int64)
        nl = len(lots)
        on_lot = (label > 0) & (label <= nl) & ~hard
        on_pad = (label > nl) & ~hard
        if on_pad.any():
            lab = label[on_pad] - nl
            s = np.bincount(lab, weights=design[on_pad], minlength=len(pads) + 1)
            cnt = np.bincount(lab, minlength=len(pads) + 1)
            mean = s / np.maximum(cnt, 1)
            target[on_pad] = mean[lab]
            levels = mean[1:]
            # the lot round a pad ramps to the pad's level over its banks
            dist, (ni, nj) = ndimage.distance_transform_edt(~on_pad, return_indices=True)
            near = on_lot & (dist > 0)
            lvl = target[ni[near], nj[near]]
            width = np.maximum(blend_m, bank * np.abs(lvl - design[near]))
            w = 1.0 - smoothstep(dist[near] * c / width)
            design = design.copy()
            design[near] += w * (lvl - design[near])
        target[on_lot] = design[on_lot]
        hard |= on_lot | on_pad
    if not hard.any():
        return {"pad_heights": levels}
    dist, (ni, nj) = ndimage.distance_transform_edt(~hard, return_indices=True)
    tgt = target[ni, nj]
    width = np.maximum(blend_m, bank * np.abs(tgt - h))  # deep cuts get long banks
    w = 1.0 - smoothstep(dist * c / width)
    new = h + w * (tgt - h)
    new[hard] = target[hard]
    terrain.heights[i0:i1, j0:j1] = new
    return {"pad_heights": levels}
