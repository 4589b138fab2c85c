"""Narrative editor: one text area per sub-heading of a section, with the template's guidance.

Text is NFC as typed or pasted, saved when the officer leaves a text area and after a short
pause in typing (so a power cut loses at most the last couple of seconds of typing).

Live figures: Ctrl+L opens a row picker that searches like the palette (words without
diacritics, STT); the chosen row's value is written at the cursor ("1.834 hồ sơ") and stays
linked to the row: the text shows the form's value whenever it is opened or printed. On a
figure the checks tied to a row (agreeing or not), Ctrl+L links that figure. The status line
says what the figure under the cursor is. Linked figures are underlined.

The checks run where the report is validated (on saving), never on a keystroke: typing only
moves the live figures' places (:func:`cchc_tui.domain.links.shift_edit`).
"""

from __future__ import annotations

from datetime import datetime
from functools import partial
from typing import Any, cast

from rich.style import Style
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.timer import Timer
from textual.widgets import Footer, OptionList, Static, TextArea
from textual.widgets.option_list import Option
from textual.widgets.text_area import Document, Edit, EditResult, Selection
from textual.worker import Worker, WorkerState

from cchc_tui import messages as msg
from cchc_tui.domain import links as live_links
from cchc_tui.domain.links import Link
from cchc_tui.screens.base import CchcModal, show_failures
from cchc_tui.screens.part import PartScreen
from cchc_tui.service.workspace import LinkTarget, PendingCheck, ReportWorkspace
from cchc_tui.widgets.nfc import NfcInput, NfcTextArea

IDLE_SAVE_SECONDS = 1.5
"""Pause in typing after which the text being typed is saved."""
PICK_ROWS = 60
"""Most rows the picker lists at once."""
LINK_STYLE = "cchc-link"
"""Name of the style of live figures in the text area's theme."""
CHECK_GROUP = "narrative-check"
"""Worker group of the background checks after a save."""


def _doc(area: TextArea) -> Document:
    """The text area's document, typed (a plain ``TextArea`` holds a ``Document``)."""
    return cast(Document, area.document)


class LinkedTextArea(NfcTextArea):
    """A text area that knows where its live figures are and keeps them in place as the text
    is edited (an edit inside a figure makes it ordinary text)."""

    def __init__(self, text: str, live: list[Link], **kwargs: Any) -> None:
        self.live: list[Link] = list(live)
        self._synced = text
        super().__init__(text, **kwargs)

    def edit(self, edit: Edit) -> EditResult:
        """Apply an edit, moving the live figures with it (exact offsets)."""
        document = _doc(self)
        top, bottom = sorted((edit.from_location, edit.to_location))
        start = document.get_index_from_location(top)
        end = document.get_index_from_location(bottom)
        self.live = live_links.shift_edit(self.live, start, end, len(edit.text))
        result = super().edit(edit)
        self._synced = self.text
        return result

    def on_mount(self) -> None:
        """Underline the live figures once the theme is known."""
        self.call_after_refresh(self._underline)

    def _underline(self) -> None:
        self._build_highlight_map()
        self.refresh()

    def resync(self) -> None:
        """After a change not made by :meth:`edit` (undo, redo, composing to NFC): move the
        live figures by comparing the texts."""
        text = self.text
        if text != self._synced:
            self.live = live_links.shift(self._synced, text, self.live)
            self._synced = text
            self._build_highlight_map()

    def cursor_index(self) -> int:
        """The cursor as an offset in the text."""
        return _doc(self).get_index_from_location(self.cursor_location)

    def _build_highlight_map(self) -> None:
        super()._build_highlight_map()
        theme = getattr(self, "_theme", None)
        if theme is None or not getattr(self, "live", None):
            return
        if LINK_STYLE not in theme.syntax_styles:
            theme.syntax_styles = {
                **theme.syntax_styles,
                LINK_STYLE: Style(underline=True, bold=True),
            }
        document = _doc(self)
        for link in self.live:
            row, column = document.get_location_from_index(link.start)
            end_row, end_column = document.get_location_from_index(link.end)
            if row != end_row:
                continue
            line = document.get_line(row)
            start_byte = len(line[:column].encode("utf-8"))
            end_byte = len(line[:end_column].encode("utf-8"))
            self._highlights[row].append((start_byte, end_byte, LINK_STYLE))


class LinkPickScreen(CchcModal[str | None]):
    """Pick the form row whose value a live figure shows; dismisses with its key or None."""

    BINDINGS = [
        Binding("escape", "cancel", msg.KEY_CANCEL, id="linkpick.cancel"),
        Binding("down", "to_list", show=False),
    ]
    """Keys of the picker (type to search, Down to the list, Enter to choose)."""

    def __init__(self, workspace: ReportWorkspace, first: str | None = None) -> None:
        super().__init__()
        self.workspace = workspace
        self.first = first
        self.targets: list[LinkTarget] = []

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(msg.LINK_PICK_TITLE, classes="screen-title", markup=False)
            yield NfcInput(placeholder=msg.LINK_PICK_PLACEHOLDER, id="query")
            yield OptionList(id="rows")
            yield Static("", id="pick-line", markup=False)

    def on_mount(self) -> None:
        self.add_class("modal")
        self.fill("")
        self.query_one("#query", NfcInput).focus()

    def fill(self, query: str) -> None:
        """List the rows matching ``query`` (the figure's own row first, if any)."""
        targets = self.workspace.link_targets(query)
        if self.first and not query.strip():
            first = self.workspace.link_target(self.first)
            targets = [first] + [t for t in targets if t.row != first.row]
        self.targets = targets[:PICK_ROWS]
        options = self.query_one("#rows", OptionList)
        options.clear_options()
        options.add_options([Option(t.text, id=t.row) for t in self.targets])
        if self.targets:
            options.highlighted = 0
        line = "" if self.targets else msg.LINK_PICK_NONE
        self.query_one("#pick-line", Static).update(line)

    @on(NfcInput.Changed, "#query")
    def _query(self, event: NfcInput.Changed) -> None:
        self.fill(event.value)

    @on(NfcInput.Submitted, "#query")
    def _submitted(self, _event: NfcInput.Submitted) -> None:
        options = self.query_one("#rows", OptionList)
        if self.targets:
            index = options.highlighted or 0
            self.dismiss(self.targets[index].row)

    def action_to_list(self) -> None:
        """Down from the search box: move into the list."""
        self.query_one("#rows", OptionList).focus()

    @on(OptionList.OptionSelected, "#rows")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        """Close without choosing."""
        self.dismiss(None)


class NarrativeScreen(PartScreen):
    """Write the text of one narrative section."""

    part_kind = "section"
    BINDINGS = [
        Binding("escape", "back", msg.KEY_BACK, id="narrative.back"),
        Binding("ctrl+s", "save", msg.KEY_SAVE, id="narrative.save"),
        Binding("ctrl+l", "link", msg.KEY_LINK, id="narrative.link"),
    ]
    """Keys of the narrative editor (Tab moves between sub-headings)."""

    def __init__(
        self,
        workspace: ReportWorkspace,
        section_key: str,
        target: str | None = None,
        offset: int | None = None,
        end: int | None = None,
    ) -> None:
        super().__init__(workspace)
        self.part_key = section_key
        self.section = workspace.section(section_key)
        self.target = target
        self.jump_start = offset
        self.jump_end = end
        self._idle: Timer | None = None
        self._keys = {f"sub-{i}": sub.key for i, sub in enumerate(self.section.subheadings)}
        """Text area id → sub-heading key (ids cannot hold the keys' dots)."""
        self._ids = {key: area_id for area_id, key in self._keys.items()}

    def compose(self) -> ComposeResult:
        title = f"{self.section.number} {self.section.title}".strip()
        yield Static(title, id="title", classes="screen-title", markup=False)
        with VerticalScroll():
            for sub in self.section.subheadings:
                required = f" {msg.NARR_EMPTY_REQUIRED}" if sub.required else ""
                yield Static(sub.title + required, classes="subheading-title", markup=False)
                if sub.guidance:
                    yield Static(
                        msg.NARR_GUIDANCE.format(text=sub.guidance),
                        classes="guidance",
                        markup=False,
                    )
                view = self.workspace.narrative_view(sub.key)
                area = LinkedTextArea(
                    view.text,
                    list(view.links),
                    id=self._ids[sub.key],
                    soft_wrap=True,
                    read_only=self.locked,
                )
                area.border_title = sub.key
                if view.links:
                    area.border_subtitle = msg.LINK_COUNT.format(count=len(view.links))
                yield area
        yield Static("", id="status", classes="status-line", markup=False)
        yield Footer()

    def area(self, key: str) -> LinkedTextArea:
        """The text area of sub-heading ``key``."""
        return self.query_one(f"#{self._ids[key]}", LinkedTextArea)

    def on_mount(self) -> None:
        area = self.area(self.target or self.section.subheadings[0].key)
        area.focus()
        if self.jump_start is not None:
            document = _doc(area)
            length = len(area.text)
            start = document.get_location_from_index(min(self.jump_start, length))
            end = document.get_location_from_index(min(self.jump_end or self.jump_start, length))
            area.selection = Selection(end, start)  # selected, the cursor at its start
        area.scroll_visible(animate=False)
        area.scroll_cursor_visible()

    @on(TextArea.Changed)
    def _changed(self, event: TextArea.Changed) -> None:
        if isinstance(event.text_area, LinkedTextArea):
            event.text_area.resync()
        if self._idle is not None:
            self._idle.stop()
        self._idle = self.set_timer(IDLE_SAVE_SECONDS, self.action_save)

    @on(TextArea.SelectionChanged)
    def _moved(self, event: TextArea.SelectionChanged) -> None:
        area = event.text_area
        if isinstance(area, LinkedTextArea) and area.id in self._keys:
            self._describe(area)

    def _describe(self, area: LinkedTextArea) -> None:
        """Say in the status line what the figure under the cursor is."""
        key = self._keys[area.id or ""]
        at = area.cursor_index()
        link = live_links.link_at(area.live, at)
        status = self.query_one("#status", Static)
        if link is not None:
            target = self.workspace.link_target(link.row)
            label = self.workspace.template.indicators[link.row].indicator.label
            value = target.value or msg.LINK_PICK_EMPTY
            status.update(msg.LINK_STATUS.format(key=link.row, label=label, value=value))
            return
        suggestion = self._suggestion_at(key, area, at)
        if suggestion is not None:
            label = self.workspace.template.indicators[suggestion.row].indicator.label
            figure = area.text[suggestion.start : suggestion.end]
            text = msg.LINK_SUGGEST if suggestion.agrees else msg.LINK_CONFLICT
            status.update(
                text.format(figure=figure, key=suggestion.row, label=label, value=suggestion.value)
            )
            return
        status.update("")

    def _suggestion_at(self, key: str, area: LinkedTextArea, at: int) -> Any:
        if area.text != self.workspace.narrative_view(key).text:
            return None  # edited since it was checked: offsets may be stale
        return next((s for s in self.workspace.suggestions(key) if s.start <= at <= s.end), None)

    def on_descendant_focus(self, event: object) -> None:
        widget = getattr(event, "widget", None)
        if isinstance(widget, LinkedTextArea) and widget.id in self._keys:
            self._seen(widget)

    @show_failures
    def _seen(self, area: LinkedTextArea) -> None:
        """The officer sees this sub-heading: copied live figures count as checked."""
        key = self._keys[area.id or ""]
        if self.workspace.mark_seen(key):
            area.live = [Link(k.start, k.end, k.row) for k in area.live]

    def on_descendant_blur(self, event: object) -> None:
        widget = getattr(event, "widget", None)
        if isinstance(widget, LinkedTextArea):
            self._save_area(widget)

    @show_failures
    def _save_area(self, area: LinkedTextArea, now: bool = False) -> None:
        """Commit a text area's text; the checks run in a worker thread unless ``now`` (when
        the screen is left, so that the next screen shows the checked report)."""
        if self.locked or area.id is None:
            return
        area.resync()
        key = self._keys[area.id]
        if self.workspace.set_narrative(key, area.text, area.live, revalidate=now):
            if not now:
                pending = self.workspace.snapshot()
                self.run_worker(
                    partial(self.workspace.check, pending), thread=True, group=CHECK_GROUP
                )
            stamp = datetime.now().strftime("%H:%M:%S")
            self.query_one("#status", Static).update(
                msg.NARR_SAVED.format(key=key) + " " + msg.NARR_SAVED_STATUS.format(time=stamp)
            )
            count = len(area.live)
            area.border_subtitle = msg.LINK_COUNT.format(count=count) if count else ""

    def action_save(self) -> None:
        """Save every text area of the section now (checked in the background)."""
        for area in self.query(LinkedTextArea):
            self._save_area(area)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """A background check is done: take its result (unless the text changed since)."""
        super().on_worker_state_changed(event)
        worker = event.worker
        if worker.group == CHECK_GROUP and event.state is WorkerState.SUCCESS:
            done = worker.result
            if isinstance(done, PendingCheck) and self.workspace.adopt(done):
                area = self._focused_area()
                if area is not None:
                    self._describe(area)

    def _focused_area(self) -> LinkedTextArea | None:
        focused = self.focused
        return focused if isinstance(focused, LinkedTextArea) else None

    def action_link(self) -> None:
        """Insert a live figure at the cursor, or link the figure under it to its row."""
        if self.locked:
            self.notify(self.locked_reason, severity="warning")
            return
        area = self._focused_area()
        if area is None or area.id is None:
            return
        key = self._keys[area.id]
        self._save_area(area)
        at = area.cursor_index()
        suggestion = self._suggestion_at(key, area, at)
        first = suggestion.row if suggestion is not None else None

        def picked(row: str | None) -> None:
            if row is not None:
                self._insert(area, row, suggestion)

        self.app.push_screen(LinkPickScreen(self.workspace, first), picked)

    @show_failures
    def _insert(self, area: LinkedTextArea, row: str, suggestion: Any) -> None:
        """Write row ``row``'s value as a live figure: over the figure ``suggestion`` points at,
        else at the cursor followed by its unit ("1.834 hồ sơ")."""
        target = self.workspace.link_target(row)
        shown = target.value or msg.LINK_EMPTY_VALUE
        document = _doc(area)
        start: int
        end: int
        if suggestion is not None:
            start, end = suggestion.start, suggestion.end
            tail = ""
        else:
            start = end = area.cursor_index()
            text = area.text
            after = text[end : end + len(target.unit) + 1].strip()
            unit = target.unit
            tail = "" if not unit or after.startswith(unit) else ("" if unit == "%" else " ") + unit
            if end < len(text) and text[end].isalnum():
                tail += " "
            if start > 0 and not text[start - 1].isspace() and text[start - 1] not in '(“"':
                area.insert(" ", document.get_location_from_index(start))
                start = end = start + 1
        area.replace(
            shown + tail,
            document.get_location_from_index(start),
            document.get_location_from_index(end),
        )
        area.live = sorted(
            [*area.live, Link(start, start + len(shown), target.row)], key=lambda k: k.start
        )
        area._build_highlight_map()
        area.focus()
        self._save_area(area)
        self.notify(msg.LINK_INSERTED.format(key=target.row))

    def before_leave(self) -> None:
        """Save what is typed before the screen closes, checked at once."""
        for area in self.query(LinkedTextArea):
            self._save_area(area, now=True)
        self.workspace.ensure_checked()  # an earlier save may still be checked in a worker

    def on_unmount(self) -> None:
        if self._idle is not None:
            self._idle.stop()
