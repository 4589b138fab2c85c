"""Typed keys, parsed once: a form's key ``BM<n>`` and a row's key ``BM<n>/<part>``.

A row key names one printed row of a form (Biểu mẫu): ``BM3/3.3.1`` is STT "3.3.1." of
Biểu mẫu 3; where the STT is missing or repeated the template gives the part itself
(``BM2/2.1.xa``, ``BM1/tong``). Both types are ``str`` subclasses, so they are used as
dictionary keys, in JSON and in the database exactly like the text they stand for, while their
parts are read from attributes instead of being sliced out again in every module.
"""

from __future__ import annotations

import re

from cchc_tui import messages as msg
from cchc_tui.base.errors import InvalidInput

_FORM = re.compile(r"BM([1-9]\d{0,2})")
_ROW = re.compile(r"(BM[1-9]\d{0,2})/([^/\s]+)")


class KeyFormatError(InvalidInput):
    """A text is not a form key or a row key."""


class FormKey(str):
    """The key of a form: ``BM<n>`` with ``n`` from 1 to 999 (``FormKey("BM3").number == 3``).

    Raises:
        KeyFormatError: the text is not ``BM`` followed by a number.
    """

    number: int

    def __new__(cls, text: str) -> FormKey:
        match = _FORM.fullmatch(text)
        if match is None:
            raise KeyFormatError(msg.KEY_NOT_FORM.format(text=text))
        key = super().__new__(cls, text)
        key.number = int(match.group(1))
        return key

    @classmethod
    def of(cls, number: int) -> FormKey:
        """The key of Biểu mẫu ``number``."""
        return cls(f"BM{number}")

    @classmethod
    def parse_optional(cls, text: str) -> FormKey | None:
        """``FormKey(text)`` when ``text`` is a form key, else ``None`` (``"narrative"``)."""
        return cls(text) if _FORM.fullmatch(text) else None


class RowKey(str):
    """The key of a form row: ``BM<n>/<part>`` (``RowKey("BM3/3.3.1").part == "3.3.1"``).

    ``part`` is the printed STT without its trailing dot, or the template's explicit key part;
    it holds no ``/`` and no white space.

    Raises:
        KeyFormatError: the text is not a row key.
    """

    form: FormKey
    part: str

    def __new__(cls, text: str) -> RowKey:
        match = _ROW.fullmatch(text)
        if match is None:
            raise KeyFormatError(msg.KEY_NOT_ROW.format(text=text))
        key = super().__new__(cls, text)
        key.form = FormKey(match.group(1))
        key.part = match.group(2)
        return key

    @classmethod
    def of(cls, form: str, part: str) -> RowKey:
        """The key of row ``part`` (an STT, trailing dot dropped) in form ``form``."""
        return cls(f"{form}/{part.strip().rstrip('.')}")

    @classmethod
    def resolve(cls, ref: str, form: str) -> RowKey:
        """A reference as written in a template: ``"3.3.1"`` in BM1 → ``BM1/3.3.1``; a full
        key (``"BM3/1.4"``) stands for itself."""
        ref = ref.strip().rstrip(".")
        return cls(ref) if "/" in ref else cls.of(form, ref)

    @staticmethod
    def is_row_key(text: str) -> bool:
        """Whether ``text`` is a row key (a finding's key may also be a sub-heading key)."""
        return _ROW.fullmatch(text) is not None
