"""Garbage collection while an officer keys a form: never in the middle of an Enter, when idle.

CPython's collector runs when enough objects were made: the youngest generation every few
hundred, the middle one every tenth of those, the whole heap now and then. While keying, each
Enter makes thousands of short-lived objects (Textual's rendering), so collections land inside
Enters: issue 11 measured gen-2 collections of 134–240 ms about every 10 Enters over ~250k
tracked objects. :class:`IdleCollector` (used by ``screens.form``):

* when the form has loaded, collects once and **freezes** what the form holds (it lives as
  long as the form: the collector never walks it again);
* while the form is open, leaves only the youngest generation to CPython (cheap, well under a
  millisecond) and collects the older ones itself **when the keyboard is idle** (no key for
  :data:`IDLE_SECONDS`), or, typed heads-down for minutes, after :data:`MAX_DEFERRED` young
  collections at the latest (so garbage never piles up);
* gives the collector its settings back when the form closes.
"""

from __future__ import annotations

import gc
import time

IDLE_SECONDS = 0.4
"""No key for this long: the officer is reading the paper, the old generations may be walked."""
MAX_DEFERRED = 400
"""Young collections after which the middle generation is collected even while keying."""
CHECK_EVERY = 0.25
"""Seconds between two looks at the keyboard and the collector's counts."""
_OLD = 1_000_000
"""A threshold the older generations never reach by themselves."""


class IdleCollector:
    """The collector's pacing for one open form (see the module's docstring)."""

    def __init__(self) -> None:
        self._saved: tuple[int, int, int] | None = None
        self._last_key = time.monotonic()
        self.collections = 0
        """Collections made here (for tests and bench figures)."""

    def start(self) -> None:
        """The form has loaded: collect, freeze, take the older generations over."""
        gc.collect()
        gc.freeze()
        self._saved = gc.get_threshold()
        gc.set_threshold(self._saved[0], _OLD, _OLD)

    def key(self) -> None:
        """A key was typed (the keyboard is not idle)."""
        self._last_key = time.monotonic()

    def tick(self) -> None:
        """Called every :data:`CHECK_EVERY` s: collect the older generations if the keyboard is
        idle and there is something to collect, or if they were put off too long."""
        young, middle, _old = gc.get_count()
        idle = time.monotonic() - self._last_key >= IDLE_SECONDS
        if (idle and (middle or young > 100)) or middle >= MAX_DEFERRED:
            gc.collect(1 if not idle else 2)
            self.collections += 1

    def stop(self) -> None:
        """The form is closing: the collector's own settings back, nothing frozen."""
        if self._saved is not None:
            gc.set_threshold(*self._saved)
            self._saved = None
        gc.unfreeze()
