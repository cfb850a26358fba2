"""Files that appear complete and durable, or not at all: what every writer in sohoa uses."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO


@contextlib.contextmanager
def atomic_output(path: Path, *, private: bool = False, durable: bool = True) -> Iterator[BinaryIO]:
    """A file that appears at ``path`` complete and durable, or not at all.

    Written in the same folder, fsynced, then renamed over ``path``; on an exception the
    temporary file is removed and ``path`` is left as it was. A ``private`` file (a key) is
    readable by its owner only; others are readable by everyone, as a stored document should be.
    A file that is not ``durable`` (scratch work that a crash throws away) is still complete or
    absent, but not fsynced: each fsync is ~10 ms that a worker's core would sit idle.
    """
    fd, temp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    temp = Path(temp_name)
    try:
        if not private:
            os.fchmod(fd, 0o644)
        with os.fdopen(fd, "wb") as out:
            yield out
            out.flush()
            if durable:
                os.fsync(out.fileno())
        os.replace(temp, path)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    if durable:
        fsync_folder(path.parent)


def fsync_folder(folder: Path) -> None:
    """Make a rename in ``folder`` durable, where the filesystem lets us open folders."""
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
