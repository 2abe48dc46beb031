"""Files made once and kept (components/exports/cache.py): a room pressing Download on the
deck being presented makes the file once; an edited deck gets a new file; the keeping has a
budget; a failed making is not kept."""

from __future__ import annotations

import threading
import time
from dataclasses import replace
from datetime import date

import pytest

from components import exports, sidebar, state
from components import view as views
from components.decks.model import Deck, Step, StepView
from components.exports.cache import FileCache
from geo.atlas import load_atlas
from tests.conftest import DATA_DIR

DAY = date(2026, 12, 4)
ATLAS = load_atlas(DATA_DIR)
DECK = Deck(id="west", title="The west", version=3, steps=(
    Step(title="Batys", notes="- the Caspian", view=StepView(command="batys")),
    Step(title="Atyrau", view=StepView(oblast="atyrau")),
))


def test_many_asking_at_once_make_the_file_once():
    cache = FileCache()
    started = threading.Event()

    def slow_make() -> bytes:
        started.set()
        time.sleep(0.2)  # long enough for the others to arrive while it is being made
        return b"file"

    got: list[bytes] = []
    threads = [threading.Thread(target=lambda: got.append(cache.get("k", slow_make)))
               for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert got == [b"file"] * 8
    assert cache.made == 1


def test_a_failed_making_reaches_its_caller_and_is_not_kept():
    cache = FileCache()

    def broken() -> bytes:
        raise RuntimeError("no room on the disk")

    with pytest.raises(RuntimeError):
        cache.get("k", broken)
    assert cache.get("k", lambda: b"second try") == b"second try"


def test_the_least_recently_used_goes_first_and_the_budget_holds():
    cache = FileCache(budget_bytes=10)
    cache.get("a", lambda: b"aaaa")
    cache.get("b", lambda: b"bbbb")
    cache.get("a", lambda: b"never made")  # a is used again: b is now the oldest
    cache.get("c", lambda: b"cccc")
    assert list(cache.files) == ["a", "c"] and cache.size == 8
    assert cache.get("huge", lambda: b"x" * 11) == b"x" * 11  # given, not kept
    assert "huge" not in cache.files and cache.size <= 10


def viewer_download(fmt: str, deck: Deck | None, query: dict[str, str]) -> bytes:
    box = state.ViewBox()
    box.view = views.from_url(query, ATLAS)
    return sidebar.export_of_shown_view(fmt, ATLAS, box, DAY, deck)


def test_the_deck_being_presented_is_made_once_for_the_room(monkeypatch):
    monkeypatch.setattr(exports, "MADE_FILES", FileCache())
    first = viewer_download("pptx", DECK, {"lang": "kk"})
    second = viewer_download("pptx", DECK, {"lang": "kk"})
    assert second is first and exports.MADE_FILES.made == 1
    # Another language, or the deck once edited (a new version), is another file.
    viewer_download("pptx", DECK, {"lang": "ru"})
    edited = replace(DECK, version=4, steps=DECK.steps[:1])
    assert viewer_download("pptx", edited, {"lang": "kk"}) != first
    assert exports.MADE_FILES.made == 3
    # What the viewer has selected shapes the slide: another selection, another file.
    slide = viewer_download("png", None, {"lang": "kk", "command": "batys"})
    assert viewer_download("png", None, {"lang": "kk", "command": "shygys"}) != slide
