"""The application layer on its own (no Textual): the rules of a report's life live here once.

Real SQLite files; expected findings as the seed prints them (shared/seeds/001).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from cchc_tui import messages as msg
from cchc_tui.base.errors import InvalidInput, Refused
from cchc_tui.db.store import ReportLocked, ReportStore
from cchc_tui.domain.documents import make_document
from cchc_tui.domain.report import ReportData, ReportStatus
from cchc_tui.domain.signoff import NotReady
from cchc_tui.domain.validation import PartState
from cchc_tui.domain.values import CellError
from cchc_tui.service.new_report import NewReportError, NewReportFields
from cchc_tui.service.reports import ReportService, SignOffRequest
from cchc_tui.service.workspace import NotExplainable

PASSPHRASE = "Tân Kỳ ký duyệt 2023"
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


def make_ready(service: ReportService, report_id: int) -> None:
    """Fill the one empty required row of the sample and explain its warnings, as officers do."""
    ws = service.open_report(report_id)
    ws.enter_value("BM3/1.1", "0")
    for finding in ws.result.warnings:
        ws.explain(finding.id, "Đã kiểm tra: giữ như bản in.")


def test_enter_value_commits_and_revalidates(service: ReportService, sample_id: int) -> None:
    ws = service.open_report(sample_id)
    assert [f.id for f in ws.result.for_key("BM3/1.1")] == ["missing:BM3/1.1"]
    assert ws.enter_value("BM3/1.1", "0") == 0
    assert ws.result.for_key("BM3/1.1") == []
    assert service.store.load_report(sample_id).values["BM3/1.1"] == 0
    with pytest.raises(CellError, match="không được âm"):
        ws.enter_value("BM3/1.1", "-1")
    assert service.store.load_report(sample_id).values["BM3/1.1"] == 0


def test_only_warnings_are_explained(service: ReportService, sample_id: int) -> None:
    ws = service.open_report(sample_id)
    with pytest.raises(NotExplainable, match="là lỗi"):
        ws.explain("missing:BM3/1.1", "không cần")
    with pytest.raises(NotExplainable, match="không có cảnh báo"):
        ws.explain("BM1/2.1", "không có gì")
    assert ws.explain("derived:BM6/1", "In sai, đúng là 6,02") == ["derived:BM6/1"]
    assert service.store.load_report(sample_id).explanations == {
        "derived:BM6/1": "In sai, đúng là 6,02"
    }
    assert ws.explain("derived:BM6/1", "") == ["derived:BM6/1"]  # an explanation is withdrawn
    assert service.store.load_report(sample_id).explanations == {}


def test_sign_off_refuses_an_error_that_only_the_dialogs_date_makes(
    service: ReportService,
) -> None:
    """Issue 10, break 1: readiness must be computed on the report as it will be signed."""
    report_id, _report = service.create_report(NEW)
    ws = service.open_report(report_id)
    ws.add_document(make_document("Kế hoạch", "01/KH-UBND", "10/01/2025", "Kế hoạch CCHC"))
    assert all(f.kind != "documents" or f.key != "01/KH-UBND" for f in ws.result.errors)
    data_date = date(2023, 12, 15)
    with pytest.raises(NotReady) as refused:
        service.sign_off(
            report_id, SignOffRequest("Trần Văn Bình", "CHỦ TỊCH", PASSPHRASE, "1", data_date)
        )
    assert msg.FIND_DOC_AFTER_REPORT.format(date="10/01/2025", report_date="15/12/2023") in (
        refused.value.message
    )
    assert service.store.status(report_id) == (ReportStatus.DRAFT, 1)
    assert service.store.load_report(report_id).header.date is None  # nothing applied
    assert not service.unit_key_exists("11110")  # no key made for a refused sign-off


def test_the_store_itself_refuses_to_sign_an_unready_report(
    store: ReportStore, sample_id: int
) -> None:
    from cchc_tui.domain.signoff import SignOffData

    with pytest.raises(NotReady):
        store.sign_off(sample_id, SignOffData("Trần Xuân Mãng", "CHỦ TỊCH", date(2023, 12, 8)))
    assert store.status(sample_id) == (ReportStatus.DRAFT, 1)


def test_sign_off_then_every_change_is_refused(service: ReportService, sample_id: int) -> None:
    make_ready(service, sample_id)
    signed = service.sign_off(
        sample_id, SignOffRequest("Trần Xuân Mãng", "CHỦ TỊCH", PASSPHRASE, "101")
    )
    assert signed.revision == 1 and signed.key_created and len(signed.fingerprint) == 79
    ws = service.open_report(sample_id)
    assert ws.locked and not ws.can_sign and ws.can_reopen
    for change in (
        lambda: ws.enter_value("BM1/1", "44"),
        lambda: ws.set_note("BM1/1", "x"),
        lambda: ws.set_narrative("I.1.1", "x"),
        lambda: ws.explain("derived:BM6/1", "x"),
        lambda: ws.delete_document(0),
    ):
        with pytest.raises(Refused, match="đã ký duyệt"):
            change()
    with pytest.raises(ReportLocked):
        service.sign_off(sample_id, SignOffRequest("Trần Xuân Mãng", "CHỦ TỊCH", PASSPHRASE))
    assert service.store.load_report(sample_id).values["BM1/1"] == 45


def test_reopen_needs_a_reason_and_keeps_the_signed_revision(
    service: ReportService, sample_id: int
) -> None:
    make_ready(service, sample_id)
    service.sign_off(sample_id, SignOffRequest("Trần Xuân Mãng", "CHỦ TỊCH", PASSPHRASE))
    with pytest.raises(InvalidInput, match="lý do"):
        service.reopen(sample_id, "  ")
    reopened = service.reopen(sample_id, "Sửa số văn bản")
    assert (reopened.revision, reopened.old_revision) == (2, 1)
    assert service.open_report(reopened.report_id).can_sign
    assert service.store.status(sample_id) == (ReportStatus.SIGNED, 1)


def test_a_read_only_service_changes_nothing(store: ReportStore, sample_id: int) -> None:
    office = ReportService(store, read_only=True)
    ws = office.open_report(sample_id)
    assert ws.locked and ws.read_only and not ws.can_sign and not ws.can_reopen
    with pytest.raises(Refused, match="chỉ để xem"):
        ws.enter_value("BM1/1", "44")
    with pytest.raises(Refused, match="chỉ để xem"):
        office.reopen(sample_id, "thử")
    with pytest.raises(Refused, match="chỉ để xem"):
        office.sign_off(sample_id, SignOffRequest("A", "CHỦ TỊCH", PASSPHRASE))
    with pytest.raises(Refused, match="chỉ để xem"):
        office.signed_report(sample_id)
    assert store.load_report(sample_id).values["BM1/1"] == 45


def test_new_report_checks_its_fields(service: ReportService) -> None:
    with pytest.raises(NewReportError) as err:
        service.create_report(NewReportFields(NEW.template_id, unit_name="Tân Kỳ"))
    assert err.value.field == "unit_code"
    report_id, report = service.create_report(NEW)
    assert report.unit.agency == "Ủy ban nhân dân xã Tân Kỳ"
    ws = service.open_report(report_id)
    assert ws.title == "Xã Tân Kỳ — 2023-nam"
    header, *parts = ws.outline()
    assert {part.state for part in parts} == {PartState.EMPTY}
    # The header is half there: the template's title with the year, the office and "Lưu: VT";
    # the date and the signer's name come at sign-off.
    assert (header.title, header.state, header.filled, header.required) == (
        "Thông tin văn bản",
        PartState.IN_PROGRESS,
        5,
        7,
    )
    form = ws.header_form()
    assert form.title == "Kết quả thực hiện công tác cải cách hành chính năm 2023"
    assert form.recipients == ["UBND huyện Tứ Kỳ", "Lưu: VT"]
    fields = service.next_period_fields(report_id)
    assert (fields.period_code, fields.start, fields.end) == (
        "2024-nam",
        "01/01/2024",
        "08/12/2024",
    )


def test_overview_reads_no_report_its_counts_are_stored_with_each_change(
    service: ReportService, sample_id: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[int] = []
    real = service.store.load_report

    def counted(report_id: int) -> ReportData:
        calls.append(report_id)
        return real(report_id)

    monkeypatch.setattr(service.store, "load_report", counted)
    first = service.overview()
    assert [(o.percent, o.errors, o.warnings) for o in first] == [(99, 1, 27)]  # 16 narrative
    ws = service.open_report(sample_id)
    calls.clear()
    ws.enter_value("BM3/1.1", "0")
    again = service.overview()
    assert [(o.percent, o.errors) for o in again] == [(100, 0)] and calls == []


def test_public_keys_of_this_computer(service: ReportService, sample_id: int, keys: Path) -> None:
    assert service.public_keys() == []
    make_ready(service, sample_id)
    signed = service.sign_off(sample_id, SignOffRequest("Trần Xuân Mãng", "CHỦ TỊCH", PASSPHRASE))
    [key] = service.public_keys()
    assert key.unit_code == "11092" and key.fingerprint == signed.fingerprint
    assert key.pem.startswith(b"-----BEGIN PUBLIC KEY-----")
