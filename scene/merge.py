"""Static structures flattened into few big meshes for rendering and ray casting."""

from __future__ import annotations

import numpy as np

from .layers import layer_of

DYNAMIC_KINDS = ("rover",)  # drawn per frame by scene.dynamic, not merged
MIN_ROCK_DRAWN_M = 2.5  # smaller boulders are in the scene graph (and GLB) but not rendered


def merged_by_material(world) -> dict[tuple[str, str], tuple[np.ndarray, np.ndarray]]:
    """All structure instances flattened into one (V, F) pair per (layer, material), in
    world space: few actors for VTK, and layers the viewer can toggle."""
    acc: dict[tuple[str, str], list] = {}
    for node, m in world.graph.instances():
        if node.kind == "terrain" or node.kind in DYNAMIC_KINDS:
            continue
        if node.kind == "rock" and node.extras.get("diameter_m", 9.0) < MIN_ROCK_DRAWN_M:
            continue
        r, t = m[:3, :3], m[:3, 3]
        for prim in node.mesh.primitives:
            key = (layer_of(node.kind, prim.material), prim.material)
            acc.setdefault(key, []).append((prim.vertices @ r.T + t, prim.faces))
    out = {}
    for key, items in sorted(acc.items()):
        offs = np.cumsum([0] + [len(v) for v, _ in items[:-1]])
        out[key] = (np.vstack([v for v, _ in items]),
                    np.vstack([f.astype(np.int64) + o for (_, f), o in zip(items, offs,
                                                                             strict=True)]))
    return out


def glow_shells(world, grows=((1.3, 0.16), (1.75, 0.06))) -> list[tuple]:
    """Soft halo geometry around each translucent emissive part (the engine plumes): copies
    grown about the part's own vertical axis. Returns [(V, F, material, opacity)]."""
    from ..assets.materials import PALETTE

    shells: dict[tuple[str, float], list] = {}
    for node, m in world.graph.instances():
        for prim in node.mesh.primitives:
            mat = PALETTE[prim.material]
            if not (mat.is_emissive and mat.opacity < 1.0):
                continue
            v = prim.vertices.astype(np.float64)
            c = v.mean(axis=0)
            for grow, alpha in grows:
                g = v.copy()
                g[:, :2] = c[:2] + (v[:, :2] - c[:2]) * grow
                shells.setdefault((prim.material, alpha), []).append(
                    (g @ m[:3, :3].T + m[:3, 3], prim.faces))
    out = []
    for (mat, alpha), items in shells.items():
        offs = np.cumsum([0] + [len(v) for v, _ in items[:-1]])
        out.append((np.vstack([v for v, _ in items]),
                    np.vstack([f.astype(np.int64) + o for (_, f), o in zip(items, offs,
                                                                             strict=True)]),
                    mat, alpha))
    return out
