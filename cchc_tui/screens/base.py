"""What every screen shares: one way to turn a failure into a Vietnamese message.

* :func:`show_failures` guards an event handler: a :class:`~cchc_tui.base.errors.CchcError`
  shows its message; anything else is logged with its traceback and shown as
  "Lỗi không mong đợi, đã ghi vào nhật ký: PATH" (:func:`cchc_tui.base.logs.describe_failure`).
* :class:`WorkerFailures` does the same for every thread worker of a screen: workers do not
  catch, they fail, and the screen's :meth:`~WorkerFailures.work_failed` shows it (a dialog
  overrides it to show the message in place).

The app goes on after either; what was committed before stays committed.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar, cast

from textual.actions import SkipAction
from textual.binding import Binding
from textual.message import Message
from textual.screen import ModalScreen, Screen
from textual.widgets import Input
from textual.worker import Worker, WorkerState

from cchc_tui.base.logs import describe_failure
from cchc_tui.widgets.nfc import NfcInput

if TYPE_CHECKING:
    from cchc_tui.app import CchcApp

F = TypeVar("F", bound=Callable[..., Any])
T = TypeVar("T")


class StoreReady(Message):
    """The database is open (posted by the app to the active screen)."""


class OverviewRead(Message):
    """The report list, read from the database file before the store is open (posted by the
    app to the active screen; ``lines`` are ``service.overview.ReportOverview``)."""

    def __init__(self, lines: list[Any]) -> None:
        super().__init__()
        self.lines = lines


def show_failures(method: F) -> F:
    """Decorate a screen handler so that no failure reaches the officer as a traceback."""

    @functools.wraps(method)
    def wrapper(self: Screen[Any], *args: Any, **kwargs: Any) -> Any:
        try:
            return method(self, *args, **kwargs)
        except Exception as err:  # the last line of defence: logged unless a CchcError
            text = describe_failure(err, f"{type(self).__name__}.{method.__name__}")
            self.notify(text, severity="error", markup=False)
        return None

    return wrapper  # type: ignore[return-value]


class WorkerFailures:
    """Mixin for screens: a failed thread worker is shown, never swallowed or fatal."""

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """Show a worker's failure (logged with its traceback unless it is a CchcError)."""
        if event.state is not WorkerState.ERROR:
            return
        error = event.worker.error
        assert error is not None
        where = f"{type(self).__name__} worker {event.worker.group or event.worker.name}"
        self.work_failed(event.worker, describe_failure(error, where))

    def work_failed(self, worker: Worker[Any], text: str) -> None:
        """Show ``text`` (the Vietnamese failure of ``worker``); dialogs override this."""
        cast(Screen[Any], self).notify(text, severity="error", markup=False)


class CchcScreen(WorkerFailures, Screen[T]):
    """Base of the app's full screens."""


class CchcModal(WorkerFailures, ModalScreen[T]):
    """Base of the app's dialogs."""


class FieldsModal(CchcModal[T]):
    """A dialog whose fields are filled one after another: Enter in a field moves to
    the next one *at once*, and Enter in the last calls :meth:`fields_done`.

    Why not ``Input.Submitted``: the Input posts it from its own message queue and the screen
    moves focus later, while the app has already sent the next keys to the field just left —
    typed ahead in tmux, a reason, Enter and a passphrase all landed in the first field. A
    priority binding runs while the app handles the Enter itself, in key order, so the keys
    after it reach the next field. :meth:`fields_done` is queued behind the last field's keys.
    A Select or button between fields is skipped (Tab reaches it); Enter on one does its own.
    """

    BINDINGS = [Binding("enter", "enter_field", show=False, priority=True)]

    def field_order(self) -> list[Input]:
        """The fields Enter moves through (default: every shown, enabled Input, in order)."""
        return [w for w in self.query(Input) if w.display and not w.disabled]

    def action_enter_field(self) -> None:
        """Enter: the next field, or the dialog's action after the last one."""
        field = self.focused
        order = self.field_order()
        if not isinstance(field, Input) or field not in order:
            raise SkipAction()
        index = order.index(field)
        if index + 1 < len(order):
            self.set_focus(order[index + 1])  # the field left makes its text NFC on blur
        else:
            field.call_later(self._last_field_done, field)

    def _last_field_done(self, field: Input) -> None:
        if isinstance(field, NfcInput):
            field.compose_value()
        self.fields_done()

    def fields_done(self) -> None:
        """Enter in the last field (a dialog's save, sign, create…)."""


def cchc(widget: Any) -> CchcApp:
    """The running ``CchcApp`` of a screen or widget, typed."""
    return cast("CchcApp", widget.app)


def usb_folder(widget: Any, otherwise: str | None = None) -> str:
    """The folder a USB dialog offers first: the last one the officer used in one (if it is
    still there — the stick may be out), else ``otherwise`` (default: the home folder)."""
    last = cchc(widget).settings.usb_folder
    if last and Path(last).is_dir():
        return last
    return str(Path.home()) if otherwise is None else otherwise


def chosen_folder(screen: Any) -> Path:
    """A USB dialog's ``#folder`` field as a path, remembered as the next dialog's first
    offer (setting ``usb_folder``)."""
    text = screen.query_one("#folder", Input).value.strip()
    app = cchc(screen)
    if text and text != app.settings.usb_folder:
        app.update_settings(app.settings.changed(usb_folder=text))
    return Path(text)
