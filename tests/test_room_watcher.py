"""The server's room watcher (components/presenter.py): it reads each followed deck's position
and forgets the projectors whose tab has closed, so decks once followed are not read for
the server's life; at a move it asks each projector to rerun its step's fragment (again until
it has run), and reads the deck once for all of them. What many projectors' runs ask together
is made once (components/memo.py). On a real SQLite store; the runtime's session lookup is
replaced by a set of connected session ids (the watcher's thread is not started: `check` is
called here)."""

from __future__ import annotations

import logging
import time
from concurrent.futures import ThreadPoolExecutor

from components import presenter
from components.decks.model import Step, StepView
from components.decks.store import open_store
from components.memo import per_atlas
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


def test_a_move_asks_each_projector_for_its_fragment_and_again_until_it_runs(tmp_path,
                                                                              monkeypatch):
    store = open_store(f"sqlite:///{tmp_path / 'decks.sqlite3'}")
    deck = store.create("deck", [Step("one", "", StepView()), Step("two", "", StepView())])
    store.set_position(deck.id, 0, time.time())
    watcher = RoomWatcher(store, session_alive=lambda s: True, start=False)
    asked: list[tuple[str, str | None]] = []
    watcher.rerun = lambda session_id, fragment_id=None: asked.append((session_id,
                                                                       fragment_id)) or True
    for session in ("a", "b"):
        assert watcher.follow(session, deck.id, "fragment-1").step_index == 0
    watcher.check()
    assert asked == []  # both show the room's position

    moved = store.set_position(deck.id, 1, time.time())
    watcher.check()
    assert sorted(asked) == [("a", "fragment-1"), ("b", "fragment-1")]
    asked.clear()
    assert watcher.follow("a", deck.id, "fragment-1") == moved  # a's fragment ran
    watcher.check()
    assert asked == []  # b was asked a moment ago; a shows the move

    clock = [time.monotonic()]
    monkeypatch.setattr("components.presenter.time.monotonic", lambda: clock[0])
    for expected in ("fragment-1", None, None):  # b never runs: the fragment, then the page
        clock[0] += presenter.ASK_AGAIN_S + 0.01
        watcher.check()
        assert asked == [("b", expected)]
        asked.clear()


def test_the_deck_is_read_once_per_move_for_all_its_projectors(tmp_path):
    store = open_store(f"sqlite:///{tmp_path / 'decks.sqlite3'}")
    deck = store.create("deck", [Step("one", "", StepView())])
    watcher = RoomWatcher(store, session_alive=lambda s: True, start=False)
    reads = []

    def load():
        reads.append(1)
        time.sleep(0.05)  # the others arrive while it is read
        return store.load(deck.id)

    with ThreadPoolExecutor(8) as pool:
        shown = list(pool.map(lambda _: watcher.deck(deck.id, "en", 7, load), range(8)))
    assert len(reads) == 1 and all(d == shown[0] for d in shown) and shown[0].id == deck.id
    watcher.deck(deck.id, "en", 8, load)  # the next move reads it again
    assert len(reads) == 2 and [k[2] for k in watcher.decks] == [8]


def test_a_cached_result_is_made_once_when_many_miss_it_together():
    made = []

    @per_atlas(maxsize=4)
    def slow(atlas, key):
        made.append(key)
        time.sleep(0.05)
        return object()

    atlas = object()
    with ThreadPoolExecutor(8) as pool:
        results = list(pool.map(lambda _: slow(atlas, "step"), range(8)))
    assert made == ["step"] and all(r is results[0] for r in results)


def test_a_lasting_fault_is_logged_once_and_a_new_one_again(tmp_path, caplog):
    watcher = RoomWatcher(open_store(f"sqlite:///{tmp_path / 'decks.sqlite3'}"), start=False)
    faults = iter([RuntimeError("store gone")] * 20 + [None, RuntimeError("store gone")])

    def check():
        fault = next(faults)
        if fault is not None:
            raise fault

    watcher.check = check
    failing = None
    with caplog.at_level(logging.ERROR, logger="components.presenter"):
        for _ in range(22):
            failing = watcher.check_and_log(failing)
    logged = [r for r in caplog.records if "room watcher" in r.getMessage()]
    assert len(logged) == 2  # the first of the twenty, and the one after a good check
