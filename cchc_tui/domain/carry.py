"""Carry a report into the next period made with a newer template version.

A report keeps the template version it was made with (``ReportData.template_id`` is
``id@version``). When the next period starts from it with another version, its values (shown
as "Kỳ trước") and its narrative (copied as a draft) follow **by key**: a row or sub-heading
whose key is in both versions keeps its value or text. The newer template's mapping section
(``Template.carry_over``) says what was renamed (one new key), split (several: the value
cannot be divided, so it is not carried), merged (several old rows into one new row: their
numbers are added) or dropped (no new key).

What does not carry over is listed for the officer (:class:`NotCarried`), with the old value,
so nothing silently disappears: a row or sub-heading the new version no longer has, a split
row, a value that does not fit its row any more (a count now a code, a code whose label
changed).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from cchc_tui import messages as msg
from cchc_tui.base.text import fold
from cchc_tui.domain.report import CellValue
from cchc_tui.domain.values import CellError, check_cell, format_cell
from cchc_tui.template.loader import LoadedTemplate
from cchc_tui.template.model import RowKind


@dataclass(frozen=True)
class NotCarried:
    """A value or text of the earlier report that the new report does not show.

    Attributes:
        key: the row or sub-heading key in the earlier version.
        label: its label or title there.
        value: the earlier value as displayed ("45", "1 – Có", the first words of a text).
        reason: why, in Vietnamese (dropped, split into …, no longer fits).
    """

    key: str
    label: str
    value: str
    reason: str

    def line(self) -> str:
        """One line for the officer: "BM3/3.2 Thực hiện …: 240 — tách thành …"."""
        return msg.CARRY_LINE.format(
            key=self.key, label=self.label, value=self.value, reason=self.reason
        )


@dataclass(frozen=True)
class CarryResult:
    """The earlier report seen from the new version."""

    values: dict[str, CellValue] = field(default_factory=dict)
    """New row key → the earlier value ("Kỳ trước")."""
    narrative: dict[str, str] = field(default_factory=dict)
    """New sub-heading key → the earlier text (copied as a draft)."""
    not_carried: list[NotCarried] = field(default_factory=list)


def _excerpt(text: str) -> str:
    words = " ".join(text.split())
    return words if len(words) <= 60 else words[:59] + "…"


def carry_over(
    old: LoadedTemplate,
    new: LoadedTemplate,
    values: Mapping[str, CellValue],
    narrative: Mapping[str, str],
) -> CarryResult:
    """The earlier report's ``values`` and ``narrative`` (made with ``old``) for ``new``.

    With the same template version everything carries as it is.
    """
    if old.full_id == new.full_id:
        return CarryResult(dict(values), dict(narrative), [])
    result = CarryResult()
    mapping = {row.old: row.new for row in new.template.carry_over.rows}
    merged: dict[str, list[tuple[str, CellValue]]] = {}
    for old_key, value in values.items():
        info = old.indicators.get(old_key)
        if value is None or info is None:
            continue
        shown = format_cell(info.indicator, value)
        label = info.indicator.label
        targets = mapping.get(old_key, [old_key] if old_key in new.indicators else [])
        if not targets:
            reason = msg.CARRY_DROPPED
            result.not_carried.append(NotCarried(old_key, label, shown, reason))
        elif len(targets) > 1:
            reason = msg.CARRY_SPLIT.format(keys=", ".join(targets))
            result.not_carried.append(NotCarried(old_key, label, shown, reason))
        else:
            merged.setdefault(targets[0], []).append((old_key, value))
    for new_key, sources in merged.items():
        target = new.indicators[new_key]
        if len(sources) == 1:
            old_key, value = sources[0]
            carried = _fit(old.indicators[old_key].indicator, target.indicator, value)
        else:
            numbers = [v for _, v in sources if isinstance(v, int | Decimal)]
            total = sum((Decimal(v) for v in numbers), Decimal(0))
            numeric = target.kind not in (RowKind.CODE, RowKind.TEXT, RowKind.HEADING)
            carried = (
                _fit(target.indicator, target.indicator, total)
                if numeric and len(numbers) == len(sources)
                else None
            )
        if carried is None:
            for old_key, value in sources:
                info = old.indicators[old_key]
                result.not_carried.append(
                    NotCarried(
                        old_key,
                        info.indicator.label,
                        format_cell(info.indicator, value),
                        msg.CARRY_DOES_NOT_FIT.format(key=new_key),
                    )
                )
        else:
            result.values[new_key] = carried
    _carry_narrative(old, new, narrative, result)
    return result


def _fit(old_row, new_row, value: CellValue) -> CellValue:  # type: ignore[no-untyped-def]
    """``value`` checked against the new row, or ``None`` when it does not fit any more: another
    kind or unit means another meaning (a count of units is not a rate)."""
    if old_row.kind is not new_row.kind:
        return None
    old_unit, new_unit = (" ".join(fold(r.unit_of_measure).split()) for r in (old_row, new_row))
    if old_row.kind is not RowKind.CODE and old_unit and new_unit and old_unit != new_unit:
        return None
    if new_row.kind is RowKind.CODE:
        if old_row.kind is not RowKind.CODE or not isinstance(value, int):
            return None
        if old_row.codes.get(value) != new_row.codes.get(value):
            return None  # the code means something else now
    try:
        return check_cell(new_row, value)
    except CellError:
        return None


def _carry_narrative(
    old: LoadedTemplate, new: LoadedTemplate, narrative: Mapping[str, str], result: CarryResult
) -> None:
    titles = {
        sub.key: sub.title for section in old.template.sections for sub in section.subheadings
    }
    mapping = {s.old: s.new for s in new.template.carry_over.sections}
    known = set(new.section_keys)
    for key, text in narrative.items():
        if not text.strip():
            continue
        if key not in titles and key not in mapping:
            result.narrative[key] = text  # not a sub-heading of the template (the closing line)
            continue
        target = mapping.get(key, key if key in known else "")
        if target and target in known:
            earlier = result.narrative.get(target)
            result.narrative[target] = f"{earlier}\n\n{text}" if earlier else text
        else:
            result.not_carried.append(
                NotCarried(key, titles.get(key, key), _excerpt(text), msg.CARRY_SECTION_DROPPED)
            )
