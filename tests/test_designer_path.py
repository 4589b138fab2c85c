"""A form designer's path, end to end, as a new user would walk it with the real ``cchc``.

At the receiving office (its own home folder): copy the shipped Thanh Hóa template to a
workbook, open it "in Excel" (openpyxl, saving the file as Excel would), add a row and a rule,
change a label, raise the version, convert back, check it, publish a signed pack onto a USB
folder. At the commune (a fresh home folder): register the office's key (the fingerprint read
by phone must match), install the pack, create a report with the new version, enter values:
the new rule fires on the new row.

Numbers follow the Trường Thi report (shared/seeds/004): 22 civil servants present (4.2.2);
"Cơ cấu tổ chức bộ máy phường gồm có 22 cán bộ, công chức".
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

from cchc_tui.service.new_report import NewReportFields
from cchc_tui.service.reports import ReportService

OLD = "thanh-hoa/phuong/cchc-9thang@2023"
NEW = "thanh-hoa/phuong/cchc-9thang@2024"
NEW_LABEL = "Số cơ quan chuyên môn UBND cấp huyện, UBND cấp xã được cấp chứng thư số"


def cchc(home: Path, *args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "XDG_DATA_HOME": str(home / "data"),
        "XDG_CONFIG_HOME": str(home / "config"),
        "XDG_STATE_HOME": str(home / "state"),
        "CCHC_DB": str(home / "cchc.sqlite3"),
    }
    return subprocess.run(
        [sys.executable, "-m", "cchc_tui.cli", *args],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        cwd=cwd,
    )


def column(ws, header: str) -> int:  # type: ignore[no-untyped-def]
    return next(c.column for c in ws[1] if c.value == header)


def row_of(ws, stt: str, form: int) -> int:  # type: ignore[no-untyped-def]
    for r in range(2, ws.max_row + 1):
        if (
            ws.cell(r, column(ws, "Biểu mẫu")).value == form
            and ws.cell(r, column(ws, "STT")).value == stt
        ):
            return r
    raise AssertionError(stt)


def design_in_excel(book_path: Path) -> None:
    """What the designer does in Excel: version, a new row, a new rule, a corrected label."""
    book = openpyxl.load_workbook(book_path)
    settings = book["Cài đặt"]
    version_row = next(
        r for r in range(2, settings.max_row) if settings.cell(r, 1).value == "Phiên bản"
    )
    settings.cell(version_row, 2, "2024")
    rows = book["Chỉ tiêu"]
    after = row_of(rows, "4.2.5", 4)
    rows.insert_rows(after + 1)
    new = {
        "Biểu mẫu": 4,
        "Cấp": 3,
        "STT": "4.2.6",
        "Chỉ tiêu": "Số cán bộ, công chức đạt chuẩn về chuyên môn nghiệp vụ",
        "Đơn vị tính": "Người",
        "Loại": "số nguyên",
    }
    for header, value in new.items():
        rows.cell(after + 1, column(rows, header), value)
    # The lint warned: row 7.2 "Tỷ lệ …" counts Đơn vị. The designer names it for what it counts.
    label = rows.cell(row_of(rows, "7.2", 7), column(rows, "Chỉ tiêu"))
    assert label.value.startswith("Tỷ lệ cơ quan chuyên môn")
    label.value = NEW_LABEL
    rules = book["Quy tắc"]
    last = max(r for r in range(2, rules.max_row + 1) if rules.cell(r, 2).value)
    rule = {
        "Biểu mẫu": 4,
        "Mã quy tắc": "BM4/R1",
        "Điều kiện": "4.2.6 ≤ 4.2.2",
        "Dòng báo": "4.2.6",
        "Mức": "cảnh báo",
        "Thông báo": "Số cán bộ, công chức đạt chuẩn ({actual}) nhiều hơn số biên chế có mặt "
        "({expected}).",
        "Giá trị đúng": "4.2.2",
    }
    for header, value in rule.items():
        rules.cell(last + 1, column(rules, header), value)
    book.save(book_path)


def test_designer_to_commune(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    office, commune, usb = tmp_path / "office", tmp_path / "commune", tmp_path / "usb"
    for folder in (office, commune, usb):
        folder.mkdir()
    work = office / "work"
    work.mkdir()

    # --- At the office -----------------------------------------------------------------------
    done = cchc(office, "templates", "to-xlsx", OLD, "--out", "tt.xlsx", cwd=work)
    assert done.returncode == 0, done.stderr
    design_in_excel(work / "tt.xlsx")
    done = cchc(office, "templates", "from-xlsx", "tt.xlsx", "--out", "tt-2024.yaml", cwd=work)
    assert done.returncode == 0, done.stderr
    assert f"Đã ghi mẫu {NEW} ra tt-2024.yaml: 7 biểu mẫu, 105 chỉ tiêu." in done.stdout
    done = cchc(office, "templates", "check", "tt-2024.yaml", cwd=work)
    assert done.returncode == 0, done.stderr
    assert f"Mẫu {NEW} hợp lệ" in done.stdout
    assert "BM7/7.2" not in done.stdout  # the label the lint flagged is fixed
    (work / "pw.txt").write_text("Văn phòng UBND TP ký 2024\n", encoding="utf-8")
    done = cchc(
        office,
        "office", "templates", "publish", "tt-2024.yaml", "--out", str(usb),
        "--name", "UBND thành phố Thanh Hóa", "--passphrase-file", "pw.txt",
        cwd=work,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    packs = sorted(usb.glob("*.cchc-tpl.zip"))
    assert [p.name for p in packs] == ["thanh-hoa-phuong-cchc-9thang_2024.cchc-tpl.zip"]
    assert (usb / "cchc-office-key.pub.pem").is_file()
    said = [line for line in done.stdout.splitlines() if "Mã nhận dạng khóa" in line][0]
    office_print = said.rsplit(": ", 1)[1]

    # --- At the commune, a fresh computer ----------------------------------------------------
    done = cchc(commune, "templates", "install", str(packs[0]), cwd=commune)
    assert done.returncode == 1 and "chưa đăng ký khóa" in done.stderr  # no key yet
    done = cchc(
        commune, "office-key", "add", str(usb / "cchc-office-key.pub.pem"),
        "--name", "UBND thành phố Thanh Hóa", cwd=commune,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert office_print in done.stdout  # what the office reads by phone
    done = cchc(commune, "templates", "install", str(packs[0]), cwd=commune)
    assert done.returncode == 0, done.stderr
    assert f"Đã cài mẫu {NEW}" in done.stdout and "UBND thành phố Thanh Hóa" in done.stdout
    listing = cchc(commune, "templates", "list", cwd=commune)
    assert NEW in listing.stdout and OLD in listing.stdout

    # Create a report with it on the commune's computer and enter values.
    monkeypatch.setenv("XDG_DATA_HOME", str(commune / "data"))
    service = ReportService.open(commune / "cchc.sqlite3", who="Lê Thị Hoa — Văn phòng")
    try:
        fields = NewReportFields(
            template_id=NEW,
            unit_code="14764",
            unit_name="Trường Thi",
            unit_kind="phuong",
            province="Thanh Hóa",
            district="Thành phố Thanh Hóa",
            receiving_office="UBND thành phố Thanh Hóa",
            period_kind="9thang",
            period_code="2024-9thang",
            start="05/11/2023",
            end="01/9/2024",
        )
        report_id, report = service.create_report(fields)
        assert report.template_id == NEW
        ws = service.open_report(report_id)
        assert ws.template.indicators["BM7/7.2"].indicator.label == NEW_LABEL
        ws.enter_value("BM4/4.2.2", "22")
        ws.enter_value("BM4/4.2.6", "22")
        assert "rule:BM4/R1" not in {f.id for f in ws.result.findings}
        ws.enter_value("BM4/4.2.6", "23")
        finding = {f.id: f for f in ws.result.findings}["rule:BM4/R1"]
        assert finding.key == "BM4/4.2.6"
        assert finding.message == (
            "Số cán bộ, công chức đạt chuẩn (23) nhiều hơn số biên chế có mặt (22)."
        )
    finally:
        service.close()
