"""glTF 2.0 binary (GLB) export of the scene.

Written directly (not through pyvista or trimesh) so the file carries what other tools
need, measured in Blender 4.5 and three.js (docs/gltf.md): the node tree by kind, Y-up in
the data itself (``axes``); meshes with normals and palette PBR materials whose emission
stays below white (``materials``); rocks and repeated structures as EXT_mesh_gpu_instancing
batches with a fallback (``instancing``); the terrain's albedo texture and its baked
floodlight pools (``pools``); the sun and a few representative floodlights in photometric
units that keep our renders' balance (``lights``); cameras for the named shots; every camera
path and the driving rovers as animations with their frame range (``animation``); the Earth
and the stars (``sky``); and in the scene's extras a suggested exposure.

Same scene, same options: same bytes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .... import __version__
from .axes import Y_UP
from .buffers import pack_glb
from .document import DocumentWriter, GlbOptions
from .lights import MAX_LAMPS

if TYPE_CHECKING:
    from ...model.graph import SceneGraph
    from ...model.world import World

Z_UP_TO_Y_UP = Y_UP  # the turn the data is written in (no node carries it)

__all__ = ["MAX_LAMPS", "Y_UP", "Z_UP_TO_Y_UP", "GlbOptions", "blender_addon_source", "export_glb"]


def blender_addon_source() -> bytes:
    """The source of the Blender add-on ``blender_addon.py`` (pure bpy, never imported
    here): with it enabled, Blender's glTF importer applies the GLB's frame rate, frame
    range, scene camera and suggested view."""
    from importlib.resources import files

    return files(__package__).joinpath("blender_addon.py").read_bytes()


def export_glb(
    scene: World | SceneGraph,
    aspect: float | None = None,
    instancing: bool | str = True,
    lamps: int | None = MAX_LAMPS,
    sky: bool = True,
    detail: bool = True,
) -> bytes:
    """Serialise ``scene`` (a World; a bare SceneGraph gives no pools, sky or moving
    vehicles) to GLB bytes, deterministic for the same scene.

    instancing: True or "gpu" (EXT_mesh_gpu_instancing), "plain" (one node per instance
    sharing its mesh), False or "flat" (a mesh copy per node, for comparison); lamps: how
    many representative floodlights (None: all, pools not baked); sky: Earth and stars;
    detail: the near ground's tiling regolith normal map.
    """
    mode = {True: "gpu", False: "flat"}.get(instancing, instancing)
    options = GlbOptions(aspect, mode, lamps, sky, detail)
    w = DocumentWriter(scene, options, f"lunarbase {__version__}")
    doc = w.write()
    return pack_glb(doc, bytes(w.b.bin))
