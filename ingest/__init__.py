"""pocdoc: ingest."""
