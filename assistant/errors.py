"""The pocdoc error hierarchy.

Every message says what went wrong, the offending value (file, field, setting) and the fix.
"""

from __future__ import annotations

import unicodedata


def escape_controls(value: object) -> str:
    """``value`` as text with control and line-breaking characters shown as escapes (``\\n``,
    ``\\x1b``), so a file name cannot break a one-line error or forge another line."""
    out = []
    for ch in str(value):
        if unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp"):
            out.append(ch.encode("unicode_escape").decode("ascii"))
        else:
            out.append(ch)
    return "".join(out)


class PocdocError(Exception):
    """Base class of every error pocdoc reports to a user."""


class ConfigError(PocdocError):
    """A setting, config file or environment variable is invalid."""


class IndexMissingError(PocdocError):
    """The index under POCDOC_HOME does not exist yet, or is unusable."""


class IndexDamagedError(IndexMissingError):
    """A derived store (Chroma, BM25) disagrees with the ledger or fails: `pocdoc repair` fixes it."""


class StoreUnavailableError(PocdocError):
    """The Chroma server stopped answering and did not come back within the retry time."""


class UnreadableDocumentError(PocdocError):
    """A source document cannot be read: encrypted, corrupt, empty, image-only, undecodable."""

    def __init__(self, path: object, reason: str) -> None:
        self.path = str(path)
        self.reason = reason
        super().__init__(f"{escape_controls(self.path)}: {reason}")


class UnsupportedTypeError(UnreadableDocumentError):
    """A file whose type no loader handles."""


class ManifestError(PocdocError):
    """A corpus manifest record is malformed."""


class MissingExtraError(PocdocError):
    """An optional dependency is not installed."""

    def __init__(self, package: str, extra: str, feature: str) -> None:
        self.package = package
        self.extra = extra
        super().__init__(
            f"{feature} needs the optional package '{package}': "
            f"install it with pip install 'pocdoc[{extra}]'"
        )


class EndpointError(PocdocError):
    """An LLM endpoint failed, timed out or answered something unusable."""


class DatasetError(PocdocError):
    """An evaluation dataset file is malformed (names the file and line)."""
