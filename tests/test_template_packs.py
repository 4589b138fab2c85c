"""Signed template packs: the office publishes, the commune installs only what its registered
office key signed; tampered, unsigned and foreign-key packs are refused and install nothing."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric import ed25519

from cchc_tui.authoring import pack
from cchc_tui.authoring.pack import PackError, build_pack, install_pack, verify_pack
from cchc_tui.base.locations import keys_dir, templates_dir
from cchc_tui.cli import main
from cchc_tui.signing.keys import fingerprint, public_key_pem, public_key_raw
from cchc_tui.signing.office_key import add_trusted_office_key, trusted_office_keys
from cchc_tui.template.installed import installed_index, installed_templates
from cchc_tui.template.loader import available_templates, get_template

SMALL = """\
id: thu/xa/goi
version: "2024"
title: Mẫu thử gói
province: Thanh Hóa
period_kinds: [nam]
unit_kinds: [xa]
receiving_office: Sở Nội vụ tỉnh Thanh Hóa
sections: []
forms:
  - number: 1
    title: Thử
    rows:
      - {stt: "1", label: Số văn bản, unit_of_measure: Văn bản}
"""
OFFICE = "Sở Nội vụ tỉnh Thanh Hóa"


@pytest.fixture
def office_key() -> ed25519.Ed25519PrivateKey:
    return ed25519.Ed25519PrivateKey.generate()


@pytest.fixture
def small(office_key: ed25519.Ed25519PrivateKey) -> bytes:
    _name, data, _loaded = build_pack(SMALL.encode("utf-8"), OFFICE, office_key, "0.1.0")
    return data


def trusted(key: ed25519.Ed25519PrivateKey) -> list[tuple[str, bytes]]:
    return [(OFFICE, public_key_raw(key))]


def test_a_pack_is_a_signed_zip_of_manifest_and_template(small: bytes) -> None:
    with zipfile.ZipFile(io.BytesIO(small)) as archive:
        assert archive.namelist() == ["manifest.json", "template.yaml"]
        manifest = json.loads(archive.read("manifest.json"))
        assert archive.read("template.yaml") == SMALL.encode("utf-8")
    assert manifest["format"] == "cchc-template-pack/1"
    assert manifest["template_id"] == "thu/xa/goi@2024" and manifest["office"] == OFFICE
    assert small[-106:-96] == b"CCHC-TPL/1"
    assert pack.pack_name("thanh-hoa/phuong/cchc-9thang", "2024") == (
        "thanh-hoa-phuong-cchc-9thang_2024.cchc-tpl.zip"
    )


def test_the_registered_key_accepts_it(small: bytes, office_key: ed25519.Ed25519PrivateKey) -> None:
    result = verify_pack(small, trusted(office_key))
    assert result.ok and result.problems == [] and result.office == OFFICE
    assert result.template is not None and result.template.full_id == "thu/xa/goi@2024"


def test_flipping_any_byte_is_refused_and_never_raises(
    small: bytes, office_key: ed25519.Ed25519PrivateKey
) -> None:
    keys = trusted(office_key)
    accepted = []
    for mask in (0x01, 0xFF):
        for index in range(len(small)):
            flipped = bytearray(small)
            flipped[index] ^= mask
            result = verify_pack(bytes(flipped), keys)  # would fail the test if it raised
            if result.ok or not result.problems or result.template is not None:
                accepted.append((index, mask))
    assert accepted == []


def test_truncated_or_extended_is_refused(
    small: bytes, office_key: ed25519.Ed25519PrivateKey
) -> None:
    keys = trusted(office_key)
    for length in range(0, len(small), 7):
        assert not verify_pack(small[:length], keys).ok
    assert not verify_pack(small + b"\0", keys).ok
    assert not verify_pack(b"\0" + small, keys).ok


def test_re_signed_garbage_never_crashes(office_key: ed25519.Ed25519PrivateKey) -> None:
    """Even bytes the office's own key signed are parsed with limits, never trusted blindly."""
    from cchc_tui.exports.bundle import write_zip

    plain = write_zip([("manifest.json", b"{}"), ("template.yaml", SMALL.encode("utf-8"))])
    for index in range(0, len(plain), 3):
        flipped = bytearray(plain)
        flipped[index] ^= 0xFF
        try:
            sealed = pack._seal(bytes(flipped), office_key)
        except ValueError:
            continue  # the flip broke the end record itself
        result = verify_pack(sealed, trusted(office_key))
        assert not result.ok and result.problems


def test_unsigned_foreign_and_unregistered_packs_are_told_apart(
    small: bytes, office_key: ed25519.Ed25519PrivateKey
) -> None:
    from cchc_tui import messages as msg
    from cchc_tui.exports.bundle import write_zip

    with zipfile.ZipFile(io.BytesIO(small)) as archive:
        entries = [(name, archive.read(name)) for name in archive.namelist()]
    unsigned = write_zip(entries)
    assert verify_pack(unsigned, trusted(office_key)).problems == [msg.PACK_UNSIGNED]
    intruder = ed25519.Ed25519PrivateKey.generate()
    _n, forged, _l = build_pack(SMALL.encode("utf-8"), OFFICE, intruder, "0.1.0")
    result = verify_pack(forged, trusted(office_key))
    assert not result.ok and result.manifest is None
    assert result.problems == [
        msg.PACK_FOREIGN_KEY.format(fingerprint=fingerprint(public_key_raw(intruder)))
    ]
    assert fingerprint(public_key_raw(intruder)) in result.problems[0]
    nobody = verify_pack(small, [])
    assert not nobody.ok and "cchc office-key add" in nobody.problems[0]
    assert verify_pack("Biểu mẫu,STT\n".encode(), trusted(office_key)).problems == [
        msg.PACK_NOT_A_PACK
    ]


# --- On the commune's computer ---------------------------------------------------------------


def register(key: ed25519.Ed25519PrivateKey) -> None:
    add_trusted_office_key(keys_dir(), public_key_pem(key), OFFICE)


def test_install_keeps_the_template_and_every_version(
    tmp_path: Path, office_key: ed25519.Ed25519PrivateKey
) -> None:
    register(office_key)
    first = tmp_path / "goi-2024.cchc-tpl.zip"
    first.write_bytes(build_pack(SMALL.encode(), OFFICE, office_key, "0.1.0")[1])
    done = install_pack(first, keys_dir())
    assert not done.already and done.full_id == "thu/xa/goi@2024" and done.office == OFFICE
    assert done.path.read_bytes() == SMALL.encode()  # as the office signed it
    newer_text = SMALL.replace('version: "2024"', 'version: "2025"').replace(
        "Số văn bản", "Số văn bản đã ban hành"
    )
    newer = tmp_path / "goi-2025.cchc-tpl.zip"
    newer.write_bytes(build_pack(newer_text.encode(), OFFICE, office_key, "0.1.0")[1])
    install_pack(newer, keys_dir())
    assert [i.full_id for i in installed_index()] == ["thu/xa/goi@2024", "thu/xa/goi@2025"]
    assert get_template("thu/xa/goi@2024").indicators["BM1/1"].indicator.label == "Số văn bản"
    label = get_template("thu/xa/goi@2025").indicators["BM1/1"].indicator.label
    assert label == "Số văn bản đã ban hành"
    assert {"thu/xa/goi@2024", "thu/xa/goi@2025"} <= set(available_templates())
    # The same pack again is already there; another content under the same version is refused.
    assert install_pack(first, keys_dir()).already
    changed = SMALL.replace("Số văn bản", "Số văn bản khác")
    other = tmp_path / "goi-2024-b.cchc-tpl.zip"
    other.write_bytes(build_pack(changed.encode(), OFFICE, office_key, "0.1.0")[1])
    with pytest.raises(PackError, match="tăng phiên bản"):
        install_pack(other, keys_dir())
    assert get_template("thu/xa/goi@2024").indicators["BM1/1"].indicator.label == "Số văn bản"


def test_refused_packs_install_nothing(
    tmp_path: Path, small: bytes, office_key: ed25519.Ed25519PrivateKey
) -> None:
    path = tmp_path / "goi.cchc-tpl.zip"
    path.write_bytes(small)
    with pytest.raises(PackError, match="chưa đăng ký khóa"):
        install_pack(path, keys_dir())
    register(office_key)
    tampered = bytearray(small)
    tampered[len(small) // 2] ^= 0x20
    path.write_bytes(bytes(tampered))
    with pytest.raises(PackError, match="đã bị sửa hoặc hỏng"):
        install_pack(path, keys_dir())
    intruder = ed25519.Ed25519PrivateKey.generate()
    path.write_bytes(build_pack(SMALL.encode(), "Giả mạo", intruder, "0.1.0")[1])
    with pytest.raises(PackError, match="không phải khóa của đơn vị nhận báo cáo"):
        install_pack(path, keys_dir())
    shipped = get_template("hai-duong/xa/cchc-nam@2023").source
    builtin = (Path(pack.__file__).parents[1] / "data" / "templates" / shipped).read_bytes()
    path.write_bytes(build_pack(builtin, OFFICE, office_key, "0.1.0")[1])
    with pytest.raises(PackError, match="đã có sẵn trong ứng dụng"):
        install_pack(path, keys_dir())
    assert installed_index() == [] and installed_templates() == {}
    assert not templates_dir().exists() or list(templates_dir().rglob("*.yaml")) == []


def test_office_key_add_shows_the_fingerprint_to_read_by_phone(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], office_key: ed25519.Ed25519PrivateKey
) -> None:
    pem = tmp_path / "cchc-office-key.pub.pem"
    pem.write_bytes(public_key_pem(office_key))
    printed = fingerprint(public_key_raw(office_key))
    assert main(["office-key", "add", str(pem), "--name", OFFICE]) == 0
    out = capsys.readouterr().out
    assert printed in out and "Gọi điện" in out and OFFICE in out
    assert main(["office-key", "add", str(pem)]) == 0
    assert "đã đăng ký" in capsys.readouterr().out
    assert [(k.name, k.fingerprint) for k in trusted_office_keys(keys_dir())] == [(OFFICE, printed)]
    assert main(["office-key", "list"]) == 0
    assert printed in capsys.readouterr().out
    not_a_key = tmp_path / "x.pem"
    not_a_key.write_text("không phải khóa", encoding="utf-8")
    assert main(["office-key", "add", str(not_a_key)]) == 2
    assert "Ed25519" in capsys.readouterr().err
