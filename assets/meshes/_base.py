"""The one builder signature every asset kind shares, and the types it returns.

A kind is one module in ``lunarbase/assets/meshes/`` that defines::

    KIND: str                       # the name used in scene files, e.g. "tank"
    CLOSED_PARTS: tuple[str, ...]   # optional: fnmatch patterns of part names that are solids
    SUMMARY: str                    # one line for docs and the contact sheet
    PARAMS: dict[str, Param]        # every parameter, with default, range, unit, doc
    def build(params: Mapping[str, object], rng: np.random.Generator,
              detail: int = 1) -> AssetMesh

``params`` arrives already validated and completed with defaults (see ``registry``).
``detail`` is 0 (far / low), 1 (normal) or 2 (close-up): it scales segment counts and greebles.
Meshes are in metres in the asset's local frame: Z up, origin at the centre of the footprint
on the ground (z = 0 is the ground plane; nothing but foundations goes below it).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np


@dataclass(frozen=True)
class Param:
    """One builder parameter: default, inclusive range (numbers) or choices (strings)."""

    default: object
    lo: float | None = None
    hi: float | None = None
    unit: str = ""
    doc: str = ""
    choices: tuple[str, ...] | None = None


@dataclass
class Part:
    """A named piece of an asset with one material.

    vertices: (N, 3) float64, metres, asset-local frame.
    faces:    (M, 3) int64 indices into ``vertices``, counter-clockwise seen from outside.
    closed:   True if the part is a solid: every piece of it is watertight (after welding
              coincident vertices) with outward normals and positive volume. ``registry.build``
              sets it from the kind's ``CLOSED_PARTS`` (part-name patterns); tests check it.
    """

    name: str
    material: str
    vertices: np.ndarray
    faces: np.ndarray
    closed: bool = False

    @property
    def n_triangles(self) -> int:
        return int(len(self.faces))


@dataclass
class SpotLight:
    """A lamp the renderer may light the ground with (asset-local frame)."""

    position: tuple[float, float, float]
    direction: tuple[float, float, float]
    cone_deg: float = 60.0
    intensity: float = 1.0
    color: tuple[float, float, float] = (1.0, 0.93, 0.8)
    range_m: float = 120.0


@dataclass
class Emitter:
    """A point effects attach to: ``kind`` is "dust" (rover wheels) or "plume" (engines)."""

    name: str
    kind: str
    position: tuple[float, float, float]
    direction: tuple[float, float, float] = (0.0, 0.0, 1.0)


@dataclass
class AssetMesh:
    """What a builder returns: named parts plus footprint, lamps and emitters.

    footprint: (half_x, half_y) metres, the rectangle on the ground the asset needs
    (layout flattens it and keeps footprints apart).
    """

    kind: str
    parts: list[Part]
    footprint: tuple[float, float]
    params: dict = field(default_factory=dict)
    lights: list[SpotLight] = field(default_factory=list)
    emitters: list[Emitter] = field(default_factory=list)

    @property
    def n_triangles(self) -> int:
        return sum(p.n_triangles for p in self.parts)

    def bounds(self) -> np.ndarray:
        """(2, 3) array: min and max corner over all parts."""
        pts = np.vstack([p.vertices for p in self.parts])
        return np.array([pts.min(axis=0), pts.max(axis=0)])

    @property
    def height(self) -> float:
        return float(self.bounds()[1, 2])


Builder = "Callable[[Mapping[str, object], np.random.Generator, int], AssetMesh]"

__all__ = ["Param", "Part", "SpotLight", "Emitter", "AssetMesh", "Mapping"]
