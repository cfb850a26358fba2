"""The write-once store: files addressed by their SHA-256, never overwritten, read-only on disk."""

from __future__ import annotations

import contextlib
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

from pipeline.durable import fsync_folder
from pipeline.errors import StorageError
from pipeline.ingest.sniff import file_sha256


@dataclass(frozen=True)
class StoredBlob:
    sha256: str
    relative_path: str
    size: int


class ContentStore:
    def __init__(self, root: Path) -> None:
        self.root = root

    def relative_path(self, sha256: str, suffix: str) -> str:
        return f"sha256/{sha256[:2]}/{sha256[2:4]}/{sha256}{suffix}"

    def path_of(self, blob: StoredBlob) -> Path:
        return self.root / blob.relative_path

    def put(self, source: Path, sha256: str, suffix: str) -> StoredBlob:
        """Copy `source` in under its hash; a file already there is kept, not rewritten."""
        relative = self.relative_path(sha256, suffix)
        target = self.root / relative
        if not target.exists():
            self._write_once(source, target)
        stored = target.stat().st_size
        if stored != source.stat().st_size:
            raise StorageError(
                f"the stored copy of {sha256} has {stored} bytes, not {source.stat().st_size}",
                advice="The store may be damaged; compare it with its backup.",
                path=target,
            )
        return StoredBlob(sha256, relative, stored)

    def verify(self, blob: StoredBlob) -> bool:
        path = self.path_of(blob)
        return path.exists() and file_sha256(path) == blob.sha256

    def _write_once(self, source: Path, target: Path) -> None:
        target.parent.mkdir(parents=True, exist_ok=True)
        temporary = target.with_name(f".{target.name}.{os.getpid()}.tmp")
        try:
            with source.open("rb") as reader, temporary.open("wb") as writer:
                shutil.copyfileobj(reader, writer, 1 << 20)
                writer.flush()
                os.fsync(writer.fileno())
            temporary.chmod(0o444)
            # link() refuses to replace an existing file, unlike rename(): a concurrent writer
            # of the same content loses the race harmlessly.
            with contextlib.suppress(FileExistsError):
                os.link(temporary, target)
            fsync_folder(target.parent)
        except OSError as error:
            raise StorageError(f"cannot write to the store ({error})", path=target) from None
        finally:
            temporary.unlink(missing_ok=True)
