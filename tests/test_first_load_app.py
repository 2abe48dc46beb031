"""The first load draws less (issue 22, point 11: total blocking time): the Armed Forces
overview's statements, the map's description, the sources, the downloads and the deck composer
are drawn when their expander is opened, not while it is closed, and opened they say what they
said before, in the page's one language. The composer opens by itself when a deck opens, and
nothing typed in it is lost when it is closed."""

from __future__ import annotations

import html

import pytest

from components import content, exports
from components.composer import COMPOSER_KEY
from components.decks.store import open_store
from components.i18n import tr
from components.panels import ARMED_FORCES_KEY, MAP_DESCRIPTION_KEY, OPEN_SOURCE_NOTES_KEY
from components.sidebar import DOWNLOADS_KEY, SOURCES_KEY
from components.state import VIEW_KEY
from components.text import md_escape
from tests.app_driver import click_map, open_expander, page_text, run_app, widget, zoom_to
from tests.test_one_language import cleaned, latin_runs


@pytest.fixture
def decks_dir(tmp_path, monkeypatch):
    """A fresh decks' store (SQLite in a temp dir) for a test that uses the composer."""
    monkeypatch.setenv("KZ_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("KZ_DATABASE_URL", raising=False)
    return tmp_path


def statements(atlas, lang: str) -> list[str]:
    """The overview's statements as the page writes them (escaped markdown)."""
    return [md_escape(fact.statement.text) for fact in content.overview_facts(atlas, lang)]


def test_closed_statements_are_not_drawn(atlas):
    at = run_app(lang="en")
    facts = content.overview_facts(atlas, "en")
    labels = [e.label for e in at.expander]
    assert all(md_escape(fact.title) in labels for fact in facts)  # every expander is there
    drawn = "\n".join(e.value for e in at.markdown)
    assert not [text for text in statements(atlas, "en") if text in drawn]


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_an_opened_statement_is_drawn_with_its_source(atlas, lang):
    at = run_app(lang=lang)
    facts = content.overview_facts(atlas, lang)
    for index in range(len(facts)):
        at.session_state[f"{ARMED_FORCES_KEY}{index}"] = True
    at.run()
    assert not at.exception
    drawn = "\n".join(e.value for e in at.markdown)
    for fact, text in zip(facts, statements(atlas, lang), strict=True):
        assert text in drawn, fact.title
        assert md_escape(fact.source.text) in drawn, fact.title
    if lang != "en":  # the statements opened speak the page's language too
        assert latin_runs(cleaned(atlas, lang, page_text(at))) == []


def test_a_statement_closed_again_is_no_longer_drawn(atlas):
    at = run_app(lang="en")
    key = f"{ARMED_FORCES_KEY}0"
    at.session_state[key] = True
    at.run()
    first = statements(atlas, "en")[0]
    assert first in "\n".join(e.value for e in at.markdown)
    at.session_state[key] = False
    at.run()
    assert first not in "\n".join(e.value for e in at.markdown)


def test_the_map_description_is_drawn_when_opened():
    at = run_app(lang="en", commands="astana,batys")
    hidden = "Hidden by the filter and drawn grey"
    assert not [e for e in at.markdown if hidden in e.value]
    assert any(hidden in block.proto.body for block in at.get("html"))  # screen readers
    at.session_state[MAP_DESCRIPTION_KEY] = True
    at.run()
    assert [e for e in at.markdown if hidden in e.value]


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_the_sources_are_listed_when_opened(atlas, lang):
    at = run_app(lang=lang)
    credits = md_escape(tr(lang, "credits_text"))
    assert not [e for e in at.sidebar.caption if credits in e.value]
    at.session_state[SOURCES_KEY] = True
    at.run()
    listed = "\n".join(e.value for e in at.sidebar.caption)
    assert credits in listed
    for line in content.sources(atlas, atlas.sources, lang):
        assert md_escape(line.text) in listed
    if lang != "en":
        assert latin_runs(cleaned(atlas, lang, page_text(at))) == []


# --- the Downloads and the deck composer (sidebar), drawn when opened ---

def download_labels(at) -> list[str]:
    return [b.proto.label for b in at.get("download_button")]


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_the_downloads_are_drawn_when_opened(lang):
    at = run_app(lang=lang)
    assert tr(lang, "exports") in [e.label for e in at.sidebar.expander]  # the box is there
    assert download_labels(at) == []
    open_expander(at, DOWNLOADS_KEY)
    assert download_labels(at) == [tr(lang, fmt.label) for fmt in exports.FORMATS]
    at.session_state[DOWNLOADS_KEY] = False
    at.run()
    assert download_labels(at) == []


def test_the_downloads_stay_open_over_a_language_switch():
    at = open_expander(run_app(lang="en"), DOWNLOADS_KEY)
    widget(at, "radio", "lang").set_value("ru").run()
    assert download_labels(at) == [tr("ru", fmt.label) for fmt in exports.FORMATS]


def test_the_sources_stay_open_over_a_language_switch():
    at = open_expander(run_app(lang="en"), SOURCES_KEY)
    widget(at, "radio", "lang").set_value("kk").run()
    assert md_escape(tr("kk", "credits_text")) in "\n".join(e.value for e in at.sidebar.caption)


def composer_buttons(at) -> list[str]:
    return [b.key for b in at.sidebar.button if b.key and b.key.startswith("deck_")]


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_the_composer_is_drawn_when_opened(decks_dir, lang):
    at = run_app(lang=lang)
    assert tr(lang, "decks") in [e.label for e in at.sidebar.expander]
    assert composer_buttons(at) == []
    assert not at.get("file_uploader")
    open_expander(at, COMPOSER_KEY)
    assert {"deck_open_default", "deck_new"} <= set(composer_buttons(at))
    assert at.button(key="deck_new").label == tr(lang, "deck_new")
    assert [u.proto.label for u in at.get("file_uploader")] == [tr(lang, "deck_upload")]


def test_a_deck_opened_opens_the_composer_and_closing_it_keeps_the_list(decks_dir):
    linked = run_app(deck="default")  # a deck's link: the composer open at once
    assert "deck_copy" in composer_buttons(linked)
    at = open_expander(run_app(), COMPOSER_KEY)
    at.button(key="deck_new").click().run()
    assert "deck_add_step" in composer_buttons(at)
    at.button(key="deck_close").click().run()
    assert "deck_new" in composer_buttons(at)  # the list, where the deck now is
    at.session_state[COMPOSER_KEY] = False  # the viewer closes it
    at.run()
    assert composer_buttons(at) == []
    widget(at, "radio", "lang").set_value("kk").run()  # stays closed over a rerun
    assert composer_buttons(at) == []
    at.session_state[COMPOSER_KEY] = True
    at.run()
    at.button(key="deck_open_default").click().run()
    at.session_state[COMPOSER_KEY] = False
    at.run()
    assert composer_buttons(at) == []  # closed with a deck open: stays closed


def test_nothing_typed_is_lost_when_the_composer_is_closed_and_opened(decks_dir):
    at = open_expander(run_app(lang="ru"), COMPOSER_KEY)
    at.button(key="deck_new").click().run()
    deck = at.session_state[VIEW_KEY].deck
    title_key = f"deck_title_{deck}_ru"
    at.text_input(key=title_key).set_value("Утренний брифинг").run()
    assert title_key in [t.key for t in at.text_input]
    at.session_state[COMPOSER_KEY] = False
    at.run()
    assert title_key not in [t.key for t in at.text_input]  # the field is not drawn
    # The map goes on meanwhile (another command, another language), then the composer opens.
    zoom_to(at, "batys")
    widget(at, "radio", "lang").set_value("kk").run()
    open_expander(at, COMPOSER_KEY)
    assert at.text_input(key=f"deck_title_{deck}_kk").value == "Утренний брифинг"
    assert open_store(None).load(deck).title == "Утренний брифинг"


# --- fewer elements on the first load (issue 22 point 11, second session) ---

def node_count(block) -> int:
    """The Streamlit blocks and elements in `block` (itself included): what the browser's
    React lays out, one by one, on the first load."""
    children = getattr(block, "children", None)
    return 1 + sum(node_count(child) for child in (children or {}).values())


# The page beside the sidebar, first load; main had 43 on `/` (four columns of bordered cards)
# and 21 on a command (its statements and territories in two markdown blocks, the
# open-source notes drawn while closed).
@pytest.mark.parametrize(("query", "most"), [({}, 27), ({"command": "batys", "lang": "kk"}, 19)])
def test_the_first_page_sends_few_elements(query, most):
    at = run_app(**query)
    assert node_count(at.main) <= most


# Streamlit's select box and multiselect are its heaviest widgets for a browser's first load:
# their code (a combobox library, 20-odd files) arrives late and React draws each one in
# ~10-16 ms at Lighthouse's 4x slower CPU. The filter is checkboxes, the zoom and the
# briefing's language radio buttons; no page may bring them back.
@pytest.mark.parametrize("query", [{}, {"command": "batys", "lang": "kk"},
                                   {"mode": "briefing", "lang": "ru"},
                                   {"deck": "default", "mode": "presenter"}])
def test_no_page_draws_a_select_box(query):
    at = run_app(**query)
    assert (len(at.selectbox), len(at.multiselect)) == (0, 0)
    assert len(at.radio) >= 2  # the language and "Zoom to command"


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_the_overview_cards_are_one_element(atlas, lang):
    at = run_app(lang=lang)
    assert len(at.columns) == 2  # the map's and the panel's: no column per card
    blocks = [b.proto.body for b in at.get("html") if 'class="kz-cards"' in b.proto.body]
    assert len(blocks) == 1
    for card in content.command_cards(atlas, lang):
        for text in (card.title, card.hq, ", ".join(card.oblast_names), card.area_share):
            assert html.escape(text) in blocks[0], text
        assert f"background:{card.colour}" in blocks[0]
    if lang != "en":
        assert latin_runs(cleaned(atlas, lang, page_text(at))) == []


def notes_drawn(at, atlas, command: str, lang: str) -> bool:
    notes = [md_escape(f"• {text}")
             for text, _source in content.command_card(atlas, command, lang).open_source_notes]
    drawn = "\n".join(e.value for e in at.markdown)
    assert notes
    return all(note in drawn for note in notes)


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_the_open_source_notes_are_drawn_when_opened(atlas, lang):
    at = run_app(command="shygys", lang=lang)
    assert md_escape(tr(lang, "open_source_notes")) in [e.label for e in at.expander]
    assert not notes_drawn(at, atlas, "shygys", lang)
    open_expander(at, OPEN_SOURCE_NOTES_KEY)
    assert notes_drawn(at, atlas, "shygys", lang)
    assert md_escape(tr(lang, "open_source_caveat")) in "\n".join(e.value for e in at.markdown)
    if lang != "en":
        assert latin_runs(cleaned(atlas, lang, page_text(at))) == []


def test_the_open_source_notes_stay_open_from_command_to_command_and_language(atlas):
    at = open_expander(run_app(command="shygys"), OPEN_SOURCE_NOTES_KEY)
    zoom_to(at, "batys")
    assert notes_drawn(at, atlas, "batys", "en")
    widget(at, "radio", "lang").set_value("ru").run()
    assert notes_drawn(at, atlas, "batys", "ru")


# --- the first run in shorter browser tasks (issue 22 point 11, third session) ---

@pytest.fixture
def pauses(monkeypatch):
    """The length of each first-run pause the page makes, in order."""
    from components import state

    made: list[float] = []
    monkeypatch.setattr(state, "sleep", made.append)
    return made


@pytest.mark.parametrize("query", [{}, {"command": "batys", "lang": "kk"},
                                   {"mode": "briefing", "lang": "ru"}])
def test_a_first_run_pauses_after_the_sidebar_and_the_map_and_no_later_run(pauses, query):
    from components.state import FIRST_RUN_PAUSE_S

    at = run_app(**query)
    assert pauses == [FIRST_RUN_PAUSE_S, FIRST_RUN_PAUSE_S]
    click_map(at, {"code": "karaganda"})  # a click on the map, right after the first run
    widget(at, "toggle", "rivers").set_value(False).run()  # a sidebar switch
    assert not at.exception
    assert pauses == [FIRST_RUN_PAUSE_S, FIRST_RUN_PAUSE_S]
