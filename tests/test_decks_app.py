"""Decks in the app through AppTest: compose, edit, reorder, delete, the two-tabs conflict, a
store that fails, uploads refused and accepted, presenting and following (issue 23).

Each test has its own SQLite file (KZ_DATA_DIR in a temp dir): the real store, no mock."""

from __future__ import annotations

import json
import os
import stat

import pytest

from components.composer import COMPOSER_KEY
from components.decks.files import deck_to_json
from components.decks.model import Step
from components.decks.store import DB_FILE, open_store
from components.i18n import tr
from components.state import VIEW_KEY
from tests.app_driver import open_expander, page_text, show_commands, url, widget, zoom_to
from tests.app_driver import run_app as start_app


@pytest.fixture(autouse=True)
def decks_dir(tmp_path, monkeypatch):
    """A fresh store for each test."""
    monkeypatch.setenv("KZ_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("KZ_DATABASE_URL", raising=False)
    return tmp_path


def run_app(**query):
    """A session on a link, its composer open as a viewer opens it: the composer's contents
    are drawn only when it is open, and it opens by itself only when a deck is open."""
    at = start_app(**query)
    if "mode" not in query and COMPOSER_KEY in at.session_state \
            and not at.session_state[COMPOSER_KEY]:
        open_expander(at, COMPOSER_KEY)
    return at


def store():
    """The store as another process would see it (a second replica, a restart)."""
    return open_store(None)


def view(at):
    return at.session_state[VIEW_KEY]


def button(at, key):
    return at.button(key=key)


def new_deck_with_steps(at, *choices):
    """A new deck from the map as it is, then a step for each command in `choices`."""
    button(at, "deck_new").click().run()
    for command in choices:
        zoom_to(at, command)
        button(at, "deck_add_step").click().run()
    return view(at).deck


def key_of(at):
    """The edit key the author's link carries."""
    return url(at)["key"]


def text_key(name, at, *parts):
    return "_".join([name, *(str(p) for p in parts), view(at).lang])


def test_compose_a_deck_from_the_map_and_every_change_is_stored_at_once():
    at = run_app(lang="ru")
    deck_id = new_deck_with_steps(at, "batys", "ontustik")
    assert not at.exception
    stored = store().load(deck_id)
    assert [s.view.command for s in stored.steps] == [None, "batys", "ontustik"]
    assert stored.steps[1].title == "Региональное командование «Запад»"
    assert "Сохранено в" in page_text(at)
    # A step's title and notes, typed: stored at once (no Save button to forget).
    at.text_input(key=text_key("deck_step_title", at, deck_id, 1)).set_value("Запад").run()
    notes = "Каспий <script>alert(1)</script>\n- Атырау\n- Актобе"
    at.text_area(key=text_key("deck_step_notes", at, deck_id, 1)).set_value(notes).run()
    stored = store().load(deck_id)
    assert (stored.steps[1].title, stored.steps[1].notes) == ("Запад", notes)
    # A reload (a new session on the same link) and a language switch keep what was typed.
    again = run_app(deck=deck_id, lang="kk", key=key_of(at))
    assert again.text_area(key=f"deck_step_notes_{deck_id}_1_kk").value == notes
    widget(at, "radio", "lang").set_value("en").run()
    assert at.text_input(key=f"deck_step_title_{deck_id}_1_en").value == "Запад"


def test_reorder_duplicate_delete_open_and_save_a_steps_view():
    at = run_app()
    deck_id = new_deck_with_steps(at, "batys", "ontustik")
    button(at, "deck_step_up_2").click().run()
    assert [s.view.command for s in store().load(deck_id).steps] == [None, "ontustik", "batys"]
    button(at, "deck_step_duplicate_0").click().run()
    button(at, "deck_step_delete_1").click().run()
    button(at, "deck_step_down_0").click().run()
    assert [s.view.command for s in store().load(deck_id).steps] == ["ontustik", None, "batys"]
    # Open a step: the map goes to its view; change it and save it back to the step.
    button(at, "deck_step_open_2").click().run()
    assert (view(at).command, view(at).deck_step) == ("batys", 2)
    show_commands(at, ["batys", "shygys"])
    button(at, "deck_step_save_view_2").click().run()
    assert store().load(deck_id).steps[2].view.visible == ("shygys", "batys")
    assert not at.exception


def test_a_deleted_step_can_be_put_back_where_it_was():
    at = run_app(lang="kk")
    deck_id = new_deck_with_steps(at, "batys", "ontustik")
    at.text_area(key=text_key("deck_step_notes", at, deck_id, 1)).set_value("Каспий").run()
    before = store().load(deck_id).steps
    button(at, "deck_step_delete_1").click().run()
    assert [s.view.command for s in store().load(deck_id).steps] == [None, "ontustik"]
    assert tr("kk", "deck_step_deleted", n=2, title=before[1].title) in page_text(at)
    button(at, "deck_step_undelete").click().run()
    assert store().load(deck_id).steps == before  # its title, notes and view, in its place
    assert "deck_step_undelete" not in [b.key for b in at.button]  # put back once
    # Another change ends the offer.
    button(at, "deck_step_delete_2").click().run()
    assert "deck_step_undelete" in [b.key for b in at.button]
    button(at, "deck_step_up_1").click().run()
    assert "deck_step_undelete" not in [b.key for b in at.button]
    assert not at.exception


def test_the_last_step_cannot_be_deleted():
    at = run_app()
    new_deck_with_steps(at)
    assert button(at, "deck_step_delete_0").disabled


def test_a_second_tab_never_silently_loses_a_change():
    first = run_app()
    deck_id = new_deck_with_steps(first, "batys")
    second = run_app(deck=deck_id, key=key_of(first))  # the edit link, in a second tab
    first.text_input(key=text_key("deck_step_title", first, deck_id, 0)).set_value(
        "First tab").run()
    second.text_input(key=text_key("deck_step_title", second, deck_id, 1)).set_value(
        "Second tab").run()
    text = page_text(second)
    assert "Another tab saved this briefing (version 3" in text
    assert "The newer version, 2 steps: First tab; Regional Command «West»" in text
    assert "This tab, 2 steps: Overview; Second tab" in text
    assert store().load(deck_id).steps[0].title == "First tab"  # nothing overwritten
    button(second, "deck_conflict_keep").click().run()  # the presenter chooses: mine
    stored = store().load(deck_id)
    assert [s.title for s in stored.steps] == ["Overview", "Second tab"]
    assert stored.version == 4


def test_taking_the_newer_version_shows_it():
    first = run_app()
    deck_id = new_deck_with_steps(first)
    second = run_app(deck=deck_id, key=key_of(first))
    first.text_input(key=text_key("deck_title", first, deck_id)).set_value("Newer").run()
    second.text_input(key=text_key("deck_title", second, deck_id)).set_value("Mine").run()
    button(second, "deck_conflict_take").click().run()
    assert second.text_input(key=text_key("deck_title", second, deck_id)).value == "Newer"
    assert store().load(deck_id).title == "Newer"


def test_a_store_that_fails_says_so_and_keeps_what_was_typed(decks_dir):
    at = run_app()
    deck_id = new_deck_with_steps(at)
    database = decks_dir / DB_FILE
    database.chmod(stat.S_IRUSR | stat.S_IRGRP)  # read-only mid-briefing
    try:
        at.text_area(key=text_key("deck_step_notes", at, deck_id, 0)).set_value(
            "Typed while the disk was read-only").run()
        assert not at.exception
        assert "Saving failed:" in page_text(at)
        assert "database cannot be reached" in page_text(at)
        # The reason stays in the log: it names the database's file (or a server's host).
        assert str(decks_dir) not in page_text(at)
        assert at.text_area(key=text_key("deck_step_notes", at, deck_id, 0)).value == \
            "Typed while the disk was read-only"
        button(at, "deck_add_step").click().run()  # another change, still failing
        assert len(store().load(deck_id).steps) == 1  # nothing half-stored
    finally:
        database.chmod(stat.S_IRUSR | stat.S_IWUSR)
    button(at, "deck_add_step").click().run()  # the next change stores the whole draft
    stored = store().load(deck_id)
    assert stored.steps[0].notes == "Typed while the disk was read-only"
    assert len(stored.steps) == 3
    assert "Saved" in page_text(at)


def upload(at, data: bytes, name="deck.json"):
    at.file_uploader(key=f"deck_upload_{view(at).lang}").set_value(
        (name, data, "application/json")).run()
    return at


GOOD = {"format": "kz-briefing-deck", "version": 1, "title": "Western frontier",
        "steps": [{"title": "The Caspian", "notes": "- Atyrau\n- Mangystau",
                   "view": {"command": "batys"}},
                  {"title": "Overview", "view": {"division": "2018"}}]}


@pytest.mark.parametrize(("change", "says"), [
    (lambda d: d["steps"][1]["view"].update(command="atlantis"),
     "Step 2, view.command:"),
    (lambda d: d["steps"][0].update(title=7), "Step 1, title:"),
    (lambda d: d["steps"][0]["view"].update(oblast="nowhere"), "Step 1, view.oblast:"),
    (lambda d: d.update(steps=[d["steps"][0]] * 101), "steps: more than 100 steps (101)"),
])
def test_an_upload_refused_names_the_step_and_the_field_and_stores_nothing(change, says):
    document = json.loads(json.dumps(GOOD))
    change(document)
    at = upload(run_app(), json.dumps(document).encode())
    assert not at.exception
    text = page_text(at)
    assert "The file was not opened and nothing was stored" in text
    assert says in text, text
    assert store().list_decks() == []


@pytest.mark.parametrize("data", [b"\xff\xfe not utf-8", b"{" * 50_000, b" " * 300_000,
                                  b'{"format": "kz-briefing-deck", "version": 1, "title": '
                                  b'"<script>alert(1)</script>", "steps": []}'])
def test_hostile_files_are_refused(data):
    at = upload(run_app(), data)
    assert not at.exception
    assert "nothing was stored" in page_text(at)
    assert store().list_decks() == []


def test_an_upload_that_validates_is_stored_and_opened():
    at = upload(run_app(lang="kk"), json.dumps(GOOD).encode())
    assert not at.exception
    deck_id = view(at).deck
    stored = store().load(deck_id)
    assert stored.title == "Western frontier" and len(stored.steps) == 2
    # Downloaded again, it is the same file.
    assert at.get("download_button")
    assert json.loads(deck_to_json(stored))["steps"][0]["notes"] == "- Atyrau\n- Mangystau"


def test_present_a_deck_and_the_projector_follows_the_stored_position():
    at = run_app()
    deck_id = new_deck_with_steps(at, "batys", "ontustik")
    at.text_area(key=text_key("deck_step_notes", at, deck_id, 1)).set_value(
        "- the Caspian <b>shore</b>").run()
    key = key_of(at)
    speaker = run_app(deck=deck_id, mode="presenter", lang="ru", key=key)
    assert url(speaker) == {"deck": deck_id, "mode": "presenter", "step": "1", "lang": "ru",
                            "key": key}
    assert "Далее: Regional Command «West»" in page_text(speaker)  # titles as typed
    button(speaker, "briefing_next").click().run()
    assert view(speaker).command == "batys" and url(speaker)["step"] == "2"
    notes = [h.proto.body for h in speaker.get("html") if "<ul>" in h.proto.body]
    assert notes == ["<ul><li>the Caspian &lt;b&gt;shore&lt;/b&gt;</li></ul>"]
    assert store().position(deck_id).step_index == 1
    # The projector opens at the room's step, without the notes or the presenter's controls.
    room = run_app(deck=deck_id, mode="briefing", follow="1", lang="ru")
    assert view(room).deck_step == 1 and view(room).command == "batys"
    assert "the Caspian" not in page_text(room)
    assert not [b for b in room.button if b.key in ("briefing_next", "briefing_previous")]
    # A presenter who reloads picks up where the room is.
    button(speaker, "briefing_next").click().run()
    again = run_app(deck=deck_id, mode="presenter", step="1", key=key)
    assert view(again).deck_step == 2 and view(again).command == "ontustik"


def test_the_built_in_tour_is_presented_on_a_fresh_install():
    speaker = run_app(deck="default", mode="presenter", lang="kk")
    room = view(speaker).deck  # a room of this presenter's own
    assert room.startswith("default-") and view(speaker).presenter
    text = page_text(speaker)
    assert "Келесі:" in text and "1/6 қадам" in text
    button(speaker, "briefing_next").click().run()
    assert view(speaker).command == "astana"
    assert store().position(room).step_index == 1
    assert store().position("default") is None


@pytest.mark.parametrize(("query", "notice"), [
    ({"deck": "nosuch", "mode": "briefing"}, "There is no briefing “nosuch”"),
    ({"deck": "default", "step": "40", "mode": "briefing"}, "has no step 40 (it has 6)"),
    ({"deck": "<b>", "mode": "briefing"}, "unrecognised value for “deck”"),
])
def test_bad_deck_links_give_a_notice_and_the_map_goes_on(query, notice):
    at = run_app(**query)
    assert notice in page_text(at)


def test_the_briefing_without_a_deck_is_still_the_tour_of_the_filter():
    at = run_app(mode="briefing", commands="astana,batys")
    assert "Step 1 of 3" in page_text(at)
    button(at, "briefing_next").click().run()
    assert view(at).command == "astana" and view(at).deck is None


def test_no_database_is_written_outside_the_data_dir(decks_dir):
    run_app(deck="default", mode="presenter")
    assert (decks_dir / DB_FILE).exists()
    assert os.environ["KZ_DATA_DIR"] == str(decks_dir)


# -- decks that belong to someone: keys, rooms, quotas -------------------------------------------

def link_urls(at) -> dict[str, str]:
    """Each link button's label and address."""
    return {b.proto.label: b.proto.url for b in at.get("link_button")}


def test_a_deck_opened_without_its_key_is_read_only_and_not_listed_to_others():
    author = run_app()
    deck_id = new_deck_with_steps(author, "batys")
    key = key_of(author)
    assert f"deck_open_{deck_id}" not in [b.key for b in run_app().button]  # not everyone's
    for link in ({"deck": deck_id}, {"deck": deck_id, "key": "x" * 32}):
        other = run_app(**link)
        assert not [t for t in other.text_input if t.key and t.key.startswith("deck_")]
        assert not [t for t in other.text_area if t.key and t.key.startswith("deck_")]
        assert not [b for b in other.button if b.key == "deck_add_step"]
        assert "Read only: you do not hold this briefing's edit link" in page_text(other)
        assert "key" not in url(other)  # a wrong key is not kept in the link
    assert "The key in the link is not this briefing's; the briefing is shown read only." \
        in page_text(other)
    # A copy is the copier's own: a new deck, a new key; the author's is untouched.
    button(other, "deck_copy").click().run()
    copy = view(other).deck
    assert copy != deck_id and url(other)["key"] != key
    assert store().load(copy).title == "Untitled briefing (copy)"
    assert store().load(deck_id).version == 2 and store().load(deck_id).title == \
        "Untitled briefing"
    # The author's own link edits it, in another session too.
    again = run_app(deck=deck_id, key=key)
    again.text_input(key=text_key("deck_title", again, deck_id)).set_value("Mine").run()
    assert store().load(deck_id).title == "Mine"


def test_a_keyless_presenter_cannot_move_someone_elses_room():
    author = run_app()
    deck_id = new_deck_with_steps(author, "batys", "ontustik")
    key = key_of(author)
    speaker = run_app(deck=deck_id, mode="presenter", key=key)
    button(speaker, "briefing_next").click().run()
    assert store().position(deck_id).step_index == 1
    for forged in ({}, {"key": "A" * 32}):
        intruder = run_app(deck=deck_id, mode="presenter", lang="ru", **forged)
        assert not view(intruder).presenter and view(intruder).briefing
        assert "нет ключа для редактирования этого брифинга" in page_text(intruder)
        assert view(intruder).deck_step == 0  # a plain briefing: step 1, not the room's
        button(intruder, "briefing_next").click().run()
        button(intruder, "briefing_next").click().run()
        assert view(intruder).deck_step == 2  # the intruder's own page moves…
        assert store().position(deck_id).step_index == 1  # …the room does not
        assert not [h for h in intruder.get("html") if "<ul>" in h.proto.body]  # no notes
    room = run_app(deck=deck_id, mode="briefing", follow="1")
    assert view(room).deck_step == 1 and view(room).command == "batys"


def test_two_presenters_of_the_built_in_tour_do_not_move_each_others_projectors():
    first = run_app(deck="default", mode="presenter")
    for _ in range(3):
        button(first, "briefing_next").click().run()
    second = run_app(mode="presenter")  # the tour, by the other way of asking for it
    assert view(second).deck_step == 0  # not where the first presenter is
    button(second, "briefing_next").click().run()
    rooms = view(first).deck, view(second).deck
    assert rooms[0] != rooms[1] and all(r.startswith("default-") for r in rooms)
    assert [store().position(r).step_index for r in rooms] == [3, 1]
    followers = [run_app(deck=r, mode="briefing", follow="1") for r in rooms]
    assert [view(f).deck_step for f in followers] == [3, 1]
    # The presenter's page has its projector's link; a reload keeps the room (the key is in
    # the presenter's link, never in the projector's).
    projector = link_urls(first)["Projector (follows the presenter)"]
    assert projector == f"?deck={rooms[0]}&mode=briefing&follow=1"
    reloaded = run_app(**url(first))
    assert (view(reloaded).deck, view(reloaded).deck_step, view(reloaded).presenter) == \
        (rooms[0], 3, True)
    # Someone with the projector's link cannot present in that room.
    intruder = run_app(deck=rooms[0], mode="presenter")
    assert not view(intruder).presenter
    button(intruder, "briefing_next").click().run()
    assert store().position(rooms[0]).step_index == 3


def test_a_plain_briefing_starts_at_step_one_whatever_the_rooms_say():
    author = run_app()
    deck_id = new_deck_with_steps(author, "batys", "ontustik")
    speaker = run_app(deck=deck_id, mode="presenter", key=key_of(author))
    tour = run_app(deck="default", mode="presenter")
    for presenter in (speaker, tour, tour):
        button(presenter, "briefing_next").click().run()
    assert store().position(view(tour).deck).step_index == 2
    assert "Step 1 of 5" in page_text(run_app(mode="briefing"))
    explore = run_app(oblast="almaty")
    widget(explore, "toggle", "briefing").set_value(True).run()
    assert view(explore).briefing and view(explore).deck is None
    assert view(explore).command == "ontustik"  # the selection's step, not a room's
    for link, step in (({"deck": "default"}, 0), ({"deck": deck_id}, 0),
                       ({"deck": deck_id, "step": "2"}, 1), ({"deck": view(tour).deck}, 0)):
        at = run_app(mode="briefing", **link)
        assert view(at).deck_step == step, link


def test_new_decks_past_the_sessions_hourly_limit_are_refused_in_the_viewers_language(
        monkeypatch):
    monkeypatch.setattr("components.composer.MAX_CREATED_PER_HOUR", 2)
    at = run_app(lang="kk")
    first = new_deck_with_steps(at)
    notes = "Терілген жазба"
    at.text_area(key=text_key("deck_step_notes", at, first, 0)).set_value(notes).run()
    button(at, "deck_close").click().run()
    button(at, "deck_new").click().run()  # the second: allowed
    second = view(at).deck
    button(at, "deck_close").click().run()
    button(at, "deck_new").click().run()  # the third: refused
    assert "Соңғы бір сағатта 2 брифинг жасадыңыз" in page_text(at)
    assert view(at).deck is None and len(store().list_decks()) == 2
    assert store().load(first).steps[0].notes == notes  # nothing typed is lost
    assert {b.key for b in at.button} >= {f"deck_open_{first}", f"deck_open_{second}"}


def test_a_full_store_refuses_new_decks_and_uploads_and_says_so(monkeypatch):
    monkeypatch.setenv("KZ_MAX_DECKS", "1")
    at = run_app(lang="ru")
    new_deck_with_steps(at)
    button(at, "deck_close").click().run()
    button(at, "deck_open_default").click().run()
    button(at, "deck_copy").click().run()
    text = page_text(at)
    assert "На сервере уже хранится предельное число брифингов (1)" in text
    assert view(at).deck == "default"  # the tour stays open
    upload(at, json.dumps(GOOD).encode())
    assert "предельное число брифингов (1)" in page_text(at)
    assert len(store().list_decks()) == 1


def test_a_deck_stored_before_keys_is_anyones_until_claimed():
    old = store().create("Stored before keys", [Step(title="Overview")])  # no key: open
    claimer = run_app(lang="en")
    assert f"deck_open_{old.id}" in [b.key for b in claimer.button]  # listed to everyone
    button(claimer, f"deck_open_{old.id}").click().run()
    assert "anyone can change and present it until someone claims it" in page_text(claimer)
    button(claimer, "deck_claim").click().run()
    key = url(claimer)["key"]
    assert store().can_edit(old.id, key) and not store().is_open(old.id)
    assert f"deck_open_{old.id}" not in [b.key for b in run_app().button]
    late = run_app(deck=old.id)
    assert "Read only" in page_text(late)


def test_the_key_is_never_in_a_share_or_projector_link_nor_in_the_log(caplog):
    import logging

    caplog.set_level(logging.DEBUG)
    author = run_app()
    deck_id = new_deck_with_steps(author, "batys")
    key = key_of(author)
    links = link_urls(author)
    assert key not in links["Share link (view only)"]
    assert key not in links["Projector (follows the presenter)"]
    assert links["Share link (view only)"] == f"?deck={deck_id}&mode=briefing"
    assert key in links["Edit link (keep it)"] and key in links["Present (presenter view)"]
    speaker = run_app(deck=deck_id, mode="presenter", key=key)
    button(speaker, "briefing_next").click().run()
    assert key not in link_urls(speaker)["Projector (follows the presenter)"]
    shared = run_app(deck=deck_id, mode="briefing")
    room = run_app(deck=deck_id, mode="briefing", follow="1", key=key)  # a key is dropped
    for page in (shared, room):
        assert key not in str(page._tree) and "key" not in url(page)
    # A presenter with a wrong key is logged as no more than that.
    run_app(deck=deck_id, mode="presenter", key=key[::-1])
    assert caplog.records and key not in caplog.text and key[::-1] not in caplog.text


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_a_projector_of_the_built_in_tour_itself_is_told_which_link_to_open(lang):
    """No one drives the room `default` (each presenter of the tour has a room of their own):
    its projector link shows the tour as a briefing and says so, instead of waiting for ever."""
    at = run_app(deck="default", mode="briefing", follow="1", lang=lang)
    assert not at.exception
    assert not view(at).follow
    assert tr(lang, "notice_follow_built_in") in page_text(at)
    assert button(at, "briefing_next") is not None  # stepped by the viewer, not by a room
    button(at, "briefing_next").click().run()
    assert view(at).deck_step == 1 and not at.exception


def test_a_cut_short_edit_link_says_so_and_opens_the_deck_read_only():
    author = run_app(lang="ru")
    deck_id = new_deck_with_steps(author, "batys")
    cut = key_of(author)[:9]  # a mail program broke the link
    at = run_app(deck=deck_id, key=cut, lang="kk")
    assert not at.exception
    assert tr("kk", "notice_key_damaged") in page_text(at)
    assert cut not in page_text(at) and "key" not in url(at)
    assert view(at).deck == deck_id and view(at).deck_key is None


def map_caption(at) -> str:
    """Full screen's caption, as the map's overlays carry it to the browser."""
    import re

    [component] = at.get("component_instance")
    overlays = json.loads(component.proto.json_args)["feature_group"]
    found = re.search(r'kzViewUpdate\([^{]*(\{.*?\})\);', overlays, re.S)
    return json.loads(found.group(1))["caption"]


def test_full_screen_counts_a_decks_steps_as_the_page_does():
    at = run_app()
    deck_id = new_deck_with_steps(at, "batys", "ontustik")  # the tour's 4th and 5th of 5
    speaker = run_app(deck=deck_id, mode="presenter", lang="en", key=key_of(at))
    button(speaker, "briefing_next").click().run()
    assert "Step 2 of 3" in page_text(speaker)
    assert map_caption(speaker) == "Step 2 of 3 · Regional Command «West»"
    # The projector's map says the same, and the built-in tour's last step is its 6th of 6.
    room = run_app(deck=deck_id, mode="briefing", follow="1", lang="en")
    assert map_caption(room) == "Step 2 of 3 · Regional Command «West»"
    tour = run_app(deck="default", mode="briefing", step="6", lang="en")
    assert "Step 6 of 6" in page_text(tour)
    assert map_caption(tour).startswith("Step 6 of 6 · ")
    # A briefing without a deck keeps the tour of the filter's own count.
    plain = run_app(mode="briefing", command="batys", lang="en")
    assert map_caption(plain).startswith("Step 4 of 5 · ")


def test_a_one_step_deck_offers_no_step_to_move_to():
    at = run_app()
    deck_id = new_deck_with_steps(at)  # the map as it is: one step
    speaker = run_app(deck=deck_id, mode="presenter", key=key_of(at))
    assert "Step 1 of 1" in page_text(speaker)
    assert button(speaker, "briefing_next").disabled
    assert button(speaker, "briefing_previous").disabled
    tour = run_app(deck="default", mode="presenter")
    assert not button(tour, "briefing_next").disabled
