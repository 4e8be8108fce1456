"""The cheap level of detail is lit by the cheap level: its faces lie inside the detailed
meshes (a tank's box inside its cylinder), so rays cast against the detailed geometry left
it in shadow, and distant tanks drew as dark boxes."""

from __future__ import annotations

import numpy as np
import trimesh

from lunarbase.scene.shading.facelight import FaceSet
from lunarbase.scene.shading.shadows import structure_caster

SUN = np.array([1.0, 0.0, 0.05]) / np.linalg.norm([1.0, 0.0, 0.05])


def _tank_levels() -> tuple[dict, dict]:
    """A 10 m tall, 4 m radius tank (detailed: a 48-sided cylinder) and its cheap level (a
    box inscribed in it), as merged dicts {(layer, material): ((V, 3), (F, 3))}."""
    full = trimesh.creation.cylinder(radius=4.0, height=10.0, sections=48)
    cheap = trimesh.creation.box((5.6, 5.6, 10.0))
    key = ("industry", "painted_white")
    return (
        {key: (np.asarray(full.vertices), np.asarray(full.faces))},
        {key: (np.asarray(cheap.vertices), np.asarray(cheap.faces))},
    )


def test_each_level_casts_on_its_own_faces():
    full, cheap = _tank_levels()
    faces = FaceSet.of([full, cheap])
    rows = faces.mesh_rows(1)
    assert faces.mesh_rows(0).stop == rows.start and rows.stop == len(faces.centroids)
    sunward = (faces.normals[rows] @ SUN) > 0.5  # the box's face turned to the sun
    assert sunward.sum() == 2  # (two triangles)
    cast_full, cast_cheap = structure_caster(full), structure_caster(cheap)
    # against the detailed cylinder around it, the box's sunward face is in shadow ...
    old = faces.sun_visible(SUN, cast_full)[rows]
    assert not old[sunward].any()
    # ... against its own level it is lit, and the cylinder's sunward faces stay lit
    vis = faces.sun_visible(SUN, [cast_full, cast_cheap])
    assert vis[rows][sunward].all()
    full_sunward = (faces.normals[faces.mesh_rows(0)] @ SUN) > 0.5
    assert vis[faces.mesh_rows(0)][full_sunward].all()
