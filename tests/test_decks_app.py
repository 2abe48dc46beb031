"""Decks in the app through AppTest: compose, edit, reorder, delete, the two-tabs conflict, a
store that fails, uploads refused and accepted, presenting and following (issue 23).

Each test has its own SQLite file (KZ_DATA_DIR in a temp dir): the real store, no mock."""

from __future__ import annotations

import json
import os
import stat

import pytest

from components.decks.files import deck_to_json
from components.decks.store import DB_FILE, open_store
from components.state import VIEW_KEY
from tests.app_driver import page_text, run_app, url, widget


@pytest.fixture(autouse=True)
def decks_dir(tmp_path, monkeypatch):
    """A fresh store for each test."""
    monkeypatch.setenv("KZ_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("KZ_DATABASE_URL", raising=False)
    return tmp_path


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
        widget(at, "selectbox", "command").set_value(command).run()
        button(at, "deck_add_step").click().run()
    return view(at).deck


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
    again = run_app(deck=deck_id, lang="kk")
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
    widget(at, "multiselect", "visible").set_value(["batys", "shygys"]).run()
    button(at, "deck_step_save_view_2").click().run()
    assert store().load(deck_id).steps[2].view.visible == ("shygys", "batys")
    assert not at.exception


def test_the_last_step_cannot_be_deleted():
    at = run_app()
    new_deck_with_steps(at)
    assert button(at, "deck_step_delete_0").disabled


def test_a_second_tab_never_silently_loses_a_change():
    first = run_app()
    deck_id = new_deck_with_steps(first, "batys")
    second = run_app(deck=deck_id)
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
    second = run_app(deck=deck_id)
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
    speaker = run_app(deck=deck_id, mode="presenter", lang="ru")
    assert url(speaker) == {"deck": deck_id, "mode": "presenter", "step": "1", "lang": "ru"}
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
    again = run_app(deck=deck_id, mode="presenter", step="1")
    assert view(again).deck_step == 2 and view(again).command == "ontustik"


def test_the_built_in_tour_is_presented_on_a_fresh_install():
    speaker = run_app(deck="default", mode="presenter", lang="kk")
    assert view(speaker).deck == "default"
    text = page_text(speaker)
    assert "Келесі:" in text and "1/6 қадам" in text
    button(speaker, "briefing_next").click().run()
    assert view(speaker).command == "astana"
    assert store().position("default").step_index == 1


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
