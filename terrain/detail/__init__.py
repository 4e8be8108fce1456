"""The ground's detail tier: centimetre-to-metre regolith as a pure function of world position
and seed (small craters, rocks and pebbles, micro-relief, albedo), shaded at the detail scale.

``DetailLaw`` holds the laws and sizes; ``detail_window`` computes one window of texels (a
patch of the fixed world grid, or any window: the same world point gives the same values
whatever window holds it); ``patch_window`` names a patch's window; ``Traces`` holds the
base's marks (roads, wheel ruts, blast-scoured pads, trodden ground round habitats) as plain
arrays.
"""

from __future__ import annotations

from .features import cell_craters, cell_rocks
from .noise import fractal_noise
from .patch import DetailLaw, DetailWindow, detail_window, patch_window
from .traces import Traces, trace_fields

__all__ = [
    "DetailLaw",
    "DetailWindow",
    "detail_window",
    "patch_window",
    "cell_craters",
    "cell_rocks",
    "fractal_noise",
    "Traces",
    "trace_fields",
]
