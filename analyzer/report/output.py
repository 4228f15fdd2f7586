"""Where a report goes: stdout, a file written atomically, or a JSONL file made durable
window by window that a later run can resume.

- :func:`destination` gives a text or binary stream. A regular file (or a new path) is written
  to a temporary file beside it and renamed into place only when the report is complete, so a
  failed write leaves nothing half-written (and an older file as it was). A device or pipe
  (``/dev/full``, ``/dev/stdout``, a FIFO) is written in place, never replaced. A directory,
  a closed stdout or a failed write is an :class:`~analyzer.errors.OutputError`.
- :class:`DurableJsonl` writes JSONL lines straight into the file and, every ``every``
  documents, makes them durable (``fsync``) and records in a progress file beside it
  (``<FILE>.progress.json``) how many input documents are done and how many bytes of the
  file hold them. After a crash (even ``kill -9``) :meth:`DurableJsonl.open` with
  ``resume=True`` cuts the file back to the last recorded length and says how many
  documents to skip, so every document ends up in the file exactly once.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
import sys
import tempfile
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from ..errors import ConfigError, OutputError
from ..records import DocumentResult

__all__ = ["DurableJsonl", "destination", "fingerprint", "progress_path"]

PROGRESS_FORMAT = "analyze-posts/progress/1"


def _stdout(binary: bool) -> IO[Any]:
    stream = sys.stdout
    if stream is None or getattr(stream, "closed", False):
        raise OutputError("cannot write the report: standard output is closed; use --output FILE")
    if binary:
        buffer: IO[bytes] | None = getattr(stream, "buffer", None)
        if buffer is None:
            raise OutputError("cannot write a binary report to this standard output; use --output FILE")
        return buffer
    return stream


def _check_target(path: Path) -> bool:
    """True when ``path`` is a device, pipe or socket (written in place); raises for a
    directory."""
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        return False
    except OSError as exc:
        raise OutputError(f"cannot write to {path}: {exc.strerror or exc}") from None
    if stat.S_ISDIR(mode):
        raise OutputError(f"cannot write to {path}: it is a directory; name a file")
    return not stat.S_ISREG(mode)


def _close_quietly(handle: IO[Any]) -> None:
    try:
        handle.close()
    except (OSError, ValueError):
        pass


def _unlink_quietly(path: str) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass


@contextmanager
def destination(path: str | Path | None, *, binary: bool = False) -> Iterator[IO[Any]]:
    """The stream a report is written to: stdout when ``path`` is None or ``-``, else
    ``path`` (see the module docstring). Failures to write are :class:`OutputError`;
    exceptions raised while the report is made pass through (the temporary file is removed).
    """
    if path is None or str(path) == "-":
        out = _stdout(binary)
        yield out
        try:
            out.flush()
        except (OSError, ValueError) as exc:
            raise OutputError(f"cannot write the report: {exc}") from None
        return
    path = Path(path)
    mode = "wb" if binary else "w"
    encoding = None if binary else "utf-8"
    newline = None if binary else ""
    in_place = _check_target(path)
    tmp = ""
    try:
        if in_place:
            handle = open(path, mode, encoding=encoding, newline=newline)  # noqa: SIM115
        else:
            directory = path.resolve().parent
            directory.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
            handle = os.fdopen(fd, mode, encoding=encoding, newline=newline)
    except OSError as exc:
        raise OutputError(f"cannot write to {path}: {exc.strerror or exc}") from None
    try:
        yield handle
    except BaseException:
        _close_quietly(handle)
        if tmp:
            _unlink_quietly(tmp)
        raise
    try:
        handle.flush()
        if tmp:
            os.fsync(handle.fileno())
        handle.close()
        if tmp:
            os.replace(tmp, path)
    except OSError as exc:
        _close_quietly(handle)
        if tmp:
            _unlink_quietly(tmp)
        raise OutputError(f"cannot write the report to {path}: {exc.strerror or exc}") from None


def progress_path(path: str | Path) -> Path:
    """The progress file that goes with a durable JSONL output ``path``."""
    path = Path(path)
    return path.with_name(path.name + ".progress.json")


def fingerprint(**parts: Any) -> str:
    """A short digest of what makes a run's output (inputs, settings): a resumed run must
    have the same one."""
    blob = json.dumps(parts, sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()[:32]


@dataclass(frozen=True, slots=True)
class _State:
    documents: int
    bytes: int
    finished: bool
    fingerprint: str

    def as_dict(self) -> dict[str, Any]:
        return {
            "format": PROGRESS_FORMAT,
            "documents": self.documents,
            "bytes": self.bytes,
            "finished": self.finished,
            "fingerprint": self.fingerprint,
        }


def _write_atomically(path: Path, text: str) -> None:
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
    try:  # the rename itself is durable once the directory is
        dir_fd = os.open(path.parent, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(dir_fd)
    except OSError:
        pass
    finally:
        os.close(dir_fd)


def _read_state(path: Path) -> _State | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("format") != PROGRESS_FORMAT:
            raise ValueError("not a progress file")
        return _State(
            documents=int(data["documents"]),
            bytes=int(data["bytes"]),
            finished=bool(data["finished"]),
            fingerprint=str(data["fingerprint"]),
        )
    except FileNotFoundError:
        return None
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise OutputError(f"cannot read the progress file {path}: {exc}") from None


class DurableJsonl:
    """A JSONL output made durable every ``every`` documents (see the module docstring).

    ``open`` starts a new file (replacing one there) or, with ``resume=True``, continues the
    one a killed run left; :attr:`skip` says how many input documents are already in it and
    :attr:`finished` whether the earlier run completed. ``lines`` turns one document into
    its JSONL text (the ``jsonl`` reporter's records)."""

    def __init__(
        self,
        path: Path,
        handle: IO[bytes],
        state: _State,
        *,
        every: int,
        lines: Callable[[DocumentResult], str],
    ) -> None:
        self.path = path
        self.progress = progress_path(path)
        self._handle = handle
        self._state = state
        self.every = max(1, every)
        self._lines = lines

    @property
    def skip(self) -> int:
        return self._state.documents

    @property
    def finished(self) -> bool:
        return self._state.finished

    @classmethod
    def open(
        cls,
        path: str | Path,
        *,
        fingerprint: str,
        every: int,
        lines: Callable[[DocumentResult], str],
        resume: bool = False,
    ) -> DurableJsonl:
        path = Path(path)
        if _check_target(path):
            raise ConfigError(f"--resume needs a regular file as --output; {path} is not one")
        progress = progress_path(path)
        state = _read_state(progress) if resume else None
        if resume and state is None:
            raise ConfigError(
                f"nothing to resume: {progress} is missing (was {path} written by a"
                " --format jsonl --output run of this version?)"
            )
        if state is not None and state.fingerprint != fingerprint:
            raise ConfigError(
                f"cannot resume {path}: it was started with other inputs or settings;"
                " run the same command again with --resume, or without it to start over"
            )
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            if state is None:
                state = _State(0, 0, False, fingerprint)
                handle = open(path, "wb", buffering=0)  # noqa: SIM115
                _write_atomically(progress, json.dumps(state.as_dict()))
            else:
                handle = open(path, "r+b", buffering=0)  # noqa: SIM115
                size = os.fstat(handle.fileno()).st_size
                if size < state.bytes:
                    handle.close()
                    raise OutputError(
                        f"cannot resume {path}: it is shorter ({size:,} bytes) than its progress"
                        f" file says ({state.bytes:,}); it was changed since"
                    )
                handle.truncate(state.bytes)  # drop what a killed run wrote after its last save
                handle.seek(state.bytes)
        except OSError as exc:
            raise OutputError(f"cannot write to {path}: {exc.strerror or exc}") from None
        return cls(path, handle, state, every=every, lines=lines)

    def _save(self, documents: int, finished: bool) -> None:
        try:
            os.fsync(self._handle.fileno())
            size = self._handle.tell()
            self._state = _State(documents, size, finished, self._state.fingerprint)
            _write_atomically(self.progress, json.dumps(self._state.as_dict()))
        except OSError as exc:
            raise OutputError(f"cannot write the report to {self.path}: {exc.strerror or exc}") from None

    def _cut_back(self) -> None:
        """Drop whatever was written after the last save (a partial window, a partial line)."""
        try:
            self._handle.truncate(self._state.bytes)
        except (OSError, ValueError):
            pass

    def write(self, documents: Iterable[DocumentResult]) -> int:
        """Append every document of ``documents`` (the ones after :attr:`skip`), saving
        progress every :attr:`every` documents and at the end. Returns the total number of
        documents in the file."""
        done = self._state.documents
        pending = 0
        try:
            for doc in documents:
                data = memoryview(self._lines(doc).encode("utf-8"))
                try:
                    while data:  # an unbuffered write may take only part
                        data = data[self._handle.write(data) or 0 :]
                except OSError as exc:
                    raise OutputError(
                        f"cannot write the report to {self.path}: {exc.strerror or exc}"
                    ) from None
                done += 1
                pending += 1
                if pending >= self.every:
                    self._save(done, False)
                    pending = 0
            self._save(done, True)
        except OutputError as exc:
            self._cut_back()
            raise OutputError(
                f"{exc}; the first {self._state.documents:,} documents are saved:"
                " run the same command with --resume to go on"
            ) from None
        finally:
            try:
                self._handle.close()
            except OSError:
                pass
        return done
