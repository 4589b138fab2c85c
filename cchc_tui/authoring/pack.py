"""Signed template packs: the receiving office publishes a template, the communes install it.

A pack is one file, ``<id folded>_<version>.cchc-tpl.zip``, built like the report bundle
(:mod:`cchc_tui.exports.bundle`): a deterministic ZIP (fixed order and time, deflate level 6)
of ``manifest.json`` and ``template.yaml`` (the YAML exactly as the office checked it), whose
archive comment is ``MAGIC (10 bytes) + the office's raw Ed25519 public key (32) + the
signature (64)``. The signature covers every byte of the file before it, so any flipped,
added or removed byte is refused.

``manifest.json``: ``format`` (``cchc-template-pack/1``), ``template_id`` (``id@version``),
``title``, ``province``, ``office`` (who published it), ``published_at`` (UTC ISO),
``app_version``, ``public_key_fingerprint`` and ``members`` (name, size, SHA-256).

Checks when installing (:func:`verify_pack`, which never raises), in order: size; the
signature block at the very end (else "unsigned" or "not a pack"); the signature with the key
in the pack (else "altered"); that key among the office keys the commune registered (else
"another key": its fingerprint is shown so the officer can call the office); the ZIP holding
exactly the two members, unencrypted, within size limits, CRC-checked, inflated with a limit;
the manifest's fields and fingerprint; each member's size and SHA-256; finally the template
itself loads and is the one the manifest names. Nothing is written before every check passed.

Writing uses :func:`cchc_tui.base.atomic.write_bundle` (free space, ``.part``, fsync, rename,
read back), as for bundles on a USB stick.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import struct
import zipfile
import zlib
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from cchc_tui import messages as msg
from cchc_tui.base.atomic import human_size
from cchc_tui.base.errors import InvalidInput, Refused
from cchc_tui.base.text import nfc, safe_part
from cchc_tui.signing.keys import fingerprint, public_key_raw
from cchc_tui.template.loader import LoadedTemplate, TemplateError, load_template_text

FORMAT = "cchc-template-pack/1"
MANIFEST = "manifest.json"
TEMPLATE = "template.yaml"
MEMBERS = (MANIFEST, TEMPLATE)
SUFFIX = ".cchc-tpl.zip"
MAGIC = b"CCHC-TPL/1"
PUBLIC_KEY_BYTES = 32
SIGNATURE_BYTES = 64
COMMENT_BYTES = len(MAGIC) + PUBLIC_KEY_BYTES + SIGNATURE_BYTES
EOCD_BYTES = 22
EOCD_SIGNATURE = b"PK\x05\x06"
MAX_PACK_BYTES = 4 * 1024**2
MAX_MANIFEST_BYTES = 64 * 1024
MAX_TEMPLATE_BYTES = 4 * 1024**2
MANIFEST_FIELDS = ("template_id", "title", "province", "office", "published_at", "app_version")
OFFICE_KEY_FILE = "cchc-office-key.pub.pem"
"""The office's public key, written beside the pack for the communes to register once."""


class PackError(Refused):
    """A pack is refused; ``str(err)`` lists the reasons in Vietnamese."""


@dataclass
class PackResult:
    """What checking a pack found.

    Attributes:
        ok: every check passed and the signing key is a registered office key.
        problems: Vietnamese, one sentence each.
        manifest: the manifest, only when the signature is valid.
        fingerprint: of the key that signed the pack, when one was found.
        office: the registered name of the office whose key signed it.
        template: the checked template, when ``ok``.
        yaml: the template's bytes as signed, when ``ok``.
    """

    ok: bool = False
    problems: list[str] = field(default_factory=list)
    manifest: dict[str, Any] | None = None
    fingerprint: str | None = None
    office: str = ""
    template: LoadedTemplate | None = None
    yaml: bytes = b""


def pack_name(template_id: str, version: str) -> str:
    """``<id folded>_<version>.cchc-tpl.zip``: ASCII, FAT32-safe, at most 100 characters."""
    tail = f"_{safe_part(version, 20)}{SUFFIX}"
    return safe_part(template_id, 100 - len(tail)) + tail


# --- Building --------------------------------------------------------------------------------


def build_pack(
    yaml_bytes: bytes, office: str, private_key: Any, app_version: str, now: datetime | None = None
) -> tuple[str, bytes, LoadedTemplate]:
    """Check a template and seal it into a pack signed with the office's key.

    Args:
        yaml_bytes: the template file as it will be installed (UTF-8 YAML).
        office: the publishing office's name, shown to the communes.
        private_key: cryptography's ``Ed25519PrivateKey`` (:mod:`cchc_tui.signing.office_key`).
        app_version: the app's version, recorded.

    Returns:
        ``(file name, the pack's bytes, the checked template)``.

    Raises:
        TemplateError: the template does not load (nothing is built).
    """
    from cchc_tui.exports.bundle import write_zip

    loaded = load_template_text(_utf8(yaml_bytes, TEMPLATE), TEMPLATE)
    raw_public = public_key_raw(private_key)
    when = (now or datetime.now(UTC)).isoformat("T", "seconds")
    manifest = {
        "format": FORMAT,
        "template_id": loaded.full_id,
        "title": loaded.template.title,
        "province": loaded.template.province,
        "office": nfc(office).strip(),
        "published_at": when,
        "app_version": app_version,
        "public_key_fingerprint": fingerprint(raw_public),
        "members": [
            {
                "name": TEMPLATE,
                "size": len(yaml_bytes),
                "sha256": hashlib.sha256(yaml_bytes).hexdigest(),
            }
        ],
    }
    manifest_bytes = (
        json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True).encode("utf-8") + b"\n"
    )
    data = _seal(
        write_zip([(MANIFEST, manifest_bytes), (TEMPLATE, bytes(yaml_bytes))]), private_key
    )
    return pack_name(loaded.template.id, loaded.template.version), data, loaded


def _seal(zip_bytes: bytes, private_key: Any) -> bytes:
    """Set the comment of a comment-less ZIP to magic + public key + signature (see above)."""
    eocd = len(zip_bytes) - EOCD_BYTES
    if eocd < 0 or zip_bytes[eocd : eocd + 4] != EOCD_SIGNATURE or zip_bytes[-2:] != b"\x00\x00":
        raise ValueError("not a ZIP ending with an empty comment")
    head = zip_bytes[:-2] + struct.pack("<H", COMMENT_BYTES) + MAGIC + public_key_raw(private_key)
    return head + private_key.sign(head)


def _utf8(data: bytes, name: str) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise TemplateError(name, "", msg.PACK_NOT_UTF8) from None


# --- Checking --------------------------------------------------------------------------------


def load_pack_file(path: Path | str) -> bytes:
    """Read a pack whole (refusing one larger than :data:`MAX_PACK_BYTES`).

    Raises:
        InvalidInput: missing, unreadable or too large, with a Vietnamese message.
    """
    path = Path(path)
    try:
        with open(path, "rb") as handle:
            size = os.fstat(handle.fileno()).st_size
            if size > MAX_PACK_BYTES:
                raise InvalidInput(_too_large(path.name, size))
            return handle.read(MAX_PACK_BYTES + 1)
    except FileNotFoundError:
        raise InvalidInput(msg.PACK_NOT_FOUND.format(file=path)) from None
    except IsADirectoryError:
        raise InvalidInput(msg.PACK_IS_FOLDER.format(file=path)) from None
    except OSError as err:
        reason = err.strerror or type(err).__name__
        raise InvalidInput(msg.PACK_UNREADABLE.format(file=path.name, reason=reason)) from None


def _too_large(name: str, size: int) -> str:
    return msg.PACK_TOO_LARGE.format(
        file=name, size=human_size(size), limit=human_size(MAX_PACK_BYTES)
    )


def verify_pack(data: bytes, trusted: list[tuple[str, bytes]]) -> PackResult:
    """Check a pack against the registered office keys ``[(office name, raw key), …]``.

    Never raises: every problem (also an unforeseen one) is a Vietnamese line in ``problems``.
    """
    result = PackResult()
    try:
        _verify(bytes(data), trusted, result)
    except Exception as exc:  # never raise: a hostile file is a refusal, not a crash
        result.problems.append(msg.PACK_UNEXPECTED.format(kind=type(exc).__name__))
    result.ok = not result.problems and result.template is not None
    if not result.ok:
        result.template, result.yaml = None, b""
    return result


def _verify(data: bytes, trusted: list[tuple[str, bytes]], result: PackResult) -> None:
    problems = result.problems
    if not data:
        problems.append(msg.PACK_EMPTY)
        return
    if len(data) > MAX_PACK_BYTES:
        problems.append(_too_large("", len(data)))
        return
    eocd = len(data) - EOCD_BYTES - COMMENT_BYTES
    block_ok = (
        eocd >= 0
        and data[eocd : eocd + 4] == EOCD_SIGNATURE
        and struct.unpack_from("<H", data, eocd + 20)[0] == COMMENT_BYTES
        and data[eocd + EOCD_BYTES :].startswith(MAGIC)
    )
    if not block_ok:
        is_zip = data.rfind(EOCD_SIGNATURE, max(0, len(data) - 65557)) >= 0
        problems.append(msg.PACK_UNSIGNED if is_zip else msg.PACK_NOT_A_PACK)
        return
    public = data[-SIGNATURE_BYTES - PUBLIC_KEY_BYTES : -SIGNATURE_BYTES]
    signature = data[-SIGNATURE_BYTES:]
    result.fingerprint = fingerprint(public)
    if not _signature_valid(public, signature, data[:-SIGNATURE_BYTES]):
        problems.append(msg.PACK_ALTERED)
        return
    office = next((name for name, raw in trusted if raw == public), None)
    if office is None:
        if trusted:
            problems.append(msg.PACK_FOREIGN_KEY.format(fingerprint=result.fingerprint))
        else:
            problems.append(msg.PACK_NO_OFFICE_KEY.format(fingerprint=result.fingerprint))
        return
    result.office = office
    members = _members(data, problems)
    if members is None:
        return
    manifest = _manifest(members[MANIFEST], problems)
    if manifest is None:
        return
    result.manifest = manifest
    if manifest["public_key_fingerprint"] != result.fingerprint:
        problems.append(msg.PACK_MANIFEST_FIELD.format(field="public_key_fingerprint"))
        return
    listed = {item["name"]: item for item in manifest["members"]}
    body = members[TEMPLATE]
    item = listed.get(TEMPLATE)
    if item is None or item["size"] != len(body):
        problems.append(msg.PACK_MEMBER_MISMATCH.format(name=TEMPLATE))
        return
    if item["sha256"] != hashlib.sha256(body).hexdigest():
        problems.append(msg.PACK_MEMBER_MISMATCH.format(name=TEMPLATE))
        return
    try:
        loaded = load_template_text(_utf8(body, TEMPLATE), TEMPLATE)
    except TemplateError as err:
        problems.append(msg.PACK_TEMPLATE_INVALID.format(reason=err.message))
        return
    if loaded.full_id != manifest["template_id"]:
        problems.append(
            msg.PACK_TEMPLATE_ID.format(found=loaded.full_id, expected=manifest["template_id"])
        )
        return
    result.template, result.yaml = loaded, body


def _signature_valid(public: bytes, signature: bytes, message: bytes) -> bool:
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives.asymmetric import ed25519

    try:
        ed25519.Ed25519PublicKey.from_public_bytes(public).verify(signature, message)
    except (InvalidSignature, ValueError):
        return False
    return True


def _members(data: bytes, problems: list[str]) -> dict[str, bytes] | None:
    """The two members, read with limits (names, duplicates, encryption, sizes, CRC)."""
    limits = {MANIFEST: MAX_MANIFEST_BYTES, TEMPLATE: MAX_TEMPLATE_BYTES}
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
            names = [info.filename for info in infos]
            if sorted(names) != sorted(MEMBERS):
                problems.append(msg.PACK_MEMBERS.format(found=", ".join(names[:8]) or "—"))
                return None
            found: dict[str, bytes] = {}
            for info in infos:
                if info.flag_bits & 0x1 or info.compress_type not in (
                    zipfile.ZIP_STORED,
                    zipfile.ZIP_DEFLATED,
                ):
                    problems.append(msg.PACK_MEMBER_DAMAGED.format(name=info.filename))
                    return None
                if info.file_size > limits[info.filename]:
                    problems.append(msg.PACK_MEMBER_DAMAGED.format(name=info.filename))
                    return None
                with archive.open(info) as handle:
                    payload = handle.read(limits[info.filename] + 1)
                if len(payload) != info.file_size:
                    problems.append(msg.PACK_MEMBER_DAMAGED.format(name=info.filename))
                    return None
                found[info.filename] = payload
            return found
    except (zipfile.BadZipFile, zlib.error, EOFError, ValueError, NotImplementedError, OSError):
        problems.append(msg.PACK_DAMAGED)
        return None


def _manifest(raw: bytes, problems: list[str]) -> dict[str, Any] | None:
    try:
        manifest = json.loads(raw.decode("utf-8"))
    except (ValueError, RecursionError):
        problems.append(msg.PACK_MANIFEST_UNREADABLE)
        return None
    if not isinstance(manifest, dict):
        problems.append(msg.PACK_MANIFEST_UNREADABLE)
        return None
    found = manifest.get("format")
    if found != FORMAT:
        if isinstance(found, str) and found.startswith("cchc-template-pack/"):
            problems.append(msg.PACK_FORMAT_NEWER.format(found=found[:40], expected=FORMAT))
        else:
            problems.append(msg.PACK_MANIFEST_UNREADABLE)
        return None
    for name in (*MANIFEST_FIELDS, "public_key_fingerprint"):
        if not isinstance(manifest.get(name), str) or not manifest[name]:
            problems.append(msg.PACK_MANIFEST_FIELD.format(field=name))
            return None
    members = manifest.get("members")
    if not isinstance(members, list) or not all(
        isinstance(m, dict)
        and isinstance(m.get("name"), str)
        and isinstance(m.get("size"), int)
        and not isinstance(m.get("size"), bool)
        and isinstance(m.get("sha256"), str)
        for m in members
    ):
        problems.append(msg.PACK_MANIFEST_FIELD.format(field="members"))
        return None
    return manifest


# --- Installing ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Installed:
    """A pack installed (or found installed already, ``already``)."""

    full_id: str
    title: str
    office: str
    fingerprint: str
    already: bool
    path: Path


def install_pack(
    path: Path | str, keys_folder: Path, templates_folder: Path | None = None
) -> Installed:
    """Check a pack against this commune's registered office keys and keep its template.

    A version already installed with the same content is reported as such; one with other
    content, or one that would shadow a template shipped with the app, is refused: the office
    must publish a new version.

    Raises:
        InvalidInput: the file cannot be read.
        PackError: the pack is refused (the reasons listed, nothing written), or the template
            could not be written (nothing half-written).
    """
    from cchc_tui.signing.office_key import trusted_office_keys
    from cchc_tui.template.installed import InstalledInfo, installed_index, record_installed
    from cchc_tui.template.loader import builtin_templates

    path = Path(path)
    data = load_pack_file(path)
    trusted = [(k.name, k.raw) for k in trusted_office_keys(keys_folder)]
    result = verify_pack(data, trusted)
    if not result.ok or result.template is None or result.manifest is None:
        lines = "\n".join(f"- {p}" for p in result.problems)
        raise PackError(msg.PACK_REFUSED.format(file=path.name, problems=lines))
    loaded, manifest = result.template, result.manifest
    full_id = loaded.full_id
    if full_id in builtin_templates():
        raise PackError(msg.PACK_SHADOWS_BUILTIN.format(id=full_id))
    digest = hashlib.sha256(result.yaml).hexdigest()
    for known in installed_index(templates_folder):
        if known.full_id == full_id:
            if known.sha256 != digest:
                raise PackError(msg.PACK_VERSION_DIFFERS.format(id=full_id, office=known.office))
            target = (templates_folder or _default_folder()) / known.file
            return Installed(
                full_id, loaded.template.title, known.office, known.fingerprint, True, target
            )
    info = InstalledInfo(
        full_id=full_id,
        title=loaded.template.title,
        office=result.office,
        fingerprint=result.fingerprint or "",
        published_at=str(manifest["published_at"]),
        installed_at=datetime.now(UTC).isoformat("T", "seconds"),
        file="",
        sha256="",
        pack=path.name,
    )
    try:
        target = record_installed(result.yaml, info, templates_folder)
    except OSError as exc:
        folder = templates_folder or _default_folder()
        raise PackError(msg.PACK_SAVE_FAILED.format(folder=folder, code=exc.errno)) from None
    return Installed(
        full_id, loaded.template.title, result.office, result.fingerprint or "", False, target
    )


def _default_folder() -> Path:
    from cchc_tui.base.locations import templates_dir

    return templates_dir()


# --- Publishing (the office) -----------------------------------------------------------------


@dataclass(frozen=True)
class Published:
    """A pack written for the communes."""

    pack: Path
    size: int
    public_key: Path
    fingerprint: str
    key_created: bool
    full_id: str


def publish_template(
    yaml_bytes: bytes,
    folder: Path | str,
    keys_folder: Path,
    passphrase: str,
    office: str,
    app_version: str,
    templates_folder: Path | None = None,
) -> Published:
    """Check a template, sign it with the office's key and write the pack (and the office's
    public key) into ``folder`` safely; keep the template as installed on this computer.

    Args:
        office: the publishing office's name; empty: the template's receiving office.

    Raises:
        TemplateError: the template does not load (nothing written).
        PackError: this id and version is shipped with the app, or already installed here
            with other content (the office must raise the version).
        SigningKeyError: empty or wrong passphrase, damaged key file.
        ExportWriteError: the folder is missing, read-only or full (Vietnamese message).
    """
    from cchc_tui.base.atomic import write_bundle
    from cchc_tui.signing.keys import public_key_pem
    from cchc_tui.signing.office_key import ensure_office_key
    from cchc_tui.template.installed import InstalledInfo, installed_index, record_installed
    from cchc_tui.template.loader import builtin_templates

    loaded = load_template_text(_utf8(yaml_bytes, TEMPLATE), TEMPLATE)
    full_id = loaded.full_id
    if full_id in builtin_templates():
        raise PackError(msg.PACK_SHADOWS_BUILTIN.format(id=full_id))
    digest = hashlib.sha256(yaml_bytes).hexdigest()
    known = [e for e in installed_index(templates_folder) if e.full_id == full_id]
    if known and known[0].sha256 != digest:
        raise PackError(msg.PACK_VERSION_DIFFERS.format(id=full_id, office=known[0].office))
    key = ensure_office_key(keys_folder, passphrase)
    name = nfc(office).strip() or loaded.template.receiving_office
    file_name, data, _ = build_pack(yaml_bytes, name, key.private_key, app_version)
    pack = write_bundle(folder, file_name, data)
    public = write_bundle(folder, OFFICE_KEY_FILE, public_key_pem(key.public_raw))
    if not known:
        info = InstalledInfo(
            full_id=full_id,
            title=loaded.template.title,
            office=name,
            fingerprint=key.fingerprint,
            published_at=datetime.now(UTC).isoformat("T", "seconds"),
            installed_at=datetime.now(UTC).isoformat("T", "seconds"),
            file="",
            sha256="",
            pack=file_name,
        )
        try:
            record_installed(yaml_bytes, info, templates_folder)
        except OSError as exc:
            target = templates_folder or _default_folder()
            raise PackError(msg.PACK_SAVE_FAILED.format(folder=target, code=exc.errno)) from None
    return Published(pack, len(data), public, key.fingerprint, key.created, full_id)
