"""lunarbase GLB import settings: a Blender add-on for Blender's own glTF importer.

Blender's importer converts animation key times to frames with the scene's frame rate and
leaves the scene's frame range (1-250), camera and view as they were: glTF has no place for
them. lunarbase writes them into the glTF scene's extras (``frame_rate``, ``frame_start``,
``frame_end``, ``scene_camera``, ``view_transform``, ``exposure_ev``). With this add-on
enabled, File > Import > glTF 2.0 applies them:

- before anything is converted, the scene's frame rate becomes the file's, so key times
  land on the frames our videos have;
- after the animations, the scene's frame range spans every animation, the file's still
  camera (``shot_hero``) is the scene camera, and the suggested view transform and
  exposure are set.

Files without those extras (any other glTF) import exactly as without the add-on.
Install: Edit > Preferences > Add-ons > (drop-down) Install from Disk..., pick this file,
tick "lunarbase GLB import settings". Written out by ``lunarbase export --blender-addon
PATH``. Pure bpy: it imports nothing from lunarbase (Blender's Python has no lunarbase).
"""

import bpy

bl_info = {
    "name": "lunarbase GLB import settings",
    "author": "lunarbase",
    "version": (1, 0, 0),
    "blender": (4, 2, 0),
    "location": "File > Import > glTF 2.0",
    "description": "Frame rate, frame range, camera and view of lunarbase GLB files on import",
    "category": "Import-Export",
}


def _scene_extras(gltf) -> dict:
    """The extras of the glTF scene being imported ({} if none)."""
    data = gltf.data
    if not data.scenes:
        return {}
    scene = data.scenes[data.scene if data.scene is not None else 0]
    return scene.extras if isinstance(scene.extras, dict) else {}


def _number(extras: dict, key: str):
    v = extras.get(key)
    return v if isinstance(v, int | float) and not isinstance(v, bool) else None


def apply_frame_rate(extras: dict, scene) -> None:
    """Set ``scene``'s frame rate to the file's ``frame_rate`` (a whole number of fps)."""
    fps = _number(extras, "frame_rate")
    if fps is not None and fps >= 1:
        scene.render.fps = int(round(fps))
        scene.render.fps_base = 1.0


def apply_frame_range(extras: dict, scene) -> None:
    """Set ``scene``'s frame range to the file's ``frame_start`` .. ``frame_end``."""
    start, end = _number(extras, "frame_start"), _number(extras, "frame_end")
    if start is not None and end is not None and end >= start:
        scene.frame_start = int(start)
        scene.frame_end = int(end)
        scene.frame_current = int(start)


def apply_camera(extras: dict, scene, gltf) -> None:
    """Make the camera object of the file's ``scene_camera`` node the scene camera (the
    importer may have moved a node's camera onto a child object: found by its node)."""
    name = extras.get("scene_camera")
    if not isinstance(name, str):
        return
    nodes = gltf.data.nodes or []
    for vnode in gltf.vnodes.values():
        i = getattr(vnode, "camera_node_idx", None)
        obj = getattr(vnode, "blender_object", None)
        if i is not None and nodes[i].name == name and obj is not None and obj.type == "CAMERA":
            scene.camera = obj
            return


def apply_view(extras: dict, scene) -> None:
    """The file's suggested ``view_transform`` (if this Blender has it) and ``exposure_ev``."""
    view = extras.get("view_transform")
    if isinstance(view, str):
        prop = scene.view_settings.bl_rna.properties["view_transform"]
        if view in {item.identifier for item in prop.enum_items}:
            scene.view_settings.view_transform = view
    ev = _number(extras, "exposure_ev")
    if ev is not None:
        scene.view_settings.exposure = float(ev)


class glTF2ImportUserExtension:  # noqa: N801 (the name Blender's glTF importer looks for)
    """Hooks Blender's glTF importer calls on the user extensions of enabled add-ons."""

    def gather_import_gltf_before_hook(self, gltf):
        apply_frame_rate(_scene_extras(gltf), bpy.context.scene)

    def gather_import_scene_after_animation_hook(self, gltf_scene, blender_scene, gltf):  # noqa: ARG002
        extras = _scene_extras(gltf)
        apply_frame_range(extras, blender_scene)
        apply_camera(extras, blender_scene, gltf)
        apply_view(extras, blender_scene)


def register():
    pass  # nothing to register: the importer finds glTF2ImportUserExtension itself


def unregister():
    pass
