"""What the Documents page lists: the corpus to everyone, an upload's name to its owner only."""

from __future__ import annotations

from pathlib import Path

from assistant.index import DocumentEntry
from assistant.types import DocumentRecord
from tests.ui.test_upload_jobs import jobs_for
from ui.corpus_inventory import indexed_documents


def entry(doc_id: str, source: Path | str) -> DocumentEntry:
    return DocumentEntry(
        doc_id=doc_id,
        source=str(source),
        content_hash=f"hash-{doc_id}",
        record=DocumentRecord(doc_id, doc_id.replace("-", " ").title()),
        passages=2,
        pages=None,
        ingested_at=0.0,
    )


def test_each_user_is_listed_the_corpus_and_their_own_uploads_only(tmp_path) -> None:
    settings, jobs = jobs_for(tmp_path)
    alice = jobs.submit(settings, "alice", "alice-notes.md", b"# A\n\nNotes.\n")
    bob = jobs.submit(settings, "bob", "bob-memo.md", b"# B\n\nMemo.\n")
    for job in (alice, bob):
        jobs.update(job.job_id, state="done", message=f"{job.name} added")
    (settings.corpus_dir / "policy.md").write_text("# Policy\n\nText.\n")
    documents = {
        "policy": entry("policy", settings.corpus_dir / "policy.md"),
        "alice-notes": entry("alice-notes", alice.path),
        "bob-memo": entry("bob-memo", bob.path),
        "orphan": entry("orphan", settings.upload_dir / "orphan.md"),  # no job: owner unknown
    }
    owners = jobs.owners()

    def listed(user: str) -> dict[str, bool]:
        return {d.doc_id: d.uploaded for d in indexed_documents(documents, settings, user, owners)}

    assert listed("alice") == {"policy": False, "alice-notes": True}
    assert listed("bob") == {"policy": False, "bob-memo": True}
    assert listed("carol") == {"policy": False}


def test_failed_uploads_are_listed_to_their_owner_only(tmp_path) -> None:
    settings, jobs = jobs_for(tmp_path)
    jobs.submit(settings, "alice", "alice-slides.pptx", b"PK")  # refused at once
    jobs.submit(settings, "bob", "bob private plan.pptx", b"PK")
    assert [j.name for j in jobs.failed("alice")] == ["alice-slides.pptx"]
    assert [j.name for j in jobs.failed("bob")] == ["bob private plan.pptx"]
    assert jobs.failed("carol") == []
    assert jobs.owners() == {}  # nothing was indexed


def test_a_content_found_in_the_corpus_too_is_listed_to_everyone(tmp_path) -> None:
    """A document the ledger also records at a corpus path is the corpus's, not a private upload."""
    settings, jobs = jobs_for(tmp_path)
    bob = jobs.submit(settings, "bob", "memo.md", b"# Memo\n\nText.\n")
    jobs.update(bob.job_id, state="done")
    shared = entry("memo", bob.path)
    object.__setattr__(shared, "locations", (bob.path, str(settings.corpus_dir / "memo.md")))
    listed = indexed_documents({"memo": shared}, settings, "carol", jobs.owners())
    assert [(d.doc_id, d.uploaded) for d in listed] == [("memo", False)]


def test_a_copy_of_an_indexed_file_is_not_listed_as_unindexed(tmp_path) -> None:
    """The same bytes under two paths are one document with two locations: neither path is a
    file the index lacks."""
    from dataclasses import replace

    from ui.corpus_inventory import unindexed_files

    settings, _ = jobs_for(tmp_path)
    text = "# Policy\n\nThe same text in two folders.\n"
    first, copy = settings.corpus_dir / "a" / "policy.md", settings.corpus_dir / "b" / "policy.md"
    for path in (first, copy):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    (settings.corpus_dir / "new.md").write_text("# New\n\nNot indexed yet.\n")
    one = entry("policy", first)
    assert sorted(p.name for p in unindexed_files(settings, {"policy": one})) == [
        "new.md",
        "policy.md",
    ]
    both = replace(one, locations=(str(first), str(copy)))
    assert [p.name for p in unindexed_files(settings, {"policy": both})] == ["new.md"]
