"""Vietnamese (vi-VN) number grammar: one parser and one formatter for every number in the app.

Grammar (decided here, see shared/PITFALLS.md — Babel and ``Decimal()`` are too lax):

* digits are ASCII ``0``–``9`` only (no fullwidth, Arabic-Indic, ``_``, exponent, nan, inf);
* the decimal separator is a comma: ``94,3``;
* the thousands separator is a dot, only in groups of exactly three digits after a first group
  of one to three digits not starting with 0: ``10.900``, ``4.531.000.000``; a dot followed by
  anything else (``94.3``, ``1.50``) or after a leading 0 (``0.500``, an English 0,5) is
  refused as ambiguous;
* an integer part without dots may have any length; leading zeros mean nothing (``05`` = 5);
* an optional leading ``-`` (so a range check can say "must not be negative");
* at most 15 significant digits, so that every value survives JSON exactly.

Examples as printed in shared/seeds/001: "94,3", "10.900", "656,3", "05", "4.531.000.000".
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal

from cchc_tui import messages as msg
from cchc_tui.base.errors import InvalidInput

MAX_SIGNIFICANT_DIGITS = 15
_ALLOWED = set("0123456789.,-")
_GROUPED = re.compile(r"[1-9]\d{0,2}(?:\.\d{3})+")
_PLAIN = re.compile(r"\d+")


class NumberFormatError(InvalidInput):
    """A text is not a number in the vi-VN grammar; ``str(err)`` is a Vietnamese reason."""


def parse_number(text: str) -> Decimal | None:
    """Parse a vi-VN number.

    Args:
        text: what the officer typed or what a file holds, e.g. ``"4.531.000.000"``.

    Returns:
        The exact value as a ``Decimal`` (``"10.900"`` → ``Decimal("10900")``,
        ``"94,3"`` → ``Decimal("94.3")``), or ``None`` for a blank text.

    Raises:
        NumberFormatError: with a Vietnamese message saying why the text is not a number.
    """
    s = text.strip()
    if not s:
        return None
    for ch in s:
        if ch not in _ALLOWED:
            if ch.isspace():
                raise NumberFormatError(msg.NUM_SPACE)
            if ch in "eE" and any(c.isdigit() for c in s):
                raise NumberFormatError(msg.NUM_EXPONENT)
            if ch.isdigit():
                raise NumberFormatError(msg.NUM_NON_ASCII_DIGIT.format(ch=ch))
            raise NumberFormatError(msg.NUM_BAD_CHAR.format(ch=ch))
    negative = s.startswith("-")
    body = s[1:] if negative else s
    if "-" in body:
        raise NumberFormatError(msg.NUM_MINUS_PLACE)
    if body.count(",") > 1:
        raise NumberFormatError(msg.NUM_TWO_COMMAS)
    int_part, _, frac_part = body.partition(",")
    if "," in body and not frac_part:
        raise NumberFormatError(msg.NUM_COMMA_END)
    if "." in frac_part:
        raise NumberFormatError(msg.NUM_DOT_AFTER_COMMA)
    if frac_part and not frac_part.isdigit():
        raise NumberFormatError(msg.NUM_EMPTY)
    if not int_part:
        raise NumberFormatError(msg.NUM_EMPTY if not frac_part else msg.NUM_NO_INT_PART)
    if "." in int_part:
        if not _GROUPED.fullmatch(int_part):
            raise NumberFormatError(msg.NUM_BAD_GROUPING.format(text=s))
        int_part = int_part.replace(".", "")
    elif not _PLAIN.fullmatch(int_part):
        raise NumberFormatError(msg.NUM_EMPTY)
    digits = (int_part + frac_part).lstrip("0")
    if len(digits) > MAX_SIGNIFICANT_DIGITS:
        raise NumberFormatError(msg.NUM_TOO_LONG.format(n=MAX_SIGNIFICANT_DIGITS))
    value = Decimal(f"{'-' if negative else ''}{int_part}.{frac_part or '0'}")
    return _normalize(value)


def _normalize(value: Decimal) -> Decimal:
    """Drop trailing fractional zeros without switching to exponent form (1E+1)."""
    if value == value.to_integral_value():
        return value.quantize(Decimal(1))
    return value.normalize()


def round_half_up(value: Decimal, decimals: int) -> Decimal:
    """Round ``value`` half-up to ``decimals`` places: the one rounding rule of the app."""
    return _normalize(value.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP))


def decimals_of(value: Decimal) -> int:
    """Number of fractional digits a value carries (``Decimal("94.3")`` → 1)."""
    exponent = _normalize(value).as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


def format_number(value: Decimal | int, decimals: int | None = None) -> str:
    """Format a number the vi-VN way: ``10900`` → ``"10.900"``, ``94.3`` → ``"94,3"``.

    Args:
        value: the number.
        decimals: round half-up to this many places first; ``None`` keeps the value's own.

    Returns:
        Text that :func:`parse_number` reads back to the same value.
    """
    d = Decimal(value)
    if decimals is not None:
        d = round_half_up(d, decimals)
    d = _normalize(d)
    sign = "-" if d < 0 else ""
    text = format(abs(d), "f")
    int_part, _, frac_part = text.partition(".")
    groups: list[str] = []
    while len(int_part) > 3:
        groups.insert(0, int_part[-3:])
        int_part = int_part[:-3]
    groups.insert(0, int_part)
    out = sign + ".".join(groups)
    if frac_part:
        out += "," + frac_part
    return out
