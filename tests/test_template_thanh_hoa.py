"""The Thanh Hóa ward/commune 9-month template and the real Trường Thi report (shared/seeds/004).

The template is data (``thanh-hoa_phuong_cchc-9thang_2023.yaml``); the printed report is the
sample ``truong-thi-2023-9thang``. The findings on the sample must be exactly the
inconsistencies the printed report really contains, and nothing on the rows that are right.
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest

import cchc_tui
from cchc_tui.cli import main
from cchc_tui.db.store import ReportStore
from cchc_tui.domain.interchange import dumps_report, loads_report
from cchc_tui.domain.report import CellValue, ReportData
from cchc_tui.domain.validation import ValidationResult
from cchc_tui.service.samples import load_sample, sample_names, sample_path
from cchc_tui.template.loader import LoadedTemplate, builtin_templates, load_template_file
from cchc_tui.template.model import RowKind, Severity
from tests.validation_helpers import by_id, validate_changed

TEMPLATE_PATH = (
    Path(cchc_tui.__file__).parent / "data" / "templates" / "thanh-hoa_phuong_cchc-9thang_2023.yaml"
)
FULL_ID = "thanh-hoa/phuong/cchc-9thang@2023"
SAMPLE = "truong-thi-2023-9thang"

Sample = tuple[ReportData, LoadedTemplate]


@pytest.fixture(scope="module")
def sample() -> Sample:
    return load_sample(SAMPLE)


def run(sample: Sample, **changes: CellValue) -> ValidationResult:
    """Validate the sample with some values changed; keyword ``BM3__3_3_1`` is row ``BM3/3.3.1``."""
    keys = {name.replace("__", "/", 1).replace("_", "."): v for name, v in changes.items()}
    return validate_changed(sample, keys)


run_keys = validate_changed
"""Validate the sample with the given row keys changed (keys with underscores)."""


# --- The template ----------------------------------------------------------------------------


def test_template_loads_and_checks(capsys: pytest.CaptureFixture[str]) -> None:
    loaded = load_template_file(TEMPLATE_PATH)
    t = loaded.template
    assert loaded.full_id == FULL_ID
    assert FULL_ID in builtin_templates()
    assert t.province == "Thanh Hóa"
    assert t.period_kinds == ["9thang"]
    assert t.unit_kinds == ["phuong", "xa", "thi_tran"]
    assert t.receiving_office == "UBND thành phố Thanh Hóa"
    assert t.appendix is None  # the seed lists no documents appendix
    assert main(["templates", "check", str(TEMPLATE_PATH)]) == 0
    assert FULL_ID in capsys.readouterr().out


def test_forms_are_the_seven_groups_of_the_appendix_table() -> None:
    loaded = load_template_file(TEMPLATE_PATH)
    titles = [(f.number, f.title) for f in loaded.template.forms]
    assert titles == [
        (1, "Công tác chỉ đạo điều hành CCHC"),
        (2, "Cải cách thể chế"),
        (3, "Cải cách thủ tục hành chính"),
        (4, "Cải cách tổ chức bộ máy hành chính nhà nước"),
        (5, "Cải cách chế độ công vụ"),
        (6, "Cải cách tài chính công"),
        (7, "Xây dựng và phát triển chính quyền điện tử"),
    ]
    counts = {f.number: len(loaded.form_indicators(f)) for f in loaded.template.forms}
    assert counts == {1: 13, 2: 8, 3: 53, 4: 9, 5: 1, 6: 1, 7: 19}
    # Each group's own printed row heads its form and keeps its STT.
    for form in loaded.template.forms:
        first = loaded.form_indicators(form)[0]
        assert first.key == f"BM{form.number}/{form.number}"
        assert first.kind is RowKind.HEADING


def test_printed_stt_kept_and_trong_do_rows_are_children() -> None:
    loaded = load_template_file(TEMPLATE_PATH)
    rows = loaded.indicators
    assert rows["BM1/1.1.1"].indicator.stt == "1.1.1"
    # STT 3.3.1 is printed twice; the second one (cấp huyện) has an explicit key.
    assert rows["BM3/3.3.1"].indicator.label == "Số lượng hồ sơ đã tiếp nhận"
    assert rows["BM3/3.3.1b"].indicator.stt == "3.3.1"
    # "Trong đó: Tại cấp huyện / Tại cấp xã" → child rows, the parent checks their sum.
    parent = rows["BM2/2.1"]
    assert parent.children == ("BM2/2.1.huyen", "BM2/2.1.xa")
    assert parent.indicator.children_sum is Severity.WARNING
    assert rows["BM2/2.1.xa"].indicator.stt == "" and rows["BM2/2.1.xa"].required
    assert not rows["BM2/2.1.huyen"].required  # a ward does not fill the district line
    # Dossiers by channel are count rows under the received total.
    assert rows["BM3/3.3.1"].children == (
        "BM3/3.3.1.truc_tiep",
        "BM3/3.3.1.bcci",
        "BM3/3.3.1.mot_phan",
        "BM3/3.3.1.toan_trinh",
    )
    assert all(rows[k].kind is RowKind.COUNT for k in rows["BM3/3.3.1"].children)
    # Code rows carry their printed legends.
    assert rows["BM1/1.3.2"].indicator.codes == {0: "Trực tuyến", 1: "Phát phiếu", 2: "Kết hợp"}
    assert rows["BM7/7.1"].indicator.codes == {0: "Chưa có", 1: "2 cấp", 2: "3 cấp"}


def test_narrative_follows_the_printed_headings() -> None:
    loaded = load_template_file(TEMPLATE_PATH)
    titles = [s.title for s in loaded.template.sections]
    assert titles[0] == "Công tác chỉ đạo điều hành"
    assert titles[-3:] == [
        "Đánh giá chung",
        "Phương hướng, nhiệm vụ CCHC trong thời gian tới",
        "Kiến nghị, đề xuất",
    ]
    assert len(loaded.section_keys) == 24
    assert "II.2.11" in loaded.section_keys
    assert all(sub.guidance for s in loaded.template.sections for sub in s.subheadings)


# --- The sample: the whole printed report ----------------------------------------------------


def test_sample_holds_the_printed_report(sample: Sample) -> None:
    report, template = sample
    assert SAMPLE in sample_names()
    assert template.full_id == FULL_ID
    assert report.unit.code == "14764" and report.unit.name == "Trường Thi"
    assert report.unit.kind == "phuong" and report.unit.district == "Thành phố Thanh Hóa"
    assert report.period.code == "2023-9thang"
    assert (report.period.start.isoformat(), report.period.end.isoformat()) == (
        "2022-11-05",
        "2023-09-01",
    )
    assert report.header.number == "681" and report.header.date is not None
    assert report.header.date.isoformat() == "2023-08-31"
    assert report.values["BM3/3.3.1"] == 3135
    assert report.values["BM3/3.3.2"] == 2135
    assert report.values["BM7/7.1"] == 2
    assert report.values["BM2/2.1"] is None  # group 2 printed empty
    assert report.notes["BM3/3.3.1"] == "(04 hồ sơ từ kỳ trước chuyển sang)"
    assert set(template.section_keys) <= set(report.narrative)
    assert "6 tháng đầu năm 2023" in report.narrative["closing"]  # as printed
    assert report.recipients == ["Phòng Nội vụ TP (b/c)", "Lưu VP"]


def test_sample_text_round_trip_is_lossless() -> None:
    original = sample_path(SAMPLE).read_text(encoding="utf-8")
    report, template = loads_report(original)
    assert dumps_report(report, template) == original


def test_sample_round_trip_through_a_real_database_is_lossless(db_path: Path) -> None:
    original = sample_path(SAMPLE).read_text(encoding="utf-8")
    report, template = loads_report(original)
    store = ReportStore.open(db_path)
    rid = store.import_report(report)
    store.close()
    reopened = ReportStore.open(db_path)  # a new process would see the same file
    back = dumps_report(reopened.load_report(rid), template)
    reopened.close()
    assert json.loads(back, parse_float=Decimal) == json.loads(original, parse_float=Decimal)
    assert back == original


# --- Findings: exactly the real inconsistencies of the printed report -------------------------

REAL_FINDINGS = {
    # Cells the printed appendix leaves empty although the row asks for a value.
    "missing:BM1/1.3.2": Severity.ERROR,  # hình thức khảo sát empty beside 449 phiếu
    "missing:BM1/1.4": Severity.ERROR,  # đối thoại (Không = 0; Có = 1) empty
    "missing:BM2/2.1.xa": Severity.ERROR,  # the whole of group 2 (VBQPPL) is empty
    "missing:BM2/2.2": Severity.ERROR,
    "missing:BM2/2.3": Severity.ERROR,
    "missing:BM2/2.4": Severity.ERROR,
    "missing:BM2/2.5": Severity.ERROR,
    "missing:BM3/3.2.4.xa": Severity.ERROR,  # liên thông giữa các cấp, cấp xã: empty
    "missing:BM4/4.3": Severity.ERROR,  # người hưởng lương NSNN ở ĐVSN: empty
    "missing:BM7/7.3.3": Severity.ERROR,  # tổng số văn bản đi empty beside its two 100 %
    "missing:BM7/7.6.3": Severity.ERROR,  # ISO tại UBND cấp xã empty, 7.6.2 says 1 đơn vị
    # row 3.3.1 prints 3135; trực tiếp 1989 + BCCI 97 + một phần 726 + toàn trình 363 = 3175
    "children_sum:BM3/3.3.1": Severity.WARNING,
    # row 3.3.2 prints 2135; trả trực tiếp 1989 + BCCI 97 + mức độ 3 726 + mức độ 4 363 = 3175
    "children_sum:BM3/3.3.2": Severity.WARNING,
    # row 3.2 prints 240 TTHC; its two rows give cấp huyện (empty) + cấp xã 189 = 189
    "derived:BM3/3.2": Severity.WARNING,
    # row 3.4.1, Tại cấp xã: 3135 results published, row 3.3.2 only 2135 dossiers resolved
    "at_most:BM3/3.4.1.xa": Severity.WARNING,
    # row 4.2.2 prints 22 biên chế có mặt, row 4.2.1 only 21 được giao
    "at_most:BM4/4.2.2": Severity.WARNING,
    # 7.3.3: 100 % sent wholly electronic + 100 % electronic beside paper = 200 % > 100 %
    "rule:BM7/R1": Severity.WARNING,
    # §I.1: "9 tháng năm 2023: Ban hành 7 văn bản" (seven listed); row 1.1.3 prints 1
    "figure:I.1:BM1/1.1.3": Severity.WARNING,
    # §II.2.1 and §II.2.3: "áp dụng tại UBND phường Trường Thi là 199 thủ tục"; row 3.1.3: 240
    "figure:II.2.1:BM3/3.1.3": Severity.WARNING,
    "figure:II.2.3:BM3/3.1.3": Severity.WARNING,
    # §II.2.8: "Bộ phận Một cửa đã tiếp nhận 2.382 hồ sơ" (01/01–10/8/2023); row 3.3.1: 3135
    "figure:II.2.8:BM3/3.3.1": Severity.WARNING,
    # "Kế hoạch số 134/KH-UBND ngày 03/2/2023" in §I.1, "… ngày 02/3/2023" in §I.3
    "citation:I.3:dates:134/KH-UBND": Severity.WARNING,
    # dated 31/8/2023 for data "đến ngày 01/9/2023"
    "period:header:date": Severity.WARNING,
    # a 9-month report closing "Trên đây là báo cáo … 6 tháng đầu năm 2023"
    "period:closing:6 thang dau nam 2023": Severity.WARNING,
}


def test_sample_findings_are_exactly_the_real_inconsistencies(sample: Sample) -> None:
    result = run(sample)
    assert {f.id: f.severity for f in result.findings} == REAL_FINDINGS


def test_cli_check_lists_the_findings_and_exits_1(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(sample_path(SAMPLE)), "--json"]) == 1
    payload = json.loads(capsys.readouterr().out)
    assert {f["id"] for f in payload["findings"]} == set(REAL_FINDINGS)
    assert payload["errors"] == 11 and payload["warnings"] == 6 + 7  # 7 of the narrative


def test_rows_that_are_right_have_no_findings(sample: Sample) -> None:
    result = run(sample)
    # 240 = cấp xã 240 (cấp huyện empty); 7 + 0 ≤ 7; 189 ≤ 240; 30 + 26 ≤ 240; 0 ≤ 2135.
    for key in (
        "BM3/3.1.3",
        "BM3/3.1.3.xa",
        "BM1/1.1.2",
        "BM1/1.2.2",
        "BM1/1.2.3",
        "BM3/3.2.2",
        "BM3/3.2.3.xa",
        "BM3/3.4.2.xa",
        "BM3/3.4.3.xa",
        "BM3/3.3.1.truc_tiep",
        "BM3/3.3.2.truc_tiep",
        "BM7/7.5.1",
        "BM7/7.3.2",
        "BM4/4.2.1",
        "BM4/4.2.3",
    ):
        assert result.for_key(key) == [], key


def test_children_sum_on_the_dossier_channels(sample: Sample) -> None:
    finding = by_id(run(sample))["children_sum:BM3/3.3.1"]
    assert finding.expected == "3.175"
    assert "3.135" in finding.message and "3.175" in finding.message
    # 1949 + 97 + 726 + 363 = 3135: the channels now add up to the printed total.
    fixed = run_keys(sample, {"BM3/3.3.1.truc_tiep": 1949})
    assert "children_sum:BM3/3.3.1" not in by_id(fixed)
    # Printing 3175 on row 3.3.2 clears its finding too.
    assert "children_sum:BM3/3.3.2" not in by_id(run(sample, BM3__3_3_2=3175))


def test_children_sum_on_tai_cap_huyen_tai_cap_xa(sample: Sample) -> None:
    # Group 2 is printed empty; as an officer might fill it: 2.1 = 5, huyện 3 + xã 1 = 4.
    wrong = run_keys(sample, {"BM2/2.1": 5, "BM2/2.1.huyen": 3, "BM2/2.1.xa": 1})
    finding = by_id(wrong)["children_sum:BM2/2.1"]
    assert finding.severity is Severity.WARNING and finding.expected == "4"
    assert "missing:BM2/2.1.xa" not in by_id(wrong)
    right = run_keys(sample, {"BM2/2.1": 5, "BM2/2.1.huyen": 3, "BM2/2.1.xa": 2})
    assert "children_sum:BM2/2.1" not in by_id(right)


def test_tai_cap_xa_larger_than_its_total_is_flagged(sample: Sample) -> None:
    # 3.1.3 prints 240 TTHC; 250 at cấp xã would be a part larger than its whole.
    finding = by_id(run_keys(sample, {"BM3/3.1.3.xa": 250}))["at_most:BM3/3.1.3.xa"]
    assert finding.expected == "≤ 240"


def test_filling_the_empty_cells_clears_the_missing_findings(sample: Sample) -> None:
    filled = run_keys(sample, {"BM7/7.6.3": 1, "BM1/1.4": 0, "BM2/2.2": 0})
    ids = by_id(filled)
    assert not {"missing:BM7/7.6.3", "missing:BM1/1.4", "missing:BM2/2.2"} & set(ids)
    # Document rates that together stay within 100 % clear the rule.
    assert "rule:BM7/R1" not in by_id(
        run_keys(sample, {"BM7/7.3.3.dien_tu": Decimal(80), "BM7/7.3.3.song_song": Decimal(20)})
    )


def test_row_3_2_is_the_sum_of_its_two_one_stop_rows(sample: Sample) -> None:
    # Seed 004, row 3.2 "Thực hiện cơ chế một cửa, một cửa liên thông" prints 240; its rows
    # 3.2.1 (tại cấp huyện, empty) and 3.2.2 (tại cấp xã, 189) give 189.
    result = run(sample)
    _, template = sample
    finding = by_id(result)["derived:BM3/3.2"]
    assert finding.expected == "189"
    assert "240" in finding.message and "189" in finding.message
    assert result.display(template.indicators["BM3/3.2"]) == "189"
    # A ward that printed 240 at cấp xã would have no finding.
    assert "derived:BM3/3.2" not in by_id(run(sample, BM3__3_2_2=240))


def test_published_results_are_bounded_by_the_dossiers_resolved(sample: Sample) -> None:
    # Row 3.4.1 "Công khai kết quả giải quyết …" counts "Số hồ sơ đã giải quyết": at cấp xã it
    # prints 3135 = the dossiers received (3.3.1), more than the 2135 resolved on time (3.3.2).
    finding = by_id(run(sample))["at_most:BM3/3.4.1.xa"]
    assert finding.expected == "≤ 2.135"
    assert "at_most:BM3/3.4.1.xa" not in by_id(run_keys(sample, {"BM3/3.4.1.xa": 2135}))


def test_row_4_2_3_holds_the_one_labour_contract_printed(sample: Sample) -> None:
    report, _ = sample
    assert report.values["BM4/4.2.3"] == 1  # OCR "4.2.3 … nhà nước : 1 Người"
