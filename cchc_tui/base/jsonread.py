"""A bounded JSON reader: iterative, limits checked while reading, duplicates refused.

:func:`read_json` parses RFC 8259 JSON as :func:`json.loads` does (objects → ``dict``, arrays
→ ``list``, integers → ``int``, numbers with a fraction or exponent → ``Decimal``, exactly), with
what ``json.loads`` cannot give:

* no recursion: nesting is kept on an explicit stack and refused past
  :attr:`~cchc_tui.base.limits.JsonLimits.max_depth` (600 nested arrays gave a
  ``RecursionError`` traceback);
* every count is checked when the entry over the limit is met, before it is read: the reader
  stops at the first count over a limit (10⁶ explanations took 57 s and 2.5 GB);
* a string's length is checked from its extent before the string is made (fast path), or as
  soon as it is decoded (escapes);
* a number is checked **by its text** — length, significant digits, magnitude — before it is
  converted: ``1E999999`` never becomes a ``Decimal`` (issue 17: 152 s of Decimal arithmetic),
  a 5,000-digit integer never reaches ``int()``;
* a key repeated in one object is refused (``json.loads`` keeps the last);
* ``NaN``, ``Infinity`` and ``-Infinity`` are refused (no value a report can hold).

The tokens are matched by regular expressions anchored at the reader's position (each match is
linear, none backtracks across tokens) and strings with escapes are decoded by the standard
library's C ``scanstring``; the work is linear in the size of the text, which the caller limits
first (``JsonLimits.max_bytes``).
"""

from __future__ import annotations

import json.decoder
import re
from collections.abc import Callable
from decimal import Decimal
from json import JSONDecodeError
from typing import Any

from cchc_tui import messages as msg
from cchc_tui.base.errors import InvalidInput
from cchc_tui.base.limits import (
    MAX_FRACTION_DIGITS,
    MAX_INTEGER_DIGITS,
    MAX_SIGNIFICANT_DIGITS,
    NUMBER_TEXT_CHARS,
    JsonLimits,
    LimitExceeded,
    check_file_size,
    field_label,
    number_text,
)

scanstring: Callable[[str, int, bool], tuple[str, int]] = json.decoder.scanstring  # type: ignore[attr-defined]
"""The standard library's string decoder (C): escapes, control characters, positions."""

_WS = re.compile(r"[ \t\n\r]*+")
_PLAIN_STRING = re.compile(r'"[^"\\\x00-\x1f]*+"')
_NUMBER = re.compile(r"(-?)(0|[1-9][0-9]*+)(?:\.([0-9]++))?(?:[eE]([-+]?[0-9]++))?")
_SURROGATE = re.compile("[\ud800-\udfff]")
_CONSTANTS = (("NaN", "NaN"), ("Infinity", "Infinity"), ("-Infinity", "-Infinity"))
_LITERALS: tuple[tuple[str, Any], ...] = (("true", True), ("false", False), ("null", None))


class JsonSyntaxError(InvalidInput):
    """The text is not JSON; ``line`` and ``col`` (1-based) say where, ``reason`` what."""

    def __init__(self, reason: str, line: int, col: int) -> None:
        super().__init__(reason)
        self.reason = reason
        self.line = line
        self.col = col


class _Frame:
    """An object or list being read."""

    __slots__ = ("container", "is_object", "pattern", "concrete", "key", "limit", "count")

    def __init__(
        self, container: Any, is_object: bool, pattern: str, concrete: str, limit: int
    ) -> None:
        self.container = container
        self.is_object = is_object
        self.pattern = pattern
        self.concrete = concrete
        self.key: str = ""
        self.limit = limit
        self.count = 0


class JsonReader:
    """One bounded read of ``text`` (:meth:`read`); its counters say how much work was done,
    also when the read was refused (the tests and ``bench/bench_hostile.py`` assert them).

    Attributes:
        values: values met so far (each counted before it is read).
        numbers_converted: numbers that reached ``int()`` or ``Decimal()``.
        chars_built: characters of the strings made so far (keys and values).
    """

    def __init__(self, text: str, limits: JsonLimits, name: str = "") -> None:
        self.text = text
        self.limits = limits
        self.name = name
        self.values = 0
        self.numbers_converted = 0
        self.chars_built = 0

    # --- errors -------------------------------------------------------------------------

    def _syntax(self, reason: str, pos: int) -> JsonSyntaxError:
        line = self.text.count("\n", 0, pos) + 1
        col = pos - (self.text.rfind("\n", 0, pos) + 1) + 1
        return JsonSyntaxError(reason, line, col)

    # --- places ---------------------------------------------------------------------------

    @staticmethod
    def _child(frame: _Frame | None) -> tuple[str, str]:
        """Pattern and concrete path of the value about to be read in ``frame``."""
        if frame is None:
            return "", ""
        if frame.is_object:
            key = frame.key
            pattern = f"{frame.pattern}.{key}" if frame.pattern else key
            concrete = f"{frame.concrete}.{key}" if frame.concrete else key
            return pattern, concrete
        return f"{frame.pattern}[]", f"{frame.concrete}[{frame.count}]"

    def _count_value(self) -> None:
        self.values += 1
        if self.values > self.limits.max_values:
            limit = self.limits.max_values
            raise LimitExceeded(
                msg.LIMIT_TOO_MANY_VALUES.format(limit=number_text(limit)),
                msg.LIMIT_WHOLE_FILE,
                limit,
            )

    def _count_entry(self, frame: _Frame) -> None:
        frame.count += 1
        if frame.count > frame.limit:
            label = field_label(frame.pattern, frame.concrete)
            raise LimitExceeded(
                msg.LIMIT_TOO_MANY.format(field=label, limit=number_text(frame.limit)),
                frame.concrete,
                frame.limit,
            )

    # --- tokens ---------------------------------------------------------------------------

    def _ws(self, pos: int) -> int:
        match = _WS.match(self.text, pos)
        return match.end() if match else pos

    def _string(
        self, pos: int, limit: int, pattern: str, concrete: str, parent: str = ""
    ) -> tuple[str, int]:
        """The string starting at ``pos`` (a quote), refused past ``limit`` characters."""
        plain = _PLAIN_STRING.match(self.text, pos)
        if plain is not None:
            size = plain.end() - pos - 2
            if size > limit:
                self._too_long(pattern, concrete, size, limit, parent)
            self.chars_built += size
            return self.text[pos + 1 : plain.end() - 1], plain.end()
        try:
            value, end = scanstring(self.text, pos + 1, True)
        except JSONDecodeError as err:
            raise self._syntax(_string_reason(err.msg), err.pos) from None
        if _SURROGATE.search(value):  # "\ud800" alone: no character, cannot be stored
            raise self._syntax(msg.LIMIT_JSON_SURROGATE, pos)
        self.chars_built += len(value)
        if len(value) > limit:
            self._too_long(pattern, concrete, len(value), limit, parent)
        return value, end

    def _too_long(self, pattern: str, concrete: str, size: int, limit: int, parent: str) -> None:
        label = field_label(pattern, concrete, parent)
        raise LimitExceeded(
            msg.LIMIT_TEXT_TOO_LONG.format(
                field=label, size=number_text(size), limit=number_text(limit)
            ),
            concrete,
            limit,
        )

    def _number(self, pos: int, concrete: str) -> tuple[int | Decimal, int]:
        match = _NUMBER.match(self.text, pos)
        if match is None:
            raise self._syntax(msg.LIMIT_JSON_EXPECTING_VALUE, pos)
        end = match.end()
        label = concrete or msg.LIMIT_ROOT
        if end - pos > NUMBER_TEXT_CHARS:
            raise LimitExceeded(
                msg.LIMIT_NUMBER_TOO_LONG.format(
                    field=label, text=self.text[pos : pos + 12], limit=NUMBER_TEXT_CHARS
                ),
                concrete,
                NUMBER_TEXT_CHARS,
            )
        text = self.text[pos:end]
        _sign, whole, fraction, exponent = match.groups()
        fraction = fraction or ""
        shift = int(exponent) if exponent else 0  # at most 40 characters: cheap and exact
        digits = (whole + fraction).lstrip("0")
        if digits:
            significant = len(digits.rstrip("0"))
            if significant > MAX_SIGNIFICANT_DIGITS:
                raise LimitExceeded(
                    msg.LIMIT_NUMBER_DIGITS.format(
                        field=label, text=text, limit=MAX_SIGNIFICANT_DIGITS
                    ),
                    concrete,
                    MAX_SIGNIFICANT_DIGITS,
                )
            whole_digits = whole.lstrip("0")
            if whole_digits:
                adjusted = len(whole_digits) - 1 + shift
            else:
                adjusted = -(len(fraction) - len(fraction.lstrip("0"))) - 1 + shift
            if adjusted >= MAX_INTEGER_DIGITS:
                raise LimitExceeded(
                    msg.LIMIT_NUMBER_TOO_BIG.format(
                        field=label, text=text, limit=MAX_INTEGER_DIGITS
                    ),
                    concrete,
                    MAX_INTEGER_DIGITS,
                )
            if adjusted < -MAX_FRACTION_DIGITS:
                raise LimitExceeded(
                    msg.LIMIT_NUMBER_TOO_SMALL.format(
                        field=label, text=text, limit=MAX_FRACTION_DIGITS
                    ),
                    concrete,
                    MAX_FRACTION_DIGITS,
                )
        self.numbers_converted += 1
        if match.group(3) is None and exponent is None:
            return int(text), end
        return Decimal(text), end

    def _scalar(self, pos: int, pattern: str, concrete: str, parent: str) -> tuple[Any, int]:
        text = self.text
        ch = text[pos : pos + 1]
        if ch == '"':
            limit = self.limits.chars_at(pattern, parent)
            return self._string(pos, limit, pattern, concrete, parent)
        for name, shown in _CONSTANTS:
            if text.startswith(name, pos):
                raise self._syntax(msg.JSON_CONSTANT.format(name=shown), pos)
        if ch == "-" or ch.isdigit():
            return self._number(pos, concrete)
        for literal, value in _LITERALS:
            if text.startswith(literal, pos):
                return value, pos + len(literal)
        raise self._syntax(msg.LIMIT_JSON_EXPECTING_VALUE, pos)

    def _key(self, frame: _Frame, pos: int) -> int:
        """Read ``"key" :`` at ``pos`` into ``frame``; the position of the value."""
        if self.text[pos : pos + 1] != '"':
            raise self._syntax(msg.LIMIT_JSON_EXPECTING_KEY, pos)
        self._count_entry(frame)
        limit = self.limits.max_key_chars
        key, pos = self._string(pos, limit, frame.pattern + ".*", frame.concrete, frame.pattern)
        if key in frame.container:
            raise LimitExceeded(
                msg.LIMIT_DUPLICATE_KEY.format(field=frame.concrete or msg.LIMIT_ROOT, key=key),
                frame.concrete,
                1,
            )
        frame.key = key
        pos = self._ws(pos)
        if self.text[pos : pos + 1] != ":":
            raise self._syntax(msg.LIMIT_JSON_EXPECTING_COLON, pos)
        return self._ws(pos + 1)

    # --- the document ---------------------------------------------------------------------

    def read(self) -> Any:
        """The document's value; raises as :func:`read_json` says."""
        if len(self.text) > self.limits.max_bytes:  # characters: at most the bytes, and free
            check_file_size(self.name, len(self.text), self.limits.max_bytes)
        if not self.text.isascii():
            size = len(self.text.encode("utf-8", "surrogatepass"))
            check_file_size(self.name, size, self.limits.max_bytes)
        text = self.text
        stack: list[_Frame] = []
        pos = self._ws(0)
        while True:
            # A value starts at pos.
            frame = stack[-1] if stack else None
            pattern, concrete = self._child(frame)
            if frame is not None and not frame.is_object:
                self._count_entry(frame)
            self._count_value()
            ch = text[pos : pos + 1]
            if ch in ("{", "["):
                if len(stack) >= self.limits.max_depth:
                    label = field_label(pattern, concrete)
                    raise LimitExceeded(
                        msg.LIMIT_TOO_DEEP.format(field=label, limit=self.limits.max_depth),
                        concrete,
                        self.limits.max_depth,
                    )
                is_object = ch == "{"
                new = _Frame(
                    {} if is_object else [],
                    is_object,
                    pattern,
                    concrete,
                    self.limits.items_at(pattern),
                )
                stack.append(new)
                pos = self._ws(pos + 1)
                closer = "}" if is_object else "]"
                if text[pos : pos + 1] == closer:
                    pos += 1
                    value: Any = stack.pop().container
                elif is_object:
                    pos = self._key(new, pos)
                    continue
                else:
                    continue
            else:
                value, pos = self._scalar(pos, pattern, concrete, frame.pattern if frame else "")
            # A value ended at pos: store it and find what comes next.
            while True:
                if not stack:
                    pos = self._ws(pos)
                    if pos != len(text):
                        raise self._syntax(msg.LIMIT_JSON_EXTRA, pos)
                    return value
                frame = stack[-1]
                if frame.is_object:
                    frame.container[frame.key] = value
                else:
                    frame.container.append(value)
                pos = self._ws(pos)
                ch = text[pos : pos + 1]
                if ch == ",":
                    pos = self._ws(pos + 1)
                    if frame.is_object:
                        pos = self._key(frame, pos)
                    break
                if ch == ("}" if frame.is_object else "]"):
                    pos += 1
                    value = stack.pop().container
                    continue
                raise self._syntax(msg.LIMIT_JSON_EXPECTING_COMMA, pos)


def _string_reason(english: str) -> str:
    """The standard library's reason for a bad string, in Vietnamese."""
    if english.startswith("Unterminated"):
        return msg.LIMIT_JSON_UNTERMINATED
    if english.startswith("Invalid control"):
        return msg.LIMIT_JSON_CONTROL
    return msg.LIMIT_JSON_ESCAPE


def read_json(text: str, limits: JsonLimits, name: str = "") -> Any:
    """Parse ``text`` under ``limits`` (see the module docstring).

    Args:
        name: the file, for the size message.

    Raises:
        LimitExceeded: the text, a count, a string, a number or the nesting is over a limit, or
            a key is repeated; the message names the field and the limit.
        JsonSyntaxError: not JSON (with line and column).
    """
    return JsonReader(text, limits, name).read()
