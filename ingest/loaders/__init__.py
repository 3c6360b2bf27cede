"""Document loaders: a file in, its extracted text and structural blocks out."""

from ingest.loaders.dispatch import SUPPORTED_SUFFIXES, load_document

__all__ = ["SUPPORTED_SUFFIXES", "load_document"]
