"""One language per screen: every screen and every export in Kazakh and Russian, rendered,
holds no run of Latin words but proper names, source titles, publishers and addresses."""

from __future__ import annotations

import csv
import io
import re
from datetime import date

import pytest
from pypdf import PdfReader

from components import content, exports
from components.composer import COMPOSER_KEY
from components.sidebar import DOWNLOADS_KEY
from tests.app_driver import open_expander, page_text, run_app
from tests.test_content import latin_runs

DAY = date(2026, 11, 26)
SCREENS = [{}, {"command": "astana"}, {"command": "shygys"}, {"oblast": "almaty-city"},
           {"oblast": "baikonur"}, {"oblast": "abai"}, {"oblast": "shymkent"},
           {"mode": "briefing"}, {"mode": "briefing", "command": "batys"},
           {"command": "nowhere", "zoom": "3"},  # with notices
           {"commands": "astana,batys"}]  # the map's description says what the filter hides


def cleaned(atlas, lang: str, text: str) -> str:
    """`text` without what may be Latin in any language: sources' titles, publishers and
    addresses (cited as they are published), and file names. Whitespace is made single first:
    a PDF's footer wraps a title at any space."""
    text = " ".join(text.split())
    for line in content.sources(atlas, atlas.sources, lang):
        for part in (line.title, line.publisher, line.url):
            if part:
                text = text.replace(part, " ")
    return re.sub(r"\S+\.(?:pdf|png|html|geojson|csv)\b|https?://\S+", " ", text)


@pytest.mark.parametrize("lang", ["kk", "ru"])
@pytest.mark.parametrize("query", SCREENS, ids=lambda q: "&".join(f"{k}={v}" for k, v in q.items())
                         or "overview")
def test_every_screen_speaks_one_language(atlas, lang, query):
    # The downloads and the composer opened: what is in them is drawn only when they are.
    at = open_expander(run_app(lang=lang, **query), DOWNLOADS_KEY, COMPOSER_KEY)
    text = page_text(at) + "\n" + "\n".join(w.label for w in at.get("download_button"))
    text += "\n" + "\n".join(b.label.replace("\\", "") for b in at.button)
    text += "\n" + "\n".join(str(getattr(w, "label", "")) for w in at.sidebar.children.values()
                             if hasattr(w, "label"))
    assert latin_runs(cleaned(atlas, lang, text)) == []


@pytest.mark.parametrize("lang", ["kk", "ru"])
@pytest.mark.parametrize(("query", "typed"), [
    ({}, "Atyrau"), ({}, "Семей"), ({}, "Алматы"), ({}, "жоқжер"),
    ({"mode": "briefing"}, "Shymkent")], ids=lambda v: str(v))
def test_search_results_speak_one_language(atlas, lang, query, typed):
    at = run_app(lang=lang, **query)
    at.text_input(key=f"search_{lang}").input(typed).run()
    text = page_text(at) + "\n" + "\n".join(b.label.replace("\\", "") for b in at.button)
    text += "\n" + "\n".join(w.label + " " + (w.help or "") for w in at.text_input)
    assert latin_runs(cleaned(atlas, lang, text.replace(typed, " "))) == []


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_every_export_speaks_one_language(atlas, lang):
    pdf = PdfReader(io.BytesIO(exports.briefing_pdf(atlas, lang, (), DAY)))
    text = "\n".join(page.extract_text() for page in pdf.pages)
    rows = list(csv.reader(io.StringIO(exports.commands_csv(atlas, lang).decode("utf-8-sig"))))
    text += "\n" + "\n".join(" ; ".join(row[1:]) for row in rows[1:])  # values, not the header
    html = exports.standalone_html(atlas, lang, ("astana", "batys")).decode("utf-8")
    # What the page writes besides the map: its header (title, date) and the legend's column.
    for part in (r"<header id=\"kz-export-header\">.*?</header>",
                 r"<aside id=\"kz-export-legend\".*?</aside>"):
        text += "\n" + re.sub(r"<[^>]+>", " ", re.search(part, html, re.S).group(0))
    assert latin_runs(cleaned(atlas, lang, text)) == []


def test_the_check_would_see_an_english_screen(atlas):
    """The guard is not vacuous: the same check on the English page finds English phrases."""
    text = page_text(run_app(lang="en", command="batys"))
    assert len(latin_runs(cleaned(atlas, "en", text))) > 10
