"""The two exceptions the command line turns into exit statuses."""

from __future__ import annotations


class SceneError(ValueError):
    """Bad user input: the message is one line naming the key or value at fault (exit 2)."""


class WorkerDied(RuntimeError):
    """A render worker process ended without finishing its frame (exit 1)."""
