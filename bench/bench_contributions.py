"""Benchmark of several officers on one report (issue 16): merging contributions.

Run: ``.venv/bin/python -m bench.bench_contributions [N]`` (default 10 repetitions; about a
minute). Prints figures; not a test. Real SQLite files (WAL + ``synchronous=FULL``), real
package and contribution files in a temporary "USB" folder; your own database and settings are
not touched.

1. **A whole form**: officer A gets BM7 (the sample's largest form: 29 rows, 20 editable) and
   changes every editable row and writes a note on each; the compiler changes one row meanwhile
   (one conflict). Timed, median and worst of N fresh reports: reading and checking the
   contribution file (ZIP, manifest, hashes), and the merge itself (checks, plan, one
   transaction); also the officer's side: writing the contribution.
2. **Ten contributions**: ten officers each get one part (the seven forms and three sections)
   and change all of it; the ten contributions are received in one run
   (``import_contributions``, as ``cchc contribution import`` does), N times; median and worst
   of the whole run, and a second run of the same files (every one already received).
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path


def _fill(work: object, template: object, parts: tuple[str, ...], tag: str) -> None:
    """Change every editable row (and its note) and every sub-heading of ``parts``."""
    for part in parts:
        if part.startswith("BM"):
            form = template.form(part)  # type: ignore[attr-defined]
            for info in template.form_indicators(form):  # type: ignore[attr-defined]
                if not info.editable:
                    continue
                codes = sorted(info.indicator.codes)
                work.enter_value(info.key, str(codes[-1]) if codes else "9")  # type: ignore[attr-defined]
                work.set_note(info.key, f"{tag}: {info.key}")  # type: ignore[attr-defined]
        else:
            for section in template.template.sections:  # type: ignore[attr-defined]
                if section.key == part:
                    for sub in section.subheadings:
                        work.set_narrative(sub.key, f"{tag}: {sub.key} " * 40)  # type: ignore[attr-defined]


def main() -> None:
    """Both measurements; print the figures."""
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 10
    from cchc_tui.exports.contribution import import_contributions
    from cchc_tui.exports.contribution_format import load_file, read_contribution
    from cchc_tui.service.samples import load_sample
    from tests.contribution_helpers import OFFICER_A, make_commune

    with tempfile.TemporaryDirectory() as tmp:
        commune = make_commune(Path(tmp) / "one", report_id=0)
        read_ms, merge_ms, write_ms, sizes = [], [], [], []
        try:
            for n in range(runs):
                report, template = load_sample()
                report.unit.code = f"B{n:04d}"
                rid = commune.compiler.import_report(report)
                commune.report_id = rid
                commune.compiler.contributions.assign(rid, "BM7", OFFICER_A)
                copy = commune.open_on(commune.a, commune.send_packages()[OFFICER_A])
                _fill(commune.a.open_report(copy), template, ("BM7",), "An")
                commune.compiler.open_report(rid).enter_value("BM7/3", "88")
                t0 = time.perf_counter()
                path = commune.contribute(commune.a, copy)
                write_ms.append((time.perf_counter() - t0) * 1000)
                sizes.append(path.stat().st_size)
                t0 = time.perf_counter()
                content = read_contribution(load_file(path), path.name)
                read_ms.append((time.perf_counter() - t0) * 1000)
                t0 = time.perf_counter()
                outcome = commune.compiler.contributions.merge(content)
                merge_ms.append((time.perf_counter() - t0) * 1000)
                assert outcome.conflicts == 1 and outcome.taken >= 30, outcome
                taken = outcome.taken
        finally:
            commune.close()
        print(
            f"1. a whole form (BM7: every editable row and its note, {taken} items taken, "
            f"1 conflict), {runs} reports; "
            f"file {statistics.median(sizes) / 1024:.1f} KB"
        )
        for label, figures in (
            ("officer writes the contribution (USB safe write)", write_ms),
            ("compiler reads and checks the file", read_ms),
            ("compiler merges it (one transaction)", merge_ms),
        ):
            median, worst = statistics.median(figures), max(figures)
            print(f"   {label}: median {median:.0f} ms, worst {worst:.0f} ms")

        whole, again = [], []
        parts = ("BM1", "BM2", "BM3", "BM4", "BM5", "BM6", "BM7", "I.1", "I.3", "I.7")
        for n in range(max(1, runs // 2)):
            commune = make_commune(Path(tmp) / f"ten{n}")
            try:
                _report, template = load_sample()
                officers = {}
                for i, part in enumerate(parts):
                    name = f"Cán Bộ {'ABCDEFGHIK'[i]}"
                    officers[part] = name
                    commune.compiler.contributions.assign(commune.report_id, part, name)
                packages = commune.send_packages()
                files = []
                for part, name in officers.items():
                    copy = commune.open_on(commune.a, packages[name])
                    _fill(commune.a.open_report(copy), template, (part,), name)
                    files.append(commune.contribute(commune.a, copy))
                t0 = time.perf_counter()
                lines = list(import_contributions(commune.compiler.contributions, files))
                whole.append(time.perf_counter() - t0)
                assert all(line.outcome is not None for line in lines), [x.error for x in lines]
                t0 = time.perf_counter()
                lines = list(import_contributions(commune.compiler.contributions, files))
                again.append(time.perf_counter() - t0)
                assert all(x.outcome is not None and x.outcome.kind == "already" for x in lines)
            finally:
                commune.close()
        print(f"2. ten contributions (7 forms, 3 sections, one officer each), {len(whole)} runs")
        print(
            f"   received in one run: median {statistics.median(whole) * 1000:.0f} ms, "
            f"worst {max(whole) * 1000:.0f} ms "
            f"({statistics.median(whole) * 100:.0f} ms per contribution)"
        )
        print(
            f"   the same ten again (all already received): median "
            f"{statistics.median(again) * 1000:.0f} ms"
        )


if __name__ == "__main__":
    main()
