"""The HTTP API of a home: one process (:mod:`ui.api.owner`) owns the home's stores, and the CLI,
the UI and other tools are its clients. Modules are imported by name (``ui.api.app``,
``ui.api.client``), so the CLI's first import stays light."""
