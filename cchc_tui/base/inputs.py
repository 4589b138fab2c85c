"""Reading a file the officer names (a passphrase file, a key, a report): one Vietnamese error.

Every failure to read (missing, a folder, no permission, a pulled-out stick, not UTF-8) is an
:class:`~cchc_tui.base.errors.InvalidInput` naming the file and the reason, so no command
catches ``OSError`` itself.
"""

from __future__ import annotations

import os
from pathlib import Path

from cchc_tui import messages as msg
from cchc_tui.base.errors import InvalidInput
from cchc_tui.base.limits import INPUT_FILE_BYTES, check_file_size


def read_input_bytes(path: Path | str, limit: int = INPUT_FILE_BYTES) -> bytes:
    """The bytes of ``path``, at most ``limit`` (default
    :data:`~cchc_tui.base.limits.INPUT_FILE_BYTES`: passphrase and key files are tiny); a larger
    file is refused from its size, before it is read.

    Raises:
        InvalidInput: the file cannot be read (with the operating system's reason).
        LimitExceeded: the file is larger than ``limit``.
    """
    try:
        with open(path, "rb") as handle:
            check_file_size(Path(path).name, os.fstat(handle.fileno()).st_size, limit)
            data = handle.read(limit + 1)
    except OSError as err:
        reason = err.strerror or os.strerror(err.errno or 0) or type(err).__name__
        raise InvalidInput(msg.INPUT_UNREADABLE.format(path=path, reason=reason)) from None
    check_file_size(Path(path).name, len(data), limit)  # a pipe or a file that grew
    return data


def read_input_text(path: Path | str) -> str:
    """The UTF-8 text of ``path`` (a byte-order mark is dropped).

    Raises:
        InvalidInput: the file cannot be read, or is not UTF-8.
    """
    data = read_input_bytes(path)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InvalidInput(msg.INPUT_NOT_UTF8.format(path=path)) from None
