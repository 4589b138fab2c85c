"""Narrative editor: one text area per sub-heading of a section, with the template's guidance.

Text is NFC as typed or pasted, saved when the officer leaves a text area and after a short
pause in typing (so a power cut loses at most the last couple of seconds of typing).
"""

from __future__ import annotations

from datetime import datetime

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.timer import Timer
from textual.widgets import Footer, Static, TextArea

from cchc_tui import messages as msg
from cchc_tui.screens.base import show_failures
from cchc_tui.screens.part import PartScreen
from cchc_tui.service.workspace import ReportWorkspace
from cchc_tui.widgets.nfc import NfcTextArea

IDLE_SAVE_SECONDS = 1.5
"""Pause in typing after which the text being typed is saved."""


class NarrativeScreen(PartScreen):
    """Write the text of one narrative section."""

    part_kind = "section"
    BINDINGS = [
        Binding("escape", "back", msg.KEY_BACK, id="narrative.back"),
        Binding("ctrl+s", "save", msg.KEY_SAVE, id="narrative.save"),
    ]
    """Keys of the narrative editor (Tab moves between sub-headings)."""

    def __init__(
        self, workspace: ReportWorkspace, section_key: str, target: str | None = None
    ) -> None:
        super().__init__(workspace)
        self.part_key = section_key
        self.section = workspace.section(section_key)
        self.target = target
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
                area = NfcTextArea(
                    self.workspace.report.narrative.get(sub.key, ""),
                    id=self._ids[sub.key],
                    soft_wrap=True,
                    read_only=self.locked,
                )
                area.border_title = sub.key
                yield area
        yield Static("", id="status", classes="status-line")
        yield Footer()

    def area(self, key: str) -> NfcTextArea:
        """The text area of sub-heading ``key``."""
        return self.query_one(f"#{self._ids[key]}", NfcTextArea)

    def on_mount(self) -> None:
        area = self.area(self.target or self.section.subheadings[0].key)
        area.focus()
        area.scroll_visible(animate=False)

    @on(TextArea.Changed)
    def _changed(self, _event: TextArea.Changed) -> None:
        if self._idle is not None:
            self._idle.stop()
        self._idle = self.set_timer(IDLE_SAVE_SECONDS, self.action_save)

    def on_descendant_blur(self, event: object) -> None:
        widget = getattr(event, "widget", None)
        if isinstance(widget, NfcTextArea):
            self._save_area(widget)

    @show_failures
    def _save_area(self, area: NfcTextArea) -> None:
        if self.locked or area.id is None:
            return
        key = self._keys[area.id]
        if self.workspace.set_narrative(key, area.text):
            stamp = datetime.now().strftime("%H:%M:%S")
            self.query_one("#status", Static).update(
                msg.NARR_SAVED.format(key=key) + " " + msg.NARR_SAVED_STATUS.format(time=stamp)
            )

    def action_save(self) -> None:
        """Save every text area of the section now."""
        for area in self.query(NfcTextArea):
            self._save_area(area)

    def before_leave(self) -> None:
        """Save what is typed before the screen closes."""
        self.action_save()

    def on_unmount(self) -> None:
        if self._idle is not None:
            self._idle.stop()
