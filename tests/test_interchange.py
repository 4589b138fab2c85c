"""JSON interchange ``cchc-report/1``: lossless round trip through a real database file."""

from __future__ import annotations

import json
import unicodedata
from decimal import Decimal
from pathlib import Path

import pytest

from cchc_tui.db.store import ReportStore
from cchc_tui.domain.interchange import InterchangeError, dumps_report, loads_report
from cchc_tui.service.samples import load_sample, sample_path


def _parsed(text: str) -> object:
    return json.loads(text, parse_float=Decimal)


def test_sample_round_trip_json_database_json_is_lossless(db_path: Path) -> None:
    original = sample_path().read_text(encoding="utf-8")
    report, template = loads_report(original)
    store = ReportStore.open(db_path)
    rid = store.import_report(report)
    store.close()
    reopened = ReportStore.open(db_path)  # a new process would see the same file
    back = dumps_report(reopened.load_report(rid), template)
    reopened.close()
    assert _parsed(back) == _parsed(original)


def test_sample_holds_the_printed_report(db_path: Path) -> None:
    report, template = load_sample()
    assert report.values["BM1/2"] == Decimal("94.3")
    assert report.values["BM6/1.1"] == Decimal("10900")
    assert report.values["BM1/3.2"] == 5  # printed "05"
    assert report.values["BM3/1.1"] is None
    assert len(report.documents) == 45  # seed 001 PHỤ LỤC numbers 1 to 45
    assert report.documents[10].number == "24/KH-UBND"
    assert report.signature.name == "Trần Xuân Mãng"
    assert set(template.section_keys) <= set(report.narrative)


def test_decomposed_text_is_stored_composed() -> None:
    text = sample_path().read_text(encoding="utf-8")
    data = json.loads(text)
    data["notes"]["BM1/2.1"] = unicodedata.normalize("NFD", "còn 02 nhiệm vụ")
    report, _ = loads_report(json.dumps(data, ensure_ascii=False))
    assert report.notes["BM1/2.1"] == unicodedata.normalize("NFC", "còn 02 nhiệm vụ")


@pytest.mark.parametrize(
    ("change", "words"),
    [
        (lambda d: d.update(format="cchc-report/2"), "cchc-report/1"),
        (lambda d: d["values"].update({"BM9/1": 1}), "BM9/1"),
        (lambda d: d["values"].update({"BM1/1": "45"}), "BM1/1"),
        (lambda d: d["values"].update({"BM1/5": 1.5}), "mã phải là số nguyên"),
        (lambda d: d["period"].update(start="2023-13-01"), "2023-13-01"),
        (lambda d: d["period"].update(start="2024-01-01"), "ngày bắt đầu"),
        (lambda d: d.update(template="ha-noi/xa@2020"), "ha-noi/xa@2020"),
        (lambda d: d["narrative"].update({"IX.9.9": "x"}), "IX.9.9"),
        (lambda d: d["documents"][0].pop("date"), "documents[0].date"),
        (lambda d: d["unit"].update(code=""), "mã đơn vị"),
    ],
)
def test_invalid_report_files_are_refused_with_the_place(change, words: str) -> None:
    data = json.loads(sample_path().read_text(encoding="utf-8"))
    change(data)
    with pytest.raises(InterchangeError) as err:
        loads_report(json.dumps(data, ensure_ascii=False), "x.json")
    assert words in str(err.value)
    assert "x.json" in str(err.value)


@pytest.mark.parametrize("text", ["", "{", "[1, 2]", '{"values": NaN}', "null"])
def test_not_json_or_not_an_object_is_refused(text: str) -> None:
    with pytest.raises(InterchangeError):
        loads_report(text, "x.json")
