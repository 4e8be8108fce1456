"""glTF materials: the palette's PBR values, and emission that stays below display white.

The palette's emissive strengths (4 for lit windows up to 30 for plumes) are what our
renderer tone-maps; a client that shows scene-linear values under a standard (sRGB) view
transform clips everything above 1. Here the peak of emissive colour x strength is
compressed the way our tone curve does (Reinhard), scaled to ``EMISSIVE_PEAK``: order and
tint survive (plumes brighter than windows), nothing reaches white.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ....assets.materials import PALETTE

if TYPE_CHECKING:
    from .buffers import Buffers

EMISSIVE_PEAK = 0.9  # highest emitted value written: under 1.0, so a standard view never clips


def emissive_strength(color: tuple[float, float, float], strength: float) -> float:
    """The strength to write for palette emission ``color`` x ``strength``: its peak
    channel p = max(color) x strength compressed to EMISSIVE_PEAK x p / (1 + p)."""
    p = max(color) * strength
    if p <= 0:
        return 0.0
    return EMISSIVE_PEAK * p / (1.0 + p) / max(color)


@dataclass(frozen=True)
class EmissiveMap:
    """An emissive texture (index into ``textures``) with the factor (linear RGB, 0..1)
    and strength it is multiplied by."""

    texture: int
    factor: tuple[float, float, float] = (1.0, 1.0, 1.0)
    strength: float = 1.0


def palette_material(
    name: str,
    vertex_colors: bool,
    texture: int | None = None,
    glow: EmissiveMap | None = None,
    normal: int | None = None,
) -> dict:
    """The palette material ``name`` as glTF: white base factor when vertex colours or a
    base-colour ``texture`` (index into ``textures``) carry the colour; ``glow`` replaces
    the palette's emission with a texture (the terrain's baked floodlight pools);
    ``normal``: a tiling normal texture read through TEXCOORD_1 (the ground's detail)."""
    m = PALETTE[name]
    white = vertex_colors or texture is not None
    out: dict[str, Any] = {
        "name": name,
        "doubleSided": True,
        "pbrMetallicRoughness": {
            "baseColorFactor": [*((1.0, 1.0, 1.0) if white else m.base_color), m.opacity],
            "metallicFactor": m.metallic,
            "roughnessFactor": m.roughness,
        },
    }
    if texture is not None:
        out["pbrMetallicRoughness"]["baseColorTexture"] = {"index": texture}
    if normal is not None:
        out["normalTexture"] = {"index": normal, "texCoord": 1}
    if glow is not None:
        _emit(out, glow.factor, glow.strength, glow.texture)
    elif m.is_emissive:
        _emit(out, m.emissive, emissive_strength(m.emissive, m.emissive_strength))
    if m.opacity < 1.0:
        out["alphaMode"] = "BLEND"
    return out


def glow_material(name: str, glow: EmissiveMap) -> dict:
    """A material that shows ``glow`` whatever the lights (the Earth, the stars):
    KHR_materials_unlit with ``glow`` as its base colour. Blender imports it as emission
    seen by camera rays only (transparent to shadow rays, no lighting to evaluate), three.js
    as a MeshBasicMaterial; a client without the extension gets the same texture as a rough
    base colour and as emission."""
    k = min(glow.strength, 1.0)
    out: dict[str, Any] = {
        "name": name,
        "pbrMetallicRoughness": {
            "baseColorFactor": [*(float(c) * k for c in glow.factor), 1.0],
            "baseColorTexture": {"index": glow.texture},
            "metallicFactor": 0.0,
            "roughnessFactor": 1.0,
        },
        "extensions": {"KHR_materials_unlit": {}},
        # the same as emission for a client without unlit (strength folded into the
        # factor: glow is at most 1, and the strength extension does not go with unlit)
        "emissiveFactor": [float(c) * k for c in glow.factor],
        "emissiveTexture": {"index": glow.texture},
    }
    return out


def _emit(out: dict, factor, strength: float, texture: int | None = None) -> None:
    """Set ``out``'s emission: ``factor`` (3 floats 0..1) x ``strength`` (x ``texture``)."""
    out["emissiveFactor"] = [float(c) for c in factor]
    if texture is not None:
        out["emissiveTexture"] = {"index": texture}
    if strength != 1.0:
        out.setdefault("extensions", {})["KHR_materials_emissive_strength"] = {
            "emissiveStrength": float(strength)
        }


class Materials:
    """The document's materials, each written once, keyed by what makes it distinct."""

    def __init__(self, buffers: Buffers):
        self.b = buffers
        self.list: list[dict] = []
        self._index: dict[tuple, int] = {}

    def add(self, key: tuple, material: dict) -> int:
        """Index of ``material`` under ``key`` (written the first time the key is seen)."""
        if key not in self._index:
            self.list.append(material)
            self.b.used_ext.update(material.get("extensions", {}))
            self._index[key] = len(self.list) - 1
        return self._index[key]

    def palette(
        self,
        name: str,
        vc: bool,
        texture: int | None = None,
        glow: EmissiveMap | None = None,
        normal: int | None = None,
    ) -> int:
        """Index of the palette material ``name`` (see :func:`palette_material`)."""
        return self.add(
            ("palette", name, vc, texture, glow, normal),
            palette_material(name, vc, texture, glow, normal),
        )
