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
from typing import TYPE_CHECKING, Any, TypeVar, cast

from textual.message import Message
from textual.screen import ModalScreen, Screen
from textual.worker import Worker, WorkerState

from cchc_tui.base.logs import describe_failure

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


def cchc(widget: Any) -> CchcApp:
    """The running ``CchcApp`` of a screen or widget, typed."""
    return cast("CchcApp", widget.app)
