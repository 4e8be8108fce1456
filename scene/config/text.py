"""Values and keys as error messages print them: escaped, short, always one line.

A scene file is untrusted input, so anything echoed back (a value, a key, a file name) may hold
newlines, NULs, terminal escapes, integers of thousands of digits or lists nested thousands of
levels deep. ``shown`` prints such a value TOML-like without ever recursing deeper than a few
levels, converting a huge integer to text or emitting a raw control character.
"""

from __future__ import annotations

import re

VALUE_CHARS = 60  # longest value echoed in a message
MESSAGE_CHARS = 300  # longest message
_PLAIN_KEY = re.compile(r"[A-Za-z0-9_\-]{1,64}")
_DEPTH = 3  # nesting shown before "..."


def _int_text(v: int) -> str:
    if -(10**60) < v < 10**60:
        return str(v)
    digits = int(v.bit_length() * 0.30103) + 1  # str() of a huge int is slow or refused
    return f"{'-' if v < 0 else ''}<integer of ~{digits} digits>"


def _str_text(s: str, budget: int) -> str:
    return repr(s[: budget + 1])  # repr escapes every non-printable character


def _walk(value, budget: int, depth: int) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return _int_text(value)
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, str):
        return _str_text(value, budget)
    if isinstance(value, dict):
        if depth >= _DEPTH:
            return "{...}" if value else "{}"
        parts = []
        for k, v in value.items():
            if budget <= 0:
                parts.append("...")
                break
            item = f"{key_text(k)} = {_walk(v, budget, depth + 1)}"
            budget -= len(item) + 2
            parts.append(item)
        return "{" + ", ".join(parts) + "}"
    if isinstance(value, list | tuple):
        if depth >= _DEPTH:
            return "[...]" if value else "[]"
        parts = []
        for v in value:
            if budget <= 0:
                parts.append("...")
                break
            item = _walk(v, budget, depth + 1)
            budget -= len(item) + 2
            parts.append(item)
        return "[" + ", ".join(parts) + "]"
    return f"<{type(value).__name__}>"


def cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 3] + "..."


def shown(value, limit: int = VALUE_CHARS) -> str:
    """``value`` as a message shows it: TOML-like (true/false, quoted strings), escaped,
    at most ``limit`` characters (cut with "...")."""
    return cut(_walk(value, limit, 0), limit)


def key_text(key) -> str:
    """A table key as a key path shows it: bare if it is a plain short name, else quoted
    and escaped (like a TOML quoted key)."""
    if isinstance(key, str) and _PLAIN_KEY.fullmatch(key):
        return key
    return shown(key, 40) if isinstance(key, str) else f"<{type(key).__name__} key>"


def path_text(path) -> str:
    """A file name for a message: as given when printable and short, else escaped."""
    s = str(path)
    if s.isprintable() and len(s) <= 120:
        return s
    return cut(repr(s), 120)


def one_line(message: str, limit: int = MESSAGE_CHARS) -> str:
    """``message`` with every non-printable character escaped, cut to ``limit`` characters:
    the last line of defence before a message reaches the terminal."""
    if not message.isprintable():
        message = "".join(c if c.isprintable() else repr(c)[1:-1] for c in message)
    return cut(message, limit)
