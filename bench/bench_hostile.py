"""Benchmark of hostile input (issues 17 and 18): worst-case refusal time and peak memory for
the largest hostile inputs of each kind, and the cost of the seal at sign-off and of the check
on open.

Run: ``.venv/bin/python -m bench.bench_hostile`` (about a minute). Prints figures; not a test.

Every hostile case runs in its own fresh Python process (``--case NAME``), which imports what
the real command imports, reads the input from a file as the command would, and reports:

* the time of the refusal alone (``time.perf_counter`` around the call), and
* its peak RSS (``resource.getrusage``: the process's high-water mark after the call) and how
  much the call raised it above the process before the call (imports and setup excluded).

Goal (issue 17): at most 1 s and 100 MB each. The inputs are the largest each limit lets
through to the reader (a file just under its size limit) or the findings' own (a million
explanations, ``1E999999``, 300,000 documents, 800 levels of nesting).
"""

from __future__ import annotations

import hashlib
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
MIB = 1024 * 1024


def _rss_mb() -> float:
    """This process's peak resident memory (MB). ``VmHWM`` (Linux) is this program's own:
    ``ru_maxrss`` would carry the parent's peak across ``exec``."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KB on Linux


# --- Inputs (written by the parent into a folder) ----------------------------------------------


def _sample() -> dict[str, Any]:
    from cchc_tui.service.samples import sample_path

    return json.loads(sample_path().read_text(encoding="utf-8"))


def _json_text(data: dict[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False)


def make_inputs(folder: Path) -> None:
    """Every hostile file of the cases."""
    from cchc_tui.base import limits

    data = _sample()
    near = limits.REPORT_JSON_BYTES - 64 * 1024  # just under the size limit: read in full

    text = _json_text(data).replace('"BM6/1.1": 10900', '"BM6/1.1": 1E999999')
    (folder / "exponent.json").write_text(text, encoding="utf-8")

    million = dict(data, explanations={f"derived:BM1/{i}": "Đã kiểm tra." for i in range(10**6)})
    (folder / "million-explanations.json").write_text(_json_text(million), encoding="utf-8")

    many = {f"d:{i}": "x" for i in range(near // 12)}
    counted = {"explanations": many, **{k: v for k, v in data.items() if k != "explanations"}}
    text = _json_text(counted)
    (folder / "explanations-4mb.json").write_text(text[: near - 10] + '"}}', encoding="utf-8")

    docs = dict(data, documents=[data["documents"][0]] * 300_000)
    (folder / "300k-documents.json").write_text(_json_text(docs), encoding="utf-8")

    key = next(iter(data["narrative"]))
    long_text = dict(data, narrative={key: "x" * near})
    (folder / "narrative-4mb.json").write_text(_json_text(long_text), encoding="utf-8")

    unit = dict(data, unit=dict(data["unit"], code="1" * (10 * MIB)))
    (folder / "unit-code-10mb.json").write_text(_json_text(unit), encoding="utf-8")

    (folder / "nested-4mb.json").write_text("[" * (near // 2) + "]" * (near // 2))
    (folder / "nested-600.json").write_text(
        '{"format": "cchc-report/1", "x": ' + "[" * 600 + "]" * 600 + "}"
    )
    (folder / "digits-4mb.json").write_text('{"values": {"BM1/1": ' + "9" * near + "}}")

    findings = [
        {
            "id": f"derived:BM1/{i}",
            "key": "BM1/1",
            "part": "BM1",
            "severity": "warning",
            "kind": "derived",
            "message": "Giá trị in khác giá trị tính",
            "expected": "1",
            "explanation": None,
        }
        for i in range(2_000)
    ]
    legit = dict(data, findings=findings)
    (folder / "findings-2k.json").write_text(_json_text(legit), encoding="utf-8")

    _make_bundles(folder)
    _make_templates(folder)


def _make_bundles(folder: Path) -> None:
    from cryptography.hazmat.primitives.asymmetric import ed25519

    from cchc_tui.base import limits
    from cchc_tui.exports import bundle
    from cchc_tui.signing.keys import fingerprint, public_key_raw

    key = ed25519.Ed25519PrivateKey.generate()
    (folder / "key.raw").write_bytes(public_key_raw(key))

    def signed(members: list[tuple[str, bytes]], meta: dict[str, Any] | None = None) -> bytes:
        manifest = {
            "format": "cchc-bundle/1",
            "template_id": "hai-duong/xa/cchc-nam@2023",
            "unit_code": "11092",
            "unit_name": "Xã Bình Lãng",
            "period_code": "2023-nam",
            "revision": 1,
            "signer_name": "Trần Xuân Mãng",
            "signer_title": "CHỦ TỊCH",
            "signed_at": "2023-12-09T01:00:00+00:00",
            "app_version": "0.1.0",
            "public_key_fingerprint": fingerprint(public_key_raw(key)),
            "members": [
                {"name": n, "size": len(b), "sha256": hashlib.sha256(b).hexdigest()}
                for n, b in members
            ],
            **(meta or {}),
        }
        raw = json.dumps(manifest, ensure_ascii=False).encode()
        return bundle.sign_zip(bundle.write_zip([("manifest.json", raw), *members]), key)

    noise = os.urandom(limits.BUNDLE_BYTES - 200)
    plain = noise + b"PK\x05\x06" + b"\x00" * 16 + b"\x00\x00"
    (folder / "random-8mb.cchc.zip").write_bytes(bundle.sign_zip(plain, key))

    bomb = b"\x00" * limits.REPORT_JSON_BYTES
    (folder / "bomb.cchc.zip").write_bytes(signed([("report.json", bomb)]))

    big_report = json.dumps({"x": os.urandom(limits.REPORT_JSON_BYTES // 3).hex()}).encode()[
        : limits.REPORT_JSON_BYTES - 16
    ]
    xlsx = os.urandom(limits.BUNDLE_BYTES - len(big_report) - 64 * 1024)
    (folder / "full-8mb.cchc.zip").write_bytes(
        signed([("report.json", big_report), ("forms.xlsx", xlsx)])
    )

    exponent = (folder / "exponent.json").read_bytes()
    (folder / "office-exponent.cchc.zip").write_bytes(signed([("report.json", exponent)]))
    findings = (folder / "findings-2k.json").read_bytes()
    (folder / "office-findings.cchc.zip").write_bytes(signed([("report.json", findings)]))
    (folder / "office-revision.cchc.zip").write_bytes(
        signed([("report.json", exponent)], {"revision": 2**63})
    )


def _make_templates(folder: Path) -> None:
    from cchc_tui.base import limits

    near = limits.TEMPLATE_BYTES - 16 * 1024
    (folder / "nested.yaml").write_text("id: x\nforms: " + "[" * (near // 2) + "]" * (near // 2))
    (folder / "nested-800.yaml").write_text(
        "id: x\nsections:\n" + "".join("  " * i + "- a:\n" for i in range(1, 800))
    )
    laughs = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{c}: &{c} [{', '.join(['*' + p] * 9)}]\n"
        for p, c in zip("abcdefgh", "bcdefghi", strict=True)
    )
    (folder / "laughs.yaml").write_text(laughs)
    (folder / "events.yaml").write_text("- a\n" * (near // 4))
    (folder / "scalar.yaml").write_text("id: " + "x" * near + "\n")


# --- Cases (each run in a fresh process) ------------------------------------------------------


def _report(name: str) -> Callable[[Path], str]:
    def run(folder: Path) -> str:
        from cchc_tui.domain.interchange import InterchangeError, read_report

        try:
            read_report(folder / name)
        except InterchangeError as err:
            return err.message[:110]
        return "accepted"

    return run


def _verify(name: str) -> Callable[[Path], str]:
    def run(folder: Path) -> str:
        from cchc_tui.exports.verify import verify_bundle

        result = verify_bundle(folder / name, (folder / "key.raw").read_bytes())
        return "ok" if result.ok else " | ".join(result.problems)[:110]

    return run


def _office(name: str) -> Callable[[Path], str]:
    def run(folder: Path) -> str:
        from cchc_tui.db.store import ReportStore
        from cchc_tui.office.importer import import_file
        from cchc_tui.office.keys import add_key

        store = ReportStore.open(folder / f"office-{os.getpid()}.sqlite3")
        add_key(store, "11092", (folder / "key.raw").read_bytes())
        start = time.perf_counter()
        rss = _rss_mb()
        outcome = import_file(store, folder / name)
        _STATE["time"], _STATE["rss_before"] = time.perf_counter() - start, rss
        store.close()
        return f"{outcome.kind}: " + " ".join(outcome.problems)[:100]

    return run


def _template(name: str) -> Callable[[Path], str]:
    def run(folder: Path) -> str:
        from cchc_tui.template.loader import TemplateError, load_template_file

        try:
            load_template_file(folder / name)
        except TemplateError as err:
            return err.message[:110]
        return "accepted"

    return run


CASES: dict[str, Callable[[Path], str]] = {
    "json: 1E999999 money value": _report("exponent.json"),
    "json: 10^6 explanations (40 MB file)": _report("million-explanations.json"),
    "json: 4 MB of explanations": _report("explanations-4mb.json"),
    "json: 300,000 documents": _report("300k-documents.json"),
    "json: 4 MB narrative string": _report("narrative-4mb.json"),
    "json: 10 MB unit code": _report("unit-code-10mb.json"),
    "json: 4 MB of nesting": _report("nested-4mb.json"),
    "json: 600 levels of nesting": _report("nested-600.json"),
    "json: 4 MB number": _report("digits-4mb.json"),
    "json: 2,000 findings (accepted, the limit)": _report("findings-2k.json"),
    "bundle: 8 MB random, signed": _verify("random-8mb.cchc.zip"),
    "bundle: 4 MB zip bomb": _verify("bomb.cchc.zip"),
    "bundle: 8 MB full, valid": _verify("full-8mb.cchc.zip"),
    "office: 1E999999, registered key": _office("office-exponent.cchc.zip"),
    "office: 2,000 findings, registered key": _office("office-findings.cchc.zip"),
    "office: revision 2**63": _office("office-revision.cchc.zip"),
    "yaml: 1 MB of nesting": _template("nested.yaml"),
    "yaml: 800 levels, block style": _template("nested-800.yaml"),
    "yaml: billion laughs": _template("laughs.yaml"),
    "yaml: 1 MB of events": _template("events.yaml"),
    "yaml: 1 MB scalar": _template("scalar.yaml"),
}
_STATE: dict[str, float] = {}


def run_case(name: str, folder: Path) -> None:
    """In the child: warm the imports, run the case once, print JSON figures."""
    import cchc_tui.domain.interchange  # noqa: F401 - imports before the measure
    import cchc_tui.exports.verify  # noqa: F401
    import cchc_tui.template.loader  # noqa: F401

    case = CASES[name]
    before = _rss_mb()
    start = time.perf_counter()
    said = case(folder)
    spent = time.perf_counter() - start
    if "time" in _STATE:  # the office case measures the import alone (not opening the store)
        spent, before = _STATE["time"], _STATE["rss_before"]
    peak = _rss_mb()
    print(json.dumps({"time": spent, "peak": peak, "added": max(0.0, peak - before), "said": said}))


# --- Seal and check costs (in process) ----------------------------------------------------------


def _median_ms(work: Callable[[], object], runs: int = 20) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def seal_costs(folder: Path) -> None:
    """Sealing at sign-off, and the check on open, on a real database."""
    os.environ["XDG_DATA_HOME"] = str(folder / "data")
    from cchc_tui.db.engine import inspect_database
    from cchc_tui.db.store import ReportStore
    from cchc_tui.domain.interchange import signed_report_json
    from cchc_tui.domain.validation import validate
    from cchc_tui.service.reports import ReportService, SignOffRequest
    from cchc_tui.service.samples import load_sample
    from cchc_tui.signing.keys import ensure_key
    from cchc_tui.template.loader import get_template

    path = folder / "seal.sqlite3"
    store = ReportStore.open(path, who="Bench")
    service = ReportService(store, keys_folder=folder / "keys")
    sample, template = load_sample()
    ids = []
    for i in range(50):
        sample.unit.code = f"{20000 + i}"
        rid = store.import_report(sample)
        store.set_value(rid, "BM3/1.1", 0)
        report = store.load_report(rid)
        for finding in validate(template, report).warnings:
            store.set_explanation(rid, finding.id, "Đã kiểm tra.")
        ids.append(rid)

    key = ensure_key(folder / "keys", "20000", "mật khẩu")
    report = store.load_report(ids[0])
    result = validate(get_template(report.template_id), report)

    def seal_only() -> None:
        content = signed_report_json(report, template, result, 1, "2023-12-09T01:00:00+00:00")
        digest = hashlib.sha256(content).hexdigest()
        key.private_key.sign(f"cchc-seal/1\n{digest}\n{'0' * 64}".encode())

    print(
        "seal at sign-off (report.json bytes + SHA-256 + Ed25519; validation is the sign-off's "
        f"own): {_median_ms(seal_only):.1f} ms"
    )
    times = []
    for rid in ids:
        start = time.perf_counter()
        sealer_key = "mật khẩu"
        service.sign_off(rid, SignOffRequest("Người Ký", "CHỦ TỊCH", sealer_key))
        times.append((time.perf_counter() - start) * 1000)
    print(
        f"whole sign-off (readiness, key unlocked with scrypt, lock, seal): median "
        f"{statistics.median(times):.0f} ms"
    )
    for i in range(5):  # drafts with many changes: audit rows to chain
        sample.unit.code = f"{21000 + i}"
        rid = store.import_report(sample)
        for n in range(2_000):
            store.set_value(rid, "BM1/1", n)
    rows = store.chain_breaks()[1]
    store.close()
    size = path.stat().st_size / MIB
    print(f"database: 50 signed reports, {rows} audit rows, {size:.1f} MB")
    print(f"quick_check on open: {_median_ms(lambda: inspect_database(path), 10):.0f} ms")
    print(
        f"integrity_check (cchc check-db): "
        f"{_median_ms(lambda: inspect_database(path, True), 5):.0f} ms"
    )
    store = ReportStore.open(path)
    service = ReportService(store, keys_folder=folder / "keys")
    print(f"audit chain check ({rows} rows): {_median_ms(store.chain_breaks, 10):.0f} ms")
    one = ids[0]
    each = _median_ms(lambda: service.seal_problems(one), 10)
    print(f"seal check of one signed report at export (with validation): {each:.0f} ms")
    print(
        f"check on open, 50 signed reports (home screen, in a worker): "
        f"{_median_ms(lambda: service.check_database(thorough=False), 3):.0f} ms"
    )
    print(
        f"cchc check-db's seal and chain checks, 50 signed reports (with validation): "
        f"{_median_ms(service.check_database, 3):.0f} ms"
    )
    store.close()


def main() -> None:
    """Write the inputs, run every case in a fresh process, print a table; then the seal."""
    if len(sys.argv) > 2 and sys.argv[1] == "--case":
        run_case(sys.argv[2], Path(sys.argv[3]))
        return
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        make_inputs(folder)
        print(f"{'case':42} {'time':>8} {'peak RSS':>9} {'added':>7}  refusal")
        for name in CASES:
            done = subprocess.run(
                [sys.executable, "-m", "bench.bench_hostile", "--case", name, str(folder)],
                capture_output=True,
                text=True,
                cwd=ROOT,
                env={**os.environ, "XDG_STATE_HOME": str(folder / "state")},
            )
            if done.returncode != 0:
                print(f"{name:42} FAILED: {done.stderr.strip()[-300:]}")
                continue
            figures = json.loads(done.stdout.strip().splitlines()[-1])
            print(
                f"{name:42} {figures['time'] * 1000:6.0f} ms {figures['peak']:6.0f} MB "
                f"{figures['added']:5.0f} MB  {figures['said']}"
            )
        print()
        seal_costs(folder)


if __name__ == "__main__":
    main()
