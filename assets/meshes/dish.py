"""Dish antenna: a paraboloid reflector (thin shell) on an alt-azimuth yoke and a concrete
pedestal, with a feed on a tripod of struts and a back-structure ring."""

from __future__ import annotations

import numpy as np

from . import _geometry as g
from ._base import AssetMesh, Param

KIND = "dish"
CLOSED_PARTS = ("*",)
SUMMARY = "Parabolic dish antenna on an alt-az pedestal"
PARAMS = {
    "diameter_m": Param(12.0, 2.0, 70.0, "m", "reflector diameter"),
    "elevation_deg": Param(30.0, 0.0, 90.0, "deg", "boresight elevation"),
    "azimuth_deg": Param(0.0, -180.0, 180.0, "deg", "boresight azimuth (0 = +x)"),
}


def build(params, rng: np.random.Generator, detail: int = 1) -> AssetMesh:
    """Pedestal on the origin; the dish pivots about the elevation axis above it."""
    D = float(params["diameter_m"])
    R = D / 2
    el = np.deg2rad(float(params["elevation_deg"]))
    az = np.deg2rad(float(params["azimuth_deg"]))
    n = g.seg(detail, 40, 12)
    f = 0.4 * D  # focal length
    depth = R * R / (4 * f)
    pb = g.PartBuilder()
    zp = 0.55 * D + 1.0  # elevation axis height
    # pedestal + turret + yoke arms
    pb.add("regolith_concrete", g.cylinder(0.22 * D + 0.8, -0.5, 1.0, n), group="pedestal")
    pb.add("painted_white", g.frustum(0.18 * D, 0.12 * D, 1.0, zp - 0.12 * D, n), group="pedestal")
    yoke = g.boxes(
        [[0, s * 0.13 * D, zp - 0.06 * D] for s in (-1, 1)], [0.1 * D, 0.04 * D, 0.16 * D]
    )
    pb.add("painted_grey", g.rotate_z(yoke, az), group="yoke")
    # reflector: paraboloid shell, concave side up (+z) before tilting
    t = np.linspace(0, 1, g.seg(detail, 8, 4))
    r = R * t
    z = r * r / (4 * f)
    th = 0.02 * D
    prof = np.vstack([np.c_[r, z - th][::1], np.c_[r[::-1], z[::-1]]])
    prof = np.vstack([prof[: len(t)], [[R * 1.01, depth - th / 2]], prof[len(t) :]])
    refl = g.lathe(prof, n, loop=True)
    # feed on three struts + back ring
    feed_z = f
    legs = g.ring_points(3, 0.95 * R, depth, np.pi / 2)
    struts = g.beams(legs, np.tile([0, 0, feed_z], (3, 1)), 0.012 * D + 0.03)
    feed = g.merge([g.cylinder(0.04 * D, feed_z - 0.05 * D, feed_z + 0.04 * D, 12)])
    back = g.merge(
        [
            g.tube(0.35 * R, 0.3 * R, -0.08 * D, -th, n // 2),
            g.box([0.2 * D, 0.28 * D, 0.1 * D], [0, 0, -0.1 * D]),
        ]
    )

    def place(m):
        """Tilt the +z boresight to the elevation, then turn to the azimuth, lift to the
        axis; the dish vertex sits 0.1 D in front of the axis."""
        m = g.translate(m, [0, 0, 0.1 * D])
        m = g.rotate(m, [0, 1, 0], np.pi / 2 - el)
        return g.translate(g.rotate_z(m, az), [0, 0, zp])

    pb.add("painted_white", place(refl), group="reflector")
    pb.add("bare_metal", place(struts), group="feed")
    pb.add("dark_metal", place(feed), group="feed")
    pb.add("painted_grey", place(back), group="yoke")
    if detail >= 1:
        pb.add("painted_grey", g.box([2.0, 1.6, 2.0], [-0.22 * D - 2.5, 0, 1.0]), group="pedestal")
        pb.add("signal_red", g.box([0.3, 0.3, 0.3], [0, 0, zp + 0.15 * D + 0.5]), group="beacon")
    parts = pb.parts("dish")
    return AssetMesh(KIND, parts, g.footprint(parts))
