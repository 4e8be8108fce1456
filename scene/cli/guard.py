"""What every verb runs inside: SIGINT and SIGTERM become exceptions in the main thread (so
``finally`` blocks stop the workers and delete temporary files), and an output that could
not be written is one line.

Exit statuses: SIGINT 130, SIGTERM 143 (128 + the signal's number, as shells report a
process the signal ended), each with the one line ``lunarbase: interrupted``; an output not
written (disk full, no permission, read-only disk) 1, with one line naming the path.
"""

from __future__ import annotations

import contextlib
import functools
import signal
import sys
import threading
from collections.abc import Iterator

from ..exchange.files import WriteError


class Terminated(KeyboardInterrupt):
    """SIGTERM, raised in the main thread like Ctrl-C's KeyboardInterrupt."""


@contextlib.contextmanager
def signals_raise() -> Iterator[None]:
    """For the block: the first SIGINT raises KeyboardInterrupt and the first SIGTERM
    :class:`Terminated` in the main thread; a repeat while the program cleans up is
    ignored, so the clean-up (stopping workers) is not cut short."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    raised = []

    def handler(signum, _frame):
        if raised:
            return
        raised.append(signum)
        raise Terminated() if signum == signal.SIGTERM else KeyboardInterrupt()

    old = {s: signal.signal(s, handler) for s in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for s, h in old.items():
            signal.signal(s, h)


def guarded(verb):
    """Run ``verb(args)`` with :func:`signals_raise`; turn an interruption and an output
    that could not be written into their one line and exit status."""

    @functools.wraps(verb)
    def run(args):
        try:
            with signals_raise():
                return verb(args)
        except Terminated:
            print("lunarbase: interrupted", file=sys.stderr)
            return 128 + signal.SIGTERM
        except KeyboardInterrupt:
            print("lunarbase: interrupted", file=sys.stderr)
            return 128 + signal.SIGINT
        except WriteError as exc:
            print(f"lunarbase: error: {exc}", file=sys.stderr)
            return 1

    return run
