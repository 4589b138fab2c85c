"""The office's rules, bundle by bundle: revisions, held bundles, keys, refused content."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlmodel import Session, col, select

from cchc_tui.cli import main as main_cli
from cchc_tui.db.office_models import CURRENT, HELD, SUPERSEDED, ReceivedBundleRecord
from cchc_tui.db.store import ReportStore
from cchc_tui.exports.bundle import build_bundle
from cchc_tui.office.consolidate import ConsolidationError, consolidate
from cchc_tui.office.importer import Kind, import_file
from cchc_tui.office.keys import OfficeKeyError, add_key, list_keys
from cchc_tui.office.loading import load_reports
from cchc_tui.office.status import period_status
from tests.bundle_factory import ROGUE, OfficeSet, bundle_json, office_set

PERIOD = "2023-nam"


@pytest.fixture(scope="module")
def bundles(tmp_path_factory: pytest.TempPathFactory) -> OfficeSet:
    return office_set(tmp_path_factory.getbasetemp() / "office-set")


@pytest.fixture
def office(tmp_path: Path) -> Iterator[ReportStore]:
    store = ReportStore.open(tmp_path / "office.sqlite3")
    yield store
    store.close()


def received(store: ReportStore) -> list[ReceivedBundleRecord]:
    with Session(store.engine) as s:
        return list(s.exec(select(ReceivedBundleRecord).order_by(col(ReceivedBundleRecord.id))))


def dump(store: ReportStore) -> dict[str, list[Any]]:
    conn = sqlite3.connect(store.path)
    try:
        return {
            t: conn.execute(f"SELECT * FROM {t} ORDER BY 1").fetchall()
            for t in ("report", "value", "received_bundle", "office_key", "audit")
        }
    finally:
        conn.close()


def test_newer_revision_supersedes_and_older_is_refused(
    office: ReportStore, bundles: OfficeSet, tmp_path: Path
) -> None:
    factory, first = bundles.factory, bundles.made[0]
    add_key(office, first.unit_code, first.public_pem)
    assert import_file(office, first.path).kind is Kind.IMPORTED
    second = factory.bundle(0, revision=2, folder=tmp_path / "r2")
    outcome = import_file(office, second.path)
    assert (outcome.kind, outcome.revision, outcome.other_revision) == (Kind.SUPERSEDED, 2, 1)
    assert "thay lần 1" in outcome.lines()[0]
    old, new = received(office)
    assert (old.state, old.revision, new.state, new.revision) == (SUPERSEDED, 1, CURRENT, 2)
    assert office.load_report(old.report_id or 0).values == first.report.values  # kept
    assert office.load_report(new.report_id or 0).values == second.report.values
    assert first.report.values != second.report.values
    [row] = period_status(office, PERIOD)
    assert (row.state, row.revision, row.signed_at) == ("reported", 2, second.signed_at)
    [unit] = consolidate(office, PERIOD).units
    assert (unit.revision, unit.report.values) == (2, second.report.values)

    before = dump(office)
    assert import_file(office, first.path).kind is Kind.ALREADY  # the same file: known
    again = factory.bundle(0, revision=1, folder=tmp_path / "r1b", extra={"forms.xlsx": b"x"})
    older = import_file(office, again.path)  # another file of revision 1
    assert (older.kind, older.other_revision) == (Kind.OLDER, 2)
    assert older.lines()[0].startswith("[TỪ CHỐI – CŨ HƠN] ")
    assert dump(office) == before


def test_older_revision_arriving_after_a_newer_one_is_refused(
    office: ReportStore, bundles: OfficeSet, tmp_path: Path
) -> None:
    made = bundles.made[1]
    add_key(office, made.unit_code, made.public_pem)
    newer = bundles.factory.bundle(1, revision=3, folder=tmp_path)
    assert import_file(office, newer.path).kind is Kind.IMPORTED
    assert import_file(office, made.path).kind is Kind.OLDER
    assert [r.revision for r in received(office)] == [3]
    assert len(office.list_reports()) == 1


def test_same_revision_reexported_is_known_and_different_content_is_refused(
    office: ReportStore, bundles: OfficeSet, tmp_path: Path
) -> None:
    made = bundles.made[2]
    add_key(office, made.unit_code, made.public_pem)
    assert import_file(office, made.path).kind is Kind.IMPORTED
    before = dump(office)
    same = bundles.factory.bundle(2, folder=tmp_path / "a", extra={"report.docx": b"docx"})
    outcome = import_file(office, same.path)
    assert (outcome.kind, outcome.same_report) == (Kind.ALREADY, True)

    def change(report: Any) -> None:
        report.values["BM1/1"] = int(report.values["BM1/1"]) + 1

    changed = bundles.factory.bundle(2, folder=tmp_path / "b", mutate=change)
    conflict = import_file(office, changed.path)
    assert conflict.kind is Kind.CONFLICT and "TRÙNG LẦN KÝ" in conflict.lines()[0]
    assert dump(office) == before


def test_held_until_the_key_is_registered_then_reimport_counts_it(
    office: ReportStore, bundles: OfficeSet
) -> None:
    made = bundles.made[3]
    held = import_file(office, made.path)
    assert held.kind is Kind.HELD and made.fingerprint in held.lines()[0]
    [row] = received(office)
    assert (row.state, row.report_id) == (HELD, None) and office.list_reports() == []
    [status] = period_status(office, PERIOD)
    assert (status.state, status.held) == ("held", 1)
    with pytest.raises(ConsolidationError, match="chưa có báo cáo nào đã xác thực"):
        consolidate(office, PERIOD)
    assert import_file(office, made.path).kind is Kind.ALREADY_HELD
    registered = add_key(office, made.unit_code, made.public_pem)
    assert (registered.outcome, registered.held) == ("added", 1)
    verified = import_file(office, made.path)
    assert verified.kind is Kind.IMPORTED
    [row] = received(office)
    assert (row.state, row.report_id) == (CURRENT, verified.report_id)
    assert period_status(office, PERIOD)[0].state == "reported"
    assert import_file(office, made.path).kind is Kind.ALREADY


def test_bundle_signed_by_another_key_than_the_registered_one_is_held(
    office: ReportStore, bundles: OfficeSet
) -> None:
    rogue = bundles.made[ROGUE]
    add_key(office, rogue.unit_code, rogue.public_pem)  # the unit's real key
    outcome = import_file(office, rogue.path)
    assert outcome.kind is Kind.HELD
    assert "khóa khác với khóa đã đăng ký" in outcome.problems[0]
    assert bundles.rogue_fingerprint in outcome.problems[0]
    assert office.list_reports() == []


def test_manifest_and_report_must_agree_and_values_must_fit(
    office: ReportStore, bundles: OfficeSet, tmp_path: Path
) -> None:
    factory, made = bundles.factory, bundles.made[4]
    add_key(office, made.unit_code, made.public_pem)
    key = factory.key(4)
    report = factory.report(4)
    good = bundle_json(report, factory.template, 1, "2023-12-10T00:00:00+00:00")
    meta = {
        "template_id": report.template_id,
        "unit_code": made.unit_code,
        "unit_name": made.unit_name,
        "period_code": PERIOD,
        "revision": 1,
        "signer_name": "A",
        "signer_title": "CHỦ TỊCH",
        "signed_at": "2023-12-10T00:00:00+00:00",
        "app_version": "0.1.0",
    }
    wrong_period = tmp_path / "p.cchc.zip"
    wrong_period.write_bytes(
        build_bundle({"report.json": good}, {**meta, "period_code": "2024-nam"}, key.private_key)
    )
    outcome = import_file(office, wrong_period)
    assert outcome.kind is Kind.INVALID
    assert "period_code" in outcome.problems[0] and "2024-nam" in outcome.problems[0]
    data = json.loads(good)
    data["values"]["BM1/1"] = 1.5
    fraction = tmp_path / "f.cchc.zip"
    fraction.write_bytes(
        build_bundle({"report.json": json.dumps(data).encode()}, meta, key.private_key)
    )
    outcome = import_file(office, fraction)
    assert outcome.kind is Kind.INVALID and "BM1/1" in outcome.problems[0]
    assert received(office) == [] and office.list_reports() == []


def test_bulk_loading_equals_the_store(office: ReportStore, bundles: OfficeSet) -> None:
    for made in bundles.made[:6]:
        add_key(office, made.unit_code, made.public_pem)
        assert import_file(office, made.path).kind is Kind.IMPORTED
    ids = [r.id for r in office.list_reports()]
    bulk = load_reports(office.engine, ids + [999])
    assert sorted(bulk) == sorted(ids)
    assert all(bulk[i] == office.load_report(i) for i in ids)


def run_cli(capsys: pytest.CaptureFixture[str], db: Path, *args: str) -> tuple[int, str, str]:
    code = main_cli(["--db", str(db), "office", *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_keys_commands(
    bundles: OfficeSet, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "office.sqlite3"
    first, second = tmp_path / "a.pub.pem", tmp_path / "b.pub.pem"
    first.write_bytes(bundles.made[0].public_pem)
    second.write_bytes(bundles.made[1].public_pem)
    code, out, _ = run_cli(capsys, db, "keys", "add", "30001", str(first))
    assert code == 0 and bundles.made[0].fingerprint in out
    code, out, _ = run_cli(capsys, db, "keys", "add", "30001", str(first), "--name", "Xã An")
    assert code == 0 and "không thay đổi gì" in out
    code, _, err = run_cli(capsys, db, "keys", "add", "30001", str(second))
    assert code == 1 and "--replace" in err
    code, out, _ = run_cli(capsys, db, "keys", "add", "30001", str(second), "--replace")
    assert code == 0 and "Đã thay khóa" in out and bundles.made[0].fingerprint in out
    code, _, err = run_cli(capsys, db, "keys", "add", "30002", str(second))
    assert code == 1 and "đơn vị khác (30001)" in err
    not_a_key = tmp_path / "x.pem"
    not_a_key.write_text("-----BEGIN PUBLIC KEY-----\nabc\n-----END PUBLIC KEY-----\n")
    code, _, err = run_cli(capsys, db, "keys", "add", "30003", str(not_a_key))
    assert code == 2 and "không phải khóa công khai Ed25519" in err and "Traceback" not in err
    code, out, _ = run_cli(capsys, db, "keys", "list")
    assert code == 0 and bundles.made[1].fingerprint in out
    assert bundles.made[0].fingerprint not in out and "Xã An" in out
    code, out, _ = run_cli(capsys, db, "keys", "list", "--all")
    assert bundles.made[0].fingerprint in out
    store = ReportStore.open(db)
    try:
        assert [k.fingerprint for k in list_keys(store)] == [bundles.made[1].fingerprint]
        with pytest.raises(OfficeKeyError):
            add_key(store, "  ", bundles.made[2].public_pem)
    finally:
        store.close()


def test_consolidate_and_status_commands_refuse_cleanly(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "office.sqlite3"
    code, out, _ = run_cli(capsys, db, "status", "--period", PERIOD)
    assert code == 0 and "chưa biết đơn vị nào" in out
    code, _, err = run_cli(
        capsys, db, "consolidate", "--period", PERIOD, "--out", str(tmp_path / "x.xlsx")
    )
    assert code == 1 and "chưa có báo cáo nào" in err
    assert not (tmp_path / "x.xlsx").exists()


def test_a_failure_inside_the_import_transaction_leaves_nothing(
    office: ReportStore, bundles: OfficeSet, monkeypatch: pytest.MonkeyPatch
) -> None:
    from cchc_tui.office import importer

    made = bundles.made[5]
    add_key(office, made.unit_code, made.public_pem)

    def crash(*_args: Any) -> None:
        raise RuntimeError("mất điện")  # after add_report flushed the report and its values

    monkeypatch.setattr(importer, "_row_fields", crash)
    with pytest.raises(RuntimeError):
        import_file(office, made.path)
    assert office.list_reports() == [] and received(office) == []
    monkeypatch.undo()
    assert import_file(office, made.path).kind is Kind.IMPORTED
