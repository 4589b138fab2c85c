"""Figures in free text (``domain.narrative_numbers``), on sentences of shared/seeds/001–004.

Expected values are the seeds' own numbers, read the vi-VN way (decimal comma, thousands dot).
"""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from cchc_tui.base.numbers import format_number, parse_number
from cchc_tui.domain.narrative_numbers import (
    TokenKind,
    UnitKind,
    extract_figures,
    fold_keep_length,
    scan,
)


def figures(text: str) -> list[tuple[str, str | None]]:
    return [(f.text, f.unit.words if f.unit else None) for f in extract_figures(text)]


def test_counts_percentages_and_money_of_seed_001() -> None:
    # §I.3.4
    text = (
        "+ Tính đến ngày 08/12/2023 Bộ phận một cửa xã tiếp nhận, giải quyết 2051 hồ sơ. "
        "Trong số kỳ trước chuyển sang giải quyết 01 hồ sơ, tiếp nhận trong kỳ 2050 hồ sơ; "
        "đã giải quyết trước hạn và đúng hạn 2036/ 2037 hồ sơ, đạt tỷ lệ 99,95%"
    )
    found = extract_figures(text)
    assert [f.value for f in found] == [2051, 1, 2050, 2036, 2037, Decimal("99.95")]
    assert found[-1].unit is not None and found[-1].unit.kind is UnitKind.PERCENT
    # the part of "2036/ 2037 hồ sơ" counts what the whole counts
    assert found[3].unit is not None and found[3].unit.words.startswith("ho so")
    # §I.5.5: money in đồng, read exactly
    money = extract_figures("UBND xã giải ngân được 656.377.500 đồng, đạt 6,02% kế hoạch")
    assert money[0].value == Decimal(656377500)
    assert money[0].unit is not None and money[0].unit.kind is UnitKind.MONEY
    assert money[0].unit.factor == 1
    assert money[1].value == Decimal("6.02")


def test_money_unit_touching_the_number_and_comrades_are_no_money() -> None:
    # seed 004 §II.2.4 "… là 7.494.120đ"; seed 001 §I.1.5 "03 đồng chí"
    paid = extract_figures("thanh toán trực tuyến (tính đến thời điểm báo cáo) là 7.494.120đ")
    assert paid[0].value == 7494120 and paid[0].unit is not None
    assert paid[0].unit.kind is UnitKind.MONEY
    people = extract_figures("Năm 2023 có 03 đồng chí cán bộ, công chức có đề tài")
    assert people[0].unit is not None and people[0].unit.kind is UnitKind.NOUN


def test_dates_documents_years_levels_and_markers_are_not_figures() -> None:
    # seed 001 §I.1.2, §I.3.4, §I.4.2; seed 002 §II.1; seed 004 §I.1
    assert figures("Quyết định số 37/QĐ - UBND ngày 27/3/2023 Ủy ban nhân dân xã") == []
    assert figures("Thông báo số 42/TB- UBND, ngày 22 tháng 3 năm 2023 về việc") == []
    assert figures("Quy chế làm việc của UBND xã nhiệm kỳ 2021 - 2026 được xây dựng") == []
    assert figures("Số hồ sơ mức độ 3,4 là 1041 hồ sơ/1049, đạt 99,2%") == [
        ("1041", "ho so"),
        ("1049", None),
        ("99,2", "%"),
    ]
    assert figures("đợt cao điểm từ 20/5 đến 30/5/2023.") == []
    assert figures("1. Tiếp tục đẩy mạnh công tác tuyên truyền") == []
    assert figures("UBND xã xây dựng và triển khai kế hoạch số 39 về tổ chức hội nghị") == []
    assert figures("Đến tháng 12/2023, UBND xã giải ngân được") == []


def test_ambiguous_numbers_of_the_ocr_are_no_figures() -> None:
    # seed 003 prints "17.78 điểm" and "86.95%": a dot is not a decimal separator here
    text = "Cải cách thủ tục hành chính: 17.78 điểm/18,5 điểm, đạt 96,1%"
    assert [f.text for f in extract_figures(text)] == ["18,5", "96,1"]


def test_sentences_fractions_and_tokens() -> None:
    text = "Hoàn thành 190/190 nhiệm vụ được UBND huyện giao. Năm 2022: Ban hành 5 văn bản"
    scanned = scan(text)
    assert len(scanned.sentences) == 2
    assert scanned.fractions == [(0, 1)]
    years = [t for t in scanned.sentences[1].tokens if t.kind is TokenKind.YEAR]
    assert [t.year for t in years] == [2022]
    assert scanned.sentences[0].encoded.startswith("hoan thanh #0 / #1 nhiem vu duoc")


def test_folding_keeps_offsets() -> None:
    text = "Đến nay… “tổng số 2037 phiếu” ﬁ"
    folded = fold_keep_length(text)
    assert len(folded) == len(text)
    assert folded[:7] == "den nay"
    start = text.index("2037")
    assert folded[start : start + 4] == "2037"


@settings(max_examples=400, deadline=None)
@given(st.text())
def test_the_extractor_never_raises_and_figures_round_trip(text: str) -> None:
    for figure in extract_figures(text):
        assert parse_number(figure.text) == figure.value
        assert parse_number(format_number(figure.value)) == figure.value
        assert text[figure.start : figure.end] == figure.text


NUMBERISH = st.text(alphabet="0123456789.,%/ đồnghsơ-:;()\n", min_size=0, max_size=60)


@settings(max_examples=400, deadline=None)
@given(st.lists(st.one_of(NUMBERISH, st.sampled_from(["ngày 12/3/2023", "năm 2023", "số 39"]))))
def test_figures_of_number_heavy_text_round_trip(parts: list[str]) -> None:
    text = " ".join(parts)
    for figure in extract_figures(text):
        assert parse_number(format_number(figure.value)) == figure.value
        assert parse_number(figure.text) == figure.value


def test_digits_of_other_scripts_are_no_figures() -> None:
    # found by hypothesis: "²" folds to "2" in NFKD; a figure is only ASCII digits as written
    assert extract_figures("²가") == [] and extract_figures("① hồ sơ") == []
    assert [f.value for f in extract_figures("x² = 4 hồ sơ")] == [4]
