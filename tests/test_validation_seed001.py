"""The validation engine on the real Bình Lãng 2023 report (shared/seeds/001).

Each finding type is shown on real rows of the printed report: either an inconsistency the
printed report really contains, or a real row changed the way an officer might mistype it.
"""

from __future__ import annotations

import copy
from datetime import date
from decimal import Decimal

import pytest

from cchc_tui.domain.report import Document, ReportData
from cchc_tui.domain.validation import ValidationResult, validate
from cchc_tui.service.samples import load_sample
from cchc_tui.template.loader import LoadedTemplate
from cchc_tui.template.model import Severity
from tests.validation_helpers import by_id, validate_changed


@pytest.fixture(scope="module")
def sample() -> tuple[ReportData, LoadedTemplate]:
    return load_sample()


def run(sample: tuple[ReportData, LoadedTemplate], **values: object) -> ValidationResult:
    """Keyword ``BM1_2_1`` is row ``BM1/2.1``."""
    return validate_changed(
        sample, {k.replace("_", "/", 1).replace("_", "."): v for k, v in values.items()}
    )


# The inconsistencies the printed report really contains (found by reading seed 001).
REAL_FINDINGS = {
    "derived:BM2/2.2": Severity.WARNING,  # 0/0 printed as 0 %
    "derived:BM2/3.2": Severity.WARNING,  # 0/0 printed as 0 %
    "missing:BM3/1.1": Severity.ERROR,  # printed empty
    "derived:BM3/3.4": Severity.WARNING,  # 0/0 printed as 0 %
    "derived:BM6/1": Severity.WARNING,  # printed 0 %, rows give 656,3 / 10.900 = 6,02 %
    "derived:BM7/6.4": Severity.WARNING,  # printed 99,84, 1991/1994 = 99,85 %
    "doc_symbol:11@2023-02-17": Severity.WARNING,  # "Kế hoạch số 11" without symbol
    "doc_symbol:15@2023-02-17": Severity.WARNING,  # "Kế hoạch số 15" without symbol
    "doc_type:98/UBND-VP@2023-07-19": Severity.WARNING,  # Thông báo with a công văn symbol
    "doc_type:99/UBND-VP@2023-07-19": Severity.WARNING,
    "doc_type:100/UBND-VP@2023-07-19": Severity.WARNING,
    "doc_order:12/UBND-VP@2023-08-21": Severity.WARNING,  # 12 after 106 in the same series
    # The basis cites "Công văn số 271/KH-UBND": KH is the symbol of a Kế hoạch.
    "citation:header:type:271/KH-UBND": Severity.WARNING,
    # Documents the commune's UBND issued in 2023 that the narrative cites and the appendix of
    # "Các văn bản đã ban hành để triển khai thực hiện các nhiệm vụ CCHC" does not list:
    "citation:I.1.3:missing:50/KH-UBND": Severity.WARNING,  # tự kiểm tra CCHC, 26/7/2023
    "citation:I.1.3:missing:87/QĐ-UBND": Severity.WARNING,  # đoàn tự kiểm tra CCHC, 28/7/2023
    "citation:I.1.6:missing:08/KH-UBND": Severity.WARNING,  # đối thoại, 15/02/2023
    "citation:I.2.3:missing:10/KH-UBND": Severity.WARNING,  # theo dõi thi hành pháp luật
    "citation:I.2.4:missing:39": Severity.WARNING,  # "kế hoạch số 39", 30/5/2023
    "citation:I.4.3:missing:28/KH-UBND": Severity.WARNING,  # dân vận chính quyền, 20/3/2023
    "citation:I.5.3:missing:15/QĐ-UBND": Severity.WARNING,  # công khai dự toán 2023
    "citation:I.5.3:missing:40/QĐ-UBND": Severity.WARNING,  # công khai dự toán quý I
    "citation:I.5.3:missing:81/QĐ-UBND": Severity.WARNING,  # công khai dự toán quý II
    "citation:I.5.3:missing:83/QĐ-UBND": Severity.WARNING,  # công khai quyết toán 2022
    "citation:I.5.3:missing:84/QĐ-UBND": Severity.WARNING,  # công khai dự toán 6 tháng
    "citation:I.5.4:missing:17/QĐ-UBND": Severity.WARNING,  # quy chế chi tiêu nội bộ
    "citation:I.5.4:missing:26A/QĐ-UBND": Severity.WARNING,  # quy chế quản lý tài sản
    "citation:I.7.1:missing:22/KH-UBND": Severity.WARNING,  # the appendix lists 22a, same day
    "citation:I.7.1:missing:43/KH-UBND": Severity.WARNING,  # chuyển đổi số, 29/6/2023
}


def test_sample_findings_are_exactly_the_real_inconsistencies(sample) -> None:
    result = run(sample)
    assert {f.id: f.severity for f in result.findings} == REAL_FINDINGS


def test_the_appendix_lists_the_45_documents_row_1_counts(sample) -> None:
    # Seed 001, Biểu mẫu 1 row 1: 45 văn bản; the PHỤ LỤC numbers 45 documents, the last one
    # "Công văn số 224/UBND - VP, ngày 29/11/2023 … hộ tịch theo Quyết định số 2676/QĐ-UBND".
    report, _ = sample
    assert len(report.documents) == 45
    assert (report.documents[-1].number, report.documents[-1].date) == (
        "224/UBND-VP",
        date(2023, 11, 29),
    )
    assert "doc_count:BM1/1" not in by_id(run(sample))
    # One document fewer than row 1 counts is what the check is for.
    changed = copy.deepcopy(report)
    del changed.documents[-1]
    _, template = sample
    finding = by_id(validate(template, changed))["doc_count:BM1/1"]
    assert finding.severity is Severity.WARNING  # type: ignore[attr-defined]
    assert "45" in finding.message and "44" in finding.message  # type: ignore[attr-defined]


def test_ratio_printed_zero_shows_derived_value_and_difference(sample) -> None:
    result = run(sample)
    finding = by_id(result)["derived:BM6/1"]
    assert finding.expected == "6,02"  # type: ignore[attr-defined]
    assert "0" in finding.message and "6,02" in finding.message  # type: ignore[attr-defined]
    _, template = sample
    assert result.display(template.indicators["BM6/1"]) == "6,02"


def test_rounding_error_is_told_apart_from_a_wrong_number(sample) -> None:
    finding = by_id(run(sample))["derived:BM7/6.4"]
    assert "làm tròn" in finding.message  # type: ignore[attr-defined]
    assert finding.expected == "99,85"  # type: ignore[attr-defined]


def test_zero_denominator_is_khong_phat_sinh_not_zero_percent(sample) -> None:
    result = run(sample)
    _, template = sample
    assert result.display(template.indicators["BM3/3.4"]) == "không phát sinh"
    assert by_id(result)["derived:BM3/3.4"].expected == "không phát sinh"  # type: ignore[attr-defined]


def test_rows_that_are_right_have_no_findings(sample) -> None:
    result = run(sample)
    _, template = sample
    # 94,3 = 33/35 at the printed precision; 29 = 0 + 29 + 0; 19 = 9 + 10; 135 = 82 + 53.
    for key in ("BM1/2", "BM3/2", "BM5/4", "BM7/6.3.1", "BM1/3.3", "BM3/1", "BM1/5"):
        assert result.for_key(key) == [], key
    assert result.display(template.indicators["BM1/2"]) == "94,29"
    assert result.display(template.indicators["BM3/2"]) == "29"


def test_part_greater_than_whole_is_an_error(sample) -> None:
    result = run(sample, BM1_2_2=36)  # done 36 of 35 planned tasks
    finding = by_id(result)["at_most:BM1/2.2"]
    assert finding.severity is Severity.ERROR  # type: ignore[attr-defined]
    assert finding.expected == "≤ 35"  # type: ignore[attr-defined]
    assert "Số nhiệm vụ đề ra trong kế hoạch" in finding.message  # type: ignore[attr-defined]


def test_coded_no_beside_detail_rows_is_an_error(sample) -> None:
    result = run(sample, BM1_5=0)  # "no survey" while 2037 survey forms are counted
    finding = by_id(result)["none_code:BM1/5"]
    assert finding.severity is Severity.ERROR  # type: ignore[attr-defined]
    assert "Không" in finding.message and "5.1" in finding.message  # type: ignore[attr-defined]


def test_cross_row_rule_gives_expected_value(sample) -> None:
    result = run(sample, BM1_4_3=5)  # 190 on time + 5 late > 190 assigned
    finding = by_id(result)["rule:BM1/R1"]
    assert finding.severity is Severity.ERROR  # type: ignore[attr-defined]
    assert "195" in finding.message and "190" in finding.message  # type: ignore[attr-defined]
    warning = by_id(run(sample, BM7_6_3_1=130))["rule:BM7/R1"]
    assert warning.severity is Severity.WARNING  # type: ignore[attr-defined]
    assert warning.expected == "135"  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("key", "value", "words"),
    [
        ("BM1_2_1", -3, "âm"),
        ("BM1_2_1", Decimal("35.5"), "số nguyên"),
        ("BM7_3", Decimal("120"), "0 đến 100"),
        ("BM7_4", 7, "Hoàn thành = 2"),
    ],
)
def test_value_kind_and_range_errors(sample, key: str, value: object, words: str) -> None:
    row_key = key.replace("_", "/", 1).replace("_", ".")
    finding = by_id(run(sample, **{key: value}))[f"value:{row_key}"]
    assert finding.severity is Severity.ERROR  # type: ignore[attr-defined]
    assert words in finding.message  # type: ignore[attr-defined]


def test_document_after_report_date_and_empty_section(sample) -> None:
    report, template = sample
    changed = copy.deepcopy(report)
    changed.documents.append(Document("Kế hoạch", "70/KH-UBND", date(2023, 12, 20), "Thử"))
    changed.narrative["I.2.1"] = "   "
    found = by_id(validate(template, changed))
    assert found["doc_date:70/KH-UBND@2023-12-20"].severity is Severity.ERROR  # type: ignore[attr-defined]
    assert found["section:I.2.1"].severity is Severity.ERROR  # type: ignore[attr-defined]


def test_fixing_the_value_clears_the_finding(sample) -> None:
    assert "missing:BM3/1.1" in by_id(run(sample))
    assert "missing:BM3/1.1" not in by_id(run(sample, BM3_1_1=0))


def test_completeness_per_form(sample) -> None:
    result = run(sample)
    bm3 = result.by_part["BM3"]
    assert bm3.filled == bm3.required - 1 and bm3.state == "has_errors"
    assert result.by_part["BM1"].state == "complete"
    assert result.by_part["narrative"].percent == 100
