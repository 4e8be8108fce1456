"""Layers: coarse groups of node kinds that the viewer can toggle and the renderer merges.

``layer_of(kind, material)`` names the layer a primitive belongs to. Emissive effect
materials (plumes) form their own "effects" layer whatever kind carries them.
"""

from __future__ import annotations

LAYERS: dict[str, tuple[str, ...]] = {
    "terrain": ("terrain",),
    "engines": ("engine",),
    "gantries": ("gantry", "tower_crane", "gantry_crane"),
    "pads": (
        "launch_pad",
        "rocket",
        "lander",
        "cargo_ship",
        "heavy_rocket",
        "transport_ship",
        "landing_beacon",
        "blast_wall",
    ),
    "habitats": ("habitat", "tunnel", "command_centre", "greenhouse", "printed_dome", "garage"),
    "industry": (
        "tank",
        "plant",
        "solar_array",
        "radiator",
        "fission_plant",
        "antenna",
        "dish",
        "light_mast",
        "comm_tower",
        "hall",
        "container_stack",
        "excavator",
        "mining_pit",
    ),
    "rovers": ("rover",),
    # the city's linear networks and the engines' terraced foundations
    "networks": ("road", "road_light", "power_line", "pylon", "pipe_rack", "conveyor"),
    "foundations": ("brick_wall", "ramp", "support_hall"),
    "rocks": ("rock",),
    "effects": (),
    "other": (),
}
EFFECT_MATERIALS = ("plume",)
_BY_KIND = {k: layer for layer, kinds in LAYERS.items() for k in kinds}


def layer_of(kind: str, material: str = "") -> str:
    """The layer of a primitive of ``material`` on a node of ``kind``."""
    if material in EFFECT_MATERIALS:
        return "effects"
    return _BY_KIND.get(kind, "other")
