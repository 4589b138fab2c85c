"""Items: the smallest things several officers' work is merged by (issue 16), as plain text.

An item names one stored thing of a report, ``<entity>:<key>``:

* ``value:BM3/3.3.1`` — a row's value (its state: the stored text, ``cell_to_storage``);
* ``note:BM3/3.3.1`` — a row's note; ``narrative:I.3.2`` — the text under a sub-heading;
* ``explanation:derived:BM3/3.1`` — the explanation of a warning, by finding id;
* ``document:c4`` — the document at the compiler's list position (seq) 4 when the package was
  made; ``document:o7`` — a document the officer added on their own PC (their seq 7).

The *state* of an item is a text or ``None`` (empty, absent, deleted); a document's state is
:func:`document_state`. Two states are equal exactly when the stored data is equal, so the
merge compares states, never displayed text. The rules of the merge are the service's
(:mod:`cchc_tui.service.contributions`); this module only spells the items.
"""

from __future__ import annotations

import json
from datetime import date

from cchc_tui.domain.report import Document

ENTITIES = ("value", "note", "narrative", "explanation", "document")
"""The entities an item may name, in the order a contribution lists them."""
COMPILER_DOC = "c"
"""Prefix of a document item made from the compiler's document list (its seq follows)."""
OFFICER_DOC = "o"
"""Prefix of a document item the officer added (their own seq follows)."""


def item(entity: str, key: str) -> str:
    """``entity:key``."""
    return f"{entity}:{key}"


def split_item(name: str) -> tuple[str, str]:
    """``(entity, key)`` of an item; ``("", name)`` when it names no known entity."""
    entity, sep, key = name.partition(":")
    if not sep or entity not in ENTITIES or not key:
        return "", name
    return entity, key


def document_item(prefix: str, seq: int) -> str:
    """``document:c4`` / ``document:o7``."""
    return item("document", f"{prefix}{seq}")


def document_ref(name: str) -> tuple[str, int] | None:
    """``("c", 4)`` for ``document:c4``; ``None`` when it is not a document item."""
    entity, key = split_item(name)
    if entity != "document" or len(key) < 2 or key[0] not in (COMPILER_DOC, OFFICER_DOC):
        return None
    digits = key[1:]
    if not digits.isascii() or not digits.isdigit() or len(digits) > 9:
        return None
    return key[0], int(digits)


def document_state(doc: Document) -> str:
    """A document as one state text: JSON ``[type, number, "yyyy-mm-dd", summary]``."""
    return json.dumps(
        [doc.type, doc.number, doc.date.isoformat(), doc.summary],
        ensure_ascii=False,
        separators=(",", ":"),
    )


def document_from_state(state: str) -> Document:
    """Inverse of :func:`document_state` (a state this app wrote or checked).

    Raises:
        ValueError: the text is not a document state.
    """
    data = json.loads(state)
    if (
        not isinstance(data, list)
        or len(data) != 4
        or not all(isinstance(part, str) for part in data)
    ):
        raise ValueError("not a document state")
    return Document(type=data[0], number=data[1], date=date.fromisoformat(data[2]), summary=data[3])
