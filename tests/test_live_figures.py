"""Live figures: tokens in the stored narrative, rendering, moving with edits, the JSON form,
the next period, and the findings of a live figure (``domain.links``, ``interchange``,
``service.workspace``)."""

from __future__ import annotations

import copy
import json
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cchc_tui.base.ids import RowKey
from cchc_tui.cli.entry import main
from cchc_tui.db.store import ReportStore
from cchc_tui.domain import links
from cchc_tui.domain.interchange import InterchangeError, dumps_report, loads_report
from cchc_tui.domain.links import Link
from cchc_tui.domain.validation import validate
from cchc_tui.service.reports import ReportService
from cchc_tui.service.samples import load_sample, sample_path
from cchc_tui.template.loader import TemplateError, load_template_text

ROW = RowKey("BM3/3.3.1")
SENTENCE = "Bộ phận một cửa đã giải quyết xong {{BM3/3.3.1}} hồ sơ đúng hạn."


def show(row: RowKey) -> str | None:
    return {"BM3/3.3.1": "1.834", "BM1/1": ""}.get(row)


def test_render_and_back() -> None:
    text, found = links.render(SENTENCE, show)
    assert text == "Bộ phận một cửa đã giải quyết xong 1.834 hồ sơ đúng hạn."
    assert found == [Link(35, 40, ROW)]
    assert links.to_tokens(text, found) == SENTENCE
    # an empty row shows "…"; an unknown row keeps its token as written
    assert links.render("{{BM1/1}} văn bản {{BM9/9}}", show)[0] == "… văn bản {{BM9/9}}"
    assert links.render("{{ not a token }}", show) == ("{{ not a token }}", [])


def test_figures_move_with_edits_and_break_when_typed_into() -> None:
    text, found = links.render(SENTENCE, show)
    # typing before the figure moves it; typing right after it keeps it
    assert links.shift_edit(found, 0, 0, 4) == [Link(39, 44, ROW)]
    assert links.shift_edit(found, 40, 40, 1) == found
    # typing inside the figure makes it ordinary text
    assert links.shift_edit(found, 37, 38, 0) == []
    # undo/redo: by comparing the texts
    longer = "Nay " + text
    assert links.shift(text, longer, found) == [Link(39, 44, ROW)]
    # composing to NFC (the editor on leaving) keeps the figure on the composed offsets
    nfd = "Tie\u0302\u0301p nhận {{BM3/3.3.1}}"
    shown, nfd_links = links.render(nfd, show)
    import unicodedata

    assert links.shift(shown, unicodedata.normalize("NFC", shown), nfd_links) == [Link(10, 15, ROW)]


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.one_of(st.text(alphabet="ab {}/", max_size=8), st.just("{{BM3/3.3.1}}")), max_size=8
    )
)
def test_stored_text_survives_render_and_back(parts: list[str]) -> None:
    stored = "".join(parts)
    text, found = links.render(stored, show)
    assert links.to_tokens(text, found) == stored or "{{BM3/3.3.1}}{" in stored


def test_copied_figures_are_unseen_until_seen() -> None:
    copied = links.mark_copied(SENTENCE)
    assert copied == SENTENCE.replace("{{BM3", "{{?BM3")
    assert links.has_unseen(copied) and not links.has_unseen(SENTENCE)
    assert links.render(copied, show)[1] == [Link(35, 40, ROW, seen=False)]
    assert links.mark_seen(copied) == SENTENCE


# --- validation ----------------------------------------------------------------------------------


def test_a_live_figure_follows_the_form_and_is_never_a_contradiction() -> None:
    report, template = load_sample()
    report = copy.deepcopy(report)
    report.narrative["I.1.2"] = report.narrative["I.1.2"].replace(
        "đã ban hành 45 văn bản", "đã ban hành {{BM1/1}} văn bản"
    )
    report.values["BM1/1"] = 44
    result = validate(template, report)
    text, found = result.narrative.rendered["I.1.2"]
    assert "đã ban hành 44 văn bản chỉ đạo" in text and [k.row for k in found] == ["BM1/1"]
    assert not [f for f in result.findings if f.id.startswith("figure:I.1.2")]


def test_a_live_figure_of_an_empty_or_unknown_row_is_an_error() -> None:
    report, template = load_sample()
    report = copy.deepcopy(report)
    # BM6/3 (kiến nghị sau thanh tra) is optional: no "missing" error says it is empty
    report.narrative["I.5.1"] = "Phải nộp NSNN {{BM6/3}} triệu đồng; {{BM9/1}} khác."
    del report.values["BM6/3"]
    found = {f.id: f for f in validate(template, report).findings}
    assert found["link:I.5.1:BM6/3"].is_error
    assert "dòng 3 “Thực hiện các kiến nghị sau thanh tra" in found["link:I.5.1:BM6/3"].message
    assert found["link:I.5.1:BM9/1"].is_error


# --- cchc-report/1 ---------------------------------------------------------------------------


def linked_sample() -> str:
    report, template = load_sample()
    report = copy.deepcopy(report)
    report.narrative["I.3.4"] = "Đã giải quyết xong {{BM3/3.3.1}} hồ sơ; {{?BM1/1}} văn bản."
    return dumps_report(report, template)


def test_json_holds_the_numbers_and_the_places_of_the_links() -> None:
    data = json.loads(linked_sample())
    assert data["narrative"]["I.3.4"] == "Đã giải quyết xong 1.834 hồ sơ; 45 văn bản."
    assert data["narrative_links"] == {
        "I.3.4": [
            {"at": 19, "length": 5, "row": "BM3/3.3.1"},
            {"at": 32, "length": 2, "row": "BM1/1", "seen": False},
        ]
    }
    back, template = loads_report(linked_sample())
    assert back.narrative["I.3.4"] == "Đã giải quyết xong {{BM3/3.3.1}} hồ sơ; {{?BM1/1}} văn bản."
    assert dumps_report(back, template) == linked_sample()


def test_an_older_file_without_links_reads_as_before() -> None:
    original = sample_path().read_text(encoding="utf-8")
    assert "narrative_links" not in original
    report, template = loads_report(original)
    assert not any(links.has_links(t) for t in report.narrative.values())
    assert dumps_report(report, template) == original


@pytest.mark.parametrize(
    ("places", "words"),
    [
        ({"I.3.4": [{"at": 40, "length": 9, "row": "BM3/3.3.1"}]}, "vị trí"),
        ({"I.3.4": [{"at": 19, "length": 5, "row": "BM1/5"}]}, "dòng có số"),
        ({"I.3.4": [{"at": "19", "length": 5, "row": "BM3/3.3.1"}]}, "vị trí"),
        ({"I.3.4": [{"at": 19, "length": 5, "row": "BM3/3.3.1", "seen": "no"}]}, "seen"),
        ({"I.3.4": [{"at": 19, "length": 5, "row": "BM3/3.3.1"}] * 2}, "chồng"),
        ({"I.9.9": []}, "không có nội dung"),
    ],
)
def test_broken_links_are_refused(places: object, words: str) -> None:
    data = json.loads(linked_sample())
    data["narrative_links"] = places
    with pytest.raises(InterchangeError) as err:
        loads_report(json.dumps(data, ensure_ascii=False))
    assert words in str(err.value)


def test_json_round_trip_through_the_database_keeps_the_link(db_path: Path) -> None:
    report, template = loads_report(linked_sample())
    store = ReportStore.open(db_path)
    rid = store.import_report(report)
    store.close()
    store = ReportStore.open(db_path)
    again = store.load_report(rid)
    store.close()
    assert again.narrative["I.3.4"] == report.narrative["I.3.4"]
    assert dumps_report(again, template) == linked_sample()


# --- the next period ----------------------------------------------------------------------------


def test_next_period_figures_follow_new_values_and_count_once_seen(
    service: ReportService, sample_id: int
) -> None:
    ws = service.open_report(sample_id)
    view = ws.narrative_view("I.1.2")
    start = view.text.index("45 văn bản")
    ws.set_narrative("I.1.2", view.text, [Link(start, start + 2, RowKey("BM1/1"))])
    assert "{{BM1/1}} văn bản" in service.store.load_report(sample_id).narrative["I.1.2"]

    fields = service.next_period_fields(sample_id)
    new_id, _ = service.create_report(fields, previous_id=sample_id)
    nxt = service.open_report(new_id)
    stored = nxt.report.narrative["I.1.2"]
    assert "{{?BM1/1}} văn bản" in stored  # copied, not yet seen
    section = nxt.section("I.1")
    state, filled, required = nxt.section_state(section)
    assert filled == required - 1  # I.1.2 does not count yet
    assert "section:I.1.2" in {f.id for f in nxt.result.errors}
    assert "… văn bản chỉ đạo" in nxt.narrative_view("I.1.2").text  # no value yet
    nxt.enter_value("BM1/1", "52")
    assert "đã ban hành 52 văn bản chỉ đạo" in nxt.narrative_view("I.1.2").text
    assert nxt.mark_seen("I.1.2")
    assert "section:I.1.2" not in {f.id for f in nxt.result.findings}
    assert "{{BM1/1}}" in service.store.load_report(new_id).narrative["I.1.2"]


# --- the template's cues -------------------------------------------------------------------------

TEMPLATE = Path(__file__).parents[1] / "cchc_tui" / "data" / "templates"


@pytest.mark.parametrize(
    ("cue", "words"),
    [
        ("ban hành văn bản chỉ đạo", "đúng một chỗ {n}"),
        ("ban hành {n} văn bản {n}", "đúng một chỗ {n}"),
        ("… {n} văn bản", "dấu …"),
        ("@I.99 ban hành {n} văn bản", "mục “I.99”"),
        ("ban hành {n} văn bản [chỉ đạo]", "ký tự “[”"),
        ("{n} %", "ít nhất một từ"),
    ],
)
def test_bad_cues_are_refused_with_the_row(cue: str, words: str) -> None:
    text = (TEMPLATE / "hai-duong_xa_cchc-nam_2023.yaml").read_text(encoding="utf-8")
    text = text.replace(
        'narrative: ["ban hành {n} văn bản chỉ đạo"]',
        f"narrative: [{json.dumps(cue, ensure_ascii=False)}]",
    )
    with pytest.raises(TemplateError) as err:
        load_template_text(text, "t.yaml")
    assert err.value.where == "Biểu mẫu 1, dòng BM1/1"
    assert words in err.value.reason


def test_templates_check_verifies_cues(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for path in sorted(TEMPLATE.glob("*.yaml")):
        assert main(["templates", "check", str(path)]) == 0
    assert capsys.readouterr().out.count("Gợi ý thuyết minh: ") == 4
    text = (TEMPLATE / "hai-duong_xa_cchc-nam_2023.yaml").read_text(encoding="utf-8")
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        text.replace("ban hành {n} văn bản chỉ đạo", "ban hành văn bản"), encoding="utf-8"
    )
    assert main(["templates", "check", str(bad)]) == 2
    assert "phải có đúng một chỗ {n}" in capsys.readouterr().err


def test_a_cue_on_a_code_row_is_refused() -> None:
    text = (TEMPLATE / "hai-duong_xa_cchc-nam_2023.yaml").read_text(encoding="utf-8")
    text = text.replace(
        "codes: {1: Có, 0: Không}\n",
        'codes: {1: Có, 0: Không}\n        narrative: ["khảo sát {n}"]\n',
        1,
    )
    with pytest.raises(TemplateError) as err:
        load_template_text(text, "t.yaml")
    assert "chỉ dòng có số" in err.value.reason


def test_every_shipped_cue_is_used_or_agrees_on_its_sample() -> None:
    # the cues were written from the seeds: on each sample every bound figure is either the
    # row's value or a disagreement the seed really prints (listed in the expected findings)
    for name in ("binh-lang-2023", "quang-nghiep-2023-dot-pha", "thanh-xa-2023-chi-so"):
        report, template = load_sample(name)
        result = validate(template, report)
        assert all(s.agrees for s in result.narrative.suggestions), name
        assert Decimal(len(result.narrative.suggestions)) > 5
