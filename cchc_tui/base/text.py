"""Vietnamese text at the boundaries: NFC normalisation and diacritic-free folding for search.

Windows' built-in Vietnamese keyboard sends combining marks (NFD); files may hold either form.
Everything stored is NFC (shared/PITFALLS.md). Search folds both sides: NFD, strip combining
marks, map đ/Đ to d/D (they are letters, not marks), casefold.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any


def nfc(text: str) -> str:
    """Return ``text`` in Unicode NFC (composed) form."""
    return unicodedata.normalize("NFC", text)


def nfc_all(data: Any) -> Any:
    """NFC every string (keys too) inside nested lists and dicts from a file."""
    if isinstance(data, str):
        return nfc(data)
    if isinstance(data, list):
        return [nfc_all(item) for item in data]
    if isinstance(data, dict):
        return {nfc_all(k): nfc_all(v) for k, v in data.items()}
    return data


def strip_marks(text: str) -> str:
    """Vietnamese letters without marks: ``"Đông Hà"`` → ``"Dong Ha"`` (other characters kept).

    NFKD, combining marks dropped, ``đ``/``Đ`` mapped to ``d``/``D`` (letters, not marks).
    """
    decomposed = unicodedata.normalize("NFKD", text.replace("\u0111", "d").replace("\u0110", "D"))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def fold(text: str) -> str:
    """Fold for diacritic-insensitive search: ``"Cải cách Đề án"`` → ``"cai cach de an"``."""
    return strip_marks(text).casefold()


def safe_part(text: str, max_len: int) -> str:
    """``text`` as a FAT32- and shell-safe file name part: ``[A-Za-z0-9.-]`` only, never empty.

    Vietnamese is folded (:func:`strip_marks`); any other run of characters becomes ``-``;
    at most ``max_len`` characters (shared/PITFALLS.md: ASCII names on FAT32 sticks).
    """
    cleaned = re.sub(r"[^A-Za-z0-9.\-]+", "-", strip_marks(text))
    cleaned = re.sub(r"-{2,}", "-", cleaned)
    cleaned = re.sub(r"\.{2,}", ".", cleaned).strip("-.")
    return cleaned[:max_len].strip("-.") or "x"


def word_match(query: str, text: str) -> tuple[float, list[tuple[int, int]]] | None:
    """Diacritic-free word search: every word of ``query`` must occur in ``text``.

    Linear in the text's length (Textual's fuzzy matcher explodes on long Vietnamese labels).

    Returns:
        ``(score, spans)`` — score in (0, 1], higher for a match at the start and for a larger
        share of the text covered; spans are ``(start, end)`` offsets into ``text`` (valid
        because folding keeps the length of NFC Vietnamese) — or ``None`` when a word is missing.
    """
    words = fold(query).split()
    if not words:
        return None
    folded = fold(text)
    spans = []
    for word in words:
        start = folded.find(word)
        if start < 0:
            return None
        spans.append((start, start + len(word)))
    covered = sum(end - start for start, end in spans)
    score = 0.5 * covered / max(len(folded), 1)
    if folded.startswith(fold(query).strip()):
        score += 0.5
    elif spans[0][0] == 0:
        score += 0.25
    return min(score, 1.0), spans
