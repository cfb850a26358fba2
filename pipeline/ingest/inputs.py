"""Which files a command was pointed at: files as given, folders walked in name order."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path

from pipeline.errors import SohoaError

# Files that operating systems, sync tools and scanners leave beside scans.
_NOT_SCANS = frozenset({".ds_store", "thumbs.db", "desktop.ini"})
_NOT_SCAN_SUFFIXES = (".part", ".tmp", ".crdownload", ".reason.txt")


class InputNotFound(SohoaError):
    exit_code = 2


def expand_inputs(paths: Sequence[Path]) -> Iterator[Path]:
    for path in paths:
        if path.is_dir():
            yield from _walk(path)
        elif path.is_file():
            yield path
        else:
            raise InputNotFound("no such file or folder", path=path, advice="Check the path.")


def is_scan_candidate(path: Path) -> bool:
    name = path.name.lower()
    if name in _NOT_SCANS or name.startswith((".", "~$")):
        return False
    return not name.endswith(_NOT_SCAN_SUFFIXES)


def _walk(folder: Path) -> Iterator[Path]:
    for path in sorted(folder.iterdir()):
        if path.name.startswith(".") or path.is_symlink():
            continue
        if path.is_dir():
            yield from _walk(path)
        elif path.is_file() and is_scan_candidate(path):
            yield path
