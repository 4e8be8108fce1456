"""``generate_terrain``: the whole pipeline from a ``[terrain]`` config table to a Terrain.

Single grid (no ``far`` table, or ``far.enabled = false``):
1. base relief: fBm (``relief``) rolled off below ``RELIEF_CROSSOVER_M``,
2. crater population (``craters.sample_population``), 3. stamp oldest first, each degraded
by its age (simple craters in vectorised batches, ``batchstamp``; complex ones one by one,
``stamping``), hero last, 4. fine roughness, 5. albedo, 6. boulders.

Two scales (``far.enabled``, see ``nested.py``): the far grid is generated first (relief,
craters the far grid resolves, hero), then the near grid from the far relief upsampled plus
finer detail, with every far crater that reaches the near grid plus the small craters only it
resolves (same size–frequency law), then blended into the far field at its border.

Everything random comes from one ``np.random.default_rng(seed)`` in a fixed order (boulders
from their own stream ``default_rng([seed, 0xB0])``), so the same seed and config give
bit-identical heights.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from .albedo import albedo_map, patch_field
from .batchstamp import BATCH_MAX_D_M, stamp_batch
from .boulders import sample_boulders
from .craters import CraterCatalogue, sample_population
from .heightfield import Terrain
from .morphology import EJECTA_END_RHO, depth_ratio, rim_height_m
from .nested import blend_border, far_geometry, upsample
from .relief import band_std, fbm, fine_noise
from .stamping import Crater, random_harmonics, stamp

__all__ = ["generate_terrain", "MIN_CRATER_CELLS", "stamp_catalogue"]

MIN_CRATER_CELLS = 2.5  # craters narrower than this many cells cannot be drawn
CHUNK = 8192  # craters per age-ordered chunk
# The fractal base relief rolls off below this wavelength (a deviogram breakover, as LOLA
# roughness profiles show; LOLA constrains the Hurst exponent only above ~57 m baselines): at
# shorter scales the relief of the Moon is its crater population, which is stamped explicitly
# down to D_min, plus the fine noise. Without it an H = 0.8 fBm of tens of metres std
# extrapolated to 1 m/px is ~24° RMS slope at 1 m baseline on its own.
RELIEF_CROSSOVER_M = 30.0
Progress = Callable[[float, str], None]

BOULDER_DEFAULTS = {
    "enabled": True,
    "d_min_m": 1.5,
    "d_max_m": 12.0,
    "a": 0.0003,
    "b": 2.48,
    "ejecta_multiplier": 5.0,
    "max_count": 20000,
}
FAR_DEFAULTS = {"enabled": False, "size_m": 20000.0, "size_px": 1025, "blend_m": 240.0}


def _noop(_f: float, _m: str) -> None:
    return None


def _sub(cfg: dict, key: str, defaults: dict) -> dict:
    out = dict(defaults)
    out.update(cfg.get(key, {}) or {})
    return out


def stamp_catalogue(
    heights: np.ndarray,
    cell: float,
    origin: tuple[float, float],
    cat: CraterCatalogue,
    harm: np.ndarray,
    kappa: float,
    fresh: np.ndarray,
    report: Progress = _noop,
    span: tuple[float, float] = (0.0, 1.0),
) -> dict:
    """Stamp ``cat`` (in stamping order: oldest first, hero last) into ``heights`` in place.

    Simple craters (D <= 15 km, not the hero) go through ``stamp_batch`` in age-ordered
    chunks of ``CHUNK``; the rest (complex craters, the hero) through ``stamp``, after the
    batch of their chunk. ``cat.depth``/``cat.rim_height`` are set to
    the degraded values stamped.

    Args:
        heights: (n, n) float64; fresh: (n, n) float32 freshness (updated).
        harm: (len(cat), 3, 3) rim harmonics.

    Returns:
        hero info dict (x, y, diameter, rim_height, floor_height) or {} if the hero missed.
    """
    n = heights.shape[0]
    small = (cat.diameter <= BATCH_MAX_D_M) & ~cat.is_hero
    total = len(cat)
    hero_info: dict = {}
    for c0 in range(0, total, CHUNK):
        idx = np.arange(c0, min(c0 + CHUNK, total))
        s = idx[small[idx]]
        if s.size:
            d, r = stamp_batch(
                heights,
                0,
                cell,
                origin,
                cat.x[s],
                cat.y[s],
                cat.diameter[s],
                cat.age_myr[s],
                harm[s],
                diffusivity=kappa,
                fresh_p=fresh,
            )
            cat.depth[s] = d
            cat.rim_height[s] = r
        for k in idx[~small[idx]]:
            crater = Crater(
                float(cat.x[k]),
                float(cat.y[k]),
                float(cat.diameter[k]),
                float(cat.age_myr[k]),
                harm[k],
            )
            res = stamp(heights, cell, origin, crater, diffusivity=kappa, fresh=fresh)
            if res is None:
                continue
            cat.depth[k] = res.depth
            cat.rim_height[k] = res.rim_height
            if cat.is_hero[k]:
                hero_info = {
                    "x": crater.x,
                    "y": crater.y,
                    "diameter": crater.diameter,
                    "rim_height": res.ref_height + res.rim_height,
                    "floor_height": res.ref_height + res.rim_height - res.depth,
                }
        f = min(c0 + CHUNK, total) / max(total, 1)
        report(span[0] + (span[1] - span[0]) * f, f"stamped {min(c0 + CHUNK, total)}/{total}")
    return hero_info if n else {}


def _hero_catalogue(hc: dict) -> CraterCatalogue:
    d = float(hc["diameter_m"])
    return CraterCatalogue(
        [float(hc["x_m"])],
        [float(hc["y_m"])],
        [d],
        depth_ratio(np.array([d])) * d,
        rim_height_m(np.array([d])),
        [float(hc["age_myr"])],
        [True],
    )


def _order(
    pop: CraterCatalogue, hero: CraterCatalogue, harm: np.ndarray
) -> tuple[CraterCatalogue, np.ndarray]:
    """Oldest first, hero appended last; harmonics reordered alike (hero's is the last row).

    ``harm``: (P1, 3, 3) rim harmonics, P1 = len(pop) + 1; returns the catalogue and its
    reordered (P1, 3, 3) harmonics."""
    order = np.argsort(-pop.age_myr, kind="stable")
    return pop.subset(order).append(hero), np.concatenate([harm[:-1][order], harm[-1:]])


def _nominal_hero(cat: CraterCatalogue, hc: dict) -> dict:
    return {
        "x": float(hc["x_m"]),
        "y": float(hc["y_m"]),
        "diameter": float(hc["diameter_m"]),
        "rim_height": float(cat.rim_height[-1]),
        "floor_height": float(cat.rim_height[-1] - cat.depth[-1]),
    }


def _extent(origin: tuple[float, float], size_m: float) -> tuple[float, float, float, float]:
    return (origin[0], origin[1], origin[0] + size_m, origin[1] + size_m)


def generate_terrain(cfg: dict, seed: int, progress: Progress | None = None) -> Terrain:
    """Build a terrain from the validated ``[terrain]`` table ``cfg``.

    Args:
        cfg: dict with size_m, size_px, relief{amplitude_m, hurst, fine_amplitude_m},
            craters{a, b, d_min_m, d_max_m, max_count, max_age_myr, diffusivity_m2_per_myr},
            hero{diameter_m, x_m, y_m, age_myr}, albedo{regolith, fresh_ejecta, variation},
            optional boulders{enabled, d_min_m, d_max_m, a, b, ejecta_multiplier, max_count}
            and far{enabled, size_m, size_px, blend_m} (missing tables take the defaults
            ``BOULDER_DEFAULTS`` / ``FAR_DEFAULTS``: boulders on, far grid off).
        seed: random seed.
        progress: optional ``progress(fraction_done, message)``.

    Returns:
        a :class:`Terrain` of ``size_px × size_px`` samples centred on the origin, with
        ``far`` set when the far grid is enabled and ``boulders`` when boulders are.
    """
    report = progress or _noop
    n = int(cfg["size_px"])
    size_m = float(cfg["size_m"])
    if n < 3:
        raise ValueError("terrain size_px must be >= 3")
    cell = size_m / (n - 1)
    origin = (-0.5 * size_m, -0.5 * size_m)
    rel, cc, hc, ac = cfg["relief"], cfg["craters"], cfg["hero"], cfg["albedo"]
    bc = _sub(cfg, "boulders", BOULDER_DEFAULTS)
    fc = _sub(cfg, "far", FAR_DEFAULTS)
    kappa = float(cc["diffusivity_m2_per_myr"])
    a, b = float(cc["a"]), float(cc["b"])
    max_count = int(cc["max_count"])
    max_age = float(cc["max_age_myr"])
    hurst, amp = float(rel["hurst"]), float(rel["amplitude_m"])
    alb = {k: float(ac[k]) for k in ("regolith", "fresh_ejecta", "variation")}
    rng = np.random.default_rng(seed)
    d_min = max(float(cc["d_min_m"]), MIN_CRATER_CELLS * cell)
    d_max = max(float(cc["d_max_m"]), d_min)
    extent = _extent(origin, size_m)
    hero = _hero_catalogue(hc)
    k_roll = 1.0 / RELIEF_CROSSOVER_M if RELIEF_CROSSOVER_M > 0 else None

    far_t = None
    if fc["enabled"]:
        report(0.0, "far field")
        geo = far_geometry(n, cell, origin, float(fc["size_m"]), int(fc["size_px"]))
        nf, fcell = geo.size_px, geo.cell_m
        far_rel = fbm(nf, fcell, hurst, amp, rng, k_roll=k_roll)
        d_split = max(MIN_CRATER_CELLS * fcell, d_min)
        # the same law above d_split: density at d_split of the (equilibrium-capped) law
        n_split = min(a * d_min**-b, 10.0**-1.1 * d_min**-2.0) * (d_split / d_min) ** -b
        fpop = sample_population(
            n_split * d_split**b,
            b,
            d_split,
            max(d_max, d_split),
            geo.size_m**2,
            rng,
            max_count,
            max_age_myr=max_age,
            extent=_extent(geo.origin, geo.size_m),
        )
        fharm = random_harmonics(rng, len(fpop) + 1)
        fcat, fharm = _order(fpop, hero, fharm)
        fh = far_rel.copy()
        ffresh = np.zeros((nf, nf), dtype=np.float32)
        fhero = stamp_catalogue(
            fh, fcell, geo.origin, fcat, fharm, kappa, ffresh, report, (0.02, 0.25)
        )
        fh += fine_noise(nf, fcell, float(rel["fine_amplitude_m"]), rng)
        fpatch = patch_field(nf, fcell, rng)
        falb = albedo_map(nf, fcell, rng, ffresh, patches=fpatch, **alb)
        far_t = Terrain(
            fh,
            fcell,
            geo.origin,
            fcat,
            fhero or _nominal_hero(fcat, hc),
            falb,
            int(seed),
            fresh=ffresh,
        )
        # near: far relief (cubic) + the finer band, far craters reaching the near grid
        report(0.3, "near field relief")
        k_lo = 0.5 / fcell
        detail = band_std(amp, hurst, k_lo, 0.5 / cell, 1.0 / geo.size_m, 0.5 / fcell)
        heights = upsample(far_rel, geo, n, order=3)
        heights += fbm(n, cell, hurst, detail, rng, k_min=k_lo, k_roll=k_roll)
        reach = EJECTA_END_RHO * 0.55 * fcat.diameter + cell
        touch = (fcat.x + reach >= extent[0]) & (fcat.x - reach <= extent[2])
        touch &= (fcat.y + reach >= extent[1]) & (fcat.y - reach <= extent[3])
        touch[-1] = False
        npop = sample_population(
            a, b, d_min, d_max, size_m * size_m, rng, max_count, max_age_myr=max_age, extent=extent
        )
        npop = npop.subset(npop.diameter < d_split)
        nharm = random_harmonics(rng, len(npop))
        pop = fcat.subset(np.flatnonzero(touch)).append(npop)
        harm = np.concatenate([fharm[:-1][touch[:-1]], nharm, fharm[-1:]])
    else:
        report(0.0, "base relief")
        heights = fbm(n, cell, hurst, amp, rng, k_roll=k_roll)
        report(0.1, "crater population")
        pop = sample_population(
            a, b, d_min, d_max, size_m * size_m, rng, max_count, max_age_myr=max_age, extent=extent
        )
        harm = random_harmonics(rng, len(pop) + 1)
    cat, harm = _order(pop, hero, harm)

    fresh = np.zeros((n, n), dtype=np.float32)
    span = (0.35, 0.85) if far_t is not None else (0.1, 0.85)
    hero_info = stamp_catalogue(heights, cell, origin, cat, harm, kappa, fresh, report, span)

    report(0.85, "fine roughness and albedo")
    heights += fine_noise(n, cell, float(rel["fine_amplitude_m"]), rng)
    if far_t is not None:
        band = max(int(round(float(fc["blend_m"]) / cell)), 1)
        blend_border(heights, upsample(far_t.heights, geo, n, order=1), band)
        patches = upsample(fpatch, geo, n, order=1)
        albedo = albedo_map(n, cell, rng, fresh, patches=patches, **alb)
        albedo = blend_border(
            albedo.astype(np.float64), upsample(far_t.albedo.astype(np.float64), geo, n), band
        )
        albedo = albedo.astype(np.float32)
    else:
        albedo = albedo_map(n, cell, rng, fresh, **alb)
    terrain = Terrain(
        heights,
        cell,
        origin,
        cat,
        hero_info or _nominal_hero(cat, hc),
        albedo,
        int(seed),
        far=far_t,
        fresh=fresh,
    )
    terrain.params = {"a": a, "b": b, "d_min_m": d_min, "d_max_m": d_max, "boulders_drawn": 0}
    if far_t is not None:
        far_t.params = {"a": a, "b": b, "d_min_m": d_split, "d_max_m": max(d_max, d_split)}
    if bc["enabled"]:
        report(0.95, "boulders")
        brng = np.random.default_rng([int(seed), 0xB0])
        terrain.boulders, drawn = sample_boulders(
            brng,
            extent,
            fresh,
            cell,
            float(bc["d_min_m"]),
            float(bc["d_max_m"]),
            float(bc["a"]),
            float(bc["b"]),
            float(bc["ejecta_multiplier"]),
            int(bc["max_count"]),
        )
        terrain.params["boulders_drawn"] = int(drawn)
    nb = 0 if terrain.boulders is None else len(terrain.boulders)
    far_msg = f", far {far_t.size_px}x{far_t.size_px} @ {far_t.cell_m:g} m" if far_t else ""
    report(1.0, f"terrain done: {n}x{n}, {len(cat)} craters, {nb} boulders{far_msg}")
    return terrain
