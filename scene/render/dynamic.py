"""What changes from frame to frame in the renderer: moving rovers, their dust, flickering
plumes, blinking beacons. Owns its VTK actors; ``update(t)`` poses them for time ``t`` (the
dust is only positions here, drawn by the renderer in image space)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from ...assets.materials import PALETTE
from ..anim.motion import beacons_on, drive_matrices, dust_puffs, plume_flicker
from ..model.color import to_uint8
from ..shading.facelight import face_display
from ..shading.merge import DYNAMIC_KINDS
from .vtkutil import add_actor, set_matrix

if TYPE_CHECKING:
    from collections.abc import Callable
    from types import ModuleType

    import pyvista


class Dynamic:
    """Actors for moving things, created once; ``update(t)`` moves them.

    renderer: the loaded ``renderer.Renderer`` that owns them; pv: the pyvista module;
    polydata: ``vtkutil.polydata``. ``puffs``: the dust of the last update, ((P, 3) centres,
    (P,) radii) float64 m."""

    def __init__(self, renderer, pv: ModuleType, polydata: Callable[..., pyvista.PolyData]) -> None:
        self.r = renderer
        w = renderer.world
        self.vehicles = []  # (node name, [actors])
        colors: dict = {}
        lighting = renderer.lighting
        from ...terrain.shading import sun_vector

        sun = sun_vector(lighting["sun_azimuth_deg"], lighting["sun_elevation_deg"])
        moving = drive_matrices(w, 0.0)
        for node, static in w.graph.instances():
            if node.kind not in DYNAMIC_KINDS:
                continue
            mesh = node.mesh
            m = moving.get(node.name, static)
            actors = []
            for prim in mesh.primitives:
                pd = polydata(pv, prim.vertices, prim.faces)
                mat = PALETTE[prim.material]
                if mat.is_emissive:
                    actor = add_actor(renderer.plotter, pd, tuple(np.clip(mat.emissive, 0, 1)))
                else:
                    ck = (mesh.name, id(prim))  # shared meshes share their colours
                    if ck not in colors:
                        world_v = prim.vertices @ m[:3, :3].T + m[:3, 3]
                        cols = face_display(
                            {("rovers", prim.material): (world_v, prim.faces)},
                            lighting,
                            sun,
                            [],
                            None,
                        )
                        colors[ck] = to_uint8(cols[("rovers", prim.material)])
                    pd.cell_data["rgb"] = colors[ck]
                    actor = add_actor(renderer.plotter, pd)
                set_matrix(actor, m)
                actors.append(actor)
                renderer.layers.setdefault("rovers", []).append(actor)
            self.vehicles.append((node.name, actors))
        # the jets' translucent glow shells (and any other plume), tagged by the renderer when
        # it made them; an opaque jet core stays steady (its glow flickers round it)
        self.plumes = [
            (a, op) for a in renderer.roles["plume"] if (op := a.GetProperty().GetOpacity()) < 1.0
        ]
        for a, _ in self.plumes:  # nested glow: each shell's near side only, once
            a.GetProperty().BackfaceCullingOn()
        # dust puffs ((P, 3) centres, (P,) radii) for the frame's time: the renderer draws
        # them in image space (scene/dust.py)
        self.puffs = dust_puffs(w, 0.0)
        self.beacons = renderer.roles["beacon"]

    def update(self, t: float) -> None:
        w = self.r.world
        matrices = drive_matrices(w, t)
        for name, actors in self.vehicles:
            if name in matrices:
                for a in actors:
                    set_matrix(a, matrices[name])
        self.puffs = dust_puffs(w, t, matrices=matrices)
        k = plume_flicker(t, w.cfg.seed)
        for actor, base in self.plumes:
            actor.GetProperty().SetOpacity(base * k)
        on = beacons_on(t)
        for a in self.beacons:
            a.SetVisibility(on)
