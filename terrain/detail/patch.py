"""One window of the detail tier: relief and the shading factor that multiplies the 3 m lit
ground image there.

A window is ``h × w`` texels of side ``texel`` m whose texel (0, 0) has its lower-left corner
at world (x0, y0); rows run along +y, columns along +x (as the terrain grid). A patch of the
fixed world grid is the window ``patch_window(law, ix, iy)``; every value at a world texel is
the same whichever window computes it (features come from world cells, noise from the world
lattice, and every neighbourhood operation runs on a margin that is then cropped).

Shading at the detail scale: the sun (azimuth, elevation, its disc sampled at 3 elevations)
is swept over the detail height ``H = base bilinear height + relief`` (``terrain.shading``'s
horizon march, on a window padded by ``margin_m``) and over the base height alone; the factor
is the ratio of the two Lambert-times-lit shadings (plus a small ambient term standing for
earthshine and skylight off the surroundings), times the albedo variation, divided by its own
local mean over ``norm_m``: the factor's local mean is 1, so the tier only redistributes the
light of each 3 m texel and the lit image keeps its brightness where the tier ends.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.ndimage import gaussian_filter, uniform_filter

from ..boulders import VIPER_A, VIPER_B
from ..heightfield import Terrain
from ..shading import SUN_RADIUS_DEG, _disc, _march
from .features import cell_craters, cell_rocks, gather
from .noise import fractal_noise
from .shade import march_many, smoothed_base
from .stamp import stamp_craters, stamp_rocks
from .traces import Traces, trace_fields

__all__ = ["DetailLaw", "DetailWindow", "detail_window", "detail_shading", "patch_window"]

RELIEF_KEY, ALBEDO_KEY = 1, 2
MEAN_FLOOR, FACTOR_MAX = 0.5, 3.0
CAVITY_M, CAVITY_GAIN = 1.0, 4.0  # cavity shading's scale (m) and gain (per m of depth)
SUN_STEP = 4  # the sun fraction is kept every this many texels
BASE_SMOOTH_M = 1.2  # std of the Gaussian that rounds the base height before the sweep


@dataclass(frozen=True)
class DetailLaw:
    """The tier's sizes and laws (all lengths m)."""

    seed: int = 0
    patch_m: float = 128.0  # side of a patch of the fixed world grid
    texel_m: float = 0.25
    cell_m: float = 32.0  # feature sampling cell
    crater_a: float = 10.0**-1.1  # terrain's N(>D) = a D^-b per m²
    crater_b: float = 2.0
    crater_d_min: float = 0.5
    crater_d_max: float = 10.0
    crater_s_max: float = 0.6  # largest diffusion length / radius of a visible crater
    rock_a: float = VIPER_A
    rock_b: float = VIPER_B
    rock_d_min: float = 0.05
    rock_d_max: float = 1.5  # the terrain's boulder meshes start here
    rock_albedo: float = 0.45  # fractional brightening of a texel fully covered by rock
    halo_albedo: float = 0.5  # brightening of a fresh crater's ejecta (0.12 -> ~0.18 albedo)
    relief_wavelengths: tuple[float, ...] = (0.5, 1.0, 2.0, 4.0, 8.0)
    relief_slope: float = 0.02  # octave amplitude / wavelength (self-affine, Hurst ~1)
    albedo_wavelengths: tuple[float, ...] = (0.5, 2.0, 8.0, 32.0)
    albedo_amplitudes: tuple[float, ...] = (0.03, 0.04, 0.05, 0.06)
    ambient: float = 0.015  # non-sun light, in units of a sun at normal incidence
    margin_m: float = 24.0  # shadow sweep / normalisation padding
    norm_m: float = 6.0  # the factor is divided by its mean over this box

    @classmethod
    def of(cls, terrain: Terrain, **over) -> DetailLaw:
        """The law of ``terrain``: its seed and crater law (a, b), craters up to the
        terrain's own smallest (10 m at most), rocks up to its smallest boulder."""
        p = terrain.params or {}
        kw = {
            "seed": int(terrain.seed),
            "crater_a": float(p.get("a", cls.crater_a)),
            "crater_b": float(p.get("b", cls.crater_b)),
            "crater_d_max": float(min(10.0, p.get("d_min_m", 10.0))),
        }
        kw.update(over)
        return cls(**kw)

    @property
    def patch_px(self) -> int:
        """Texels per patch edge."""
        return int(round(self.patch_m / self.texel_m))


@dataclass(frozen=True)
class DetailWindow:
    """A computed window: ``relief`` (h, w) float32 detail height (m) over the base
    bilinear height, ``factor`` (h, w) float32 shading × albedo factor (local mean ~1),
    ``sun`` (h / SUN_STEP, w / SUN_STEP) float32 fraction of the sun's disc seen from the
    detail ground at every SUN_STEP-th texel (what lights the rocks drawn as meshes)."""

    x0: float
    y0: float
    texel: float
    relief: np.ndarray
    factor: np.ndarray
    sun: np.ndarray | None = None


def patch_window(law: DetailLaw, ix: int, iy: int) -> tuple[float, float, int]:
    """(x0, y0, n): the lower-left corner and texels per edge of patch (``ix``, ``iy``)."""
    return ix * law.patch_m, iy * law.patch_m, law.patch_px


def _relief(
    law: DetailLaw, x0: float, y0: float, shape: tuple[int, int], traces: Traces | None = None
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Relief (m), rock cover (0..1) and albedo factor (fresh craters' halos, the traces'
    marks) of the (h, w) = ``shape`` window at (x0, y0), with the base's ``traces`` (roads,
    ruts, pads, sites) worked in: (h, w) float64 each."""
    t = law.texel_m
    nh, nw = shape
    ext = (x0, y0, x0 + nw * t, y0 + nh * t)
    craters = gather(
        lambda cx, cy: cell_craters(
            law.seed,
            cx,
            cy,
            law.cell_m,
            law.crater_a,
            law.crater_b,
            law.crater_d_min,
            law.crater_d_max,
            law.crater_s_max,
        ),
        ext,
        2.0 * law.crater_d_max,
        law.cell_m,
    )
    rocks = gather(
        lambda cx, cy: cell_rocks(
            law.seed, cx, cy, law.cell_m, law.rock_a, law.rock_b, law.rock_d_min, law.rock_d_max
        ),
        ext,
        law.rock_d_max,
        law.cell_m,
    )
    z, halo = stamp_craters(
        craters, x0, y0, t, shape, law.crater_d_min, law.crater_d_max, law.crater_s_max, True
    )
    rz, cover = stamp_rocks(rocks, x0, y0, t, shape)
    xs = x0 + (np.arange(nw) + 0.5) * t
    ys = y0 + (np.arange(nh) + 0.5) * t
    amps = tuple(law.relief_slope * lam for lam in law.relief_wavelengths)
    z += fractal_noise(xs, ys, law.relief_wavelengths, amps, law.seed * 16 + RELIEF_KEY)
    bright = np.minimum(halo, 1.0)
    bright *= law.halo_albedo
    tf = trace_fields(traces, law.seed, x0, y0, t, shape) if traces else None
    if tf is None:
        return z + rz, cover, bright + 1.0
    z *= tf.keep
    z += rz * tf.clear + tf.add
    bright *= tf.keep  # graded, trodden and scoured ground has lost its fresh halos
    return z, cover * tf.clear, (bright + 1.0) * tf.albedo


def detail_shading(h: np.ndarray, texel: float, az: float, el: float, ambient: float) -> np.ndarray:
    """Lambert × lit fraction + ambient of the (n, n) heights ``h`` (m) under a sun at
    azimuth ``az``, elevation ``el`` (deg), its disc sampled: (n, n) float64."""
    els, wts = _disc(el, SUN_RADIUS_DEG, 3)
    return _lambert_lit(
        h, _march(h, texel, az, els).astype(np.float32), wts, texel, az, el, ambient
    )


def _lambert_lit(
    h: np.ndarray,
    lit: np.ndarray,
    wts: np.ndarray,
    texel: float,
    az: float,
    el: float,
    ambient: float,
) -> np.ndarray:
    """Lambert of heights ``h`` (n, n) × the ``wts`` (E,) weighted lit flags ``lit``
    (E, n, n) float32 of the sun's disc + ambient: (n, n) float64."""
    lit = np.tensordot(wts / wts.sum(), lit, axes=1)
    gy, gx = np.gradient(h, texel)
    a, e = np.radians(az), np.radians(el)
    s = np.array([np.sin(a) * np.cos(e), np.cos(a) * np.cos(e), np.sin(e)])
    lam = (-gx * s[0] - gy * s[1] + s[2]) / np.sqrt(1.0 + gx * gx + gy * gy)
    return np.maximum(lam, 0.0) * lit + ambient


def detail_window(
    terrain: Terrain,
    law: DetailLaw,
    x0: float,
    y0: float,
    n: int,
    sun_az: float,
    sun_el: float,
    traces: Traces | None = None,
) -> DetailWindow:
    """The detail of the (n, n) window at (``x0``, ``y0``) under the sun (azimuth, elevation
    deg), with the base's ``traces``: relief and shading factor, both pure functions of
    world position, seed, sun and traces."""
    t = law.texel_m
    m = int(np.ceil(law.margin_m / t))
    # the normalising box's half width k // 2 around the crop, one texel more for the
    # gradients, the cavity filter's and the base Gaussian's radii (scipy: truncate 4)
    k = int(round(law.norm_m / t)) | 1
    e = min(k // 2 + 1, m)
    g = min(e + 1, m)
    cr = int(4.0 * CAVITY_M / t + 0.5)
    rb = int(4.0 * BASE_SMOOTH_M / t + 0.5)
    local = min(max(e + cr, g + 1 + rb) + 1, m)
    (mb, mt), (ml, mr) = _margins(m, local, sun_az)
    px0, py0 = x0 - ml * t, y0 - mb * t
    relief, cover, talb = _relief(law, px0, py0, (n + mb + mt, n + ml + mr), traces)
    xs = px0 + (np.arange(n + ml + mr) + 0.5) * t
    ys = py0 + (np.arange(n + mb + mt) + 0.5) * t
    # rounded off at the 3 m cells' creases: swept as they are, bilinear cells cut the
    # terminator into a 3 m saw-tooth that the ratio then draws as a dark jagged line
    base = smoothed_base(terrain, xs, ys, BASE_SMOOTH_M / t)
    # the sweep reads the margin toward the sun (shadows reach in from there); what follows
    # is local, within ``local`` texels of the crop
    els, wts = _disc(sun_el, SUN_RADIUS_DEG, 3)
    lit = march_many(np.stack([base + relief, base]), t, sun_az, els).astype(np.float32)

    def band(lo: int, pad: int) -> slice:
        return slice(lo - pad, lo + n + pad)

    rr, rc = band(mb, g), band(ml, g)
    sh = [
        _lambert_lit(h[rr, rc], lt[:, rr, rc], wts, t, sun_az, sun_el, law.ambient)
        for h, lt in zip((base + relief, base), lit, strict=True)
    ]
    inner = slice(g - e, g + n + e)
    ratio, sb = sh[0][inner, inner], sh[1][inner, inner]
    ratio /= sb
    # in the base's shadow the light is earthshine and lamp pools, which the sun's ratio
    # leaves flat: there the relief shows by its cavities (bowls darker, rims, rocks lighter)
    shadow = np.clip(1.0 - (sb - law.ambient) / (0.5 * np.sin(np.radians(max(sun_el, 0.5)))), 0, 1)
    # the cavity filter's input: the crop and its reach, clipped to the padded window
    r0, c0 = max(mb - e - cr, 0), max(ml - e - cr, 0)
    rz = relief[
        r0 : min(mb + n + e + cr, relief.shape[0]), c0 : min(ml + n + e + cr, relief.shape[1])
    ]
    cav = rz - gaussian_filter(rz, CAVITY_M / t, mode="nearest")
    cav = cav[mb - e - r0 : mb + n + e - r0, ml - e - c0 : ml + n + e - c0]
    ratio *= 1.0 + shadow * (np.clip(1.0 + CAVITY_GAIN * cav, 0.5, 1.5) - 1.0)
    wr, wc = band(mb, e), band(ml, e)
    alb = 1.0 + fractal_noise(
        xs[wc], ys[wr], law.albedo_wavelengths, law.albedo_amplitudes, law.seed * 16 + ALBEDO_KEY
    )
    alb *= 1.0 + law.rock_albedo * cover[wr, wc]
    alb *= talb[wr, wc]
    raw = np.clip(ratio, 0.0, 4.0) * alb
    # a box mostly in shadow keeps some of its darkness: its mean is not raised to 1 past
    # MEAN_FLOOR, and no texel is lifted past FACTOR_MAX (no glare from a normalised shadow)
    mean = uniform_filter(raw, size=k, mode="nearest")
    factor = np.minimum(raw / np.maximum(mean, MEAN_FLOOR), FACTOR_MAX)
    fc = slice(e, e + n)
    half = SUN_STEP // 2
    sun = np.tensordot(
        (wts / wts.sum()).astype(np.float32),
        lit[0][:, mb + half : mb + n : SUN_STEP, ml + half : ml + n : SUN_STEP],
        axes=1,
    )
    return DetailWindow(
        x0,
        y0,
        t,
        relief[band(mb, 0), band(ml, 0)].astype(np.float32),
        factor[fc, fc].astype(np.float32),
        sun.astype(np.float32),
    )


def _margins(m: int, local: int, az: float) -> tuple[tuple[int, int], tuple[int, int]]:
    """((bottom, top), (left, right)) texels of padding round a window for the horizon
    sweep toward a sun at azimuth ``az`` (deg): ``m`` on the sunward side along the marched
    axis and on the side the rays drift to across it (``shade.sweep_many`` reads columns
    j + q and j + q + 1, q = floor(drift per step): the dependence widens one texel per step
    toward +j when q >= 0, toward -j when q < 0), ``local`` elsewhere."""
    a = np.radians(az)
    sx, sy = np.sin(a), np.cos(a)
    if abs(sx) >= abs(sy):  # marched along x, drifting along y
        cols = (local, m) if sx > 0 else (m, local)
        rows = (local, m) if np.floor(sy / abs(sx)) >= 0 else (m, local)
    else:  # marched along y, drifting along x
        rows = (local, m) if sy > 0 else (m, local)
        cols = (local, m) if np.floor(sx / abs(sy)) >= 0 else (m, local)
    return rows, cols
