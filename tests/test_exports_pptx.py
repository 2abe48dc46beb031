"""The deck as PowerPoint, opened with python-pptx: slides, titles, editable text, one 1920×1080
map per step (the PNG slide of that step), notes and sources, in kk, ru and en, for the
built-in deck and a composed one; and rendered by LibreOffice Impress (slow)."""

from __future__ import annotations

import functools
import io
import re
import shutil
import subprocess
from datetime import UTC, date, datetime

import pytest
from PIL import Image
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE

from components import content, exports
from components.decks.default import default_deck
from components.decks.model import MAX_NOTES_CHARS, MAX_TITLE_CHARS, Deck, Step, StepView
from components.exports.deck_plan import deck_sources, plan_deck, source_text, tour
from components.i18n import LANGUAGE_NAMES, tr
from geo.atlas import load_atlas
from tests.conftest import DATA_DIR
from tests.validators import _missing

DAY = date(2026, 12, 4)
EPOCH = 1764806400  # 2025-12-04 00:00 UTC
ATLAS = load_atlas(DATA_DIR)
KAZAKH_LETTERS = "әғқңөұүһі"
COMPOSED = Deck("west", "Әр шаһардың ғасырлық қорғаны: өңір, ұлт, үміт, іс", (
    Step("Батыс пен Каспий", "Бүгінгі сұрақ:\n- батыс шекара\n- Каспий жағалауы",
         StepView(visible=("batys", "ontustik"), bounds=(46.0, 40.0, 62.0, 52.0))),
    Step("«Батыс» қолбасшылығы", "қаһарман: ә ғ қ ң ө ұ ү һ і", StepView(command="batys")),
    Step("Атырау, 2018", "", StepView(division="2018", oblast="atyrau", lang="ru")),
    Step("Abai <script>alert(1)</script> & co", "Formed in 2022.\n\n<b>not bold</b>",
         StepView(oblast="abai", lang="en", show_labels=False)),
    # As long as a deck file allows: the title shrinks to fit above the map.
    Step(("Өңірлік қолбасшылықтар: ұзын тақырып " * 6)[:MAX_TITLE_CHARS],
         ("- жазба: Қазақстанның өңірлері\n" * 200)[:MAX_NOTES_CHARS], StepView()),
))


@functools.cache
def pptx_bytes(deck_key: str, lang: str) -> bytes:
    deck = COMPOSED if deck_key == "composed" else tour(ATLAS, lang)
    return exports.make("pptx", ATLAS, lang, (), DAY, deck=deck)


def opened(deck_key: str, lang: str):
    return Presentation(io.BytesIO(pptx_bytes(deck_key, lang)))


def deck_of(deck_key: str, lang: str) -> Deck:
    return COMPOSED if deck_key == "composed" else tour(ATLAS, lang)


def texts(slide) -> list[str]:
    """The text of each text box (not the title) on a slide."""
    return [shape.text_frame.text for shape in slide.shapes
            if shape.has_text_frame and shape != slide.shapes.title]


def pictures(slide) -> list:
    return [shape for shape in slide.shapes if shape.shape_type == MSO_SHAPE_TYPE.PICTURE]


def every_run(prs):
    for slide in prs.slides:
        frames = [s.text_frame for s in slide.shapes if s.has_text_frame]
        if slide.has_notes_slide:
            frames.append(slide.notes_slide.notes_text_frame)
        for frame in frames:
            for paragraph in frame.paragraphs:
                yield from paragraph.runs


DECKS = [("default", "kk"), ("default", "ru"), ("default", "en"), ("composed", "kk")]


@pytest.mark.parametrize(("deck_key", "lang"), DECKS)
def test_a_title_slide_a_slide_per_step_and_the_sources_last(deck_key, lang):
    deck, prs = deck_of(deck_key, lang), opened(deck_key, lang)
    slides = list(prs.slides)
    assert len(slides) == 1 + len(deck.steps) + 1
    assert (prs.slide_width, prs.slide_height) == (12192000, 6858000)  # 16:9
    first = slides[0]
    assert first.shapes.title.text == deck.title
    subtitle = first.placeholders[1].text_frame.text
    assert f"{tr(lang, 'deck_date')}: {content.format_date(lang, DAY)}" in subtitle
    divisions = dict.fromkeys(s.atlas.division.title.get(lang)
                              for s in plan_deck(deck, ATLAS, lang))
    assert f"{tr(lang, 'division')}: {'; '.join(divisions)}" in subtitle
    assert f"{tr(lang, 'language')}: {LANGUAGE_NAMES[lang]}" in subtitle
    for slide, step in zip(slides[1:-1], deck.steps, strict=True):
        assert slide.shapes.title.text == step.title
    assert slides[-1].shapes.title.text == tr(lang, "sources")


@pytest.mark.parametrize(("deck_key", "lang"), DECKS)
def test_each_step_slide_has_its_map_its_key_facts_as_text_and_its_notes(deck_key, lang):
    deck, prs = deck_of(deck_key, lang), opened(deck_key, lang)
    planned = plan_deck(deck, ATLAS, lang)
    for slide, step in zip(list(prs.slides)[1:-1], planned, strict=True):
        [picture] = pictures(slide)
        assert Image.open(io.BytesIO(picture.image.blob)).size == (1920, 1080)
        assert picture._element.nvPicPr.cNvPr.get("descr")  # alt text for a screen reader
        # Editable text: the key facts are a text box, in the step's language.
        boxes = texts(slide)
        facts = next(text for text in boxes if text.startswith(
            content.territory_row(step.atlas, step.oblast, step.lang).name if step.oblast
            else content.command_label(step.atlas, step.command, step.lang) if step.command
            else content.command_label(step.atlas, step.visible[0], step.lang)))
        if step.oblast:
            row = content.territory_row(step.atlas, step.oblast, step.lang)
            for part in (row.command_title, row.centre, row.area, row.share):
                assert part in facts
        elif step.command:
            card = content.command_card(step.atlas, step.command, step.lang)
            for part in (card.title, card.hq, card.area, card.share, *card.oblast_names):
                assert part in facts
        else:  # the overview: every command shown, and only those
            for card in content.command_cards(step.atlas, step.lang):
                assert (card.title in facts) == (card.id in step.visible)
                assert (card.hq in facts) == (card.id in step.visible)
        [box] = [shape for shape in slide.shapes if shape.name == "key facts"]
        assert box.text_frame.text == facts
        bold = [p.runs[0].text for p in box.text_frame.paragraphs if p.runs[0].font.bold]
        assert bold == ([facts.split("\n")[0]] if step.command else
                        [content.command_label(step.atlas, c, step.lang) for c in step.visible])
        footer = tr(step.lang, "step", step=step.number, total=len(planned))
        assert any(text.endswith(footer) for text in boxes)
        notes = slide.notes_slide.notes_text_frame.text if slide.has_notes_slide else ""
        assert notes == step.notes


def test_each_map_is_the_png_slide_of_its_step():
    """Drawn as the PNG slides are: the step's division, filter, selection, language and
    bounds (the composed deck has one of each)."""
    prs = opened("composed", "kk")
    for slide, step in zip(list(prs.slides)[1:-1], plan_deck(COMPOSED, ATLAS, "kk"),
                           strict=True):
        [picture] = pictures(slide)
        assert picture.image.blob == exports.slide_png(
            step.atlas, step.lang, step.visible, DAY, step.command, step.oblast,
            bounds=step.bounds, show_labels=step.show_labels)
    # The 2018 step in Russian, the Abai step in English in the 2022 division.
    steps = plan_deck(COMPOSED, ATLAS, "kk")
    assert (steps[2].atlas.division.id, steps[2].lang) == ("2018", "ru")
    assert (steps[3].atlas.division.id, steps[3].lang, steps[3].command) == ("2022", "en",
                                                                              "shygys")


def test_the_default_deck_is_the_tour_with_the_source_talking_points():
    deck = default_deck(ATLAS, "kk")
    prs = opened("default", "kk")
    step_slides = list(prs.slides)[1:-1]
    assert [s.shapes.title.text for s in step_slides] == [s.title for s in deck.steps]
    for slide, step in zip(step_slides, deck.steps, strict=True):
        assert slide.notes_slide.notes_text_frame.text == step.notes
    # A view the tour comes back to is one picture in the package, shown twice.
    first, last = pictures(step_slides[0])[0], pictures(step_slides[-1])[0]
    assert first.image.sha1 == last.image.sha1
    assert len({pictures(s)[0].image.sha1 for s in step_slides}) == len(ATLAS.commands) + 1


@pytest.mark.parametrize(("deck_key", "lang"), DECKS)
def test_the_sources_slide_names_every_source_the_steps_rest_on(deck_key, lang):
    deck, prs = deck_of(deck_key, lang), opened(deck_key, lang)
    text = "\n".join(texts(list(prs.slides)[-1]))
    lines = deck_sources(plan_deck(deck, ATLAS, lang), lang)
    assert text.split("\n") == [source_text(line) for line in lines]
    expected = {line.title for line in content.overview_sources(ATLAS, lang)}
    for command in {s.view.command for s in deck.steps} - {None}:
        expected |= {line.title for line in content.command_card(ATLAS, command, lang).sources}
    for title in expected:
        assert title in text


def test_kazakh_letters_reach_every_kind_of_text_intact():
    prs = opened("composed", "kk")
    slides = list(prs.slides)
    assert slides[0].shapes.title.text == COMPOSED.title
    assert set(KAZAKH_LETTERS) <= set(COMPOSED.title.lower())
    notes = slides[2].notes_slide.notes_text_frame.text
    assert notes == "қаһарман: ә ғ қ ң ө ұ ү һ і"
    facts = "\n".join(texts(slides[2]))
    assert "Штаб: Атырау" in facts
    assert "облысы" in facts  # «Ақтөбе облысы, Атырау облысы, …»
    all_text = "".join(run.text for run in every_run(prs))
    assert set(KAZAKH_LETTERS) <= set(all_text.lower())


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_every_run_is_set_in_a_font_with_the_kazakh_letters_and_says_its_language(lang):
    prs = opened("default", lang)
    runs = list(every_run(prs))
    assert runs
    assert {run.font.name for run in runs} == {"DejaVu Sans"}
    assert {str(run.font.language_id) for run in runs} == {
        {"kk": "KAZAKH (1087)", "ru": "RUSSIAN (1049)", "en": "ENGLISH_UK (2057)"}[lang]}


def test_text_from_a_deck_stays_text():
    prs = opened("composed", "kk")
    slide = list(prs.slides)[4]
    assert slide.shapes.title.text == "Abai <script>alert(1)</script> & co"
    assert slide.notes_slide.notes_text_frame.text == "Formed in 2022.\n\n<b>not bold</b>"
    xml = slide.shapes.title._element.xml
    assert "&lt;script&gt;" in xml and "<script>" not in xml


def test_the_same_deck_made_twice_is_the_same_bytes_dated_by_source_date_epoch(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(EPOCH))
    deck = Deck("one", "Бір қадам", (Step("Шолу", "", StepView()),))
    first = exports.make("pptx", ATLAS, "kk", (), DAY, deck=deck)
    second = exports.make("pptx", ATLAS, "kk", (), DAY, deck=deck)
    assert first == second
    props = Presentation(io.BytesIO(first)).core_properties
    assert props.created == props.modified == datetime.fromtimestamp(EPOCH, UTC).replace(
        tzinfo=None)
    assert (props.title, props.language) == ("Бір қадам", "kk-KZ")


def test_a_long_title_shrinks_to_fit_its_box_and_a_short_one_does_not():
    from components.exports.pptx import TITLE_H_IN, TITLE_PT, fitted_size

    prs = opened("composed", "kk")
    long_title = list(prs.slides)[5].shapes.title
    assert long_title.text_frame.text == COMPOSED.steps[4].title
    size = long_title.text_frame.paragraphs[0].runs[0].font.size.pt
    assert 14 <= size < TITLE_PT
    assert size == fitted_size(COMPOSED.steps[4].title, 12.333, TITLE_H_IN, TITLE_PT)
    short = list(prs.slides)[1].shapes.title.text_frame.paragraphs[0].runs[0].font.size.pt
    assert short == TITLE_PT


def test_a_long_list_of_sources_goes_on_to_another_slide():
    from components.exports.pptx import sources_pages

    lines = [f"Дереккөз {n}: " + "ұзын атау " * 30 for n in range(40)]
    size, pages = sources_pages(lines, 12.5, 5.9)
    assert size == 10 and len(pages) > 1
    assert [line for page in pages for line in page] == lines
    size, pages = sources_pages(lines[:3], 12.5, 5.9)
    assert size == 14 and pages == [lines[:3]]


# -- rendered by LibreOffice Impress --------------------------------------------------------

def impress_pdf(pptx: bytes, tmp_path) -> bytes:
    soffice = shutil.which("soffice")
    if soffice is None:
        _missing("soffice (libreoffice-impress)")
    source = tmp_path / "deck.pptx"
    source.write_bytes(pptx)
    subprocess.run([soffice, f"-env:UserInstallation=file://{tmp_path}/profile", "--headless",
                    "--convert-to", "pdf", "--outdir", str(tmp_path), str(source)],
                   capture_output=True, timeout=300, check=True)
    return (tmp_path / "deck.pdf").read_bytes()


def pdftotext(pdf: bytes, tmp_path) -> list[str]:
    """The text of each page (poppler's pdftotext)."""
    path = tmp_path / "rendered.pdf"
    path.write_bytes(pdf)
    done = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True,
                          text=True, timeout=120, check=True)
    return done.stdout.split("\f")[:-1]


@pytest.mark.slow
@pytest.mark.parametrize("deck_key", ["default", "composed"])
def test_libreoffice_impress_renders_a_page_per_slide_with_the_kazakh_text(deck_key, tmp_path):
    deck, prs = deck_of(deck_key, "kk"), opened(deck_key, "kk")
    pages = pdftotext(impress_pdf(pptx_bytes(deck_key, "kk"), tmp_path), tmp_path)
    assert len(pages) == len(prs.slides)

    def words(text: str) -> str:
        return " ".join(re.split(r"\s+", text)).strip()

    assert words(deck.title) in words(pages[0])
    for page, step in zip(pages[1:-1], plan_deck(deck, ATLAS, "kk"), strict=True):
        assert words(step.title) in words(page)
        if step.command and not step.oblast:
            card = content.command_card(step.atlas, step.command, step.lang)
            assert f"{tr(step.lang, 'hq')}: {card.hq}" in words(page)
        if step.notes:  # the notes are the speaker's, never on the slide
            assert step.notes.split("\n")[-1] not in page
    assert tr("kk", "sources") in pages[-1]
    assert set(KAZAKH_LETTERS) - {"һ"} <= set("".join(pages).lower())
    if deck_key == "composed":
        assert set(KAZAKH_LETTERS) <= set(pages[0].lower())


def test_the_downloads_make_the_open_deck_and_without_one_the_tour():
    """The sidebar's Downloads: a deck open in the page (composed or presented) is what the
    PowerPoint holds; with none open, the built-in tour."""
    from components import sidebar, state
    from components.view import from_url

    box = state.ViewBox()
    box.view = from_url({"lang": "kk"}, ATLAS)
    with_deck = Presentation(io.BytesIO(
        sidebar.export_of_shown_view("pptx", ATLAS, box, DAY, COMPOSED)))
    without = Presentation(io.BytesIO(sidebar.export_of_shown_view("pptx", ATLAS, box, DAY)))
    # A title slide, a slide per step, the sources (one or more slides).
    assert len(with_deck.slides) >= len(COMPOSED.steps) + 2
    assert with_deck.slides[1].shapes.title.text == COMPOSED.steps[0].title
    assert without.slides[1].shapes.title.text == tour(ATLAS, "kk").steps[0].title
