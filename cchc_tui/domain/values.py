"""Values of one row: parse what an officer types, check kind and range, format for display.

Kinds and their rules come from the template (``RowKind``): counts are whole and ≥ 0, percent
is 0–100, money is in triệu đồng and ≥ 0, codes come from the row's list.
"""

from __future__ import annotations

from decimal import Decimal

from cchc_tui import messages as msg
from cchc_tui.base.errors import InvalidInput
from cchc_tui.base.numbers import NumberFormatError, decimals_of, format_number, parse_number
from cchc_tui.base.text import nfc
from cchc_tui.domain.report import CellValue
from cchc_tui.template.model import Indicator, RowKind

MAX_INPUT_DECIMALS = 4


class CellError(InvalidInput):
    """A value does not fit its row; ``str(err)`` is the Vietnamese reason."""


def _codes_text(row: Indicator) -> str:
    return "; ".join(f"{label} = {code}" for code, label in sorted(row.codes.items()))


def check_cell(row: Indicator, value: CellValue) -> CellValue:
    """Check a typed value against its row's kind and range; return it normalised.

    Args:
        row: the template row.
        value: ``int``/``Decimal`` for numbers and codes, ``str`` for text, ``None``.

    Returns:
        ``int`` for counts and codes, ``Decimal`` for other numbers, ``str`` for text.

    Raises:
        CellError: negative count, fraction in a count, percent outside 0–100, unknown code…
    """
    if value is None:
        return None
    kind = row.kind
    if kind is RowKind.HEADING:
        raise CellError(msg.VAL_NOT_EDITABLE)
    if kind is RowKind.TEXT:
        if not isinstance(value, str):
            raise CellError(msg.VAL_WRONG_TYPE.format(value=value, kind=msg.KIND_LABELS[kind]))
        return nfc(value)
    if isinstance(value, bool) or not isinstance(value, int | Decimal):
        raise CellError(msg.VAL_WRONG_TYPE.format(value=value, kind=msg.KIND_LABELS[kind]))
    number = Decimal(value)
    if kind is RowKind.CODE:
        if number != number.to_integral_value() or int(number) not in row.codes:
            raise CellError(msg.VAL_BAD_CODE.format(value=value, codes=_codes_text(row)))
        return int(number)
    if number < 0:
        raise CellError(msg.VAL_NEGATIVE)
    if kind is RowKind.COUNT:
        if number != number.to_integral_value():
            raise CellError(msg.VAL_NOT_WHOLE)
        number = Decimal(int(number))
    if kind is RowKind.PERCENT and number > 100:
        raise CellError(msg.VAL_PERCENT_RANGE)
    if row.minimum is not None and number < Decimal(str(row.minimum)):
        raise CellError(msg.VAL_BELOW_MIN.format(min=format_number(Decimal(str(row.minimum)))))
    if row.maximum is not None and number > Decimal(str(row.maximum)):
        raise CellError(msg.VAL_ABOVE_MAX.format(max=format_number(Decimal(str(row.maximum)))))
    if kind is RowKind.COUNT:
        return int(number)
    if decimals_of(number) > MAX_INPUT_DECIMALS:
        raise CellError(msg.VAL_TOO_MANY_DECIMALS.format(n=MAX_INPUT_DECIMALS))
    return number


def parse_cell(row: Indicator, text: str) -> CellValue:
    """Parse what an officer typed for ``row``; blank means empty.

    Code rows take the code digit ("1"); percent rows accept a trailing "%".

    Raises:
        CellError: with the Vietnamese reason (number grammar, kind or range).
    """
    text = nfc(text).strip()
    if not text:
        return None
    if row.kind is RowKind.TEXT:
        return text
    if row.kind is RowKind.PERCENT and text.endswith("%"):
        text = text[:-1].rstrip()
    try:
        number = parse_number(text)
    except NumberFormatError as err:
        raise CellError(str(err)) from err
    return check_cell(row, number)


def to_decimal(value: CellValue) -> Decimal | None:
    """The value as a ``Decimal`` for arithmetic; ``None`` for empty or text."""
    if value is None or isinstance(value, str):
        return None
    return Decimal(value)


def format_cell(row: Indicator, value: CellValue, decimals: int | None = None) -> str:
    """Display text of a value: vi-VN numbers, "1 – Hoàn thành" for codes, "" for empty."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if row.kind is RowKind.CODE:
        label = row.codes.get(int(value))
        return f"{int(value)} – {label}" if label else str(int(value))
    return format_number(value, decimals)


def cell_to_storage(value: CellValue) -> str | None:
    """Canonical text stored in the database: "45", "94.3", text as is; ``None`` if empty."""
    if value is None:
        return None
    if isinstance(value, str):
        return value
    if isinstance(value, int):
        return str(value)
    return format(value, "f")


def cell_from_storage(row: Indicator, stored: str | None) -> CellValue:
    """Inverse of :func:`cell_to_storage` for a row of known kind."""
    if stored is None:
        return None
    if row.kind is RowKind.TEXT:
        return stored
    if row.kind in (RowKind.COUNT, RowKind.CODE):
        return int(Decimal(stored))
    return Decimal(stored)
