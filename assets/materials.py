"""The shared material palette.

Every mesh part names one of these materials; the renderer and the glTF exporter both read
this table, so a part looks the same in a still and in Blender. Colours are linear RGB in 0..1.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Material:
    """A metallic-roughness PBR material (the glTF model)."""

    name: str
    base_color: tuple[float, float, float]
    metallic: float = 0.0
    roughness: float = 0.8
    emissive: tuple[float, float, float] = (0.0, 0.0, 0.0)
    emissive_strength: float = 1.0
    opacity: float = 1.0

    @property
    def is_emissive(self) -> bool:
        return max(self.emissive) > 0.0


PALETTE: dict[str, Material] = {
    m.name: m
    for m in (
        Material("regolith", (0.12, 0.115, 0.11), 0.0, 1.0),
        Material("regolith_concrete", (0.30, 0.28, 0.26), 0.0, 0.95),
        Material("rock", (0.16, 0.155, 0.15), 0.0, 0.95),
        Material("painted_white", (0.80, 0.80, 0.78), 0.0, 0.45),
        Material("painted_orange", (0.85, 0.36, 0.08), 0.0, 0.5),
        Material("painted_red", (0.65, 0.10, 0.08), 0.0, 0.5),
        Material("painted_grey", (0.38, 0.39, 0.41), 0.1, 0.6),
        Material("dark_metal", (0.10, 0.10, 0.11), 0.8, 0.45),
        Material("bare_metal", (0.62, 0.63, 0.65), 1.0, 0.35),
        Material("steel_lattice", (0.45, 0.44, 0.42), 0.9, 0.5),
        Material("gold_foil", (0.85, 0.62, 0.22), 1.0, 0.3),
        Material("solar_cell", (0.03, 0.06, 0.16), 0.3, 0.2),
        Material("glass", (0.05, 0.08, 0.10), 0.0, 0.05),
        Material("rubber", (0.03, 0.03, 0.03), 0.0, 0.9),
        Material("hazard_yellow", (0.90, 0.70, 0.05), 0.0, 0.5),
        Material("window_lit", (1.0, 0.82, 0.55), 0.0, 0.5, (1.0, 0.78, 0.45), 4.0),
        Material("lamp", (1.0, 0.95, 0.85), 0.0, 0.3, (1.0, 0.93, 0.80), 20.0),
        Material("signal_red", (1.0, 0.1, 0.05), 0.0, 0.3, (1.0, 0.08, 0.03), 10.0),
        Material("plume", (0.55, 0.75, 1.0), 0.0, 0.2, (0.55, 0.78, 1.0), 30.0, 0.75),
        Material("engine_glow", (0.7, 0.85, 1.0), 0.0, 0.2, (0.7, 0.88, 1.0), 15.0),
        # greenhouse glazing: translucent in glTF; VTK stills draw it opaque pale blue-grey
        Material("glass_clear", (0.42, 0.52, 0.56), 0.0, 0.05, opacity=0.35),
        # magenta LED grow lights (red + blue) inside greenhouses
        Material("grow_light", (0.95, 0.4, 0.9), 0.0, 0.4, (1.0, 0.3, 0.85), 6.0),
    )
}


def get(name: str) -> Material:
    """Look a material up by name; unknown names raise KeyError naming the palette."""
    try:
        return PALETTE[name]
    except KeyError:
        raise KeyError(f"unknown material {name!r}; palette has {sorted(PALETTE)}") from None
