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
from tests.app_driver import page_text, run_app, url

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


@pytest.fixture(scope="module")
def division_surfaces(atlas):
    """Per division: the English PDF's pages and CSV rows, made once."""
    out = {}
    for division in atlas.divisions:
        drawn = atlas.in_division(division.id)
        reader = PdfReader(io.BytesIO(exports.briefing_pdf(drawn, "en", (), DAY)))
        rows = list(csv.reader(io.StringIO(exports.commands_csv(drawn, "en")
                                           .decode("utf-8-sig"))))
        out[division.id] = ([flat(page.extract_text()) for page in reader.pages],
                            {row[0]: dict(zip(rows[0], row, strict=True)) for row in rows[1:]})
    return out


def test_a_link_to_each_territory_of_each_division_selects_it_and_every_surface_agrees(
        atlas, division_surfaces):
    """20 territories today, 17 in 2018: the link selects each, its panel names it and its
    command, and the PDF page and the CSV row of that command list it."""
    counts = {}
    for division in atlas.divisions:
        drawn = atlas.in_division(division.id)
        pages, rows = division_surfaces[division.id]
        extra = {} if division.id == atlas.division.id else {"division": division.id}
        for code, row in drawn.territories.iterrows():
            at = run_app(oblast=code, **extra)
            assert url(at) == {**extra, "oblast": code, "command": row["command"]}, code
            text = flat(page_text(at))
            assert row["name_en"] in text and content.command_label(
                drawn, row["command"], "en") in text, code
            index = [c.id for c in drawn.commands].index(row["command"])
            assert row["name_en"] in pages[1 + index], (division.id, code)
            if row["kind"] == "oblast":
                assert row["name_en"] in rows[row["command"]]["oblasts"], (division.id, code)
            derived = drawn.origin(code) is not None
            assert (row["name_en"] in rows[row["command"]]["oblasts_derived"]) == derived
        counts[division.id] = len(drawn.territories)
    assert counts == {"2022": 20, "2018": 17}
