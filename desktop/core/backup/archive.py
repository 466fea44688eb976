"""The backup file itself: an age v1 file around a Zstandard tar (see the package's notes).

Writing streams the snapshot through SHA-256, tar, zstd and age to a descriptor;
reading authenticates every chunk, unpacks the tar and checks the database
against its recorded SHA-256. Both move 1 MiB blocks, with helper threads.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import hashlib
import io
import os
import re
import sys
import tarfile
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

import age_rt  # type: ignore[import-untyped]

from desktop.core.backup import agefile
from desktop.core.backup.errors import (
    BackupDamaged,
    BackupError,
    BackupNotFound,
    BackupTruncated,
    NotABackup,
    WrongPassphrase,
    damaged_message,
    header_damaged_message,
    no_passphrase_message,
    not_a_backup_message,
    truncated_message,
    work_factor_message,
    wrong_passphrase_message,
)
from desktop.core.backup.files import entered_passphrase, write_all
from desktop.core.backup.manifest import (
    DB_NAME,
    MANIFEST_NAME,
    SUMS_NAME,
    Manifest,
    check_compatible,
)
from desktop.core.backup.steps import CancelCheck, Progress, Step, check_cancel, tick
from desktop.core.i18n import _

if sys.version_info >= (3, 14):  # pragma: no cover - the standard library's own
    from compression import zstd
else:
    from backports import zstd

if TYPE_CHECKING:
    from _typeshed import WriteableBuffer


MAX_MANIFEST = 1 << 20


CHUNK = 64 * 1024


IO_BLOCK = 1 << 20


ZSTD_LEVEL = 1


class _AgeSink:
    """Plaintext in; an age v1 file out: 64 KiB chunks, written 1 MiB at a time by ``writer``.

    Large writes matter on USB sticks and FUSE drives; handing them to a helper
    thread lets compression and encryption go on while the drive is busy.
    """

    def __init__(self, encoder: age_rt.AgeEncoder, writer: _InOrder) -> None:
        self._encoder = encoder
        self._writer = writer
        self._pending = bytearray()
        self._out = bytearray(encoder.get_header())

    def write(self, data: bytes) -> int:
        """Take ``data``; encrypt every full chunk except the last, which may be final."""
        self._pending += data
        if len(self._pending) > CHUNK:
            whole = (len(self._pending) - 1) // CHUNK * CHUNK
            view = memoryview(self._pending)
            try:
                for start in range(0, whole, CHUNK):
                    chunk = bytes(view[start : start + CHUNK])
                    self._out += self._encoder.encode_chunk(chunk, is_final=False)
            finally:
                view.release()
            del self._pending[:whole]
            if len(self._out) >= IO_BLOCK:
                self._flush()
        return len(data)

    def finish(self) -> None:
        """Encrypt the last chunk, marked final; wait until everything is written."""
        self._out += self._encoder.encode_chunk(bytes(self._pending), is_final=True)
        self._pending.clear()
        self._flush()
        self._writer.wait()

    def _flush(self) -> None:
        self._writer.submit(bytes(self._out))
        self._out.clear()


class _ZstdSink:
    """Bytes in, a Zstandard frame out to ``sink`` (compressed on worker threads)."""

    def __init__(self, sink: _AgeSink) -> None:
        workers = min(4, os.cpu_count() or 1)
        options: dict[int, int] = {
            zstd.CompressionParameter.compression_level: ZSTD_LEVEL,
            zstd.CompressionParameter.checksum_flag: 1,
            zstd.CompressionParameter.nb_workers: workers,
        }
        self._sink = sink
        self._compressor = zstd.ZstdCompressor(options=options)

    def write(self, data: bytes) -> int:
        """Compress ``data``; pass on whatever the compressor has ready."""
        out = self._compressor.compress(data)
        if out:
            self._sink.write(out)
        return len(data)

    def finish(self) -> None:
        """End the frame."""
        self._sink.write(self._compressor.flush())


class _InOrder:
    """Feeds blocks to ``work`` on a helper thread, one block in flight, in order.

    The caller goes on with the next block meanwhile: hashing and writing
    release the GIL, as do compressing and decrypting, so two cores share the work.
    """

    def __init__(self, work: Callable[[bytes], object], name: str) -> None:
        self._work = work
        self._helper = ThreadPoolExecutor(1, thread_name_prefix=name)
        self._pending: Future[object] | None = None

    def __enter__(self) -> _InOrder:
        return self

    def __exit__(self, *_exc: object) -> None:
        self._helper.shutdown(wait=True)

    def submit(self, block: bytes) -> None:
        """Wait for the block before (its errors are raised here), then start on ``block``."""
        self.wait()
        self._pending = self._helper.submit(self._work, block)

    def wait(self) -> None:
        """Wait until every block submitted has been worked on."""
        if self._pending is not None:
            pending, self._pending = self._pending, None
            pending.result()


class _HashingReader:
    """Reads the snapshot for the archive, hashing it (on a helper) and reporting progress."""

    def __init__(
        self,
        handle: BinaryIO,
        size: int,
        hasher: _InOrder,
        progress: Progress | None,
        cancel: CancelCheck | None,
    ) -> None:
        self._handle = handle
        self._size = size
        self._hasher = hasher
        self._done = 0
        self._progress = progress
        self._cancel = cancel

    def read(self, size: int = -1) -> bytes:
        """Return the next block of the snapshot."""
        check_cancel(self._cancel)
        data = self._handle.read(size)
        self._hasher.submit(data)
        self._done += len(data)
        tick(self._progress, Step.WRITE, self._done, self._size)
        return data


def _tar_header(name: str, size: int, created: dt.datetime) -> bytes:
    """Return the pax tar header of a regular file, owner-only, dated ``created``."""
    info = tarfile.TarInfo(name)
    info.size = size
    info.mtime = int(created.timestamp())
    info.mode = 0o600
    return info.tobuf(tarfile.PAX_FORMAT, "utf-8", "surrogateescape")


def _tar_padding(size: int) -> bytes:
    return tarfile.NUL * (-size % tarfile.BLOCKSIZE)


def _add_bytes(out: _ZstdSink, name: str, data: bytes, created: dt.datetime) -> None:
    out.write(_tar_header(name, len(data), created) + data + _tar_padding(len(data)))


def write_archive(
    fd: int,
    encoder: age_rt.AgeEncoder,
    manifest: Manifest,
    snapshot: Path,
    progress: Progress | None,
    cancel: CancelCheck | None,
) -> str:
    """Write the encrypted backup of ``snapshot`` to ``fd``; return the database's SHA-256.

    The tar stream is written directly (headers from ``tarfile.TarInfo``), the
    database in 1 MiB blocks, so nothing is held but the blocks in hand.
    """
    digest = hashlib.sha256()
    with (
        _InOrder(functools.partial(write_all, fd), "backup-write") as writer,
        _InOrder(digest.update, "backup-hash") as hasher,
        snapshot.open("rb") as handle,
    ):
        encrypted = _AgeSink(encoder, writer)
        packed = _ZstdSink(encrypted)
        created = manifest.created_at
        _add_bytes(packed, MANIFEST_NAME, manifest.to_json(), created)
        packed.write(_tar_header(DB_NAME, manifest.db_size, created))
        reader = _HashingReader(handle, manifest.db_size, hasher, progress, cancel)
        copied = 0
        while block := reader.read(IO_BLOCK):
            packed.write(block)
            copied += len(block)
        hasher.wait()
        if copied != manifest.db_size:
            raise BackupError(_("The snapshot changed while it was being written."))
        packed.write(_tar_padding(copied))
        hexdigest = digest.hexdigest()
        _add_bytes(packed, SUMS_NAME, f"{hexdigest}  {DB_NAME}\n".encode("ascii"), created)
        packed.write(tarfile.NUL * (2 * tarfile.BLOCKSIZE))
        packed.finish()
        encrypted.finish()
    return hexdigest


class _PlainReader(io.RawIOBase):
    """A readable file over the decrypted chunks of an age file."""

    def __init__(self, chunks: Iterator[bytes]) -> None:
        super().__init__()
        self._chunks = chunks
        self._current = memoryview(b"")

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: WriteableBuffer) -> int:
        while not self._current:
            following = next(self._chunks, None)
            if following is None:
                return 0
            self._current = memoryview(following)
        target = memoryview(buffer).cast("B")
        count = min(len(target), len(self._current))
        target[:count] = self._current[:count]
        self._current = self._current[count:]
        return count

    def exhausted(self) -> bool:
        """True when every chunk was read and the file had nothing after the last one."""
        return not self._current and next(self._chunks, None) is None


def _age_failure(error: agefile.AgeError, name: str) -> BackupError:
    """Return the typed error to show for what ``agefile`` found wrong in the file ``name``."""
    if isinstance(error, agefile.NotAgeV1):
        return NotABackup(not_a_backup_message(name))
    if isinstance(error, agefile.NoPassphraseStanza):
        return NotABackup(no_passphrase_message(name))
    if isinstance(error, agefile.WorkFactorTooHigh):
        return NotABackup(work_factor_message(name, error.work_factor))
    if isinstance(error, (agefile.HeaderCutOff, agefile.PayloadTruncated)):
        return BackupTruncated(truncated_message(name))
    if isinstance(error, (agefile.HeaderMalformed, agefile.HeaderMacMismatch)):
        return BackupDamaged(header_damaged_message(name))
    if isinstance(error, agefile.NoMatch):
        return WrongPassphrase(wrong_passphrase_message(name), field="passphrase")
    return BackupDamaged(damaged_message(name))


def _file_key(header: agefile.Header, passphrase: str, name: str) -> bytes:
    """Open ``header`` with ``passphrase``: scrypt, as ``age -p`` files of any work factor need."""
    try:
        return agefile.file_key(header, passphrase)
    except MemoryError as error:
        raise BackupError(
            _("This computer has too little free memory to open {name}.").format(name=name)
        ) from error


@dataclass(frozen=True)
class _OpenedHeader:
    """An age header (without the payload nonce) and the file key the passphrase opened."""

    header: bytes
    key: bytes


def open_header(encoder: age_rt.AgeEncoder, passphrase: str) -> _OpenedHeader:
    """Open the header ``encoder`` writes with ``passphrase``, as a reader of the file would.

    This is the reading side's scrypt run; done while the file is being
    written, it costs the verification no waiting. The header goes through the
    same strict parser as any file read: one that does not pass is never written.
    """
    written = encoder.get_header()[: -agefile.NONCE_SIZE]
    try:
        header = agefile.read_header(io.BytesIO(written))
        if header.raw != written:
            raise agefile.HeaderMalformed("the writer's header has extra bytes")
        return _OpenedHeader(header.raw, _file_key(header, passphrase, "backup"))
    except agefile.AgeError as error:  # the backup is then removed, never called sound
        raise _age_failure(error, "backup") from error


def _decrypted_chunks(
    handle: BinaryIO,
    passphrase: str,
    name: str,
    on_read: Callable[[int], None],
    opened: _OpenedHeader | None = None,
) -> Iterator[bytes]:
    """Yield the plaintext chunks of the age file ``handle``, each one authenticated.

    With ``opened`` (a header this program has just written), the file's header
    must be those very bytes, and the key already opened is used.
    """
    try:
        if opened is None:
            key = _file_key(agefile.read_header(handle), passphrase, name)
        else:
            if handle.read(len(opened.header)) != opened.header:
                raise BackupDamaged(header_damaged_message(name))
            key = opened.key
        yield from agefile.payload_chunks(handle, key, on_read)
    except agefile.AgeError as error:
        raise _age_failure(error, name) from error


def _next_member(tar: tarfile.TarFile, wanted: str, name: str) -> tarfile.TarInfo:
    member = tar.next()
    if member is None or member.name != wanted or not member.isfile():
        raise NotABackup(not_a_backup_message(name))
    return member


def _read_manifest(tar: tarfile.TarFile, name: str) -> Manifest:
    member = _next_member(tar, MANIFEST_NAME, name)
    if member.size > MAX_MANIFEST:
        raise NotABackup(not_a_backup_message(name))
    handle = tar.extractfile(member)
    assert handle is not None
    return Manifest.from_json(handle.read(), name)


def _read_database(
    tar: tarfile.TarFile,
    manifest: Manifest,
    name: str,
    out: DescriptorWriter | None,
    cancel: CancelCheck | None,
) -> str:
    """Stream the database member through SHA-256 (and into ``out``); return the digest."""
    member = _next_member(tar, DB_NAME, name)
    if member.size != manifest.db_size:
        raise BackupDamaged(damaged_message(name))
    handle = tar.extractfile(member)
    assert handle is not None
    digest = hashlib.sha256()

    def consume(block: bytes) -> None:
        digest.update(block)
        if out is not None:
            out.write(block)

    # Hashing (and writing) a block overlaps decrypting and decompressing the next.
    with _InOrder(consume, "backup-hash") as helper:
        while block := handle.read(IO_BLOCK):
            check_cancel(cancel)
            helper.submit(block)
        helper.wait()
    return digest.hexdigest()


def _read_sums(tar: tarfile.TarFile, name: str) -> str:
    member = _next_member(tar, SUMS_NAME, name)
    handle = tar.extractfile(member)
    assert handle is not None
    line = handle.read(4096).decode("ascii", "replace").strip()
    match = re.fullmatch(r"([0-9a-f]{64}) [ *]" + re.escape(DB_NAME), line)
    if match is None:
        raise BackupDamaged(damaged_message(name))
    return match.group(1)


def read_backup(
    source: Path,
    passphrase: str,
    *,
    out: DescriptorWriter | None = None,
    step: Step = Step.VERIFY,
    progress: Progress | None = None,
    cancel: CancelCheck | None = None,
    opened: _OpenedHeader | None = None,
) -> Manifest:
    """Read and check the whole backup at ``source``; copy its database into ``out``."""
    name = source.name
    try:
        total = source.stat().st_size
        handle = source.open("rb")
    except FileNotFoundError as error:
        raise BackupNotFound(_("There is no file {path}.").format(path=source)) from error
    except OSError as error:
        raise BackupNotFound(
            _("{path} cannot be read: {reason}").format(path=source, reason=error.strerror)
        ) from error

    def report(done: int) -> None:
        tick(progress, step, done, total)

    with handle:
        plain = _PlainReader(_decrypted_chunks(handle, passphrase, name, report, opened))
        return _unpack(plain, name, out, cancel)


def _open_archive(unpacked: BinaryIO, name: str) -> tuple[tarfile.TarFile, Manifest]:
    """Open the tar stream and read its manifest; anything else there is not a backup."""
    try:
        tar = tarfile.open(fileobj=unpacked, mode="r|", bufsize=IO_BLOCK)  # noqa: SIM115
    except (tarfile.TarError, zstd.ZstdError, EOFError) as error:
        raise NotABackup(not_a_backup_message(name)) from error
    try:
        return tar, _read_manifest(tar, name)
    except (tarfile.TarError, zstd.ZstdError, EOFError) as error:
        tar.close()
        raise NotABackup(not_a_backup_message(name)) from error
    except BaseException:
        tar.close()
        raise


def _unpack(
    plain: _PlainReader, name: str, out: DescriptorWriter | None, cancel: CancelCheck | None
) -> Manifest:
    """Read the tar inside the decrypted stream and check it against its manifest."""
    with zstd.ZstdFile(plain, "rb") as unpacked:
        tar, manifest = _open_archive(unpacked, name)  # type: ignore[arg-type]
        try:
            with tar:
                digest = _read_database(tar, manifest, name, out, cancel)
                recorded = _read_sums(tar, name)
                if tar.next() is not None:
                    raise NotABackup(not_a_backup_message(name))
            while unpacked.read(IO_BLOCK):
                pass
        except (tarfile.TarError, zstd.ZstdError, EOFError) as error:
            raise BackupDamaged(damaged_message(name)) from error
    if not plain.exhausted() or recorded != digest:
        raise BackupDamaged(damaged_message(name))
    return dataclasses.replace(manifest, db_sha256=digest)


def verify_backup(
    source: Path,
    passphrase: str,
    progress: Progress | None = None,
    cancel: CancelCheck | None = None,
) -> Manifest:
    """Check a backup without restoring it; return its manifest.

    Raises ``WrongPassphrase``, ``NotABackup``, ``BackupTruncated``,
    ``BackupDamaged`` or ``BackupTooNew`` (a sound backup this program cannot
    restore), each with a message to show.
    """
    manifest = read_backup(
        Path(source), entered_passphrase(passphrase), progress=progress, cancel=cancel
    )
    check_compatible(manifest)
    return manifest


class DescriptorWriter:
    """The least file-like object ``_read_database`` writes into: every byte or an error."""

    def __init__(self, fd: int) -> None:
        self._fd = fd

    def write(self, data: bytes) -> int:
        """Write all of ``data``."""
        write_all(self._fd, data)
        return len(data)
