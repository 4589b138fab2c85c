"""Key continuity and key change (issue 10, break 4): a new PC never silently breaks the chain of
trust; a key change is a statement the office can follow from the key it registered."""

from __future__ import annotations

import json
import shutil
import zipfile
from collections.abc import Iterator
from io import BytesIO
from pathlib import Path

import pytest
from textual.widgets import DataTable, Input, Static

from cchc_tui import messages as msg
from cchc_tui.base.locations import keys_dir
from cchc_tui.cli import main
from cchc_tui.db.store import ReportStore
from cchc_tui.exports.bundle import build_bundle
from cchc_tui.exports.bundle_format import KEY_CHANGE_MEMBER
from cchc_tui.exports.package import BuiltBundle, build_report_bundle
from cchc_tui.office.database import open_office_store
from cchc_tui.office.importer import Kind, import_bytes
from cchc_tui.office.keys import KeyFileError, add_key, list_keys, read_public_key_file
from cchc_tui.screens.keychange import KeyChangeScreen
from cchc_tui.screens.signoff import SignoffScreen
from cchc_tui.service.backup import make_backup, read_backup, restore_backup
from cchc_tui.service.keys import KeyContinuityError
from cchc_tui.service.reports import ReportService, SignOffRequest
from cchc_tui.signing import key_change, keys
from tests.ui_helpers import fill, make_app, press, settle, text_of

OLD = "Bình Lãng ký duyệt 2023"
NEW = "Khóa mới của Bình Lãng 2024"
UNIT = "11092"
SIGNER = ("Trần Xuân Mãng", "CHỦ TỊCH")


def ready(service: ReportService, report_id: int) -> None:
    """The sample made signable as an officer would: the missing value, the explanations."""
    ws = service.open_report(report_id)
    ws.enter_value("BM3/1.1", "0")
    for finding in ws.result.warnings:
        ws.explain(finding.id, "Đã kiểm tra.")


def sign(service: ReportService, report_id: int, passphrase: str, number: str = "101") -> None:
    service.sign_off(report_id, SignOffRequest(*SIGNER, passphrase, number))


def revision_2(service: ReportService, report_id: int) -> int:
    return service.reopen(report_id, "Bổ sung văn bản 224/UBND-VP").report_id


@pytest.fixture
def office(tmp_path: Path) -> Iterator[ReportStore]:
    opened = open_office_store(tmp_path / "office.sqlite3")
    yield opened
    opened.close()


@pytest.fixture
def first_pc(
    store: ReportStore, sample_id: int, tmp_path: Path, office: ReportStore
) -> tuple[ReportService, BuiltBundle]:
    """PC A: revision 1 signed with the key K1, its bundle imported at the office, which
    registered K1 after checking its fingerprint."""
    service = ReportService(store, keys_folder=tmp_path / "pc-a-keys")
    ready(service, sample_id)
    sign(service, sample_id, OLD)
    bundle = build_report_bundle(service, sample_id, OLD)
    add_key(office, UNIT, keys.load_public_key(service.keys_folder, UNIT))
    assert import_bytes(office, bundle.data, bundle.name).kind is Kind.IMPORTED
    return service, bundle


def test_a_pc_with_only_the_database_refuses_to_sign_with_a_new_key(
    first_pc: tuple[ReportService, BuiltBundle], sample_id: int, tmp_path: Path
) -> None:
    """Break 4 as filed: the database alone copied to a new profile; signing again made a new
    key without a word and the office then held the bundle. Now: refused, nothing made."""
    service_a, bundle = first_pc
    k1 = keys.load_public_key(service_a.keys_folder, UNIT)
    new_pc = ReportService(service_a.store, keys_folder=tmp_path / "pc-b-keys")
    r2 = revision_2(new_pc, sample_id)
    state = new_pc.key_state(UNIT)
    assert state.expected == k1 and state.present is None and not state.continuous
    with pytest.raises(KeyContinuityError) as refused:
        sign(new_pc, r2, OLD, "102")
    assert str(refused.value) == msg.KEYCHANGE_MISSING.format(
        unit=UNIT, expected=keys.fingerprint(k1)
    )
    assert "khôi phục bản sao lưu" in str(refused.value).lower()
    assert "Đổi khóa" in str(refused.value)
    assert not (tmp_path / "pc-b-keys").exists()  # no key was made
    assert new_pc.store.status(r2)[0].value == "draft"


def test_another_key_on_the_pc_is_refused_too(
    first_pc: tuple[ReportService, BuiltBundle], sample_id: int, tmp_path: Path
) -> None:
    """A key made on the new PC before (e.g. a test sign-off) is not the unit's."""
    service_a, _ = first_pc
    stray = keys.ensure_key(tmp_path / "pc-b-keys", UNIT, "Khóa thử trên máy mới")
    new_pc = ReportService(service_a.store, keys_folder=tmp_path / "pc-b-keys")
    r2 = revision_2(new_pc, sample_id)
    with pytest.raises(KeyContinuityError) as refused:
        sign(new_pc, r2, "Khóa thử trên máy mới", "102")
    k1 = keys.load_public_key(service_a.keys_folder, UNIT)
    assert str(refused.value) == msg.KEYCHANGE_DIFFERENT.format(
        unit=UNIT, expected=keys.fingerprint(k1), present=stray.fingerprint
    )


def test_key_change_with_the_old_key_is_accepted_by_the_office(
    first_pc: tuple[ReportService, BuiltBundle], sample_id: int, office: ReportStore
) -> None:
    """Done-when: with the old key present, the office accepts r2 signed by the new key."""
    service, first = first_pc
    k1 = keys.load_public_key(service.keys_folder, UNIT)
    with pytest.raises(key_change.NeedOldPassphrase):
        service.change_key(UNIT, "Lộ mật khẩu khóa cũ", NEW)
    with pytest.raises(keys.WrongPassphraseError):
        service.change_key(UNIT, "Lộ mật khẩu khóa cũ", NEW, "sai mật khẩu")
    assert keys.load_public_key(service.keys_folder, UNIT) == k1  # a refusal changed nothing
    done = service.change_key(UNIT, "Lộ mật khẩu khóa cũ", NEW, OLD)
    assert done.change.signed and done.change.old_public == k1
    assert done.key.public_raw == keys.load_public_key(service.keys_folder, UNIT) != k1
    assert (service.keys_folder / "retired").is_dir()
    r2 = revision_2(service, sample_id)
    with pytest.raises(keys.WrongPassphraseError):
        sign(service, r2, OLD, "102")  # the old passphrase opens nothing now
    sign(service, r2, NEW, "102")
    second = build_report_bundle(service, r2, NEW)
    assert second.fingerprint == done.key.fingerprint
    with zipfile.ZipFile(BytesIO(second.data)) as zf:
        carried = json.loads(zf.read(KEY_CHANGE_MEMBER))
    assert carried["changes"][0]["reason"] == "Lộ mật khẩu khóa cũ"

    outcome = import_bytes(office, second.data, second.name)
    assert outcome.kind is Kind.SUPERSEDED and outcome.revision == 2
    assert outcome.lines()[1] == msg.OFFICE_KEY_CHANGE_ACCEPTED.format(
        at=done.change.changed_at, reason="Lộ mật khẩu khóa cũ", fingerprint=done.key.fingerprint
    )
    history = list_keys(office, include_replaced=True)
    assert [(k.fingerprint, k.replaced_at is None) for k in history] == [
        (keys.fingerprint(k1), False),
        (done.key.fingerprint, True),
    ]
    # Revision 1, exported again after the change, is signed by the new key: trusted (not
    # held), and refused only as older than the revision 2 the office has.
    again = build_report_bundle(service, sample_id, NEW)
    assert import_bytes(office, again.data, again.name).kind is Kind.OLDER
    assert first.fingerprint != again.fingerprint
    # and the seals of both revisions still check (the change leads from K1 to the new key)
    assert service.check_database().problems == []


def test_key_change_without_the_old_key_is_held_until_checked_by_phone(
    first_pc: tuple[ReportService, BuiltBundle], sample_id: int, office: ReportStore, tmp_path: Path
) -> None:
    """Done-when: without the old key, held, with the fingerprint procedure in the message;
    registering the key from the held bundle after the call lets it in."""
    service_a, _ = first_pc
    k1 = keys.load_public_key(service_a.keys_folder, UNIT)
    new_pc = ReportService(service_a.store, keys_folder=tmp_path / "pc-b-keys")
    with pytest.raises(keys.WeakPassphraseError):
        new_pc.change_key(UNIT, "Máy cũ hỏng ổ cứng", "123")
    done = new_pc.change_key(UNIT, "Máy cũ hỏng ổ cứng", NEW)
    assert not done.change.signed and done.change.old_public == k1
    r2 = revision_2(new_pc, sample_id)
    sign(new_pc, r2, NEW, "102")
    bundle = build_report_bundle(new_pc, r2, NEW)
    outcome = import_bytes(office, bundle.data, bundle.name)
    assert outcome.kind is Kind.HELD
    reason = msg.OFFICE_HELD_KEY_CHANGE_UNSIGNED.format(
        at=done.change.changed_at,
        reason="Máy cũ hỏng ổ cứng",
        registered=keys.fingerprint(k1),
        fingerprint=done.key.fingerprint,
        unit=UNIT,
    )
    assert outcome.problems == [reason]
    assert "Gọi điện" in reason and done.key.fingerprint in reason
    # After the phone call: register the key from the held bundle itself, import again.
    path = tmp_path / bundle.name
    path.write_bytes(bundle.data)
    with pytest.raises(KeyFileError, match="không phải của đơn vị 99999"):
        read_public_key_file(path, "99999")
    raw, _pem = read_public_key_file(path, UNIT)
    assert raw == done.key.public_raw
    add_key(office, UNIT, raw, replace=True)
    assert import_bytes(office, bundle.data, bundle.name).kind is Kind.SUPERSEDED


def test_a_forged_statement_is_not_followed(
    first_pc: tuple[ReportService, BuiltBundle], office: ReportStore, tmp_path: Path
) -> None:
    """Someone else's key cannot ride on a statement it wrote itself: a statement claiming
    the unit's key K1 as the old key, with a signature K1 did not make, is not followed."""
    service, first = first_pc
    k1 = keys.load_public_key(service.keys_folder, UNIT)
    rogue = keys.ensure_key(tmp_path / "rogue", UNIT, "Khóa giả mạo 2024")
    forged = key_change.make_change(
        UNIT, k1, rogue.public_raw, "Đổi khóa", "2024-01-02T03:04:05+00:00", rogue.private_key
    )
    assert not forged.signed
    with zipfile.ZipFile(BytesIO(first.data)) as zf:
        members = {"report.json": zf.read("report.json")}
        manifest = json.loads(zf.read("manifest.json"))
    members[KEY_CHANGE_MEMBER] = key_change.changes_to_json(UNIT, [forged])
    meta = {k: manifest[k] for k in ("template_id", "unit_code", "unit_name", "period_code")}
    meta |= {k: manifest[k] for k in ("signer_name", "signer_title", "signed_at", "app_version")}
    meta["revision"] = 2
    data = build_bundle(members, meta, rogue.private_key)
    outcome = import_bytes(office, data, "forged.cchc.zip")
    assert outcome.kind is Kind.HELD
    registered = keys.fingerprint(k1)
    assert outcome.problems == [
        msg.OFFICE_HELD_OTHER_KEY.format(fingerprint=rogue.fingerprint, registered=registered)
        + " "
        + msg.OFFICE_KEY_CHANGE_FORGED.format(registered=registered)
    ]
    assert [k.fingerprint for k in list_keys(office)] == [keys.fingerprint(k1)]


def test_a_weak_passphrase_is_refused_at_the_first_sign_off(
    store: ReportStore, sample_id: int, tmp_path: Path
) -> None:
    """Break 5 as filed: the passphrase "123" was accepted for the unit's new key."""
    service = ReportService(store, keys_folder=tmp_path / "keys")
    ready(service, sample_id)
    with pytest.raises(keys.WeakPassphraseError) as refused:
        sign(service, sample_id, "123")
    assert str(refused.value) == msg.SIGNKEY_PASSPHRASE_SHORT.format(minimum=8, count=3)
    assert store.status(sample_id)[0].value == "draft"
    assert not (tmp_path / "keys").exists()


def test_cli_key_change_and_history(
    first_pc: tuple[ReportService, BuiltBundle],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """``cchc keys change`` then ``cchc keys show``: the statement and the history printed."""
    service, _ = first_pc
    k1 = keys.load_public_key(service.keys_folder, UNIT)
    keys_home = keys_dir()  # the CLI's: this PC's data folder
    shutil.copytree(service.keys_folder, keys_home, dirs_exist_ok=True)
    new_file, old_file = tmp_path / "new.txt", tmp_path / "old.txt"
    new_file.write_text(NEW, encoding="utf-8")
    old_file.write_text(OLD, encoding="utf-8")
    db = ["--db", str(service.store.path)]
    service.store.close()
    capsys.readouterr()
    args = ["keys", "change", UNIT, "--reason", "Đổi Chủ tịch", "--passphrase-file", str(new_file)]
    assert main([*db, *args]) == 2  # the old key is here: its passphrase is needed
    assert msg.KEYCHANGE_NEED_OLD_PASSPHRASE in capsys.readouterr().err
    assert main([*db, *args, "--old-passphrase-file", str(old_file)]) == 0
    new = keys.load_public_key(keys_home, UNIT)
    printed = capsys.readouterr().out
    assert printed.strip() == msg.KEYCHANGE_DONE_SIGNED.format(
        unit=UNIT, new=keys.fingerprint(new), old=keys.fingerprint(k1)
    )
    assert main(["keys", "show", UNIT]) == 0
    shown = capsys.readouterr().out.splitlines()
    assert shown[0] == msg.KEYS_LINE.format(unit=UNIT, fingerprint=keys.fingerprint(new))
    assert shown[-1].startswith("  Đổi khóa lúc ")
    assert keys.fingerprint(k1) in shown[-1] and "Đổi Chủ tịch" in shown[-1]
    assert msg.KEYS_CHANGE_SIGNED in shown[-1]


async def test_the_sign_off_dialog_on_a_new_pc_offers_the_key_change(
    first_pc: tuple[ReportService, BuiltBundle], sample_id: int, office: ReportStore
) -> None:
    """Pilot, at 80×24 as on the commune's PC: the app on a profile without the unit's key
    (the database alone copied). F9 says why it cannot sign and offers the key change; after
    the change, the dialog asks for the signer and the new key's passphrase, and signs."""
    service_a, _ = first_pc
    r2 = revision_2(service_a, sample_id)
    app = make_app(service_a.store)  # this PC's keys folder: empty
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        home = app.screen.query_one("#reports", DataTable)
        home.move_cursor(row=home.get_row_index(str(r2)))
        await press(pilot, "enter", "f9")
        dialog = app.screen
        assert isinstance(dialog, SignoffScreen)
        k1 = keys.load_public_key(service_a.keys_folder, UNIT)
        expected = msg.KEYCHANGE_MISSING.format(unit=UNIT, expected=keys.fingerprint(k1))
        assert text_of(dialog.query_one("#key-problem", Static)) == expected
        assert not dialog.query("#passphrase")  # nothing to type that could make a new key
        await press(pilot, "shift+tab", "enter")  # from Đóng back to Đổi khóa
        change = app.screen
        assert isinstance(change, KeyChangeScreen)
        assert not change.query("#old")  # no old key here: nothing to ask for it
        await fill(pilot, "#reason", "Máy cũ hỏng ổ cứng")
        await fill(pilot, "#new", "123")
        await fill(pilot, "#new2", "123")
        await press(pilot, "enter", "enter", "enter")  # Enter moves on; on the last, it changes
        error = text_of(change.query_one("#error", Static))
        assert error == msg.SIGNKEY_PASSPHRASE_SHORT.format(minimum=8, count=3)
        assert not keys.key_paths(keys_dir(), UNIT)[0].exists()  # refused: nothing made
        await fill(pilot, "#new", NEW)
        await fill(pilot, "#new2", NEW)
        change.query_one("#new2", Input).focus()
        await press(pilot, "enter")
        new = keys.load_public_key(keys_dir(), UNIT)
        assert text_of(change.query_one("#error", Static)) == msg.KEYCHANGE_DONE_UNSIGNED.format(
            unit=UNIT, new=keys.fingerprint(new), old=keys.fingerprint(k1)
        )
        await press(pilot, "enter")  # the focused button now closes
        assert app.screen is dialog
        assert not dialog.query("#key-problem")
        await fill(pilot, "#signer", "Trần Xuân Mãng")
        await fill(pilot, "#number", "102")
        await fill(pilot, "#passphrase", NEW)
        dialog.query_one("#passphrase", Input).focus()
        await press(pilot, "enter")
        assert app.screen is not dialog
    assert service_a.store.status(r2)[0].value == "signed"
    assert service_a.store.last_sealed_key(UNIT) == new


def test_a_backup_carries_the_key_changes(
    first_pc: tuple[ReportService, BuiltBundle], tmp_path: Path
) -> None:
    """The statements are the unit's key history: a backup after a key change carries them, so
    a PC restored from it signs with the new key and its bundles still carry the statement."""
    service, _ = first_pc
    done = service.change_key(UNIT, "Đổi Chủ tịch", NEW, OLD)
    usb = tmp_path / "usb"
    usb.mkdir()
    backup = make_backup(usb, database=service.store.path, keys_folder=service.keys_folder)
    info, _contents = read_backup(backup)
    history = key_change.history_path(service.keys_folder, UNIT).name
    assert history in info.keys and "retired" not in " ".join(info.keys)
    restored = tmp_path / "restored-keys"
    service.store.close()
    restore_backup(backup, database=tmp_path / "restored.sqlite3", keys_folder=restored)
    assert key_change.key_history(restored, UNIT) == [done.change]
