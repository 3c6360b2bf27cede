"""The pocdoc error hierarchy.

Every message says what went wrong, the offending value (file, field, setting) and the fix.
"""

from __future__ import annotations


class PocdocError(Exception):
    """Base class of every error pocdoc reports to a user."""


class ConfigError(PocdocError):
    """A setting, config file or environment variable is invalid."""


class IndexMissingError(PocdocError):
    """The index under POCDOC_HOME does not exist yet, or is unusable."""


class UnreadableDocumentError(PocdocError):
    """A source document cannot be read: encrypted, corrupt, empty, image-only, undecodable."""

    def __init__(self, path: object, reason: str) -> None:
        self.path = str(path)
        self.reason = reason
        super().__init__(f"{self.path}: {reason}")


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
