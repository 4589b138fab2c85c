"""The CCHC-index self-assessment template and the real Thanh Xá 2023 report (shared/seeds/003).

Seed 003 is UBND xã Thanh Xá's Báo cáo số 101/BC-UBND ngày 14/11/2023: self-assessed points
per reform area against each area's maximum (14,35/15 …), a total of 68,130/74 = 92 % and
the impact part (2/2 points) scored apart. Every total and percentage is derived by the one
validation engine from the template data; the printed figures are kept and compared.
"""

from __future__ import annotations

import copy
import json
import re
from decimal import Decimal
from pathlib import Path

import pytest

import cchc_tui
from cchc_tui.db.store import ReportStore
from cchc_tui.domain.interchange import dumps_report, loads_report
from cchc_tui.domain.report import ReportData
from cchc_tui.domain.validation import validate
from cchc_tui.domain.values import CellError, parse_cell
from cchc_tui.service.samples import load_sample, sample_names, sample_path
from cchc_tui.template.loader import LoadedTemplate, builtin_templates, load_template_text
from cchc_tui.template.model import RowKind, Severity
from tests.validation_helpers import by_id, run

SAMPLE = "thanh-xa-2023-chi-so"
FULL_ID = "hai-duong/xa/chi-so-cchc@2023"
TEMPLATE_PATH = (
    Path(cchc_tui.__file__).parent / "data" / "templates" / "hai-duong_xa_chi-so-cchc_2023.yaml"
)

# Reform areas (lĩnh vực) of the index with their maximum points, as seed 003 prints them.
AREA_MAXIMUM = {
    "BM1/1": Decimal("15"),  # Công tác chỉ đạo điều hành
    "BM1/2": Decimal("5"),  # Cải cách thể chế
    "BM1/3": Decimal("18.5"),  # Cải cách thủ tục hành chính
    "BM1/4": Decimal("6"),  # Cải cách tổ chức bộ máy chính quyền địa phương
    "BM1/5": Decimal("11"),  # Cải cách chế độ công vụ
    "BM1/6": Decimal("7"),  # Cải cách tài chính công
    "BM1/7": Decimal("11.5"),  # Xây dựng và phát triển chính quyền điện tử, chính quyền số
}

# The inconsistencies the printed report really contains. Every other printed figure agrees:
# 68,130 = 14,35 + 5 + 17,78 + 6 + 8 + 7 + 10; 68,13/74 = 92,07 → "92%"; 17,78/18,5 = 96,11
# → "96,1%"; 8/11 = 72,73 → "72,7%"; 5/5, 6/6, 7/7 → "100%"; 74 = the sum of the maxima.
REAL_FINDINGS = {
    "derived:BM1/1-ty-le": Severity.WARNING,  # printed 95,66 %; 14,35/15 = 95,666… → 95,67
    "derived:BM1/7-ty-le": Severity.WARNING,  # printed 86,95 %; 10/11,5 = 86,956… → 86,96
}


@pytest.fixture(scope="module")
def sample() -> tuple[ReportData, LoadedTemplate]:
    return load_sample(SAMPLE)


@pytest.fixture(scope="module")
def template_text() -> str:
    return TEMPLATE_PATH.read_text(encoding="utf-8")


def _parsed(text: str) -> object:
    return json.loads(text, parse_float=Decimal)


# --- The template -----------------------------------------------------------------------------


def test_template_is_builtin_and_shaped_as_the_seed() -> None:
    loaded = builtin_templates()[FULL_ID]
    t = loaded.template
    assert (t.province, t.period_kinds, t.receiving_office) == (
        "Hải Dương",
        ["nam"],
        "UBND huyện Thanh Hà",
    )
    assert t.rounding.decimals == 2
    assert [f.number for f in t.forms] == [1, 2]
    assert [s.part for s in t.sections][1:6] == ["II. KẾT QUẢ THỰC HIỆN"] * 5
    assert loaded.section_keys == (
        "I.1",
        "II.1.1",
        "II.2.1",
        "II.3.1",
        "II.4.1",
        "II.5.1",
        "III.1.1",
        "III.1.2",
        "III.2.1",
    )


def test_each_area_is_typed_points_with_its_maximum_and_a_derived_percentage() -> None:
    loaded = builtin_templates()[FULL_ID]
    for key, maximum in AREA_MAXIMUM.items():
        info = loaded.indicators[key]
        assert info.editable and info.required, key
        assert (info.kind, info.indicator.unit_of_measure) == (RowKind.DECIMAL, "Điểm")
        assert Decimal(str(info.indicator.maximum)) == maximum, key
        percent = loaded.indicators[f"{key}-ty-le"]
        assert percent.kind is RowKind.PERCENT and not percent.editable
        assert percent.derive is not None
        # the percentage divides by the same maximum the input refuses to exceed
        assert percent.derive.source == f"ratio({{{key[4:]}}}, {maximum})", key
        evidence = loaded.indicators[f"{key}-kiem-chung"]
        assert evidence.kind is RowKind.TEXT and evidence.indicator.evidence
        assert not evidence.required


def test_totals_are_derived_and_the_impact_part_is_scored_apart() -> None:
    loaded = builtin_templates()[FULL_ID]
    total = loaded.indicators["BM1/tong"]
    assert total.derive is not None and not total.editable
    assert set(total.derive.refs) == set(AREA_MAXIMUM)  # the 7 areas, not BM2
    assert sum(AREA_MAXIMUM.values()) == Decimal(74) == Decimal(str(total.indicator.maximum))
    for key in ("BM1/tong-toi-da", "BM1/tong-ty-le", "BM1/3.1.2", "BM1/3.1.2-ty-le"):
        assert not loaded.indicators[key].editable, key
    impact = loaded.indicators["BM2/1"]
    assert (
        impact.editable
        and impact.indicator.maximum == 2
        and impact.indicator.unit_of_measure == "Điểm"
    )
    assert loaded.indicators["BM2/1-kiem-chung"].indicator.evidence


# --- The sample: the printed report -----------------------------------------------------------


def test_sample_is_shipped_and_holds_the_printed_report(sample) -> None:
    report, template = sample
    assert SAMPLE in sample_names()
    assert template.full_id == FULL_ID
    assert (report.unit.code, report.unit.name, report.unit.district) == (
        "10852",
        "Thanh Xá",
        "Thanh Hà",
    )
    assert (report.header.number, report.header.symbol) == ("101", "BC-UBND")
    assert report.header.date is not None and report.header.date.isoformat() == "2023-11-14"
    assert (report.period.code, report.period.end.isoformat()) == ("2023-chiso", "2023-11-14")
    assert report.values["BM1/1"] == Decimal("14.35")
    assert report.values["BM1/1-ty-le"] == Decimal("95.66")  # as printed
    assert report.values["BM1/tong"] == Decimal("68.13")  # printed "68,130"
    assert [d.number for d in report.documents] == ["3395/QĐ-UBND", "819/UBND-NV"]
    assert report.signature.name == "Nguyễn Thị Thủy"
    assert set(template.section_keys) <= set(report.narrative)


def test_sample_round_trip_json_database_json_is_lossless(db_path: Path) -> None:
    original = sample_path(SAMPLE).read_text(encoding="utf-8")
    report, template = loads_report(original)
    store = ReportStore.open(db_path)
    rid = store.import_report(report)
    store.close()
    reopened = ReportStore.open(db_path)  # a new process would see the same file
    back = dumps_report(reopened.load_report(rid), template)
    reopened.close()
    assert _parsed(back) == _parsed(original)


def test_app_derives_total_and_percentages(sample) -> None:
    result = run(sample)
    _, template = sample
    shown = {key: result.display(template.indicators[key]) for key in template.indicators}
    assert shown["BM1/tong"] == "68,13"
    assert shown["BM1/tong-toi-da"] == "74"
    assert shown["BM1/tong-ty-le"] == "92,07"
    assert {k: shown[f"{k}-ty-le"] for k in AREA_MAXIMUM} == {
        "BM1/1": "95,67",
        "BM1/2": "100",
        "BM1/3": "96,11",
        "BM1/4": "100",
        "BM1/5": "72,73",
        "BM1/6": "100",
        "BM1/7": "86,96",
    }
    assert shown["BM2/1"] == "2"
    assert shown["BM1/3.1.2"] == ""  # the report gives no plan/done counts for 3.1.2


def test_sample_findings_are_exactly_the_real_inconsistencies(sample) -> None:
    result = run(sample)
    assert {f.id: f.severity for f in result.findings} == REAL_FINDINGS
    for fid, expected in (("derived:BM1/1-ty-le", "95,67"), ("derived:BM1/7-ty-le", "86,96")):
        finding = by_id(result)[fid]
        assert finding.expected == expected
        assert "làm tròn" in finding.message


# --- Maximum points ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("key", "typed", "limit"), [("BM1/1", "15,5", "15"), ("BM1/3", "19", "18,5")]
)
def test_typing_more_than_the_area_maximum_is_refused(
    sample, key: str, typed: str, limit: str
) -> None:
    _, template = sample
    row = template.indicators[key].indicator
    with pytest.raises(CellError) as err:
        parse_cell(row, typed)
    assert str(err.value) == f"Giá trị không được vượt quá {limit}."
    assert parse_cell(row, limit) == Decimal(limit.replace(",", "."))


def test_a_json_value_above_the_maximum_is_an_error() -> None:
    data = json.loads(sample_path(SAMPLE).read_text(encoding="utf-8"))
    data["values"]["BM1/7"] = 12  # more than 11,5
    data["values"]["BM2/1"] = 3  # more than 2
    report, template = loads_report(json.dumps(data, ensure_ascii=False))
    found = by_id(validate(template, report))
    for key, limit in (("BM1/7", "11,5"), ("BM2/1", "2")):
        assert found[f"value:{key}"].severity is Severity.ERROR
        assert limit in found[f"value:{key}"].message


def test_a_stored_value_above_the_maximum_is_an_error(db_path: Path) -> None:
    report, template = load_sample(SAMPLE)
    store = ReportStore.open(db_path)
    rid = store.import_report(report)
    store.set_value(rid, "BM1/5", Decimal("11.25"))
    stored = store.load_report(rid)
    store.close()
    finding = by_id(validate(template, stored))["value:BM1/5"]
    assert finding.severity is Severity.ERROR
    assert "11" in finding.message


# --- Scoring tiers (sub-criterion 3.1.2) ------------------------------------------------------

CURRENT_RULE = "tier(ratio({3.1.2-hoan-thanh}, {3.1.2-ke-hoach}), 100, 1, 0, 0)"
PROPOSED_RULE = "tier(ratio({3.1.2-hoan-thanh}, {3.1.2-ke-hoach}), 100, 1, 70, 0.5, 0, 0)"


def _points_312(template: LoadedTemplate, report: ReportData, plan: int, done: int) -> str:
    changed = copy.deepcopy(report)
    changed.values["BM1/3.1.2-ke-hoach"] = plan
    changed.values["BM1/3.1.2-hoan-thanh"] = done
    return validate(template, changed).display(template.indicators["BM1/3.1.2"])


def test_the_current_and_the_proposed_tiers_are_both_template_data(
    sample, template_text: str
) -> None:
    report, shipped = sample
    assert shipped.indicators["BM1/3.1.2"].indicator.derive == CURRENT_RULE
    assert template_text.count(CURRENT_RULE) == 1
    proposed = load_template_text(
        template_text.replace(CURRENT_RULE, PROPOSED_RULE), "de-xuat-3.1.2.yaml"
    )
    # (plan, done): current rule (100 % → 1, below → 0) and the tier the commune asks for
    cases = {
        (10, 10): ("1", "1"),
        (10, 8): ("0", "0,5"),
        (10, 7): ("0", "0,5"),
        (10, 6): ("0", "0"),
    }
    for (plan, done), (now, asked) in cases.items():
        assert _points_312(shipped, report, plan, done) == now, (plan, done)
        assert _points_312(proposed, report, plan, done) == asked, (plan, done)
    assert _points_312(shipped, report, 0, 0) == "không phát sinh"


def test_done_above_plan_is_an_error(sample) -> None:
    finding = by_id(run(sample, **{"BM1/3.1.2-ke-hoach": 4, "BM1/3.1.2-hoan-thanh": 5}))
    assert finding["at_most:BM1/3.1.2-hoan-thanh"].severity is Severity.ERROR


# --- Evidence documents -----------------------------------------------------------------------


def test_evidence_not_in_the_appendix_is_a_warning(sample) -> None:
    result = run(sample, **{"BM1/1-kiem-chung": "3395/QĐ - UBND; 25/KH-UBND"})
    new = {f.id: f for f in result.findings if f.id not in REAL_FINDINGS}
    assert set(new) == {"evidence:BM1/1-kiem-chung:25/KH-UBND"}
    finding = new["evidence:BM1/1-kiem-chung:25/KH-UBND"]
    assert finding.severity is Severity.WARNING
    assert re.search(r"25/KH-UBND.*phụ lục", finding.message)
