"""The document's header entered in the app (issue 13): the "Thông tin văn bản" screen and
``cchc report header``, the checks before sign-off, the copy to the next period, the draft
before sign-off, and the office refusing a draft.

What the Word file must hold is what seed 001 prints (shared/seeds/001: the basis sentence
"Thực hiện Công văn số …", "Nơi nhận:", "Trên đây là báo cáo …").
"""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import date
from pathlib import Path

import docx
import pytest
from textual.widgets import Input, Select, TextArea

from cchc_tui import messages as msg
from cchc_tui.cli import main
from cchc_tui.db.store import ReportStore
from cchc_tui.domain.signoff import NotReady
from cchc_tui.exports.docx import build_report_docx
from cchc_tui.screens.header import HeaderScreen
from cchc_tui.service.new_report import NewReportFields
from cchc_tui.service.reports import ReportService, SignOffRequest
from cchc_tui.service.workspace import PartKind
from tests.ui_helpers import audit, make_app, press, settle

NEW = NewReportFields(
    template_id="hai-duong/xa/cchc-nam@2023",
    unit_code="11110",
    unit_name="Tân Kỳ",
    province="Hải Dương",
    district="Tứ Kỳ",
    receiving_office="UBND huyện Tứ Kỳ",
    period_code="2023-nam",
    start="01/01/2023",
    end="08/12/2023",
)
BASIS = (
    "Thực hiện Công văn số 271/KH-UBND ngày 15/03/2023 của Ủy ban nhân dân huyện Tứ Kỳ về "
    "việc triển khai thực hiện chế độ báo cáo cải cách hành chính định kỳ."
)


def docx_text(service: ReportService, report_id: int) -> str:
    report, template = service.export_report(report_id)
    from cchc_tui.domain.validation import validate

    data = build_report_docx(report, template, validate(template, report))
    document = docx.Document(io.BytesIO(data))
    paragraphs = [p.text for p in document.paragraphs]
    cells = [c.text for t in document.tables for r in t.rows for c in r.cells]
    return "\n".join(paragraphs + cells)


async def test_a_new_report_gets_its_header_on_the_screen_and_in_the_docx(
    store: ReportStore, db_path: Path
) -> None:
    service = ReportService(store)
    report_id, _ = service.create_report(NEW)
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await press(pilot, "enter")  # the new report
        await press(pilot, "enter")  # its first part: the header
        screen = app.screen
        assert isinstance(screen, HeaderScreen)
        assert screen.query_one("#field-title", Input).value == (
            "Kết quả thực hiện công tác cải cách hành chính năm 2023"
        )
        screen.query_one("#field-number", Input).value = "15"
        screen.query_one("#field-date", Input).value = "10/12/2023"
        screen.query_one("#field-basis", TextArea).load_text(BASIS)
        screen.query_one("#field-recipients", TextArea).load_text(
            "UBND huyện Tứ Kỳ\nPhòng Nội vụ huyện\nLưu: VT"
        )
        screen.query_one("#field-authority", Select).value = "KT."
        screen.query_one("#field-principal_title", Input).value = "CHỦ TỊCH"
        screen.query_one("#field-signer_title", Input).value = "PHÓ CHỦ TỊCH"
        screen.query_one("#field-signer_name", Input).value = "Nguyễn Văn An"
        await press(pilot, "ctrl+s")
        assert "Thông tin văn bản đủ và đúng thể thức." in str(
            screen.query_one("#problems").render()
        )
        await press(pilot, "escape")  # leaving saves too (nothing left to save here)
    changed = {key for entity, key, *_ in audit(db_path, report_id) if entity == "header"}
    assert {"number", "report_date", "basis", "recipients", "sign_authority", "sign_name"} <= (
        changed
    )
    text = docx_text(service, report_id)
    assert "Số: 15/BC-UBND" in text and "Tân Kỳ, ngày 10 tháng 12 năm 2023" in text
    assert "Kết quả thực hiện công tác cải cách hành chính năm 2023" in text
    assert BASIS in text
    assert "Nơi nhận:" in text and "Phòng Nội vụ huyện" in text and "Lưu: VT" in text
    assert "Trên đây là báo cáo kết quả thực hiện công tác cải cách hành chính năm 2023" in text
    assert "KT. CHỦ TỊCH" in text and "PHÓ CHỦ TỊCH" in text and "Nguyễn Văn An" in text


def test_a_malformed_symbol_blocks_the_sign_off(service: ReportService) -> None:
    report_id, _ = service.create_report(NEW)
    ws = service.open_report(report_id)
    ws.set_header(replace(ws.header_form(), symbol="bc ubnd"))
    assert [p.field for p in ws.header_problems() if p.field == "symbol"] == ["symbol"]
    assert ws.header_part().errors == 1
    with pytest.raises(NotReady) as refused:
        service.sign_off(
            report_id, SignOffRequest("Nguyễn Văn An", "CHỦ TỊCH", "mật khẩu dài", None, None)
        )
    assert (
        msg.SIGN_HEADER_LINE.format(
            message=msg.HEADER_SYMBOL_SPACES.format(symbol="bc ubnd", fixed="bcubnd")
        )
        in refused.value.readiness.lines()
    )


def test_a_date_before_the_period_is_refused_at_sign_off(service: ReportService) -> None:
    report_id, _ = service.create_report(NEW)
    request = SignOffRequest("Nguyễn Văn An", "CHỦ TỊCH", "mật khẩu dài", None, date(2022, 12, 1))
    with pytest.raises(NotReady) as refused:
        service.sign_off(report_id, request)
    expected = msg.HEADER_DATE_BEFORE.format(date="01/12/2022", start="01/01/2023")
    assert msg.SIGN_HEADER_LINE.format(message=expected) in refused.value.readiness.lines()


def test_the_next_period_carries_the_standing_header(service: ReportService) -> None:
    report_id, _ = service.create_report(NEW)
    ws = service.open_report(report_id)
    ws.set_header(
        replace(
            ws.header_form(),
            number="15",
            date="10/12/2023",
            basis=BASIS,
            recipients=["UBND huyện Tứ Kỳ", "Lưu: VT"],
            signer_name="Nguyễn Văn An",
        )
    )
    fields = service.next_period_fields(report_id)
    next_id, _ = service.create_report(fields, previous_id=report_id)
    form = service.open_report(next_id).header_form()
    assert (form.basis, form.recipients, form.signer_name) == (
        BASIS,
        ["UBND huyện Tứ Kỳ", "Lưu: VT"],
        "Nguyễn Văn An",
    )
    assert (form.number, form.date) == ("", "")  # they belong to one report
    assert form.title == "Kết quả thực hiện công tác cải cách hành chính năm 2024"


def test_cchc_report_header_shows_and_changes_fields(
    capsys: pytest.CaptureFixture[str], store: ReportStore, db_path: Path
) -> None:
    report_id, _ = ReportService(store).create_report(NEW)
    store.close()
    db = ["--db", str(db_path)]
    assert main([*db, "report", "header", str(report_id)]) == 0
    shown = capsys.readouterr().out
    assert "Trích yếu: Kết quả thực hiện công tác cải cách hành chính năm 2023" in shown
    assert "Nơi nhận: UBND huyện Tứ Kỳ; Lưu: VT" in shown
    assert main([*db, "report", "header", str(report_id), "--number", "15", "--basis", BASIS,
                 "--recipient", "UBND huyện Tứ Kỳ", "--recipient", "Lưu: VT"]) == 0  # fmt: skip
    changed = capsys.readouterr().out
    assert "Đã lưu thông tin văn bản (2 mục thay đổi)." in changed
    assert f"Căn cứ: {BASIS}" in changed and "Số: 15" in changed
    assert main([*db, "report", "header", str(report_id), "--date", "31/02/2023"]) == 2
    assert "không có thật" in capsys.readouterr().err


def test_draft_of_a_report_with_errors_and_the_office_refuses_it(
    capsys: pytest.CaptureFixture[str],
    store: ReportStore,
    sample_id: int,
    db_path: Path,
    tmp_path: Path,
) -> None:
    store.close()
    usb = tmp_path / "usb"
    usb.mkdir()
    assert main(["--db", str(db_path), "report", "draft", str(sample_id), "--out", str(usb)]) == 0
    written = sorted(p.name for p in usb.iterdir())
    assert written == ["11092_2023-nam_DU-THAO.docx", "11092_2023-nam_DU-THAO.xlsx"]
    draft = docx.Document(str(usb / written[0]))
    assert "DỰ THẢO" in draft.sections[0].header.paragraphs[0].text
    assert "Chưa nhập giá trị cho chỉ tiêu bắt buộc." in "\n".join(
        c.text for t in draft.tables for r in t.rows for c in r.cells
    )  # the sample's one error is listed on the last page
    capsys.readouterr()
    office = tmp_path / "office.sqlite3"
    assert main(["--db", str(office), "office", "import", str(usb)]) != 0
    said = capsys.readouterr().out
    assert said.count(msg.OFFICE_DRAFT_REFUSED) == 2


async def test_the_outline_key_writes_the_draft(
    store: ReportStore, sample_id: int, tmp_path: Path
) -> None:
    from cchc_tui.screens.draft import DraftScreen

    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await press(pilot, "enter", "ctrl+d")
        dialog = app.screen
        assert isinstance(dialog, DraftScreen)
        dialog.query_one("#folder", Input).value = str(tmp_path)
        await press(pilot, "enter")
        await settle(pilot)
        assert [p.name for p in dialog.written] == [
            "11092_2023-nam_DU-THAO.docx",
            "11092_2023-nam_DU-THAO.xlsx",
        ]
        assert all(p.is_file() for p in dialog.written)


def test_the_header_is_a_part_of_the_outline_and_the_palette(
    service: ReportService, sample_id: int
) -> None:
    ws = service.open_report(sample_id)
    assert ws.outline()[0].kind == PartKind.HEADER
    assert any(t.part_kind == PartKind.HEADER for t in ws.search_targets())
