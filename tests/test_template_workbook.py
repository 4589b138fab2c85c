"""Templates authored in Excel: the workbook layout, printed formulas, the YAML writer.

The four shipped templates (made from the seeds) go YAML → xlsx → YAML with nothing lost;
malformed workbooks each give one message naming the sheet and the cell, and nothing is
written. Workbooks are real ``.xlsx`` files, edited with openpyxl the way Excel would save them.
"""

from __future__ import annotations

import io
from pathlib import Path

import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cchc_tui.authoring.workbook import WorkbookError, read_workbook, template_to_workbook
from cchc_tui.cli import main
from cchc_tui.template.formulas import FormulaContext, FormulaError, to_printed, to_rule
from cchc_tui.template.loader import builtin_templates, get_template, load_template_text
from cchc_tui.template.writer import template_to_yaml

SHIPPED = sorted(builtin_templates())
BINH_LANG = "hai-duong/xa/cchc-nam@2023"
TRUONG_THI = "thanh-hoa/phuong/cchc-9thang@2023"


def write_book(tmp_path: Path, full_id: str = BINH_LANG, name: str = "mau.xlsx") -> Path:
    path = tmp_path / name
    path.write_bytes(template_to_workbook(get_template(full_id)))
    return path


def edit(path: Path, change) -> Path:  # type: ignore[no-untyped-def]
    book = openpyxl.load_workbook(path)
    change(book)
    book.save(path)
    return path


def find_row(ws, column: str, value: str) -> int:  # type: ignore[no-untyped-def]
    """The row number whose cell under header ``column`` holds ``value``."""
    headers = {cell.value: cell.column for cell in ws[1]}
    col = headers[column]
    for row in range(2, ws.max_row + 1):
        if str(ws.cell(row=row, column=col).value) == value:
            return row
    raise AssertionError(f"{value} not under {column}")


def cell_of(ws, column: str, row: int) -> str:  # type: ignore[no-untyped-def]
    headers = {cell.value: cell.column for cell in ws[1]}
    return ws.cell(row=row, column=headers[column]).coordinate


# --- Round trips -----------------------------------------------------------------------------


@pytest.mark.parametrize("full_id", SHIPPED)
def test_shipped_templates_round_trip_yaml_xlsx_yaml(tmp_path: Path, full_id: str) -> None:
    original = get_template(full_id)
    book = write_book(tmp_path, full_id)
    back = read_workbook(book)
    assert back.template == original.template  # every field of every row, rule and section
    text = template_to_yaml(back.template, header="from mau.xlsx")
    again = load_template_text(text, "back.yaml")
    assert again.template == original.template
    assert text.startswith("# from mau.xlsx\nid: ")


def test_the_workbook_speaks_the_printed_forms(tmp_path: Path) -> None:
    book = openpyxl.load_workbook(write_book(tmp_path))
    assert book.sheetnames[:4] == ["Hướng dẫn", "Cài đặt", "Biểu mẫu", "Chỉ tiêu"]
    rows = book["Chỉ tiêu"]
    # Seed 001 Biểu mẫu 1 row 2: "Tỷ lệ hoàn thành Kế hoạch CCHC năm" = 2.2 / 2.1 (in %).
    r = find_row(rows, "STT", "2.")
    assert rows[cell_of(rows, "Công thức", r)].value == "2.2 / 2.1"
    assert rows[cell_of(rows, "Loại", r)].value == "tỷ lệ %"
    r = find_row(rows, "STT", "2.2.")
    assert rows[cell_of(rows, "Tối đa", r)].value == "≤ 2.1"
    # Biểu mẫu 3 row 2 is the sum of its children.
    r = [i for i in range(2, rows.max_row) if rows.cell(i, 1).value == 3][0]
    bm3 = {rows.cell(i, 3).value: i for i in range(r, rows.max_row) if rows.cell(i, 1).value == 3}
    assert rows[cell_of(rows, "Công thức", bm3["2."])].value == "tổng các dòng con"
    rules = book["Quy tắc"]
    assert rules["C2"].value == "4.2 + 4.3 + 4.4 ≤ 4.1"
    # What a designer types below the data stays text ("2.10" is not the number 2.1).
    assert rows.cell(rows.max_row, 3).number_format == "@"


def test_truong_thi_total_of_two_rows_is_written_as_tong(tmp_path: Path) -> None:
    book = openpyxl.load_workbook(write_book(tmp_path, TRUONG_THI))
    rows = book["Chỉ tiêu"]
    r = find_row(rows, "STT", "3.2")
    assert rows[cell_of(rows, "Công thức", r)].value == "tổng(3.2.1; 3.2.2)"


# --- Printed formulas ------------------------------------------------------------------------

CTX = FormulaContext(
    1,
    {p: f"BM1/{p}" for p in ("1", "2", "2.1", "2.2", "3.1", "4.1", "4.2", "4.3", "4.4", "x.a")},
    frozenset({"BM3/3.1.3"}),
)


@pytest.mark.parametrize(
    ("printed", "kwargs", "rule"),
    [
        ("= 2.2 / 2.1", {"percent": True}, "ratio({2.2}, {2.1})"),
        ("2.2 / 2.1 × 100", {}, "ratio({2.2}, {2.1})"),
        ("2.2 / 2.1 x 100", {}, "ratio({2.2}, {2.1})"),
        ("2.2 / 2.1", {}, "{2.2} / {2.1}"),
        ("tổng các dòng con", {}, "sum_children()"),
        ("Tổng các dòng con", {}, "sum_children()"),
        ("tong cac dong con", {}, "sum_children()"),
        ("≤ 3.1", {"bound": True}, "{3.1}"),
        ("<= 3.1.", {"bound": True}, "{3.1}"),
        ("4.2 + 4.3 + 4.4 ≤ 4.1", {}, "{4.2} + {4.3} + {4.4} <= {4.1}"),
        ("4.2 = 4.1", {}, "{4.2} == {4.1}"),
        ("4.2 ≠ 4.1", {}, "{4.2} != {4.1}"),
        ("tổng(2.1; 2.2)", {}, "total({2.1}, {2.2})"),
        ("tổng(2.1, 2.2)", {}, "total({2.1}, {2.2})"),
        ("tỷ lệ(2.2; 2.1)", {}, "ratio({2.2}, {2.1})"),
        ("2.1 < 3 hoặc 2.2 ≥ 18,5", {}, "{2.1} < 3 or {2.2} >= 18.5"),
        ("không 2.1 > 0 và 2.2 > 0", {}, "not {2.1} > 0 and {2.2} > 0"),
        ("4.1 - 4.2 ≤ 0", {}, "{4.1} - {4.2} <= 0"),
        ("(2.1 + 2.2) / 4.1", {"percent": True}, "ratio({2.1} + {2.2}, {4.1})"),
        ("2.1 + x.a ≤ BM3/3.1.3", {}, "{2.1} + {x.a} <= {BM3/3.1.3}"),
        ("1 + 2", {}, "{1} + {2}"),  # rows 1 and 2 exist: they are rows, not numbers
        ("ratio({2.2}, {2.1})", {}, "ratio({2.2}, {2.1})"),  # the rule language as is
        ("@ 15 + 5 + 18.5", {}, "15 + 5 + 18.5"),
    ],
)
def test_printed_formulas_become_the_rule_language(printed: str, kwargs: dict, rule: str) -> None:
    assert to_rule(printed, CTX, **kwargs) == rule


@pytest.mark.parametrize(
    ("printed", "words"),
    [
        ("2.2 / 2.9", "2.9"),  # no such STT
        ("BM3/9.9 + 1", "BM3/9.9"),
        ("tổng các dòng", "tổng"),
        ("2.2 ? 2.1", "?"),
        ("2.2 +", "chưa đúng"),
    ],
)
def test_formula_errors_say_what_is_wrong(printed: str, words: str) -> None:
    with pytest.raises(FormulaError) as err:
        to_rule(printed, CTX)
    assert words in err.value.message


_REF = st.sampled_from(["{2.1}", "{2.2}", "{4.1}", "{x.a}", "{BM3/3.1.3}"])
_NUM = st.sampled_from(["0", "3", "100", "18.5"])


@st.composite
def _rules(draw: st.DrawFn, depth: int = 0) -> str:
    kind = draw(st.integers(0, 4 if depth < 2 else 1))
    if kind == 0:
        return draw(_REF)
    if kind == 1:
        return draw(_NUM)
    if kind == 2:
        op = draw(st.sampled_from(["+", "-", "*", "/"]))
        return f"{draw(_rules(depth + 1))} {op} {draw(_rules(depth + 1))}"
    if kind == 3:
        name = draw(st.sampled_from(["ratio", "total"]))
        return f"{name}({draw(_rules(depth + 1))}, {draw(_rules(depth + 1))})"
    return f"({draw(_rules(depth + 1))})"


@settings(max_examples=300, deadline=None)
@given(_rules(), st.booleans(), st.sampled_from(["", " <= ", " == ", " > "]), _rules())
def test_every_rule_reads_back_unchanged_from_its_printed_form(
    left: str, percent: bool, compare: str, right: str
) -> None:
    rule = left + (compare + right if compare else "")
    printed = to_printed(rule, CTX, percent=percent and not compare)
    assert to_rule(printed, CTX, percent=percent and not compare) == rule


# --- Malformed workbooks: one message with the sheet and the cell, nothing written -----------


def from_xlsx(book: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str, Path]:
    out = book.with_suffix(".yaml")
    code = main(["templates", "from-xlsx", str(book), "--out", str(out)])
    return code, capsys.readouterr().err, out


def test_missing_sheet(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    book = edit(write_book(tmp_path), lambda b: b.remove(b["Chỉ tiêu"]))
    code, err, out = from_xlsx(book, capsys)
    assert code == 2 and not out.exists()
    assert "mau.xlsx" in err and "trang “Chỉ tiêu”" in err and "thiếu trang" in err


def test_unknown_kind(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write_book(tmp_path)
    ws = openpyxl.load_workbook(path)["Chỉ tiêu"]
    cell = cell_of(ws, "Loại", find_row(ws, "STT", "2.1."))

    def change(book: openpyxl.Workbook) -> None:
        book["Chỉ tiêu"][cell] = "số lượng"

    code, err, out = from_xlsx(edit(path, change), capsys)
    assert code == 2 and not out.exists()
    assert f"trang “Chỉ tiêu”, ô {cell}" in err
    assert "không biết loại “số lượng”" in err and "số nguyên" in err


def test_formula_naming_a_missing_stt(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write_book(tmp_path)
    ws = openpyxl.load_workbook(path)["Chỉ tiêu"]
    cell = cell_of(ws, "Công thức", find_row(ws, "STT", "2."))

    def change(book: openpyxl.Workbook) -> None:
        book["Chỉ tiêu"][cell] = "2.2 / 2.9"

    code, err, out = from_xlsx(edit(path, change), capsys)
    assert code == 2 and not out.exists()
    assert f"trang “Chỉ tiêu”, ô {cell}" in err
    assert "“2.2 / 2.9”" in err and "Biểu mẫu 1 không có dòng STT (hoặc mã) 2.9" in err


def test_a_cycle_of_formulas(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # Biểu mẫu 2: row 2 = row 2.1 (printed); make 2.1 = 2 as well.
    path = write_book(tmp_path)
    ws = openpyxl.load_workbook(path)["Chỉ tiêu"]
    bm2 = [r for r in range(2, ws.max_row + 1) if ws.cell(r, 1).value == 2]
    row_21 = next(r for r in bm2 if ws.cell(r, 3).value == "2.1.")
    cell = cell_of(ws, "Công thức", row_21)

    def change(book: openpyxl.Workbook) -> None:
        book["Chỉ tiêu"][cell] = "2"

    code, err, out = from_xlsx(edit(path, change), capsys)
    assert code == 2 and not out.exists()
    assert "trang “Chỉ tiêu”, ô " in err and "vòng tròn" in err
    assert "BM2/2 → BM2/2.1 → BM2/2" in err or "BM2/2.1 → BM2/2 → BM2/2.1" in err


def test_merged_cells(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    book = edit(write_book(tmp_path), lambda b: b["Chỉ tiêu"].merge_cells("E3:F3"))
    code, err, out = from_xlsx(book, capsys)
    assert code == 2 and not out.exists()
    assert "trang “Chỉ tiêu”, ô E3:F3" in err and "gộp" in err


def test_an_excel_formula_instead_of_a_value(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_book(tmp_path)

    def change(book: openpyxl.Workbook) -> None:
        book["Chỉ tiêu"]["K3"] = "=J3/I3*100"  # what Excel stores when "=…" is typed

    code, err, out = from_xlsx(edit(path, change), capsys)
    assert code == 2 and not out.exists()
    assert "trang “Chỉ tiêu”, ô K3" in err and "công thức Excel (=J3/I3*100)" in err


def test_an_xls_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    old = tmp_path / "mau.xls"
    old.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 1024)  # an OLE2 (BIFF) file
    code, err, out = from_xlsx(old, capsys)
    assert code == 2 and not out.exists()
    assert "mau.xls" in err and "Excel 97–2003 (.xls)" in err and ".xlsx" in err


def test_a_csv_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    csv = tmp_path / "mau.csv"
    csv.write_text("Biểu mẫu,STT,Chỉ tiêu\n1,1.,Số văn bản\n", encoding="utf-8")
    code, err, out = from_xlsx(csv, capsys)
    assert code == 2 and not out.exists()
    assert "mau.csv" in err and "CSV" in err
    renamed = tmp_path / "mau2.xlsx"  # a CSV saved under the wrong name
    renamed.write_bytes(csv.read_bytes())
    code, err, out = from_xlsx(renamed, capsys)
    assert code == 2 and "CSV" in err and not out.exists()


def test_an_unreadable_or_broken_zip(tmp_path: Path) -> None:
    broken = tmp_path / "hong.xlsx"
    broken.write_bytes(b"PK\x03\x04" + b"\x00" * 100)
    with pytest.raises(WorkbookError, match="hỏng"):
        read_workbook(broken)


def test_more_cell_mistakes_name_their_cell(tmp_path: Path) -> None:
    path = write_book(tmp_path)
    ws = openpyxl.load_workbook(path)["Chỉ tiêu"]
    r = find_row(ws, "STT", "2.1.")
    cases = {
        cell_of(ws, "Cấp", r): ("7", "cấp 7"),
        cell_of(ws, "Bắt buộc", r): ("hình như", "“hình như”"),
        cell_of(ws, "Chỉ tiêu", r): (None, "chưa ghi tên chỉ tiêu"),
        cell_of(ws, "Danh mục mã", r): ("Không / Có / Có lẽ", "Không / Có / Có lẽ"),
    }
    for cell, (value, words) in cases.items():
        again = write_book(tmp_path, name=f"m{cell}.xlsx")

        def change(book: openpyxl.Workbook, cell: str = cell, value: object = value) -> None:
            book["Chỉ tiêu"][cell] = value

        with pytest.raises(WorkbookError) as err:
            read_workbook(edit(again, change))
        assert (err.value.sheet, err.value.cell) == ("Chỉ tiêu", cell), err.value.message
        assert words in err.value.reason


def test_unknown_column_and_setting(tmp_path: Path) -> None:
    path = edit(write_book(tmp_path), lambda b: b["Chỉ tiêu"].cell(1, 30, "Cong thuc 2"))
    with pytest.raises(WorkbookError) as err:
        read_workbook(path)
    assert err.value.cell == "AD1" and "Cong thuc 2" in err.value.reason

    def clear_id(book: openpyxl.Workbook) -> None:
        book["Cài đặt"]["B2"] = None

    path = edit(write_book(tmp_path, name="b.xlsx"), clear_id)
    with pytest.raises(WorkbookError) as err:
        read_workbook(path)
    assert (err.value.sheet, err.value.cell) == ("Cài đặt", "B2")
    assert "Mã mẫu" in err.value.reason


def test_headers_match_without_diacritics(tmp_path: Path) -> None:
    # A designer on a PC without a Vietnamese keyboard retyped a header.
    path = edit(write_book(tmp_path), lambda b: b["Chỉ tiêu"].cell(1, 11, "Cong thuc"))
    assert read_workbook(path).template == get_template(BINH_LANG).template


def test_workbook_bytes_are_a_real_xlsx() -> None:
    data = template_to_workbook(get_template(BINH_LANG))
    book = openpyxl.load_workbook(io.BytesIO(data))
    assert "Quy tắc" in book.sheetnames and book["Cài đặt"]["B2"].value == "hai-duong/xa/cchc-nam"


def test_a_field_the_layout_does_not_name_gets_its_own_column() -> None:
    """A field added to the template model later (e.g. a narrative cue on a row) is written
    under its own name and read back, so a round trip never drops it."""
    from pydantic import BaseModel

    from cchc_tui.authoring.workbook import _extra_fields, _generic_cell, _generic_value

    class Row(BaseModel):
        label: str
        cue: str | None = None
        cues: list[str] = []
        flagged: bool = False
        weight: float | None = None

    assert _extra_fields(Row, ["label"]) == ["cue", "cues", "flagged", "weight"]
    row = Row(label="x", cue="Nêu số văn bản", cues=["I.1.2", "I.1.3"], flagged=True, weight=2.5)
    cells = {name: _generic_cell(getattr(row, name)) for name in ("cue", "cues", "flagged")}
    assert cells == {"cue": "Nêu số văn bản", "cues": "I.1.2; I.1.3", "flagged": "có"}
    back = {name: _generic_value(Row, name, value) for name, value in cells.items()}
    back["weight"] = _generic_value(Row, "weight", 2.5)
    assert Row(label="x", **back) == row
