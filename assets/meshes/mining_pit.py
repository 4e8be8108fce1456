"""Open mining pit, drawn as geometry that sits on the ground: a raised, irregular ring of
spoil whose inside steps down in benches to the pit floor (the layout may also carve the
terrain under it), a graded haul ramp crossing the ring, spoil heaps outside, boulders on the
floor and two lamp poles on the crest aimed into the pit (SpotLights). Detail 2 adds safety
berms along the benches and more rubble."""

from __future__ import annotations

import numpy as np

from . import _geometry as g
from ._base import AssetMesh, Param, SpotLight

KIND = "mining_pit"
CLOSED_PARTS = ("*",)
SUMMARY = "Open mining pit: stepped spoil rim, haul ramp, spoil heaps, lamps (~120 m)"
PARAMS = {
    "diameter_m": Param(120.0, 30.0, 400.0, "m", "pit floor diameter"),
    "rim_height_m": Param(10.0, 2.0, 40.0, "m", "height of the rim crest"),
    "benches": Param(4, 1, 8, "", "benches stepping down the inside"),
    "heaps": Param(3, 0, 8, "", "spoil heaps outside the rim"),
    "ramp": Param(True, doc="graded haul ramp over the rim"),
}
RAMP_ANGLE = -np.pi / 3


def _noise(rng, amp, ks=(2, 3, 5)):
    """Smooth angular noise coefficients: [(k, amplitude, phase)]."""
    return [(k, amp / k * rng.uniform(0.5, 1.0), rng.uniform(0, 2 * np.pi)) for k in ks]


def _wobble(v, coeffs):
    """Scale x, y of a surface of revolution by 1 + angular noise (keeps its topology)."""
    a = np.arctan2(v[:, 1], v[:, 0])
    f = 1.0 + sum(c * np.cos(k * a + ph) for k, c, ph in coeffs)
    out = v.copy()
    out[:, :2] *= f[:, None]
    return out


def _profile(Ri, Hr, nb, tread):
    """(r, z) loop: floor edge -> outer toe -> crest -> benches down the inside."""
    rise = Hr / nb
    run = rise / np.tan(np.deg2rad(55.0))
    inner = [[Ri, 0.0]]
    r = Ri
    for k in range(nb):
        z0 = k * rise
        r += run
        inner.append([r, z0 + rise])
        if k < nb - 1:
            r += tread
            inner.append([r, z0 + rise])
    rc_in = r
    rc_out = rc_in + max(4.0, 0.8 * Hr)
    ro = rc_out + Hr / np.tan(np.deg2rad(32.0))
    outer = [[ro, 0.0], [rc_out, Hr]]
    return np.array([[Ri, 0.0]] + outer + inner[::-1][:-1]), rc_in, rc_out, ro


def build(params, rng: np.random.Generator, detail: int = 1) -> AssetMesh:
    """Pit centred on the origin; the ramp crosses the rim at azimuth -60 degrees."""
    Ri = float(params["diameter_m"]) / 2
    Hr = float(params["rim_height_m"])
    nb = int(params["benches"])
    tread = max(3.0, 0.03 * Ri)
    n = (16, 64, 160)[detail]
    pb = g.PartBuilder()
    prof, rc_in, rc_out, ro = _profile(Ri, Hr, nb, tread)
    v, f = g.lathe(prof, n, loop=True)
    noise = _noise(rng, 0.05)  # the same wobble for the rim and its berms
    pb.add("regolith", _wobble(v, noise), f, group="rim")
    pb.add("rock", g.cylinder(Ri * 1.02, 0.0, 0.15, n), group="floor")
    if detail >= 2:  # safety berms along every bench edge
        rise = Hr / nb
        run = rise / np.tan(np.deg2rad(55.0))
        for k in range(nb - 1):
            r = Ri + (k + 1) * run + k * tread
            z = (k + 1) * rise
            b = [[r + 0.2, z - 0.05], [r + 1.6, z - 0.05], [r + 0.9, z + 0.8]]
            v2, f2 = g.lathe(b, n, loop=True)
            pb.add("regolith", _wobble(v2, noise), f2, group="berms")
    # graded haul ramp crossing the rim (a wedge in the r-z plane)
    if params["ramp"]:
        lr = 2.5 * Hr
        wedge = [[Ri - 4.0, 0.0], [ro + lr, 0.0], [rc_out + 1.0, Hr + 0.4], [rc_in - 1.0, Hr + 0.4]]
        w = max(8.0, 0.06 * Ri)
        ramp = g.rotate_z(g.extrude_xz(wedge, -w / 2, w / 2), RAMP_ANGLE)
        pb.add("regolith_concrete", ramp, group="ramp")
    # spoil heaps outside the rim
    nh = int(params["heaps"])
    hs = g.seg(detail, 20, 8)
    for i in range(nh):
        a = RAMP_ANGLE + 2 * np.pi * (i + 1) / (nh + 1) + rng.uniform(-0.25, 0.25)
        hh = Hr * rng.uniform(0.5, 1.1)
        rb = hh * rng.uniform(2.0, 2.8)
        t = np.linspace(0, 1, (3, 6, 10)[detail])
        prof_h = np.c_[rb * (1 - t), hh * np.sin(t * np.pi / 2) ** 0.7]
        prof_h[-1, 0] = 0.0
        hv, hf = g.lathe(prof_h, hs)
        hv = _wobble(hv, _noise(rng, 0.3))
        rr = ro + rb * 0.9
        pb.add("rock", hv + [rr * np.cos(a), rr * np.sin(a), 0.0], hf, group="heaps")
    # boulders on the pit floor
    if detail >= 1:
        k = int(rng.integers(8, 16)) * (1 if detail == 1 else 5)
        rad = Ri * np.sqrt(rng.uniform(0.0, 0.8, k))
        ang = rng.uniform(0, 2 * np.pi, k)
        size = rng.uniform(0.6, 2.5, k) * (1 if detail == 1 else 0.6)
        rock = g.sphere(1.0, (6, 10)[detail - 1], (3, 5)[detail - 1])
        for r, a, s in zip(rad, ang, size, strict=True):
            rv = rock[0] * [s, s * 0.8, s * 0.6] + [r * np.cos(a), r * np.sin(a), 0.1]
            pb.add("rock", g.rotate_z((rv, rock[1]), a), group="boulders")
    if detail >= 2:  # wheel ruts across the floor toward the ramp
        d = np.array([np.cos(RAMP_ANGLE), np.sin(RAMP_ANGLE)])
        nrm = np.array([-d[1], d[0]])
        for s in (-1.2, 1.2):
            p0 = np.r_[nrm * s - d * Ri * 0.6, 0.0]
            p1 = np.r_[nrm * s + d * (Ri - 4.0), 0.0]
            pb.add(
                "dark_metal",
                g.beams([p0 + [0, 0, 0.15]], [p1 + [0, 0, 0.15]], 0.5, 0.04),
                group="ruts",
            )
    # lamp poles on the crest, aimed into the pit
    lights = []
    for a in (RAMP_ANGLE + 0.5, RAMP_ANGLE + np.pi):
        rc = (rc_in + rc_out) / 2
        base = np.array([rc * np.cos(a), rc * np.sin(a), Hr * 0.9])
        hp = 12.0
        pb.add(
            "dark_metal",
            g.translate(g.frustum(0.35, 0.2, 0.0, hp, g.seg(detail, 8, 6)), base),
            group="poles",
        )
        head = base + [-np.cos(a) * 0.6, -np.sin(a) * 0.6, hp]
        pb.add("lamp", g.boxes([head], [1.2, 1.2, 0.6], [a]), group="lamps")
        d = (-np.cos(a), -np.sin(a), -0.5)
        lights.append(SpotLight(tuple(head), d, 70.0, 2.5, range_m=2.5 * Ri))
    parts = pb.parts("mining_pit")
    return AssetMesh(KIND, parts, g.footprint(parts), lights=lights)
