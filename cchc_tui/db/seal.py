"""The tamper evidence kept in the database: the audit trail's hash chain and the seal of a
signed revision (issue 18: editing the SQLite file changed a signed report and nothing noticed).

**Audit chain** (``cchc-audit/1``). Every audit row carries ``hash`` = SHA-256 (hex) of::

    "cchc-audit/1\\n" + <hash of the report's previous audit row, "" for its first> + "\\n"
    + JSON [report_id, entity, key, old, new, at, who]   (UTF-8, compact, non-ASCII kept)

so the rows of one report form a chain in id order: editing, inserting or deleting a row breaks
it at that row. The chain alone needs no secret (anyone can recompute it after editing); the
seal anchors it.

**Seal** (``cchc-seal/1``), made at sign-off in the same transaction: the revision's content —
the exact ``report.json`` bytes its bundle will carry (``cchc-report/1`` with the findings and
the sign-off, :func:`cchc_tui.domain.interchange.signed_report_json`, deterministic for the same
report) — its SHA-256, the hash of the sign-off's audit row, and the unit's Ed25519 signature
over :func:`seal_message`. The private key never touches the database: it is unlocked by the
chairman's passphrase at sign-off, so whoever edits the file cannot make a new seal.

Both formats are frozen: the migration ``0006_seal`` computed the chain of the rows written
before it with :func:`audit_hash`.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

AUDIT_FORMAT = "cchc-audit/1"
SEAL_FORMAT = "cchc-seal/1"


def audit_hash(
    previous: str,
    report_id: int,
    entity: str,
    key: str,
    old: str | None,
    new: str | None,
    at: str,
    who: str,
) -> str:
    """The chain hash of one audit row (see the module docstring); 64 hex digits."""
    fields = json.dumps(
        [report_id, entity, key, old, new, at, who], ensure_ascii=False, separators=(",", ":")
    )
    text = f"{AUDIT_FORMAT}\n{previous}\n{fields}"
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def seal_message(content_sha256: str, audit_hash_hex: str) -> bytes:
    """The bytes the unit's key signs at sign-off: format, content hash, audit head hash."""
    return f"{SEAL_FORMAT}\n{content_sha256}\n{audit_hash_hex}".encode("ascii")


def json_text(data: Any) -> bytes:
    """JSON bytes as a bundle's ``report.json`` writes them (UTF-8, indented by one)."""
    return (json.dumps(data, ensure_ascii=False, indent=1) + "\n").encode()


def data_part(content: bytes) -> bytes:
    """The sealed content without its findings (derived by the app from the data): what the
    quick check on open compares, so that it needs no validation. The content must be the
    sealed one, its signature verified (it is parsed with the standard library)."""
    data = json.loads(content)
    data.pop("findings", None)
    return json_text(data)
