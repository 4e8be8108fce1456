"""Which mesh nodes are written as GPU instances (EXT_mesh_gpu_instancing), and how.

Every still node whose mesh is shared by ``MIN_BATCH`` or more nodes joins its mesh's
``Batch``: one glTF node drawing all of them (one draw call per primitive in three.js
instead of one per copy). Nodes that move (rovers on their roads) or whose mesh has fewer
copies (the three engines) stay ``Single`` nodes with their names and extras. Batches and
singles are grouped by kind: rocks under ``rocks``, structures under ``base/<kind>``.

Fallback: the extension is used, not required. The batch node stands where its first
instance stands and the instance transforms are relative to it (the first is the
identity), so a client that ignores the extension still draws that first copy correctly
instead of a stray one at the origin. Blender 4.5 reads the extension and makes one
object per instance (linked duplicates of one mesh) under the batch node. ``plain``
instancing writes every instance as its own node sharing the mesh, for tools that want
them so; ``flat`` a mesh copy per node (for comparison).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

from . import axes

if TYPE_CHECKING:
    from ...model.graph import Mesh, Node, SceneGraph
    from .buffers import Buffers

EXT = "EXT_mesh_gpu_instancing"
MODES = ("gpu", "plain", "flat")
MIN_BATCH = 4  # fewer copies than this (the engines, a pair of towers) stay named nodes


@dataclass
class Single:
    """A mesh node written as itself: the graph node and its (4, 4) Z-up world matrix."""

    node: Node
    world: np.ndarray


@dataclass
class Batch:
    """The still nodes sharing ``mesh``: their nodes, kind and (K, 4, 4) Z-up world
    matrices (stacked in walk order)."""

    mesh: Mesh
    kind: str
    nodes: list[Node] = field(default_factory=list)
    worlds: list[np.ndarray] = field(default_factory=list)

    def extras(self) -> dict:
        """Node extras of the batch: the kind, the instances' names, and the extras every
        instance has alike (builder parameters, footprint)."""
        first = {k: v for k, v in self.nodes[0].extras.items() if k != "asset"}
        same = {k: v for k, v in first.items() if all(n.extras.get(k) == v for n in self.nodes)}
        return {"kind": self.kind, **same, "instances": [n.name for n in self.nodes]}


@dataclass
class Group:
    """A named group of the output: its batches and singles, in first-seen order."""

    name: str
    batches: list[Batch] = field(default_factory=list)
    singles: list[Single] = field(default_factory=list)


def plan(graph: SceneGraph, moving: set[str]) -> list[Group]:
    """Groups ``rocks`` and ``base/<kind>`` of every mesh node of ``graph`` except the
    terrain; nodes named in ``moving`` and nodes whose mesh has fewer than ``MIN_BATCH``
    users are singles."""
    uses = Counter(id(n.mesh) for n, _ in graph.instances())
    groups: dict[str, Group] = {}
    batches: dict[tuple[str, int], Batch] = {}
    for node, world in graph.instances():
        if node.kind == "terrain":
            continue
        gname = "rocks" if node.kind == "rock" else node.kind
        grp = groups.setdefault(gname, Group(gname))
        if node.name in moving or uses[id(node.mesh)] < MIN_BATCH:
            grp.singles.append(Single(node, world))
            continue
        key = (gname, id(node.mesh))
        if key not in batches:
            batches[key] = Batch(node.mesh, node.kind)
            grp.batches.append(batches[key])
        batches[key].nodes.append(node)
        batches[key].worlds.append(world)
    return list(groups.values())


def instance_attributes(b: Buffers, batch: Batch) -> tuple[dict, dict]:
    """Write ``batch``'s instance transforms; returns (the batch node's Y-up TRS, its
    EXT_mesh_gpu_instancing object). Instance k's transform is relative to instance 0,
    which the node itself carries (the fallback); (K, 3) TRANSLATION, (K, 4) ROTATION and
    (K, 3) SCALE float32 accessors, scale left out where every instance is unscaled."""
    worlds = axes.body(np.array(batch.worlds))  # (K, 4, 4) Y-up
    base = worlds[0]
    rel = np.linalg.inv(base) @ worlds
    t, q, s = axes.decompose(rel)
    attrs = {
        "TRANSLATION": b.accessor(t.astype(np.float32), "VEC3", None),
        "ROTATION": b.accessor(q.astype(np.float32), "VEC4", None),
    }
    if not np.allclose(s, 1.0):
        attrs["SCALE"] = b.accessor(s.astype(np.float32), "VEC3", None)
    b.used_ext.add(EXT)
    return axes.trs(base), {"attributes": attrs}
