"""pocdoc's library: settings, the index, retrieval and cited answers.

Its public surface, by room (each sub-package's ``__init__`` names its own in ``__all__``):

- :func:`assistant.open.open_assistant` builds the query side from settings
  (:func:`assistant.settings.load_settings`): catalogue, index snapshot, engine, assistant;
- :mod:`assistant.answers` (``Assistant``), :mod:`assistant.retrieval` (``Engine``),
  :mod:`assistant.index` (``Ledger``, ``IndexWriter``, ``repair``, ...) and
  :mod:`assistant.encoders` (``Embedder``);
- the ground floor: :mod:`assistant.types`, :mod:`assistant.errors`, :mod:`assistant.text`,
  :mod:`assistant.paths`, :mod:`assistant.manifest`, :mod:`assistant.catalogue`,
  :mod:`assistant.glossary`.

Nothing is imported here, so ``import assistant.offline`` (the CLI's first line) stays instant.
"""
