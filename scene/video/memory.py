"""A render process's memory once its renderer is built (issue 15: peak worker RSS).

A worker process receives the World with a ``Baked.for_render`` copy of its bake, builds one
renderer and then only renders frames: it never relights, so after ``Renderer.load`` the
bake's merged meshes, face records and face colours (copied into VTK actors by then) are
dead weight, and so are the per-tile face selections the renderer keeps for ``set_sun``.
:func:`release_after_load` frees them and hands the freed heap back to the system.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import gc
from functools import cache


@cache
def _libc():
    name = ctypes.util.find_library("c")
    try:
        lib = ctypes.CDLL(name)
        _ = lib.malloc_trim
    except (OSError, AttributeError, TypeError):  # not glibc: nothing to trim
        return None
    return lib


def trim_heap() -> None:
    """Return the free pages of the C heap to the system (glibc ``malloc_trim``; a no-op
    elsewhere). Many mid-sized temporaries freed while loading leave the heap holding
    hundreds of MB that RSS counts until then."""
    lib = _libc()
    if lib is not None:
        lib.malloc_trim(0)


def release_after_load(renderer) -> None:
    """Free in a frames-only process what ``renderer`` (loaded) reads only to relight.

    ``renderer.baked.release()`` drops the bake's geometry and face colours (what it still
    reads per frame, ``z_top`` and the ground images, stays); ``structure_meshes`` (the
    face selections of every tile, read only by ``set_sun``) is emptied, so ``set_sun``
    raises instead of relighting. Then gc and :func:`trim_heap`."""
    renderer.baked.release()
    if hasattr(renderer, "structure_meshes"):
        renderer.structure_meshes = []
    gc.collect()
    trim_heap()
