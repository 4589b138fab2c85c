"""Benchmark of the narrative checks (issue 14). Not a test: it prints milliseconds.

Run: ``.venv/bin/python -m bench.bench_narrative``.

Figures, each p50/p95 over N repetitions in this process:

(1) The largest sample (xã Bình Lãng, seed 001: 55 sub-headings, ~43,000 characters):
    ``check_narrative`` alone and the whole ``validate`` (forms + narrative), **cold** (every
    text read again: the cache of read texts emptied first) and **warm** (texts already read:
    what a change of one value costs).
(2) The same report with a narrative 10× as large (each sub-heading's text written ten times).
(3) What the editor's save costs (after a pause of 1.5 s in typing, or on leaving a text
    area; never on a keystroke): ``ReportWorkspace.set_narrative`` of one edited sub-heading
    on a real SQLite file, checked at once (as when the screen is left) and as the editor does
    it after a pause (commit only; the check of a snapshot runs in a worker thread, its time
    shown separately), for the sample and the 10× report.
(4) What a keystroke costs the editor for the live figures: moving them with the edit
    (``links.shift_edit``, 20 figures) and, for a change not made by an edit (undo), by
    comparing texts (``links.shift`` on a 4,000-character text).
"""

from __future__ import annotations

import copy
import functools
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path


def pct(values: list[float], p: float) -> float:
    """The p-th percentile (0–100) of values."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def timed(
    fn: Callable[[], object], runs: int, before: Callable[[], object] | None = None
) -> list[float]:
    """Milliseconds of ``fn`` over ``runs`` calls (``before`` run untimed before each)."""
    out = []
    for _ in range(runs):
        if before is not None:
            before()
        t0 = time.perf_counter()
        fn()
        out.append((time.perf_counter() - t0) * 1000)
    return out


def line(name: str, values: list[float]) -> None:
    """Print one figure."""
    print(f"{name}: p50 {pct(values, 50):.1f} ms, p95 {pct(values, 95):.1f} ms (n={len(values)})")


def saves(path: Path, name: str, data: object, runs: int) -> None:
    """Figures (3): the editor's save of one sub-heading on a real SQLite file."""
    from cchc_tui.db.store import ReportStore
    from cchc_tui.service.reports import ReportService

    store = ReportStore.open(path, who="bench")
    rid = store.import_report(data)  # type: ignore[arg-type]
    ws = ReportService(store).open_report(rid)
    key = "I.3.4"
    base = ws.report.narrative[key]
    counter = iter(range(100_000))
    line(
        f"({name}) editor save, checked at once (commit + validate)",
        timed(lambda: ws.set_narrative(key, f"{base} {next(counter)}"), runs),
    )
    line(
        f"({name}) editor save as the editor does it (commit; checks in a worker thread)",
        timed(lambda: ws.set_narrative(key, f"{base} {next(counter)}", revalidate=False), runs),
    )
    line(
        f"({name})   the worker's check of that snapshot (one sub-heading read again)",
        timed(
            lambda: ws.check(ws.snapshot()),
            runs,
            lambda: ws.report.narrative.__setitem__(key, f"{base} x{next(counter)}"),
        ),
    )
    store.close()


def main() -> None:
    """Run the measurements and print them."""
    from cchc_tui.domain import links, narrative
    from cchc_tui.domain.validation import validate
    from cchc_tui.service.samples import load_sample

    report, template = load_sample()
    size = sum(len(t) for t in report.narrative.values())
    big = copy.deepcopy(report)
    big.narrative = {k: "\n\n".join([v] * 10) for k, v in report.narrative.items()}
    big_size = sum(len(t) for t in big.narrative.values())
    print(f"sample narrative: {len(report.narrative)} texts, {size} characters; 10x: {big_size}")

    def check(r):  # type: ignore[no-untyped-def]
        result = validate(template, r)
        return lambda: narrative.check_narrative(template, r, result.effective, result.display)

    for name, data, runs in (("sample", report, 20), ("10x", big, 5)):
        whole = functools.partial(validate, template, data)
        line(f"({name}) check_narrative cold", timed(check(data), runs, narrative.clear_cache))
        line(f"({name}) validate cold", timed(whole, runs, narrative.clear_cache))
        validate(template, data)
        line(f"({name}) check_narrative warm", timed(check(data), runs * 2))
        line(f"({name}) validate warm", timed(whole, runs * 2))

    with tempfile.TemporaryDirectory() as tmp:
        for name, data, runs in (("sample", report, 30), ("10x", big, 10)):
            saves(Path(tmp) / f"{name}.sqlite3", name, data, runs)

    edits = [links.Link(i * 100, i * 100 + 5, links.RowKey("BM3/3.3.1")) for i in range(20)]
    per_edit = timed(lambda: links.shift_edit(edits, 1000, 1000, 1), 2000)
    text = "x" * 4000
    changed = text[:2000] + "y" + text[2000:]
    per_diff = timed(lambda: links.shift(text, changed, edits), 2000)
    print(
        f"keystroke: shift_edit p50 {pct(per_edit, 50) * 1000:.1f} µs;"
        f" shift by comparing 4,000 characters p50 {pct(per_diff, 50) * 1000:.1f} µs"
    )
    print(f"keystroke: shift_edit mean {statistics.mean(per_edit) * 1000:.1f} µs")


if __name__ == "__main__":
    main()
