"""Number rules shared by the scene file's schema and the asset builders' parameters, so
both accept and refuse the same values: an integer is an ``int`` (numpy integers too; never a
bool, never ``3.0``), a number is a finite int or float, and bounds compare exactly (an
integer of hundreds of digits is out of range, not an overflow)."""

from __future__ import annotations

import math

import numpy as np

_INT = (int, np.integer)
_NUM = (int, float, np.integer, np.floating)
_BOOL = (bool, np.bool_)


def is_integer(value) -> bool:
    return isinstance(value, _INT) and not isinstance(value, _BOOL)


def is_number(value) -> bool:
    return isinstance(value, _NUM) and not isinstance(value, _BOOL)


def in_range(value, lo: float | None, hi: float | None) -> bool:
    """``value`` is a finite number within [lo, hi] (either bound may be None)."""
    if not is_number(value):
        return False
    if isinstance(value, float | np.floating) and not math.isfinite(value):
        return False
    return (lo is None or value >= lo) and (hi is None or value <= hi)


def as_float(value) -> float | None:
    """``value`` as a finite float, or None (not a number, not finite, or overflowing)."""
    if not is_number(value):
        return None
    try:
        x = float(value)
    except OverflowError:
        return None
    return x if math.isfinite(x) else None


def fmt_range(lo: float | None, hi: float | None, integer: bool = False) -> str:
    """``lo..hi`` as the messages print it (whole numbers without a decimal point)."""

    def num(v) -> str:
        if v is None:
            return ""
        if integer or float(v).is_integer():
            return str(int(v))
        return repr(float(v))

    return f"{num(lo)}..{num(hi)}"
