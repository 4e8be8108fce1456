"""Solar field: rows x cols of sun-tracking panels on masts. At the south pole the Sun skims
the horizon, so the default tilt is near vertical. Panels face +x rotated by ``azimuth_deg``."""

from __future__ import annotations

import numpy as np

from . import _geometry as g
from . import _greeble as gr
from ._base import AssetMesh, Param

KIND = "solar_array"
CLOSED_PARTS = ("*",)
SUMMARY = "Field of tracking solar panels on masts (rows x cols)"
PARAMS = {
    "rows": Param(3, 1, 12, "", "rows (along y)"),
    "cols": Param(4, 1, 12, "", "columns (along x)"),
    "panel_w_m": Param(10.0, 2.0, 30.0, "m", "panel width"),
    "panel_h_m": Param(5.0, 1.0, 15.0, "m", "panel height"),
    "tilt_deg": Param(80.0, 0.0, 90.0, "deg", "panel tilt from horizontal"),
    "azimuth_deg": Param(0.0, -180.0, 180.0, "deg", "direction the panels face"),
    "spacing_m": Param(4.0, 0.5, 50.0, "m", "gap between panels"),
}


def _panel(w, h, tilt, mast_h, detail) -> dict[str, g.Mesh]:
    """One panel unit facing +x at the origin, by material."""
    t = np.deg2rad(tilt)
    cells = [g.box([0.08, w, h], [0, 0, 0])]
    frame = []
    if detail >= 1:  # frame rails + a cell gap grid (thin dark bars)
        frame.append(
            g.beams(
                [[0, -w / 2, -h / 2], [0, -w / 2, h / 2], [0, w / 2, h / 2], [0, w / 2, -h / 2]],
                [[0, -w / 2, h / 2], [0, w / 2, h / 2], [0, w / 2, -h / 2], [0, -w / 2, -h / 2]],
                0.12,
            )
        )
        k = max(1, int(w / (2.5 if detail == 1 else 0.6)))
        ys = np.linspace(-w / 2, w / 2, k + 1)[1:-1]
        if len(ys):
            frame.append(
                g.beams(
                    np.c_[np.full(len(ys), 0.05), ys, np.full(len(ys), -h / 2)],
                    np.c_[np.full(len(ys), 0.05), ys, np.full(len(ys), h / 2)],
                    0.06,
                )
            )
        if detail >= 2:  # cell grid rows, back stiffeners
            kz = max(1, int(h / 0.6))
            zs = np.linspace(-h / 2, h / 2, kz + 1)[1:-1]
            frame.append(
                g.beams(
                    np.c_[np.full(len(zs), 0.05), np.full(len(zs), -w / 2), zs],
                    np.c_[np.full(len(zs), 0.05), np.full(len(zs), w / 2), zs],
                    0.04,
                )
            )
            frame.append(
                gr.members(
                    [[-0.12, -w / 2, 0], [-0.12, 0, -h / 2]],
                    [[-0.12, w / 2, 0], [-0.12, 0, h / 2]],
                    0.15,
                    2,
                )
            )

    # tilt: a vertical panel (normal +x) rotated so its normal rises by (90 - tilt)
    def rot(m):
        return g.rotate(m, [0, 1, 0], -(np.pi / 2 - t))

    lift = [0, 0, mast_h]
    out = {"solar_cell": g.translate(rot(g.merge(cells)), lift)}
    if frame:
        out["bare_metal"] = g.translate(rot(g.merge(frame)), lift)
    if detail == 0:
        out["dark_metal"] = g.box([0.5, 0.5, mast_h], [0, 0, mast_h / 2])
        return out
    mast = [
        g.cylinder(0.25, 0, mast_h, g.seg(detail, 8, 6)),
        g.box([1.0, 0.6, 0.6], [0, 0, mast_h]),
        g.box([0.2, w * 0.8, 0.25], [-0.2, 0, mast_h]),
    ]
    if detail >= 2:  # slew drive, hinge pins, base flange bolts
        mast.append(g.cylinder(0.45, mast_h - 0.9, mast_h - 0.4, 24))
        mast.append(gr.prisms([[0, -w * 0.42, mast_h]], [[0, w * 0.42, mast_h]], 0.18, 0.18, "oct"))
        mast.append(gr.bolt_ring(0.45, 0.2, 8, 0.05))
    out["dark_metal"] = g.merge(mast)
    out["regolith_concrete"] = g.box([1.2, 1.2, 0.6], [0, 0, -0.1])
    return out


def build(params, rng: np.random.Generator, detail: int = 1) -> AssetMesh:
    """Grid centred on the origin, panels rotated as a whole by azimuth_deg."""
    rows, cols = int(params["rows"]), int(params["cols"])
    w, h = float(params["panel_w_m"]), float(params["panel_h_m"])
    tilt = float(params["tilt_deg"])
    gap = float(params["spacing_m"])
    az = np.deg2rad(float(params["azimuth_deg"]))
    mast_h = 0.5 * h * np.sin(np.deg2rad(tilt)) + 1.5
    unit = _panel(w, h, tilt, mast_h, detail)
    dx = h + gap  # rows of panels facing +x are spaced along x
    dy = w + gap
    xs = (np.arange(cols) - (cols - 1) / 2) * dx
    ys = (np.arange(rows) - (rows - 1) / 2) * dy
    pos = np.array([[x, y, 0.0] for y in ys for x in xs])
    pos[:, :2] = pos[:, :2] @ np.array([[np.cos(az), np.sin(az)], [-np.sin(az), np.cos(az)]])
    pb = g.PartBuilder()
    grp = {
        "solar_cell": "panels",
        "bare_metal": "frames",
        "dark_metal": "masts",
        "regolith_concrete": "footings",
    }
    for mat, m in unit.items():
        pb.add(mat, g.instance(m, pos, np.full(len(pos), az)), group=grp[mat])
    # cable trench + inverter box
    span = (cols - 1) / 2 * dx + h
    pb.add("painted_grey", g.box([2.0, 1.5, 1.6], [-span - 1.5, 0, 0.8]), group="inverter")
    pb.add("dark_metal", g.box([2 * span, 0.4, 0.1], [0, 0, 0.05]), group="masts")
    parts = pb.parts("solar_array")
    return AssetMesh(KIND, parts, g.footprint(parts))
