"""Several officers on one report (issue 16): the USB dialogs, the conflicts, the audit trail.

* :class:`UsbTaskScreen` — one dialog for every trip to a USB folder: "giao việc" (packages for
  every officer with parts), the officer's contribution, receiving contributions. The work runs
  in a worker with a progress bar; a failure (a full or pulled-out stick, a refused file) is
  shown in place and nothing is lost.
* :class:`ConflictsScreen` — every pending conflict side by side (the compiler's and the
  officer's state, who and when); one keystroke each: ``g`` keeps mine (giữ), ``l`` takes theirs
  (lấy).
* :class:`AuditScreen` — the report's audit trail: when, who, what, old and new.

The rules are the service's (:mod:`cchc_tui.service.contributions`); these screens only call it.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, DataTable, Footer, Input, Label, ProgressBar, Static
from textual.worker import Worker

from cchc_tui import messages as msg
from cchc_tui.screens.base import CchcModal, CchcScreen, chosen_folder, show_failures, usb_folder
from cchc_tui.service.contributions import ConflictView
from cchc_tui.service.workspace import ReportWorkspace

Progress = Callable[[str, int, int], None]
Task = Callable[[Path, Progress], str]
"""``task(folder, progress) -> the final sentence``; runs in a worker thread."""


class UsbTaskScreen(CchcModal[bool]):
    """Ask for a folder (a USB stick), run ``task`` there in a worker, show how it went;
    dismisses with whether it ran to the end."""

    BINDINGS = [Binding("escape", "cancel", msg.KEY_CANCEL, id="usb.cancel")]
    """Keys of the dialog."""

    def __init__(
        self, title: str, label: str, button: str, task: Task, hint: str = "", folder: str = ""
    ) -> None:
        super().__init__()
        self.title_text = title
        self.label = label
        self.button = button
        self.job = task
        self.hint = hint
        self.folder = folder
        self.finished = False

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(self.title_text, classes="screen-title", markup=False)
            if self.hint:
                yield Static(self.hint, classes="hint", markup=False)
            yield Label(self.label, classes="field-label")
            yield Input(self.folder or usb_folder(self), id="folder")
            yield ProgressBar(total=100, show_eta=False, id="progress")
            yield Static("", id="status", classes="error-line", markup=False)
            with Horizontal(classes="buttons"):
                yield Button(self.button, id="run", variant="primary")
                yield Button(msg.SIGN_CLOSE, id="cancel")

    def on_mount(self) -> None:
        self.add_class("modal")
        self.query_one("#folder", Input).focus()

    def on_input_submitted(self, _event: Input.Submitted) -> None:
        self._start()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "run":
            self._start()
        else:
            self.dismiss(self.finished)

    def _start(self) -> None:
        button = self.query_one("#run", Button)
        if button.disabled:
            return
        button.disabled = True
        self._run(chosen_folder(self))

    @work(thread=True, exclusive=True, exit_on_error=False, group="usb")
    def _run(self, folder: Path) -> None:
        def progress(label: str, done: int, total: int) -> None:
            self.app.call_from_thread(self._progress, label, 100 * done // max(total, 1))

        text = self.job(folder, progress)
        self.app.call_from_thread(self._done, text)

    def _progress(self, label: str, percent: int) -> None:
        self.query_one("#progress", ProgressBar).update(progress=percent)
        self.query_one("#status", Static).update(label)

    def _done(self, text: str) -> None:
        self.finished = True
        self.query_one("#progress", ProgressBar).update(progress=100)
        self.query_one("#status", Static).update(text)
        self.query_one("#cancel", Button).focus()

    def work_failed(self, worker: Worker[object], text: str) -> None:
        """A full or pulled-out stick, a refused file: said here; nothing was lost."""
        self.query_one("#status", Static).update(text)
        self.query_one("#progress", ProgressBar).update(progress=0)
        self.query_one("#run", Button).disabled = False

    def action_cancel(self) -> None:
        """Close (a running task finishes or fails on its own)."""
        self.dismiss(self.finished)


class ConflictsScreen(CchcScreen[None]):
    """The pending conflicts of a report; ``g`` keeps mine, ``l`` takes the officer's."""

    DEFAULT_CSS = """
    ConflictsScreen .conflict-detail {
        height: 6;
        padding: 0 1;
    }
    """

    BINDINGS = [
        Binding("g", "keep", msg.KEY_CONFLICT_KEEP, id="conflicts.keep"),
        Binding("l", "take", msg.KEY_CONFLICT_TAKE, id="conflicts.take"),
        Binding("escape", "back", msg.KEY_BACK, id="conflicts.back"),
    ]
    """Keys of the conflicts screen: one keystroke per conflict."""

    def __init__(self, workspace: ReportWorkspace) -> None:
        super().__init__()
        self.workspace = workspace
        self.views: list[ConflictView] = []

    def compose(self) -> ComposeResult:
        yield Static("", id="title", classes="screen-title", markup=False)
        yield DataTable(id="conflicts", cursor_type="row")
        yield Static("", id="detail", classes="conflict-detail", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one("#conflicts", DataTable)
        side = max(14, (self.app.size.width - 12) // 3)
        label = max(16, self.app.size.width - 2 * side - 10)
        for key, text, width in zip(
            ("label", "mine", "theirs"), msg.CONFLICT_COLUMNS, (label, side, side), strict=True
        ):
            table.add_column(text, key=key, width=width)
        self.refresh_view()

    def refresh_view(self) -> None:
        """Read the pending conflicts again."""
        self.views = self.workspace.service.contributions.conflicts(self.workspace.report_id)
        self.query_one("#title", Static).update(msg.CONFLICT_TITLE.format(count=len(self.views)))
        table = self.query_one("#conflicts", DataTable)
        row = table.cursor_row
        table.clear()
        for view in self.views:
            table.add_row(view.label, view.mine, view.theirs, key=str(view.id))
        if self.views:
            table.move_cursor(row=min(row, len(self.views) - 1))
        table.focus()
        self._show_detail()

    def _current(self) -> ConflictView | None:
        if not self.views:
            return None
        return self.views[self.query_one("#conflicts", DataTable).cursor_row]

    def _show_detail(self) -> None:
        view = self._current()
        detail = self.query_one("#detail", Static)
        if view is None:
            detail.update(msg.CONFLICT_NONE)
            return
        unknown = msg.CONFLICT_UNKNOWN_WHO
        detail.update(
            msg.CONFLICT_DETAIL.format(
                label=view.label,
                mine=view.mine,
                mine_who=view.mine_who or unknown,
                mine_at=_when(view.mine_at),
                officer=view.officer,
                theirs=view.theirs,
                theirs_who=view.theirs_who or unknown,
                theirs_at=_when(view.theirs_at),
            )
        )

    @on(DataTable.RowHighlighted, "#conflicts")
    def _highlighted(self, _event: DataTable.RowHighlighted) -> None:
        self._show_detail()

    @show_failures
    def _decide(self, take: bool) -> None:
        view = self._current()
        if view is None:
            return
        self.workspace.service.contributions.resolve(view.id, take)
        self.workspace.reload()
        done = msg.CONFLICT_TAKEN if take else msg.CONFLICT_KEPT
        self.notify(done.format(label=view.label, officer=view.officer), markup=False)
        self.refresh_view()

    def action_keep(self) -> None:
        """Keep the compiler's state of the selected item (g)."""
        self._decide(False)

    def action_take(self) -> None:
        """Take the officer's state of the selected item (l)."""
        self._decide(True)

    def action_back(self) -> None:
        """Back to the outline."""
        self.app.pop_screen()


class AuditScreen(CchcScreen[None]):
    """The audit trail of a report, oldest first, the cursor on the newest."""

    BINDINGS = [Binding("escape", "back", msg.KEY_BACK, id="audit.back")]
    """Keys of the audit screen."""

    def __init__(self, workspace: ReportWorkspace) -> None:
        super().__init__()
        self.workspace = workspace

    def compose(self) -> ComposeResult:
        yield Static(
            msg.AUDIT_TITLE.format(report=self.workspace.title),
            classes="screen-title",
            markup=False,
        )
        yield DataTable(id="audit", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        from cchc_tui.service.contributions import audit_cells

        table = self.query_one("#audit", DataTable)
        widths = [19, 18, 20]
        widths.append(max(16, self.app.size.width - sum(widths) - 2 * 4 - 4))
        for label, width in zip(msg.AUDIT_COLUMNS, widths, strict=True):
            table.add_column(label, width=width)
        entries = self.workspace.service.audit_log(self.workspace.report_id)
        for entry in entries:
            table.add_row(*audit_cells(entry))
        if entries:
            table.move_cursor(row=len(entries) - 1)
        table.focus()

    def action_back(self) -> None:
        """Back to the outline."""
        self.app.pop_screen()


def _when(at: str) -> str:
    """A stored UTC time as the PC's local time, to the minute ("" stays "")."""
    from cchc_tui.service.contributions import local_time

    return local_time(at)[:16]
