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
from desktop.core.clock import format_time
from desktop.core.i18n import N_, _
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


#: How each kind of copy is named when ``check`` reports it (translated when shown).
KINDS = {
    "backup": N_("the USB backup {name} of {time}"),
    "snapshot": N_("the local snapshot {name} of {time}"),
}


def remember(database: Path, head: str, kind: str, copy: Path, when: dt.datetime) -> None:
    """Append ``head`` (as stored in the database) with the copy (``kind``, file) that holds it."""
    if kind not in KINDS:
        raise ValueError(kind)
    line = json.dumps(
        {"head": head, "kind": kind, "file": str(copy), "at": when.astimezone(dt.UTC).isoformat()},
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
                moment = dt.datetime.fromisoformat(str(data["at"]))
                where = _(KINDS[str(data["kind"])]).format(
                    name=Path(str(data["file"])).name, time=format_time(moment)
                )
            except (ValueError, KeyError, TypeError):
                log.warning("skipping an unreadable line in %s", heads_path(database))
                continue
            anchors[entry_id] = Anchor(entry_id, mac, where)
    return anchors
