"""Template loading: the shipped Hải Dương 2023 template, and broken copies of it.

Each broken copy is the shipped YAML text with one targeted change; the error must name the
file, the place (form and row) and the problem.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml

import cchc_tui
from cchc_tui.base.numbers import round_half_up
from cchc_tui.template.loader import (
    LoadedTemplate,
    TemplateError,
    builtin_templates,
    load_template_file,
    load_template_text,
)
from cchc_tui.template.model import RowKind

TEMPLATE_PATH = (
    Path(cchc_tui.__file__).parent / "data" / "templates" / "hai-duong_xa_cchc-nam_2023.yaml"
)
# The seeds sit in shared/ beside the checkout (as in CI); the test skips without them.
SEED_PATH = Path(__file__).resolve().parents[2] / "shared" / "seeds" / "001_c4a6142e6ed96882.txt"
FULL_ID = "hai-duong/xa/cchc-nam@2023"
BROKEN = "broken.yaml"


@pytest.fixture(scope="module")
def shipped_text() -> str:
    return TEMPLATE_PATH.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def shipped(shipped_text: str) -> LoadedTemplate:
    return load_template_text(shipped_text, TEMPLATE_PATH.name)


def _replace_once(text: str, old: str, new: str) -> str:
    assert text.count(old) == 1, f"the shipped template changed: {old!r}"
    return text.replace(old, new)


def _load_error(text: str) -> TemplateError:
    with pytest.raises(TemplateError) as info:
        load_template_text(text, BROKEN)
    err = info.value
    assert err.file == BROKEN
    assert BROKEN in str(err)
    return err


# --- The shipped template ---------------------------------------------------------------------


def test_shipped_template_is_builtin() -> None:
    templates = builtin_templates()
    assert FULL_ID in templates
    loaded = templates[FULL_ID]
    assert loaded.template.province == "Hải Dương"
    assert [f.number for f in loaded.template.forms] == [1, 2, 3, 4, 5, 6, 7]


def test_shipped_template_loads_from_file() -> None:
    loaded = load_template_file(TEMPLATE_PATH)
    assert loaded.full_id == FULL_ID
    assert loaded.source == TEMPLATE_PATH.name


def _raw_keys(raw: dict[str, Any]) -> list[str]:
    """Indicator keys computed straight from the YAML data: key, else BM<n>/<stt without dot>."""
    keys: list[str] = []

    def walk(number: int, rows: list[dict[str, Any]]) -> None:
        for row in rows:
            keys.append(row.get("key") or f"BM{number}/{str(row['stt']).strip().rstrip('.')}")
            walk(number, row.get("children", []))

    for form in raw["forms"]:
        walk(form["number"], form["rows"])
    return keys


def test_every_row_key_is_unique(shipped_text: str, shipped: LoadedTemplate) -> None:
    keys = _raw_keys(yaml.safe_load(shipped_text))
    assert len(keys) == len(set(keys)), sorted(k for k in keys if keys.count(k) > 1)
    assert list(shipped.indicators) == keys
    for form in shipped.template.forms:
        for info in shipped.form_indicators(form):
            assert info.key.startswith(f"{form.key}/")


def test_derived_rows_are_ordered_after_what_they_read(shipped: LoadedTemplate) -> None:
    order = shipped.derive_order
    assert set(order) == {k for k, info in shipped.indicators.items() if info.derive is not None}
    for position, key in enumerate(order):
        derive = shipped.indicators[key].derive
        assert derive is not None
        for ref in derive.refs:
            assert ref in shipped.indicators
            if shipped.indicators[ref].derive is not None:
                assert order.index(ref) < position


def test_derived_rows_are_not_editable(shipped: LoadedTemplate) -> None:
    assert not shipped.indicators["BM1/2"].editable
    assert shipped.indicators["BM1/2.1"].editable
    assert not shipped.indicators["BM1/3"].holds_value  # a heading


def _seed_table_rows() -> list[tuple[int, str, str]]:
    """(form number, STT, unit) of every row of Biểu mẫu 1–7 in seed 001 (lines 441–605)."""
    if not SEED_PATH.exists():
        pytest.skip("seed 001 is not available here")
    lines = SEED_PATH.read_text(encoding="utf-8").splitlines()[440:605]
    rows: list[tuple[int, str, str]] = []
    form = 0
    for line in lines:
        heading = re.fullmatch(r"\*\*Biểu mẫu (\d+)\*\*\s*", line)
        if heading:
            form = int(heading.group(1))
            continue
        cols = [re.sub(r"<[^>]+>", "", c).strip() for c in line.split("\t")]
        if form and len(cols) >= 3 and re.fullmatch(r"\d+(\.\d+)*\.?", cols[0]):
            rows.append((form, cols[0].rstrip("."), cols[2]))
    return rows


def test_every_seed_row_is_in_the_template(shipped: LoadedTemplate) -> None:
    seed = _seed_table_rows()
    assert len(seed) > 90
    missing = [f"BM{n}/{stt}" for n, stt, _unit in seed if f"BM{n}/{stt}" not in shipped.indicators]
    assert missing == []
    for n, stt, unit in seed:
        if unit == "%":
            assert shipped.indicators[f"BM{n}/{stt}"].kind is RowKind.PERCENT, f"BM{n}/{stt}"


def test_every_seed_ratio_row_is_derived_from_its_children(shipped: LoadedTemplate) -> None:
    seed = _seed_table_rows()
    units = {f"BM{n}/{stt}": unit for n, stt, unit in seed}
    ratio_rows = []
    for key, unit in units.items():
        if unit != "%":
            continue
        parts = [
            k
            for k, u in units.items()
            if k.startswith(key + ".") and k.count(".") == key.count(".") + 1 and u != "%"
        ]
        if len(parts) >= 2:
            ratio_rows.append((key, parts))
    # 1/2, 1/3.3, 2/2.2, 2/3.2, 3/3.1–3.4, 6/1, 7/6.1–6.5
    assert len(ratio_rows) == 14
    for key, parts in ratio_rows:
        derive = shipped.indicators[key].derive
        assert derive is not None, f"{key} is a ratio in the seed but not derived"
        assert derive.source.startswith("ratio(")
        # ratio(part, whole): the first child printed is the whole ("Tổng số…", "Kế hoạch…").
        assert derive.refs == (parts[1], parts[0]), key


@pytest.mark.parametrize(
    ("key", "children", "places", "printed"),
    [
        ("BM1/2", {"BM1/2.1": "35", "BM1/2.2": "33"}, 1, "94.3"),
        ("BM3/3.1", {"BM3/3.1.1": "50", "BM3/3.1.2": "49"}, 0, "98"),
        ("BM7/6.3", {"BM7/6.3.1": "135", "BM7/6.3.2": "135"}, 0, "100"),
        ("BM3/1.4", {"BM3/1.4.1": "162"}, 0, "162"),
        ("BM5/4", {"BM5/4.1": "9", "BM5/4.2": "10"}, 0, "19"),
        ("BM3/2", {"BM3/2.1": "0", "BM3/2.2": "29", "BM3/2.3": "0"}, 0, "29"),
    ],
)
def test_derivations_reproduce_seed_values(
    shipped: LoadedTemplate, key: str, children: dict[str, str], places: int, printed: str
) -> None:
    derive = shipped.indicators[key].derive
    assert derive is not None
    got = derive.evaluate({k: Decimal(v) for k, v in children.items()})
    assert isinstance(got, Decimal)
    assert round_half_up(got, places) == Decimal(printed)


def test_nfd_template_text_is_stored_as_nfc(shipped_text: str, shipped: LoadedTemplate) -> None:
    nfd_text = unicodedata.normalize("NFD", shipped_text)
    assert nfd_text != shipped_text
    loaded = load_template_text(nfd_text, "nfd.yaml")
    assert loaded.template.province == "Hải Dương"
    assert list(loaded.indicators) == list(shipped.indicators)
    for key, info in loaded.indicators.items():
        assert info.indicator.label == shipped.indicators[key].indicator.label
        assert unicodedata.is_normalized("NFC", info.indicator.label)


# --- Broken copies ----------------------------------------------------------------------------


def test_duplicate_stt_in_a_form(shipped_text: str) -> None:
    text = _replace_once(
        shipped_text,
        '{stt: "1.2.", label: Số TTHC công bố mới',
        '{stt: "1.1.", label: Số TTHC công bố mới',
    )
    err = _load_error(text)
    assert "Biểu mẫu 3" in err.where
    assert "BM3/1.1" in err.where
    assert "“BM3/1.1” bị trùng" in str(err)


def test_same_stt_in_different_forms_is_fine(shipped: LoadedTemplate) -> None:
    assert "BM1/2.1" in shipped.indicators
    assert "BM3/2.1" in shipped.indicators


def test_derive_referencing_a_missing_row(shipped_text: str) -> None:
    text = _replace_once(shipped_text, "ratio({3.1.2}, {3.1.1})", "ratio({3.1.2}, {3.1.9})")
    err = _load_error(text)
    assert err.where == "Biểu mẫu 3, dòng BM3/3.1"
    assert "“BM3/3.1.9” không có trong mẫu" in err.reason
    assert "ratio({3.1.2}, {3.1.9})" in err.reason


def test_cross_form_ref_to_a_missing_row(shipped_text: str) -> None:
    text = _replace_once(shipped_text, 'derive: "{1.4}"', 'derive: "{BM9/1.4}"')
    err = _load_error(text)
    assert "BM3/1" in err.where
    assert "“BM9/1.4” không có trong mẫu" in str(err)


def test_derivation_cycle(shipped_text: str) -> None:
    text = _replace_once(
        shipped_text,
        "theo thẩm quyền của cấp xã, unit_of_measure: Văn bản, kind: count}",
        'theo thẩm quyền của cấp xã, unit_of_measure: Văn bản, kind: count, derive: "{2}"}',
    )
    err = _load_error(text)
    assert "Biểu mẫu 2" in err.where
    assert "vòng tròn" in err.reason
    assert "BM2/2 → BM2/2.1" in err.reason or "BM2/2.1 → BM2/2" in err.reason


def test_self_derivation_is_a_cycle(shipped_text: str) -> None:
    text = _replace_once(shipped_text, 'derive: "{1.4}"', 'derive: "{1}"')
    err = _load_error(text)
    assert err.where == "Biểu mẫu 3, dòng BM3/1"
    assert "vòng tròn" in err.reason


def test_unknown_kind(shipped_text: str) -> None:
    text = _replace_once(
        shipped_text,
        '{stt: "2.1.", label: Số nhiệm vụ đề ra trong kế hoạch, '
        "unit_of_measure: Nhiệm vụ, kind: count}",
        '{stt: "2.1.", label: Số nhiệm vụ đề ra trong kế hoạch, '
        "unit_of_measure: Nhiệm vụ, kind: counter}",
    )
    err = _load_error(text)
    assert "Biểu mẫu 1" in err.where
    assert "2.1" in err.where
    assert "kind" in err.where
    assert "count" in err.reason  # names the allowed kinds


def test_code_row_without_codes(shipped_text: str) -> None:
    text = _replace_once(shipped_text, "        codes: {0: Không, 1: Có}\n", "")
    err = _load_error(text)
    assert err.where == "Biểu mẫu 1, dòng BM1/6"
    assert "codes" in err.reason
    assert "phải có danh sách mã" in err.reason


def test_codes_on_a_count_row(shipped_text: str) -> None:
    text = _replace_once(
        shipped_text,
        '{stt: "5.1.", label: Số lượng phiếu khảo sát, unit_of_measure: Phiếu, kind: count,',
        '{stt: "5.1.", label: Số lượng phiếu khảo sát, unit_of_measure: Phiếu, kind: count, '
        "codes: {0: Không},",
    )
    err = _load_error(text)
    assert err.where == "Biểu mẫu 1, dòng BM1/5.1"
    assert "codes" in err.reason


def test_none_code_not_among_codes(shipped_text: str) -> None:
    text = _replace_once(shipped_text, "none_code: 0", "none_code: 7")
    err = _load_error(text)
    assert err.where == "Biểu mẫu 1, dòng BM1/5"
    assert "none_code 7" in err.reason
    assert "không có trong danh sách mã" in err.reason


def test_invalid_yaml_syntax(shipped_text: str) -> None:
    lines = shipped_text.splitlines(keepends=True)
    line_no = next(i for i, line in enumerate(lines) if "ratio({2.2}, {2.1})" in line)
    lines[line_no] = '        derive: "ratio({2.2}, {2.1})\n'  # unterminated quoted string
    err = _load_error("".join(lines))
    assert err.where == ""
    assert "YAML" in err.reason
    assert re.search(r"dòng \d+, cột \d+", err.reason)


def test_top_level_list_instead_of_mapping(shipped_text: str) -> None:
    text = yaml.safe_dump([yaml.safe_load(shipped_text)], allow_unicode=True)
    err = _load_error(text)
    assert "mapping" in err.reason
    assert "khóa–giá trị" in err.reason


@pytest.mark.parametrize("text", ["", "just a string", "42"])
def test_not_a_mapping_at_all(text: str) -> None:
    err = _load_error(text)
    assert "mapping" in err.reason


def test_expression_with_syntax_error(shipped_text: str) -> None:
    text = _replace_once(shipped_text, '"ratio({2.2}, {2.1})"', '"ratio({2.2}, {2.1}"')
    err = _load_error(text)
    assert err.where == "Biểu mẫu 1, dòng BM1/2"
    assert "“ratio({2.2}, {2.1}” không hợp lệ" in err.reason


def test_expression_with_forbidden_attribute(shipped_text: str) -> None:
    text = _replace_once(shipped_text, 'derive: "{1.4}"', 'derive: "{1.4}.__class__"')
    err = _load_error(text)
    assert err.where == "Biểu mẫu 3, dòng BM3/1"
    assert "không hợp lệ" in err.reason


def test_expression_with_unknown_function(shipped_text: str) -> None:
    text = _replace_once(shipped_text, '"ratio({2.2}, {2.1})"', '"percent({2.2}, {2.1})"')
    err = _load_error(text)
    assert err.where == "Biểu mẫu 1, dòng BM1/2"
    assert "percent" in err.reason


def test_rule_naming_a_missing_row(shipped_text: str) -> None:
    text = _replace_once(
        shipped_text, 'check: "{4} <= {1.1} + {1.2}"', 'check: "{4} <= {1.1} + {1.9}"'
    )
    err = _load_error(text)
    assert err.where == "Biểu mẫu 5, quy tắc BM5/R1"
    assert "“BM5/1.9” không có trong mẫu" in err.reason


def test_unknown_field_on_a_row(shipped_text: str) -> None:
    text = _replace_once(
        shipped_text,
        '{stt: "5.1.", label: Số lượng phiếu khảo sát, unit_of_measure: Phiếu, kind: count,',
        '{stt: "5.1.", label: Số lượng phiếu khảo sát, '
        "unit_of_measure: Phiếu, kind: count, colour: red,",
    )
    err = _load_error(text)
    assert "Biểu mẫu 1" in err.where
    assert "5.1" in err.where
    assert "colour" in err.where


def test_unknown_top_level_field(shipped_text: str) -> None:
    text = shipped_text + "\nlogo: binh-lang.png\n"
    err = _load_error(text)
    assert "logo" in err.where


def test_missing_required_field(shipped_text: str) -> None:
    text = _replace_once(shipped_text, "province: Hải Dương\n", "")
    err = _load_error(text)
    assert "province" in err.where


def test_appendix_count_row_must_exist(shipped_text: str) -> None:
    text = _replace_once(shipped_text, "count_row: BM1/1\n", "count_row: BM1/99\n")
    err = _load_error(text)
    assert "BM1/99" in err.reason


def test_missing_file_names_the_file(tmp_path: Path) -> None:
    with pytest.raises(TemplateError) as info:
        load_template_file(tmp_path / "khong-co.yaml")
    assert info.value.file == "khong-co.yaml"
    assert "khong-co.yaml" in str(info.value)


def test_broken_file_on_disk_names_the_file(tmp_path: Path, shipped_text: str) -> None:
    path = tmp_path / "mau-hong.yaml"
    path.write_text(_replace_once(shipped_text, "none_code: 0", "none_code: 9"), "utf-8")
    with pytest.raises(TemplateError) as info:
        load_template_file(path)
    assert info.value.file == "mau-hong.yaml"
    assert str(info.value).startswith("Tệp mẫu mau-hong.yaml sai ở Biểu mẫu 1, dòng BM1/5")
