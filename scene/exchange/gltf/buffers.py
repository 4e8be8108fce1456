"""The GLB's binary chunk and the JSON arrays that index into it: buffer views, accessors,
images, textures; and the GLB container itself."""

from __future__ import annotations

import json
import struct
from typing import Any

import numpy as np

ARRAY_BUFFER, ELEMENT_ARRAY_BUFFER = 34962, 34963
FLOAT, UINT32 = 5126, 5125
LINEAR, LINEAR_MIPMAP_LINEAR = 9729, 9987
CLAMP_TO_EDGE, REPEAT = 33071, 10497
PNG_LEVEL = 3  # zlib level of embedded PNGs: half level 6's time, ~10 % larger textures


class Buffers:
    """The binary chunk under construction and the glTF document ``doc`` whose
    ``bufferViews``, ``accessors``, ``samplers``, ``images`` and ``textures`` point into it."""

    def __init__(self, generator: str):
        self.bin = bytearray()
        self.doc: dict[str, Any] = {
            "asset": {"version": "2.0", "generator": generator},
            "buffers": [],
            "bufferViews": [],
            "accessors": [],
        }
        self.used_ext: set[str] = set()
        self._textures: dict[tuple[int, int], int] = {}  # (id of image array, sampler) -> index
        self._keep: list[np.ndarray] = []  # arrays keyed by id() stay alive while keyed

    def view(self, data: bytes, target: int | None) -> int:
        """Append ``data`` (4-byte aligned) to the binary chunk as a buffer view; its index."""
        while len(self.bin) % 4:
            self.bin.append(0)
        bv = {"buffer": 0, "byteOffset": len(self.bin), "byteLength": len(data)}
        if target:
            bv["target"] = target
        self.bin.extend(data)
        self.doc["bufferViews"].append(bv)
        return len(self.doc["bufferViews"]) - 1

    def accessor(
        self,
        arr: np.ndarray,
        kind: str,
        target: int | None = ARRAY_BUFFER,
        minmax: bool = False,
        view: int | None = None,
    ) -> int:
        """Index of a new accessor of glTF type ``kind`` ("SCALAR", "VEC2", ...) over ``arr``:
        (N,) or (N, C) float32, or uint32 (indices); ``minmax`` records its bounds. ``view``:
        an existing buffer view whose first bytes already hold ``arr`` (an accessor over a
        prefix of another's data, e.g. the first N keys of a longer animation)."""
        comp = UINT32 if arr.dtype == np.uint32 else FLOAT
        if view is None:
            view = self.view(np.ascontiguousarray(arr).tobytes(), target)
        acc: dict[str, Any] = {
            "bufferView": view,
            "componentType": comp,
            "count": int(len(arr)),
            "type": kind,
        }
        if minmax:
            a2 = arr.reshape(len(arr), -1)
            acc["min"] = [float(x) for x in a2.min(axis=0)]
            acc["max"] = [float(x) for x in a2.max(axis=0)]
        self.doc["accessors"].append(acc)
        return len(self.doc["accessors"]) - 1

    def view_of(self, accessor: int) -> int:
        """The buffer view of ``accessor``."""
        return self.doc["accessors"][accessor]["bufferView"]

    def _sampler(self, wrap_s: int, wrap_t: int = CLAMP_TO_EDGE) -> int:
        samplers = self.doc.setdefault("samplers", [])
        want = {
            "magFilter": LINEAR,
            "minFilter": LINEAR_MIPMAP_LINEAR,
            "wrapS": wrap_s,
            "wrapT": wrap_t,
        }
        if want not in samplers:
            samplers.append(want)
        return samplers.index(want)

    def texture(
        self, rgb: np.ndarray, wrap_s: int = CLAMP_TO_EDGE, wrap_t: int = CLAMP_TO_EDGE
    ) -> int:
        """Index of a texture showing ``rgb`` ((H, W, 3) uint8, first row at v = 0) as an
        embedded PNG, linearly filtered and clamped at the edges (``wrap_s`` REPEAT for a
        texture around a sphere, both REPEAT for a tile); one per distinct array and
        sampler."""
        sampler = self._sampler(wrap_s, wrap_t)
        key = (id(rgb), sampler)
        if key not in self._textures:
            self._keep.append(rgb)
            png = encode_png(rgb)
            doc = self.doc
            images = doc.setdefault("images", [])
            textures = doc.setdefault("textures", [])
            images.append({"bufferView": self.view(png, None), "mimeType": "image/png"})
            textures.append({"sampler": sampler, "source": len(images) - 1})
            self._textures[key] = len(textures) - 1
        return self._textures[key]


def encode_png(rgb: np.ndarray) -> bytes:
    """PNG bytes of ``rgb`` ((H, W, 3) uint8) at zlib level ``PNG_LEVEL``."""
    import io

    from PIL import Image

    buf = io.BytesIO()
    Image.fromarray(np.ascontiguousarray(rgb)).save(buf, format="PNG", compress_level=PNG_LEVEL)
    return buf.getvalue()


def pack_glb(doc: dict, binary: bytes) -> bytes:
    """The GLB container: 12-byte header, the JSON chunk (space padded), the BIN chunk."""
    js = json.dumps(doc, separators=(",", ":")).encode("utf-8")
    js += b" " * (-len(js) % 4)
    binary += b"\0" * (-len(binary) % 4)
    total = 12 + 8 + len(js) + 8 + len(binary)
    return (
        struct.pack("<4sII", b"glTF", 2, total)
        + struct.pack("<I4s", len(js), b"JSON")
        + js
        + struct.pack("<I4s", len(binary), b"BIN\0")
        + binary
    )
