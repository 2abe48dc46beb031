"""Text measured with fontTools (geo/labels.py) equals what matplotlib's FT2Font measured before.

matplotlib is imported here only, to compare: the app's labels never import it.
"""

from __future__ import annotations

import random
import subprocess
import sys

import pytest

from components.map.label_layer import map_name
from geo import labels as L
from geo.schema import LANGUAGES
from tests.conftest import ROOT

ft2font = pytest.importorskip("matplotlib.ft2font")

STYLES = [(False, False), (True, False), (False, True), (True, True)]
SIZES = [11, 13, 17, 18]
_FACES: dict[tuple[bool, bool], object] = {}


def ft2font_width(text: str, font: L.LabelFont) -> float:
    """The measure geo/labels.py had: FT2Font's unhinted advances plus unfitted kerning."""
    key = (font.bold, font.italic)
    if key not in _FACES:
        _FACES[key] = ft2font.FT2Font(str(L.FONT_FILES[key]))
    face = _FACES[key]
    face.set_size(font.size_px, 72)
    width, previous = 0.0, None
    for char in text:
        index = face.get_char_index(ord(char))
        glyph = face.load_glyph(index, ft2font.LoadFlags.NO_HINTING)
        width += glyph.linearHoriAdvance / 65536
        if previous is not None:
            width += face.get_kerning(previous, index, ft2font.Kerning.UNFITTED) / 64
        previous = index
    return width


def label_texts(atlas) -> set[str]:
    """Every text the app labels a map with, in every language, and every line it may be
    wrapped into: oblast (also as the live map shortens them), Baikonur's and city names,
    HQ cities, the neighbours and the Caspian."""
    names = set()
    for lang in LANGUAGES:
        for row in atlas.territories.itertuples():
            name = getattr(row, f"name_{lang}")
            names |= {name, map_name(name, lang)}
        names |= {getattr(row, f"name_{lang}") for row in atlas.context.itertuples()}
        names |= {command.hq.name.get(lang) for command in atlas.commands}
        names |= {place.name.get(lang) for place in atlas.places}
    return {line for name in names for lines in L.wrappings(name) for line in lines}


def test_label_texts_cover_every_kind(atlas):
    texts = label_texts(atlas)
    for expected in ("Қарағанды", "Караганда", "Karaganda", "Astana", "Астана"):
        assert expected in texts
    assert len(texts) > 150


@pytest.mark.parametrize("style", STYLES, ids=["regular", "bold", "italic", "bold-italic"])
def test_text_width_equals_ft2font_for_every_label(atlas, style):
    bold, italic = style
    mismatches = []
    for text in sorted(label_texts(atlas)):
        for size in SIZES:
            font = L.LabelFont(size, bold=bold, italic=italic)
            expected, got = ft2font_width(text, font), L.text_width(text, font)
            if abs(got - expected) > 1e-6:
                mismatches.append((text, size, expected, got))
    assert mismatches == []


def test_text_width_equals_ft2font_at_fractional_sizes_and_kerned_pairs():
    """The exports size text in points scaled by 0.92 and 0.85: FreeType truncates a size to
    1/64 px and rounds its kerning to 1/64 px; the same here."""
    rng = random.Random(7)
    letters = "AVWTYLPFKXkvwyo.,-«»\"' ТГЬЪУЧДЛАаоеуӘІҢҒҮҰҚӨҺ1"
    texts = ["AVAWAY «Batys» To LT Yo", *("".join(rng.choice(letters) for _ in range(24))
                                         for _ in range(40))]
    sizes = [0.5, 7.3, 10.1, 13.01, 6.66, 9 * 0.92, 9 * 0.85, 12.5]
    sizes += [rng.uniform(5, 40) for _ in range(10)]
    for text in texts:
        for size in sizes:
            for bold, italic in STYLES:
                font = L.LabelFont(size, bold=bold, italic=italic)
                assert L.text_width(text, font) == pytest.approx(ft2font_width(text, font),
                                                                 abs=1e-6), (text, size)


@pytest.mark.parametrize("text", ["中", "\ue000", "A中V", "Ресей 中 Қ", "中\ue000中"])
def test_a_letter_missing_from_the_font_is_measured_as_its_notdef_glyph(text):
    for char in "中\ue000":  # a Han letter and a private-use one: DejaVu Sans has neither
        assert L._font(False, False).glyph(char) == 0
    font = L.LabelFont(13)
    assert L.text_width(text, font) == pytest.approx(ft2font_width(text, font), abs=1e-6)
    # Glyph 0 (.notdef) of DejaVu Sans is 1229 units of 2048 wide.
    assert L.text_width("中", font) == L.text_width("\ue000", font) == 1229 * 13 / 2048


def test_the_cmap_read_directly_is_fonttools_own():
    from fontTools.ttLib import TTFont

    for path in L.FONT_FILES.values():
        with TTFont(path, lazy=True) as font:
            direct = L._unicode_cmap(font)
            assert direct == L._unicode_cmap(font, direct=False)
            assert len(direct) > 5000


def test_placing_the_live_maps_labels_does_not_import_matplotlib():
    code = """
import sys
from geo.atlas import DATA_DIR, load_atlas
from components.map import label_layer
atlas = load_atlas(DATA_DIR)
for lang in ("kk", "ru", "en"):
    for briefing in (False, True):
        label_layer.label_layouts(atlas, lang, tuple(atlas.territories.total_bounds),
                                  briefing=briefing, visible=tuple(c.id for c in atlas.commands),
                                  oblasts=True, hq=True)
print("matplotlib" in sys.modules)
"""
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                            text=True, check=True)
    assert result.stdout.strip() == "False"
