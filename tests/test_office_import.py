"""The receiving office end to end: 100 generated bundles, one tampered, one signed by an
unknown key; statuses; the consolidated workbook checked to the digit against figures
recomputed here from the generator's values; re-import changes nothing.

The expected figures are computed in this file with plain ``Decimal`` arithmetic from the
values the generator signed and the template's row structure (children, ``derive`` text), never
with the code under test.
"""

from __future__ import annotations

import hashlib
import re
import shutil
import sqlite3
import subprocess
import sys
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from cchc_tui.db.office_models import CURRENT, HELD, ReceivedBundleRecord
from cchc_tui.db.store import ReportStore
from cchc_tui.office.keys import add_key
from cchc_tui.office.status import period_status
from cchc_tui.template.loader import LoadedTemplate
from cchc_tui.template.model import RowKind
from tests.bundle_factory import (
    ROGUE,
    TAMPERED,
    UNEXPLAINED,
    WITH_ERROR,
    OfficeSet,
    office_set,
)

PERIOD = "2023-nam"
NA = "không phát sinh"
TABLES = (
    "unit",
    "report",
    "value",
    "note",
    "narrative",
    "explanation",
    "document",
    "audit",
    "office_key",
    "received_bundle",
)


def office_cli(db: Path, *args: str) -> subprocess.CompletedProcess[str]:
    cmd = [sys.executable, "-m", "cchc_tui.cli", "--db", str(db), "office", *args]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=300)


def snapshot(db: Path) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table (to prove that nothing changed)."""
    conn = sqlite3.connect(db)
    try:
        return {t: conn.execute(f"SELECT * FROM {t} ORDER BY 1, 2").fetchall() for t in TABLES}
    finally:
        conn.close()


# --- Independent expected figures ----------------------------------------------------------------

_RATIO = re.compile(r"ratio\(\{([^{}]+)\}, \{([^{}]+)\}\)")
_COPY = re.compile(r"\{([^{}]+)\}")


def _full(form_key: str, ref: str) -> str:
    ref = ref.strip().rstrip(".")
    return ref if "/" in ref else f"{form_key}/{ref}"


def expected_values(template: LoadedTemplate, values: dict[str, Any]) -> dict[str, Any]:
    """Indicator key → Decimal, NA or None: the given values plus every derived row, by hand."""
    out: dict[str, Any] = {}
    for key, info in template.indicators.items():
        raw = values.get(key)
        if info.derive is None and raw is not None and not isinstance(raw, str):
            out[key] = Decimal(raw)

    def get(key: str) -> Any:
        info = template.indicators[key]
        if info.derive is None:
            return out.get(key)
        text = info.indicator.derive or ""
        form = info.form.key
        if text == "sum_children()":
            parts = [
                get(c)
                for c in info.children
                if template.indicators[c].kind not in (RowKind.CODE, RowKind.TEXT, RowKind.HEADING)
            ]
            filled = [p for p in parts if isinstance(p, Decimal)]
            return sum(filled, Decimal(0)) if filled else None
        if m := _RATIO.fullmatch(text):
            part, whole = get(_full(form, m.group(1))), get(_full(form, m.group(2)))
            if not isinstance(part, Decimal) or not isinstance(whole, Decimal):
                return None
            return NA if whole == 0 else part * 100 / whole
        m = _COPY.fullmatch(text)
        assert m, f"the test does not know the derivation {text!r} of {key}"
        return get(_full(form, m.group(1)))

    return {key: get(key) for key in template.indicators}


def expected_totals(template: LoadedTemplate, units: list[dict[str, Any]]) -> dict[str, Any]:
    """Sum plain rows over units; derived rows recomputed on the sums."""
    summed: dict[str, Any] = {}
    for key, info in template.indicators.items():
        if info.derive is None and info.kind in (RowKind.COUNT, RowKind.MONEY):
            filled = [Decimal(u[key]) for u in units if u.get(key) is not None]
            summed[key] = sum(filled, Decimal(0)) if filled else None
    return expected_values(template, summed)


def rounded(template: LoadedTemplate, key: str, value: Any) -> Any:
    info = template.indicators[key]
    if info.derive is None or not isinstance(value, Decimal):
        return value
    decimals = 0 if info.kind is RowKind.COUNT else template.template.rounding.decimals
    return value.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


def assert_cell(cell: Any, expected: Any, where: str) -> None:
    if expected is None:
        assert cell is None, where
    elif expected is NA or expected == NA:
        assert cell == NA, where
    else:
        assert isinstance(cell, int | float), f"{where}: {cell!r}"
        assert Decimal(str(cell)) == expected, f"{where}: {cell!r} != {expected}"


# --- The scenario --------------------------------------------------------------------------------


@dataclass
class Env:
    db: Path
    bundles: OfficeSet
    first_import: subprocess.CompletedProcess[str]
    folder: Path


@pytest.fixture(scope="module")
def env(tmp_path_factory: pytest.TempPathFactory) -> Env:
    bundles = office_set(tmp_path_factory.getbasetemp() / "office-set")
    folder = tmp_path_factory.mktemp("office")
    db = folder / "office.sqlite3"
    store = ReportStore.open(db)
    for made in bundles.made[1:]:
        add_key(store, made.unit_code, made.public_pem)  # ROGUE's real key is registered
    store.close()
    pem = folder / "unit-30001.pub.pem"
    pem.write_bytes(bundles.made[0].public_pem)
    added = office_cli(db, "keys", "add", "30001", str(pem), "--name", "Xã An Lãng")
    assert added.returncode == 0 and "Đã đăng ký khóa của đơn vị 30001" in added.stdout
    return Env(db, bundles, office_cli(db, "import", str(bundles.usb)), folder)


def test_import_reports_every_bundle_and_exits_1_for_held_and_invalid(env: Env) -> None:
    done = env.first_import
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stderr
    lines = done.stdout.splitlines()
    assert sum(line.startswith("[ĐÃ NHẬP] ") for line in lines) == 98
    tampered = env.bundles.made[TAMPERED].path.name
    rogue = env.bundles.made[ROGUE].path.name
    bad = [i for i, line in enumerate(lines) if tampered in line]
    assert len(bad) == 1 and lines[bad[0]].startswith("[KHÔNG HỢP LỆ] ")
    assert "Chữ ký số không khớp với nội dung" in lines[bad[0] + 1]
    held = [line for line in lines if rogue in line]
    assert held and held[0].startswith("[CHƯA XÁC THỰC – GIỮ LẠI] ")
    assert env.bundles.rogue_fingerprint in held[0] and "khóa khác" in held[0]
    assert lines[-1] == (
        "Tổng cộng 100 gói: đã nhập 98 (trong đó thay lần cũ 0), đã có 0, "
        "giữ lại chưa xác thực 1, từ chối 0, không hợp lệ 1."
    )


def test_every_imported_report_is_stored_whole_with_its_received_row(env: Env) -> None:
    from sqlmodel import Session, select

    store = ReportStore.open(env.db)
    try:
        with Session(store.engine) as s:
            rows = {r.unit_code: r for r in s.exec(select(ReceivedBundleRecord))}
        assert len(rows) == 99
        for made in env.bundles.made:
            if made.index == TAMPERED:
                assert made.unit_code not in rows
                continue
            row = rows[made.unit_code]
            if made.index == ROGUE:
                assert (row.state, row.report_id, row.fingerprint) == (
                    HELD,
                    None,
                    env.bundles.rogue_fingerprint,
                )
                continue
            assert (row.state, row.revision, row.period_code) == (CURRENT, 1, PERIOD)
            assert row.signed_at == made.signed_at and row.fingerprint == made.fingerprint
            assert row.sha256 == hashlib.sha256(made.path.read_bytes()).hexdigest()
            stored = store.load_report(row.report_id or 0)
            assert stored.values == made.report.values
            assert stored.notes == made.report.notes
            assert stored.explanations == made.report.explanations
            assert len(stored.documents) == len(made.report.documents)
            assert store.status(row.report_id or 0) == ("signed", 1)
        assert len(store.list_reports()) == 98
    finally:
        store.close()


def test_status_per_unit(env: Env) -> None:
    store = ReportStore.open(env.db)
    try:
        rows = {r.unit_code: r for r in period_status(store, PERIOD)}
    finally:
        store.close()
    assert len(rows) == 100
    by_index = {m.index: m for m in env.bundles.made}
    assert rows[by_index[TAMPERED].unit_code].state == "missing"
    rogue = rows[by_index[ROGUE].unit_code]
    assert (rogue.state, rogue.held, rogue.revision) == ("held", 1, 1)
    assert rows[by_index[UNEXPLAINED].unit_code].unexplained == 1
    assert rows[by_index[UNEXPLAINED].unit_code].errors == 0
    assert rows[by_index[WITH_ERROR].unit_code].errors == 1
    fine = [
        r
        for code, r in rows.items()
        if code not in {by_index[i].unit_code for i in (TAMPERED, ROGUE, UNEXPLAINED, WITH_ERROR)}
    ]
    assert len(fine) == 96
    assert all(
        (r.state, r.revision, r.errors, r.unexplained, r.held) == ("reported", 1, 0, 0, 0)
        for r in fine
    )
    assert rows["30001"].unit_name == "Xã An Lãng"
    assert rows["30001"].signed_at == env.bundles.made[0].signed_at


def test_status_command_prints_a_table_and_writes_xlsx(env: Env) -> None:
    xlsx = env.folder / "status.xlsx"
    done = office_cli(env.db, "status", "--period", PERIOD, "--xlsx", str(xlsx))
    assert done.returncode == 0, done.stderr
    assert (
        "100 đơn vị: đã nộp 98, chưa nộp 1, chưa xác thực 1; có lỗi 1, "
        "có cảnh báo chưa giải trình 1."
    ) in done.stdout
    line = next(x for x in done.stdout.splitlines() if x.startswith("30043"))
    assert "Chưa xác thực" in line
    sheet = openpyxl.load_workbook(xlsx)["Tình hình nộp"]
    rows = list(sheet.iter_rows(values_only=True))
    header = rows.index(next(r for r in rows if r and r[0] == "Mã đơn vị"))
    body = {r[0]: r for r in rows[header + 1 :]}
    assert len(body) == 100
    assert body["30018"][2] == "Chưa nộp" and body["30043"][2] == "Chưa xác thực"
    assert body["30007"][2:4] == ("Đã nộp", 1) and body["30007"][5] == 1  # WITH_ERROR
    assert body["30006"][6] == 1  # UNEXPLAINED
    assert body["30001"][4] == "10/12/2023 07:00"  # 00:00 UTC = 07:00 in Vietnam


def test_consolidated_workbook_is_right_to_the_digit(env: Env) -> None:
    out = env.folder / "tong-hop.xlsx"
    done = office_cli(env.db, "consolidate", "--period", PERIOD, "--out", str(out))
    assert done.returncode == 0, done.stderr
    assert "Đã tổng hợp 98 đơn vị" in done.stdout
    template = env.bundles.factory.template
    counted = sorted(env.bundles.verified, key=lambda m: m.unit_code)
    unit_values = [dict(m.report.values) for m in counted]
    totals = expected_totals(template, unit_values)
    per_unit = [expected_values(template, v) for v in unit_values]
    book = openpyxl.load_workbook(out)
    assert book.sheetnames == (
        ["Thông tin"] + [f"Biểu mẫu {n}" for n in range(1, 8)] + ["Ghi chú, giải trình"]
    )
    checked = 0
    for form in template.template.forms:
        rows = list(book[f"Biểu mẫu {form.number}"].iter_rows(values_only=True))
        header = rows[3]
        assert header[3 : 3 + len(counted)] == tuple(
            f"{m.unit_name} ({m.unit_code})" for m in counted
        )
        assert header[3 + len(counted)] == "Tổng cộng"
        infos = template.form_indicators(form)
        assert len(rows) == 4 + len(infos)
        for info, row in zip(infos, rows[4:], strict=True):
            key = info.key
            assert (row[0] or "") == info.indicator.stt
            total = row[3 + len(counted)]
            if not info.holds_value:
                assert total is None and all(c is None for c in row[3 : 3 + len(counted)])
                continue
            filled = sum(1 for v in unit_values if v.get(key) is not None)
            if info.derive is None:
                assert row[4 + len(counted)] == filled, key
            if info.kind is RowKind.CODE:
                codes = [v.get(key) for v in unit_values]
                text = "; ".join(
                    f"{code} – {label}: {codes.count(code)}"
                    for code, label in info.indicator.codes.items()
                )
                empty = codes.count(None)
                assert total == text + (f"; chưa nhập: {empty}" if empty else ""), key
                assert list(row[3 : 3 + len(counted)]) == codes, key
                checked += 1
                continue
            if info.kind is RowKind.PERCENT and info.derive is None:
                assert total is None, key  # never averaged
            else:
                assert_cell(total, rounded(template, key, totals[key]), f"{key} total")
            for i, unit in enumerate(per_unit):
                assert_cell(
                    row[3 + i], rounded(template, key, unit[key]), f"{key} {counted[i].unit_code}"
                )
            checked += 1
    assert checked == sum(1 for i in template.indicators.values() if i.holds_value)
    # A ratio of the sums is not the average of the ratios (BM6/1 here).
    bm6 = list(book["Biểu mẫu 6"].iter_rows(values_only=True))[4]
    ratios = [Decimal(str(c)) for c in bm6[3 : 3 + len(counted)] if isinstance(c, int | float)]
    assert Decimal(str(bm6[3 + len(counted)])) != (sum(ratios, Decimal(0)) / len(ratios)).quantize(
        Decimal("0.01")
    )

    facts = {r[0]: r for r in book["Thông tin"].iter_rows(values_only=True) if r[0]}
    assert facts["Số đơn vị được tổng hợp"][1] == 98 and facts["Số đơn vị chưa tính"][1] == 2
    assert facts["30018"][2] == "Chưa nộp" and facts["30043"][2] == "Chưa xác thực"
    notes = list(book["Ghi chú, giải trình"].iter_rows(values_only=True))[1:]
    assert len([n for n in notes if n[2] == "Ghi chú"]) == sum(len(m.report.notes) for m in counted)
    assert len([n for n in notes if n[2] == "Giải trình"]) == sum(
        len(m.report.explanations) for m in counted
    )
    doc_count = next(n for n in notes if n[0] == "30001" and n[3] == "doc_count:BM1/1")
    assert doc_count[5] == "Đơn vị 30001: đã kiểm tra, giữ số liệu như bản in."
    assert "văn bản" in doc_count[4]


def test_notes_sheet_the_same_for_reports_received_before_messages_were_stored(
    env: Env, tmp_path: Path
) -> None:
    """An office database imported before the explained findings' messages were stored
    (migration 0008 leaves them empty) lists the same explanations, with their messages."""
    old = tmp_path / "old.sqlite3"
    shutil.copyfile(env.db, old)
    with sqlite3.connect(old) as conn:
        assert conn.execute("SELECT count(*) FROM explained_finding").fetchone()[0] > 0
        conn.execute("DELETE FROM explained_finding")
    sheets = []
    for db in (env.db, old):
        out = tmp_path / f"{db.stem}.xlsx"
        done = office_cli(db, "consolidate", "--period", PERIOD, "--out", str(out))
        assert done.returncode == 0, done.stderr
        book = openpyxl.load_workbook(out)
        sheets.append(list(book["Ghi chú, giải trình"].iter_rows(values_only=True)))
    assert sheets[0] == sheets[1]
    explained = [n for n in sheets[1] if n[2] == "Giải trình"]
    assert explained and all(n[4] for n in explained)


def test_reimport_changes_nothing(env: Env) -> None:
    before = snapshot(env.db)
    again = office_cli(env.db, "import", str(env.bundles.usb))
    assert again.returncode == 1, again.stderr
    lines = again.stdout.splitlines()
    assert sum(line.startswith("[ĐÃ CÓ] ") for line in lines) == 98
    assert sum(line.startswith("[CHƯA XÁC THỰC – ĐÃ GIỮ] ") for line in lines) == 1
    assert sum(line.startswith("[KHÔNG HỢP LỆ] ") for line in lines) == 1
    assert snapshot(env.db) == before


def test_bundles_found_recursively_in_natural_order(tmp_path: Path) -> None:
    from cchc_tui.office.importer import find_bundles

    for name in (
        "a/x_r10.cchc.zip",
        "a/x_r2.cchc.zip",
        "a/b/y_r1.CCHC.ZIP",
        "a/notes.txt",
        "a/x_r3.cchc.zip.part",
        "a/.hidden/z_r1.cchc.zip",
    ):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_bytes(b"x")
    found, missing = find_bundles(
        [tmp_path / "a", tmp_path / "a" / "x_r2.cchc.zip", tmp_path / "gone"]
    )
    assert [p.relative_to(tmp_path).as_posix() for p in found] == [
        "a/b/y_r1.CCHC.ZIP",
        "a/x_r2.cchc.zip",
        "a/x_r10.cchc.zip",
    ]
    assert missing == [tmp_path / "gone"]


def test_missing_path_and_unreadable_file_exit_2_without_traceback(tmp_path: Path) -> None:
    junk = tmp_path / "hong.cchc.zip"
    junk.write_bytes(b"not a zip at all")
    done = office_cli(tmp_path / "o.sqlite3", "import", str(tmp_path / "khong-co"), str(junk))
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert "Không tìm thấy “" in done.stderr
    assert done.stdout.startswith("[KHÔNG ĐỌC ĐƯỢC] hong.cchc.zip:\n  - Đây không phải gói")
