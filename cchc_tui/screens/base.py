"""Shared screen behaviour: turning every failure into a Vietnamese message, never a traceback."""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar, cast

from textual.screen import Screen

from cchc_tui import messages as msg
from cchc_tui.db.errors import StoreError
from cchc_tui.domain.documents import DocumentError
from cchc_tui.domain.values import CellError

if TYPE_CHECKING:
    from cchc_tui.app import CchcApp

log = logging.getLogger("cchc_tui")
F = TypeVar("F", bound=Callable[..., Any])


def show_failures(method: F) -> F:
    """Decorate a screen handler: known errors show their message, others a generic one.

    The app goes on; what was committed before stays committed.
    """

    @functools.wraps(method)
    def wrapper(self: Screen[Any], *args: Any, **kwargs: Any) -> Any:
        try:
            return method(self, *args, **kwargs)
        except (StoreError, CellError, DocumentError) as err:
            self.notify(str(err), severity="error", markup=False)
        except Exception as err:  # the last line of defence: no traceback for the officer
            log.exception("unexpected error in %s", method.__name__)
            self.notify(msg.ERROR_UNEXPECTED.format(error=err), severity="error", markup=False)
        return None

    return wrapper  # type: ignore[return-value]


def cchc(widget: Any) -> CchcApp:
    """The running ``CchcApp`` of a screen or widget, typed."""
    return cast("CchcApp", widget.app)
