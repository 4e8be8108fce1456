"""Stage 4, fill: what stands on each lot, by district program.

``assign_uses`` gives every lot a use from its district's mix (the sunniest energy lots get
the solar fields, the first lots of each spaceport its pad cluster, each shelter district a
crew pad on its lot nearest the crater, one shelter lot the command centre); ``fill_lots``
calls the use's filler, which packs its structures in rows and grids in the lot's frame
(x along the frontage, y away from the crater), so footprints are apart by construction.
The fillers live in ``fill_works`` (industry, logistics, mining), ``fill_living``
(shelter), ``fill_port`` (spaceport) and ``fill_power`` (energy, comms).
"""

from __future__ import annotations

import numpy as np

from .lots import Lot
from .site import Builder

MARGIN_M = 4.0  # structures keep this far inside their lot

MIX = {
    "industry": (("tank_farm", 2), ("plant", 2), ("factory", 2), ("warehouses", 1)),
    "logistics": (("container_yard", 3), ("depot", 3), ("warehouses", 4), ("crane_yard", 1)),
    "shelter": (
        ("habitat_rows", 3),
        ("habitat_ring", 1),
        ("greenhouses", 2),
        ("domes", 1),
        ("garage", 2),
        ("yard", 1),
    ),
    "spaceport": (("hangar", 2), ("fuel_depot", 1), ("warehouses", 1)),
    "energy": (("solar", 5), ("fission", 1)),
    "comms": (("dish_farm", 3), ("comm_tower", 1)),
    "mining": (("surface_pit", 2), ("mine_yard", 1)),
}


def extents(hx: float, hy: float, rel_deg: float) -> tuple[float, float]:
    """Half extents along the lot axes of a footprint turned ``rel_deg`` in the lot."""
    c, s = abs(np.cos(np.radians(rel_deg))), abs(np.sin(np.radians(rel_deg)))
    return c * hx + s * hy, s * hx + c * hy


def grid(lot: Lot, ex, ey, gx, gy, margin=MARGIN_M, nmax=(99, 99), area=None, spread=False):
    """(N, 2) lot-local centres of a grid of items with half extents (ex, ey), gaps at least
    (gx, gy), at most ``nmax`` per row and column, centred in the lot (or in ``area`` =
    (x0, y0, x1, y1) local); ``spread``: spaced out evenly over the whole area."""
    x0, y0, x1, y1 = area or (-lot.hx, -lot.hy, lot.hx, lot.hy)
    W, D = x1 - x0 - 2 * margin, y1 - y0 - 2 * margin
    nx = min(int((W + gx) // (2 * ex + gx)), nmax[0])
    ny = min(int((D + gy) // (2 * ey + gy)), nmax[1])
    if nx < 1 or ny < 1:
        return np.zeros((0, 2))
    if spread:
        gx = max(gx, (W - 2 * ex * nx) / max(nx - 1, 1)) if nx > 1 else gx
        gy = max(gy, (D - 2 * ey * ny) / max(ny - 1, 1)) if ny > 1 else gy
    xs = (x0 + x1) / 2 + (np.arange(nx) - (nx - 1) / 2) * (2 * ex + gx)
    ys = (y0 + y1) / 2 + (np.arange(ny) - (ny - 1) / 2) * (2 * ey + gy)
    gxs, gys = np.meshgrid(xs, ys)
    return np.column_stack([gxs.ravel(), gys.ravel()])


def put(b: Builder, lot: Lot, kind, params, lx, ly, lrot=0.0, variant=0, **kw) -> int:
    """Add a structure at lot-local (lx, ly), turned ``lrot`` relative to the lot."""
    ((x, y),) = lot.world([lx], [ly])
    return b.add(kind, params, x, y, lot.rot + lrot, lot.district, variant, lot=lot.name, **kw)


def fits(b: Builder, lot: Lot, kind, params=None, variant=0, lrot=0.0, margin=MARGIN_M) -> bool:
    hx, hy = extents(*b.site.fp(kind, params, variant), lrot)
    return hx <= lot.hx - margin and hy <= lot.hy - margin


def assign_uses(site, districts) -> None:
    """Set ``lot.use`` for every lot (deterministic for the seed)."""
    rng = np.random.default_rng([site.cfg["seed"], 16])
    density = float(site.knob("city_density", 1.0))
    pads = int(site.knob("pads_per_cluster", 5))
    cc_done = False
    shelters = [d for d in districts if d.kind == "shelter"]
    cc_home = min(
        shelters, key=lambda d: abs(np.mean(d.arc) - site.base["engine_arc_deg"]), default=None
    )
    for d in districts:
        if d.kind == "foundation" or not d.lots:
            continue
        names, weights = zip(*MIX[d.kind], strict=True)
        p = np.asarray(weights, float) / sum(weights)
        order = list(d.lots)
        if d.kind == "energy":  # solar on the sunniest ground, fission on the rest
            order.sort(key=lambda q: -q.sun)
        for i, q in enumerate(order):
            q.use = str(names[rng.choice(len(names), p=p)])
            if d.kind == "energy":
                q.use = "solar" if i < len(order) - 1 or len(order) == 1 else "fission"
        if d.kind == "mining":  # the two largest lots are carved into terraced pits
            for q in sorted(d.lots, key=lambda q: -min(q.hx, q.hy))[:2]:
                q.use = "pit"
        if d.kind == "spaceport":  # the pad cluster: the lots nearest the district centre
            c = np.array(d.polygon.centroid.coords[0])
            near = sorted(d.lots, key=lambda q: np.hypot(q.cx - c[0], q.cy - c[1]))
            for q in near[:pads]:
                q.use = "pad"
        if d.kind == "shelter":  # a crew pad (a medium rocket) on the lot nearest the crater
            hx, hy = site.hero["x"], site.hero["y"]
            q = min(d.lots, key=lambda q: (np.hypot(q.cx - hx, q.cy - hy), q.name))
            q.use = "crew_pad"
        if d is cc_home and not cc_done:
            c = np.array(d.polygon.centroid.coords[0])
            q = min(d.lots, key=lambda q: np.hypot(q.cx - c[0], q.cy - c[1]))
            q.use = "command_centre"
            cc_done = True
        if density < 1.0:
            for q in d.lots:
                if q.use not in ("pad", "crew_pad", "command_centre") and rng.random() > density:
                    q.use = "empty"


def fill_lots(b: Builder, lots: list[Lot]) -> None:
    from . import fill_living, fill_port, fill_power, fill_works

    table = {
        **fill_works.FILLERS,
        **fill_living.FILLERS,
        **fill_port.FILLERS,
        **fill_power.FILLERS,
    }
    pad_k: dict[str, int] = {}
    for q in lots:
        if q.use in ("", "empty"):
            q.flatten = q.use != "empty"
            continue
        if q.use == "pad":
            k = pad_k[q.district] = pad_k.get(q.district, -1) + 1
            cluster = sorted(pad_k).index(q.district)
            fill_port.pad(b, q, k + cluster)
            continue
        if q.use == "crew_pad":
            fill_port.pad(b, q, fill_port.CLASSES.index("rocket"))
            continue
        table[q.use](b, q)
    fill_living.link_lots(b, lots)
