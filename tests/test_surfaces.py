"""Every surface states the same facts with the same sources: the explore panel, the
briefing panel, the PDF page and the CSV row of each command, in each language, all laid out
from one record of components/content.py."""

from __future__ import annotations

import csv
import io
import re
from datetime import date

import pytest
from pypdf import PdfReader

from components import content, exports
from geo.schema import LANGUAGES
from tests.app_driver import page_text, run_app

DAY = date(2026, 11, 26)


def flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


@pytest.fixture(scope="module", params=LANGUAGES)
def lang(request):
    return request.param


@pytest.fixture(scope="module")
def pdf_pages(atlas, lang):
    reader = PdfReader(io.BytesIO(exports.briefing_pdf(atlas, lang, (), DAY)))
    return [flat(page.extract_text()) for page in reader.pages]


@pytest.fixture(scope="module")
def csv_rows(atlas, lang):
    rows = list(csv.reader(io.StringIO(exports.commands_csv(atlas, lang).decode("utf-8-sig"))))
    return {row[0]: dict(zip(rows[0], row, strict=True)) for row in rows[1:]}


def facts(card: content.CommandCard) -> list[str]:
    """What every surface must state about a command."""
    stated = [card.title, card.hq, card.area, card.share, card.mission.text,
              card.composition.text]
    if card.mission.original:
        stated.append(card.mission.original)
    return stated


@pytest.mark.parametrize("index", range(4))
def test_panel_briefing_pdf_and_csv_agree_on_each_command(atlas, lang, pdf_pages, csv_rows,
                                                          index):
    command_id = atlas.commands[index].id
    card = content.command_card(atlas, command_id, lang)
    panel = flat(page_text(run_app(command=command_id, lang=lang)))
    briefing = flat(page_text(run_app(command=command_id, lang=lang, mode="briefing")))
    page = pdf_pages[1 + index]
    for fact in facts(card):
        assert flat(fact) in panel, ("panel", fact)
        assert flat(fact) in briefing, ("briefing", fact)
        assert flat(fact) in page, ("pdf", fact)
    for source in card.sources:  # the panel and the PDF cite the same sources
        assert flat(source.text) in panel, ("panel", source.key)
        assert flat(source.text) in page, ("pdf", source.key)
    for name in card.oblast_names:
        assert name in panel and name in briefing and name in page
    row = csv_rows[command_id]
    assert (row["name"], row["hq"], row["mission"]) == (card.title, card.hq, card.mission.text)
    assert row["oblasts"] == "; ".join(card.oblast_names)


def test_the_legend_is_the_same_in_the_sidebar_and_the_html(atlas, lang):
    visible = ("astana", "batys")
    entries = content.legend(atlas, lang, visible)
    html = exports.standalone_html(atlas, lang, visible).decode("utf-8")
    sidebar = flat(page_text(run_app(lang=lang, commands="astana,batys")))
    for entry in entries:
        assert entry.label in sidebar
        if not entry.hidden:
            assert entry.label.replace("«", "&laquo;") in html or entry.label in html
