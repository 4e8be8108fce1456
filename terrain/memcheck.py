"""Checks of a ``[terrain]`` table before anything is allocated: finite positive sizes,
ordered diameter ranges, and a memory estimate against the machine's available RAM."""

from __future__ import annotations

import math

__all__ = [
    "estimate_memory_bytes",
    "check_terrain_config",
    "available_memory_bytes",
    "BYTES_PER_SAMPLE",
]

# peak bytes per grid sample while generating and baking shadows: heights + padded copy
# (16), freshness + padded (8), FFT work arrays of the relief/noise/albedo (~40), albedo,
# shadow stacks and normals (~40); measured ~100-120 B/sample by bench/bench_terrain.py
BYTES_PER_SAMPLE = 120
BASE_BYTES = 150 * 2**20  # interpreter, numpy, scipy


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


def _gb(b: float) -> str:
    return f"{b / 1e9:.1f} GB"


def _walk(d: dict, prefix: str):
    for k, v in d.items():
        if isinstance(v, dict):
            yield from _walk(v, f"{prefix}.{k}")
        else:
            yield f"{prefix}.{k}", v


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
    far = _far(cfg)
    if far.get("enabled", False):
        if float(far["size_m"]) <= size_m:
            raise ValueError(
                f"terrain.far.size_m: must exceed terrain.size_m ({size_m:g}), "
                f"got {float(far['size_m']):g}"
            )
        if int(far["size_px"]) < 3:
            raise ValueError(f"terrain.far.size_px: must be at least 3, got {far['size_px']}")
    need = estimate_memory_bytes(cfg)
    avail = available_memory_bytes() if available is None else available
    if avail is not None and need > avail:
        nf = _far_px(cfg)
        if nf * nf > n * n:
            key, px = "terrain.far.size_px", nf
        else:
            key, px = "terrain.size_px", n
        raise ValueError(
            f"{key}: {px}² grid needs ~{_gb(need)}, more than the {_gb(avail)} available"
        )
