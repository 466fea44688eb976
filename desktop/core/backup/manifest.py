"""``manifest.json``: what a backup holds, and whether this program can restore it."""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, field

from desktop.core.backup.errors import BackupTooNew, NotABackup, not_a_backup_message
from desktop.core.i18n import N_, _
from desktop.core.store.migrations import REVISIONS

FORMAT = "homeward-backup"


FORMAT_VERSION = 1


MANIFEST_NAME = "manifest.json"


DB_NAME = "homeward.sqlite"


SUMS_NAME = "SHA256SUMS"


#: The tables whose rows a manifest counts, with the label the restore dialog shows.
MAIN_TABLES: dict[str, str] = {
    "child": N_("Children"),
    "admission": N_("Admissions"),
    "contact": N_("Contacts"),
    "belonging": N_("Belongings"),
    "note": N_("Notes"),
    "photo": N_("Photos"),
    "task": N_("Tasks"),
    "staff": N_("Staff accounts"),
    "audit_entry": N_("Audit entries"),
}


@dataclass(frozen=True)
class Manifest:
    """What a backup holds; ``db_sha256`` is known once the database was read or written."""

    program_version: str
    schema_revision: str
    created_at: dt.datetime
    center: str
    counts: dict[str, int]
    db_size: int
    db_sha256: str = ""
    format_version: int = FORMAT_VERSION
    #: The encryption library that wrote the file: {"name": ..., "version": ...}.
    encryption: dict[str, str] = field(default_factory=dict)
    #: The audit key of the database (hex), so that a restore keeps it; empty for
    #: backups of databases from before the trail was keyed.
    audit_key: str = ""
    #: The trail's head in the database ("entry:mac"), remembered by ``check``.
    audit_head: str = ""

    def to_json(self) -> bytes:
        """Return ``manifest.json`` (the checksum goes into ``SHA256SUMS``)."""
        data = {
            "format": FORMAT,
            "format_version": self.format_version,
            "program_version": self.program_version,
            "schema_revision": self.schema_revision,
            "created_at": self.created_at.astimezone(dt.UTC).isoformat(),
            "center": self.center,
            "counts": self.counts,
            "database": {"name": DB_NAME, "size": self.db_size},
            "encryption": self.encryption,
            "audit": {"key": self.audit_key, "head": self.audit_head},
        }
        return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True).encode("utf-8")

    @classmethod
    def from_json(cls, raw: bytes, name: str) -> Manifest:
        """Parse ``manifest.json``; raise ``NotABackup`` when it is not Homeward's."""
        try:
            data = json.loads(raw.decode("utf-8"))
            if data["format"] != FORMAT:
                raise ValueError(data["format"])
            return cls(
                program_version=str(data["program_version"]),
                schema_revision=str(data["schema_revision"]),
                created_at=_aware(dt.datetime.fromisoformat(data["created_at"])),
                center=str(data["center"]),
                counts={str(k): int(v) for k, v in dict(data["counts"]).items()},
                db_size=int(data["database"]["size"]),
                format_version=int(data["format_version"]),
                encryption={str(k): str(v) for k, v in dict(data.get("encryption", {})).items()},
                audit_key=str(dict(data.get("audit", {})).get("key", "")),
                audit_head=str(dict(data.get("audit", {})).get("head", "")),
            )
        except (ValueError, KeyError, TypeError, AttributeError) as error:
            raise NotABackup(not_a_backup_message(name)) from error

    def count_lines(self) -> list[tuple[str, int]]:
        """Return (translated label, count) for the main tables, in a fixed order."""
        return [
            (_(label), self.counts[table])
            for table, label in MAIN_TABLES.items()
            if table in self.counts
        ]


def _aware(moment: dt.datetime) -> dt.datetime:
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=dt.UTC)


def program_version() -> str:
    """Return this program's version (written into each manifest)."""
    import desktop

    return desktop.__version__


def _major(version: str) -> int:
    match = re.match(r"\d+", version.strip())
    return int(match.group()) if match else 0


def check_compatible(manifest: Manifest) -> None:
    """Raise ``BackupTooNew`` unless this program can restore ``manifest``'s backup."""
    too_new = (
        manifest.format_version > FORMAT_VERSION
        or manifest.schema_revision not in REVISIONS
        or _major(manifest.program_version) > _major(program_version())
    )
    if too_new:
        raise BackupTooNew(
            _(
                "This backup was made by a newer Homeward ({version}, schema {revision}). "
                "Install that version or a later one to restore it."
            ).format(version=manifest.program_version, revision=manifest.schema_revision)
        )
