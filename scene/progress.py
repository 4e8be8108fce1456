"""Rich progress bars on stderr for the long-running verbs."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

console = Console(stderr=True)


@contextlib.contextmanager
def bar(description: str, total: float, unit: str = "") -> Iterator:
    """A progress bar; yields ``advance(n=1, rate_text=None)``."""
    columns = [
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        MofNCompleteColumn() if unit else TextColumn("{task.percentage:>3.0f}%"),
        TextColumn("{task.fields[rate]}"),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
    ]
    with Progress(*columns, console=console, transient=False) as prog:
        task = prog.add_task(description, total=total, rate="")

        def advance(n: float = 1, rate: str | None = None, description: str | None = None):
            kw = {}
            if rate is not None:
                kw["rate"] = rate
            if description is not None:
                kw["description"] = description
            prog.update(task, advance=n, **kw)

        yield advance


def stage_reporter(advance):
    """Adapt ``advance`` to the ``progress(fraction, message)`` callbacks of the pipeline."""
    state = {"done": 0.0}

    def report(fraction: float, message: str):
        step = max(0.0, fraction * 100 - state["done"])
        state["done"] += step
        advance(step, description=f"building: {message}")

    return report
