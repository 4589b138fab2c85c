"""``python -m cchc_tui``: the ``cchc`` command (the app with no arguments)."""

from cchc_tui.cli.entry import main

raise SystemExit(main())
