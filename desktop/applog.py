"""Logging to a rotating file in the log folder.

Messages name events and record numbers, never a child's personal data; SQL
parameters are hidden by the engine (``hide_parameters``) for the same reason.
"""

from __future__ import annotations

import logging
import logging.handlers
import os
from pathlib import Path
from typing import IO

from desktop.core.private_files import make_private, make_private_dir, open_private

LOG_FILENAME = "homeward.log"
_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


class PrivateRotatingFileHandler(logging.handlers.RotatingFileHandler):
    """A rotating log whose files are owner-only, whatever the umask (rotation renames them)."""

    def _open(self) -> IO[str]:  # type: ignore[override]  # a text stream, as the base's
        descriptor = open_private(self.baseFilename, os.O_WRONLY | os.O_CREAT | os.O_APPEND)
        return os.fdopen(descriptor, "a", encoding=self.encoding, errors=self.errors)


def setup_logging(log_dir: Path, level: int = logging.INFO) -> Path:
    """Send the program's log to ``log_dir/homeward.log`` (1 MB x 5 files); return its path."""
    make_private_dir(log_dir)
    path = log_dir / LOG_FILENAME
    root = logging.getLogger()
    for handler in list(root.handlers):
        if getattr(handler, "homeward", False):
            root.removeHandler(handler)
            handler.close()
    for older in log_dir.glob(f"{LOG_FILENAME}.*"):  # rotated by an older version
        make_private(older)
    handler = PrivateRotatingFileHandler(path, maxBytes=1_000_000, backupCount=5, encoding="utf-8")
    handler.homeward = True  # type: ignore[attr-defined]
    handler.setFormatter(logging.Formatter(_FORMAT))
    root.addHandler(handler)
    root.setLevel(level)
    return path
