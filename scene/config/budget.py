"""The memory a render needs, estimated before anything is allocated: frame width × height ×
supersampling, for each renderer process, plus the world each of them holds.

``check_frame_memory`` refuses with ``SceneError`` naming the option or key and the estimate
in MB or GB, so ``still --size 7680x4320 --quality final`` on a small machine fails in a
second instead of being killed by the kernel after the world is built. (Disk space for the
outputs is checked by ``scene/cli/outputs.py``.)
"""

from __future__ import annotations

from ...terrain.memcheck import available_memory_bytes, estimate_memory_bytes, format_bytes
from ..errors import SceneError

# peak bytes per rendered (supersampled) pixel in one renderer: the EGL colour and depth
# buffers, the float32 read-back and depth, sky mask, bloom and SSAA work arrays; measured
# 118-143 B/px at 1920x1080 (preview and final) on llvmpipe
FRAME_BYTES_PER_PIXEL = 150
SSAA = {"preview": 1, "final": 2}  # as scene/render/renderer.QUALITY (imports no VTK here)


def estimate_frame_bytes(width: int, height: int, quality: str) -> int:
    ss = SSAA.get(quality, 2)
    return int(width * ss * height * ss * FRAME_BYTES_PER_PIXEL)


def check_frame_memory(
    cfg: dict,
    width: int,
    height: int,
    quality: str,
    key: str,
    workers: int = 1,
    available: int | None = None,
) -> int:
    """Refuse a frame size whose renderers (``workers`` of them, each holding the world)
    would not fit in the available memory; returns the estimate in bytes."""
    frame = estimate_frame_bytes(width, height, quality)
    world = estimate_memory_bytes(cfg["terrain"])
    need = world + workers * frame
    avail = available_memory_bytes() if available is None else available
    if avail is not None and need > avail:
        who = f"{workers} renderers" if workers > 1 else "the renderer"
        raise SceneError(
            f"{key}: {width}x{height} at {quality} quality needs ~{format_bytes(frame)} per "
            f"frame, ~{format_bytes(need)} with the world for {who}, more than the "
            f"{format_bytes(avail)} available"
        )
    return need
