"""`ostack.enable_logging()`: openstacksdk's one-call logging set-up for scripts, with its
arguments and meaning; the CLI's `--debug` and `--log-file` use it too.

Everything ostack logs goes to the `ostack` logger tree (`ostack.http` carries the requests and
answers as curl lines, secrets redacted), so a script can also configure `logging` itself.
"""

from __future__ import annotations

import logging
import sys
from typing import TextIO

#: The handlers the last call added, replaced by the next call (no line written twice).
_ADDED: list[logging.Handler] = []


def enable_logging(
    debug: bool = False,
    http_debug: bool = False,
    path: str | None = None,
    stream: TextIO | None = None,
    format_stream: bool = False,
    format_template: str = "%(asctime)s %(levelname)s: %(name)s %(message)s",
    handlers: list[logging.Handler] | None = None,
) -> None:
    """Send ostack's log to `stream` and/or the file `path` (stderr when neither is given),
    or to `handlers`: debug messages with `debug`, the HTTP requests too with `http_debug`
    (which implies `debug`), else informational ones. `format_template` formats the file's
    lines, and the stream's with `format_stream`. The file is created 0600: a debug log names
    users, projects and URLs."""
    if not stream and not path:
        stream = sys.stderr
    formatter = logging.Formatter(format_template)
    if handlers:
        for handler in handlers:
            handler.setFormatter(formatter)
    else:
        handlers = []
        if stream is not None:
            console = logging.StreamHandler(stream)
            if format_stream:
                console.setFormatter(formatter)
            handlers.append(console)
        if path is not None:
            from ostack import private_files

            to_file = logging.StreamHandler(private_files.open_log(path))
            to_file.setFormatter(formatter)
            handlers.append(to_file)
    logger = logging.getLogger("ostack")
    for old in _ADDED:
        logger.removeHandler(old)
    _ADDED[:] = handlers
    for handler in handlers:
        logger.addHandler(handler)
    logger.setLevel(logging.DEBUG if debug or http_debug else logging.INFO)
