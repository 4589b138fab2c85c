"""The bundle format ``cchc-bundle/1``: member names, the signature block, manifest fields.

One place for the constants that the writer (:mod:`.bundle`), the verifier (:mod:`.verify`)
and the receiving office's importer share; the format itself is described in :mod:`.bundle`.
"""

from __future__ import annotations

from cchc_tui.base.text import safe_part

FORMAT = "cchc-bundle/1"
MANIFEST = "manifest.json"
REPORT_MEMBER = "report.json"
KEY_CHANGE_MEMBER = "key-change.json"
"""The unit's key-change statements (``cchc-key-changes/1``, :mod:`cchc_tui.signing.key_change`),
carried by every bundle signed after a key change."""
CONTENT_MEMBERS = (REPORT_MEMBER, "forms.xlsx", "report.docx", KEY_CHANGE_MEMBER)
"""Members a bundle may carry besides the manifest, in the order they are written."""
REQUIRED_MEMBERS = (REPORT_MEMBER,)
ALLOWED_MEMBERS = frozenset((MANIFEST, *CONTENT_MEMBERS))
SUFFIX = ".cchc.zip"
MAX_NAME = 100

MAGIC = b"CCHC-SIG/1"
PUBLIC_KEY_BYTES = 32
SIGNATURE_BYTES = 64
COMMENT_BYTES = len(MAGIC) + PUBLIC_KEY_BYTES + SIGNATURE_BYTES
EOCD_SIGNATURE = b"PK\x05\x06"
EOCD_BYTES = 22
FIXED_TIME = (1980, 1, 1, 0, 0, 0)
COMPRESS_LEVEL = 6

META_FIELDS: dict[str, type] = {
    "template_id": str,
    "unit_code": str,
    "unit_name": str,
    "period_code": str,
    "revision": int,
    "signer_name": str,
    "signer_title": str,
    "signed_at": str,
    "app_version": str,
}
"""Meta every manifest carries (besides ``format``, ``members``, ``public_key_fingerprint``)."""
RESERVED_FIELDS = frozenset({"format", "members", "public_key_fingerprint"})


def bundle_name(unit_code: str, period_code: str, revision: int) -> str:
    """``<unit>_<period>_r<revision>.cchc.zip``: ASCII, FAT32-safe, at most 100 characters.

    Vietnamese is folded (``đ`` → ``d``, marks dropped); any other character outside
    ``[A-Za-z0-9.-]`` becomes ``-``.
    """
    if isinstance(revision, bool) or not isinstance(revision, int) or revision < 0:
        raise ValueError(f"revision must be a non-negative int, not {revision!r}")
    tail = f"_r{revision}{SUFFIX}"
    period = safe_part(period_code, 30)
    room = MAX_NAME - len(tail) - len(period) - 1
    unit = safe_part(unit_code, max(room, 1))
    name = f"{unit}_{period}{tail}"
    if len(name) > MAX_NAME:  # only with an absurd revision number
        raise ValueError(f"bundle name too long: {name!r}")
    return name
