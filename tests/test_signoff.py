"""Sign-off, locked revisions and the signed bundle of the real sample, end to end."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import docx
import openpyxl
import pytest

from cchc_tui.app import CchcApp
from cchc_tui.base.atomic import ExportWriteError, write_bundle
from cchc_tui.base.errors import Refused
from cchc_tui.db.store import ReportLocked, ReportStore
from cchc_tui.domain.signoff import NotReady
from cchc_tui.domain.validation import validate
from cchc_tui.exports.package import build_report_bundle
from cchc_tui.exports.verify import read_member, verify_bundle
from cchc_tui.screens.form import FormScreen
from cchc_tui.service.reports import ReportService, SignOffRequest
from cchc_tui.service.settings import Settings
from cchc_tui.service.workspace import NotExplainable
from cchc_tui.signing.keys import WrongPassphraseError
from cchc_tui.template.loader import get_template
from tests.ui_helpers import press

PASSPHRASE = "Bình Lãng ký 2023"


def explain_all_warnings(store: ReportStore, report_id: int) -> int:
    report = store.load_report(report_id)
    result = validate(get_template(report.template_id), report)
    for finding in result.warnings:
        store.set_explanation(report_id, finding.id, "Đã kiểm tra: giữ như bản in.")
    return len(result.warnings)


@pytest.fixture
def ready_sample(store: ReportStore, sample_id: int) -> int:
    store.set_value(sample_id, "BM3/1.1", 0)  # the printed report left it empty
    explain_all_warnings(store, sample_id)
    return sample_id


@pytest.fixture
def signed_sample(service: ReportService, ready_sample: int) -> int:
    service.sign_off(ready_sample, SignOffRequest("Trần Xuân Mãng", "CHỦ TỊCH", PASSPHRASE, "101"))
    return ready_sample


def test_signoff_refuses_with_the_list_of_what_is_missing(
    store: ReportStore, sample_id: int
) -> None:
    with pytest.raises(NotReady) as err:
        ReportService(store).sign_off(
            sample_id, SignOffRequest("Trần Xuân Mãng", "CHỦ TỊCH", PASSPHRASE)
        )
    lines = err.value.readiness.lines()
    assert "Lỗi ở BM3/1.1: Chưa nhập giá trị cho chỉ tiêu bắt buộc." in lines
    assert any(line.startswith("Cảnh báo chưa giải trình ở BM6/1") for line in lines)
    assert len(lines) == 28  # 1 error, 11 form/appendix warnings, 16 of the narrative
    assert store.status(sample_id) == ("draft", 1)


def test_sample_with_warnings_explained_signs_off(store: ReportStore, signed_sample: int) -> None:
    assert store.status(signed_sample) == ("signed", 1)
    report = store.load_report(signed_sample)
    assert report.signature.name == "Trần Xuân Mãng" and report.header.number == "101"
    assert store.audit_log(signed_sample)[-1].key == "signoff"


def test_signed_report_cannot_be_changed_through_the_store(
    store: ReportStore, signed_sample: int
) -> None:
    for change in (
        lambda: store.set_value(signed_sample, "BM1/1", 1),
        lambda: store.set_note(signed_sample, "BM1/1", "x"),
        lambda: store.set_narrative(signed_sample, "I.1.1", "x"),
        lambda: store.set_explanation(signed_sample, "derived:BM6/1", "x"),
        lambda: store.delete_document(signed_sample, 0),
    ):
        with pytest.raises(ReportLocked):
            change()
    report = store.load_report(signed_sample)
    assert report.values["BM1/1"] == 45 and len(report.documents) == 45


def test_signed_report_cannot_be_changed_through_the_cli(
    store: ReportStore, signed_sample: int, db_path: Path
) -> None:
    store.close()
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "cchc_tui.cli",
            "--db",
            str(db_path),
            "report",
            "explain",
            str(signed_sample),
            "BM6/1",
            "sửa sau khi ký",
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 1 and "đã ký duyệt" in done.stderr
    again = ReportStore.open(db_path)
    assert again.load_report(signed_sample).explanations["derived:BM6/1"] != "sửa sau khi ký"
    again.close()


async def test_signed_report_cannot_be_changed_through_the_ui(
    store: ReportStore, signed_sample: int
) -> None:
    app = CchcApp(ReportService(store), Settings(), save_settings_on_change=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await press(pilot, "enter")  # open the only report
        from cchc_tui.screens.outline import OutlineScreen

        outline = app.screen
        assert isinstance(outline, OutlineScreen)
        outline.open_item("form", "BM1")
        await pilot.pause()
        assert isinstance(app.screen, FormScreen)
        await pilot.press("9", "enter")
        await pilot.pause()
        assert app.screen.editing is None  # the editor never opened
        assert any("đã ký duyệt" in n.message for n in app._notifications)
    assert store.load_report(signed_sample).values["BM1/1"] == 45


def test_reopen_makes_revision_2_and_keeps_revision_1(
    store: ReportStore, signed_sample: int
) -> None:
    new_id = store.reopen(signed_sample, "Bổ sung số TTHC đã được phê duyệt phương án đơn giản hóa")
    assert store.status(new_id) == ("draft", 2)
    store.set_value(new_id, "BM3/1.1", 3)
    assert store.load_report(new_id).values["BM3/1.1"] == 3
    assert store.load_report(signed_sample).values["BM3/1.1"] == 0
    assert store.status(signed_sample) == ("signed", 1)
    assert len(store.load_report(new_id).documents) == 45


def test_explain_refuses_errors_and_rows_without_warnings(
    service: ReportService, sample_id: int
) -> None:
    with pytest.raises(NotExplainable, match="là lỗi"):
        service.explain(sample_id, "BM3/1.1", "x")
    with pytest.raises(NotExplainable, match="không có cảnh báo"):
        service.explain(sample_id, "BM1/2.1", "x")
    assert service.explain(sample_id, "BM6/1", "In sai") == ["derived:BM6/1"]


def test_bundle_of_the_sample_verifies_and_holds_the_forms_and_report(
    service: ReportService, signed_sample: int, tmp_path: Path, keys: Path
) -> None:
    built = build_report_bundle(service, signed_sample, PASSPHRASE)
    assert built.name == "11092_2023-nam_r1.cchc.zip"
    (tmp_path / "usb").mkdir()
    path = write_bundle(tmp_path / "usb", built.name, built.data)
    assert path.read_bytes() == built.data
    result = verify_bundle(path, (keys / "unit-11092.pub.pem").read_bytes())
    assert result.ok and result.trusted, result.problems
    assert result.manifest is not None and result.manifest["signer_name"] == "Trần Xuân Mãng"
    data = path.read_bytes()
    report = json.loads(read_member(data, "report.json"))
    assert report["values"]["BM1/1"] == 45 and report["signoff"]["revision"] == 1
    explained = {f["id"]: f["explanation"] for f in report["findings"]}
    assert explained["derived:BM6/1"] == "Đã kiểm tra: giữ như bản in."
    workbook = openpyxl.load_workbook(io.BytesIO(read_member(data, "forms.xlsx")))
    assert workbook.sheetnames == [f"Biểu mẫu {n}" for n in range(1, 8)]
    values = [c.value for row in workbook["Biểu mẫu 6"].iter_rows() for c in row]
    assert 10900 in values and 6.02 in values
    document = docx.Document(io.BytesIO(read_member(data, "report.docx")))
    text = "\n".join(p.text for p in document.paragraphs) + "\n".join(
        cell.text for table in document.tables for row in table.rows for cell in row.cells
    )
    assert "Trần Xuân Mãng" in text and "BÁO CÁO" in text and "Nơi nhận" in text


def test_bundle_needs_the_right_passphrase_and_a_signed_report(
    service: ReportService, signed_sample: int, sample_id: int
) -> None:
    with pytest.raises(WrongPassphraseError):
        build_report_bundle(service, signed_sample, "sai mật khẩu")
    draft = service.reopen(signed_sample, "thử").report_id
    with pytest.raises(Refused, match="chưa ký duyệt"):
        build_report_bundle(service, draft, PASSPHRASE)


def test_export_to_a_missing_target_leaves_nothing(tmp_path: Path) -> None:
    gone = tmp_path / "stick"
    with pytest.raises(ExportWriteError) as err:
        write_bundle(gone, "x.cchc.zip", b"data")
    assert "không" in str(err.value).lower()
    assert not gone.exists()
