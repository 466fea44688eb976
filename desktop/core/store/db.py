"""The database: opening, pragmas, sessions and migrations. The only SQLite-specific module.

A file is used only when it is a Homeward database (SQLite ``application_id``)
whose schema this program knows; it is inspected read-only first, so a file
that is refused is never touched. Older schemas are upgraded after a safety copy.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import enum
import logging
import os
import sqlite3
from collections.abc import Iterator
from contextvars import ContextVar
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import NullPool

from desktop.core import changes
from desktop.core.errors import (
    AlreadyInitialised,
    DatabaseBusy,
    DatabaseCorrupt,
    DatabaseMissing,
    DatabaseProblem,
    DatabaseTooNew,
    NotHomewardDatabase,
)
from desktop.core.i18n import _
from desktop.core.store import keys
from desktop.core.store.migrations import HEAD, REVISIONS, SCRIPT_LOCATION

log = logging.getLogger(__name__)

#: SQLite's application_id of a Homeward database: "HWD1".
APPLICATION_ID = 0x48574431
BUSY_TIMEOUT_MS = 10_000
#: Set (per thread) by ``Database.only_reading``.
_ONLY_READING: ContextVar[bool] = ContextVar("homeward_only_reading", default=False)


SQLITE_MAGIC = b"SQLite format 3\x00"


def connect_readonly(path: Path) -> sqlite3.Connection:
    """Open an existing ``path`` that refuses every write (``query_only``).

    SQLite's ``mode=ro`` would leave -wal and -shm files behind in the folder;
    a query-only connection removes them when it closes, and writes nothing.
    When a write-ahead log with content is already there (left by a crash), the
    connection is truly read-only instead: closing a writable one would fold the
    log into the file, changing a file that may yet be refused.
    """
    uri = path.absolute().as_uri()
    try:
        hot = Path(f"{path}-wal").stat().st_size > 0
    except FileNotFoundError:  # none, or another reader just closed the last connection
        hot = False
    if hot:
        return sqlite3.connect(f"{uri}?mode=ro", uri=True)
    connection = sqlite3.connect(f"{uri}?mode=rw", uri=True)
    connection.execute("PRAGMA query_only = ON")
    return connection


def _read_header(path: Path) -> bytes:
    """Return the first 100 bytes of ``path`` (SQLite's database header)."""
    with path.open("rb") as handle:
        return handle.read(100)


def read_revision(path: Path) -> str:
    """Return the schema revision of the Homeward database at ``path``.

    Raises ``DatabaseMissing``, ``NotHomewardDatabase``, ``DatabaseCorrupt`` or
    ``DatabaseTooNew`` with a message that names the file; never writes to it.
    """
    if not path.exists():
        raise DatabaseMissing(_("There is no Homeward database at {path}.").format(path=path))
    if path.stat().st_size == 0:
        raise NotHomewardDatabase(_("The database file {path} is empty.").format(path=path))
    try:
        header = _read_header(path)
        connection = connect_readonly(path)
    except (OSError, sqlite3.Error) as error:
        raise DatabaseProblem(
            _("The database file {path} cannot be opened: {reason}").format(path=path, reason=error)
        ) from error
    if not header.startswith(SQLITE_MAGIC):
        connection.close()
        raise DatabaseCorrupt(
            _("{path} is not a database, or its first page is damaged.").format(path=path)
        )
    if int.from_bytes(header[68:72], "big") != APPLICATION_ID:
        connection.close()
        raise NotHomewardDatabase(
            _("{path} is not a Homeward database (another program's file?).").format(path=path)
        )
    try:
        rows = connection.execute("SELECT version_num FROM alembic_version").fetchall()
    except sqlite3.DatabaseError as error:
        raise DatabaseCorrupt(
            _("The database file {path} is damaged: {reason}").format(path=path, reason=error)
        ) from error
    finally:
        connection.close()
    if len(rows) != 1:
        raise DatabaseCorrupt(
            _("The database file {path} has no schema version.").format(path=path)
        )
    revision = str(rows[0][0])
    if revision not in REVISIONS:
        raise DatabaseTooNew(
            _(
                "The database {path} was made by a newer Homeward (schema {revision}). "
                "Install that version to open it."
            ).format(path=path, revision=revision)
        )
    return revision


def _on_connect(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
    """Set the pragmas every connection needs; let SQLAlchemy emit BEGIN itself."""
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA synchronous = FULL")
    cursor.execute("PRAGMA journal_mode = WAL")
    cursor.close()


def _on_connect_readonly(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
    dbapi_connection.execute("PRAGMA query_only = ON")


def _on_begin(connection: Any) -> None:
    # IMMEDIATE takes the write lock up front: a service reads (the audit head, the
    # row) before it writes, and a deferred BEGIN would then fail at once with
    # "database is locked" when another connection committed in between.
    connection.exec_driver_sql("BEGIN IMMEDIATE")


def _on_begin_readonly(connection: Any) -> None:
    connection.exec_driver_sql("BEGIN")


def make_engine(path: Path, *, readonly: bool = False, pooled: bool = True) -> Engine:
    """Return an engine on ``path`` with the pragmas set on every connection.

    A read-only engine changes nothing in the file, not even its journal mode.
    One not ``pooled`` opens a connection for each session, in whatever thread.
    """
    url = f"sqlite:///{path.absolute()}"
    if readonly:
        engine = create_engine(
            url,
            hide_parameters=True,
            creator=lambda: connect_readonly(path),
            **({} if pooled else {"poolclass": NullPool}),
        )
        event.listen(engine, "connect", _on_connect_readonly)
        event.listen(engine, "begin", _on_begin_readonly)
        return engine
    engine = create_engine(url, hide_parameters=True)
    event.listen(engine, "connect", _on_connect)
    event.listen(engine, "begin", _on_begin)
    return engine


def migrate(engine: Engine, revision: str = "head") -> None:
    """Upgrade the database behind ``engine`` to ``revision`` with Alembic.

    The audit key beside the file is made first if there is none yet (a database
    from before the trail was keyed); the migrations that write entries use it.
    """
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(SCRIPT_LOCATION))
    with engine.connect() as connection:
        # Batch mode rebuilds tables; foreign keys are checked once at the end instead.
        # The pragma only works outside a transaction, hence the driver's connection.
        raw = connection.connection.driver_connection
        assert raw is not None
        raw.execute("PRAGMA foreign_keys = OFF")
        with connection.begin():
            config.attributes["connection"] = connection
            config.attributes["audit_key"] = keys.key_or_new(Path(str(engine.url.database)))
            command.upgrade(config, revision)
            problems = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
            if problems:
                raise DatabaseCorrupt(
                    _("After the upgrade, some records point to records that do not exist.")
                )
        raw.execute("PRAGMA foreign_keys = ON")


#: The share of free pages above which an upgrade gives the space back to the disk.
SPARSE = 0.25


def compact_if_sparse(engine: Engine) -> bool:
    """VACUUM the file when an upgrade left much of it free (the old audit trail).

    Return True when it did. Runs only after an upgrade: it rewrites the whole file.
    """
    with engine.connect() as connection:
        raw = connection.connection.driver_connection
        assert raw is not None
        free = raw.execute("PRAGMA freelist_count").fetchone()[0]
        pages = raw.execute("PRAGMA page_count").fetchone()[0]
        if not pages or free / pages <= SPARSE:
            return False
        log.info("giving back %d of %d pages freed by the upgrade", free, pages)
        raw.execute("VACUUM")
        raw.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return True


def refresh_statistics(engine: Engine) -> None:
    """Tell SQLite's query planner how big the tables and indexes are now.

    A sampled ``ANALYZE`` (a few milliseconds even on 100,000 children): without
    it the planner guesses, and a search that takes 10 ms can take 35.
    """
    with engine.connect() as connection:
        raw = connection.connection.driver_connection
        assert raw is not None
        raw.execute("PRAGMA analysis_limit = 1000")
        raw.execute("ANALYZE")


def safety_copy(path: Path, folder: Path, label: str) -> Path:
    """Copy the database at ``path`` into ``folder`` with SQLite's online backup."""
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    target = folder / f"{label}-{stamp}.sqlite"
    source = connect_readonly(path)
    copy = sqlite3.connect(target)
    try:
        source.backup(copy)
    finally:
        copy.close()
        source.close()
    if os.name == "posix":
        target.chmod(0o600)
    key = keys.read_key(path)
    if key is not None:
        keys.install_key(target, key)
    return target


class OpenMode(enum.Enum):
    """What a database is opened for."""

    #: The program's daily work: an older schema is upgraded (after a safety copy).
    WORK = "work"
    #: Reading only (``homeward check``, printing, a restore's look at what it replaces):
    #: any known schema, and no write can reach the file.
    READ = "read"
    #: Writing to the file as it is, without upgrading it, while the program may be
    #: running on it (``homeward backup`` records the last backup).
    AS_IS = "as-is"


class Database:
    """An open Homeward database: the engine and a session factory."""

    def __init__(self, path: Path, engine: Engine, key: bytes | None = None) -> None:
        self.path = path
        self.engine = engine
        #: The audit key (``audit.keys``); None only for a database opened to read.
        self.key = key
        self._sessions = sessionmaker(engine, expire_on_commit=False, info={"audit_key": key})
        #: For ``reading``: engines connect only when first used.
        self._reader = make_engine(path, readonly=True, pooled=False)

    @classmethod
    def open(
        cls, path: Path, mode: OpenMode = OpenMode.WORK, *, snapshots: Path | None = None
    ) -> Database:
        """Open an existing database for the work ``mode`` names (see ``OpenMode``).

        Whatever the mode, the file is first inspected read-only: a file that is
        not a Homeward database, or comes from a newer Homeward, is refused untouched.
        """
        revision = read_revision(path)
        if mode is OpenMode.READ:
            return cls(path, make_engine(path, readonly=True), keys.read_key(path))
        if revision == HEAD:
            keys.require_key(path)
        engine = make_engine(path)
        if mode is OpenMode.WORK and revision != HEAD:
            if snapshots is not None:
                safety_copy(path, snapshots, f"before-upgrade-{revision}")
            log.info("upgrading database schema from %s to %s", revision, HEAD)
            migrate(engine)
            compact_if_sparse(engine)
        if mode is OpenMode.WORK:
            refresh_statistics(engine)
            keys.protect_plain_key(path)  # a Windows key written before it was protected
        return cls(path, engine, keys.require_key(path))

    @classmethod
    def create(cls, path: Path, revision: str = "head") -> Database:
        """Create a new database at ``path`` (which must not exist), readable by its owner only."""
        try:
            descriptor = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
        except FileExistsError as error:
            raise AlreadyInitialised(
                _("{path} already holds a database; nothing was changed.").format(path=path)
            ) from error
        os.close(descriptor)
        try:
            with contextlib.closing(sqlite3.connect(path)) as connection:
                connection.execute(f"PRAGMA application_id = {APPLICATION_ID}")
                connection.execute("PRAGMA journal_mode = WAL")
            key = keys.key_or_new(path)
            engine = make_engine(path)
            migrate(engine, revision)
        except BaseException:
            remove_database_files(path)
            raise
        return cls(path, engine, key)

    @contextlib.contextmanager
    def session(self) -> Iterator[Session]:
        """One unit of work: committed when the block ends, rolled back on any error.

        Within ``only_reading`` it is a ``reading`` session instead.
        """
        if _ONLY_READING.get():
            with self.reading() as reader:
                yield reader
            return
        session = self._sessions()
        try:
            yield session
            session.commit()
        except BaseException as error:
            session.rollback()
            changes.discard(session)
            if isinstance(error, OperationalError) and _busy(error):
                raise DatabaseBusy(
                    _(
                        "The database is busy with other work (a backup, an export, an "
                        "import or a check). Nothing was saved; try again in a moment."
                    )
                ) from error
            raise
        else:
            changes.publish(session)
        finally:
            session.close()

    @staticmethod
    @contextlib.contextmanager
    def only_reading() -> Iterator[None]:
        """Make every ``session`` of this thread's block a ``reading`` one (a background read)."""
        token = _ONLY_READING.set(True)
        try:
            yield
        finally:
            _ONLY_READING.reset(token)

    @contextlib.contextmanager
    def reading(self) -> Iterator[Session]:
        """A long read (an export, a report) on a connection of its own.

        It sees the database as it stood when it began and holds no lock, so the
        desk's writes go on meanwhile; the connection refuses any write.
        """
        session = Session(self._reader, expire_on_commit=False, info={"audit_key": self.key})
        try:
            yield session
        finally:
            session.close()  # ends the read; what it loaded stays readable (not expired)

    def close(self) -> None:
        """Close every connection (SQLite then checkpoints and removes the WAL)."""
        self.engine.dispose()
        self._reader.dispose()


def _busy(error: OperationalError) -> bool:
    """Whether SQLite gave up waiting for another connection's lock."""
    return isinstance(error.orig, sqlite3.OperationalError) and "locked" in str(error.orig)


def remove_database_files(path: Path) -> None:
    """Remove a database file and its companions (WAL, shared memory, audit key), if present.

    Only for a database that was never used: a half-made one.
    """
    for suffix in ("", "-wal", "-shm", "-journal", ".key", ".heads"):
        with contextlib.suppress(FileNotFoundError):
            Path(f"{path}{suffix}").unlink()


def integrity_problems(path: Path, *, foreign_keys: bool = True) -> list[str]:
    """Return what SQLite's integrity check (and foreign-key check) find wrong (empty: sound)."""
    with contextlib.closing(connect_readonly(path)) as connection:
        try:
            rows = connection.execute("PRAGMA integrity_check").fetchall()
        except sqlite3.DatabaseError as error:
            return [str(error)]
    problems = [str(row[0]) for row in rows if row[0] != "ok"]
    if foreign_keys and not problems:
        problems += foreign_key_problems(path)
    return problems


def foreign_key_problems(path: Path) -> list[str]:
    """Return every row that refers to a record that is not there."""
    with contextlib.closing(connect_readonly(path)) as connection:
        try:
            rows = connection.execute("PRAGMA foreign_key_check").fetchall()
        except sqlite3.DatabaseError as error:
            return [str(error)]
    return [
        _("row {rowid} of {table} refers to a missing record").format(rowid=row[1], table=row[0])
        for row in rows
    ]
