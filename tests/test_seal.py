"""The seal of a signed revision and the audit chain (issue 18, finding 1).

The finding, reproduced first: with the app closed, someone edits the SQLite file of a signed
report (``update value set value='999' …``, a changed narrative, the sign-off's audit row
deleted); before, ``cchc bundle export`` wrote a bundle that verified and the office imported
999. Now export refuses with a clear message and writes nothing, and ``cchc check-db`` and the
app on open report it.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from cchc_tui import messages as msg
from cchc_tui.base.errors import Refused
from cchc_tui.db.store import ReportStore
from cchc_tui.domain.validation import validate
from cchc_tui.exports.package import build_report_bundle
from cchc_tui.exports.verify import read_member, verify_bundle
from cchc_tui.service.reports import ReportService, SignOffRequest
from cchc_tui.signing.keys import fingerprint, load_public_key, public_key_raw
from cchc_tui.template.loader import get_template

PASSPHRASE = "Bình Lãng ký 2023"
EDITS = {
    "value": "UPDATE value SET value = '999' WHERE report_id = :id AND row_key = 'BM1/1'",
    "narrative": (
        "UPDATE narrative SET text = 'Đã sửa ngoài phần mềm' WHERE report_id = :id "
        "AND section_key = (SELECT min(section_key) FROM narrative WHERE report_id = :id)"
    ),
    "signoff_audit": "DELETE FROM audit WHERE report_id = :id AND key = 'signoff'",
    "explanation": "UPDATE explanation SET text = 'khác' WHERE report_id = :id",
    "signer": "UPDATE report SET sign_name = 'Người Khác' WHERE id = :id",
    "document": "DELETE FROM document WHERE report_id = :id AND seq = 0",
}


def make_signed(store: ReportStore, report_id: int) -> int:
    """The sample, made signable as a chairman would (BM3/1.1 filled, warnings explained),
    signed off through the service."""
    store.set_value(report_id, "BM3/1.1", 0)
    report = store.load_report(report_id)
    for finding in validate(get_template(report.template_id), report).warnings:
        store.set_explanation(report_id, finding.id, "Đã kiểm tra: giữ như bản in.")
    ReportService(store).sign_off(
        report_id, SignOffRequest("Trần Xuân Mãng", "CHỦ TỊCH", PASSPHRASE, "101")
    )
    return report_id


@pytest.fixture
def signed(store: ReportStore, sample_id: int) -> int:
    return make_signed(store, sample_id)


def edit_outside(db_path: Path, *statements: str, report_id: int) -> None:
    """Edit the database file with plain sqlite3, as someone with the file would."""
    with sqlite3.connect(db_path) as connection:
        for statement in statements:
            connection.execute(statement, {"id": report_id})
    connection.close()


def reopen_store(store: ReportStore, db_path: Path) -> ReportStore:
    store.close()
    return ReportStore.open(db_path, who="Nguyễn Văn Kiểm — Văn phòng - Thống kê")


# --- The seal is made at sign-off -------------------------------------------------------------


def test_sign_off_seals_exactly_what_the_bundle_carries(store: ReportStore, signed: int) -> None:
    seal = store.seal_of(signed)
    assert seal is not None
    assert hashlib.sha256(seal.content).hexdigest() == seal.content_sha256
    assert seal.public_key == load_public_key(ReportService(store).keys_folder, "11092")
    from cryptography.hazmat.primitives.asymmetric import ed25519

    ed25519.Ed25519PublicKey.from_public_bytes(seal.public_key).verify(seal.signature, seal.message)
    sealed = json.loads(seal.content)
    assert sealed["values"]["BM1/1"] == 45 and sealed["values"]["BM1/2"] == 94.3
    assert sealed["signoff"]["revision"] == 1
    assert sealed["signature"]["name"] == "Trần Xuân Mãng" and sealed["findings"]
    # The sign-off's own audit row is the head of the sealed chain.
    last = store.audit_log(signed)[-1]
    assert (last.key, seal.audit_hash) == ("signoff", store.audit_row_hash(seal.audit_id, signed))

    data = build_report_bundle(ReportService(store), signed, PASSPHRASE).data
    assert read_member(data, "report.json") == seal.content
    assert verify_bundle(data, seal.public_key).ok


def test_an_untouched_database_checks_clean(store: ReportStore, signed: int, db_path: Path) -> None:
    store = reopen_store(store, db_path)
    found = ReportService(store).check_database()
    assert found.ok and found.sealed == 1 and found.reports == 1
    assert found.audit_rows == len(store.audit_log(signed)) > 1
    assert found.integrity == ("ok",)  # SQLite's quick_check on open
    assert ReportService(store).integrity_warning() is None
    store.close()


# --- Editing the file is detected at export and on open ----------------------------------------


def test_the_attackers_edits_are_refused_at_export_and_reported(
    store: ReportStore, signed: int, db_path: Path, tmp_path: Path
) -> None:
    edit_outside(
        db_path, EDITS["value"], EDITS["narrative"], EDITS["signoff_audit"], report_id=signed
    )
    store = reopen_store(store, db_path)
    service = ReportService(store)
    assert store.load_report(signed).values["BM1/1"] == 999  # the edit is really there
    with pytest.raises(Refused) as refused:
        build_report_bundle(service, signed, PASSPHRASE)
    text = str(refused.value)
    assert text.startswith("Không xuất gói báo cáo, không có tệp nào được ghi.")
    assert "values.BM1/1" in text and "narrative." in text
    assert "dòng ký duyệt đã bị sửa hoặc xóa" in text and "bản sao lưu" in text

    found = service.check_database()
    assert not found.ok and len(found.problems) == 2
    assert service.integrity_warning() == msg.SEAL_OPEN_WARNING.format(count=2)
    store.close()

    out = tmp_path / "usb"
    out.mkdir()
    passphrase = tmp_path / "pass.txt"
    passphrase.write_text(PASSPHRASE, encoding="utf-8")
    cli = [sys.executable, "-m", "cchc_tui.cli", "--db", str(db_path)]
    export = subprocess.run(
        [*cli, "bundle", "export", str(signed), "--out", str(out), "--passphrase-file",
         str(passphrase)],
        capture_output=True, text=True, encoding="utf-8",
    )  # fmt: skip
    assert export.returncode == 1 and "Không xuất gói báo cáo" in export.stderr
    assert "Traceback" not in export.stderr and list(out.iterdir()) == []
    check = subprocess.run([*cli, "check-db"], capture_output=True, text=True, encoding="utf-8")
    assert check.returncode == 1, check.stdout
    assert "Phát hiện 2 vấn đề" in check.stdout and "values.BM1/1" in check.stdout
    assert "integrity_check" in check.stdout and "Traceback" not in check.stderr


@pytest.mark.parametrize("edit", sorted(EDITS))
def test_each_edit_alone_is_detected(
    store: ReportStore, signed: int, db_path: Path, edit: str
) -> None:
    edit_outside(db_path, EDITS[edit], report_id=signed)
    store = reopen_store(store, db_path)
    service = ReportService(store)
    problems, _notes, seal = service.seal_problems(signed)
    assert seal is not None and problems, edit
    assert service.seal_problems(signed, thorough=False)[0] == problems  # the check on open
    with pytest.raises(Refused, match="Không xuất gói"):
        service.signed_report(signed)
    store.close()


def test_a_deleted_seal_is_reported(store: ReportStore, signed: int, db_path: Path) -> None:
    edit_outside(db_path, "DELETE FROM seal WHERE report_id = :id", report_id=signed)
    store = reopen_store(store, db_path)
    service = ReportService(store)
    found = service.check_database()
    assert any("không có niêm phong" in p for p in found.problems)
    with pytest.raises(Refused, match="không có niêm phong"):
        build_report_bundle(service, signed, PASSPHRASE)
    store.close()


def test_a_seal_remade_with_another_key_is_refused(
    store: ReportStore, signed: int, db_path: Path
) -> None:
    """The editor re-seals the edited content with a key of their own: the signature is
    valid, but not the unit's key (on this PC, and at export the chairman's)."""
    from cryptography.hazmat.primitives.asymmetric import ed25519

    from cchc_tui.db.seal import seal_message

    seal = store.seal_of(signed)
    assert seal is not None
    content = seal.content.replace(b'"BM1/1": 45', b'"BM1/1": 999')
    assert content != seal.content
    digest = hashlib.sha256(content).hexdigest()
    other = ed25519.Ed25519PrivateKey.generate()

    with sqlite3.connect(db_path) as connection:
        connection.execute(EDITS["value"], {"id": signed})
        connection.execute(
            "UPDATE seal SET content = ?, content_sha256 = ?, public_key = ?, signature = ? "
            "WHERE report_id = ?",
            (
                content.decode(),
                digest,
                public_key_raw(other).hex(),
                other.sign(seal_message(digest, seal.audit_hash)).hex(),
                signed,
            ),
        )
    connection.close()
    store = reopen_store(store, db_path)
    service = ReportService(store)
    problems, _notes, _seal = service.seal_problems(signed)
    assert problems == [
        msg.SEAL_OTHER_KEY.format(
            report=f"Báo cáo số {signed} (Bình Lãng, kỳ 2023-nam, lần 1)",
            fingerprint=fingerprint(public_key_raw(other)),
        )
    ]
    with pytest.raises(Refused, match="khóa khác"):
        build_report_bundle(service, signed, PASSPHRASE)
    # Without the unit's public key on this PC, the export still checks the chairman's key.
    keys = service.keys_folder
    for pub in keys.glob("*.pub.pem"):
        pub.unlink()
    problems, notes, _seal = service.seal_problems(signed)
    assert problems == [] and any("không có khóa công khai" in n for n in notes)
    with pytest.raises(Refused, match="khóa khác"):
        build_report_bundle(service, signed, PASSPHRASE)
    store.close()


def test_a_broken_audit_chain_of_a_draft_is_reported(
    store: ReportStore, sample_id: int, db_path: Path
) -> None:
    store.set_value(sample_id, "BM1/2", 46)
    store.set_value(sample_id, "BM1/2", 47)
    rows = store.audit_log(sample_id)
    assert len(rows) == 3
    edit_outside(
        db_path,
        "UPDATE audit SET new = '1' WHERE id = (SELECT min(id) + 1 FROM audit "
        "WHERE report_id = :id)",
        report_id=sample_id,
    )
    store = reopen_store(store, db_path)
    found = ReportService(store).check_database()
    assert len(found.problems) == 1
    assert found.problems[0].startswith(f"Nhật ký thay đổi của báo cáo số {sample_id} ")
    store.close()


def test_findings_reworded_by_an_update_do_not_block_export(
    store: ReportStore, signed: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Only data is compared: a finding's wording (the app's, not the officer's) may change
    with an update; the bundle then carries the findings as they were signed."""
    seal = store.seal_of(signed)
    assert seal is not None
    from cchc_tui.domain import interchange

    original = interchange.findings_to_list

    def reworded(findings, explanations):  # type: ignore[no-untyped-def]
        items = original(findings, explanations)
        for item in items:
            item["message"] += " (cách viết mới)"
        return items

    monkeypatch.setattr(interchange, "findings_to_list", reworded)
    assert store.rebuild_content(signed) != seal.content
    service = ReportService(store)
    assert service.seal_problems(signed)[0] == []
    data = build_report_bundle(service, signed, PASSPHRASE).data
    assert read_member(data, "report.json") == seal.content


def test_received_reports_have_no_seal_of_their_own(
    store: ReportStore, sample_id: int, db_path: Path
) -> None:
    """The office's copies were checked as bundles when imported; they are not "unsealed"."""
    edit_outside(
        db_path,
        "UPDATE report SET status = 'signed', signed_at = '2023-12-09T01:00:00+00:00' "
        "WHERE id = :id",
        "INSERT INTO received_bundle (sha256, file_name, unit_code, unit_name, period_code, "
        "template_id, revision, report_sha256, fingerprint, signer_name, signer_title, "
        "signed_at, state, received_at, updated_at, report_id) VALUES ('x', 'f', '11092', "
        "'Bình Lãng', '2023-nam', 't', 1, 'y', 'z', 'n', 't', 's', 'current', 'r', 'u', :id)",
        report_id=sample_id,
    )
    store = reopen_store(store, db_path)
    found = ReportService(store).check_database()
    assert found.ok and found.received == 1 and found.sealed == 0
    store.close()


# --- Revisions signed before the seal existed --------------------------------------------------


def test_migration_chains_old_audit_rows_and_names_unsealed_revisions(
    store: ReportStore, signed: int, db_path: Path
) -> None:
    """A database at revision 0005 (downgraded: no seal table, no chain hashes) is brought to
    0006: the old audit rows get their chain, the signed revision is named as unsealed."""
    store.close()
    from alembic import command
    from alembic.config import Config

    from cchc_tui.db.engine import make_engine, migrations_dir

    engine = make_engine(db_path)
    config = Config()
    config.set_main_option("script_location", str(migrations_dir()))
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.downgrade(config, "0005")
    engine.dispose()
    with sqlite3.connect(db_path) as connection:
        columns = {row[1] for row in connection.execute("PRAGMA table_info(audit)")}
    connection.close()
    assert "hash" not in columns

    store = ReportStore.open(db_path)
    service = ReportService(store)
    breaks, rows = store.chain_breaks()
    assert breaks == [] and rows == len(store.audit_log(signed))
    found = service.check_database()
    assert [p for p in found.problems if "không có niêm phong" in p] == found.problems
    assert len(found.problems) == 1
    with pytest.raises(Refused, match="không có niêm phong"):
        build_report_bundle(service, signed, PASSPHRASE)
    # Reopen and sign again: the new revision is sealed and exports.
    new = service.reopen(signed, "ký lại sau khi nâng cấp").report_id
    service.sign_off(new, SignOffRequest("Trần Xuân Mãng", "CHỦ TỊCH", PASSPHRASE, "102"))
    assert verify_bundle(build_report_bundle(service, new, PASSPHRASE).data).ok
    store.close()


async def test_the_app_on_open_warns_of_a_broken_seal(
    store: ReportStore, signed: int, db_path: Path
) -> None:
    from tests.ui_helpers import make_app, notices, settle

    edit_outside(db_path, EDITS["value"], report_id=signed)
    store = reopen_store(store, db_path)
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert msg.SEAL_OPEN_WARNING.format(count=1) in notices(app)
        assert app.is_running
    store.close()


async def test_the_app_on_a_sound_database_says_nothing(store: ReportStore, signed: int) -> None:
    from tests.ui_helpers import make_app, notices, settle

    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert not [n for n in notices(app) if "CẢNH BÁO" in n]
