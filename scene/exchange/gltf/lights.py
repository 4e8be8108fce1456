"""KHR_lights_punctual: the sun and a few representative floodlights, in photometric units
that keep our renders' balance between the two.

Units. Our lighting is relative: the sun's irradiance is ``sun_intensity`` (2.2), a lamp's
at the foot of its mast ``intensity x lamp_intensity`` whatever its height, and the
renderer tone-maps albedo x irradiance x 1.1. One such unit is written as
``LUX_PER_UNIT`` lux: Blender's importer turns lux into W/m² by dividing by 683, and
Blender shades a diffuse surface as albedo x E / pi (measured: a white plane under a sun of
strength 1 renders 0.32), so there a surface gets the same scene-linear value our tone
curve starts from, and emission (``materials``) is in that same display-referred scale.
A spot light at mounting height h that is to light the ground under it with E lux needs
I = E h² candela (inverse square, straight down); ``range`` is where our pools end
(``lighting.lamp_reach``). Our pools are discs under the lamp whatever way its head is
turned, so the light points straight down (``DOWN``) with its cone opening out to the
pool's edge (atan(reach / h)) and no hard inner cone: a point source of I candela then
gives the ground I h / (h² + d²)^1.5 lux at distance d, our pool's own falloff, softened
towards the edge as our pool's window is.

Which lamps. Thousands of lamps cost every client a shader uniform set each and show no
pool in most (Blender imports them as hundreds of hard-edged watts; three.js slows ~45x).
By default ``MAX_LAMPS`` representatives are written: the lamps nearest the centres of
k-means clusters of all lamps (weighted by intensity), each with the count it stands for;
the pools of every lamp not written are baked into the terrain (``pools``).
"""

from __future__ import annotations

from dataclasses import dataclass
from math import pi

import numpy as np

from ...model.graph import DirectionalLight, SpotLight
from ...shading.lighting import lamp_mount, lamp_reach

LUX_PER_UNIT = 683.0 * pi * 1.1  # lux per unit of our relative irradiance (module docstring)
MAX_LAMPS = 15  # with the sun: 16 lights (issue 18)
MAX_CONE = np.radians(85.0)  # widest spot cone written (half angle)
# three.js shades lit surfaces as albedo x lux / pi, Blender as albedo x lux / (683 pi):
# this scale on the lights makes three.js show what Blender shows (emission is alike)
THREE_LIGHT_SCALE = 1.0 / 683.0


@dataclass(frozen=True)
class Representative:
    """A lamp written as a light: its index in the scene's lamp list and how many lamps
    (itself included) it stands for."""

    index: int
    stands_for: int


def representatives(lamps: list[SpotLight], k: int | None = MAX_LAMPS) -> list[Representative]:
    """Up to ``k`` lamps standing for all of ``lamps`` (all of them when ``k`` is None or
    not smaller): k-means on the (x, y) positions weighted by intensity, seeded by farthest
    point sampling from the brightest lamp, 12 Lloyd steps; per cluster the member with
    the largest pool (``pool_power``: a light is costly in every client, so each one
    written draws the widest, brightest pool of its cluster; the rest are baked), the
    nearest its centre among equals. Ordered by cluster size, then index; deterministic."""
    n = len(lamps)
    if k is None or k >= n:
        return [Representative(i, 1) for i in range(n)]
    if k <= 0:
        return []
    xy = np.array([lamp.position[:2] for lamp in lamps], float)  # (n, 2)
    w = np.array([lamp.intensity for lamp in lamps], float)  # (n,)
    centres = [int(np.argmax(w))]
    d2 = np.sum((xy - xy[centres[0]]) ** 2, axis=1)
    while len(centres) < k:
        centres.append(int(np.argmax(d2)))
        d2 = np.minimum(d2, np.sum((xy - xy[centres[-1]]) ** 2, axis=1))
    c = xy[centres].copy()  # (k, 2)
    for _ in range(12):
        label = np.argmin(((xy[:, None, :] - c[None]) ** 2).sum(axis=2), axis=1)
        for j in range(k):
            sel = label == j
            if sel.any():
                c[j] = np.average(xy[sel], axis=0, weights=w[sel])
    label = np.argmin(((xy[:, None, :] - c[None]) ** 2).sum(axis=2), axis=1)
    power = np.array([pool_power(lamp) for lamp in lamps])  # (n,)
    out = []
    for j in range(k):
        members = np.flatnonzero(label == j)
        if len(members):
            d2 = np.sum((xy[members] - c[j]) ** 2, axis=1)
            best = members[np.lexsort((d2, -power[members]))[0]]
            out.append(Representative(int(best), len(members)))
    return sorted(out, key=lambda r: (-r.stands_for, r.index))


def down(position) -> np.ndarray:
    """(4, 4) Z-up matrix of a light at ``position`` pointing straight down (a glTF light
    shines along its local -z)."""
    m = np.eye(4)
    m[:3, 3] = position
    return m


def pool_power(lamp: SpotLight) -> float:
    """How much ground a lamp's pool lights, in our relative units x m²: its intensity
    times the area within its mounting height (where the pool is brighter than half its
    peak), the area bounded by its reach."""
    mount = lamp_mount(lamp)
    reach = lamp_reach(lamp, mount) if lamp.range_m else 10.0 * mount
    r = min(mount, reach)
    return round(float(lamp.intensity * pi * r * r), 6)


def spot_light(lamp: SpotLight, name: str, lamp_intensity: float, stands_for: int = 1) -> dict:
    """The glTF spot light of ``lamp`` (to stand pointing ``down``): candela from its
    mounting height and the ground illuminance under it, range and cone where its pool
    ends, and in ``extras`` what it was computed from."""
    mount = lamp_mount(lamp)
    lux = lamp.intensity * lamp_intensity * LUX_PER_UNIT
    reach = float(lamp_reach(lamp, mount)) if lamp.range_m else 10.0 * mount
    outer = float(min(np.arctan2(reach, mount), MAX_CONE))
    out = {
        "type": "spot",
        "name": name,
        "color": [float(c) for c in lamp.color],
        "intensity": float(lux * mount * mount),
        "spot": {"innerConeAngle": 0.0, "outerConeAngle": outer},
        "extras": {"mount_m": round(mount, 2), "ground_lux": round(lux, 1)},
    }
    if lamp.range_m:
        out["range"] = reach
    if stands_for > 1:
        out["extras"]["stands_for"] = stands_for
    return out


def sun_light(sun: DirectionalLight, name: str) -> dict:
    """The glTF directional light of the sun (lux)."""
    return {
        "type": "directional",
        "name": name,
        "color": [float(c) for c in sun.color],
        "intensity": float(sun.intensity * LUX_PER_UNIT),
    }


def view_extras() -> dict:
    """What the scene's extras suggest to a viewer (Blender imports them as the scene's
    custom properties, three.js as ``gltf.scene.userData``)."""
    return {
        "exposure_ev": 0.0,
        "view_transform": "AgX",
        "lux_per_unit": LUX_PER_UNIT,
        "threejs_light_intensity_scale": THREE_LIGHT_SCALE,
        "threejs_tone_mapping_exposure": 1.0,
    }
