"""The first load draws less (issue 22, point 11: total blocking time): the Armed Forces
overview's statements, the map's description and the sources are drawn when their expander is
opened, not while it is closed, and opened they say what they said before, in the page's one
language."""

from __future__ import annotations

import pytest

from components import content
from components.i18n import tr
from components.panels import ARMED_FORCES_KEY, MAP_DESCRIPTION_KEY
from components.sidebar import SOURCES_KEY
from components.text import md_escape
from tests.app_driver import page_text, run_app
from tests.test_one_language import cleaned, latin_runs


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
