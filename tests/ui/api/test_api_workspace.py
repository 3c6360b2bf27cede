"""A browser user's work through the server, as the UI asks for it (HomeClient, the owner's key
acting for the user): conversations (ask into one, reload, rename, delete), feedback and the
saved briefing; one user never sees another's; a malformed briefing is refused."""

from __future__ import annotations

import pytest

from tests.ui.api.owner_home import api_client, serve_app, tiny_home

QUESTION = "How do villagers warn the mission of attacks?"
ALICE, BOB = "a" * 32, "b" * 32


@pytest.fixture(scope="module")
def served(tmp_path_factory, embedder):
    from ui.api.app import create_app

    settings = tiny_home(tmp_path_factory.mktemp("workspace-home"), embedder)
    with serve_app(create_app(settings, embedder=embedder)) as url:
        yield settings, url


def client(served, user: str):
    from ui.api.client import HomeClient

    settings, url = served
    return HomeClient(url, settings.home, user)


def test_a_conversation_asked_through_the_server_comes_back_whole(served) -> None:
    from assistant.types import Filters

    alice = client(served, ALICE)
    conv = alice.create_conversation()
    assert conv.user_id == ALICE and conv.entries == []
    only_alerts = Filters(doc_ids=("alerts",))
    answer, entry_id = alice.ask(conv.conv_id, QUESTION, only_alerts, None)
    assert entry_id and "telephone" in answer.answer
    follow, _ = alice.ask(conv.conv_id, "And who deploys?", None, None)

    loaded = alice.conversation(conv.conv_id)
    assert [e.question for e in loaded.entries] == [QUESTION, "And who deploys?"]
    assert loaded.entries[0].entry_id == entry_id
    assert loaded.entries[0].answer == answer and loaded.entries[1].answer == follow
    assert loaded.entries[0].filters == only_alerts and loaded.entries[1].filters is None
    assert loaded.title == QUESTION  # the first question titles it, as the UI shows
    listed = alice.conversations()
    assert [(c.conv_id, c.entries) for c in listed][:1] == [(conv.conv_id, 2)]

    alice.rename_conversation(conv.conv_id, "  Early   warning ")
    assert alice.conversation(conv.conv_id).title == "Early warning"
    bob = client(served, BOB)
    assert bob.conversation(conv.conv_id) is None
    assert conv.conv_id not in [c.conv_id for c in bob.conversations()]
    alice.delete_conversation(conv.conv_id)
    assert alice.conversation(conv.conv_id) is None


def test_feedback_is_saved_read_back_and_kept_per_user(served) -> None:
    alice = client(served, ALICE)
    conv = alice.create_conversation()
    _, entry_id = alice.ask(conv.conv_id, QUESTION, None, None)
    assert alice.feedback_of(entry_id) is None
    saved = alice.feedback(conv.conv_id, entry_id, "down", "missing the patrol")
    assert saved["vote"] == "down" and saved["comment"] == "missing the patrol"
    again = alice.feedback(conv.conv_id, entry_id, "up", "")
    record = alice.feedback_of(entry_id)
    assert record == again and record["vote"] == "up" and record["comment"] == ""
    assert record["question"] == QUESTION and record["settings"]  # the snapshot the UI kept
    assert client(served, BOB).feedback_of(entry_id) is None


def test_the_saved_briefing_round_trips_and_is_the_users_own(served) -> None:
    alice = client(served, ALICE)
    empty = alice.briefing()
    assert empty.items == []
    conv = alice.create_conversation()
    answer, _ = alice.ask(conv.conv_id, QUESTION, None, None)
    empty.title = "Warning networks"
    item = empty.add_answer(answer)
    empty.add_citation(answer.citations[0], question=QUESTION)
    alice.save_briefing(empty)
    back = alice.briefing()
    assert back == empty and back.items[0].item_id == item.item_id
    back.remove(item.item_id)
    alice.save_briefing(back)
    assert [i.kind for i in alice.briefing().items] == ["citation"]
    assert client(served, BOB).briefing().items == []


@pytest.mark.parametrize(
    "body",
    [
        {"title": "x", "items": "none"},
        {"title": "x", "items": ["an item"]},
        {"title": "x", "items": [{"item_id": "i", "kind": "poem", "title": "t"}]},
        {"title": 5, "items": []},
    ],
)
def test_a_malformed_briefing_is_refused_and_changes_nothing(tmp_path, embedder, body) -> None:
    settings = tiny_home(tmp_path, embedder, files={})
    with api_client(settings, embedder) as api:
        r = api.put("/v1/briefing", json=body)
        assert r.status_code == 422 and "briefing" in r.text.lower(), r.text
        assert api.get("/v1/briefing").json()["items"] == []
