"""The server's room watcher (components/presenter.py): it reads each followed deck's position
and forgets the projectors whose tab has closed, so decks once followed are not read for
the server's life. On a real SQLite store; the runtime's session lookup is replaced by a set
of connected session ids (the watcher's thread is not started: `check` is called here)."""

from __future__ import annotations

import time

from components.decks.model import Step, StepView
from components.decks.store import open_store
from components.presenter import RoomWatcher


def test_a_closed_projector_is_forgotten_with_the_deck_no_one_follows(tmp_path):
    store = open_store(f"sqlite:///{tmp_path / 'decks.sqlite3'}")
    decks = [store.create(f"deck {n}", [Step("one", "", StepView())]) for n in range(3)]
    connected = {"a", "b", "c"}
    watcher = RoomWatcher(store, session_alive=lambda s: s in connected, start=False)
    for session, deck in zip(("a", "b", "c"), decks, strict=True):
        store.set_position(deck.id, 0, time.time())
        assert watcher.follow(session, deck.id).step_index == 0
    watcher.check()
    assert set(watcher.positions) == {d.id for d in decks}

    connected -= {"a", "b"}  # two tabs closed; their decks did not move
    watcher.check()
    assert {s: f.deck_id for s, f in watcher.followers.items()} == {"c": decks[2].id}
    assert set(watcher.positions) == {decks[2].id}


def test_a_projector_still_connected_keeps_its_deck_watched(tmp_path):
    store = open_store(f"sqlite:///{tmp_path / 'decks.sqlite3'}")
    deck = store.create("deck", [Step("one", "", StepView()), Step("two", "", StepView())])
    watcher = RoomWatcher(store, session_alive=lambda s: True, start=False)
    assert watcher.follow("a", deck.id) is None  # no presenter yet
    store.set_position(deck.id, 1, time.time())
    watcher.rerun = lambda session_id, fragment_id=None: True  # no runtime here to rerun
    watcher.check()
    assert {s: f.deck_id for s, f in watcher.followers.items()} == {"a": deck.id}
    assert watcher.positions[deck.id].step_index == 1
