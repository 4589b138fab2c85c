"""Limits on every input the app reads: one place, documented, each with the reason for it.

A commune PC is old and the office imports a whole USB stick in one run: one bad or malicious
file must cost at most a fraction of a second and a few MB, and be refused with a Vietnamese
message naming the field and the limit (issue 17). Every reader checks these limits **while
reading, before it builds objects** (the bounded JSON reader :mod:`cchc_tui.base.jsonread`
stops at the first count over a limit; the template's YAML is checked event by event before it
is composed; a bundle's member sizes are checked from its directory before anything is
inflated), so the work done is bounded by the limit, not by the input.

The figures come from the seeds and samples (``/work/shared/seeds``, ``data/samples``), with a
wide margin: the largest sample report is 73 KB of JSON (55 narrative sub-headings, the longest
5,261 characters; 99 values; 44 documents, the longest summary 241 characters), the largest
template 42 KB of YAML nested 10 deep, a whole bundle about 150 KB.

Where each limit is enforced:

* report JSON (``cchc-report/1``: a file, a bundle's ``report.json``, a contribution):
  :data:`REPORT_JSON` in :func:`cchc_tui.domain.interchange.parse_json` and again per field in
  ``report_from_dict``;
* bundles: :data:`BUNDLE_BYTES` … in :mod:`cchc_tui.exports.verify`, the manifest with
  :data:`MANIFEST_JSON`;
* templates: :data:`TEMPLATE_BYTES`, :data:`YAML_MAX_DEPTH` … in :mod:`cchc_tui.template.loader`;
* text typed in the app: :data:`TEXT_CHARS` in the service (``ReportWorkspace``);
* command lines: :data:`CLI_ARG_CHARS` for every argument, :data:`INPUT_FILE_BYTES` for the
  small files they read (passphrase, key) in :mod:`cchc_tui.base.inputs`;
* backups: :data:`BACKUP_BYTES` in :mod:`cchc_tui.service.backup`;
* template packs and contributions: :data:`PACK_BYTES`, :data:`CONTRIBUTION_BYTES` — for their
  readers (issues 15 and 16), which must check them the same way; a package's and a
  contribution's members with :data:`EXCHANGE_MANIFEST_JSON`, :data:`CONTRIBUTION_JSON` and
  :data:`EXCHANGE_MEMBER_BYTES` in :mod:`cchc_tui.exports.contribution_format`.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from cchc_tui import messages as msg
from cchc_tui.base.errors import InvalidInput

KIB = 1024
MIB = 1024 * 1024


class LimitExceeded(InvalidInput):
    """An input is over one of the limits of this module; nothing was read further or changed.

    Attributes:
        field: the field (JSON path, e.g. ``"documents[3].number"``) or file concerned.
        limit: the limit that was exceeded.
    """

    def __init__(self, message: str, field: str = "", limit: int = 0) -> None:
        super().__init__(message)
        self.field = field
        self.limit = limit


# --- Numbers ---------------------------------------------------------------------------------

MAX_SIGNIFICANT_DIGITS = 15
"""Significant digits of a number (what a float and Excel keep exactly; a commune's largest
money figure, billions of đồng, has 13)."""
MAX_INTEGER_DIGITS = 15
"""A number's magnitude is below ``10**15`` (``1E999999`` is refused by its text, before any
Decimal arithmetic: it took 152 s to refuse through Decimal)."""
MAX_FRACTION_DIGITS = 15
"""A non-zero number is at least ``10**-15`` in magnitude."""
NUMBER_TEXT_CHARS = 40
"""Characters of one number as written in JSON (digits, sign, point, exponent)."""
MAX_REVISION = 100_000
"""Largest revision number of a report (a bundle's manifest, ``signoff.revision``)."""
MAX_ID_DIGITS = 18
"""Digits of an id typed on a command line (an SQLite INTEGER holds 18 digits)."""

# --- JSON documents --------------------------------------------------------------------------


@dataclass(frozen=True)
class JsonLimits:
    """The limits of one kind of JSON document, applied by :mod:`cchc_tui.base.jsonread`.

    Field patterns name a place in the document: keys joined by ``.``, ``[]`` for any position
    of a list and ``*`` for any key of an object (``"documents[].summary"``,
    ``"narrative.*"``).

    Attributes:
        max_bytes: size of the document (UTF-8 bytes).
        max_depth: nesting of objects and lists (the root object is depth 1).
        max_values: every value of the document (objects, lists, strings, numbers…).
        max_items: entries of an object or list not named in ``items``.
        items: entries of the object or list at a pattern.
        max_chars: characters of a string not named in ``chars``.
        chars: characters of the string at a pattern.
        max_key_chars: characters of an object's key.
    """

    max_bytes: int
    max_depth: int
    max_values: int
    max_items: int
    max_chars: int
    max_key_chars: int = 200
    items: Mapping[str, int] = field(default_factory=dict)
    chars: Mapping[str, int] = field(default_factory=dict)

    def items_at(self, pattern: str) -> int:
        """The entry limit of the object or list at ``pattern``."""
        return self.items.get(pattern, self.max_items)

    def chars_at(self, pattern: str, parent: str) -> int:
        """The character limit of the string at ``pattern`` (``parent`` the container's
        pattern, for its ``*`` entry)."""
        found = self.chars.get(pattern)
        if found is None:
            found = self.chars.get(f"{parent}.*" if parent else "*", self.max_chars)
        return found


REPORT_JSON_BYTES = 4 * MIB
"""A report file or a bundle's ``report.json``: 55 sub-headings at the full
:data:`NARRATIVE_CHARS` in Vietnamese (3 bytes a letter) still fit; the largest sample is 73 KB."""
NARRATIVE_CHARS = 20_000
"""Text under one narrative sub-heading: about six printed pages (the longest seed: 5,261)."""
LONG_TEXT_CHARS = 10_000
"""The header's legal basis (căn cứ) and closing."""
NOTE_CHARS = 2_000
"""A note, an explanation, a document's summary, a text row's value, a finding's message."""
NAME_CHARS = 300
"""Names: unit, agency, province, receiving office, a recipient, a signer."""
CODE_CHARS = 40
"""Codes and numbers: a period code, a document's number/symbol, the report's number."""
UNIT_CODE_CHARS = 20
"""The unit's administrative code (mã đơn vị hành chính: 5 digits)."""

REPORT_JSON = JsonLimits(
    max_bytes=REPORT_JSON_BYTES,
    max_depth=8,  # root → documents → a document → a field: 3; findings: 3
    max_values=200_000,
    max_items=100,
    max_chars=NAME_CHARS,
    items={
        "": 100,
        "narrative": 500,
        "values": 5_000,
        "notes": 5_000,
        "explanations": 2_000,
        "documents": 1_000,
        "recipients": 50,
        "findings": 2_000,  # a signed report's are warnings, each explained
    },
    chars={
        "format": CODE_CHARS,
        "template": 120,
        "unit.code": UNIT_CODE_CHARS,
        "unit.kind": CODE_CHARS,
        "period.kind": CODE_CHARS,
        "period.code": CODE_CHARS,
        "period.start": CODE_CHARS,
        "period.end": CODE_CHARS,
        "header.number": CODE_CHARS,
        "header.symbol": CODE_CHARS,
        "header.date": CODE_CHARS,
        "header.title": 1_000,
        "header.basis": LONG_TEXT_CHARS,
        "header.closing": LONG_TEXT_CHARS,
        "narrative.*": NARRATIVE_CHARS,
        "values.*": NOTE_CHARS,
        "notes.*": NOTE_CHARS,
        "explanations.*": NOTE_CHARS,
        "documents[].number": CODE_CHARS,
        "documents[].date": CODE_CHARS,
        "documents[].summary": NOTE_CHARS,
        "findings[].message": NOTE_CHARS,
        "findings[].expected": NOTE_CHARS,
        "findings[].explanation": NOTE_CHARS,
    },
)
"""``cchc-report/1`` (a file, a bundle's ``report.json``, a contribution's report)."""

MANIFEST_JSON = JsonLimits(
    max_bytes=64 * KIB,
    max_depth=4,
    max_values=1_000,
    max_items=64,
    max_chars=NAME_CHARS,
    items={"members": 8},
)
"""A bundle's ``manifest.json`` (about 1 KB)."""

# --- Bundles ---------------------------------------------------------------------------------

BUNDLE_BYTES = 8 * MIB
"""A bundle file (a real one is about 150 KB)."""
BUNDLE_MEMBERS = 8
"""Entries of a bundle's ZIP directory read at most (a bundle has 2 to 5)."""
MANIFEST_BYTES = MANIFEST_JSON.max_bytes
"""``manifest.json`` inflated."""
MEMBER_BYTES: Mapping[str, int] = {
    "report.json": REPORT_JSON_BYTES,
    "forms.xlsx": 8 * MIB,
    "report.docx": 8 * MIB,
    "key-change.json": 256 * KIB,
}
"""Each content member inflated."""
BUNDLE_TOTAL_BYTES = 16 * MIB
"""Every member inflated, together."""
BUNDLE_RATIO = 100
"""Largest inflated/compressed ratio of a member larger than :data:`BUNDLE_RATIO_FLOOR`."""
BUNDLE_RATIO_FLOOR = MIB

# --- Templates (YAML) -----------------------------------------------------------------------

TEMPLATE_BYTES = 1 * MIB
"""A template file (the largest shipped: 42 KB)."""
TEMPLATE_XLSX_BYTES = 8 * MIB
"""A template workbook read by ``templates from-xlsx`` (issue 15)."""
YAML_MAX_DEPTH = 32
"""Nesting of mappings and sequences (the shipped templates: 10)."""
YAML_MAX_EVENTS = 50_000
"""YAML events (scalars, mappings, sequences) in one template (the largest shipped: 2,344)."""
YAML_MAX_SCALAR_CHARS = 10_000
"""Characters of one YAML value (a label, a rule's message, an expression)."""
YAML_MAX_ALIASES = 0
"""Aliases (``*name``) are refused: nine nested aliases make a billion values to walk."""
TEMPLATE_ROWS = 5_000
"""Indicator rows of one template (the largest shipped: about 200)."""
TEMPLATE_FORMS = 100
TEMPLATE_RULES = 2_000
TEMPLATE_SECTIONS = 500
"""Sections and sub-headings together."""

# --- Template packs, contributions (readers to come: issues 15, 16), backups -----------------

PACK_BYTES = 8 * MIB
"""A signed template pack (its templates each at most :data:`TEMPLATE_BYTES`)."""
PACK_TEMPLATES = 20
"""Templates in one pack."""
CONTRIBUTION_BYTES = BUNDLE_BYTES
"""An officer's contribution (report parts, audit rows; members limited as a bundle's)."""
CONTRIBUTION_AUDIT_ROWS = 50_000
"""Audit rows carried by one contribution."""
CONTRIBUTION_JSON_BYTES = 16 * MIB
"""A contribution's ``contribution.json`` inflated: its parts' state (at most a report's) and
its audit rows, each narrative save carrying the whole text (it compresses well)."""
CONTRIBUTION_JSON = JsonLimits(
    max_bytes=CONTRIBUTION_JSON_BYTES,
    max_depth=4,  # root → audit → a row → a field
    max_values=8 * CONTRIBUTION_AUDIT_ROWS + 20_000,
    max_items=100,
    max_chars=NAME_CHARS,
    items={
        "": 20,
        "values": 5_000,
        "notes": 5_000,
        "narrative": 500,
        "explanations": 2_000,
        "documents": 1_000,
        "audit": CONTRIBUTION_AUDIT_ROWS,
    },
    chars={
        "format": CODE_CHARS,
        "narrative.*": NARRATIVE_CHARS,
        "values.*": NOTE_CHARS,
        "notes.*": NOTE_CHARS,
        "explanations.*": NOTE_CHARS,
        "documents[].ref": CODE_CHARS,
        "documents[].number": CODE_CHARS,
        "documents[].date": CODE_CHARS,
        "documents[].summary": NOTE_CHARS,
        "audit[].item": 2 * NAME_CHARS,
        "audit[].key": 2 * NAME_CHARS,
        "audit[].old": LONG_TEXT_CHARS * 2,
        "audit[].new": LONG_TEXT_CHARS * 2,
        "audit[].at": CODE_CHARS,
    },
)
"""``contribution.json`` of an officer's contribution (``service.contributions``); an audit
row's old and new hold at most a narrative sub-heading's text."""
EXCHANGE_MANIFEST_JSON = JsonLimits(
    max_bytes=64 * KIB,
    max_depth=4,
    max_values=3_000,
    max_items=64,
    max_chars=NAME_CHARS,
    items={"documents": 1_000, "parts": TEMPLATE_FORMS + TEMPLATE_SECTIONS, "members": 4},
)
"""``manifest.json`` of a package or a contribution (about 1 KB; a package lists the seq of
every document it sends)."""
EXCHANGE_MEMBER_BYTES: Mapping[str, int] = {
    "report.json": REPORT_JSON_BYTES,
    "contribution.json": CONTRIBUTION_JSON_BYTES,
}
"""Each member of a package or contribution inflated (its manifest: the manifest's limit)."""
BACKUP_BYTES = 2048 * MIB
"""A backup to restore (``service.backup``: a commune's database is a few MB; a FAT32 stick
holds 4 GiB); its members are limited from the ZIP directory before they are read."""

# --- Text typed in the app or given on a command line ----------------------------------------

TEXT_CHARS: Mapping[str, int] = {
    "narrative": NARRATIVE_CHARS,
    "note": NOTE_CHARS,
    "explanation": NOTE_CHARS,
    "doc_type": 100,
    "doc_number": CODE_CHARS,
    "doc_summary": NOTE_CHARS,
    "signer": NAME_CHARS,
    "signer_title": NAME_CHARS,
    "number": CODE_CHARS,
    "reason": NOTE_CHARS,
}
"""Characters of each text an officer types (service, ``ReportWorkspace``), the same as the
report file accepts for that field."""
CLI_ARG_CHARS = NARRATIVE_CHARS
"""Characters of one command-line argument."""
INPUT_FILE_BYTES = 64 * KIB
"""A small file named on a command line: a passphrase, a public key (PEM: 113 bytes)."""


# --- Checks ----------------------------------------------------------------------------------


def field_label(pattern: str, concrete: str, parent: str = "") -> str:
    """How a limit message names a field: its Vietnamese label if it has one (by its pattern,
    else by its parent's ``*`` entry), else its JSON path."""
    label = msg.FIELD_LABELS.get(pattern)
    wildcard = f"{parent}.*" if parent else ""
    if label is None and wildcard:
        label = msg.FIELD_LABELS.get(wildcard)
        pattern = wildcard
    if label is None:
        return concrete or msg.LIMIT_ROOT
    if pattern.endswith(".*"):
        key = concrete[len(pattern) - 1 :]  # "narrative.I.1.1" → "I.1.1"
    elif "[" in concrete:
        key = concrete[concrete.rindex("[") : concrete.rindex("]") + 1]
    else:
        key = concrete.rpartition(".")[2]
    return label.format(key=key)


def number_text(value: int) -> str:
    """A count for a message: ``10.000`` (Vietnamese thousands separator)."""
    return f"{value:,}".replace(",", ".")


def check_chars(label: str, text: str, limit: int) -> None:
    """Refuse ``text`` longer than ``limit`` characters.

    Raises:
        LimitExceeded: naming ``label`` and the limit.
    """
    if len(text) > limit:
        raise LimitExceeded(
            msg.LIMIT_TEXT_TOO_LONG.format(
                field=label, size=number_text(len(text)), limit=number_text(limit)
            ),
            label,
            limit,
        )


def check_count(label: str, count: int, limit: int) -> None:
    """Refuse more than ``limit`` entries.

    Raises:
        LimitExceeded: naming ``label`` and the limit.
    """
    if count > limit:
        raise LimitExceeded(
            msg.LIMIT_TOO_MANY.format(field=label, limit=number_text(limit)), label, limit
        )


def check_file_size(name: str, size: int, limit: int) -> None:
    """Refuse a file of ``size`` bytes larger than ``limit``.

    Raises:
        LimitExceeded: with both sizes.
    """
    from cchc_tui.base.atomic import human_size

    if size > limit:
        raise LimitExceeded(
            msg.LIMIT_FILE_TOO_LARGE.format(
                file=name, size=human_size(size), limit=human_size(limit)
            ),
            name,
            limit,
        )


def check_depth(data: Any, limit: int, label: str = "") -> None:
    """Refuse Python data (dicts and lists) nested deeper than ``limit``, walking it without
    recursion; for data that did not come through the bounded JSON reader.

    Raises:
        LimitExceeded: naming the field at which the limit was passed.
    """
    stack: list[tuple[Any, int, str]] = [(data, 1, label)]
    while stack:
        node, depth, where = stack.pop()
        if isinstance(node, dict):
            children: Any = ((f"{where}.{k}" if where else str(k), v) for k, v in node.items())
        elif isinstance(node, list | tuple):
            children = ((f"{where}[{i}]", v) for i, v in enumerate(node))
        else:
            continue
        if depth > limit:
            raise LimitExceeded(
                msg.LIMIT_TOO_DEEP.format(field=where or msg.LIMIT_ROOT, limit=limit), where, limit
            )
        stack.extend((child, depth + 1, path) for path, child in children)


def check_whole_number(label: str, value: Any, low: int, high: int) -> None:
    """Refuse anything but an ``int`` (not a bool) from ``low`` to ``high``.

    Raises:
        LimitExceeded: naming ``label`` and the range.
    """
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise LimitExceeded(
            msg.LIMIT_NUMBER_RANGE.format(
                field=label, low=number_text(low), high=number_text(high)
            ),
            label,
            high,
        )


def check_arguments(values: Mapping[str, Any]) -> None:
    """Refuse a command-line argument (a string or a path) longer than :data:`CLI_ARG_CHARS`.

    Raises:
        LimitExceeded: naming the argument and the limit.
    """
    for name, value in values.items():
        text = str(value) if isinstance(value, str | os.PathLike) else None
        if text is not None and len(text) > CLI_ARG_CHARS:
            raise LimitExceeded(
                msg.LIMIT_ARGUMENT.format(
                    name=name, size=number_text(len(text)), limit=number_text(CLI_ARG_CHARS)
                ),
                name,
                CLI_ARG_CHARS,
            )
