"""Levels of detail for the moving vehicles: the full rover near the camera, its cheap
(detail 0) build beyond the same switch distance as a structure tile of its size.

A rover is ~5,000 triangles in full and ~600 at detail 0; the default base drives 36 of
them, 181,000 triangles drawn in every frame however far they are (a fifth of a preview
frame's). The cheap actors take the full actor's user matrix at each pick, so they follow the rover
wherever ``Dynamic.update`` put it, and the pick is made from the rover's current position:
a frame's choice depends only on its own time and camera.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from ...assets.materials import PALETTE
from ..anim.motion import drive_matrices
from ..model.assetcache import AssetCache
from ..model.color import to_uint8
from ..shading.ao import self_occluder
from ..shading.facelight import face_display
from ..shading.merge import DYNAMIC_KINDS
from .tiles import LOD_MIN_M, LOD_RADII
from .vtkutil import add_actor, emissive_display

if TYPE_CHECKING:
    from collections.abc import Callable
    from types import ModuleType

    import pyvista

    from ..model.graph import Mesh


def vehicle_actor(renderer, pv, polydata, mesh: Mesh, m: np.ndarray, sun, cache: dict):
    """One unlit actor of all of ``mesh``'s primitives in face colours, not yet placed:
    emissive parts in their glow colour, the rest lit in numpy as the structures are, with
    the (4, 4) matrix ``m`` where the vehicle stands at t = 0 (occluded by the vehicle
    itself, darkened where it meets the ground; the colours move with it). ``cache``: {(mesh
    name, triangles): (F, 3) uint8 colours}, shared by the vehicles that use one mesh.
    One actor, not one per primitive: a rover has a dozen and VTK's cost per drawn actor
    is ~0.1 ms."""
    from trimesh.util import append_faces

    prims = mesh.primitives
    ck = (mesh.name, mesh.n_triangles)  # (a cheap level may share its full level's name)
    if ck not in cache:
        occluder = self_occluder(mesh, m)
        parts = []
        for prim in prims:
            mat = PALETTE[prim.material]
            if mat.is_emissive:
                glow = to_uint8(np.asarray(emissive_display(mat)))  # as the structures'
                parts.append(np.broadcast_to(glow, (len(prim.faces), 3)))
                continue
            key = ("rovers", prim.material)
            world_v = prim.vertices @ m[:3, :3].T + m[:3, 3]
            w = renderer.world
            cols = face_display(
                {key: (world_v, prim.faces)},
                renderer.lighting,
                sun,
                [],
                None,
                w.terrain.height_at,
                occluder,
            )
            parts.append(to_uint8(cols[key]))
        cache[ck] = np.ascontiguousarray(np.concatenate(parts))
    v, f = append_faces([p.vertices for p in prims], [p.faces for p in prims])
    pd = polydata(pv, v, f)
    pd.cell_data["rgb"] = cache[ck]
    return add_actor(renderer.plotter, pd)


class VehicleLod:
    """The cheap level of each vehicle of ``renderer.dynamic``, and the per-frame pick.

    renderer: the loaded ``renderer.Renderer``; pv: the pyvista module; polydata:
    ``vtkutil.polydata``. ``n_triangles``: vehicle triangles drawn by the last ``show``."""

    def __init__(self, renderer, pv: ModuleType, polydata: Callable[..., pyvista.PolyData]):
        from ...terrain.shading import sun_vector

        w = renderer.world
        lighting = renderer.lighting
        sun = sun_vector(lighting["sun_azimuth_deg"], lighting["sun_elevation_deg"])
        cheap_cache = AssetCache(w.cfg.seed, 0)
        placed = {p.name: p for p in w.layout.placements}
        nodes = {n.name: (n, m) for n, m in w.graph.instances() if n.kind in DYNAMIC_KINDS}
        moving = drive_matrices(w, 0.0)
        scale = renderer.q["lod"]
        colors: dict = {}
        self.vehicles = []  # (full actors, cheap actors, switch m, full tris, cheap tris)
        for name, full in renderer.dynamic.vehicles:
            node, m = nodes[name]
            p = placed.get(name)
            if p is None or not full:
                continue
            cheap_mesh = cheap_cache.mesh(p.kind, p.params, p.variant)
            if cheap_mesh.n_triangles >= node.mesh.n_triangles:
                continue  # built at detail 0 already: nothing cheaper to switch to
            at = moving.get(name, m)
            cheap = [vehicle_actor(renderer, pv, polydata, cheap_mesh, at, sun, colors)]
            for a in cheap:
                a.SetVisibility(False)
                renderer.layers.setdefault("rovers", []).append(a)
            lo, hi = _bounds(node.mesh)
            radius = 0.5 * float(np.linalg.norm(hi - lo))
            switch = scale * max(LOD_MIN_M, LOD_RADII * radius)
            self.vehicles.append(
                (full, cheap, switch, node.mesh.n_triangles, cheap_mesh.n_triangles)
            )
        switched = {id(full[0]) for full, *_ in self.vehicles}
        # vehicles with no cheaper level: always drawn in full (Dynamic shows them)
        self._fixed = sum(
            nodes[name][0].mesh.n_triangles
            for name, full in renderer.dynamic.vehicles
            if full and id(full[0]) not in switched
        )
        self.n_triangles = 0

    def show(self, camera: np.ndarray, hidden: bool) -> int:
        """Show each vehicle's level for the (3,) camera position (nothing when ``hidden``);
        returns the vehicle triangles drawn."""
        n = 0 if hidden else self._fixed
        for full, cheap, switch, n_full, n_cheap in self.vehicles:
            mat = full[0].GetUserMatrix()
            pos = np.array([mat.GetElement(i, 3) for i in range(3)])
            near = float(np.linalg.norm(pos - camera)) < switch
            for a in full:
                a.SetVisibility(not hidden and near)
            for a in cheap:
                a.SetUserMatrix(mat)  # where Dynamic.update put the rover this frame
                a.SetVisibility(not hidden and not near)
            if not hidden:
                n += n_full if near else n_cheap
        self.n_triangles = n
        return n


def _bounds(mesh: Mesh) -> tuple[np.ndarray, np.ndarray]:
    """(3,) lower and (3,) upper corners of ``mesh``'s vertices (its own axes)."""
    v = np.concatenate([p.vertices for p in mesh.primitives])
    return v.min(axis=0), v.max(axis=0)
