"""Response bodies kept on disk, so that a run's memory does not grow with the thread.

A certification of a 100,000-run thread reads thousands of pages of ~100 kB
each; kept as strings they cost gigabytes, though the checks read them one page
at a time and the reports copy them out once.  The HTTP layer writes every body
of some size here as soon as it arrives (already redacted: nothing secret ever
reaches the disk) and keeps an :class:`~conformance.model.StoredBody` instead,
which reads the text back when a check or a writer asks for it.

The file is anonymous (unlinked as soon as it is made), so a run killed with
SIGKILL leaves nothing behind; it lives as long as some exchange refers to it.
"""

from __future__ import annotations

import os
import tempfile
import threading
import weakref

__all__ = ["IN_MEMORY_BELOW", "Spool", "SpooledBody"]

IN_MEMORY_BELOW = 4096
"""Bodies shorter than this (in characters) stay in memory: error envelopes, small pages."""


class Spool:
    """An append-only file of response bodies, shared by the threads of one run."""

    def __init__(self, directory: str | None = None) -> None:
        fd, path = tempfile.mkstemp(prefix="runs-conformance-evidence-", dir=directory)
        os.unlink(path)  # anonymous from now on: gone with the last descriptor
        self._fd = fd
        self._end = 0
        self._lock = threading.Lock()
        self._closer = weakref.finalize(self, os.close, fd)

    def keep(self, text: str) -> str | SpooledBody:
        """The body as an exchange should hold it: itself when short, else a reference."""
        if len(text) < IN_MEMORY_BELOW:
            return text
        data = text.encode("utf-8")
        with self._lock:
            offset = self._end
            self._end += len(data)
        written = 0
        while written < len(data):
            written += os.pwrite(self._fd, data[written:], offset + written)
        return SpooledBody(self, offset, len(data), len(text))

    def read(self, offset: int, size: int) -> str:
        """The text stored at ``offset`` (positional reads: safe from any thread)."""
        chunks = []
        done = 0
        while done < size:
            chunk = os.pread(self._fd, size - done, offset + done)
            if not chunk:
                raise OSError(f"the evidence spool ends before byte {offset + size}")
            chunks.append(chunk)
            done += len(chunk)
        return b"".join(chunks).decode("utf-8")

    @property
    def size(self) -> int:
        """Bytes written so far (for the benchmark and the tests)."""
        return self._end

    def close(self) -> None:
        """Give the disk space back now rather than when the last exchange is collected."""
        self._closer()


class SpooledBody:
    """A body in a :class:`Spool`: what :attr:`conformance.model.Exchange.body` holds then."""

    __slots__ = ("_length", "_offset", "_size", "_spool")

    def __init__(self, spool: Spool, offset: int, size: int, length: int) -> None:
        self._spool = spool
        self._offset = offset
        self._size = size
        self._length = length

    def read(self) -> str:
        return self._spool.read(self._offset, self._size)

    def __len__(self) -> int:
        """Characters of the text, known without reading it."""
        return self._length

    def __reduce__(self) -> tuple[type[str], tuple[str]]:
        """Pickled as the text itself: the spool is a file of this process only.

        The pytest plugin hands a run's result from one xdist worker to the others.
        """
        return (str, (self.read(),))

    def __repr__(self) -> str:
        return f"<spooled body: {self._length} characters>"
