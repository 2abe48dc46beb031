"""The exports stay light whatever the viewer's theme: they are printed. A viewer in the dark
theme downloads the same files, byte for byte (with SOURCE_DATE_EPOCH), as one in the light
theme, and the pictures hold the light map's colours, none of the dark map's."""

from __future__ import annotations

import io
import re
from datetime import date

import numpy as np
import pytest
from PIL import Image

from components import exports, sidebar, state
from components import style as S
from components import theme as T
from components import view as views
from geo.atlas import load_atlas
from tests.conftest import DATA_DIR
from tests.test_exports_cli import EPOCH, canonical_html

DAY = date(2026, 12, 4)
ATLAS = load_atlas(DATA_DIR)


def download(fmt: str, query: dict[str, str]) -> bytes:
    """What the sidebar's Download button gives a viewer whose link was `query`."""
    box = state.ViewBox()
    box.view = views.from_url(query, ATLAS)
    # Made afresh: the server keeps made files, and a kept light file would hide a dark one.
    exports.MADE_FILES.clear()
    return sidebar.export_of_shown_view(fmt, ATLAS, box, DAY)


def colours_in(png: bytes) -> set[str]:
    pixels = np.asarray(Image.open(io.BytesIO(png)).convert("RGB")).reshape(-1, 3)
    return {S.rgb_hex(tuple(c / 255 for c in rgb)) for rgb in np.unique(pixels, axis=0)}


@pytest.mark.parametrize("fmt", ["png", "pdf", "pptx"])
def test_a_dark_viewer_downloads_the_light_files(fmt, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    query = {"lang": "kk", "command": "batys", "mode": "briefing"}
    dark = download(fmt, {**query, "theme": "dark"})
    assert dark == download(fmt, query)
    if fmt == "png":
        found = colours_in(dark)
        assert S.SEA_COLOUR in found
        assert {T.DARK_SEA_COLOUR, T.DARK_LAND_COLOUR} & found == set()


def test_the_html_map_is_the_light_one():
    """The HTML map carries the dark CSS (the live map's header) but never turns it on: its
    view asks for the light theme, as the light viewer's does."""
    query = {"lang": "ru", "oblast": "atyrau"}
    dark = download("html", {**query, "theme": "dark"}).decode("utf-8")
    assert canonical_html(dark.encode()) == canonical_html(download("html", query))
    assert re.findall(r'"theme": "(\w+)"', dark) == ["light"]
