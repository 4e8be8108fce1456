"""``generate_terrain``: the whole pipeline from a ``[terrain]`` config table to a Terrain.

1. base relief: fBm (``relief``), 2. crater population (``craters.sample_population``),
3. stamp oldest first, each degraded by its age (``stamping``/``morphology``), hero last,
4. fine roughness, 5. albedo.

Everything random comes from one ``np.random.default_rng(seed)`` in a fixed order, so the same
seed and config give bit-identical heights.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from .albedo import albedo_map
from .craters import CraterCatalogue, sample_population
from .heightfield import Terrain
from .morphology import depth_ratio, rim_height_m
from .relief import fbm, fine_noise
from .stamping import Crater, random_harmonics, stamp

__all__ = ["generate_terrain", "MIN_CRATER_CELLS"]

MIN_CRATER_CELLS = 2.5  # craters narrower than this many cells cannot be drawn
Progress = Callable[[float, str], None]


def _noop(_f: float, _m: str) -> None:
    return None


def generate_terrain(cfg: dict, seed: int, progress: Progress | None = None) -> Terrain:
    """Build a terrain from the validated ``[terrain]`` table ``cfg``.

    Args:
        cfg: dict with size_m, size_px, relief{amplitude_m, hurst, fine_amplitude_m},
            craters{a, b, d_min_m, d_max_m, max_count, max_age_myr, diffusivity_m2_per_myr},
            hero{diameter_m, x_m, y_m, age_myr}, albedo{regolith, fresh_ejecta, variation}.
        seed: random seed.
        progress: optional ``progress(fraction_done, message)``.

    Returns:
        a :class:`Terrain` of ``size_px × size_px`` samples centred on the origin.
    """
    report = progress or _noop
    n = int(cfg["size_px"])
    size_m = float(cfg["size_m"])
    if n < 3:
        raise ValueError("terrain size_px must be >= 3")
    cell = size_m / (n - 1)
    origin = (-0.5 * size_m, -0.5 * size_m)
    rel, cc, hc, ac = cfg["relief"], cfg["craters"], cfg["hero"], cfg["albedo"]
    kappa = float(cc["diffusivity_m2_per_myr"])
    rng = np.random.default_rng(seed)

    report(0.0, "base relief")
    heights = fbm(n, cell, float(rel["hurst"]), float(rel["amplitude_m"]), rng)

    report(0.1, "crater population")
    d_min = max(float(cc["d_min_m"]), MIN_CRATER_CELLS * cell)
    d_max = max(float(cc["d_max_m"]), d_min)
    extent = (origin[0], origin[1], origin[0] + size_m, origin[1] + size_m)
    pop = sample_population(
        float(cc["a"]),
        float(cc["b"]),
        d_min,
        d_max,
        size_m * size_m,
        rng,
        int(cc["max_count"]),
        max_age_myr=float(cc["max_age_myr"]),
        extent=extent,
    )
    harm = random_harmonics(rng, len(pop) + 1)
    order = np.argsort(-pop.age_myr, kind="stable")  # oldest first
    pop = pop.subset(order)

    hero_d = float(hc["diameter_m"])
    hero_cat = CraterCatalogue(
        [float(hc["x_m"])],
        [float(hc["y_m"])],
        [hero_d],
        depth_ratio(np.array([hero_d])) * hero_d,
        rim_height_m(np.array([hero_d])),
        [float(hc["age_myr"])],
        [True],
    )
    cat = pop.append(hero_cat)

    fresh = np.zeros((n, n), dtype=np.float32)
    total = len(cat)
    next_report = 0.25
    hero_info: dict = {}
    for k in range(total):
        crater = Crater(
            float(cat.x[k]),
            float(cat.y[k]),
            float(cat.diameter[k]),
            float(cat.age_myr[k]),
            harm[k],
        )
        res = stamp(heights, cell, origin, crater, diffusivity=kappa, fresh=fresh)
        if res is not None:
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
        if total and (k + 1) / total >= next_report:
            report(0.1 + 0.75 * (k + 1) / total, f"stamped {k + 1}/{total} craters")
            next_report += 0.25

    report(0.85, "fine roughness and albedo")
    heights += fine_noise(n, cell, float(rel["fine_amplitude_m"]), rng)
    albedo = albedo_map(
        n,
        cell,
        rng,
        fresh,
        regolith=float(ac["regolith"]),
        fresh_ejecta=float(ac["fresh_ejecta"]),
        variation=float(ac["variation"]),
    )
    if not hero_info:  # hero entirely off the grid: record its nominal values
        hero_info = {
            "x": float(hc["x_m"]),
            "y": float(hc["y_m"]),
            "diameter": hero_d,
            "rim_height": float(cat.rim_height[-1]),
            "floor_height": float(cat.rim_height[-1] - cat.depth[-1]),
        }
    terrain = Terrain(heights, cell, origin, cat, hero_info, albedo, int(seed))
    report(1.0, f"terrain done: {n}x{n}, {total} craters")
    return terrain
