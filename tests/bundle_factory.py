"""Make many signed bundles from the shipped sample, as communes would send them.

Each unit ``i`` gets its own code (``30001 + i``), name and kind, its own Ed25519 key
(``signing.keys.ensure_key`` in a folder of the caller's choice) and values varied
deterministically from ``(seed, i, revision)`` so that every form has counts, money, ratios
(some with a zero denominator) and codes that differ between units. Values stay valid (part ≤
whole, the form rules hold), BM3/1.1 is filled, printed derived values are dropped (the app
derives them), and every remaining warning gets an explanation, as a sign-off requires.

A bundle holds ``report.json`` only (``cchc-report/1`` plus ``findings`` and ``signoff``, as
``exports.package`` writes it): the office needs nothing else, and it keeps generation fast.

Use::

    factory = BundleFactory(tmp / "usb", keys_folder=tmp / "keys", seed=2025)
    made = factory.make(100)                 # list[MadeBundle], files written
    made[3].values["BM1/2.1"], made[3].public_pem
"""

from __future__ import annotations

import copy
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path

from cchc_tui.domain.report import CellValue, ReportData
from cchc_tui.domain.validation import validate
from cchc_tui.exports.bundle import build_bundle
from cchc_tui.exports.bundle_format import bundle_name
from cchc_tui.exports.package import report_json
from cchc_tui.service.samples import load_sample
from cchc_tui.signing.keys import UnitKey, ensure_key, key_paths
from cchc_tui.template.loader import LoadedTemplate

PASSPHRASE = "Khóa thử nghiệm của xã"
FIRST_CODE = 30001
_PLACES = (
    "An",
    "Bình",
    "Cẩm",
    "Đông",
    "Hòa",
    "Hưng",
    "Lạc",
    "Minh",
    "Phú",
    "Quang",
    "Tân",
    "Thanh",
    "Trung",
    "Vĩnh",
)
_SUFFIXES = ("Lãng", "Phúc", "Thịnh", "Xá", "Lộc", "Sơn", "Đạo")
_SIGNERS = ("Trần Xuân Mãng", "Nguyễn Thị Hoa", "Lê Văn Đức", "Phạm Quốc Việt", "Đỗ Thị Lan")
EXPLANATION = "Đơn vị {code}: đã kiểm tra, giữ số liệu như bản in."


@dataclass(frozen=True)
class MadeBundle:
    """One generated bundle and what went into it."""

    index: int
    path: Path
    unit_code: str
    unit_name: str
    """Display name, e.g. "Xã An Lãng"."""
    revision: int
    report: ReportData
    public_pem: bytes
    fingerprint: str
    signed_at: str

    @property
    def values(self) -> dict[str, CellValue]:
        """The report's values as signed (derived rows left out)."""
        return self.report.values


def unit_code(index: int) -> str:
    """The administrative code of unit ``index``."""
    return f"{FIRST_CODE + index:05d}"


def _vary(values: dict[str, CellValue], rng: random.Random) -> None:
    """Change many independent values, keeping every part ≤ whole and the form rules."""

    def r(low: int, high: int) -> int:
        return rng.randint(low, max(low, high))

    def part(whole_key: str, key: str) -> None:
        values[key] = r(0, int(values[whole_key] or 0))

    values["BM1/1"] = r(30, 60)
    values["BM1/2.1"] = r(20, 50)
    part("BM1/2.1", "BM1/2.2")
    values["BM1/3.1"], values["BM1/3.2"] = r(0, 5), r(0, 10)
    values["BM1/3.3.1"] = r(0, 8)  # 0 now and then: a ratio that "không phát sinh"
    part("BM1/3.3.1", "BM1/3.3.2")
    values["BM1/4.1"] = total = r(100, 250)
    values["BM1/4.2"] = done = r(0, total)
    values["BM1/4.3"] = late = r(0, total - done)
    values["BM1/4.4"] = r(0, total - done - late)
    values["BM1/5"] = 1
    values["BM1/5.1"] = r(500, 3000)
    values["BM1/5.2"] = rng.choice((0, 1, 2))
    values["BM1/6"] = rng.choice((0, 1, 1, 1))
    values["BM2/1.1"] = r(0, 3)
    values["BM2/2.1"] = r(0, 4)
    values["BM2/2.2.1"] = r(0, 3)
    part("BM2/2.2.1", "BM2/2.2.2")
    values["BM3/1.1"], values["BM3/1.2"], values["BM3/1.3"] = r(0, 10), r(0, 10), r(0, 10)
    values["BM3/1.4.1"] = r(100, 200)
    for key in ("BM3/2.1", "BM3/2.2", "BM3/2.3"):
        values[key] = r(0, 30)
    for whole, low, high in (
        ("3.1", 30, 80),
        ("3.2", 100, 200),
        ("3.3", 1000, 2500),
        ("3.4", 0, 3),
    ):
        values[f"BM3/{whole}.1"] = r(low, high)
        part(f"BM3/{whole}.1", f"BM3/{whole}.2")
    values["BM4/1.1"], values["BM4/1.2"] = rng.choice((0, 1)), rng.choice((0, 1))
    values["BM4/1.3.1"] = r(0, 3)
    values["BM4/2.1"], values["BM4/2.2"] = rng.choice((0, 1, 2)), rng.choice((1, 2))
    values["BM4/3.1"] = r(10, 25)
    part("BM4/3.1", "BM4/3.2")
    values["BM5/1.1"], values["BM5/1.2"] = r(15, 25), r(0, 5)
    for key in ("BM5/3.1", "BM5/3.2", "BM5/3.3"):
        values[key] = r(0, 3)
    cap = int(values["BM5/1.1"]) + int(values["BM5/1.2"])  # type: ignore[arg-type]
    values["BM5/4.1"] = first = r(0, cap // 2)
    values["BM5/4.2"] = r(0, cap // 2 - first)
    values["BM6/1.1"] = budget = Decimal(r(50000, 150000)) / 10  # triệu đồng, 1 decimal
    values["BM6/1.2"] = Decimal(r(0, int(budget * 100))) / 100  # 2 decimals, ≤ budget
    values["BM6/2"] = rng.choice((0, 0, 0, 1))
    values["BM6/3"] = Decimal(r(0, 50000)) / 10
    values["BM6/3.1"] = found = Decimal(r(0, 2000)) / 10
    values["BM6/3.2"] = Decimal(r(0, int(found * 10))) / 10
    values["BM7/1"], values["BM7/2"] = rng.choice((0, 1)), rng.choice((0, 1))
    values["BM7/3"] = Decimal(r(800, 1000)) / 10
    values["BM7/4"] = rng.choice((0, 1, 2))
    values["BM7/5.1.2"], values["BM7/5.3.1"] = rng.choice((0, 1)), rng.choice((0, 1))
    values["BM7/5.2"] = Decimal(r(900, 1000)) / 10
    values["BM7/5.2.1"] = Decimal(r(900, 1000)) / 10
    for group in ("6.1", "6.2"):
        values[f"BM7/{group}.1"] = r(50, 100)
        part(f"BM7/{group}.1", f"BM7/{group}.2")
        part(f"BM7/{group}.2", f"BM7/{group}.3")
    values["BM7/6.3.1"] = int(values["BM7/6.1.2"]) + int(values["BM7/6.2.2"])  # type: ignore[arg-type]
    part("BM7/6.3.1", "BM7/6.3.2")
    values["BM7/6.4.1"] = r(1500, 2500)
    part("BM7/6.4.1", "BM7/6.4.2")
    values["BM7/6.5.1"] = r(10, 30)
    part("BM7/6.5.1", "BM7/6.5.2")


def bundle_json(
    report: ReportData, template: LoadedTemplate, revision: int, signed_at: str
) -> bytes:
    """``report.json`` exactly as ``exports.package`` writes it."""
    return report_json(report, template, validate(template, report), revision, signed_at)


class BundleFactory:
    """Generates units, their keys, their reports and signed bundles (see the module doc)."""

    def __init__(self, folder: Path, keys_folder: Path, seed: int = 2025) -> None:
        self.folder = Path(folder)
        self.keys_folder = Path(keys_folder)
        self.seed = seed
        self._sample, self.template = load_sample()
        self._keys: dict[int, UnitKey] = {}

    def key(self, index: int) -> UnitKey:
        """Unit ``index``'s key pair (created on first use)."""
        if index not in self._keys:
            self._keys[index] = ensure_key(self.keys_folder, unit_code(index), PASSPHRASE)
        return self._keys[index]

    def public_pem(self, index: int) -> bytes:
        """Unit ``index``'s public key file, as the commune would hand it over."""
        self.key(index)
        return key_paths(self.keys_folder, unit_code(index))[1].read_bytes()

    def report(
        self, index: int, revision: int = 1, mutate: Callable[[ReportData], None] | None = None
    ) -> ReportData:
        """Unit ``index``'s signed report of the sample's period (revision changes values).

        ``mutate`` is applied last (after the explanations), e.g. to leave a warning unexplained.
        """
        rng = random.Random(f"{self.seed}:{index}:{revision}")
        report = copy.deepcopy(self._sample)
        code = unit_code(index)
        name = f"{_PLACES[index % len(_PLACES)]} {_SUFFIXES[(index // len(_PLACES)) % 7]}"
        if index >= len(_PLACES) * len(_SUFFIXES):
            name += f" {index // (len(_PLACES) * len(_SUFFIXES)) + 1}"
        report.unit.code, report.unit.name = code, name
        report.unit.kind = "phuong" if index % 10 == 9 else "xa"
        kind_word = "phường" if report.unit.kind == "phuong" else "xã"
        report.unit.agency = f"Ủy ban nhân dân {kind_word} {name}"
        report.receiving_office = "Sở Nội vụ tỉnh Hải Dương"
        report.header.place, report.header.number = name, str(100 + index)
        report.header.date = date(2023, 12, 9)
        report.signature.name = _SIGNERS[index % len(_SIGNERS)]
        for key, info in self.template.indicators.items():
            if info.derive is not None:
                report.values.pop(key, None)  # derived: the app computes them
        _vary(report.values, rng)
        if index % 7 == 0:
            report.notes["BM6/1.1"] = f"Dự toán của đơn vị {code} gồm cả nguồn bổ sung."
        result = validate(self.template, report)
        assert not result.errors, [(f.key, f.message) for f in result.errors]
        report.explanations = {f.id: EXPLANATION.format(code=code) for f in result.warnings}
        if mutate is not None:
            mutate(report)
        return report

    def signed_at(self, index: int, revision: int) -> str:
        """When unit ``index`` signed ``revision`` (UTC ISO)."""
        return f"2023-12-{9 + revision:02d}T{index % 10:02d}:{index % 60:02d}:00+00:00"

    def bundle(
        self,
        index: int,
        revision: int = 1,
        key: UnitKey | None = None,
        folder: Path | None = None,
        mutate: Callable[[ReportData], None] | None = None,
        extra: dict[str, bytes] | None = None,
        name: str | None = None,
    ) -> MadeBundle:
        """Build, sign and write unit ``index``'s bundle.

        Args:
            key: signs instead of the unit's own key (an "unknown key").
            folder: where to write (default: the factory's folder).
            mutate: see :meth:`report`.
            extra: more members (``forms.xlsx``, ``report.docx``): another file, same report.
            name: file name instead of :func:`bundle_name`.
        """
        report = self.report(index, revision, mutate)
        signer = key or self.key(index)
        signed_at = self.signed_at(index, revision)
        meta = {
            "template_id": report.template_id,
            "unit_code": report.unit.code,
            "unit_name": report.unit.display_name,
            "period_code": report.period.code,
            "revision": revision,
            "signer_name": report.signature.name,
            "signer_title": report.signature.title,
            "signed_at": signed_at,
            "app_version": "0.1.0",
        }
        members = {"report.json": bundle_json(report, self.template, revision, signed_at)}
        members.update(extra or {})
        data = build_bundle(members, meta, signer.private_key)
        target = Path(folder or self.folder)
        target.mkdir(parents=True, exist_ok=True)
        path = target / (name or bundle_name(report.unit.code, report.period.code, revision))
        path.write_bytes(data)
        return MadeBundle(
            index,
            path,
            report.unit.code,
            report.unit.display_name,
            revision,
            report,
            self.public_pem(index),
            signer.fingerprint,
            signed_at,
        )

    def make(self, count: int, revision: int = 1, start: int = 0) -> list[MadeBundle]:
        """Bundles of units ``start … start+count-1``."""
        return [self.bundle(i, revision) for i in range(start, start + count)]


# --- The shared office scenario ----------------------------------------------------------------

TAMPERED, ROGUE, UNEXPLAINED, WITH_ERROR = 17, 42, 5, 6
"""Units of :func:`office_set` that are special: a flipped byte; signed by an unknown key; a
warning left unexplained; an error (a required row left empty)."""


def _drop_explanations(report: ReportData) -> None:
    report.explanations = dict(list(sorted(report.explanations.items()))[1:])


def _leave_required_empty(report: ReportData) -> None:
    report.values.pop("BM3/1.1", None)


@dataclass
class OfficeSet:
    """``count`` bundles in ``usb`` (one per unit), the factory, and the special units."""

    usb: Path
    keys_folder: Path
    factory: BundleFactory
    made: list[MadeBundle]
    rogue_fingerprint: str
    specials: dict[str, int] = field(default_factory=dict)

    @property
    def verified(self) -> list[MadeBundle]:
        """Bundles that must be imported and counted (all but the tampered and rogue ones)."""
        return [m for m in self.made if m.index not in (TAMPERED, ROGUE)]


_SETS: dict[tuple[int, int], OfficeSet] = {}


def office_set(base: Path, count: int = 100, seed: int = 2025) -> OfficeSet:
    """The scenario bundles, generated once per test process (memoized by count and seed).

    Unit :data:`TAMPERED` has one byte of its file flipped; :data:`ROGUE` is signed by a key
    nobody registered (its own key is registered); :data:`UNEXPLAINED` leaves one warning
    unexplained and :data:`WITH_ERROR` leaves BM3/1.1 empty (both still validly signed).
    """
    if (count, seed) in _SETS:
        return _SETS[(count, seed)]
    factory = BundleFactory(base / "usb" / "CCHC", keys_folder=base / "keys", seed=seed)
    rogue = ensure_key(base / "rogue-keys", unit_code(ROGUE), PASSPHRASE)
    made = []
    for index in range(count):
        mutate = {UNEXPLAINED: _drop_explanations, WITH_ERROR: _leave_required_empty}.get(index)
        made.append(factory.bundle(index, key=rogue if index == ROGUE else None, mutate=mutate))
    tampered = bytearray(made[TAMPERED].path.read_bytes())
    tampered[len(tampered) // 2] ^= 0x01
    made[TAMPERED].path.write_bytes(bytes(tampered))
    result = OfficeSet(
        base / "usb",
        base / "keys",
        factory,
        made,
        rogue.fingerprint,
        {
            "tampered": TAMPERED,
            "rogue": ROGUE,
            "unexplained": UNEXPLAINED,
            "with_error": WITH_ERROR,
        },
    )
    _SETS[(count, seed)] = result
    return result
