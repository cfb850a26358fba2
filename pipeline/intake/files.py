"""Which files in an inbox or archive tree are scans to take, and what they look like on disk.

Operating systems, sync tools and scanners leave files beside scans; half-copied files carry
temporary names. Symlinks are refused, and so is anything that resolves outside the folder:
a link must not make sohoa read, move or delete a file it was not given.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

_JUNK_NAMES = frozenset({".ds_store", "thumbs.db", "desktop.ini"})
_JUNK_PREFIXES = (".", "~$")  # "." covers "._*" resource forks and hidden files
_JUNK_SUFFIXES = (".part", ".tmp", ".crdownload", ".reason.txt")
_JUNK_FOLDERS = frozenset({"@eadir", "#recycle", "$recycle.bin"})


@dataclass(frozen=True)
class FileSeen:
    path: Path
    size: int
    mtime_ns: int


def is_junk_name(name: str) -> bool:
    lowered = name.lower()
    return (
        lowered in _JUNK_NAMES
        or lowered.startswith(_JUNK_PREFIXES)
        or lowered.endswith(_JUNK_SUFFIXES)
    )


def is_skipped_folder(name: str) -> bool:
    return name.startswith(".") or name.lower() in _JUNK_FOLDERS


def walk_scans(root: Path, skip: frozenset[Path] = frozenset()) -> Iterator[FileSeen]:
    """Every scan under ``root``, in name order, never following a symlink."""
    try:
        entries = sorted(os.scandir(root), key=lambda entry: entry.name)
    except OSError:
        return  # a folder that vanished or may not be read: the next scan tries again
    for entry in entries:
        if entry.is_symlink():
            continue
        path = Path(entry.path)
        try:
            if entry.is_dir(follow_symlinks=False):
                if not is_skipped_folder(entry.name) and path not in skip:
                    yield from walk_scans(path, skip)
            elif entry.is_file(follow_symlinks=False) and not is_junk_name(entry.name):
                info = entry.stat(follow_symlinks=False)
                yield FileSeen(path, info.st_size, info.st_mtime_ns)
        except OSError:
            continue


def scan_in_folder(path: Path, root: Path) -> FileSeen | None:
    """``path`` as a scan to take from ``root``, or None if it is junk, a link, outside
    ``root`` or gone."""
    try:
        relative = path.relative_to(root)
    except ValueError:
        return None
    if not relative.parts or is_junk_name(relative.parts[-1]):
        return None
    if any(is_skipped_folder(part) for part in relative.parts[:-1]):
        return None
    if _passes_through_link(root, relative):
        return None
    try:
        if not path.resolve(strict=True).is_relative_to(root.resolve()):
            return None
        info = path.lstat()
    except OSError:
        return None
    if not path.is_file():
        return None
    return FileSeen(path, info.st_size, info.st_mtime_ns)


def _passes_through_link(root: Path, relative: Path) -> bool:
    current = root
    for part in relative.parts:
        current = current / part
        if current.is_symlink():
            return True
    return False
