"""Entry script of the one-folder build (packaging/cchc.spec): the ``cchc`` command."""

from cchc_tui.cli.entry import main

raise SystemExit(main())
