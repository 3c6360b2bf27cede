"""pocdoc's ingest: files in, passages with their provenance out, written into the index.

:func:`ingest.pipeline.ingest_paths` runs it (load -> split -> embed -> write); the loaders are in
:mod:`ingest.loaders`, passages are cut by :mod:`ingest.chunking`. Nothing is imported here.
"""
