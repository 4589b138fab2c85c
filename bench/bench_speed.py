"""Issue 11's table, measured: every figure next to its reference, in the same run. Not a test.

Run: ``.venv/bin/python -m bench.bench_speed`` (POSIX only: it needs pseudo-terminals).
Options: ``--runs N`` interleaved runs of each figure (7), ``--entries N`` values keyed per run
(20, at most one per editable row of Biểu mẫu 7), ``--bundles N`` for the office (1000),
``--only start,entries,burst,core,office`` to run some sections.

Each figure is printed as min / median / max over the runs, its reference the same way, and the
ratio figure / reference computed run by run (min / median / max), with the load average before
and after the section (the machine is shared: a high load spoils a run). References:

* **bare Textual app** (a ``Static`` and a ``Footer``, as ``bench_ui``): start-up, peak memory;
* **the reference form app** (``bench/reference_form.py``: the form's widgets, stylesheet, keys
  and moves on an Enter, no parsing, validation or database): Enter → confirmation, heads-down
  and paced, the burst, peak memory while keying;
* **raw sqlite3** (the same pragmas: WAL, ``synchronous=FULL``): a value's commit
  (``INSERT … ON CONFLICT DO UPDATE`` + commit), an office import (the same rows per bundle,
  one ``executemany`` per table, one commit per bundle);
* validation: full validation of the same report, at the sample's size and at 10× (the
  template's seven forms copied ten times, the values with them).

Sections:

start
    ``cchc --db DB`` (the sample loaded) and the bare app on an 80×24 pty, interleaved: spawn →
    first frame with text; (``cchc``) spawn → the report list with "Xã Bình Lãng".
entries
    Biểu mẫu 7 of the sample in ``cchc`` (reached through the palette) and in the reference app,
    ``--entries`` values each, in two ways: *heads-down* (the digits as soon as the previous
    confirmation is shown, Enter as soon as the digits are in the editor line) and *paced*
    (300 ms of reading output before each step). Figure: ``\\r`` written → the title bar shows
    "Đã lưu KEY = VALUE" (read back from the pty). Then the process's peak resident set
    (``VmHWM`` in ``/proc/PID/status``); the values are checked in the database.
burst
    30 values with Enter ("123⏎" × 30) written at once on Biểu mẫu 3 of Trường Thi (as
    ``tests/test_type_ahead.py``): how many runs stored exactly what was typed, and the time
    from the write to the last confirmation, against the reference app given the same burst.
core
    In-process: a value's re-validation (``revalidate_value``) against a full validation, at
    1× and 10×; ``ReportStore.set_value`` (with its counts) against raw sqlite3.
office
    ``--bundles`` signed bundles (``tests/bundle_factory.py``, generated once): import of the
    folder into a new office database, status of the period, consolidation (figures, then the
    workbook).
"""

from __future__ import annotations

import argparse
import copy
import json
import os
import re
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench.bench_ui import BARE_APP, PtyProc, _env, _make_db, _shows, _stored, _visible, plan

MIB = 1024 * 1024
PACE = 0.3
"""Seconds of reading output before each step of a paced run."""
ROOT = Path(__file__).resolve().parent
REFERENCE_APP = ROOT / "reference_form.py"


# --- figures ----------------------------------------------------------------------------------


def pct(values: list[float], p: float) -> float:
    """The p-th percentile (nearest rank)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def spread(values: list[float], unit: str = "") -> str:
    """ "min / median / max" of ``values``."""
    if not values:
        return "-"
    low, mid, high = min(values), statistics.median(values), max(values)
    digits = 0 if mid >= 100 else 1 if mid >= 10 else 2
    return f"{low:.{digits}f} / {mid:.{digits}f} / {high:.{digits}f}{unit}"


def line(name: str, got: list[float], ref: list[float] | None = None, unit: str = "") -> None:
    """Print a figure, its reference and the per-run ratio (min / median / max)."""
    text = f"  {name:<58} {spread(got, unit):>24}"
    if ref:
        ratios = [g / r for g, r in zip(got, ref, strict=False) if r]
        text += f"   ref {spread(ref, unit):>22}   ×{spread(ratios)}"
    print(text)


def load() -> str:
    """The load average (1, 5, 15 min)."""
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.2f} {five:.2f} {fifteen:.2f}"


def section(title: str) -> None:
    print(f"\n{title} — {load()}")


def vm_hwm(pid: int) -> float:
    """Peak resident set of a running process, MiB (``VmHWM``; ``ru_maxrss`` would mix in the
    parent's)."""
    for text in Path(f"/proc/{pid}/status").read_text().splitlines():
        if text.startswith("VmHWM:"):
            return int(text.split()[1]) * 1024 / MIB
    return float("nan")


# --- start-up --------------------------------------------------------------------------------


def start(runs: int, folder: Path) -> None:
    section(f"start: spawn → screen, 80×24 pty, {runs} interleaved runs (ms)")
    db, _ = _make_db(folder)
    bare = folder / "bare_app.py"
    bare.write_text(BARE_APP, encoding="utf-8")
    cchc = Path(sys.executable).with_name("cchc")
    env = _env(folder)
    out: dict[str, list[float]] = {"bare": [], "frame": [], "list": [], "bare_rss": []}
    for run in range(runs + 1):  # run 0 warms the caches and is not counted
        app = PtyProc([sys.executable, str(bare)], env)
        try:
            frame = app.wait(_visible, "bare frame")
            app.wait_text("Xin chào")
            if run:
                out["bare"].append((frame - app.started) * 1000)
                out["bare_rss"].append(vm_hwm(app.proc.pid))
        finally:
            app.close()
        app = PtyProc([str(cchc), "--db", str(db)], env)
        try:
            frame = app.wait(_visible, "cchc frame")
            listed = app.wait_text("Xã Bình Lãng")
            if run:
                out["frame"].append((frame - app.started) * 1000)
                out["list"].append((listed - app.started) * 1000)
        finally:
            app.close()
    line("start → first frame (goal ≤ 1.3× bare)", out["frame"], out["bare"])
    line("start → report list with the sample row (goal ≤ 2× bare)", out["list"], out["bare"])
    line("bare Textual app: peak RSS after its first frame (MiB)", out["bare_rss"])
    print(f"  {load()}")


# --- keying ----------------------------------------------------------------------------------


def form_file(folder: Path, rows: list[Any], number: int, title: str, values: dict) -> Path:
    """The reference app's rows file (the form's rows, the values shown now)."""
    from cchc_tui.domain.values import format_cell

    data = {
        "number": number,
        "title": title,
        "rows": [
            {
                "key": info.key,
                "stt": info.indicator.stt,
                "label": "  " * info.depth + info.indicator.label,
                "unit": info.indicator.unit_of_measure,
                "value": format_cell(info.indicator, values.get(info.key)),
                "editable": info.editable,
            }
            for info in rows
        ],
    }
    path = folder / f"form{number}.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def open_form(app: PtyProc, unit: str, number: int, title: str) -> None:
    """Report list → outline → palette → the form."""
    app.wait_text(unit)
    app.send("\r")
    app.wait_text("Tình trạng")
    app.send("\x10")
    app.wait_text("Gõ tên mục")
    query = f"bieu mau {number}"
    app.send(query)
    app.wait(_shows(re.compile(rf"│{query}\s*│$")), "palette query")
    app.wait(_shows(re.compile(rf"^\s+{re.escape(title[:20])}")), "palette hit")
    app.send("\r")
    app.wait_text("Chỉ tiêu")


def _in_title(text: str) -> Callable[[Any], bool]:
    """A check that the screen's first line (the title bar) holds ``text``."""
    return lambda screen: text in screen.lines()[0]


def key_in(app: PtyProc, entries: list[Any], confirm: Callable[[Any], str], paced: bool) -> list:
    """Type each entry; the time (ms) from ``\\r`` written to its confirmation in the title."""
    times = []

    def settle() -> None:
        if paced:
            end = time.perf_counter() + PACE
            while time.perf_counter() < end:
                app.read(0.02)

    settle()
    for entry in entries:
        editor = re.compile(rf"^│\s*{re.escape(entry.typed)}\s*│$")
        app.send(entry.typed)
        app.wait(_shows(editor), f"editor shows {entry.typed}")
        settle()
        text = confirm(entry)
        t0 = time.perf_counter()
        app.send("\r")
        done = app.wait(_in_title(text), f"{text!r} in the title")
        times.append((done - t0) * 1000)
        settle()
    return times


def entries(runs: int, count: int, folder: Path) -> None:
    from cchc_tui.db.store import ReportStore
    from cchc_tui.service.samples import load_sample
    from cchc_tui.template.loader import get_template

    section(f"entries: Biểu mẫu 7, {count} values per run, {runs} interleaved runs")
    report, _ = load_sample()
    template = get_template(report.template_id)
    form = template.form(7)
    rows = template.form_indicators(form)
    editable = [info for info in rows if info.editable]
    title = f"Biểu mẫu {form.number}: {form.title}"
    base, report_id = _make_db(folder)
    store = ReportStore.open(base)
    try:
        current = dict(store.load_report(report_id).values)
    finally:
        store.close()
    plan_ = plan(editable, min(count, len(editable)), current)
    rows_file = form_file(folder, rows, form.number, form.title, current)
    cchc = Path(sys.executable).with_name("cchc")
    env = _env(folder)
    got: dict[str, list[float]] = {k: [] for k in ("hp50", "hp95", "pp50", "pp95", "rss")}
    ref: dict[str, list[float]] = {k: [] for k in got}
    for run in range(runs):
        for paced in (False, True):
            mode = "p" if paced else "h"
            app = PtyProc([sys.executable, str(REFERENCE_APP), str(rows_file)], env)
            try:
                app.wait_text("Biểu mẫu 7")
                times = key_in(app, plan_, lambda e: f"Đã lưu {e.key} = {e.typed}", paced)
                ref[f"{mode}p50"].append(pct(times, 50))
                ref[f"{mode}p95"].append(pct(times, 95))
                if paced:
                    ref["rss"].append(vm_hwm(app.proc.pid))
            finally:
                app.close()
            db = folder / f"entries-{run}-{mode}.sqlite3"
            shutil.copyfile(base, db)
            app = PtyProc([str(cchc), "--db", str(db)], env)
            try:
                open_form(app, "Xã Bình Lãng", form.number, title)
                times = key_in(app, plan_, lambda e: e.confirmation, paced)
                got[f"{mode}p50"].append(pct(times, 50))
                got[f"{mode}p95"].append(pct(times, 95))
                if paced:
                    got["rss"].append(vm_hwm(app.proc.pid))
            finally:
                app.close()
            for entry in plan_:
                stored = _stored(db, report_id, entry.key)
                assert stored == entry.stored, (entry, stored)
    line("heads-down: Enter → 'Đã lưu KEY = VALUE', p50 (ms)", got["hp50"], ref["hp50"])
    line(
        "heads-down: Enter → 'Đã lưu KEY = VALUE', p95 (goal ≤ 1.1× ref)", got["hp95"], ref["hp95"]
    )
    line(f"paced {PACE * 1000:.0f} ms: Enter → 'Đã lưu', p50 (ms)", got["pp50"], ref["pp50"])
    line(
        f"paced {PACE * 1000:.0f} ms: Enter → 'Đã lưu', p95 (goal ≤ 33 ms)",
        got["pp95"],
        ref["pp95"],
    )
    line("peak RSS while entering, VmHWM (MiB; goal ≤ 55)", got["rss"], ref["rss"])
    print(f"  {load()}")


def burst(runs: int, folder: Path) -> None:
    from cchc_tui.db.store import ReportStore
    from cchc_tui.domain.values import format_cell
    from cchc_tui.service.reports import ReportService
    from tests.test_type_ahead import FORM, SAMPLE
    from tests.test_type_ahead import plan as burst_plan

    section(f"burst: 30 values with Enter written at once, Trường Thi {FORM}, {runs} runs")
    base = folder / "burst.sqlite3"
    service = ReportService.open(base)
    report_id, _ = service.ensure_sample(SAMPLE)
    service.close()
    scratch = folder / "burst-scratch.sqlite3"
    shutil.copyfile(base, scratch)
    service = ReportService.open(scratch)
    planned = burst_plan(service, report_id)
    ws = service.open_report(report_id)
    form = ws.form(FORM)
    rows = ws.form_indicators(form)
    service.close()
    service = ReportService.open(base)
    current = dict(service.open_report(report_id).report.values)
    service.close()
    rows_file = form_file(folder, rows, form.number, form.title, current)
    text = "".join(f"{typed}\r" for _key, typed in planned)
    last_key, last_typed = planned[-1]
    cchc = Path(sys.executable).with_name("cchc")
    env = _env(folder)
    got: list[float] = []
    ref: list[float] = []
    exact = 0
    for run in range(runs):
        app = PtyProc([sys.executable, str(REFERENCE_APP), str(rows_file)], env)
        try:
            app.wait_text(f"Biểu mẫu {form.number}")
            t0 = time.perf_counter()
            app.send(text)
            done = app.wait_text(f"Đã lưu {last_key} = {last_typed}", 60)
            ref.append((done - t0) * 1000)
        finally:
            app.close()
        db = folder / f"burst-{run}.sqlite3"
        shutil.copyfile(base, db)
        app = PtyProc([str(cchc), "--db", str(db)], env)
        try:
            open_form(app, "Phường Trường Thi", form.number, f"Biểu mẫu {form.number}: ")
            t0 = time.perf_counter()
            app.send(text)
            done = app.wait_text(f"Đã lưu {last_key} =", 60)
            got.append((done - t0) * 1000)
        finally:
            app.close()
        store = ReportStore.open(db)
        try:
            values = store.load_report(report_id).values
        finally:
            store.close()
        indicators: dict[str, Any] = {info.key: info for info in rows}
        stored = [format_cell(indicators[k].indicator, values.get(k)) for k, _ in planned]
        exact += stored == [typed for _key, typed in planned]
    print(f"  runs that stored exactly the 30 values typed, in order: {exact} of {runs}")
    line("burst written → last confirmation shown (ms)", got, ref)
    print(f"  {load()}")


# --- in-process ------------------------------------------------------------------------------


def tenfold(template: Any, report: Any) -> tuple[Any, Any]:
    """The template with its forms copied ten times (BM1…BM70), and the report's values with
    them (the narrative, header and documents as they are)."""
    from cchc_tui.template.loader import compile_template
    from cchc_tui.template.model import Template

    raw = template.template.model_dump(mode="json")
    numbers = [f["number"] for f in raw["forms"]]
    shift = max(numbers)
    forms = []
    for copy_index in range(10):
        for form in raw["forms"]:
            new = form["number"] + copy_index * shift
            text = json.dumps(form, ensure_ascii=False).replace(
                f'"BM{form["number"]}/', f'"BM{new}/'
            )
            text = text.replace(f"{{BM{form['number']}/", f"{{BM{new}/")
            forms.append({**json.loads(text), "number": new})
    big = compile_template(Template.model_validate({**raw, "forms": forms}), "bench-10x")
    values = {}
    for key, value in report.values.items():
        form_number, _, rest = key[2:].partition("/")
        for copy_index in range(10):
            values[f"BM{int(form_number) + copy_index * shift}/{rest}"] = value
    big_report = copy.deepcopy(report)
    big_report.values = {k: v for k, v in values.items() if k in big.indicators}
    return big, big_report


def core(runs: int, folder: Path) -> None:
    from cchc_tui.db.store import ReportStore
    from cchc_tui.domain.counts import ReportCounts
    from cchc_tui.domain.validation import revalidate_value, validate
    from cchc_tui.domain.values import parse_cell
    from cchc_tui.service.samples import load_sample
    from cchc_tui.template.loader import get_template

    section(f"core: in-process, {runs} interleaved runs of 50 values each")
    report, _ = load_sample()
    template = get_template(report.template_id)
    big, big_report = tenfold(template, report)
    cases = {"1×": (template, copy.deepcopy(report)), "10×": (big, big_report)}
    form = template.form(7)
    editable = [info for info in template.form_indicators(form) if info.editable]
    entries_ = plan(editable, 50, dict(report.values))
    figures: dict[str, list[float]] = {}
    for run in range(runs):
        for name, (t, r) in cases.items():
            result = validate(t, r)
            inc, full = [], []
            for entry in entries_:
                value = parse_cell(t.indicators[entry.key].indicator, entry.typed)
                r.values[entry.key] = value
                t0 = time.perf_counter()
                result, _changed = revalidate_value(t, r, result, entry.key)
                t1 = time.perf_counter()
                validate(t, r)
                t2 = time.perf_counter()
                inc.append((t1 - t0) * 1000)
                full.append((t2 - t1) * 1000)
            figures.setdefault(f"inc50 {name}", []).append(pct(inc, 50))
            figures.setdefault(f"inc95 {name}", []).append(pct(inc, 95))
            figures.setdefault(f"full50 {name}", []).append(pct(full, 50))
        db = folder / f"core-{run}.sqlite3"
        shutil.copyfile(_make_db(folder / f"core-db-{run}")[0], db)
        store = ReportStore.open(db, who="bench")
        raw = sqlite3.connect(folder / f"raw-{run}.sqlite3", isolation_level=None)
        raw.execute("PRAGMA journal_mode=WAL")
        raw.execute("PRAGMA synchronous=FULL")
        raw.execute(
            "CREATE TABLE value (report_id INTEGER, row_key TEXT, value TEXT, "
            "PRIMARY KEY (report_id, row_key)) STRICT"
        )
        counts = ReportCounts(99, 1, 27, 27)
        ours, theirs = [], []
        rid = store.list_reports()[0].id
        for entry in entries_:
            value = parse_cell(template.indicators[entry.key].indicator, entry.typed)
            t0 = time.perf_counter()
            store.set_value(rid, entry.key, value, counts)
            t1 = time.perf_counter()
            raw.execute("BEGIN")
            raw.execute(
                "INSERT INTO value VALUES (?, ?, ?) ON CONFLICT (report_id, row_key) "
                "DO UPDATE SET value = excluded.value",
                (1, entry.key, entry.stored),
            )
            raw.execute("COMMIT")
            t2 = time.perf_counter()
            ours.append((t1 - t0) * 1000)
            theirs.append((t2 - t1) * 1000)
        store.close()
        raw.close()
        figures.setdefault("commit50", []).append(pct(ours, 50))
        figures.setdefault("commit95", []).append(pct(ours, 95))
        figures.setdefault("raw50", []).append(pct(theirs, 50))
        figures.setdefault("raw95", []).append(pct(theirs, 95))
    rows = len(template.indicators), len(big.indicators)
    print(f"  sample: {rows[0]} rows; 10×: {rows[1]} rows (ms; reference: full validation)")
    for name in ("1×", "10×"):
        line(
            f"an entered value re-validated, p50 — {name}",
            figures[f"inc50 {name}"],
            figures[f"full50 {name}"],
        )
        line(f"an entered value re-validated, p95 — {name}", figures[f"inc95 {name}"])
    growth = [b / a for a, b in zip(figures["inc50 1×"], figures["inc50 10×"], strict=True)]
    print(f"  {'growth 1× → 10× of the re-validation (p50; goal ≈ 1)':<58} ×{spread(growth)}")
    line(
        "commit of a value, set_value with counts, p50 (ms)", figures["commit50"], figures["raw50"]
    )
    line(
        "commit of a value, set_value with counts, p95 (ms)", figures["commit95"], figures["raw95"]
    )
    print(f"  {load()}")


# --- office ----------------------------------------------------------------------------------


def raw_import(path: Path, reports: list[Any]) -> float:
    """The reference import: the same rows per bundle with raw sqlite3, one commit each (s)."""
    from cchc_tui.domain.values import cell_to_storage

    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=FULL")
    conn.execute("CREATE TABLE report (id INTEGER PRIMARY KEY, unit TEXT, period TEXT)")
    for table in ("value", "note", "narrative", "explanation"):
        conn.execute(f"CREATE TABLE {table} (report_id INTEGER, k TEXT, v TEXT)")
    conn.execute("CREATE TABLE document (report_id INTEGER, seq INTEGER, t TEXT, n TEXT, d TEXT)")
    t0 = time.perf_counter()
    for report in reports:
        conn.execute("BEGIN")
        rid = conn.execute(
            "INSERT INTO report (unit, period) VALUES (?, ?)",
            (report.unit.code, report.period.code),
        ).lastrowid
        conn.executemany(
            "INSERT INTO value VALUES (?, ?, ?)",
            [(rid, k, cell_to_storage(v)) for k, v in report.values.items()],
        )
        for table, mapping in (
            ("note", report.notes),
            ("narrative", report.narrative),
            ("explanation", report.explanations),
        ):
            conn.executemany(
                f"INSERT INTO {table} VALUES (?, ?, ?)", [(rid, k, v) for k, v in mapping.items()]
            )
        conn.executemany(
            "INSERT INTO document VALUES (?, ?, ?, ?, ?)",
            [
                (rid, i, d.type, d.number, d.date.isoformat())
                for i, d in enumerate(report.documents)
            ],
        )
        conn.execute("COMMIT")
    spent = time.perf_counter() - t0
    conn.close()
    return spent


def office(runs: int, count: int, folder: Path) -> None:
    from datetime import UTC, datetime

    from cchc_tui.db.store import ReportStore
    from cchc_tui.office.consolidate import consolidate, consolidation_workbook
    from cchc_tui.office.importer import Kind, find_bundles, import_paths
    from cchc_tui.office.keys import add_key
    from cchc_tui.office.status import period_status
    from tests.bundle_factory import BundleFactory

    section(f"office: {count} bundles, {runs} runs (s)")
    t0 = time.perf_counter()
    factory = BundleFactory(folder / "usb", keys_folder=folder / "keys", seed=7)
    made = factory.make(count)
    print(f"  generated {count} bundles in {time.perf_counter() - t0:.1f} s (test data, not timed)")
    keyed = folder / "keys-only.sqlite3"
    store = ReportStore.open(keyed)
    for bundle in made:
        add_key(store, bundle.unit_code, bundle.public_pem)
    store.close()
    files, _ = find_bundles([folder / "usb"])
    figures: dict[str, list[float]] = {
        k: [] for k in ("import", "raw", "status", "figures", "workbook", "total")
    }
    for run in range(runs):
        db = folder / f"office-{run}.sqlite3"
        shutil.copyfile(keyed, db)
        store = ReportStore.open(db)
        try:
            t0 = time.perf_counter()
            kinds = [o.kind for o in import_paths(store, files)]
            figures["import"].append(time.perf_counter() - t0)
            assert kinds.count(Kind.IMPORTED) == count, kinds
            t0 = time.perf_counter()
            rows = period_status(store, "2023-nam")
            figures["status"].append(time.perf_counter() - t0)
            assert sum(r.state == "reported" for r in rows) == count
            t0 = time.perf_counter()
            result = consolidate(store, "2023-nam")
            t1 = time.perf_counter()
            consolidation_workbook(result, datetime.now(UTC))
            t2 = time.perf_counter()
            figures["figures"].append(t1 - t0)
            figures["workbook"].append(t2 - t1)
            figures["total"].append(t2 - t0)
        finally:
            store.close()
        figures["raw"].append(raw_import(folder / f"raw-office-{run}.sqlite3", made_reports(made)))
    line(
        f"import {count} bundles (goal ≤ 5 s; ref: raw sqlite3 inserts)",
        figures["import"],
        figures["raw"],
        " s",
    )
    line(f"status of {count} units (goal ≤ 0.5 s)", figures["status"], unit=" s")
    line(f"consolidation of {count} units: figures", figures["figures"], unit=" s")
    line(f"consolidation of {count} units: workbook", figures["workbook"], unit=" s")
    line(
        f"consolidation of {count} units: figures + workbook (goal ≤ 2 s)",
        figures["total"],
        unit=" s",
    )
    print(f"  {load()}")


def made_reports(made: list[Any]) -> list[Any]:
    return [m.report for m in made]


def main() -> None:
    """Run the sections asked for and print their figures."""
    if sys.platform == "win32":
        raise SystemExit("bench_speed needs POSIX pseudo-terminals")
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--entries", type=int, default=20)
    parser.add_argument("--bundles", type=int, default=1000)
    parser.add_argument("--only", default="start,entries,burst,core,office")
    args = parser.parse_args()
    only = set(args.only.split(","))
    print(
        f"machine: {os.cpu_count()} CPUs, Python {sys.version.split()[0]}, terminal 80x24; {load()}"
    )
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        for name, run in (
            ("start", lambda f: start(args.runs, f)),
            ("entries", lambda f: entries(args.runs, args.entries, f)),
            ("burst", lambda f: burst(args.runs, f)),
            ("core", lambda f: core(args.runs, f)),
            ("office", lambda f: office(args.runs, args.bundles, f)),
        ):
            if name in only:
                folder = base / name
                folder.mkdir()
                run(folder)


if __name__ == "__main__":
    main()
