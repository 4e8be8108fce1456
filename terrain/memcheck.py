"""Checks of a ``[terrain]`` table before anything is allocated: finite positive sizes,
ordered diameter ranges, and memory estimates (the grids, the boulder sampler's candidates)
against the machine's available RAM."""

from __future__ import annotations

import math
from collections.abc import Mapping

__all__ = [
    "estimate_memory_bytes",
    "estimate_boulder_candidates",
    "check_terrain_config",
    "available_memory_bytes",
    "format_bytes",
    "BYTES_PER_SAMPLE",
]

# peak bytes per grid sample while generating and baking shadows: heights + padded copy
# (16), freshness + padded (8), FFT work arrays of the relief/noise/albedo (~40), albedo,
# shadow stacks and normals (~40); measured ~100-120 B/sample by bench/bench_terrain.py
BYTES_PER_SAMPLE = 120
BASE_BYTES = 150 * 2**20  # interpreter, numpy, scipy
# the boulder sampler draws Poisson candidates at the peak intensity before thinning: x, y,
# u (8 B each), grid indices i, j (8 B each), intensity (8 B), keep mask and temporaries
BYTES_PER_BOULDER_CANDIDATE = 80


def available_memory_bytes() -> int | None:
    """MemAvailable from /proc/meminfo in bytes, or None where there is no /proc."""
    try:
        with open("/proc/meminfo", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        return None
    return None


def _far(cfg: dict) -> dict:
    return cfg.get("far") or {}


def _far_px(cfg: dict) -> int:
    """Far samples per edge after snapping (estimate; 0 when disabled)."""
    far = _far(cfg)
    if not far.get("enabled", False):
        return 0
    from .nested import far_geometry

    n = int(cfg["size_px"])
    cell = float(cfg["size_m"]) / (n - 1)
    o = -0.5 * float(cfg["size_m"])
    return far_geometry(n, cell, (o, o), float(far["size_m"]), int(far["size_px"])).size_px


def estimate_memory_bytes(cfg: dict) -> int:
    """Peak memory (bytes) ``generate_terrain(cfg)`` plus shadow baking is expected to need."""
    n = int(cfg["size_px"])
    nf = _far_px(cfg)
    return int(BASE_BYTES + BYTES_PER_SAMPLE * (n * n + nf * nf))


def format_bytes(b: float) -> str:
    """``b`` bytes in the unit that suits it: "850 MB", "3.2 GB", "24.0 TB" (never "0.0 GB")."""
    b = float(b)
    if b >= 1e15:
        return f"{b / 1e12:.2g} TB"
    for unit, scale in (("TB", 1e12), ("GB", 1e9), ("MB", 1e6)):
        if b >= scale:
            return f"{b / scale:.1f} {unit}" if b < 100 * scale else f"{b / scale:.0f} {unit}"
    return f"{b / 1e6:.2f} MB" if b >= 1e4 else f"{b:.0f} bytes"


def estimate_boulder_candidates(cfg: dict) -> float:
    """Expected number of candidate boulders ``sample_boulders`` draws on the near grid
    (0 when boulders are off); a float, it may be astronomically large."""
    bc = cfg.get("boulders") or {}
    if not bc.get("enabled", False):
        return 0.0
    from .boulders import expected_boulders

    area = float(cfg["size_m"]) ** 2
    d_min, d_max = float(bc["d_min_m"]), float(bc["d_max_m"])
    lam = expected_boulders(float(bc["a"]), float(bc["b"]), d_min, d_max, area)
    return lam * max(float(bc["ejecta_multiplier"]), 1.0)


def _walk(d: dict, prefix: str):
    for k, v in d.items():
        if isinstance(v, Mapping):
            yield from _walk(v, f"{prefix}.{k}")
        else:
            yield f"{prefix}.{k}", v


def _check_diameters(cfg: Mapping) -> None:
    """Crater and (enabled) boulder diameter ranges: positive and increasing."""
    for table in ("craters", "boulders"):
        t = cfg.get(table) or {}
        if table == "boulders" and not t.get("enabled", True):
            continue
        if "d_min_m" in t and "d_max_m" in t:
            lo, hi = float(t["d_min_m"]), float(t["d_max_m"])
            if not lo > 0:
                raise ValueError(f"terrain.{table}.d_min_m: must be positive, got {lo:g}")
            if lo >= hi:
                raise ValueError(
                    f"terrain.{table}.d_min_m: must be below d_max_m ({hi:g}), got {lo:g}"
                )


def _check_far(cfg: Mapping, size_m: float) -> None:
    """An enabled far grid is larger than the near one and has at least 3 samples."""
    far = _far(cfg)
    if far.get("enabled", False):
        if float(far["size_m"]) <= size_m:
            raise ValueError(
                f"terrain.far.size_m: must exceed terrain.size_m ({size_m:g}), "
                f"got {float(far['size_m']):g}"
            )
        if int(far["size_px"]) < 3:
            raise ValueError(f"terrain.far.size_px: must be at least 3, got {far['size_px']}")


def check_terrain_config(cfg: dict, available: int | None = None) -> None:
    """Raise ``ValueError`` (one line naming the key) if ``cfg`` cannot be generated.

    Checks: every number finite; sizes positive; crater and boulder ``d_min_m < d_max_m``;
    the far grid larger than the near one; the memory estimate within ``available`` bytes
    (default: MemAvailable). Allocates nothing.
    """
    for key, v in _walk(cfg, "terrain"):
        if isinstance(v, float) and not math.isfinite(v):
            raise ValueError(f"{key}: must be a finite number, got {v}")
    size_m, n = float(cfg["size_m"]), int(cfg["size_px"])
    if not size_m > 0:
        raise ValueError(f"terrain.size_m: must be positive, got {size_m:g}")
    if n < 3:
        raise ValueError(f"terrain.size_px: must be at least 3, got {n}")
    _check_diameters(cfg)
    _check_far(cfg, size_m)
    need = estimate_memory_bytes(cfg)
    avail = available_memory_bytes() if available is None else available
    if avail is not None and need > avail:
        nf = _far_px(cfg)
        if nf * nf > n * n:
            key, px = "terrain.far.size_px", nf
        else:
            key, px = "terrain.size_px", n
        raise ValueError(
            f"{key}: {px}² grid needs ~{format_bytes(need)}, more than the "
            f"{format_bytes(avail)} available"
        )
    rocks = estimate_boulder_candidates(cfg)
    need += rocks * BYTES_PER_BOULDER_CANDIDATE
    if avail is not None and need > avail:
        raise ValueError(
            f"terrain.boulders: a, b and d_min_m give ~{rocks:.2g} candidate boulders on "
            f"{size_m:g} m, needing ~{format_bytes(need)} with the grids, more than the "
            f"{format_bytes(avail)} available (lower a or raise d_min_m)"
        )
