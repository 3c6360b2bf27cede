"""Which home a ledger belongs to, and which Chroma collections are that home's to delete.

A ledger records its random ``home_id`` and the identity of the folder it was made in
(:class:`~assistant.index.folder.FolderIdentity`). A copied home (``cp -a``, a restored backup)
carries the ledger but not the folder's inode, so before its first write (:func:`claim`, under the
home's lock) it takes a new id. The collection it was serving (its original's, on a shared server)
stays current for readers until the writer has filled one of its own from its ledger, without
re-embedding (:func:`needs_own_collection`); then it switches.

A home deletes only collections its current id created (:data:`OWN`, recorded before each is
created, so a rebuild killed half-way leaves nothing unlisted). What it inherited is deleted only
in embedded mode, where the copy's ``chroma/`` folder is its own, or when it is the bare
``store.collection`` name every home used before homes had ids; on a shared server it is its
original's and is left alone.
"""

from __future__ import annotations

import logging
import uuid

from assistant.index.folder import FolderIdentity
from assistant.index.ledger import Ledger
from assistant.index.store import collection_name, open_client
from assistant.settings import Settings

log = logging.getLogger(__name__)

OWN = "collections"  # the collections this home id created, the current one among them
INHERITED = "inherited"  # collections this home was serving when it took its id
COPIED_FROM = "copied_from"  # the folder a copied home's ledger was made in


def names(value: str) -> list[str]:
    return [n for n in value.split("\n") if n]


def claim(ledger: Ledger) -> bool:
    """Make the ledger's home id this folder's; True when it took a new one (a copy, or a ledger
    from a pocdoc that recorded no folder)."""
    here = FolderIdentity.of(ledger.path.parent)
    recorded = ledger.home_folder
    if recorded is not None and recorded.same_folder(here):
        if recorded != here:  # the folder moved, or its device was renumbered
            ledger.set_state("home_folder", here.dumps())
        return False
    inherited = [
        *names(ledger.get_state(INHERITED)),
        ledger.collection,
        *names(ledger.get_state(OWN)),
        *names(ledger.get_state("retired")),
    ]
    new_id = uuid.uuid4().hex
    ledger.set_states(
        {
            "home_id": new_id,
            "home_folder": here.dumps(),
            OWN: "",
            "retired": "",
            "collection_version": "0",
            INHERITED: "\n".join(dict.fromkeys(n for n in inherited if n)),
            COPIED_FROM: recorded.path if recorded is not None else "",
        }
    )
    log.warning(
        "%s: this home's ledger was made in %s: it takes its own id (%s) and its own Chroma "
        "collection, filled from its ledger",
        here.path,
        recorded.path if recorded is not None else "a folder an older pocdoc did not record",
        new_id[:12],
    )
    return True


def owns(ledger: Ledger, name: str) -> bool:
    return name in names(ledger.get_state(OWN))


def needs_own_collection(ledger: Ledger) -> bool:
    """The home is serving a collection its id did not create (it is a copy, or an older home)."""
    return bool(ledger.collection) and not owns(ledger, ledger.collection)


def inherited_from(ledger: Ledger) -> str:
    """Why the home serves a collection it does not own, in words."""
    source = ledger.get_state(COPIED_FROM)
    return (
        f"this home is a copy of {source}" if source else "this home was indexed by an older pocdoc"
    )


def new_collection(ledger: Ledger, prefix: str, *, current: bool = False) -> str:
    """A collection name this home has never used, recorded as its own before it is created (and
    as the current one with ``current``: a new home's first collection)."""
    version = int(ledger.get_state("collection_version", "0")) + 1
    if not ledger.collection and not names(ledger.get_state(OWN)):
        version = 0  # a home's first collection is plain <prefix>-<home id>
    name = collection_name(prefix, ledger.home_id, version)
    values = {
        "collection_version": str(version),
        OWN: "\n".join(dict.fromkeys([*names(ledger.get_state(OWN)), name])),
    }
    if current:
        values["collection"] = name
    ledger.set_states(values)
    return name


def drop_replaced(settings: Settings, ledger: Ledger) -> tuple[list[str], list[str]]:
    """Delete this home's collections but the current one (replaced, or left by a killed rebuild)
    and what it inherited where that is its own to delete (see the module docstring). Returns
    (deleted, left on the server). One that cannot be deleted now stays listed for next time."""
    current = ledger.collection
    own_now = names(ledger.get_state(OWN))
    serving_own = current in own_now
    own = [n for n in own_now if n != current]
    # While an inherited collection still serves (no rebuild yet), nothing inherited goes.
    inherited = (
        [n for n in names(ledger.get_state(INHERITED)) if n != current] if serving_own else []
    )
    local = settings.store.mode == "embedded"
    deletable = [n for n in inherited if local or n == settings.store.collection]
    left = [n for n in inherited if n not in deletable]
    if not own and not inherited:
        return [], []
    done: list[str] = []  # gone now: deleted, or never created (a rebuild killed before it)
    deleted: list[str] = []
    try:
        client = open_client(settings)
        existing = {c if isinstance(c, str) else c.name for c in client.list_collections()}
        for name in [*own, *deletable]:
            if name in existing:
                client.delete_collection(name)
                deleted.append(name)
            done.append(name)
        left = [n for n in left if n in existing]
    except Exception as exc:  # PocdocError, or chromadb's bare exceptions
        log.warning(
            "could not delete replaced collections yet (%s): a later write tries again", exc
        )
    failed = [n for n in [*own, *deletable] if n not in done]
    if left:
        log.warning(
            "left %s on the Chroma server: %s, which may still use it",
            ", ".join(left),
            ledger.get_state(COPIED_FROM) or "a copy of this home made by an older pocdoc",
        )
    values = {OWN: "\n".join(n for n in own_now if n not in done)}
    if serving_own:
        values[INHERITED] = "\n".join(n for n in deletable if n in failed)
    ledger.set_states(values)
    return deleted, left


def wiped_collections(settings: Settings, ledger: Ledger) -> list[str]:
    """What ``--rebuild`` deletes: every collection the ledger names, in embedded mode (the home's
    ``chroma/`` holds only its own); on a shared server, only those this folder's id created (and a
    pre-id bare name), never a copy's original's."""
    recorded = ledger.home_folder
    ours = recorded is not None and recorded.same_folder(FolderIdentity.of(ledger.path.parent))
    bare = [settings.store.collection] if not ledger.collection else []
    if settings.store.mode == "embedded":
        listed = [ledger.collection, *names(ledger.get_state(OWN))]
        return list(
            dict.fromkeys(n for n in [*listed, *names(ledger.get_state(INHERITED)), *bare] if n)
        )
    return [*(names(ledger.get_state(OWN)) if ours else []), *bare]
