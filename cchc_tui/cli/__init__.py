"""The ``cchc`` command line: the app with no arguments, subcommands without a screen."""

from cchc_tui.cli.entry import main

__all__ = ["main"]
