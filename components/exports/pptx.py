"""The deck as PowerPoint (python-pptx): a title slide, a slide per step with its map (the PNG
slide of components/exports/slide.py, 1920×1080) beside its title and key facts as editable
text, its talking points in the slide's notes, and the sources on the last slide(s).

Every text is set in DejaVu Sans, which has every Kazakh letter (ә ғ қ ң ө ұ ү һ і): the
template's Calibri has none of them, and a viewer without it would substitute a font that may
lack them too. Every run carries its language, for spelling and screen readers."""

from __future__ import annotations

import io
import zipfile
from datetime import date

from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.lang import MSO_LANGUAGE_ID
from pptx.enum.text import MSO_ANCHOR, MSO_AUTO_SIZE, PP_ALIGN
from pptx.util import Emu, Inches, Pt

from components import content
from components.decks.model import Deck
from components.exports import export_time
from components.exports.deck_plan import (
    PlannedStep,
    deck_sources,
    key_facts,
    plan_deck,
    source_text,
)
from components.exports.slide import SLIDE_PX, deck_step_png
from components.exports.static_map import wrap_to_width
from components.i18n import LANGUAGE_NAMES, tr
from components.style import LABEL_TEXT_COLOUR, SECONDARY_TEXT_COLOUR
from geo.atlas import Atlas

FONT = "DejaVu Sans"
LANGUAGE_IDS = {"kk": MSO_LANGUAGE_ID.KAZAKH, "ru": MSO_LANGUAGE_ID.RUSSIAN,
                "en": MSO_LANGUAGE_ID.ENGLISH_UK}
LANGUAGE_TAGS = {"kk": "kk-KZ", "ru": "ru-RU", "en": "en-GB"}
CREATOR = "kz-regional-commands-map (briefing deck)"

# 16:9, 13.333 × 7.5 in; the layout in inches.
SLIDE_W, SLIDE_H = Emu(12192000), Emu(6858000)
EDGE_IN = 0.4
TITLE_TOP_IN, TITLE_H_IN, TITLE_PT = 0.25, 0.85, 26
MAP_TOP_IN, MAP_W_IN = 1.2, 9.2  # the map keeps the PNG's 16:9
FACTS_PT, FOOTER_PT = 15, 11
SOURCES_PT, SMALLEST_SOURCES_PT, LINE_SPACING = 14, 10, 1.25
# DejaVu Sans set by LibreOffice or PowerPoint runs a little wider than matplotlib measures
# (kerning, rounding): wrap a little short, as the PDF does.
WRAP_SLACK = 0.93


def _colour(hex_colour: str) -> RGBColor:
    return RGBColor.from_string(hex_colour.lstrip("#").upper())


def _set_text(frame, lines, lang: str, size_pt: float, colour: str = LABEL_TEXT_COLOUR,
              bold_first: bool = False) -> None:
    """`lines` as the frame's paragraphs, each one run in FONT, in `lang`, wrapped by the
    box (editable text: nothing is drawn into a picture). A line may be (text, heading): a
    heading is bold, with a little space before it unless it opens the frame."""
    frame.clear()  # leaves one empty paragraph
    frame.word_wrap = True
    for index, line in enumerate(lines):
        text, heading = line if isinstance(line, tuple) else (line, bold_first and index == 0)
        paragraph = frame.paragraphs[0] if index == 0 else frame.add_paragraph()
        if heading and index:
            paragraph.space_before = Pt(size_pt * 0.6)
        run = paragraph.add_run()
        run.text = text
        font = run.font
        font.name = FONT
        font.size = Pt(size_pt)
        font.bold = heading
        font.color.rgb = _colour(colour)
        font.language_id = LANGUAGE_IDS[lang]


def _text_box(slide, left_in: float, top_in: float, width_in: float, height_in: float,
              lines, lang: str, size_pt: float, **style):
    box = slide.shapes.add_textbox(Inches(left_in), Inches(top_in), Inches(width_in),
                                   Inches(height_in))
    frame = box.text_frame
    frame.auto_size = MSO_AUTO_SIZE.NONE
    frame.vertical_anchor = MSO_ANCHOR.TOP
    _set_text(frame, lines, lang, size_pt, **style)
    return box


def fitted_size(text: str, width_in: float, height_in: float, size_pt: float,
                 smallest_pt: float = 14, bold: bool = True) -> float:
    """The largest size down to `smallest_pt` at which `text`, wrapped by its measured width
    (DejaVu Sans), fits the box: a long step title shrinks instead of running over the map."""
    while size_pt > smallest_pt:
        rows = wrap_to_width(text, width_in * 72 * WRAP_SLACK, size_pt, bold=bold).count("\n")
        if (rows + 1) * size_pt * 1.2 <= height_in * 72:
            break
        size_pt -= 1
    return size_pt


def _title(slide, text: str, lang: str, top_in: float = TITLE_TOP_IN,
           height_in: float = TITLE_H_IN, size_pt: float = TITLE_PT) -> None:
    """The layout's title placeholder (the slide's title for an outline or a screen reader),
    moved to the slide's top and set in FONT, as large as fits."""
    size_pt = fitted_size(text, 13.333 - 2 * EDGE_IN - 0.2, height_in, size_pt)
    title = slide.shapes.title
    title.left, title.top = Inches(EDGE_IN), Inches(top_in)
    title.width = SLIDE_W - 2 * Inches(EDGE_IN)
    title.height = Inches(height_in)
    frame = title.text_frame
    frame.vertical_anchor = MSO_ANCHOR.TOP
    _set_text(frame, [text], lang, size_pt, bold_first=True)
    frame.paragraphs[0].alignment = PP_ALIGN.LEFT


def title_slide(prs, deck: Deck, steps: tuple[PlannedStep, ...], lang: str, day: date
                ) -> None:
    """The deck's title, then the date, the division (each the steps draw) and the
    language."""
    divisions = dict.fromkeys(step.atlas.division.title.get(lang) for step in steps)
    lines = [tr(lang, "title"), f"{tr(lang, 'deck_date')}: {content.format_date(lang, day)}",
             *([f"{tr(lang, 'division')}: {'; '.join(divisions)}"] if divisions else []),
             f"{tr(lang, 'language')}: {LANGUAGE_NAMES[lang]}"]
    slide = prs.slides.add_slide(prs.slide_layouts[0])  # "Title Slide"
    _title(slide, deck.title, lang, top_in=2.0, height_in=1.6, size_pt=36)
    slide.shapes.title.text_frame.vertical_anchor = MSO_ANCHOR.BOTTOM
    subtitle = slide.placeholders[1]
    subtitle.left, subtitle.top = Inches(EDGE_IN), Inches(3.9)
    subtitle.width, subtitle.height = SLIDE_W - 2 * Inches(EDGE_IN), Inches(2.2)
    _set_text(subtitle.text_frame, lines, lang, 18, colour=SECONDARY_TEXT_COLOUR)
    for paragraph in subtitle.text_frame.paragraphs:
        paragraph.alignment = PP_ALIGN.LEFT


def map_alt_text(step: PlannedStep) -> str:
    """The picture's description, as the live map describes itself to a screen reader."""
    return " ".join((*content.described_map(step.atlas, step.lang, step.visible, True),
                     *content.described_selection(step.atlas, step.lang, step.oblast,
                                                  step.command, True)))


def step_slide(prs, step: PlannedStep, total: int, deck: Deck, png: bytes) -> None:
    """The step's title; its map (`png`, its PNG slide) with its key facts beside it; its
    number and the deck's title at the foot; its talking points in the notes."""
    lang = step.lang
    slide = prs.slides.add_slide(prs.slide_layouts[5])  # "Title Only"
    _title(slide, step.title, lang)
    map_h_in = MAP_W_IN * SLIDE_PX[1] / SLIDE_PX[0]
    picture = slide.shapes.add_picture(io.BytesIO(png), Inches(EDGE_IN),
                                       Inches(MAP_TOP_IN), width=Inches(MAP_W_IN),
                                       height=Inches(map_h_in))
    picture.name = f"map {step.number}"
    picture._element.nvPicPr.cNvPr.set("descr", map_alt_text(step))  # alt text: no API
    facts_left = EDGE_IN + MAP_W_IN + 0.25
    _text_box(slide, facts_left, MAP_TOP_IN, 13.333 - EDGE_IN - facts_left, map_h_in,
              key_facts(step), lang, FACTS_PT).name = "key facts"
    _text_box(slide, EDGE_IN, MAP_TOP_IN + map_h_in + 0.3, 13.333 - 2 * EDGE_IN, 0.5,
              [f"{deck.title} · {tr(lang, 'step', step=step.number, total=total)}"], lang,
              FOOTER_PT, colour=SECONDARY_TEXT_COLOUR).name = "footer"
    if step.notes:
        _set_text(slide.notes_slide.notes_text_frame, step.notes.split("\n"), lang, 12)


def sources_pages(lines: list[str], width_in: float, height_in: float
                  ) -> tuple[float, list[list[str]]]:
    """The sources' size and their split over slides: the largest size down to
    SMALLEST_SOURCES_PT at which they fit one slide, else pages at that size. Measured with
    DejaVu Sans, the font they are set in."""
    width_pt, height_pt = width_in * 72 * WRAP_SLACK, height_in * 72

    def rows(line: str, size: float) -> int:
        return wrap_to_width(line, width_pt, size).count("\n") + 1

    size = SOURCES_PT
    while size > SMALLEST_SOURCES_PT and \
            sum(rows(line, size) for line in lines) * size * LINE_SPACING > height_pt:
        size -= 1
    pages, page, used = [], [], 0.0
    for line in lines:
        need = rows(line, size) * size * LINE_SPACING
        if page and used + need > height_pt:
            pages.append(page)
            page, used = [], 0.0
        page.append(line)
        used += need
    return size, ([*pages, page] if page else pages)


def sources_slides(prs, steps: tuple[PlannedStep, ...], lang: str) -> None:
    """Every source the steps cite, each once, on the last slide (more if they need it)."""
    lines = [source_text(line) for line in deck_sources(steps, lang)]
    top_in = TITLE_TOP_IN + TITLE_H_IN + 0.15
    width_in, height_in = 13.333 - 2 * EDGE_IN, 7.5 - top_in - 0.3
    size, pages = sources_pages(lines, width_in, height_in)
    for index, page in enumerate(pages):
        slide = prs.slides.add_slide(prs.slide_layouts[5])
        _title(slide, tr(lang, "sources" if index == 0 else "sources_continued"), lang)
        box = _text_box(slide, EDGE_IN, top_in, width_in, height_in, page, lang, size)
        box.name = "sources"
        for paragraph in box.text_frame.paragraphs:
            paragraph.line_spacing = Pt(size * LINE_SPACING)  # as measured above


def _properties(prs, deck: Deck, lang: str) -> None:
    props = prs.core_properties
    when = export_time().replace(tzinfo=None)  # python-pptx writes naive times as UTC
    props.title = deck.title
    props.subject = tr(lang, "title")
    props.author = props.last_modified_by = CREATOR
    props.language = LANGUAGE_TAGS[lang]
    props.created = props.modified = when
    props.last_printed = when
    props.revision = 1
    props.keywords = ""
    props.comments = ""


def _fixed_times(data: bytes) -> bytes:
    """The package with every member dated by `export_time` (python-pptx stamps each with
    the clock), so the same deck made twice is the same bytes."""
    when = export_time().timetuple()[:6]
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as target:
        for member in source.infolist():
            info = zipfile.ZipInfo(member.filename, when)
            info.compress_type = member.compress_type
            info.external_attr = member.external_attr
            target.writestr(info, source.read(member.filename))
    return buffer.getvalue()


def deck_pptx(deck: Deck, atlas: Atlas, lang: str, day: date | None = None) -> bytes:
    """The deck as a .pptx: `atlas` is the data (any division's: each step draws its own),
    `lang` the language of the title slide, the sources and a step without one."""
    day = day or date.today()
    steps = plan_deck(deck, atlas, lang)
    prs = Presentation()
    prs.slide_width, prs.slide_height = SLIDE_W, SLIDE_H
    title_slide(prs, deck, steps, lang, day)
    pictures = {}  # a view the deck comes back to is drawn once
    for step in steps:
        if step.picture not in pictures:
            pictures[step.picture] = deck_step_png(step, day)
        step_slide(prs, step, len(steps), deck, pictures[step.picture])
    sources_slides(prs, steps, lang)
    _properties(prs, deck, lang)
    buffer = io.BytesIO()
    prs.save(buffer)
    return _fixed_times(buffer.getvalue())
