"""The signed bundle, as the receiving office sees it: real zip files, real signatures.

Every hostile file below is rejected with a specific Vietnamese problem, and ``verify_bundle``
never raises. Crafted files are signed with :func:`bundle.sign_zip` so that the structural checks,
not just the signature, are what rejects them.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
import struct
import time
import warnings
import zipfile
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric import ed25519

from cchc_tui import messages as msg
from cchc_tui.exports import bundle, verify
from cchc_tui.exports import bundle_format as fmt
from cchc_tui.signing import keys

MEMBERS = {
    "report.json": json.dumps(
        {"unit": "Xã Bình Lãng", "period": "2023", "values": {"1.1": 12, "1.2": "94,3"}},
        ensure_ascii=False,
    ).encode(),
    "forms.xlsx": b"PK\x03\x04 pretend workbook",
    "report.docx": b"PK\x03\x04 pretend document",
}
META: dict[str, Any] = {
    "template_id": "cchc-xa-2023",
    "unit_code": "31.BL",
    "unit_name": "Xã Bình Lãng",
    "period_code": "2023",
    "revision": 2,
    "signer_name": "Nguyễn Văn An",
    "signer_title": "Chủ tịch UBND xã",
    "signed_at": "2025-07-01T09:30:00+07:00",
    "app_version": "0.1.0",
}


@pytest.fixture(scope="module")
def key() -> ed25519.Ed25519PrivateKey:
    return ed25519.Ed25519PrivateKey.generate()


@pytest.fixture(scope="module")
def public(key: ed25519.Ed25519PrivateKey) -> bytes:
    return keys.public_key_raw(key)


@pytest.fixture(scope="module")
def small(key: ed25519.Ed25519PrivateKey) -> bytes:
    return bundle.build_bundle(MEMBERS, META, key)


def manifest_for(payloads: dict[str, bytes], key: Any, /, **changes: Any) -> bytes:
    manifest: dict[str, Any] = dict(META)
    manifest.update(
        format=fmt.FORMAT,
        public_key_fingerprint=keys.fingerprint(keys.public_key_raw(key)),
        members=[
            {"name": n, "size": len(b), "sha256": hashlib.sha256(b).hexdigest()}
            for n, b in payloads.items()
        ],
    )
    manifest.update(changes)
    return json.dumps(manifest, ensure_ascii=False).encode()


def craft(entries: list[tuple[str, bytes]], key: Any, method: int = zipfile.ZIP_DEFLATED) -> bytes:
    """A signed zip with exactly these entries (duplicates and odd names allowed)."""
    buffer = io.BytesIO()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # zipfile warns about duplicate names
        with zipfile.ZipFile(buffer, "w", compression=method) as zf:
            for name, payload in entries:
                info = zipfile.ZipInfo(name, date_time=fmt.FIXED_TIME)
                info.compress_type = method
                zf.writestr(info, payload)
    return bundle.sign_zip(buffer.getvalue(), key)


def good_entries(key: Any, **manifest_changes: Any) -> list[tuple[str, bytes]]:
    return [("manifest.json", manifest_for(MEMBERS, key, **manifest_changes)), *MEMBERS.items()]


def problems_of(data: Any, trusted: bytes | None = None) -> list[str]:
    result = verify.verify_bundle(data, trusted)
    assert not result.ok
    assert result.problems and all(isinstance(p, str) and p for p in result.problems)
    return result.problems


def has(problems: list[str], template: str) -> bool:
    """Whether one problem is ``template`` with any placeholder values."""
    pattern = re.escape(template)
    pattern = re.sub(r"\\\{[a-z_]+\\\}", ".*", pattern)
    return any(re.fullmatch(pattern, p, flags=re.S) for p in problems)


# --- The good path -------------------------------------------------------------------------------


def test_bundle_verifies_with_and_without_the_registered_key(small: bytes, public: bytes) -> None:
    trusted = verify.verify_bundle(small, public)
    assert trusted.ok and trusted.trusted and not trusted.unreadable
    assert trusted.problems == [] and trusted.notes == []
    assert trusted.fingerprint == keys.fingerprint(public)
    assert trusted.manifest is not None
    assert trusted.manifest["format"] == "cchc-bundle/1"
    assert trusted.manifest["unit_name"] == "Xã Bình Lãng"
    assert trusted.manifest["revision"] == 2
    assert trusted.manifest["public_key_fingerprint"] == trusted.fingerprint
    listed = {m["name"]: m for m in trusted.manifest["members"]}
    assert set(listed) == set(MEMBERS)
    for name, payload in MEMBERS.items():
        assert listed[name]["size"] == len(payload)
        assert listed[name]["sha256"] == hashlib.sha256(payload).hexdigest()
        assert verify.read_member(small, name) == payload

    alone = verify.verify_bundle(small)
    assert alone.ok and not alone.trusted
    assert alone.manifest == trusted.manifest
    assert any("chưa xác thực" in note for note in alone.notes)
    assert alone.fingerprint is not None and alone.fingerprint in alone.notes[0]

    pem = verify.verify_bundle(small, keys.public_key_pem(public))
    assert pem.ok and pem.trusted


def test_bundle_is_a_plain_deterministic_zip(small: bytes, key: Any) -> None:
    assert bundle.build_bundle(MEMBERS, META, key) == small
    with zipfile.ZipFile(io.BytesIO(small)) as zf:
        assert zf.namelist() == ["manifest.json", "report.json", "forms.xlsx", "report.docx"]
        assert zf.testzip() is None
        assert all(i.compress_type == zipfile.ZIP_DEFLATED for i in zf.infolist())
        assert all(i.date_time == (1980, 1, 1, 0, 0, 0) for i in zf.infolist())
        assert all(i.extra == b"" for i in zf.infolist())
        assert zf.comment.startswith(fmt.MAGIC) and len(zf.comment) == fmt.COMMENT_BYTES
    # The signature covers every byte before it.
    ed25519.Ed25519PublicKey.from_public_bytes(keys.public_key_raw(key)).verify(
        small[-64:], small[:-64]
    )


def test_verify_reads_a_path(tmp_path: Path, small: bytes, public: bytes) -> None:
    path = tmp_path / fmt.bundle_name("31.BL", "2023", 2)
    path.write_bytes(small)
    assert verify.verify_bundle(path, public).ok
    assert verify.verify_bundle(str(path), public).ok
    gone = verify.verify_bundle(tmp_path / "missing.cchc.zip")
    assert not gone.ok and gone.unreadable
    assert "không tìm thấy tệp" in gone.problems[0]


def test_wrong_registered_key_is_not_verified(small: bytes) -> None:
    other = keys.public_key_raw(ed25519.Ed25519PrivateKey.generate())
    result = verify.verify_bundle(small, other)
    assert not result.ok and not result.trusted and not result.unreadable
    assert has(result.problems, msg.VERIFY_KEY_NOT_REGISTERED)
    assert "chưa xác thực" in result.problems[0]
    assert result.fingerprint is not None and result.fingerprint in result.problems[0]
    bad = verify.verify_bundle(small, b"not a key")
    assert not bad.ok and has(bad.problems, msg.VERIFY_TRUSTED_KEY_INVALID)


def test_bundle_re_signed_by_someone_else_is_caught_only_by_the_registered_key(
    small: bytes, public: bytes
) -> None:
    """An intruder can make a self-consistent bundle with their own key; registration stops it."""
    intruder = ed25519.Ed25519PrivateKey.generate()
    forged = bundle.build_bundle(MEMBERS, {**META, "revision": 9}, intruder)
    assert verify.verify_bundle(forged).ok  # integrity only
    assert has(problems_of(forged, public), msg.VERIFY_KEY_NOT_REGISTERED)


# --- Every byte, every length --------------------------------------------------------------------


def test_flipping_any_byte_is_rejected_and_never_raises(small: bytes, public: bytes) -> None:
    assert len(small) < 2000
    started = time.perf_counter()
    accepted, escaped = [], []
    for trusted in (public, None):
        for mask in (0x01, 0xFF):
            for index in range(len(small)):
                flipped = bytearray(small)
                flipped[index] ^= mask
                try:
                    result = verify.verify_bundle(bytes(flipped), trusted)
                except Exception as exc:  # pragma: no cover - the point of the test
                    escaped.append((index, exc))
                    continue
                if result.ok or not result.problems or result.manifest is not None:
                    accepted.append((index, mask, trusted is None))
    assert escaped == []
    assert accepted == []
    assert time.perf_counter() - started < 20


def test_re_signed_garbage_never_crashes_the_parser(key: Any) -> None:
    """Flip every byte of the zip, then sign it: the structural checks alone must cope."""
    plain = bundle.write_zip(good_entries(key))
    outcomes = {"rejected": 0, "accepted": 0}
    for index in range(len(plain)):
        flipped = bytearray(plain)
        flipped[index] ^= 0xFF
        try:
            sealed = bundle.sign_zip(bytes(flipped), key)
        except ValueError:
            continue  # the flip broke the end record itself
        result = verify.verify_bundle(sealed)  # must not raise
        assert result.ok == (not result.problems)
        outcomes["accepted" if result.ok else "rejected"] += 1
    # What is accepted is only what the signer could have made anyway (timestamps, attributes).
    assert outcomes["rejected"] > 0.9 * len(plain)


def test_truncated_at_every_length_is_rejected(small: bytes, public: bytes) -> None:
    for length in range(len(small)):
        result = verify.verify_bundle(small[:length], public)
        assert not result.ok and result.unreadable and result.problems
    assert problems_of(small[:0]) == [msg.VERIFY_EMPTY]
    assert has(problems_of(small[: len(small) // 2]), msg.VERIFY_NOT_ZIP)


@pytest.mark.parametrize(
    "extra", [b"\x00", b"PK\x05\x06", b"x" * 1000, b"\r\n"], ids=["nul", "eocd", "1000", "crlf"]
)
def test_bytes_appended_or_prepended_are_rejected(
    small: bytes, public: bytes, extra: bytes
) -> None:
    assert has(problems_of(small + extra, public), msg.VERIFY_NO_SIGNATURE)
    assert problems_of(extra + small, public)
    assert problems_of(small + small, public)


def test_empty_and_not_a_zip(public: bytes) -> None:
    assert problems_of(b"") == [msg.VERIFY_EMPTY]
    for junk in (b"hello", b"%PDF-1.7\n" + b"x" * 5000, bytes(range(256)) * 4):
        result = verify.verify_bundle(junk, public)
        assert not result.ok and result.unreadable
        assert result.problems == [msg.VERIFY_NOT_ZIP]


def test_an_ordinary_zip_without_our_signature_is_rejected(key: Any) -> None:
    plain = bundle.write_zip(good_entries(key))
    assert problems_of(plain) == [msg.VERIFY_NO_SIGNATURE]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        zf.comment = b"CCHC-SIG/1 but not really"
        zf.writestr("report.json", b"{}")
    assert problems_of(buffer.getvalue()) == [msg.VERIFY_NO_SIGNATURE]


def test_too_large_file_is_refused_before_reading(
    tmp_path: Path, small: bytes, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(verify, "MAX_BUNDLE_BYTES", len(small) - 1)
    assert has(problems_of(small), msg.VERIFY_TOO_LARGE)
    path = tmp_path / "big.cchc.zip"
    path.write_bytes(small)
    assert has(problems_of(path), msg.VERIFY_TOO_LARGE)
    with pytest.raises(verify.BundleReadError):
        verify.load_bundle_file(path)


# --- Hostile structure, validly signed -----------------------------------------------------------


def test_duplicate_member_name_is_rejected(key: Any) -> None:
    evil = b'{"values": "forged"}'
    data = craft([*good_entries(key), ("report.json", evil)], key)
    with zipfile.ZipFile(io.BytesIO(data)) as zf:  # the pitfall: zipfile returns the last one
        assert zf.read("report.json") == evil
    problems = problems_of(data)
    assert problems == [msg.VERIFY_DUPLICATE_MEMBER.format(name="report.json")]
    with pytest.raises(verify.BundleReadError):
        verify.read_member(data, "report.json")


@pytest.mark.parametrize(
    "name",
    [
        "../x",
        "/etc/x",
        "a/b",
        "..\\x",
        "C:x",
        "report.json/",
        "..",
        "report\x01.json",
        "report.json\x7f",
    ],
)
def test_path_names_are_rejected(key: Any, name: str) -> None:
    data = craft([*good_entries(key), (name, b"x")], key)
    problems = problems_of(data)
    assert has(problems, msg.VERIFY_UNSAFE_NAME), problems
    assert "không an toàn" in problems[0]


def test_non_ascii_member_name_is_rejected(key: Any) -> None:
    data = craft([*good_entries(key), ("báo cáo.json", b"x")], key)
    assert has(problems_of(data), msg.VERIFY_UNSAFE_NAME)


@pytest.mark.parametrize("name", ["evil.exe", "REPORT.JSON", "report.json.exe", "mimetype"])
def test_member_not_allowed_is_rejected(key: Any, name: str) -> None:
    problems = problems_of(craft([*good_entries(key), (name, b"x")], key))
    assert problems[0].startswith(f"Gói chứa tệp không được phép “{name}”")


def test_too_many_members_is_rejected_before_reading_names(key: Any) -> None:
    entries = good_entries(key) + [(f"x{i}", b"") for i in range(10)]
    assert has(problems_of(craft(entries, key)), msg.VERIFY_TOO_MANY_MEMBERS)


def _set_declared_size(zip_bytes: bytes, name: str, size: int) -> bytes:
    """Patch a member's uncompressed size in both its local and central headers."""
    out = bytearray(zip_bytes)
    raw = name.encode()
    pos = 0
    while (pos := out.find(b"PK\x03\x04", pos)) >= 0:
        if out[pos + 30 : pos + 30 + len(raw)] == raw:
            struct.pack_into("<I", out, pos + 22, size)
        pos += 4
    pos = 0
    while (pos := out.find(b"PK\x01\x02", pos)) >= 0:
        if out[pos + 46 : pos + 46 + len(raw)] == raw:
            struct.pack_into("<I", out, pos + 24, size)
        pos += 4
    return bytes(out)


def test_declared_huge_member_is_refused_before_inflating(key: Any) -> None:
    plain = bundle.write_zip(good_entries(key))
    data = bundle.sign_zip(_set_declared_size(plain, "report.json", 0xFFFF0000), key)
    problems = problems_of(data)
    assert has(problems, msg.VERIFY_MEMBER_TOO_LARGE)
    assert "report.json" in problems[0]


def test_zip_bomb_ratio_is_refused(key: Any) -> None:
    bomb = b"\x00" * (4 * 1024 * 1024)  # 4 MiB of zeros deflates to ~4 KB
    members = {**MEMBERS, "report.json": bomb}
    entries = [("manifest.json", manifest_for(members, key)), *members.items()]
    started = time.perf_counter()
    problems = problems_of(craft(entries, key))
    assert time.perf_counter() - started < 1
    assert has(problems, msg.VERIFY_MEMBER_RATIO)
    assert "bom nén" in problems[0]


def test_member_lying_about_a_small_size_is_not_inflated_past_it(key: Any) -> None:
    members = {**MEMBERS, "report.json": b"A" * 500_000}
    plain = bundle.write_zip([("manifest.json", manifest_for(members, key)), *members.items()])
    data = bundle.sign_zip(_set_declared_size(plain, "report.json", 10), key)
    assert has(problems_of(data), msg.VERIFY_MEMBER_DAMAGED)


def test_manifest_bigger_than_its_limit_is_refused(key: Any) -> None:
    entries = good_entries(key, padding="x" * (verify.MAX_MANIFEST_BYTES + 1))
    assert has(problems_of(craft(entries, key)), msg.VERIFY_MEMBER_TOO_LARGE)


def test_encrypted_or_unknown_compression_is_refused(key: Any) -> None:
    plain = bytearray(bundle.write_zip(good_entries(key)))
    for sig, offset in ((b"PK\x03\x04", 8), (b"PK\x01\x02", 10)):
        pos = plain.find(sig)
        struct.pack_into("<H", plain, pos + offset, 14)  # LZMA
    assert has(problems_of(bundle.sign_zip(bytes(plain), key)), msg.VERIFY_MEMBER_UNSUPPORTED)


def test_hidden_bytes_between_members_are_refused(key: Any) -> None:
    plain = bundle.write_zip(good_entries(key))
    with zipfile.ZipFile(io.BytesIO(plain)) as zf:
        second = zf.infolist()[1].header_offset
    # Insert bytes before the second member and shift every later offset.
    padded = bytearray(plain[:second] + b"HIDDEN" + plain[second:])
    pos = 0
    while (pos := padded.find(b"PK\x01\x02", pos)) >= 0:
        (offset,) = struct.unpack_from("<I", padded, pos + 42)
        if offset >= second:
            struct.pack_into("<I", padded, pos + 42, offset + 6)
        pos += 4
    eocd = padded.rfind(b"PK\x05\x06")
    (cd_offset,) = struct.unpack_from("<I", padded, eocd + 16)
    struct.pack_into("<I", padded, eocd + 16, cd_offset + 6)
    assert has(problems_of(bundle.sign_zip(bytes(padded), key)), msg.VERIFY_LAYOUT)


def test_stored_members_are_read_too(key: Any) -> None:
    data = craft(good_entries(key), key, method=zipfile.ZIP_STORED)
    assert verify.verify_bundle(data).ok


# --- Manifest ------------------------------------------------------------------------------------


def test_missing_or_unreadable_manifest(key: Any) -> None:
    no_manifest = craft(list(MEMBERS.items()), key)
    result = verify.verify_bundle(no_manifest)
    assert result.unreadable and result.problems == [msg.VERIFY_MANIFEST_MISSING]
    for junk in (b"{not json", b"\xff\xfe", b"[1, 2]"):
        data = craft([("manifest.json", junk), *MEMBERS.items()], key)
        assert problems_of(data) == [msg.VERIFY_MANIFEST_UNREADABLE]
    twice = craft([("manifest.json", b'{"a": 1, "a": 2}'), *MEMBERS.items()], key)
    (problem,) = problems_of(twice)
    assert (
        problem.startswith("Tệp mô tả manifest.json bị từ chối")
        and "“a” xuất hiện hai lần" in problem
    )


def test_newer_or_foreign_format_is_named(key: Any) -> None:
    newer = problems_of(craft(good_entries(key, format="cchc-bundle/2"), key))
    assert newer == [
        msg.VERIFY_FORMAT_NEWER.format(found="cchc-bundle/2", expected="cchc-bundle/1")
    ]
    foreign = problems_of(craft(good_entries(key, format="something-else"), key))
    assert foreign == [msg.VERIFY_FORMAT_UNKNOWN]


def test_manifest_fields_are_checked(key: Any) -> None:
    cases = {
        "unit_code": 31,
        "revision": "2",
        "signed_at": "hôm qua",
        "members": [{"name": "../x", "size": 1, "sha256": "0" * 64}],
    }
    for field, value in cases.items():
        problems = problems_of(craft(good_entries(key, **{field: value}), key))
        assert msg.VERIFY_MANIFEST_FIELD.format(field=field) in problems, (field, problems)
    mismatch = craft(good_entries(key, public_key_fingerprint="0000 " * 15 + "0000"), key)
    assert problems_of(mismatch) == [msg.VERIFY_KEY_MISMATCH]


def test_members_must_match_the_manifest(key: Any) -> None:
    wrong_hash = dict(MEMBERS)
    wrong_hash["forms.xlsx"] = b"different workbook"
    entries = [("manifest.json", manifest_for(MEMBERS, key)), *wrong_hash.items()]
    assert problems_of(craft(entries, key)) == [
        msg.VERIFY_MEMBER_SIZE.format(name="forms.xlsx", size="18 byte", expected="21 byte")
    ]
    same_size = dict(MEMBERS)
    same_size["forms.xlsx"] = b"PK\x03\x04 pretend workbooK"
    entries = [("manifest.json", manifest_for(MEMBERS, key)), *same_size.items()]
    assert problems_of(craft(entries, key)) == [msg.VERIFY_MEMBER_HASH.format(name="forms.xlsx")]

    unlisted = [("manifest.json", manifest_for({"report.json": MEMBERS["report.json"]}, key))]
    unlisted += list(MEMBERS.items())
    problems = problems_of(craft(unlisted, key))
    assert msg.VERIFY_MEMBER_UNLISTED.format(name="forms.xlsx") in problems

    missing = [
        ("manifest.json", manifest_for(MEMBERS, key)),
        ("report.json", MEMBERS["report.json"]),
    ]
    assert msg.VERIFY_MEMBER_MISSING.format(name="report.docx") in problems_of(craft(missing, key))

    no_report = {"forms.xlsx": MEMBERS["forms.xlsx"]}
    entries = [("manifest.json", manifest_for(no_report, key)), *no_report.items()]
    assert problems_of(craft(entries, key)) == [msg.VERIFY_REPORT_MISSING]


# --- Never raises --------------------------------------------------------------------------------


@pytest.mark.parametrize("error", [RuntimeError, MemoryError, struct.error, EOFError, KeyError])
def test_unexpected_errors_become_problems(
    small: bytes, monkeypatch: pytest.MonkeyPatch, error: type[BaseException]
) -> None:
    def explode(*args: Any, **kwargs: Any) -> Any:
        raise error("boom")

    monkeypatch.setattr(verify, "_parse_zip", explode)
    result = verify.verify_bundle(small)
    assert not result.ok and result.manifest is None
    assert result.problems[-1] == msg.VERIFY_UNEXPECTED.format(kind=error.__name__)


def test_read_member_errors_are_vietnamese(small: bytes) -> None:
    with pytest.raises(verify.BundleReadError) as missing:
        verify.read_member(small, "forms.csv")
    assert str(missing.value) == msg.BUNDLE_READ_MISSING.format(name="forms.csv")
    with pytest.raises(verify.BundleReadError):
        verify.read_member(b"garbage", "report.json")


# --- Building ------------------------------------------------------------------------------------


def test_bundle_name_is_ascii_and_fat32_safe() -> None:
    assert fmt.bundle_name("31.BL", "2023", 2) == "31.BL_2023_r2.cchc.zip"
    assert fmt.bundle_name("Xã Đông Hà", "6 tháng đầu năm", 0) == (
        "Xa-Dong-Ha_6-thang-dau-nam_r0.cchc.zip"
    )
    hostile = ['<a>:"b"/c\\d|e?f*g', "\x00\x1f\x7f", "đ" * 500, "..", " ", "日本"]
    for unit in hostile:
        for period in hostile:
            name = fmt.bundle_name(unit, period, 12345)
            assert name.isascii() and len(name) <= 100, name
            assert not set(name) & set('<>:"/\\|?* ')
            assert all(32 < ord(ch) < 127 for ch in name)
            assert re.fullmatch(r"[A-Za-z0-9.\-]+_[A-Za-z0-9.\-]+_r12345\.cchc\.zip", name), name
    with pytest.raises(ValueError):
        fmt.bundle_name("31.BL", "2023", -1)


def test_build_refuses_wrong_members_and_meta(key: Any) -> None:
    with pytest.raises(ValueError):
        bundle.build_bundle({**MEMBERS, "evil.exe": b""}, META, key)
    with pytest.raises(ValueError):
        bundle.build_bundle({"forms.xlsx": b""}, META, key)
    for field in fmt.META_FIELDS:
        meta = {k: v for k, v in META.items() if k != field}
        with pytest.raises(ValueError):
            bundle.build_bundle(MEMBERS, meta, key)
    with pytest.raises(ValueError):
        bundle.build_bundle(MEMBERS, {**META, "format": "x"}, key)
    with pytest.raises(ValueError):
        bundle.build_bundle(MEMBERS, {**META, "revision": True}, key)


def test_build_refuses_a_bundle_the_office_would_refuse(
    key: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(verify, "MAX_MEMBER_BYTES", 10)
    with pytest.raises(bundle.BundleBuildError):
        bundle.build_bundle(MEMBERS, META, key)


def test_meta_text_is_stored_in_nfc(key: Any) -> None:
    import unicodedata

    data = bundle.build_bundle(
        MEMBERS, {**META, "unit_name": unicodedata.normalize("NFD", "Xã Bình Lãng")}, key
    )
    manifest = json.loads(verify.read_member(data, "manifest.json"))
    assert manifest["unit_name"] == unicodedata.normalize("NFC", "Xã Bình Lãng")
