"""Template versions: a report keeps its version; the next period may move to a newer one, with
values ("Kỳ trước") and narrative following by key and the mapping section, and a list of
what did not carry over shown to the officer.

The earlier report is the real Trường Thi 9-month report of 2023 (shared/seeds/004); the newer
version ``@2024`` is the 2023 template with a row renamed (4.2.3 → 4.2.6), a row split (1.3.1
"Số lượng phiếu khảo sát" into online and paper forms), a row dropped (7.2), a sub-heading
renamed (II.2.10 → II.2.10a) and one dropped (II.2.11), installed from a signed pack.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric import ed25519
from textual.widgets import Input, Static

from cchc_tui.authoring.pack import build_pack, install_pack
from cchc_tui.base.locations import keys_dir
from cchc_tui.domain.carry import carry_over
from cchc_tui.service.new_report import newest_version, version_key
from cchc_tui.service.reports import ReportService
from cchc_tui.service.samples import load_sample
from cchc_tui.signing.keys import public_key_pem
from cchc_tui.signing.office_key import add_trusted_office_key
from cchc_tui.template.loader import get_template, load_template_text
from tests.ui_helpers import make_app, press, settle

OLD = "thanh-hoa/phuong/cchc-9thang@2023"
NEW = "thanh-hoa/phuong/cchc-9thang@2024"
SAMPLE = "truong-thi-2023-9thang"


def newer_yaml() -> str:
    from cchc_tui.template import loader

    path = Path(loader.__file__).parents[1] / "data" / "templates" / get_template(OLD).source
    yaml_text = path.read_text(encoding="utf-8")
    changes = [
        ('version: "2023"', 'version: "2024"'),
        ('{stt: "4.2.3", ', '{stt: "4.2.6", '),
        (
            '- {stt: "1.3.1", label: Số lượng phiếu khảo sát, unit_of_measure: Phiếu, kind: count}',
            "- {key: BM1/1.3.1.truc_tuyen, label: Số phiếu khảo sát trực tuyến, unit_of_measure: "
            "Phiếu, kind: count}\n"
            "              - {key: BM1/1.3.1.phat_phieu, label: Số phiếu khảo sát phát ra, "
            "unit_of_measure: Phiếu, kind: count}",
        ),
        (
            '          - {stt: "7.2", label: "Tỷ lệ cơ quan chuyên môn UBND cấp huyện, UBND cấp xã '
            'được cấp chứng thư số", unit_of_measure: Đơn vị, kind: count}\n',
            "",
        ),
        ("      - key: II.2.10\n", "      - key: II.2.10a\n"),
    ]
    for old, new in changes:
        assert yaml_text.count(old) == 1, old
        yaml_text = yaml_text.replace(old, new)
    start = yaml_text.index("      - key: II.2.11\n")
    end = yaml_text.index("  - key: II.3\n")
    yaml_text = yaml_text[:start] + yaml_text[end:]
    return yaml_text + (
        "\ncarry_over:\n"
        "  rows:\n"
        "    - {old: BM4/4.2.3, new: [BM4/4.2.6]}\n"
        "    - {old: BM1/1.3.1, new: [BM1/1.3.1.truc_tuyen, BM1/1.3.1.phat_phieu]}\n"
        "  sections:\n"
        "    - {old: II.2.10, new: II.2.10a}\n"
    )


@pytest.fixture
def installed(tmp_path: Path) -> str:
    key = ed25519.Ed25519PrivateKey.generate()
    add_trusted_office_key(keys_dir(), public_key_pem(key), "UBND thành phố Thanh Hóa")
    pack = tmp_path / "tt-2024.cchc-tpl.zip"
    pack.write_bytes(build_pack(newer_yaml().encode("utf-8"), "UBND TP", key, "0.1.0")[1])
    return install_pack(pack, keys_dir()).full_id


def test_carry_over_follows_keys_and_the_mapping() -> None:
    report, old = load_sample(SAMPLE)
    new = load_template_text(newer_yaml(), "2024.yaml")
    result = carry_over(old, new, report.values, report.narrative)
    # By key: rows of both versions keep their printed value.
    assert result.values["BM3/3.3.2"] == 2135 and result.values["BM3/3.3.1"] == 3135
    # Renamed: seed 004 row 4.2.3 prints 1 (Người); the new version calls it 4.2.6.
    assert result.values["BM4/4.2.6"] == 1 and "BM4/4.2.3" not in result.values
    assert "BM1/1.3.1.truc_tuyen" not in result.values  # a split value cannot be divided
    assert result.narrative["II.2.10a"] == report.narrative["II.2.10"]
    assert "II.2.11" not in result.narrative
    assert result.narrative["closing"] == report.narrative["closing"]
    lost = {item.key: item for item in result.not_carried}
    assert set(lost) == {"BM1/1.3.1", "BM7/7.2", "II.2.11"}
    assert lost["BM1/1.3.1"].value == "449" and "tách dòng" in lost["BM1/1.3.1"].reason
    assert "BM1/1.3.1.truc_tuyen" in lost["BM1/1.3.1"].reason
    assert lost["BM7/7.2"].value == "1" and "không còn" in lost["BM7/7.2"].reason
    assert lost["II.2.11"].value.startswith("UBND phường đã thực hiện đầy đủ")
    assert lost["BM1/1.3.1"].line().startswith("BM1/1.3.1 Số lượng phiếu khảo sát: 449 — ")


def test_same_version_carries_everything() -> None:
    report, old = load_sample(SAMPLE)
    result = carry_over(old, old, report.values, report.narrative)
    assert result.values == report.values and result.not_carried == []


def test_values_that_change_meaning_do_not_carry() -> None:
    report, old = load_sample(SAMPLE)
    text = newer_yaml().replace(
        "            unit_of_measure: Chưa có = 0; 2 cấp = 1; 3 cấp = 2\n"
        "            kind: code\n"
        "            codes: {0: Chưa có, 1: 2 cấp, 2: 3 cấp}",
        "            unit_of_measure: Chưa có = 0; Có = 1; Liên thông 3 cấp = 2\n"
        "            kind: code\n"
        "            codes: {0: Chưa có, 1: Có, 2: Liên thông 3 cấp}",
    )
    text = text.replace(
        '{stt: "4.2.1", label: Tổng số biên chế được giao trong năm, unit_of_measure: Người',
        '{stt: "4.2.1", label: Tổng số biên chế được giao trong năm, unit_of_measure: Biên chế',
    )
    new = load_template_text(text, "2024b.yaml")
    result = carry_over(old, new, report.values, report.narrative)
    lost = {item.key: item for item in result.not_carried}
    assert "BM7/7.1" in lost and lost["BM7/7.1"].value == "2 – 3 cấp"  # code 2 changed meaning
    assert "BM4/4.2.1" in lost  # 21 Người is not 21 of another unit
    assert result.values["BM4/4.2.2"] == 22


def test_versions_sort_as_numbers() -> None:
    assert version_key("2023") < version_key("2024") < version_key("2024.1") < version_key("2025")
    assert version_key("9") < version_key("10")


def test_next_period_moves_to_the_newest_installed_version(
    service: ReportService, installed: str
) -> None:
    assert installed == NEW
    earlier, _ = service.ensure_sample(SAMPLE)
    assert newest_version(OLD, "9thang") == NEW
    assert newest_version(OLD, "nam") == OLD  # no newer version serves a year report
    fields = service.next_period_fields(earlier)
    assert fields.template_id == NEW and fields.period_code == "2024-9thang"
    new_id, report = service.create_report(fields, previous_id=earlier)
    assert report.template_id == NEW
    assert service.store.load_report(earlier).template_id == OLD  # the old report keeps 2023
    ws = service.open_report(new_id)
    assert ws.template.full_id == NEW
    assert ws.previous["BM4/4.2.6"] == 1 and ws.previous["BM3/3.3.1"] == 3135
    assert ws.previous["BM7/7.3.2"] == Decimal(100)
    narrative = service.store.load_report(new_id).narrative
    assert narrative["II.2.10a"].startswith("Tại thời điểm báo cáo UBND phường")
    assert "II.2.11" not in narrative
    template_id, lost = service.not_carried(new_id)
    assert template_id == NEW
    assert [item.key for item in lost] == ["BM1/1.3.1", "BM7/7.2", "II.2.11"]
    assert service.not_carried(earlier) == (OLD, [])


async def test_the_officer_sees_what_did_not_carry_over(db_path: Path, installed: str) -> None:
    from cchc_tui.db.store import ReportStore
    from cchc_tui.screens.new_report import NewReportScreen
    from cchc_tui.screens.outline import OutlineScreen
    from cchc_tui.screens.templates import NotCarriedScreen, TemplatesScreen

    store = ReportStore.open(db_path)
    ReportService(store).ensure_sample(SAMPLE)
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "ctrl+t")
        assert isinstance(app.screen, TemplatesScreen)
        table = app.screen.query_one("#templates")
        ids = [row.key.value for row in table.ordered_rows]  # type: ignore[attr-defined]
        assert OLD in ids and NEW in ids
        old_row = table.get_row(OLD)  # type: ignore[attr-defined]
        new_row = table.get_row(NEW)  # type: ignore[attr-defined]
        assert old_row[:3] == ["thanh-hoa/phuong/cchc-9thang", "2023", "có sẵn trong ứng dụng"]
        assert new_row[:3] == ["thanh-hoa/phuong/cchc-9thang", "2024", "UBND thành phố Thanh Hóa"]
        await press(pilot, "escape", "ctrl+k")
        assert isinstance(app.screen, NewReportScreen)
        assert str(app.screen.query_one("#template_id").value) == NEW  # type: ignore[attr-defined]
        app.screen.query_one("#number", Input).focus()
        await press(pilot, "enter")
        await settle(pilot)
        assert isinstance(app.screen, NotCarriedScreen)
        lines = [str(s.render()) for s in app.screen.query("#not-carried Static").results(Static)]
        assert lines[0].startswith("- BM1/1.3.1 Số lượng phiếu khảo sát: 449 — mẫu mới tách")
        assert any(line.startswith("- BM7/7.2 ") for line in lines)
        assert any(line.startswith("- II.2.11 ") for line in lines)
        await press(pilot, "enter")
        assert isinstance(app.screen, OutlineScreen)
        assert app.screen.workspace.template.full_id == NEW
    store.close()
