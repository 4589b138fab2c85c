"""The office store on PostgreSQL: a real server is started for the test run when the server
binaries (``initdb``, ``pg_ctl``) and the ``psycopg`` driver are installed; otherwise the test
is SKIPPED with the reason (``apt-get install postgresql``; ``pip install "psycopg[binary]"``).

The server listens only on a Unix socket in a private temporary folder (no TCP port), runs as
an unprivileged user when the tests run as root (PostgreSQL refuses root: ``postgres`` or
``nobody``, else a system user ``cchc-pg`` made with ``useradd`` for the run, so that a CI
container running as root still runs the test), and is stopped at the end.

The same 100 generated bundles as ``tests/test_office_import.py`` (on SQLite) go through the
same code on PostgreSQL: import, status and the consolidation's totals, checked against figures
recomputed by hand from the generator's values.
"""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import sys
import tempfile
from collections import Counter
from collections.abc import Callable, Iterator
from decimal import Decimal
from pathlib import Path

import pytest

from cchc_tui.db.engine import StoreBusy
from cchc_tui.db.office_models import CURRENT, HELD, SUPERSEDED
from cchc_tui.office.consolidate import consolidate
from cchc_tui.office.database import open_office_store
from cchc_tui.office.importer import Kind, find_bundles, import_file, import_paths
from cchc_tui.office.keys import add_key
from cchc_tui.office.loading import load_reports
from cchc_tui.office.status import period_status
from tests.bundle_factory import (
    ROGUE,
    TAMPERED,
    UNEXPLAINED,
    WITH_ERROR,
    MadeBundle,
    OfficeSet,
    office_set,
)

PERIOD = "2023-nam"


def _binary(name: str) -> str | None:
    found = shutil.which(name)
    if found:
        return found
    candidates = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    return candidates[-1] if candidates else None


SERVER_USER = "cchc-pg"
"""The system user made (when root, and no ``postgres`` or ``nobody`` user exists) to run the
server."""


def _as_user() -> tuple[Callable[[], None] | None, int | None, int | None]:
    """When root, run the server as ``postgres`` (or ``nobody``, or a ``cchc-pg`` system user
    made for it): PostgreSQL refuses to run as root."""
    if not hasattr(os, "geteuid") or os.geteuid() != 0:
        return None, None, None
    import pwd

    names = ("postgres", "nobody", SERVER_USER)
    known = {name for name in names if _user_exists(pwd, name)}
    if not known and shutil.which("useradd"):
        subprocess.run(
            [
                "useradd",
                "--system",
                "--no-create-home",
                "--shell",
                "/usr/sbin/nologin",
                SERVER_USER,
            ],
            capture_output=True,
            timeout=60,
        )
    for name in names:
        try:
            entry = pwd.getpwnam(name)
        except KeyError:
            continue
        uid, gid = entry.pw_uid, entry.pw_gid

        def drop(uid: int = uid, gid: int = gid) -> None:
            os.setgid(gid)
            os.setuid(uid)

        return drop, uid, gid
    pytest.skip("running as root, no unprivileged user to run PostgreSQL as, none could be made")


def _user_exists(pwd: object, name: str) -> bool:
    try:
        pwd.getpwnam(name)  # type: ignore[attr-defined]
    except KeyError:
        return False
    return True


@pytest.fixture(scope="module")
def pg_url() -> Iterator[str]:
    initdb, pg_ctl = _binary("initdb"), _binary("pg_ctl")
    if not initdb or not pg_ctl:
        pytest.skip(
            "PostgreSQL server not installed (initdb/pg_ctl not found): apt-get install postgresql"
        )
    try:
        import psycopg  # noqa: F401
    except ImportError:
        pytest.skip('PostgreSQL driver not installed: pip install "psycopg[binary]"')
    drop, uid, gid = _as_user()
    base = Path(tempfile.mkdtemp(prefix="cchc-pg-"))
    data, sock = base / "data", base / "sock"
    sock.mkdir()
    if uid is not None and gid is not None:
        for path in (base, sock):
            os.chown(path, uid, gid)
    env = {**os.environ, "LC_ALL": "C.UTF-8", "LANG": "C.UTF-8"}

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            list(args), preexec_fn=drop, env=env, capture_output=True, text=True, timeout=120
        )

    made = run(initdb, "-D", str(data), "-U", "cchc", "--auth=trust", "-E", "UTF8", "--no-sync")
    if made.returncode != 0:
        shutil.rmtree(base, ignore_errors=True)
        pytest.skip(f"initdb failed: {made.stderr.strip()[-300:]}")
    options = f"-k {sock} -c listen_addresses='' -F"
    started = run(pg_ctl, "-D", str(data), "-o", options, "-l", str(base / "log"), "-w", "start")
    if started.returncode != 0:
        log = (base / "log").read_text(errors="replace")[-300:] if (base / "log").exists() else ""
        shutil.rmtree(base, ignore_errors=True)
        pytest.skip(f"PostgreSQL did not start: {started.stderr.strip()[-300:]} {log}")
    try:
        yield f"postgresql+psycopg://cchc@/postgres?host={sock}"
    finally:
        run(pg_ctl, "-D", str(data), "-m", "immediate", "stop")
        shutil.rmtree(base, ignore_errors=True)


@pytest.fixture(scope="module")
def bundles(tmp_path_factory: pytest.TempPathFactory) -> OfficeSet:
    return office_set(tmp_path_factory.getbasetemp() / "office-set")


def total(made: list[MadeBundle], key: str) -> Decimal:
    """The sum of a row over the generator's values, by hand."""
    values = [m.values[key] for m in made]
    assert all(isinstance(v, int | Decimal) for v in values)
    return sum((Decimal(v) for v in values if isinstance(v, int | Decimal)), Decimal(0))


def test_office_store_runs_on_postgresql(pg_url: str, bundles: OfficeSet, tmp_path: Path) -> None:
    store = open_office_store(pg_url)
    try:
        assert store.engine.dialect.name == "postgresql"
        with pytest.raises(StoreBusy):
            open_office_store(pg_url)  # a second office process on this machine
        chosen = [*bundles.made[:12], bundles.made[TAMPERED], bundles.made[ROGUE]]
        for made in chosen:
            add_key(store, made.unit_code, made.public_pem)
        kinds = [import_file(store, m.path).kind for m in chosen]
        assert kinds == [Kind.IMPORTED] * 12 + [Kind.INVALID, Kind.HELD]
        again = [import_file(store, m.path).kind for m in chosen]
        assert again == [Kind.ALREADY] * 12 + [Kind.INVALID, Kind.ALREADY_HELD]
        second = bundles.factory.bundle(0, revision=2, folder=tmp_path)
        assert import_file(store, second.path).kind is Kind.SUPERSEDED
        assert import_file(store, bundles.made[0].path).kind is Kind.ALREADY

        from sqlmodel import Session, select

        from cchc_tui.db.office_models import ReceivedBundleRecord

        with Session(store.engine) as s:
            states = sorted(r.state for r in s.exec(select(ReceivedBundleRecord)))
        assert states == sorted([CURRENT] * 12 + [SUPERSEDED, HELD])
        ids = [r.id for r in store.list_reports()]
        assert len(ids) == 13
        bulk = load_reports(store.engine, ids)
        assert all(bulk[i] == store.load_report(i) for i in ids)

        rows = {r.unit_code: r for r in period_status(store, PERIOD)}
        assert rows[bundles.made[TAMPERED].unit_code].state == "missing"
        assert rows[bundles.made[ROGUE].unit_code].state == "held"
        assert rows[bundles.made[0].unit_code].revision == 2
        assert sum(r.state == "reported" for r in rows.values()) == 12

        result = consolidate(store, PERIOD)
        counted = [second, *bundles.made[1:12]]
        assert [u.unit_code for u in result.units] == [m.unit_code for m in counted]
        assert result.totals["BM1/1"] == total(counted, "BM1/1")
        money, spent = total(counted, "BM6/1.1"), total(counted, "BM6/1.2")
        assert result.totals["BM6/1.1"] == money and result.totals["BM6/1"] == spent * 100 / money
    finally:
        store.close()


def _fresh_database(pg_url: str, name: str) -> str:
    """A new empty database on the test server; its URL."""
    import psycopg

    host = pg_url.split("host=", 1)[1]
    with psycopg.connect(host=host, user="cchc", dbname="postgres", autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name}")
        conn.execute(f"CREATE DATABASE {name}")
    return pg_url.replace("/postgres?", f"/{name}?")


def test_a_province_folder_of_100_bundles_on_postgresql(pg_url: str, bundles: OfficeSet) -> None:
    from cchc_tui.base.rules import NOT_APPLICABLE
    from tests.test_office_import import NA, expected_totals

    store = open_office_store(_fresh_database(pg_url, "office100"))
    try:
        for made in bundles.made:
            add_key(store, made.unit_code, made.public_pem)  # ROGUE's own key: its bundle is not
        files, _missing = find_bundles([bundles.usb])
        kinds = Counter(o.kind for o in import_paths(store, files))
        assert kinds == Counter({Kind.IMPORTED: 98, Kind.INVALID: 1, Kind.HELD: 1})
        rows = {r.unit_code: r for r in period_status(store, PERIOD)}
        assert len(rows) == 100
        by_index = {m.index: m.unit_code for m in bundles.made}
        assert rows[by_index[TAMPERED]].state == "missing"
        assert (rows[by_index[ROGUE]].state, rows[by_index[ROGUE]].held) == ("held", 1)
        assert (rows[by_index[UNEXPLAINED]].errors, rows[by_index[UNEXPLAINED]].unexplained) == (
            0,
            1,
        )
        assert rows[by_index[WITH_ERROR]].errors == 1
        special = {by_index[i] for i in (TAMPERED, ROGUE, UNEXPLAINED, WITH_ERROR)}
        fine = [r for code, r in rows.items() if code not in special]
        assert len(fine) == 96
        assert all(
            (r.state, r.errors, r.unexplained, r.held) == ("reported", 0, 0, 0) for r in fine
        )

        result = consolidate(store, PERIOD)
        counted = sorted(bundles.verified, key=lambda m: m.unit_code)
        assert [u.unit_code for u in result.units] == [m.unit_code for m in counted]
        template = bundles.factory.template
        expected = expected_totals(template, [dict(m.report.values) for m in counted])
        for key, value in result.totals.items():
            assert (NA if value is NOT_APPLICABLE else value) == expected[key], key
        assert len(result.totals) > 40
    finally:
        store.close()


def test_a_url_without_a_driver_or_server_gives_a_vietnamese_error() -> None:
    from cchc_tui.db.engine import StoreError

    with pytest.raises(StoreError, match="Không mở được cơ sở dữ liệu"):
        open_office_store("postgresql+psycopg://cchc@/postgres?host=/nonexistent-socket-dir")
    with pytest.raises(StoreError, match="Chưa cài trình điều khiển"):
        open_office_store("postgresql+nosuchdriver://x@/y")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(pytest.main([__file__, "-q"]))
