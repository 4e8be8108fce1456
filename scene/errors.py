"""The two exceptions the command line turns into exit statuses."""

from __future__ import annotations


class SceneError(ValueError):
    """Bad user input: the message is one line naming the key or value at fault (exit 2)."""


class WorkerDied(RuntimeError):
    """A render worker process ended without finishing its frame (exit 1)."""


def unknown_name(
    option: str, what: str, name: str, known, also: tuple[str, ...] = ()
) -> SceneError:
    """The one message for a name that is not in the scene, e.g. ``--shot: unknown shot
    'x'; the scene has: hero, pads, all``."""
    names = [*known, *also]
    return SceneError(
        f"{option}: unknown {what} {name!r}; the scene has: {', '.join(names) or '(none)'}"
    )
