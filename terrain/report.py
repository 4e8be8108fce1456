"""The terrain report PNG: hillshade(s), cumulative size–frequency of the crater catalogue
against the target law (log–log), and depth/diameter against the Stopar/Pike laws.

matplotlib is imported on use with the Agg backend (no display needed).
"""

from __future__ import annotations

import io
import os
from pathlib import Path

import numpy as np

from .craters import EQUILIBRIUM_A
from .heightfield import Terrain
from .heightmap_io import _atomic_write
from .morphology import depth_ratio

__all__ = ["write_report", "hillshade", "cumulative_sfd"]


def hillshade(t: Terrain, azimuth_deg: float = 315.0, elevation_deg: float = 35.0) -> np.ndarray:
    """(n, n) float64 in [0, 1]: Lambert shading under a sun at the given azimuth/elevation."""
    az, el = np.radians(azimuth_deg), np.radians(elevation_deg)
    s = np.array([np.sin(az) * np.cos(el), np.cos(az) * np.cos(el), np.sin(el)])
    return np.clip(t.normals() @ s, 0.0, 1.0)


def cumulative_sfd(diameters: np.ndarray, area_m2: float) -> tuple[np.ndarray, np.ndarray]:
    """(D sorted descending (k,), N(>=D) per m² (k,)), float64, of (k,) ``diameters`` (m)."""
    d = np.sort(np.asarray(diameters, float))[::-1]
    return d, np.arange(1, d.size + 1) / area_m2


def _law(p: dict, d: np.ndarray) -> np.ndarray:
    """Target N(>D) per m² (capped at ``d_min``) at diameters ``d`` (m), same shape (e.g. (50,))."""
    a, b, dmin = p["a"], p["b"], p["d_min_m"]
    n_min = min(a * dmin**-b, EQUILIBRIUM_A * dmin**-2.0)
    return n_min * (d / dmin) ** -b


def write_report(terrain: Terrain, path_png: str | os.PathLike, dpi: int = 110) -> Path:
    """Write the report PNG to ``path_png`` atomically (temp name + ``os.replace``).

    Panels: near hillshade (and far hillshade with the near outline when there is a far
    grid), cumulative SFD per m² (near catalogue over the near area, far catalogue over the
    far area) with the target law, depth/diameter of the catalogue with the fresh law.

    Returns:
        the path written.
    """
    import matplotlib

    matplotlib.use("Agg", force=False)
    import matplotlib.pyplot as plt

    t = terrain
    far = t.far
    ncols = 4 if far is not None else 3
    fig, axes = plt.subplots(1, ncols, figsize=(5.2 * ncols, 5.0))
    hs = [(t, "near field")] + ([(far, "far field")] if far is not None else [])
    for ax, (g, title) in zip(axes, hs, strict=False):
        x0, y0, x1, y1 = g.extent
        ax.imshow(
            hillshade(g),
            origin="lower",
            cmap="gray",
            extent=(x0, x1, y0, y1),
            vmin=0,
            vmax=1,
            interpolation="bilinear",
        )
        ax.set_title(f"{title}: {g.size_px}² @ {g.cell_m:.3g} m/px")
        ax.set_xlabel("x east (m)")
        ax.set_ylabel("y north (m)")
        if g is far:
            ex = t.extent
            ax.plot(
                [ex[0], ex[2], ex[2], ex[0], ex[0]],
                [ex[1], ex[1], ex[3], ex[3], ex[1]],
                color="tab:orange",
                lw=0.8,
            )
    ax = axes[len(hs)]
    sets = [(t.craters, t.size_m**2, "near catalogue", t.params)]
    if far is not None:
        sets.append((far.craters, far.size_m**2, "far catalogue", far.params))
    dmin_all, dmax_all = np.inf, 0.0
    for cat, area, label, _p in sets:
        sel = ~cat.is_hero & t.contains(cat.x, cat.y, far=label.startswith("far"))
        if np.any(sel):
            d, n = cumulative_sfd(cat.diameter[sel], area)
            ax.loglog(d, n, ".", ms=2, label=f"{label} ({sel.sum()})")
            dmin_all, dmax_all = min(dmin_all, d.min()), max(dmax_all, d.max())
    if t.params and np.isfinite(dmin_all):
        dd = np.geomspace(dmin_all, dmax_all, 50)
        p = t.params
        ax.loglog(
            dd,
            _law(p, dd),
            "k-",
            lw=1,
            label=f"target N(>D) = {p['a']:.3g} D^-{p['b']:.3g} (capped)",
        )
        ax.loglog(dd, EQUILIBRIUM_A * dd**-2.0, "k:", lw=1, label="equilibrium 10^-1.1 D^-2")
    ax.set_xlabel("diameter D (m)")
    ax.set_ylabel("cumulative N(>D) per m²")
    ax.set_title("size–frequency")
    ax.legend(fontsize=7)
    ax = axes[len(hs) + 1]
    allc = [c for c, *_ in sets]
    D = np.concatenate([c.diameter for c in allc])
    dep = np.concatenate([c.depth for c in allc])
    age = np.concatenate([c.age_myr for c in allc])
    ok = (D > 0) & (dep > 0)
    sc = ax.scatter(D[ok], dep[ok] / D[ok], c=age[ok], s=2, cmap="viridis")
    fig.colorbar(sc, ax=ax, label="age (Myr)")
    if np.any(ok):
        dd = np.geomspace(D[ok].min(), D[ok].max(), 200)
        ax.semilogx(dd, depth_ratio(dd), "r-", lw=1.2, label="fresh: Stopar (<400 m) / Pike")
    ax.set_xlabel("diameter D (m)")
    ax.set_ylabel("depth / diameter (rim crest to floor)")
    ax.set_title("depth/diameter (degraded as stamped)")
    ax.legend(fontsize=7)
    fig.suptitle(f"lunarbase terrain, seed {t.seed}")
    fig.tight_layout()
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=dpi)
    plt.close(fig)
    return _atomic_write(Path(path_png), buf.getvalue())
