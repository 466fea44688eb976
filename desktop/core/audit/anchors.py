"""Heads of the trail kept outside the database, so history cannot be rewritten unnoticed.

Each verified USB backup (and each local snapshot) appends the trail's head
(newest entry number and MAC) to ``homeward.sqlite.heads`` beside the database;
the backup's manifest holds it too. ``check`` then requires that the trail
still holds those very entries: rewriting the history up to the last backup,
even with the key, is seen unless the heads file is rewritten as well.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import logging
import os
from pathlib import Path

from desktop.core.audit.chain import Anchor
from desktop.core.private_files import open_private

log = logging.getLogger(__name__)

#: Only the newest heads are compared; older ones add nothing a newer one does not.
KEPT = 50


def heads_path(database: Path) -> Path:
    """Return the file where the heads of ``database``'s trail are remembered."""
    return database.with_name(database.name + ".heads")


def parse_head(value: str) -> tuple[int, bytes]:
    """Return (entry id, MAC) from the stored head text ``"id:machex"``."""
    entry_id, mac = value.split(":", 1)
    return int(entry_id), bytes.fromhex(mac)


def remember(database: Path, head: str, where: str, when: dt.datetime) -> None:
    """Append ``head`` (as stored in the database) with where it went and when."""
    line = json.dumps(
        {"head": head, "where": where, "at": when.astimezone(dt.UTC).isoformat()},
        ensure_ascii=False,
    )
    descriptor = open_private(heads_path(database), os.O_WRONLY | os.O_CREAT | os.O_APPEND)
    with os.fdopen(descriptor, "a", encoding="utf-8") as handle:
        handle.write(line + "\n")
        handle.flush()
        os.fsync(handle.fileno())


def recorded(database: Path) -> dict[int, Anchor]:
    """Return the newest remembered heads by entry id (unreadable lines are skipped)."""
    anchors: dict[int, Anchor] = {}
    with contextlib.suppress(FileNotFoundError):
        lines = heads_path(database).read_text(encoding="utf-8").splitlines()
        for line in lines[-KEPT:]:
            try:
                data = json.loads(line)
                entry_id, mac = parse_head(str(data["head"]))
                where = f"{data['where']} ({data['at']})"
            except (ValueError, KeyError, TypeError):
                log.warning("skipping an unreadable line in %s", heads_path(database))
                continue
            anchors[entry_id] = Anchor(entry_id, mac, where)
    return anchors
