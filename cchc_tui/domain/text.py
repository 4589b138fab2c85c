"""Vietnamese text at the boundaries: NFC normalisation and diacritic-free folding for search.

Windows' built-in Vietnamese keyboard sends combining marks (NFD); files may hold either form.
Everything stored is NFC (shared/PITFALLS.md). Search folds both sides: NFD, strip combining
marks, map đ/Đ to d/D (they are letters, not marks), casefold.
"""

from __future__ import annotations

import unicodedata


def nfc(text: str) -> str:
    """Return ``text`` in Unicode NFC (composed) form."""
    return unicodedata.normalize("NFC", text)


def fold(text: str) -> str:
    """Fold for diacritic-insensitive search: ``"Cải cách Đề án"`` → ``"cai cach de an"``."""
    decomposed = unicodedata.normalize("NFD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return stripped.replace("đ", "d").replace("Đ", "D").casefold()
