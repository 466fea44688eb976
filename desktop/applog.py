"""Logging to a rotating file in the log folder.

Messages name events and record numbers, never a child's personal data; SQL
parameters are hidden by the engine (``hide_parameters``) for the same reason.
"""

from __future__ import annotations

import logging
import logging.handlers
from pathlib import Path

from desktop.config import make_private_dir

LOG_FILENAME = "homeward.log"
_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


def setup_logging(log_dir: Path, level: int = logging.INFO) -> Path:
    """Send the program's log to ``log_dir/homeward.log`` (1 MB x 5 files); return its path."""
    make_private_dir(log_dir)
    path = log_dir / LOG_FILENAME
    root = logging.getLogger()
    for handler in list(root.handlers):
        if getattr(handler, "homeward", False):
            root.removeHandler(handler)
            handler.close()
    handler = logging.handlers.RotatingFileHandler(
        path, maxBytes=1_000_000, backupCount=5, encoding="utf-8"
    )
    handler.homeward = True  # type: ignore[attr-defined]
    handler.setFormatter(logging.Formatter(_FORMAT))
    root.addHandler(handler)
    root.setLevel(level)
    return path
