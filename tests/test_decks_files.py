"""The deck file: a round trip, and every hostile file of issue 23 refused with a named error."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

from components.decks.default import default_deck
from components.decks.files import (
    FORMAT,
    MAX_FILE_BYTES,
    DeckFileError,
    deck_to_json,
    parse_deck,
    read_deck_file,
)
from components.decks.model import MAX_NOTES_CHARS, MAX_STEPS, MAX_TITLE_CHARS, Deck, Step, StepView
from components.i18n import LANGUAGES
from components.view import briefing_steps

SCRIPT = '<script>alert("x")</script><img src=x onerror=alert(1)>'


def document(*steps: dict, **top) -> dict:
    """A valid deck document with `steps` (one plain step if none) and top-level overrides."""
    base = {"format": FORMAT, "version": 1, "title": "Western frontier",
            "steps": list(steps) or [{"title": "Overview"}]}
    base.update(top)
    return base


def encode(value: object) -> bytes:
    return json.dumps(value).encode("ascii")  # "\\ud800" stays an escape, as a file may have it


def refusal(data: bytes, atlas) -> DeckFileError:
    with pytest.raises(DeckFileError) as caught:
        read_deck_file(data, atlas)
    error = caught.value
    for lang in LANGUAGES:  # every refusal can be said in every language
        assert error.message(lang).strip()
    return error


# -- the default deck ------------------------------------------------------------------

@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_default_deck_is_todays_tour_overview_each_command_overview(atlas, lang):
    deck = default_deck(atlas, lang)
    assert deck.id == "default" and deck.title
    commands = [step.view.command for step in deck.steps]
    assert commands == [*briefing_steps(atlas.root()), None]
    assert all(step.view.division == atlas.root().division.id for step in deck.steps)
    assert all(step.view.lang is None for step in deck.steps)  # the viewer's language
    assert all(len(step.notes) <= MAX_NOTES_CHARS and step.title for step in deck.steps)


def test_the_default_decks_notes_are_the_sources_own_statements_with_their_source(atlas):
    deck = default_deck(atlas, "en")
    by_command = {step.view.command: step for step in deck.steps}
    west = by_command["batys"].notes
    assert atlas.command("batys").mission.get("en") in west
    assert atlas.command("batys").composition.get("en") in west
    assert "Headquarters: Atyrau" in west
    assert "Source: Source text: “Armed Forces of Kazakhstan”" in west
    # «East»: the source states no mission, and the notes say so instead of inventing one.
    assert "Mission: Not stated in the source." in by_command["shygys"].notes
    assert atlas.formed.quote.get("en") in by_command[None].notes


def test_the_default_deck_in_kazakh_quotes_the_kazakh_source(atlas):
    notes = default_deck(atlas, "kk").steps[3].notes
    assert atlas.command("batys").mission.get("kk") in notes
    assert "Дереккөз:" in notes


# -- round trips -------------------------------------------------------------------------

@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_default_deck_round_trips(atlas, lang):
    deck = default_deck(atlas, lang)
    assert read_deck_file(deck_to_json(deck), atlas) == replace(deck, id="")


def test_every_field_round_trips_and_text_stays_as_typed(atlas):
    deck = Deck(id="", title=SCRIPT, steps=(
        Step(title=SCRIPT, notes=f"{SCRIPT}\n- one\n\t- two\r\n&amp; [[[[[[ {{{{ \"quoted\"",
             view=StepView(division="2018", command="batys", oblast="atyrau",
                           visible=("batys", "astana"), show_labels=False, show_hq=False,
                           show_rivers=False, show_frontiers=True,
                           bounds=(46.5, 40.25, 62.0, 51.5), lang="kk")),
        Step(title="", view=StepView(division="2022", oblast="abai", lang="ru")),
    ))
    data = deck_to_json(deck)
    assert json.loads(data)["format"] == "kz-briefing-deck"
    assert read_deck_file(data, atlas) == deck


def test_left_out_fields_take_the_models_defaults(atlas):
    deck = read_deck_file(encode(document({"title": "Overview"},
                                          {"title": "West", "view": {"command": "batys"}})),
                          atlas)
    assert deck.steps[0] == Step(title="Overview")
    assert deck.steps[1].view == StepView(command="batys")


def test_a_byte_order_mark_is_no_fault(atlas):
    assert read_deck_file(b"\xef\xbb\xbf" + encode(document()), atlas).title == \
        "Western frontier"


# -- hostile files -----------------------------------------------------------------------

def test_a_200_mb_payload_is_refused_by_its_length_before_decoding(atlas):
    # Not UTF-8 and not JSON either: only a length check made before both names it "too large".
    payload = b"\xff" * (200 * 1024 * 1024)
    error = refusal(payload, atlas)
    assert error.key == "deck_error_too_large"
    del payload


def test_the_limit_is_256_kb(atlas):
    small = encode(document())
    padded = small[:-1] + b" " * (MAX_FILE_BYTES - len(small)) + b"}"
    assert len(padded) == MAX_FILE_BYTES
    assert read_deck_file(padded, atlas).title == "Western frontier"
    assert refusal(padded + b" ", atlas).key == "deck_error_too_large"


def test_ten_thousand_steps_are_refused_naming_the_steps(atlas):
    error = refusal(encode(document(*[{"title": "x"}] * 10_000)), atlas)
    assert (error.key, error.field, error.values["count"]) == \
        ("deck_error_too_many_steps", "steps", 10_000)
    assert read_deck_file(encode(document(*[{"title": "x"}] * MAX_STEPS)), atlas)


@pytest.mark.parametrize("data", [
    b"[" * 100_000 + b"]" * 100_000,
    b'{"format": "kz-briefing-deck", "version": 1, "title": "x", "steps": [{"title": "a", '
    b'"view": {"bounds": [[[1]]]}}]}',
    b"{" + b'"a":{' * 20_000 + b"}" * 20_001,
], ids=["arrays", "bounds-in-bounds", "objects"])
def test_deep_nesting_is_refused_before_parsing(atlas, data):
    assert refusal(data, atlas).key == "deck_error_nesting"


def test_brackets_inside_text_are_no_nesting(atlas):
    notes = '[[[[[[[[{{{{{{ \\" ]]]'
    data = encode(document({"title": "a", "notes": notes}))
    assert read_deck_file(data, atlas).steps[0].notes == notes


@pytest.mark.parametrize("data", [
    b'"' + b'\\"' * 120_000,  # a string left open over escaped quotes: once 20 s for 40 KB
    b'"' + b'\\"' * 120_000 + b"\\",
    b'"a' * 120_000,
    b"\\" * 250_000,
    b'["' + b"[" * 200_000,
], ids=["escaped-quotes", "escaped-quotes-backslash", "quotes", "backslashes", "open-string"])
def test_text_made_to_stall_the_scan_is_refused_at_once(atlas, data):
    # Not timed (speed is the benchmark's): a scan that backtracked would take minutes here.
    assert refusal(data, atlas).key == "deck_error_not_json"


@pytest.mark.parametrize("data,key", [
    (b"\xff\xfe{}", "deck_error_encoding"),
    (b'{"format": "kz-briefing-deck", "version": 1,', "deck_error_not_json"),
    (b"", "deck_error_not_json"),
    (b'{"format": "kz-briefing-deck", "version": 1, "title": NaN, "steps": []}',
     "deck_error_not_json"),
    (b'{"format": "kz-briefing-deck", "version": 1, "title": "x", "steps": [{"title": "a", '
     b'"view": {"bounds": [1' + b"0" * 5000 + b', 1, 2, 3]}}]}', "deck_error_not_json"),
    (b'{"format": "kz-briefing-deck", "format": "kz-briefing-deck"}',
     "deck_error_duplicate_key"),
    (b'"kz-briefing-deck"', "deck_error_format"),
    (b'{"format": "geojson", "version": 1}', "deck_error_format"),
    (b'{"format": "kz-briefing-deck", "version": 2}', "deck_error_version"),
    (b'{"format": "kz-briefing-deck", "version": true}', "deck_error_version"),
    (b'{"format": "kz-briefing-deck", "version": "1"}', "deck_error_version"),
], ids=lambda value: value if isinstance(value, str) else "file")
def test_what_is_no_deck_file_is_refused_with_its_reason(atlas, data, key):
    assert refusal(data, atlas).key == key


def test_a_json_error_names_the_line_and_column(atlas):
    error = refusal(b'{\n "format": "kz-briefing-deck",\n "version": 1,,\n}', atlas)
    assert (error.values["line"], error.values["column"]) == (3, 15)


@pytest.mark.parametrize("change,key,step,field", [
    ({"title": 7}, "deck_error_type", None, "title"),
    ({"title": "  "}, "deck_error_blank", None, "title"),
    ({"title": "x" * (MAX_TITLE_CHARS + 1)}, "deck_error_too_long", None, "title"),
    ({"title": "a\x00b"}, "deck_error_control", None, "title"),
    ({"title": "a\nb"}, "deck_error_control", None, "title"),
    ({"steps": {"title": "x"}}, "deck_error_type", None, "steps"),
    ({"steps": []}, "deck_error_no_steps", None, "steps"),
    ({"owner": "me"}, "deck_error_unknown_key", None, "owner"),
])
def test_a_wrong_deck_field_is_named(atlas, change, key, step, field):
    data = document()
    data.update(change)
    error = refusal(encode(data), atlas)
    assert (error.key, error.step, error.field) == (key, step, field)


def test_a_missing_title_is_named(atlas):
    data = document()
    del data["title"]
    error = refusal(encode(data), atlas)
    assert (error.key, error.field) == ("deck_error_missing", "title")


GOOD = {"title": "fine"}


@pytest.mark.parametrize("bad,key,field", [
    ("not a step", "deck_error_type", "steps"),
    ({}, "deck_error_missing", "title"),
    ({"title": None}, "deck_error_type", "title"),
    ({"title": ["a"]}, "deck_error_type", "title"),
    ({"title": "x" * (MAX_TITLE_CHARS + 1)}, "deck_error_too_long", "title"),
    ({"title": "ok", "notes": "x" * (MAX_NOTES_CHARS + 1)}, "deck_error_too_long", "notes"),
    ({"title": "ok", "notes": 12}, "deck_error_type", "notes"),
    ({"title": "ok", "notes": "bell\x07"}, "deck_error_control", "notes"),
    ({"title": "ok", "notes": "escape \x1b[31m"}, "deck_error_control", "notes"),
    ({"title": "ok", "notes": "c1 \x85"}, "deck_error_control", "notes"),
    ({"title": "lone \ud800 surrogate"}, "deck_error_control", "title"),
    # Noncharacters XML cannot hold (python-pptx refused to write such a title).
    ({"title": "T\uffff"}, "deck_error_control", "title"),
    ({"title": "ok", "notes": "n\ufffe"}, "deck_error_control", "notes"),
    ({"title": "ok", "script": SCRIPT}, "deck_error_unknown_key", "script"),
    ({"title": "ok", "view": []}, "deck_error_type", "view"),
    ({"title": "ok", "view": {"zoom": 5}}, "deck_error_unknown_key", "view.zoom"),
    ({"title": "ok", "view": {"command": 3}}, "deck_error_type", "view.command"),
    ({"title": "ok", "view": {"command": {"id": "batys"}}}, "deck_error_type", "view.command"),
    ({"title": "ok", "view": {"command": "b" * 65}}, "deck_error_too_long", "view.command"),
    ({"title": "ok", "view": {"oblast": "a\x00"}}, "deck_error_control", "view.oblast"),
    ({"title": "ok", "view": {"show_hq": "yes"}}, "deck_error_type", "view.show_hq"),
    ({"title": "ok", "view": {"show_labels": 1}}, "deck_error_type", "view.show_labels"),
    ({"title": "ok", "view": {"show_frontiers": None}}, "deck_error_type",
     "view.show_frontiers"),
    ({"title": "ok", "view": {"visible": "batys"}}, "deck_error_type", "view.visible"),
    ({"title": "ok", "view": {"visible": [1]}}, "deck_error_type", "view.visible"),
    ({"title": "ok", "view": {"visible": ["batys", "batys"]}}, "deck_error_listed_twice",
     "view.visible"),
    ({"title": "ok", "view": {"bounds": [1, 2, 3]}}, "deck_error_type", "view.bounds"),
    ({"title": "ok", "view": {"bounds": [46, 40, "62", 51]}}, "deck_error_type",
     "view.bounds"),
    ({"title": "ok", "view": {"bounds": [46, 40, True, 51]}}, "deck_error_type",
     "view.bounds"),
    ({"title": "ok", "view": {"bounds": {"west": 46}}}, "deck_error_type", "view.bounds"),
    ({"title": "ok", "view": {"bounds": [62, 40, 46, 51]}}, "deck_error_bounds",
     "view.bounds"),
    ({"title": "ok", "view": {"bounds": [46, 51, 62, 40]}}, "deck_error_bounds",
     "view.bounds"),
    ({"title": "ok", "view": {"bounds": [46, 40, 200, 51]}}, "deck_error_bounds",
     "view.bounds"),
    ({"title": "ok", "view": {"bounds": [46, -95, 62, 51]}}, "deck_error_bounds",
     "view.bounds"),
    ({"title": "ok", "view": {"lang": 1}}, "deck_error_type", "view.lang"),
])
def test_a_wrong_step_is_named_by_its_number_and_field(atlas, bad, key, field):
    error = refusal(encode(document(GOOD, GOOD, bad)), atlas)
    assert (error.key, error.step, error.field) == (key, 3, field)
    assert error.message("en").startswith(f"Step 3, {field}: ")


@pytest.mark.parametrize("view,key,field", [
    ({"division": "2019"}, "deck_error_unknown_division", "view.division"),
    ({"command": "north"}, "deck_error_unknown_command", "view.command"),
    ({"command": SCRIPT[:60]}, "deck_error_unknown_command", "view.command"),
    ({"visible": ["astana", "sever"]}, "deck_error_unknown_command", "view.visible"),
    ({"oblast": "xyz"}, "deck_error_unknown_region", "view.oblast"),
    ({"oblast": "Atyrau"}, "deck_error_unknown_region", "view.oblast"),  # ids, not names
    # Abai is a region of today's division, not of 2018's (that one draws East Kazakhstan).
    ({"division": "2018", "oblast": "abai"}, "deck_error_unknown_region", "view.oblast"),
    ({"command": "astana", "oblast": "atyrau"}, "deck_error_wrong_command", "view.command"),
    ({"lang": "de"}, "deck_error_unknown_language", "view.lang"),
])
def test_ids_the_data_does_not_know_are_named(atlas, view, key, field):
    error = refusal(encode(document(GOOD, {"title": "bad", "view": view})), atlas)
    assert (error.key, error.step, error.field) == (key, 2, field)


def test_the_refusal_quotes_the_value_and_the_division(atlas):
    error = refusal(encode(document(GOOD, GOOD, {"title": "x", "view": {"oblast": "xyz"}})),
                    atlas)
    assert str(error) == "Step 3, view.oblast: “xyz” is no region of the 2022 division"
    assert error.message("ru") == \
        "Шаг 3, view.oblast: «xyz» — такого региона нет в делении 2022 года"


def test_script_in_every_text_is_kept_as_typed_and_never_trusted(atlas):
    steps = [{"title": SCRIPT, "notes": SCRIPT,
              "view": {"division": "2022", "command": "batys", "oblast": "atyrau"}}] * 3
    deck = read_deck_file(encode(document(*steps, title=SCRIPT)), atlas)
    assert deck.title == SCRIPT and all(s.title == s.notes == SCRIPT for s in deck.steps)
    assert deck.id == "" and deck.version == 0  # not stored until the store creates it


def test_parse_deck_checks_the_structure_only(atlas):
    # The store reads its own rows this way: a region the data no longer has is no fault
    # there, the upload refuses it.
    data = encode(document({"title": "x", "view": {"oblast": "gone"}}))
    assert parse_deck(data).steps[0].view.oblast == "gone"
    assert refusal(data, atlas).key == "deck_error_unknown_region"
