"""The narrative checks on real sentences of shared/seeds/001–004 (the shipped samples).

Each finding kind is shown on what a printed report really says (seed 004's "199 thủ tục"
beside a form with 240, seed 004's plan dated twice, seed 001's "Công văn số 271/KH-UBND"),
or on a real sentence changed the way an officer might mistype it; and the sentences that
look alike but say something else give nothing (precision first).
"""

from __future__ import annotations

import copy
from datetime import date
from decimal import Decimal

import pytest

from cchc_tui.domain.report import Document, ReportData
from cchc_tui.domain.validation import Finding, FindingKind, ValidationResult, validate
from cchc_tui.service.samples import load_sample
from cchc_tui.template.loader import LoadedTemplate
from cchc_tui.template.model import Severity

Sample = tuple[ReportData, LoadedTemplate]
NARRATIVE_KINDS = {
    FindingKind.FIGURE,
    FindingKind.RATIO,
    FindingKind.CITATION,
    FindingKind.PERIOD,
    FindingKind.LINK,
}


@pytest.fixture(scope="module")
def binh_lang() -> Sample:
    return load_sample("binh-lang-2023")


@pytest.fixture(scope="module")
def truong_thi() -> Sample:
    return load_sample("truong-thi-2023-9thang")


@pytest.fixture(scope="module")
def quang_nghiep() -> Sample:
    return load_sample("quang-nghiep-2023-dot-pha")


@pytest.fixture(scope="module")
def thanh_xa() -> Sample:
    return load_sample("thanh-xa-2023-chi-so")


def changed(
    sample: Sample,
    narrative: dict[str, str] | None = None,
    values: dict[str, object] | None = None,
    **header: object,
) -> ValidationResult:
    report, template = sample
    report = copy.deepcopy(report)
    report.narrative.update(narrative or {})
    report.values.update(values or {})  # type: ignore[arg-type]
    for name, value in header.items():
        setattr(report.header, name, value)
    return validate(template, report)


def narrative_findings(result: ValidationResult) -> dict[str, Finding]:
    return {f.id: f for f in result.findings if f.kind in NARRATIVE_KINDS}


# --- figures against the form --------------------------------------------------------------------


def test_seed_004_applies_199_procedures_while_its_form_counts_240(truong_thi: Sample) -> None:
    result = validate(truong_thi[1], truong_thi[0])
    finding = narrative_findings(result)["figure:II.2.1:BM3/3.1.3"]
    assert finding.severity is Severity.WARNING and finding.part == "narrative"
    assert "áp dụng tại UBND phường Trường Thi là 199 thủ tục" in finding.message
    assert "Tổng số TTHC đang áp dụng" in finding.message and "240 thủ tục" in finding.message
    assert finding.expected == "240"
    text = truong_thi[0].narrative["II.2.1"]
    assert finding.span is not None
    start, end = finding.span
    assert text[start:end].startswith("+ Hiện tại áp dụng tại UBND phường Trường Thi là 199")


def test_a_figure_outside_the_period_window_says_so(truong_thi: Sample) -> None:
    # §II.2.8: "Từ ngày 01/01/2023 đến ngày 10/8/2023, Bộ phận Một cửa đã tiếp nhận 2.382 hồ sơ"
    finding = narrative_findings(validate(truong_thi[1], truong_thi[0]))["figure:II.2.8:BM3/3.3.1"]
    assert "2.382" in finding.message and "3.135" in finding.message
    assert (
        "01/01/2023 – 10/08/2023" in finding.message
        and "05/11/2022 – 01/09/2023" in finding.message
    )


def test_a_clause_about_another_year_is_not_compared(truong_thi: Sample) -> None:
    # §I.1: "* Năm 2022: Ban hành 5 văn bản" — the 7 of "9 tháng năm 2023" is compared
    result = validate(truong_thi[1], truong_thi[0])
    figures = [s for s in result.narrative.suggestions if s.row == "BM1/1.1.3"]
    shown = [truong_thi[0].narrative["I.1"][s.start : s.end] for s in figures]
    assert shown == ["7"]
    assert (
        "9 tháng năm 2023: Ban hành 7 văn bản"
        in narrative_findings(result)["figure:I.1:BM1/1.1.3"].message
    )


def test_a_changed_figure_of_seed_001_is_found_and_a_right_one_is_a_suggested_link(
    binh_lang: Sample,
) -> None:
    assert "figure:I.1.2:BM1/1" not in narrative_findings(validate(binh_lang[1], binh_lang[0]))
    result = changed(binh_lang, values={"BM1/1": 40})
    finding = narrative_findings(result)["figure:I.1.2:BM1/1"]
    assert "đã ban hành 45 văn bản chỉ đạo" in finding.message and "40 văn bản" in finding.message
    agreeing = {s.row for s in validate(binh_lang[1], binh_lang[0]).narrative.suggestions}
    assert {"BM1/1", "BM1/5.1", "BM3/1.4", "BM6/1.2", "BM7/6.3.1"} <= agreeing


def test_money_in_dong_is_compared_with_trieu_dong(binh_lang: Sample) -> None:
    # §I.5.5 "giải ngân được 656.377.500 đồng" beside BM6/1.2 = 656,3 triệu đồng: the same sum
    result = validate(binh_lang[1], binh_lang[0])
    assert "figure:I.5.5:BM6/1.2" not in narrative_findings(result)
    finding = narrative_findings(changed(binh_lang, values={"BM6/1.2": Decimal("566.3")}))[
        "figure:I.5.5:BM6/1.2"
    ]
    assert "656.377.500 đồng" in finding.message and "566,3 triệu đồng" in finding.message


def test_look_alike_sentences_give_no_warning(binh_lang: Sample, truong_thi: Sample) -> None:
    # seed 001 §I.3.1 "28 văn bản chỉ đạo" (on publishing procedures, not BM1/1's 45) and
    # "138 TTHC cấp xã" (BM3/1.4.1 counts 162 with the ngành dọc ones); seed 004 §II.2.3
    # "45 thủ tục … không áp dụng" and §II.2.8 "đúng hạn: 54 hồ sơ" (exactly on the deadline)
    found = validate(binh_lang[1], binh_lang[0])
    assert not [f for f in found.findings if f.kind is FindingKind.FIGURE]
    rows = {(s.key, s.row) for s in found.narrative.suggestions}
    assert ("I.3.1", "BM1/1") not in rows and ("I.3.1", "BM3/1.4.1") not in rows
    seed4 = validate(truong_thi[1], truong_thi[0])
    bound = [truong_thi[0].narrative[s.key][s.start : s.end] for s in seed4.narrative.suggestions]
    assert "45" not in bound and "54" not in bound


def test_labels_find_figures_where_no_cue_is_declared(thanh_xa: Sample) -> None:
    # seed 003 "Công tác chỉ đạo điều hành: 14,35 điểm /15 điểm, đạt 95,66 %": 95,66 is the
    # printed 14,35/15 = 95,67 cut, so it agrees (the form's rounding finding stays the form's)
    result = validate(thanh_xa[1], thanh_xa[0])
    assert not narrative_findings(result)
    bound = {str(s.row): s.agrees for s in result.narrative.suggestions}
    assert bound["BM1/1"] and bound["BM1/1-ty-le"] and bound["BM1/tong"]


# --- ratios ------------------------------------------------------------------------------------


def test_ratios_of_the_seeds_compute(binh_lang: Sample, quang_nghiep: Sample) -> None:
    # "2036/ 2037 hồ sơ, đạt tỷ lệ 99,95%", "1991/ 1994 hồ sơ (đạt tỷ lệ 99,84%)" (cut),
    # "1041 hồ sơ/1049, đạt 99,2%", "901/1101 đạt 81,8%"
    for sample in (binh_lang, quang_nghiep):
        assert not [f for f in validate(sample[1], sample[0]).findings if f.kind == "ratio"]


def test_a_ratio_written_wrong_is_found(quang_nghiep: Sample) -> None:
    text = quang_nghiep[0].narrative["II.2.2"].replace("901/1101 đạt 81,8%", "901/1101 đạt 91,8%")
    finding = narrative_findings(changed(quang_nghiep, {"II.2.2": text}))["ratio:II.2.2:901/1101"]
    assert finding.message.endswith("901/1101 = 81,83% chứ không phải 91,8%.")  # 81,8347…
    assert finding.expected == "81,83"


# --- citations ---------------------------------------------------------------------------------


def test_basis_cites_a_plan_symbol_as_a_cong_van(binh_lang: Sample) -> None:
    finding = narrative_findings(validate(binh_lang[1], binh_lang[0]))[
        "citation:header:type:271/KH-UBND"
    ]
    assert finding.key == "header" and finding.shown_key == "Thông tin văn bản"
    assert "KH là của Kế hoạch, không phải Công văn" in finding.message


def test_own_documents_missing_from_the_appendix(binh_lang: Sample) -> None:
    found = narrative_findings(validate(binh_lang[1], binh_lang[0]))
    missing = found["citation:I.1.3:missing:50/KH-UBND"]
    assert "Kế hoạch 50/KH-UBND ngày 26/07/2023" in missing.message
    near = found["citation:I.7.1:missing:22/KH-UBND"]
    assert "Phụ lục có 22A/KH-UBND cùng ngày" in near.message
    # documents of others are not expected there: the province's 50/2020/QĐ-UBND (§I.3.9),
    # the Party's 35-KH/ĐU (§I.1.6), the council's 07/NQ-HĐND (§I.5.5), the district's 32/KH
    ids = " ".join(found)
    for number in ("50/2020", "35-KH", "07/NQ", "32/KH", "61/KH", "286/QĐ"):
        assert number not in ids
    # cited and listed: 37/QĐ-UBND, 24/KH-UBND, "Kế hoạch số 11" (listed as "11")
    for number in ("37/QĐ", "24/KH", ":11"):
        assert number not in ids


def test_a_date_other_than_the_appendix(binh_lang: Sample) -> None:
    text = (
        binh_lang[0]
        .narrative["I.1.2"]
        .replace(
            "Quyết định số 37/QĐ - UBND ngày 27/3/2023", "Quyết định số 37/QĐ - UBND ngày 28/3/2023"
        )
    )
    finding = narrative_findings(changed(binh_lang, {"I.1.2": text}))[
        "citation:I.1.2:date:37/QĐ-UBND"
    ]
    assert (
        finding.message
        == "Quyết định 37/QĐ-UBND ghi ngày 28/03/2023 nhưng phụ lục ghi ngày 27/03/2023."
    )


def test_one_plan_cited_with_two_dates(truong_thi: Sample) -> None:
    # seed 004: "Kế hoạch số 134/KH-UBND ngày 03/2/2023" (§I.1), "… ngày 02/3/2023" (§I.3)
    finding = narrative_findings(validate(truong_thi[1], truong_thi[0]))[
        "citation:I.3:dates:134/KH-UBND"
    ]
    assert "ngày 02/03/2023 ở đây nhưng ngày 03/02/2023 ở mục I.1" in finding.message


def test_year_in_the_number_and_the_date(binh_lang: Sample) -> None:
    # §I.3.2 "Quyết định số 28/2016/QĐ-UBND ngày 22/10/2016": right; 2015 would not be
    assert not [f for f in validate(binh_lang[1], binh_lang[0]).findings if ":year:" in f.id]
    text = (
        binh_lang[0]
        .narrative["I.3.2"]
        .replace("28/2016/QĐ-UBND ngày 22/10/2016", "28/2016/QĐ-UBND ngày 22/10/2015")
    )
    found = narrative_findings(changed(binh_lang, {"I.3.2": text}))
    assert (
        "năm trong số hiệu (2016) khác năm" in found["citation:I.3.2:year:28/2016/QĐ-UBND"].message
    )


# --- dates and periods ---------------------------------------------------------------------------


def test_report_dated_before_the_end_of_its_period(truong_thi: Sample) -> None:
    found = narrative_findings(validate(truong_thi[1], truong_thi[0]))
    assert (
        "31/08/2023, trước ngày cuối kỳ báo cáo 01/09/2023" in found["period:header:date"].message
    )
    later = narrative_findings(changed(truong_thi, date=date(2023, 9, 5)))
    assert "period:header:date" not in later


def test_period_words_of_the_closing_and_the_title(truong_thi: Sample, binh_lang: Sample) -> None:
    found = narrative_findings(validate(truong_thi[1], truong_thi[0]))
    closing = found["period:closing:6 thang dau nam 2023"]
    assert (
        closing.shown_key == "Câu kết" and "“6 tháng đầu năm 2023” trong câu kết" in closing.message
    )
    # the title "… 9 tháng năm 2023; Phương hướng, nhiệm vụ 3 tháng cuối năm 2023" fits; a
    # cited report "… 6 tháng đầu năm, nhiệm vụ trọng tâm 6 tháng cuối năm 2022" (§I.1) is not
    # this report; seed 001's "báo cáo định kỳ … Quý ; 6 tháng đầu năm" neither
    assert [k for k in found if k.startswith("period:")] == [
        "period:header:date",
        "period:closing:6 thang dau nam 2023",
    ]
    assert not [
        k for k in narrative_findings(validate(binh_lang[1], binh_lang[0])) if "period" in k
    ]
    wrong = narrative_findings(
        changed(binh_lang, title="Kết quả thực hiện công tác Cải cách hành chính 9 tháng năm 2023")
    )
    assert "period:header:9 thang nam 2023" in wrong


def test_appendix_documents_outside_the_period(binh_lang: Sample) -> None:
    # "Kế hoạch số 59/KH-UBND ngày 30/12/2022 … năm 2023": a plan for the period, issued in
    # the quarter before it; a document of June 2022 is not
    assert not [
        f for f in validate(binh_lang[1], binh_lang[0]).findings if f.id.startswith("period:")
    ]
    report, template = binh_lang
    report = copy.deepcopy(report)
    report.documents.append(Document("Kế hoạch", "70/KH-UBND", date(2022, 6, 1), "về CCHC"))
    found = narrative_findings(validate(template, report))
    assert found["period:70/KH-UBND@2022-06-01"].part == "appendix"
