"""One exception hierarchy. Every error says what was wrong, with which file, and what to do.

``InputRejected`` and its subclasses are the input's fault: the file is quarantined and the
batch goes on. Anything else derived from ``SohoaError`` is the installation's fault
(configuration, missing tool, database) and stops the command with ``exit_code``.
"""

from __future__ import annotations

from pathlib import Path


class SohoaError(Exception):
    exit_code = 1

    def __init__(self, message: str, *, advice: str = "", path: Path | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.advice = advice
        self.path = path

    def for_person(self) -> str:
        where = f"{self.path.name}: " if self.path is not None else ""
        advice = f" {self.advice}" if self.advice else ""
        return f"{where}{self.message}.{advice}"


class ConfigError(SohoaError):
    exit_code = 3


class ToolMissing(SohoaError):
    """An external program (Tesseract, poppler) is not installed or not runnable."""

    exit_code = 4


class StorageError(SohoaError):
    exit_code = 5


class AssemblyError(SohoaError):
    """The PDF we built does not hold what we read: a defect in sohoa, never silently passed."""

    exit_code = 6


class SigningError(SohoaError):
    exit_code = 7


class InputRejected(SohoaError):
    """The input cannot be digitised as it is; it goes to quarantine with this reason."""

    exit_code = 0
    code = "rejected"


class EmptyFile(InputRejected):
    code = "empty_file"


class UnsupportedFormat(InputRejected):
    code = "unsupported_format"


class CorruptFile(InputRejected):
    code = "corrupt_file"


class EncryptedPdf(InputRejected):
    code = "encrypted_pdf"


class ImageTooLarge(InputRejected):
    code = "image_too_large"


class UnreadablePage(InputRejected):
    code = "unreadable_page"
