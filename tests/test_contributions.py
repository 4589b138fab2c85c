"""Several officers, one report (issue 16), through the application layer on real files.

Three SQLite databases (the compiler's, officer A's, officer B's) and a USB folder between them;
packages and contributions are real ZIP files read back. The values come from the Bình Lãng
sample (seed 001): BM3/1.2 "Số TTHC công bố mới" prints 5, BM3/1.1 is empty, BM7/3 prints 100.
"""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from datetime import date
from pathlib import Path

import pytest

from cchc_tui import messages as msg
from cchc_tui.base.errors import InvalidInput, Refused
from cchc_tui.domain.documents import make_document
from cchc_tui.domain.signoff import NotReady
from cchc_tui.exports.bundle import write_zip
from cchc_tui.exports.contribution_format import read_package
from cchc_tui.exports.package import build_report_bundle
from cchc_tui.exports.verify import verify_bundle
from cchc_tui.service.contributions import (
    ContributionInvalid,
    ContributionRefused,
    contribution_mac,
    plan_merge,
)
from cchc_tui.service.reports import SignOffRequest
from tests.contribution_helpers import (
    OFFICER_A,
    OFFICER_B,
    WHO_A,
    WHO_B,
    Commune,
    db_state,
    make_commune,
    stored_values,
)

PASSPHRASE = "Bình Lãng ký duyệt 2023"


@pytest.fixture
def commune(tmp_path: Path):  # type: ignore[no-untyped-def]
    """The compiler assigns BM3 and the TTHC section to A and BM7 to B."""
    made = make_commune(tmp_path)
    contributions = made.compiler.contributions
    contributions.assign(made.report_id, "BM3", OFFICER_A)
    contributions.assign(made.report_id, "I.3", OFFICER_A)
    contributions.assign(made.report_id, "7", OFFICER_B)
    yield made
    made.close()


def _sign(commune: Commune) -> None:
    """Fill the sample's one empty required row if needed and explain its warnings."""
    ws = commune.compiler.open_report(commune.report_id)
    if ws.report.values.get("BM3/1.1") is None:
        ws.enter_value("BM3/1.1", "0")
    for finding in ws.result.warnings:
        ws.explain(finding.id, "Đã kiểm tra: giữ như bản in.")
    commune.compiler.sign_off(
        commune.report_id,
        SignOffRequest("Trần Xuân Mãng", "CHỦ TỊCH", PASSPHRASE, "101", date(2023, 12, 8)),
    )


# --- the merge rule itself ------------------------------------------------------------------


def test_the_three_way_rule_item_by_item() -> None:
    base = {"only_mine": "1", "only_theirs": "1", "both_alike": "1", "both_differ": "1"}
    mine = {"only_mine": "2", "only_theirs": "1", "both_alike": "3", "both_differ": "4"}
    theirs = {"only_mine": "1", "only_theirs": "5", "both_alike": "3", "both_differ": "6"}
    theirs["new_theirs"] = "7"
    plan = plan_merge(base, mine, theirs, set(base) | set(theirs))
    assert plan.taken == ["new_theirs", "only_theirs"]
    assert plan.conflicts == ["both_differ"]
    assert plan.agreed == ["both_alike"]


# --- assigning ------------------------------------------------------------------------------


def test_assignments_name_parts_and_officers_and_are_audited(commune: Commune) -> None:
    contributions = commune.compiler.contributions
    assert contributions.assignments(commune.report_id) == {
        "BM3": OFFICER_A,
        "I.3": OFFICER_A,
        "BM7": OFFICER_B,
    }
    assert contributions.officers(commune.report_id) == [OFFICER_A, OFFICER_B]
    with pytest.raises(InvalidInput, match="không có phần “BM99”"):
        contributions.assign(commune.report_id, "BM99", OFFICER_A)
    with pytest.raises(InvalidInput, match="không phải tên người"):
        contributions.assign(commune.report_id, "BM1", "Cán bộ 3")
    assert contributions.assign(commune.report_id, "phụ lục", OFFICER_B).key == "appendix"
    contributions.assign(commune.report_id, "appendix", None)
    rows = [e for e in commune.compiler.audit_log(commune.report_id) if e.entity == "assignment"]
    assert [(r.key, r.old, r.new) for r in rows] == [
        ("BM3", None, OFFICER_A),
        ("I.3", None, OFFICER_A),
        ("BM7", None, OFFICER_B),
        ("appendix", None, OFFICER_B),
        ("appendix", OFFICER_B, None),
    ]
    assert {r.who for r in rows} == {commune.compiler.who}


def test_nothing_is_assigned_on_a_signed_report(commune: Commune) -> None:
    _sign(commune)
    with pytest.raises(ContributionRefused, match="đã ký duyệt"):
        commune.compiler.contributions.assign(commune.report_id, "BM1", OFFICER_A)
    with pytest.raises(ContributionRefused, match="đã ký duyệt"):
        commune.send_packages()


# --- packages and working copies ------------------------------------------------------------


def test_a_package_carries_the_whole_report_and_names_its_parts(commune: Commune) -> None:
    packages = commune.send_packages()
    path = packages[OFFICER_A]
    assert path.name == "11092_2023-nam_r1_Nguyen-Thi-An.cchc-giaoviec.zip"
    with zipfile.ZipFile(path) as zf:
        assert zf.namelist() == ["manifest.json", "report.json"]
        manifest = json.loads(zf.read("manifest.json"))
        report = json.loads(zf.read("report.json"))
    assert manifest["format"] == "cchc-package/1"
    assert manifest["officer"] == OFFICER_A and manifest["parts"] == ["I.3", "BM3"]
    assert manifest["report"]["unit_code"] == "11092" and manifest["report"]["revision"] == 1
    member = manifest["members"][0]
    with zipfile.ZipFile(path) as zf:
        assert hashlib.sha256(zf.read("report.json")).hexdigest() == member["sha256"]
    assert report["values"]["BM3/1.2"] == 5 and report["values"]["BM1/1"] == 45  # context too
    assert len(report["documents"]) == 45 == len(manifest["documents"])
    progress = {p.part: p.stage for p in commune.compiler.contributions.progress(commune.report_id)}
    assert progress["BM3"] == progress["I.3"] == progress["BM7"] == "sent"
    assert progress["BM1"] == "unassigned"


def test_the_working_copy_changes_only_the_officers_parts(commune: Commune) -> None:
    packages = commune.send_packages()
    copy_id = commune.open_on(commune.a, packages[OFFICER_A])
    ws = commune.a.open_report(copy_id)
    assert ws.editable_parts == {"BM3", "I.3"}
    assert [p.key for p in ws.outline()][:2] == ["I.3", "BM3"]  # their own parts first
    ws.enter_value("BM3/1.2", "6")
    ws.set_narrative("I.3.1", "Đã rà soát 12 TTHC.")
    for attempt in (
        lambda: ws.enter_value("BM1/1", "46"),
        lambda: ws.set_note("BM7/3", "ghi chú"),
        lambda: ws.set_narrative("I.1.1", "Không phải phần của An."),
        lambda: ws.add_document(ws.report.documents[0]),
        lambda: ws.set_header(ws.header_form()),
    ):
        with pytest.raises(Refused, match="chỉ xem"):
            attempt()
    assert not ws.can_sign
    with pytest.raises(Refused, match="bản làm việc"):
        commune.a.sign_off(copy_id, SignOffRequest("Nguyễn Thị An", "CHỦ TỊCH", PASSPHRASE))
    values = stored_values(commune.root / "a.sqlite3", copy_id)
    assert values["BM3/1.2"] == "6" and values["BM1/1"] == "45"


def test_opening_a_package_again_is_the_same_working_copy(commune: Commune) -> None:
    packages = commune.send_packages()
    first = commune.open_on(commune.a, packages[OFFICER_A])
    assert commune.open_on(commune.a, packages[OFFICER_A]) == first
    assert len(commune.a.overview()) == 1


def test_a_newer_package_replaces_a_working_copy_only_once_its_work_is_sent(
    commune: Commune,
) -> None:
    first = commune.send_packages()
    copy_id = commune.open_on(commune.a, first[OFFICER_A])
    commune.a.open_report(copy_id).enter_value("BM3/1.2", "6")
    commune.compiler.contributions.assign(commune.report_id, "BM4", OFFICER_A)
    second = commune.send_packages()
    before = db_state(commune.root / "a.sqlite3")
    with pytest.raises(ContributionRefused, match="chưa gửi"):
        commune.open_on(commune.a, second[OFFICER_A])
    assert db_state(commune.root / "a.sqlite3") == before
    commune.contribute(commune.a, copy_id)
    assert commune.open_on(commune.a, second[OFFICER_A]) == copy_id
    ws = commune.a.open_report(copy_id)
    assert ws.editable_parts == {"BM3", "I.3", "BM4"}
    assert ws.report.values["BM3/1.2"] == 5  # the new package's (A's 6 travels in the first)


def test_the_compiler_cannot_open_its_own_package(commune: Commune) -> None:
    packages = commune.send_packages()
    with pytest.raises(ContributionRefused, match="máy của công chức được giao"):
        commune.open_on(commune.compiler, packages[OFFICER_A])


# --- the scenario of the issue ------------------------------------------------------------------


def test_two_officers_one_conflict_resolved_signed_and_audited(commune: Commune) -> None:
    packages = commune.send_packages()
    copy_a = commune.open_on(commune.a, packages[OFFICER_A])
    copy_b = commune.open_on(commune.b, packages[OFFICER_B])
    work_a = commune.a.open_report(copy_a)
    work_a.enter_value("BM3/1.1", "3")
    work_a.enter_value("BM3/1.2", "6")
    work_a.set_narrative("I.3.1", "Bổ sung: đã rà soát 12 TTHC.")
    commune.b.open_report(copy_b).enter_value("BM7/3", "95")
    commune.compiler.open_report(commune.report_id).enter_value("BM3/1.2", "7")  # meanwhile
    commune.contribute(commune.a, copy_a)
    commune.contribute(commune.b, copy_b)

    lines = commune.receive()
    assert [(x.outcome.officer, x.outcome.taken, x.outcome.conflicts) for x in lines] == [
        (OFFICER_B, 1, 0),
        (OFFICER_A, 2, 1),
    ]
    values = stored_values(commune.root / "compiler.sqlite3", commune.report_id)
    assert values["BM3/1.1"] == "3" and values["BM7/3"] == "95"
    assert values["BM3/1.2"] == "7"  # the conflict is not decided by anyone but the compiler
    [conflict] = commune.compiler.contributions.conflicts(commune.report_id)
    assert conflict.label == "BM3 › 1.2 Số TTHC công bố mới (giá trị)"
    assert (conflict.mine, conflict.mine_who) == ("7", commune.compiler.who)
    assert (conflict.theirs, conflict.theirs_who, conflict.officer) == ("6", WHO_A, OFFICER_A)

    with pytest.raises(NotReady, match="Xung đột chưa giải quyết"):
        _sign(commune)
    commune.compiler.contributions.resolve(conflict.id, take_theirs=True)
    assert stored_values(commune.root / "compiler.sqlite3", commune.report_id)["BM3/1.2"] == "6"
    _sign(commune)
    bundle = build_report_bundle(commune.compiler, commune.report_id, PASSPHRASE)
    checked = verify_bundle(bundle.data)
    assert checked.ok, checked.problems
    from cchc_tui.exports.verify import read_member

    sent = json.loads(read_member(bundle.data, "report.json"))
    assert sent["values"]["BM3/1.2"] == 6 and sent["values"]["BM7/3"] == 95
    assert sent["narrative"]["I.3.1"] == "Bổ sung: đã rà soát 12 TTHC."

    audit = commune.compiler.audit_log(commune.report_id)
    by_who = {(e.entity, e.key): e.who for e in audit if e.entity in ("value", "narrative")}
    assert by_who[("value", "BM3/1.1")] == by_who[("narrative", "I.3.1")] == WHO_A
    assert by_who[("value", "BM7/3")] == WHO_B
    sides = [(e.entity, e.old, e.new, e.who) for e in audit if e.key.endswith("BM3/1.2")]
    assert sides == [
        ("value", "5", "7", commune.compiler.who),
        ("conflict", "7", "6", WHO_A),
        ("resolve", None, "theirs", commune.compiler.who),
        ("value", "7", "6", WHO_A),
    ]
    assert commune.compiler.check_database().ok
    progress = {p.part: p.stage for p in commune.compiler.contributions.progress(commune.report_id)}
    assert progress["BM3"] == progress["BM7"] == "merged"


def test_keeping_mine_stays_kept_when_the_officer_sends_again(commune: Commune) -> None:
    packages = commune.send_packages()
    copy_a = commune.open_on(commune.a, packages[OFFICER_A])
    work = commune.a.open_report(copy_a)
    work.enter_value("BM3/1.2", "6")
    commune.compiler.open_report(commune.report_id).enter_value("BM3/1.2", "7")
    first = commune.contribute(commune.a, copy_a)
    commune.receive([first])
    [conflict] = commune.compiler.contributions.conflicts(commune.report_id)
    commune.compiler.contributions.resolve(conflict.id, take_theirs=False)
    work.enter_value("BM3/1.3", "4")  # A goes on; 1.2 stays 6 on their side
    second = commune.contribute(commune.a, copy_a)
    [line] = commune.receive([second])
    assert (line.outcome.sequence, line.outcome.taken, line.outcome.conflicts) == (2, 1, 0)
    values = stored_values(commune.root / "compiler.sqlite3", commune.report_id)
    assert values["BM3/1.2"] == "7" and values["BM3/1.3"] == "4"
    assert commune.compiler.contributions.conflicts(commune.report_id) == []


def test_receiving_again_changes_nothing(commune: Commune) -> None:
    packages = commune.send_packages()
    copy_a = commune.open_on(commune.a, packages[OFFICER_A])
    commune.a.open_report(copy_a).enter_value("BM3/1.2", "6")
    commune.contribute(commune.a, copy_a)
    commune.receive()
    before = db_state(commune.root / "compiler.sqlite3")
    again = commune.receive()
    assert [line.outcome.kind for line in again] == ["already"]
    assert again[0].text.startswith("[ĐÃ CÓ] ")
    assert db_state(commune.root / "compiler.sqlite3") == before


def test_the_order_of_contributions_does_not_matter(tmp_path: Path) -> None:
    results = []
    for order in ((OFFICER_A, OFFICER_B), (OFFICER_B, OFFICER_A)):
        made = make_commune(tmp_path / "-".join(order).replace(" ", ""))
        try:
            made.compiler.contributions.assign(made.report_id, "BM3", OFFICER_A)
            made.compiler.contributions.assign(made.report_id, "BM7", OFFICER_B)
            packages = made.send_packages()
            files = {}
            for officer, service, row, value in (
                (OFFICER_A, made.a, "BM3/1.2", "6"),
                (OFFICER_B, made.b, "BM7/3", "95"),
            ):
                copy = made.open_on(service, packages[officer])
                service.open_report(copy).enter_value(row, value)
                files[officer] = made.contribute(service, copy)
            made.receive([files[o] for o in order])
            results.append(stored_values(made.root / "compiler.sqlite3", made.report_id))
        finally:
            made.close()
    assert results[0] == results[1]


def test_documents_added_changed_and_deleted_by_the_officer(commune: Commune) -> None:
    commune.compiler.contributions.assign(commune.report_id, "appendix", OFFICER_B)
    packages = commune.send_packages()
    copy_b = commune.open_on(commune.b, packages[OFFICER_B])
    work = commune.b.open_report(copy_b)
    added = make_document("Kế hoạch", "70/KH-UBND", "15/11/2023", "Kế hoạch mới của Bình.")
    changed = make_document("Kế hoạch", "60/KH-UBND", "30/12/2022", "Tóm tắt sửa lại.")
    work.add_document(added)
    work.update_document(1, changed)
    work.delete_document(2)
    compiler = commune.compiler.open_report(commune.report_id)
    own = make_document("Quyết định", "80/QĐ-UBND", "20/11/2023", "Quyết định của người tổng hợp.")
    compiler.update_document(5, own)  # a document B did not touch
    commune.contribute(commune.b, copy_b)
    [line] = commune.receive()
    assert (line.outcome.taken, line.outcome.conflicts) == (3, 0)
    before = commune.a.store.load_report(commune.open_on(commune.a, packages[OFFICER_A]))
    documents = commune.compiler.store.load_report(commune.report_id).documents
    expected = list(before.documents)  # as the package sent them
    expected[1] = changed
    expected[5] = own
    del expected[2]
    assert documents == [*expected, added]


# --- refused, nothing changed -------------------------------------------------------------


def _contribution(commune: Commune) -> Path:
    packages = commune.send_packages()
    copy_a = commune.open_on(commune.a, packages[OFFICER_A])
    commune.a.open_report(copy_a).enter_value("BM3/1.2", "6")
    return commune.contribute(commune.a, copy_a)


def _refused(commune: Commune, path: Path, reason: str) -> None:
    before = db_state(commune.root / "compiler.sqlite3")
    [line] = commune.receive([path])
    assert line.outcome is None and reason in line.error, line.error
    assert line.text.startswith("[TỪ CHỐI] ")
    assert db_state(commune.root / "compiler.sqlite3") == before


def test_a_damaged_byte_is_refused(commune: Commune) -> None:
    path = _contribution(commune)
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0xFF
    damaged = path.with_name("damaged.cchc-donggop.zip")
    damaged.write_bytes(bytes(data))
    _refused(commune, damaged, "damaged.cchc-donggop.zip")


def test_a_truncated_file_is_refused(commune: Commune) -> None:
    path = _contribution(commune)
    for size in (0, 10, len(path.read_bytes()) // 2, len(path.read_bytes()) - 1):
        cut = path.with_name(f"cut{size}.cchc-donggop.zip")
        cut.write_bytes(path.read_bytes()[:size])
        _refused(commune, cut, "")


def _rewritten(path: Path, edit: object, fix_mac_with: str | None = None) -> Path:
    """The contribution with ``contribution.json`` edited by ``edit(dict)``, its manifest's
    size and SHA-256 made to match again (and, given the package secret, its MAC too)."""
    with zipfile.ZipFile(path) as zf:
        manifest = json.loads(zf.read("manifest.json"))
        content = json.loads(zf.read("contribution.json"))
    edit(content)  # type: ignore[operator]
    payload = (json.dumps(content, ensure_ascii=False, indent=1) + "\n").encode()
    manifest["members"] = [
        {
            "name": "contribution.json",
            "size": len(payload),
            "sha256": hashlib.sha256(payload).hexdigest(),
        }
    ]
    if fix_mac_with is not None:
        manifest["mac"] = contribution_mac(fix_mac_with, manifest)
    raw = (json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode()
    out = path.with_name("edited.cchc-donggop.zip")
    out.write_bytes(write_zip([("manifest.json", raw), ("contribution.json", payload)]))
    return out


def test_an_edited_contribution_with_matching_hashes_is_refused_by_its_mac(
    commune: Commune,
) -> None:
    path = _contribution(commune)

    def edit(content: dict) -> None:  # type: ignore[type-arg]
        content["values"]["BM3/1.2"] = "600"

    _refused(commune, _rewritten(path, edit), "đã bị sửa")


def test_a_contribution_of_another_compilers_report_is_refused(
    commune: Commune, tmp_path: Path
) -> None:
    other = make_commune(tmp_path / "other")
    try:
        other.compiler.contributions.assign(other.report_id, "BM3", OFFICER_A)
        packages = other.send_packages()
        copy = other.open_on(other.a, packages[OFFICER_A])
        other.a.open_report(copy).enter_value("BM3/1.2", "6")
        foreign = other.contribute(other.a, copy)
    finally:
        other.close()
    _refused(commune, foreign, "không trả lời gói giao việc nào")


def test_an_older_contribution_after_a_newer_one_is_refused(commune: Commune) -> None:
    packages = commune.send_packages()
    copy_a = commune.open_on(commune.a, packages[OFFICER_A])
    work = commune.a.open_report(copy_a)
    work.enter_value("BM3/1.2", "6")
    first = commune.contribute(commune.a, copy_a)
    saved = first.read_bytes()
    work.enter_value("BM3/1.3", "4")
    second = commune.contribute(commune.a, copy_a)
    commune.receive([second])
    old = commune.usb / "old.cchc-donggop.zip"
    old.write_bytes(saved)
    _refused(commune, old, "cũ hơn phần đã gộp")


def test_a_contribution_for_a_signed_or_reopened_revision_is_refused(commune: Commune) -> None:
    path = _contribution(commune)
    _sign(commune)
    _refused(commune, path, "đã ký duyệt")
    commune.compiler.reopen(commune.report_id, "Bổ sung số liệu")
    _refused(commune, path, "đã có lần mới hơn")


def test_changes_to_a_part_no_longer_assigned_are_refused(commune: Commune) -> None:
    path = _contribution(commune)
    commune.compiler.contributions.assign(commune.report_id, "BM3", OFFICER_B)
    _refused(commune, path, f"không (còn) giao cho {OFFICER_A}: BM3")


def test_a_value_its_row_cannot_hold_is_refused_even_when_authenticated(
    commune: Commune,
) -> None:
    path = _contribution(commune)
    [package] = [
        p for p in commune.compiler.store.packages(commune.report_id) if p.officer == OFFICER_A
    ]

    def edit(content: dict) -> None:  # type: ignore[type-arg]
        content["values"]["BM3/1.2"] = "-5"

    _refused(commune, _rewritten(path, edit, package.secret), "không hợp lệ ở dòng BM3/1.2")

    def outside(content: dict) -> None:  # type: ignore[type-arg]
        content["values"]["BM1/1"] = "46"

    _refused(commune, _rewritten(path, outside, package.secret), "không (còn) giao")


def test_a_package_with_another_template_is_refused_on_the_officers_pc(commune: Commune) -> None:
    packages = commune.send_packages()
    content = read_package(packages[OFFICER_A].read_bytes(), "p.zip")
    content.manifest["report"]["template_sha256"] = "0" * 64
    before = db_state(commune.root / "a.sqlite3")
    with pytest.raises(ContributionRefused, match="khác với mẫu"):
        commune.a.contributions.open_package(content)
    assert db_state(commune.root / "a.sqlite3") == before


def test_a_damaged_package_is_refused(commune: Commune) -> None:
    packages = commune.send_packages()
    data = packages[OFFICER_A].read_bytes()
    with pytest.raises(ContributionInvalid):
        read_package(data[:-30], "p.zip")
    buffer = io.BytesIO(data)
    with zipfile.ZipFile(buffer) as zf:
        manifest = zf.read("manifest.json")
    edited = write_zip([("manifest.json", manifest), ("report.json", b"{}")])
    with pytest.raises(ContributionInvalid, match="SHA-256"):
        read_package(edited, "p.zip")
    assert msg.PACKAGE_NOT_ONE
