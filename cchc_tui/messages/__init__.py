"""Every Vietnamese text the officer sees, in this one package, so it can be reviewed and
translated. One module per area, each owned by one part of the app:

* ``core`` — numbers, values, findings, templates, interchange, store, command line;
* ``ui`` — screens and widgets;
* ``exports`` — Excel and Word files;
* ``bundle`` — sign-off keys, the signed bundle, safe writing and verification;
* ``office`` — the receiving office: registered keys, import, status, consolidation;
* ``limits`` — limits on input (sizes, counts, lengths, numbers, nesting);
* ``integrity`` — a damaged, foreign or newer database, disk errors, the seal and audit chain;
* ``cli`` — the command lines' help and argparse's own texts;
* ``templates`` — templates made in Excel, their lint, signed template packs, versions;
* ``contributions`` — several officers on one report: assignments, packages, contributions.
* ``narrative`` — the narrative checked against forms, documents and dates; live figures.

Code imports ``from cchc_tui import messages as msg`` and uses ``msg.NAME``.
"""

from cchc_tui.messages.bundle import *  # noqa: F403
from cchc_tui.messages.cli import *  # noqa: F403
from cchc_tui.messages.contributions import *  # noqa: F403
from cchc_tui.messages.core import *  # noqa: F403
from cchc_tui.messages.exports import *  # noqa: F403
from cchc_tui.messages.integrity import *  # noqa: F403
from cchc_tui.messages.limits import *  # noqa: F403
from cchc_tui.messages.narrative import *  # noqa: F403
from cchc_tui.messages.office import *  # noqa: F403
from cchc_tui.messages.templates import *  # noqa: F403
from cchc_tui.messages.ui import *  # noqa: F403
