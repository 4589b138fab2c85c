"""How wide a line of Times New Roman is, and how many lines a text wraps to.

The state format (Nghị định 30/2020/NĐ-CP, Phụ lục I, II.1–II.5) sizes the short rules under
the agency name, the motto and the title by the length of the text above them, and a printed
workbook needs row heights that hold its wrapped labels: both need the width of a text.

Widths are the advance widths (1/1000 em) of Times New Roman's metric twin Liberation Serif —
what LibreOffice prints with where Times New Roman is missing — regular and bold, for printable
ASCII; they are also Adobe's Times Roman/Times Bold core-font metrics, apostrophe aside. A
Vietnamese letter is as wide as its base letter (tone and vowel marks stack above or below
it); "đ"/"Đ" as "d"/"D". Italic text is measured as roman (close enough for wrapping). Pure
functions, no font files.
"""

from __future__ import annotations

import math
import unicodedata
from functools import lru_cache

_ASCII = "".join(chr(c) for c in range(32, 127))
_ROMAN = (
    "250 333 408 500 500 833 778 180 333 333 500 564 250 333 250 278 500 500 500 500 500 500 "
    "500 500 500 500 278 278 564 564 564 444 921 722 667 667 722 611 556 722 722 333 389 722 "
    "611 889 722 722 556 722 667 556 611 722 722 944 722 722 611 333 278 333 469 500 333 444 "
    "500 444 500 444 333 500 500 278 278 500 278 778 500 500 500 500 333 389 278 500 500 722 "
    "500 500 444 480 200 480 541"
)
_BOLD = (
    "250 333 555 500 500 1000 833 278 333 333 500 570 250 333 250 278 500 500 500 500 500 500 "
    "500 500 500 500 333 333 570 570 570 500 930 722 667 722 722 667 611 778 778 389 500 778 "
    "667 944 722 778 611 778 722 556 667 722 722 1000 722 722 667 333 278 333 581 500 333 500 "
    "556 444 556 444 333 500 556 278 333 556 278 833 556 500 556 556 444 389 333 556 500 722 "
    "500 500 444 394 220 394 520"
)
WIDTHS = {
    False: dict(zip(_ASCII, (int(w) for w in _ROMAN.split()), strict=True)),
    True: dict(zip(_ASCII, (int(w) for w in _BOLD.split()), strict=True)),
}
"""Advance width in 1/1000 em of each printable ASCII character, roman (False) and bold."""
_OTHER = 500
"""Width of a character not in the tables (digits' width: a fair average)."""
PT_PER_MM = 72 / 25.4


@lru_cache(maxsize=4096)
def _char_width(char: str, bold: bool) -> int:
    table = WIDTHS[bold]
    if char in table:
        return table[char]
    if unicodedata.combining(char):
        return 0
    base = unicodedata.normalize("NFD", char)[:1]
    base = {"đ": "d", "Đ": "D"}.get(char, base)
    if base in table:
        return table[base]
    if char in "\u00a0\u2002\u2003":
        return table[" "]
    return _OTHER


def text_width_pt(text: str, size_pt: float, *, bold: bool = False) -> float:
    """Width in points of ``text`` on one line at ``size_pt``."""
    return sum(_char_width(ch, bold) for ch in text) * size_pt / 1000


def text_width_mm(text: str, size_pt: float, *, bold: bool = False) -> float:
    """Width in millimetres of ``text`` on one line at ``size_pt``."""
    return text_width_pt(text, size_pt, bold=bold) / PT_PER_MM


def wrapped_lines(text: str, width_pt: float, size_pt: float, *, bold: bool = False) -> int:
    """How many lines ``text`` takes in a box ``width_pt`` wide, wrapping at spaces as Word
    and Excel do (a word longer than the box is broken), explicit line breaks kept.

    Returns at least 1, also for an empty text.
    """
    if width_pt <= 0:
        return max(1, len(text.split("\n")))
    space = text_width_pt(" ", size_pt, bold=bold)
    lines = 0
    for paragraph in text.split("\n"):
        lines += 1
        used = 0.0
        for word in paragraph.split():
            width = text_width_pt(word, size_pt, bold=bold)
            if used and used + space + width <= width_pt:
                used += space + width
                continue
            if used:
                lines += 1
            if width > width_pt:
                extra = math.ceil(width / width_pt) - 1
                lines += extra
                width -= extra * width_pt
            used = width
    return max(1, lines)
