"""Key bindings of the viewer and the help overlay that lists them.

``bindings(viewer)`` is the one table of (keysyms, help text, action); ``bind`` installs it
on the pyvista plotter (after removing pyvista's own keys and VTK's character keys, which
would otherwise turn ``w``/``s`` into wireframe/surface, ``r`` into reset, ``f`` into fly-to
and ``q``/``e`` into an abrupt exit).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from ..model.layers import LAYERS

if TYPE_CHECKING:
    import pyvista

LAYER_KEYS = {layer: f"F{i + 1}" for i, layer in enumerate(LAYERS)}
SHOT_KEYS = tuple("123456789")
BOOST = 4.0  # shift + a movement key
_PRETTY = {
    "Prior": "PgUp",
    "Next": "PgDn",
    "equal": "=",
    "plus": "+",
    "minus": "-",
    "KP_Add": "",
    "KP_Subtract": "",
    "Escape": "Esc",
}


def _moves(v) -> list[tuple[tuple[str, ...], str, Callable[[], None]]]:
    """The movement keys of viewer ``v`` (a ``window.Viewer``), each with its shifted boost."""
    out = []
    for keys, text, kw in (
        (("w", "Up"), "forward", {"forward": 1}),
        (("s", "Down"), "back", {"forward": -1}),
        (("a", "Left"), "left", {"right": -1}),
        (("d", "Right"), "right", {"right": 1}),
        (("r", "Prior"), "up", {"up": 1}),
        (("f", "Next"), "down", {"up": -1}),
    ):
        out.append((keys, text, lambda kw=kw: v.nav.move(**kw)))
        out.append(
            (
                tuple(k.upper() for k in keys if len(k) == 1),
                "",
                lambda kw=kw: v.nav.move(**{k: BOOST * x for k, x in kw.items()}),
            )
        )
    return out


def bindings(v) -> list[tuple[tuple[str, ...], str, Callable[[], None]]]:
    """(keysyms, help text, action) for viewer ``v`` (a ``window.Viewer``); empty help text =
    not listed."""
    table = _moves(v) + [
        (("plus", "equal", "KP_Add"), "faster", lambda: v.speed(1.5)),
        (("minus", "KP_Subtract"), "slower", lambda: v.speed(1 / 1.5)),
        (("m",), "fly / orbit mode", v.toggle_mode),
    ]
    for i, name in enumerate(list(v.world.shots)[: len(SHOT_KEYS)]):
        table.append(((SHOT_KEYS[i],), f"shot {name}", lambda n=name: v.go_to_shot(n)))
    table += [
        (("p",), "print camera as [[shots]]", v.print_shot),
        (("k",), "add camera as [[paths.keys]]", v.add_key),
        (("space",), "play / pause path", v.toggle_play),
        (("n",), "next path", v.next_path),
    ]
    for layer, key in LAYER_KEYS.items():
        table.append(((key,), f"layer {layer}", lambda lay=layer: v.toggle_layer(lay)))
    table += [
        (("l",), "interaction detail on/off", v.toggle_lod),
        (("c",), "screenshot to renders/", v.capture),
        (("h",), "this help", v.toggle_help),
        (("q", "Escape"), "quit", v.quit),
    ]
    return table


def help_text(
    table: list[tuple[tuple[str, ...], str, Callable[[], None]]],
    layers: dict[str, bool] | None = None,
) -> str:
    """Two-column text of the listed keys, mouse hints first; ``layers`` (name -> shown)
    marks each layer key on / off (-- when the scene has no such layer)."""
    layers = layers or {}
    lines = [
        "mouse: fly = drag to look, wheel to step; orbit = drag to orbit,",
        "       right-drag zoom, middle-drag pan.  SHIFT+move = x4",
        "",
    ]
    for keys, text, _ in table:
        if text:
            names = " ".join(n for n in (_PRETTY.get(k, k) for k in keys) if n)
            state = ""
            if text.startswith("layer "):
                on = layers.get(text[6:])
                state = "  --" if on is None else ("  on" if on else "  off")
            lines.append(f"{names:<10} {text}{state}")
    return "\n".join(lines)


def _swallow(*_: object) -> None:
    """An observer that does nothing: its presence stops VTK's default handler."""


def bind(
    plotter: pyvista.Plotter, table: list[tuple[tuple[str, ...], str, Callable[[], None]]]
) -> None:
    """Replace the plotter's key handling by ``table``."""
    iren = plotter.iren
    iren.clear_key_event_callbacks()
    style = iren.style
    style.AddObserver("CharEvent", _swallow)
    style.AddObserver("KeyPressEvent", _swallow)
    for keys, _text, action in table:
        for k in keys:
            iren.add_key_event(k, action)
