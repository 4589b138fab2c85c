"""The lint of ``cchc templates check``: one small synthetic template per defect kind, each
modelled on a defect a real printed form carries, and the lint's output on the shipped ones."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

import cchc_tui
from cchc_tui.cli import main
from cchc_tui.template.lint import LintWarning, lint_template
from cchc_tui.template.loader import builtin_templates, load_template_text

HEAD = """\
id: thu/xa/lint
version: "1"
title: Thử
province: Thử
period_kinds: [nam]
unit_kinds: [xa]
receiving_office: Thử
sections: []
forms:
  - number: 1
    title: Thử
"""


def lint(rows: str, rules: str = "") -> list[LintWarning]:
    text = HEAD + "    rows:\n" + textwrap.indent(textwrap.dedent(rows), "      ")
    if rules:
        text += "    rules:\n" + textwrap.indent(textwrap.dedent(rules), "      ")
    return lint_template(load_template_text(text, "lint.yaml"))


def codes(found: list[LintWarning]) -> list[tuple[str, str]]:
    return [(w.code, w.where) for w in found]


def test_a_clean_template_has_no_warning() -> None:
    assert (
        lint(
            """\
        - stt: "1."
          label: Tỷ lệ hoàn thành kế hoạch
          unit_of_measure: "%"
          kind: percent
          derive: "ratio({1.2}, {1.1})"
          children:
            - {stt: "1.1.", label: Số nhiệm vụ đề ra, unit_of_measure: Nhiệm vụ}
            - {stt: "1.2.", label: Số nhiệm vụ đã hoàn thành, unit_of_measure: Nhiệm vụ}
        - stt: "2."
          label: Tổng số TTHC
          unit_of_measure: Thủ tục
          derive: sum_children()
          children:
            - {stt: "2.1.", label: Số TTHC cấp xã, unit_of_measure: Thủ tục}
        """
        )
        == []
    )


def test_two_rows_with_the_same_label_under_one_parent() -> None:
    # Seed 001, Biểu mẫu 3: rows 3.2 and 3.3 both print "… do UBND cấp xã tiếp nhận …".
    found = lint(
        """\
        - stt: "3."
          label: Kết quả giải quyết TTHC
          kind: heading
          children:
            - {stt: "3.1.", label: Tỷ lệ đúng hạn cấp xã, unit_of_measure: "%", kind: percent}
            - {stt: "3.2.", label: Tỷ lệ  đúng hạn cấp xã, unit_of_measure: "%", kind: percent}
        - stt: "4."
          label: Khác
          kind: heading
          children:
            - {stt: "4.1.", label: Tổng số hồ sơ, unit_of_measure: Hồ sơ}
        - stt: "5."
          label: Khác nữa
          kind: heading
          children:
            - {stt: "5.1.", label: Tổng số hồ sơ, unit_of_measure: Hồ sơ}
        """
    )
    assert codes(found) == [("dup_label", "BM1/3.2")]  # the same label elsewhere is fine
    assert "BM1/3.1" in found[0].message


def test_stt_gaps_repeats_and_orphans() -> None:
    # Seed 001 Biểu mẫu 5: 1., 3., 4.; Biểu mẫu 7: 5.1.2 without 5.1.1; seed 004: 3.3.1 twice;
    # seed 003's sub-criterion 3.1.2 under area 3 without criterion 3.1.
    found = lint(
        """\
        - {stt: "1.", label: A}
        - stt: "3."
          label: B
          kind: heading
          children:
            - {stt: "3.1", label: C}
            - {stt: "3.2", label: D}
            - {key: BM1/3.2b, stt: "3.2", label: E}
            - {stt: "3.4", label: F}
        - stt: "4."
          label: G
          kind: heading
          children:
            - {stt: "4.2.1", label: H}
            - {key: BM1/4-ty-le, label: Tỷ lệ điểm, unit_of_measure: "%", kind: percent}
        """
    )
    assert codes(found) == [
        ("stt_gap", "BM1/3"),
        ("stt_repeat", "BM1/3.2b"),
        ("stt_gap", "BM1/3.4"),
        ("stt_orphan", "BM1/4.2.1"),
    ]
    assert "thiếu 2" in found[0].message and "thiếu 3.3" in found[2].message
    assert "không có dòng 4.2" in found[3].message


def test_a_form_may_start_its_rows_at_its_own_number() -> None:
    # Seed 004's appendix is one table of seven groups: form 2 starts at row "2".
    assert lint('- {stt: "2", label: A, kind: heading}\n- {stt: "3", label: B}\n') == []


def test_a_rate_whose_unit_is_not_percent() -> None:
    # Seed 004 row 7.2 "Tỷ lệ cơ quan … được cấp chứng thư số" — Đơn vị, 1.
    found = lint(
        '- {stt: "7.2", label: "Tỷ lệ cơ quan được cấp chứng thư số", unit_of_measure: Đơn vị}\n'
    )
    assert codes(found) == [("rate_unit", "BM1/7.2")] and "Đơn vị" in found[0].message


def test_the_unit_repeated_in_the_label() -> None:
    # Seed 001 Biểu mẫu 2 row 1.1 "Số VBQPPL do cấp xã ban hành Văn bản" — Văn bản.
    found = lint(
        """\
        - {stt: "1", label: Số VBQPPL do cấp xã ban hành Văn bản, unit_of_measure: Văn bản}
        - {stt: "2", label: Số văn bản chỉ đạo đã ban hành, unit_of_measure: Văn bản}
        """
    )
    assert codes(found) == [("unit_in_label", "BM1/1")]


def test_a_total_with_children_and_nothing_tying_them() -> None:
    found = lint(
        """\
        - stt: "1"
          label: Tổng số TTHC đang áp dụng
          unit_of_measure: Thủ tục
          children:
            - {stt: "1.1", label: Số TTHC cấp huyện, unit_of_measure: Thủ tục}
            - {stt: "1.2", label: Số TTHC cấp xã, unit_of_measure: Thủ tục}
        - stt: "2"
          label: Tổng số văn bản đi
          unit_of_measure: Văn bản
          children:
            - {stt: "2.1", label: Tỷ lệ gửi điện tử, unit_of_measure: "%", kind: percent}
        - stt: "3"
          label: Tổng số hồ sơ
          unit_of_measure: Hồ sơ
          children:
            - {stt: "3.1", label: Hồ sơ trực tuyến, unit_of_measure: Hồ sơ, at_most: "{3}"}
        - stt: "4"
          label: Tổng số phiếu
          unit_of_measure: Phiếu
          children:
            - {stt: "4.1", label: Phiếu phát ra, unit_of_measure: Phiếu}
        """,
        rules="""\
        - {key: R1, check: "{4.1} <= {4}", rows: ["4.1"], message: Thử}
        """,
    )
    # Row 2's children are rates (they cannot add up); 3 has an at_most, 4 a rule.
    assert codes(found) == [("total_unchecked", "BM1/1")]


def test_a_ratio_of_two_units_and_comparisons_of_two_units() -> None:
    found = lint(
        """\
        - {stt: "1", label: Kế hoạch được giao, unit_of_measure: Triệu đồng, kind: money}
        - {stt: "2", label: Số dự án, unit_of_measure: Dự án}
        - {stt: "3", label: Giải ngân, unit_of_measure: "%", kind: percent,
           derive: "ratio({2}, {1})"}
        - {stt: "4", label: Số TTHC trực tuyến, unit_of_measure: TTHC}
        - {stt: "5", label: Số TTHC áp dụng, unit_of_measure: Thủ tục}
        - {stt: "6", label: Số hồ sơ, unit_of_measure: Hồ sơ, at_most: "{2}"}
        """,
        rules="""\
        - {key: R1, check: "{4} <= {5}", rows: ["4"], message: TTHC và Thủ tục là một}
        - {key: R2, check: "{6} <= {1} or {4} < 3", rows: ["6"], message: Khác đơn vị}
        """,
    )
    assert codes(found) == [
        ("ratio_units", "BM1/3"),
        ("compare_units", "BM1/6"),
        ("compare_units", "R2"),
    ]
    assert "Dự án" in found[0].message and "Triệu đồng" in found[0].message


# --- The shipped templates -------------------------------------------------------------------

SHIPPED_WARNINGS = {
    # Seed 001 Biểu mẫu 3 prints the same label on rows 3.2 and 3.3; Biểu mẫu 5 numbers
    # 1., 3., 4.; Biểu mẫu 7 has 5.1.2 without 5.1.1.
    "hai-duong/xa/cchc-nam@2023": [
        ("dup_label", "BM3/3.3"),
        ("stt_gap", "BM5/3"),
        ("stt_gap", "BM7/5.1.2"),
    ],
    # Seed 003 names sub-criterion 3.1.2 of area 3 without criterion 3.1.
    "hai-duong/xa/chi-so-cchc@2023": [("stt_orphan", "BM1/3.1.2")],
    "hai-duong/xa/dot-pha@2023": [],
    # Seed 004 prints STT 3.3.1 twice, and row 7.2 "Tỷ lệ …" in Đơn vị.
    "thanh-hoa/phuong/cchc-9thang@2023": [("stt_repeat", "BM3/3.3.1b"), ("rate_unit", "BM7/7.2")],
}


@pytest.mark.parametrize("full_id", sorted(SHIPPED_WARNINGS))
def test_the_shipped_templates_warn_only_of_what_their_seed_prints(full_id: str) -> None:
    assert codes(lint_template(builtin_templates()[full_id])) == SHIPPED_WARNINGS[full_id]


def test_check_prints_the_warnings_and_still_passes(capsys: pytest.CaptureFixture[str]) -> None:
    shipped = Path(cchc_tui.__file__).parent / "data" / "templates"
    assert (
        main(["templates", "check", str(shipped / "thanh-hoa_phuong_cchc-9thang_2023.yaml")]) == 0
    )
    out = capsys.readouterr().out
    assert "hợp lệ" in out and "2 cảnh báo" in out
    assert "- Biểu mẫu 7: BM7/7.2: dòng “Tỷ lệ …” nhưng đơn vị tính là Đơn vị, không phải %" in out
    assert main(["templates", "check", str(shipped / "hai-duong_xa_dot-pha_2023.yaml")]) == 0
    assert "Không có cảnh báo." in capsys.readouterr().out
