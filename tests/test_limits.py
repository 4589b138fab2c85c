"""Bounded input everywhere (issue 17) and the office's import run (issue 18, findings 2, 3, 5).

Each finding of the adversarial run is reproduced first, with the input it used where that is
reasonable to write (a million explanations: 20 MB), and the test asserts the work done, not
the time: no number over the limit ever becomes a ``Decimal``, the reader stops at the first
count over a limit, a too-large file is refused from its size (memory measured with
tracemalloc), a held bundle's report is never parsed.
"""

from __future__ import annotations

import copy
import hashlib
import json
import tracemalloc
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from cchc_tui import messages as msg
from cchc_tui.base import jsonread, limits
from cchc_tui.base.jsonread import JsonReader
from cchc_tui.base.limits import REPORT_JSON, LimitExceeded
from cchc_tui.cli.entry import main
from cchc_tui.db.store import ReportStore
from cchc_tui.domain.interchange import InterchangeError, loads_report, read_report
from cchc_tui.domain.interchange import report_from_dict as from_dict
from cchc_tui.exports import bundle as bundle_module
from cchc_tui.exports import verify
from cchc_tui.office.importer import Kind, find_bundles, import_paths
from cchc_tui.service.reports import ReportService
from cchc_tui.service.samples import sample_path
from cchc_tui.template.loader import TemplateError, load_template_file, load_template_text
from tests.bundle_factory import BundleFactory, bundle_json, unit_code


def sample_data() -> dict[str, Any]:
    """The Bình Lãng sample as parsed JSON (a real report, as an officer's file would be)."""
    return json.loads(sample_path().read_text(encoding="utf-8"))


def sample_exact() -> dict[str, Any]:
    """The sample parsed as the app parses it (numbers exact), for ``report_from_dict``."""
    return json.loads(sample_path().read_text(encoding="utf-8"), parse_float=Decimal)


def write(tmp_path: Path, data: dict[str, Any] | str, name: str = "bao-cao.json") -> Path:
    path = tmp_path / name
    text = data if isinstance(data, str) else json.dumps(data, ensure_ascii=False)
    path.write_text(text, encoding="utf-8")
    return path


def cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    code = main(list(args))
    captured = capsys.readouterr()
    assert "Traceback" not in captured.out + captured.err
    return code, captured.out + captured.err


class DecimalSpy:
    """Records every text that reaches ``Decimal()`` in the bounded reader."""

    def __init__(self) -> None:
        self.texts: list[str] = []

    def __call__(self, text: str) -> Decimal:
        self.texts.append(text)
        return Decimal(text)


@pytest.fixture
def decimals(monkeypatch: pytest.MonkeyPatch) -> DecimalSpy:
    spy = DecimalSpy()
    monkeypatch.setattr(jsonread, "Decimal", spy)
    return spy


def reader_of(text: str) -> tuple[JsonReader, LimitExceeded]:
    reader = JsonReader(text, REPORT_JSON)
    with pytest.raises(LimitExceeded) as refused:
        reader.read()
    return reader, refused.value


# --- Numbers ------------------------------------------------------------------------------------


def test_a_giant_exponent_is_refused_by_its_text_before_any_decimal(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], decimals: DecimalSpy
) -> None:
    """Finding: ``1E999999`` as a money value took 152 s of Decimal arithmetic to refuse."""
    text = json.dumps(sample_data(), ensure_ascii=False).replace(
        '"BM6/1.1": 10900', '"BM6/1.1": 1E999999'
    )
    assert "1E999999" in text
    code, said = cli(capsys, "report", "import-json", str(write(tmp_path, text)))
    assert code == 2
    assert "values.BM6/1.1: số 1E999999 quá lớn (phải nhỏ hơn 10^15)" in said
    assert all("E999999" not in t.upper() for t in decimals.texts)
    assert cli(capsys, "report", "list")[1].strip() == msg.CLI_NO_REPORTS


@pytest.mark.parametrize(
    ("number", "reason"),
    [
        ("1E999999", "quá lớn"),
        ("-1e400", "quá lớn"),
        ("1e-999999", "quá nhỏ"),
        ("9" * 5000, "dài quá 40 ký tự"),
        ("0." + "0" * 60 + "1", "dài quá 40 ký tự"),
        ("1234567890123456", "có quá 15 chữ số có nghĩa"),
        ("1000000000000000", "quá lớn"),
    ],
)
def test_numbers_beyond_what_a_report_holds_never_reach_int_or_decimal(
    number: str, reason: str, decimals: DecimalSpy
) -> None:
    reader, refused = reader_of('{"values": {"BM1/1": ' + number + "}}")
    assert reason in refused.message and "values.BM1/1" in refused.message
    assert reader.numbers_converted == 0 and decimals.texts == []


def test_numbers_a_report_holds_are_exact() -> None:
    text = "[0, -3, 10900, 94.3, 656.35, 1e-5, 1E+14, 999999999999999, 0.000000000000001]"
    assert jsonread.read_json(text, REPORT_JSON) == [
        0, -3, 10900, Decimal("94.3"), Decimal("656.35"), Decimal("1e-5"), Decimal("1E+14"),
        999999999999999, Decimal("0.000000000000001"),
    ]  # fmt: skip


# --- Counts, lengths, sizes ---------------------------------------------------------------------


def test_a_million_explanations_are_refused_from_the_file_size(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Finding: 10^6 explanations were accepted in 57 s and 2.5 GB RSS."""
    data = sample_data()
    data["explanations"] = {f"derived:BM1/{i}": "Đã kiểm tra." for i in range(1_000_000)}
    path = write(tmp_path, data)
    assert path.stat().st_size > limits.REPORT_JSON_BYTES
    tracemalloc.start()
    with pytest.raises(InterchangeError) as refused:
        read_report(path)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert peak < 1024 * 1024  # refused from its size: the file was never read
    assert "bao-cao.json lớn" in str(refused.value) and "vượt giới hạn 4 MB" in str(refused.value)
    code, said = cli(capsys, "report", "import-json", str(path))
    assert code == 2 and "vượt giới hạn 4 MB" in said
    assert cli(capsys, "report", "list")[1].strip() == msg.CLI_NO_REPORTS


def test_the_reader_stops_at_the_first_explanation_over_the_count() -> None:
    many = {f"derived:BM1/{i}": "Đã kiểm tra." for i in range(50_000)}
    rest = {k: v for k, v in sample_data().items() if k != "explanations"}
    data = {"explanations": many, **rest}  # explanations first: where the reader meets them
    reader, refused = reader_of(json.dumps(data, ensure_ascii=False))
    assert refused.message == "Giải trình (explanations) có quá 2.000 mục (giới hạn 2.000)"
    assert reader.values <= 2_000 + 5  # root, the object, the entries: no further
    assert reader.chars_built < 2_001 * 40


def test_300000_documents_are_refused_by_size_and_1001_by_count(tmp_path: Path) -> None:
    """Finding: 300,000 appendix documents were accepted in 26 s and 1.3 GB."""
    data = sample_data()
    doc = data["documents"][0]
    data["documents"] = [doc] * 300_000
    with pytest.raises(InterchangeError, match="vượt giới hạn 4 MB"):
        read_report(write(tmp_path, data))
    data["documents"] = [doc] * 1_001
    with pytest.raises(InterchangeError) as refused:
        read_report(write(tmp_path, data))
    assert "Danh mục văn bản (documents) có quá 1.000 mục (giới hạn 1.000)" in str(refused.value)


def test_a_10_mb_narrative_or_unit_code_is_refused(tmp_path: Path) -> None:
    """Finding: a 10 MB narrative string and a 10 MB unit code were accepted as they are."""
    data = sample_data()
    key = next(iter(data["narrative"]))
    for place in ("narrative", "unit"):
        hostile = copy.deepcopy(data)
        if place == "narrative":
            hostile["narrative"][key] = "x" * 10_000_000
        else:
            hostile["unit"]["code"] = "1" * 10_000_000
        with pytest.raises(InterchangeError, match="vượt giới hạn 4 MB"):
            read_report(write(tmp_path, hostile))
    hostile = copy.deepcopy(data)
    hostile["narrative"][key] = "x" * 20_001
    reader, refused = reader_of(json.dumps(hostile, ensure_ascii=False))
    assert refused.message == (
        f"Thuyết minh mục {key} (narrative) dài 20.001 ký tự, vượt giới hạn 20.000 ký tự"
    )
    assert reader.chars_built < 20_001  # refused from its extent, never made
    hostile = copy.deepcopy(data)
    hostile["unit"]["code"] = "1" * 21
    with pytest.raises(InterchangeError) as too_long:
        loads_report(json.dumps(hostile), "bao-cao.json")
    assert str(too_long.value) == (
        "Tệp bao-cao.json bị từ chối: Mã đơn vị (unit.code) dài 21 ký tự, vượt giới hạn 20 ký tự."
    )


def test_limits_hold_for_a_dict_given_directly() -> None:
    """``report_from_dict`` checks the same limits on data that did not come through the
    reader, nesting first (walked without recursion)."""
    data = sample_exact()
    data["unit"]["code"] = "1" * 21
    with pytest.raises(InterchangeError, match="unit.code"):
        from_dict(data)
    deep: Any = []
    for _ in range(100_000):
        deep = [deep]
    data = sample_exact()
    data["findings"] = deep
    with pytest.raises(InterchangeError, match="lồng nhau quá 8 tầng"):
        from_dict(data)
    data = sample_exact()
    data["recipients"] = ["Sở Nội vụ"] * 51
    with pytest.raises(InterchangeError, match="Nơi nhận"):
        from_dict(data)


def test_the_largest_sample_is_well_inside_every_limit() -> None:
    for name in ("binh-lang-2023", "truong-thi-2023-9thang"):
        text = (sample_path().parent / f"{name}.json").read_text(encoding="utf-8")
        loads_report(text, name)


# --- Nesting and duplicate keys -------------------------------------------------------------


@pytest.mark.parametrize("depth", [600, 100_000])
def test_deeply_nested_json_gives_one_message(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], depth: int
) -> None:
    """Finding: 600-level nested JSON gave a RecursionError traceback."""
    path = write(tmp_path, '{"format": "cchc-report/1", "x": ' + "[" * depth + "]" * depth + "}")
    for command in (("report", "import-json"), ("check",)):
        code, said = cli(capsys, *command, str(path))
        assert code == 2 and "lồng nhau quá 8 tầng" in said, said


def test_duplicate_keys_are_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Finding: duplicate keys in report.json were accepted, the last one winning."""
    text = json.dumps(sample_data(), ensure_ascii=False).replace(
        '"BM1/1": 45,', '"BM1/1": 45, "BM1/1": 999,'
    )
    code, said = cli(capsys, "check", str(write(tmp_path, text)))
    assert code == 2 and "values: trường “BM1/1” xuất hiện hai lần" in said


def test_deeply_nested_yaml_and_aliases_give_one_message(tmp_path: Path) -> None:
    """Finding: 800-level nested YAML gave a RecursionError traceback."""
    nested = tmp_path / "long.yaml"
    nested.write_text("id: x\nforms: " + "[" * 800 + "]" * 800 + "\n", encoding="utf-8")
    with pytest.raises(TemplateError, match="lồng nhau quá 32 tầng"):
        load_template_file(nested)
    block = "id: x\nsections:\n" + "".join("  " * i + "- a:\n" for i in range(1, 800))
    with pytest.raises(TemplateError, match="lồng nhau quá 32 tầng"):
        load_template_text(block, "block.yaml")
    laughs = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{c}: &{c} [{', '.join(['*' + p] * 9)}]\n"
        for p, c in zip("abcdefgh", "bcdefghi", strict=True)
    )
    with pytest.raises(TemplateError, match="neo và bí danh"):
        load_template_text(laughs, "laughs.yaml")


def test_a_template_too_large_is_refused_from_its_size(tmp_path: Path) -> None:
    big = tmp_path / "big.yaml"
    big.write_text("id: x\n# " + "x" * limits.TEMPLATE_BYTES + "\n", encoding="utf-8")
    with pytest.raises(TemplateError, match="vượt giới hạn 1 MB"):
        load_template_file(big)


def test_too_many_template_rows_are_refused() -> None:
    rows = "".join(f"      - {{stt: '{i}', label: r, kind: count}}\n" for i in range(5_001))
    text = "id: x\nforms:\n  - number: 1\n    rows:\n" + rows
    with pytest.raises(TemplateError, match="quá 5.000 dòng chỉ tiêu"):
        load_template_text(text, "rows.yaml")


# --- Typed text, arguments, small files ---------------------------------------------------------


def test_typed_text_over_its_limit_is_refused_and_nothing_stored(
    store: ReportStore, sample_id: int
) -> None:
    workspace = ReportService(store).open_report(sample_id)
    key = next(iter(workspace.report.narrative))
    with pytest.raises(LimitExceeded, match="vượt giới hạn 20.000 ký tự"):
        workspace.set_narrative(key, "x" * 20_001)
    with pytest.raises(LimitExceeded, match="Ghi chú dòng BM1/1"):
        workspace.set_note("BM1/1", "x" * 2_001)
    assert store.load_report(sample_id).narrative[key] != "x" * 20_001
    assert "BM1/1" not in store.load_report(sample_id).notes
    assert len(store.audit_log(sample_id)) == 1


def test_command_line_arguments_and_ids_are_bounded(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, said = cli(capsys, "report", "explain", "1", "BM1/1", "x" * 30_000)
    assert code == 2 and "Tham số text dài 30.000 ký tự, vượt giới hạn 20.000 ký tự." in said
    for number in ("9" * 5_000, "٣", "9" * 19):
        with pytest.raises(SystemExit) as usage:
            main(["report", "export-json", number, str(tmp_path / "a.json")])
        said = capsys.readouterr().err
        assert usage.value.code == 2 and "không phải số nguyên" in said
        assert "Traceback" not in said and "4300" not in said


def test_a_huge_passphrase_file_is_refused_from_its_size(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    huge = tmp_path / "pass.txt"
    huge.write_bytes(b"x" * (limits.INPUT_FILE_BYTES + 1))
    code, said = cli(
        capsys, "signoff", "1", "--signer", "A", "--title", "B", "--passphrase-file", str(huge)
    )
    assert code == 2 and "pass.txt lớn" in said


# --- The office: verified before parsed, one file never stops the run ------------------------


def craft_bundle(report: bytes, meta: dict[str, Any], private_key: Any) -> bytes:
    """A validly signed bundle with any report.json and manifest fields (no self-check)."""
    from cchc_tui.signing.keys import fingerprint, public_key_raw

    manifest = {
        **meta,
        "format": "cchc-bundle/1",
        "public_key_fingerprint": fingerprint(public_key_raw(private_key)),
        "members": [
            {
                "name": "report.json",
                "size": len(report),
                "sha256": hashlib.sha256(report).hexdigest(),
            }
        ],
    }
    raw = json.dumps(manifest, ensure_ascii=False, sort_keys=True).encode()
    plain = bundle_module.write_zip([("manifest.json", raw), ("report.json", report)])
    return bundle_module.sign_zip(plain, private_key)


@pytest.fixture
def office(tmp_path: Path) -> Iterator[ReportStore]:
    opened = ReportStore.open(tmp_path / "office.sqlite3")
    yield opened
    opened.close()


def register(office: ReportStore, factory: BundleFactory, index: int) -> None:
    from cchc_tui.office.keys import add_key

    add_key(office, unit_code(index), factory.public_pem(index))


def meta_of(factory: BundleFactory, index: int, revision: int = 1) -> dict[str, Any]:
    report = factory.report(index, revision)
    return {
        "template_id": report.template_id,
        "unit_code": report.unit.code,
        "unit_name": report.unit.display_name,
        "period_code": report.period.code,
        "revision": revision,
        "signer_name": report.signature.name,
        "signer_title": report.signature.title,
        "signed_at": factory.signed_at(index, revision),
        "app_version": "0.1.0",
    }


def test_a_hostile_file_first_in_a_folder_stops_nothing(
    tmp_path: Path, office: ReportStore, monkeypatch: pytest.MonkeyPatch, decimals: DecimalSpy
) -> None:
    """Finding: a self-signed bundle from an unregistered unit with a 5,000-digit document
    number ended ``office import FOLDER`` ("Exceeds the limit (4300 digits)…", exit 1), and
    the valid bundles behind it were not imported; revision ``2**63`` gave an OverflowError."""
    from cryptography.hazmat.primitives.asymmetric import ed25519

    usb = tmp_path / "usb"
    usb.mkdir()
    factory = BundleFactory(usb, tmp_path / "keys")
    stranger = ed25519.Ed25519PrivateKey.generate()
    hostile = factory.report(90)
    data = json.loads(bundle_json(hostile, factory.template, 1, factory.signed_at(90, 1)))
    data["documents"][0]["number"] = "7" * 5_000 + "/KH-UBND"
    first = usb / "0000_hostile.cchc.zip"
    first.write_bytes(
        craft_bundle(json.dumps(data, ensure_ascii=False).encode(), meta_of(factory, 90), stranger)
    )
    register(office, factory, 91)
    big_number = json.loads(bundle_json(factory.report(91), factory.template, 1, "x"))
    big_number["values"]["BM6/1.1"] = 0  # replaced by the text below
    text = json.dumps(big_number, ensure_ascii=False).replace('"BM6/1.1": 0', '"BM6/1.1": 1E999999')
    (usb / "0001_exponent.cchc.zip").write_bytes(
        craft_bundle(text.encode(), meta_of(factory, 91), factory.key(91).private_key)
    )
    (usb / "0002_revision.cchc.zip").write_bytes(
        craft_bundle(
            bundle_json(factory.report(91), factory.template, 2**63, "x"),
            {**meta_of(factory, 91), "revision": 2**63},
            factory.key(91).private_key,
        )
    )
    (usb / "0003_garbage.cchc.zip").write_bytes(b"PK\x05\x06" + b"\x00" * 200)
    valid = [factory.bundle(i) for i in range(3)]
    for i in range(3):
        register(office, factory, i)

    parsed: list[str] = []
    from cchc_tui.office import importer

    original = importer._read_report

    def spy(data: bytes, manifest: dict[str, Any]) -> Any:
        parsed.append(manifest["unit_code"])
        return original(data, manifest)

    monkeypatch.setattr(importer, "_read_report", spy)
    files, _missing = find_bundles([usb])
    assert files[0] == first
    outcomes = list(import_paths(office, files))
    kinds = {o.file: o.kind for o in outcomes}
    assert kinds == {
        "0000_hostile.cchc.zip": Kind.HELD,
        "0001_exponent.cchc.zip": Kind.INVALID,
        "0002_revision.cchc.zip": Kind.UNREADABLE,
        "0003_garbage.cchc.zip": Kind.UNREADABLE,
        **{m.path.name: Kind.IMPORTED for m in valid},
    }
    by_file = {o.file: o for o in outcomes}
    assert "quá lớn" in by_file["0001_exponent.cchc.zip"].problems[0]
    (problem,) = by_file["0002_revision.cchc.zip"].problems
    assert problem.startswith("Tệp mô tả manifest.json bị từ chối: revision: số 92233720")
    # The held bundle's report was never parsed; nothing over the limit became a Decimal.
    assert unit_code(90) not in parsed and sorted(parsed) == sorted(
        [unit_code(91), *(unit_code(i) for i in range(3))]
    )
    assert all("E999999" not in t.upper() for t in decimals.texts)
    assert len(office.list_reports()) == 3


def test_bundle_verify_without_a_registered_key_says_the_origin_is_unverified(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Finding: without ``--key``, unit A's report signed with unit B's key printed
    "Gói hợp lệ" (with a note) and exited 0."""
    factory = BundleFactory(tmp_path / "usb", tmp_path / "keys")
    forged = factory.bundle(0, key=factory.key(1))
    code, said = cli(capsys, "bundle", "verify", str(forged.path))
    assert code == 1 and "CHƯA XÁC THỰC nguồn" in said and "Gói hợp lệ" not in said
    assert msg.VERIFY_UNVERIFIED_REFUSED in said
    code, said = cli(capsys, "bundle", "verify", str(forged.path), "--allow-unverified")
    assert code == 0 and "Gói nguyên vẹn nhưng CHƯA XÁC THỰC nguồn" in said
    key_a = tmp_path / "a.pub.pem"
    key_a.write_bytes(factory.public_pem(0))
    code, said = cli(capsys, "bundle", "verify", str(forged.path), "--key", str(key_a))
    assert code == 1 and "Gói KHÔNG hợp lệ" in said
    genuine = factory.bundle(0, folder=tmp_path)
    code, said = cli(capsys, "bundle", "verify", str(genuine.path), "--key", str(key_a))
    assert code == 0 and "Gói hợp lệ" in said


def test_a_bundle_too_large_is_refused_before_it_is_read(tmp_path: Path) -> None:
    big = tmp_path / "big.cchc.zip"
    with open(big, "wb") as handle:
        handle.truncate(limits.BUNDLE_BYTES + 1)
    tracemalloc.start()
    result = verify.verify_bundle(big)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert not result.ok and result.unreadable and peak < 1024 * 1024
    assert "vượt giới hạn 8 MB" in result.problems[0]


def test_header_fields_over_their_limits_are_refused(store: ReportStore, sample_id: int) -> None:
    from dataclasses import replace

    workspace = ReportService(store).open_report(sample_id)
    form = workspace.header_form()
    with pytest.raises(LimitExceeded) as refused:
        workspace.set_header(replace(form, title="x" * 1_001))
    assert refused.value.message == (
        "Trích yếu (header.title) dài 1.001 ký tự, vượt giới hạn 1.000 ký tự"
    )
    with pytest.raises(LimitExceeded, match="Nơi nhận"):
        workspace.set_header(replace(form, recipients=[f"Nơi {i}" for i in range(51)]))
    assert store.load_report(sample_id).header.title == workspace.report.header.title
    assert len(store.audit_log(sample_id)) == 1
