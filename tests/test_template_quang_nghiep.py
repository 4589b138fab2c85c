"""The breakthrough-task progress template and the real Quảng Nghiệp 2023 report (seed 002).

Seed 002 is UBND xã Quảng Nghiệp's (huyện Tứ Kỳ) progress report on the two breakthrough tasks
(nhiệm vụ đột phá) of Quyết định 59/QĐ-UBND ngày 10/01/2023, for the first 6 months of 2023.
It has no table: its figures are in the text (1041/1049 = 99,2 %, 901/1101 = 81,8 %, lids and
microbial packs per village). The template types them as rows; the one validation engine
derives the ratios and totals and compares them with what was printed.
"""

from __future__ import annotations

import json
import re
import unicodedata
from decimal import Decimal
from pathlib import Path

import pytest
import yaml

import cchc_tui
from cchc_tui.db.store import ReportStore
from cchc_tui.domain.interchange import dumps_report, loads_report
from cchc_tui.domain.report import ReportData
from cchc_tui.domain.validation import ValidationResult, validate
from cchc_tui.domain.values import CellError, parse_cell
from cchc_tui.service.samples import load_sample, sample_names, sample_path
from cchc_tui.template.loader import LoadedTemplate, builtin_templates, load_template_text
from cchc_tui.template.model import RowKind, Severity
from tests.validation_helpers import by_id, run

SAMPLE = "quang-nghiep-2023-dot-pha"
FULL_ID = "hai-duong/xa/dot-pha@2023"
TEMPLATE_PATH = (
    Path(cchc_tui.__file__).parent / "data" / "templates" / "hai-duong_xa_dot-pha_2023.yaml"
)
STATUS_CODES = {
    0: "Chưa triển khai",
    1: "Đang thực hiện",
    2: "Hoàn thành",
    3: "Hoàn thành vượt mức",
}

# The inconsistencies the printed report really contains. Every other printed figure agrees:
# 1041/1049 = 99,237 → "99,2%"; 901/1101 = 81,835 → "81,8%"; 1047 + 02 = 1049 received;
# 1047 on time of 1047 settled; 21/21 mail accounts; 05 + 01 + 01 at the one-stop desk.
REAL_FINDINGS = {
    # received 266 lids; villages 85 (Mỹ Đức) + 91 (Mạc) + 80 (Kiêm Tân) = 256: 10 unaccounted
    "rule:BM3/R1": Severity.WARNING,
    # received 1500 packs; villages 380 + 360 + 380 = 1120: 380 unaccounted
    "rule:BM3/R2": Severity.WARNING,
}


@pytest.fixture(scope="module")
def sample() -> tuple[ReportData, LoadedTemplate]:
    return load_sample(SAMPLE)


def shown(result: ValidationResult, key: str) -> str:
    return result.display(result.template.indicators[key])


def _parsed(text: str) -> object:
    return json.loads(text, parse_float=Decimal)


# --- The template -----------------------------------------------------------------------------


def test_template_is_builtin_and_shaped_as_the_seed() -> None:
    loaded = builtin_templates()[FULL_ID]
    t = loaded.template
    assert (t.province, t.period_kinds, t.unit_kinds) == ("Hải Dương", ["6thang"], ["xa"])
    assert t.receiving_office == "Phòng Nội vụ huyện Tứ Kỳ"  # as printed, data not code
    assert t.rounding.decimals == 1  # the print gives 99,2 % and 81,8 %
    assert [(f.number, f.area) for f in t.forms] == [
        (1, "to-chuc-thuc-hien"),
        (2, "nhiem-vu-1"),
        (3, "nhiem-vu-2"),
    ]
    # numbered as printed: "1." under a part, or a part of its own ("IV. BÀI HỌC KINH NGHIỆM")
    assert [(s.number, s.part.split(".")[0]) for s in t.sections] == [
        ("1", "I"),
        ("2", "I"),
        ("1", "II"),
        ("2", "II"),
        ("1", "III"),
        ("2", "III"),
        ("IV", ""),
        ("V", ""),
        ("VI", ""),
    ]
    assert loaded.section_keys == (
        "I.1.1",
        "I.2.1",
        "II.1.1",
        "II.1.2",
        "II.2.1",
        "II.2.2",
        "II.2.3",
        "III.1.1",
        "III.2.1",
        "III.2.2",
        "IV.1",
        "V.1",
        "VI.1",
    )
    assert all(sub.guidance for s in t.sections for sub in s.subheadings)
    assert t.appendix is not None and t.appendix.count_row == "BM1/1"


def test_row_keys_are_form_and_stt() -> None:
    raw = yaml.safe_load(TEMPLATE_PATH.read_text(encoding="utf-8"))
    keys: list[str] = []

    def walk(number: int, rows: list[dict[str, object]]) -> None:
        for row in rows:
            assert "key" not in row  # every row has its printed-style STT
            keys.append(f"BM{number}/{str(row['stt']).rstrip('.')}")
            walk(number, row.get("children", []))  # type: ignore[arg-type]

    for form in raw["forms"]:
        walk(form["number"], form["rows"])
    loaded = builtin_templates()[FULL_ID]
    assert keys == list(loaded.indicators)
    assert all(re.fullmatch(r"BM[1-3]/\d+(\.\d+)*", k) for k in keys)


def test_progress_ratios_are_derived_from_their_rows() -> None:
    loaded = builtin_templates()[FULL_ID]
    ratios = {
        k: i.derive.source
        for k, i in loaded.indicators.items()
        if i.kind is RowKind.PERCENT and i.derive
    }
    assert ratios == {
        "BM2/2.4": "ratio({2.4.1}, {2.2})",  # on time / settled
        "BM2/3": "ratio({3.1}, {2.1})",  # online level 3-4 / received
        "BM2/5": "ratio({5.2}, {5.1})",  # fees paid online / files with fees
        "BM2/8.2": "ratio({8.2.2}, {8.2.1})",  # mail accounts in use / all
        "BM3/1.2": "ratio({1.2.2}, {1.2.1})",  # old violations settled / all
        "BM3/2": "ratio({2.2}, {2.1})",  # households sorting waste / all households
    }
    for key in ratios:
        assert not loaded.indicators[key].editable, key


def test_village_supplies_are_summed_and_bounded_by_what_was_received() -> None:
    loaded = builtin_templates()[FULL_ID]
    for total, received in (("BM3/3.2", "BM3/3.1"), ("BM3/4.2", "BM3/4.1")):
        info = loaded.indicators[total]
        assert info.derive is not None and info.derive.source.startswith("total(")
        assert [loaded.indicators[c].indicator.label for c in info.children] == [
            "Thôn Mỹ Đức",
            "Thôn Mạc",
            "Thôn Kiêm Tân",
        ]
        assert info.derive.refs == info.children
        assert info.at_most is not None and info.at_most.refs == (received,)


def test_each_task_has_a_status_code_from_a_fixed_list() -> None:
    loaded = builtin_templates()[FULL_ID]
    for key in ("BM2/9", "BM3/5"):
        info = loaded.indicators[key]
        assert info.kind is RowKind.CODE and info.required and info.editable
        assert info.indicator.codes == STATUS_CODES


def test_template_text_is_nfc_and_decomposed_text_loads_the_same() -> None:
    text = TEMPLATE_PATH.read_text(encoding="utf-8")
    assert unicodedata.is_normalized("NFC", text)
    loaded = load_template_text(unicodedata.normalize("NFD", text), "nfd.yaml")
    assert loaded.indicators["BM3/3.2.2"].indicator.label == "Thôn Mạc"
    assert list(loaded.indicators) == list(builtin_templates()[FULL_ID].indicators)


# --- The sample: the printed report -----------------------------------------------------------


def test_sample_is_shipped_and_holds_the_printed_report(sample) -> None:
    report, template = sample
    assert SAMPLE in sample_names()
    assert template.full_id == FULL_ID
    u = report.unit
    assert (u.code, u.name, u.kind, u.district, u.province) == (
        "11122",
        "Quảng Nghiệp",
        "xa",
        "Tứ Kỳ",
        "Hải Dương",
    )
    assert u.agency == "Ủy ban nhân dân xã Quảng Nghiệp"
    # no number, date or period dates are printed: the first 6 months of 2023 ("Sáu tháng đầu năm")
    assert (report.header.number, report.header.date) == (None, None)
    p = report.period
    assert (p.kind, p.code, p.start.isoformat(), p.end.isoformat()) == (
        "6thang",
        "2023-6thang",
        "2023-01-01",
        "2023-06-30",
    )
    assert report.values["BM2/3"] == Decimal("99.2")  # printed on a derived row, kept
    assert report.values["BM3/2"] == Decimal("81.8")
    assert report.values["BM3/2.2"] == 901 and report.values["BM3/2.1"] == 1101
    assert report.values["BM2/2.3"] == 2  # printed "02"
    assert report.values["BM2/9"] == 3 and report.values["BM3/5"] == 3
    assert report.documents == []  # "có phụ lục kèm theo", but the appendix is not in the seed
    assert report.recipients == ["Phòng Nội vụ huyện Tứ Kỳ", "Lưu: VP"]
    assert report.signature.name == "Vũ Chí Mạnh"
    assert set(report.narrative) == set(template.section_keys) | {"closing"}
    assert "Quảng Nghiệp" in report.narrative["closing"]
    assert "901/1101 đạt 81,8%" in report.narrative["II.2.2"]
    text = sample_path(SAMPLE).read_text(encoding="utf-8")
    assert unicodedata.is_normalized("NFC", text)
    assert "Quang Nghiệp" not in text


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
    assert back == original  # even the text: values, notes and narrative in template order


# --- What the app shows -----------------------------------------------------------------------


def test_app_derives_the_ratios_and_totals_as_printed(sample) -> None:
    result = run(sample)
    assert {
        key: shown(result, key)
        for key in ("BM2/3", "BM3/2", "BM2/2.4", "BM2/8.2", "BM1/1", "BM2/6", "BM3/3.2", "BM3/4.2")
    } == {
        "BM2/3": "99,2",  # 1041/1049
        "BM3/2": "81,8",  # 901/1101
        "BM2/2.4": "100",  # 1047 on time of 1047 settled (not printed)
        "BM2/8.2": "100",  # 21/21
        "BM1/1": "37",  # 01 Nghị quyết + 29 Kế hoạch + 7 Thông báo
        "BM2/6": "7",  # 05 công chức + 01 Công an + 01 Quân sự
        "BM3/3.2": "256",  # 85 + 91 + 80
        "BM3/4.2": "1.120",  # 380 + 360 + 380
    }
    assert shown(result, "BM2/5") == ""  # the print gives no online-payment figures
    assert shown(result, "BM2/9") == "3 – Hoàn thành vượt mức"


def test_sample_findings_are_exactly_the_real_inconsistencies(sample) -> None:
    result = run(sample)
    assert {f.id: f.severity for f in result.findings} == REAL_FINDINGS
    found = by_id(result)
    assert found["rule:BM3/R1"].key == "BM3/3.2"
    assert "còn 10 nắp đậy" in found["rule:BM3/R1"].message
    assert found["rule:BM3/R2"].key == "BM3/4.2"
    assert "còn 380 gói men vi sinh" in found["rule:BM3/R2"].message
    assert result.by_part["narrative"].percent == 100
    assert not result.errors


def test_a_wrongly_rounded_printed_ratio_is_caught(sample) -> None:
    finding = by_id(run(sample, **{"BM3/2": Decimal("81.9")}))["derived:BM3/2"]
    assert finding.severity is Severity.WARNING
    assert finding.expected == "81,8"
    assert "làm tròn" in finding.message


# --- Changes an officer might make ------------------------------------------------------------


@pytest.mark.parametrize(("key", "code"), [("BM2/9", 4), ("BM3/5", -1)])
def test_a_status_code_outside_the_list_is_an_error(sample, key: str, code: int) -> None:
    finding = by_id(run(sample, **{key: code}))[f"value:{key}"]
    assert finding.severity is Severity.ERROR
    assert f"Mã “{code}” không có trong danh sách" in finding.message
    assert "Hoàn thành vượt mức = 3" in finding.message
    with pytest.raises(CellError):  # typed in the app, it is refused at once
        parse_cell(sample[1].indicators[key].indicator, str(code))


def test_changing_a_village_figure_changes_the_derived_total(db_path: Path) -> None:
    report, template = load_sample(SAMPLE)
    store = ReportStore.open(db_path)
    rid = store.import_report(report)
    store.set_value(rid, "BM3/3.2.1", 95)  # Mỹ Đức 85 → 95 lids
    store.set_value(rid, "BM3/4.2.2", 340)  # Mạc 360 → 340 packs
    stored = store.load_report(rid)
    store.close()
    result = validate(template, stored)
    assert shown(result, "BM3/3.2") == "266"  # 95 + 91 + 80: all received lids handed out
    assert shown(result, "BM3/4.2") == "1.100"  # 380 + 340 + 380
    ids = set(by_id(result))
    assert "rule:BM3/R1" not in ids
    assert "còn 400 gói" in by_id(result)["rule:BM3/R2"].message


def test_handing_out_more_than_was_received_is_an_error(sample) -> None:
    finding = by_id(run(sample, **{"BM3/3.2.3": 100}))["at_most:BM3/3.2"]  # 85 + 91 + 100
    assert finding.severity is Severity.ERROR
    assert finding.expected == "≤ 266"
    assert "276" in finding.message and "Số nắp đậy đã tiếp nhận" in finding.message


def test_status_is_checked_against_violations_and_targets(sample) -> None:
    # a new land violation while task 2 is self-assessed as done
    assert by_id(run(sample, **{"BM3/1.1": 2}))["rule:BM3/R3"].severity is Severity.WARNING
    assert "rule:BM3/R3" not in by_id(run(sample, **{"BM3/1.1": 2, "BM3/5": 1}))
    # a target above what was reached: 81,8 % of households against 90 %
    finding = by_id(run(sample, **{"BM3/2.3": Decimal(90)}))["rule:BM3/R4"]
    assert finding.severity is Severity.WARNING and "90" in finding.message
    assert "rule:BM3/R4" not in by_id(run(sample, **{"BM3/2.3": Decimal(80)}))
    assert "rule:BM2/R2" in by_id(run(sample, **{"BM2/3.2": Decimal("99.5")}))


def test_settled_plus_pending_must_equal_received(sample) -> None:
    finding = by_id(run(sample, **{"BM2/2.3": 5}))["rule:BM2/R1"]  # 1047 + 5 ≠ 1049
    assert finding.severity is Severity.WARNING
    assert finding.expected == "1.049" and "1.052" in finding.message
