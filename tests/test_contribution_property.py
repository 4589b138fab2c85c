"""Property (issue 16): for random edits on both sides, the merge never loses a change made on
one side only and reports every change made on both sides (differently) as a conflict.

Each example is a new report (the Bình Lãng sample under a new unit code) in the same three
real databases: the compiler assigns BM3 and section I.3 to officer A and sends the package; A
opens it on their own database; both edit values, notes and narrative of those parts through
the same screens' use cases (``ReportWorkspace``); A's contribution is written to the stick and
received. What the compiler's database then holds is compared, item by item, with what each
side did.
"""

from __future__ import annotations

import itertools
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cchc_tui.db.store import ReportStore
from cchc_tui.domain.values import cell_to_storage
from cchc_tui.service.contributions import plan_merge
from cchc_tui.service.samples import load_sample
from cchc_tui.service.workspace import ReportWorkspace
from tests.contribution_helpers import OFFICER_A, Commune, make_commune

ROWS = ("BM3/1.2", "BM3/1.3", "BM3/2.1", "BM3/2.2", "BM3/3.1.1", "BM3/3.1.2")
"""Editable count rows of BM3 (the sample prints 5, 5, 0, 29, 50, 49)."""
SUBHEADINGS = ("I.3.1", "I.3.2", "I.3.3")
ITEMS = (
    *(("value", key) for key in ROWS),
    *(("note", key) for key in ROWS[:3]),
    *(("narrative", key) for key in SUBHEADINGS),
)

_counter = itertools.count(1)

states = st.one_of(st.none(), st.integers(0, 400).map(str))
texts = st.one_of(st.none(), st.sampled_from(["", "Đã rà soát.", "Bổ sung số liệu", "x"]))


def _edit(ws: ReportWorkspace, entity: str, key: str, new: str) -> None:
    if entity == "value":
        ws.enter_value(key, new)
    elif entity == "note":
        ws.set_note(key, new)
    else:
        ws.set_narrative(key, new)


def _state(store: ReportStore, report_id: int, entity: str, key: str) -> str | None:
    report = store.load_report(report_id)
    if entity == "value":
        return cell_to_storage(report.values.get(key))
    mapping = report.notes if entity == "note" else report.narrative
    return mapping.get(key) or None


@given(st.data())
@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_one_sided_changes_are_taken_and_two_sided_ones_are_conflicts(
    tmp_path_factory: object, data: st.DataObject
) -> None:
    commune = _commune(tmp_path_factory)
    report, _template = load_sample()
    report.unit.code = f"T{next(_counter):05d}"
    rid = commune.compiler.import_report(report)
    commune.report_id = rid
    for part in ("BM3", "I.3"):
        commune.compiler.contributions.assign(rid, part, OFFICER_A)
    packages = commune.send_packages()
    copy = commune.open_on(commune.a, packages[OFFICER_A])
    base = {item: _state(commune.compiler.store, rid, *item) for item in ITEMS}

    mine_ws = commune.compiler.open_report(rid)
    theirs_ws = commune.a.open_report(copy)
    mine, theirs = dict(base), dict(base)
    for item in ITEMS:
        strategy = states if item[0] == "value" else texts
        ours = data.draw(strategy, label=f"compiler {item}")
        same = data.draw(st.booleans(), label=f"same {item}")
        other = ours if same else data.draw(strategy, label=f"officer {item}")
        for ws, side, new in ((mine_ws, mine, ours), (theirs_ws, theirs, other)):
            if new is not None:
                _edit(ws, item[0], item[1], new)
                side[item] = new or None

    [line] = commune.receive([commune.contribute(commune.a, copy)])
    assert line.outcome is not None, line.error
    conflicts = {
        (c.item.split(":", 1)[0], c.item.split(":", 1)[1]): c
        for c in commune.compiler.store.conflicts(rid, "pending")
    }
    for item in ITEMS:
        b, m, t = base[item], mine[item], theirs[item]
        final = _state(commune.compiler.store, rid, *item)
        if t != b and m == b:
            assert final == t, (item, b, m, t)  # changed by the officer only: taken
        else:
            assert final == m, (item, b, m, t)  # the compiler's stays (only, alike or conflict)
        two_sided = t != b and m != b and m != t
        assert (item in conflicts) == two_sided, (item, b, m, t)
        if two_sided:
            assert (conflicts[item].mine, conflicts[item].theirs) == (m, t)


_made: dict[str, Commune] = {}


def _commune(factory: object) -> Commune:
    """One set of three databases for every example of the run (a new report each time)."""
    if "commune" not in _made:
        root = Path(factory.mktemp("property"))  # type: ignore[attr-defined]
        _made["commune"] = make_commune(root, report_id=0)
    return _made["commune"]


def teardown_module() -> None:
    for commune in _made.values():
        commune.close()
    _made.clear()


@given(
    st.dictionaries(st.sampled_from("abcdef"), st.sampled_from("xyz")),
    st.dictionaries(st.sampled_from("abcdef"), st.sampled_from("xyz")),
    st.dictionaries(st.sampled_from("abcdef"), st.sampled_from("xyz")),
)
def test_the_rule_alone_loses_nothing_and_misses_no_conflict(
    base: dict[str, str], mine: dict[str, str], theirs: dict[str, str]
) -> None:
    items = set(base) | set(mine) | set(theirs)
    plan = plan_merge(base, mine, theirs, items)
    for item in items:
        b, m, t = base.get(item), mine.get(item), theirs.get(item)
        assert (item in plan.taken) == (t != b and m == b)
        assert (item in plan.conflicts) == (t != b and m != b and m != t)
        assert (item in plan.agreed) == (t != b and m == t and m != b)
