"""Run in a fresh Python with ``bpy`` (Blender 4.5 as a module): import a GLB into Blender's
factory scene as a user would (no options) and print a JSON report of what arrived.

    python blender_inspect.py [--addon ADDON.py] [--blink OBJECT] SCENE.glb PROBE_OBJECT
                              [RENDER.png WIDTHxHEIGHT CAMERA [SAMPLES [SHADOW_SCALE]]]

The report: objects by type, triangles, cameras, lights (type, watts), actions and their
frame ranges, the scene's frame range as imported and its custom properties (the glTF
scene's extras), the largest tilt of a structure's up axis from world +Z (Z-up check),
and how far PROBE_OBJECT moves between frame 0 and 3 s in. Without ``--addon`` it then
applies the recorded frame range as docs/gltf.md's two console lines do; with it, it first
installs and enables ADDON.py as Edit > Preferences > Add-ons > Install from Disk does
(into $BLENDER_USER_RESOURCES: give it a scratch folder) and leaves the scene as the import
made it. ``--blink OBJECT``: that object's world scale at every frame of its first two
seconds. With a render path: renders CAMERA with EEVEE and writes the PNG.
"""

from __future__ import annotations

import json
import math
import sys
import time
from collections import Counter

import bpy


def _plain(v):
    if hasattr(v, "to_dict"):
        return v.to_dict()
    if hasattr(v, "to_list"):
        return v.to_list()
    return v if isinstance(v, int | float | str | bool) else str(v)


def _flag(argv: list[str], name: str) -> str | None:
    """Remove ``name VALUE`` from ``argv``; the value (None if absent)."""
    if name not in argv:
        return None
    i = argv.index(name)
    value = argv[i + 1]
    del argv[i : i + 2]
    return value


def install_addon(path: str) -> str:
    """Install and enable the add-on file ``path`` as a user does; its module name."""
    bpy.ops.preferences.addon_install(filepath=path, overwrite=True)
    module = path.rsplit("/", 1)[-1].removesuffix(".py")
    bpy.ops.preferences.addon_enable(module=module)
    return module


def main(argv: list[str]) -> dict:
    argv = list(argv)
    addon, blink = _flag(argv, "--addon"), _flag(argv, "--blink")
    glb, probe = argv[0], argv[1]
    bpy.ops.wm.read_factory_settings(use_empty=True)
    module = install_addon(addon) if addon else None
    t0 = time.perf_counter()
    bpy.ops.import_scene.gltf(filepath=glb)
    import_s = time.perf_counter() - t0
    scene = bpy.context.scene
    objs = list(bpy.data.objects)
    imported_range = [scene.frame_start, scene.frame_end]
    props = {k: _plain(scene[k]) for k in scene.keys() if not k.startswith("_")}
    # what docs/gltf.md tells a user to run after importing without the add-on
    if "frame_end" in props and not addon:
        scene.frame_start, scene.frame_end = int(props["frame_start"]), int(props["frame_end"])
    tilt = 0.0
    for o in objs:
        if o.type == "MESH" and o.get("kind") not in (None, "rock", "sky", "rover"):
            z = o.matrix_world.to_3x3().normalized().col[2]
            tilt = max(tilt, math.degrees(math.acos(max(-1.0, min(1.0, z.z)))))
    moved = None
    if probe in bpy.data.objects:
        ob = bpy.data.objects[probe]
        scene.frame_set(0)
        p0 = ob.matrix_world.translation.copy()
        scene.frame_set(int(3 * scene.render.fps))
        moved = (ob.matrix_world.translation - p0).length
    scales = None
    if blink and blink in bpy.data.objects:
        ob = bpy.data.objects[blink]
        scales = []
        for f in range(scene.frame_start, scene.frame_start + 2 * scene.render.fps + 1):
            scene.frame_set(f)
            scales.append(round(max(ob.matrix_world.to_scale()), 6))
        scene.frame_set(scene.frame_start)
    terrain = bpy.data.objects.get("terrain")
    normal_maps = []  # the terrain materials' normal map nodes: their UV maps
    for slot in terrain.material_slots if terrain is not None else []:
        nodes = slot.material.node_tree.nodes if slot.material and slot.material.node_tree else []
        normal_maps += [n.uv_map for n in nodes if n.type == "NORMAL_MAP"]
    report = {
        "addon": module,
        "terrain_normal_maps": normal_maps,
        "terrain_uv_maps": [uv.name for uv in terrain.data.uv_layers] if terrain else [],
        "scene_camera": scene.camera.name if scene.camera else None,
        "exposure": scene.view_settings.exposure,
        "blink_scales": scales,
        "import_s": import_s,
        "objects": len(objs),
        "types": dict(Counter(o.type for o in objs)),
        "triangles": sum(len(o.data.polygons) for o in objs if o.type == "MESH"),
        "cameras": sorted(o.name for o in objs if o.type == "CAMERA"),
        "lights": [[o.data.type, round(o.data.energy, 3)] for o in objs if o.type == "LIGHT"],
        "actions": {a.name: list(a.frame_range) for a in bpy.data.actions},
        "animated": sorted(
            o.name for o in objs if o.animation_data and o.animation_data.action is not None
        ),
        "imported_frame_range": imported_range,
        "frame_range": [scene.frame_start, scene.frame_end],
        "fps": scene.render.fps,
        "scene_props": props,
        "max_structure_tilt_deg": tilt,
        "probe_moved_m": moved,
        "view_transform": scene.view_settings.view_transform,
    }
    if len(argv) > 2:
        samples = int(argv[5]) if len(argv) > 5 else None
        shadow = float(argv[6]) if len(argv) > 6 else None
        report["render_s"] = render(scene, argv[2], argv[3], argv[4], samples, shadow)
    return report


def render(
    scene,
    out: str,
    size: str,
    camera: str,
    samples: int | None = None,
    shadow_scale: float | None = None,
) -> float:
    """EEVEE still of ``camera`` at ``size`` (WxH) into ``out`` (``samples`` anti-aliasing
    samples, else Blender's default 64; ``shadow_scale`` the shadow maps' resolution scale,
    else Blender's default 1); its wall time (s). Render settings only: the scene is left
    as imported."""
    w, h = (int(x) for x in size.split("x"))
    scene.camera = next(
        o for o in bpy.data.objects if o.type == "CAMERA" and o.name.startswith(camera)
    )
    scene.render.resolution_x, scene.render.resolution_y = w, h
    scene.render.resolution_percentage = 100
    scene.render.filepath = out
    scene.render.image_settings.file_format = "PNG"
    if samples:
        scene.eevee.taa_render_samples = samples
    if shadow_scale:
        scene.eevee.shadow_resolution_scale = shadow_scale
    scene.frame_set(0)
    t0 = time.perf_counter()
    bpy.ops.render.render(write_still=True)
    return time.perf_counter() - t0


if __name__ == "__main__":
    print("REPORT " + json.dumps(main(sys.argv[1:])))
