"""The outlines' encoding for the map's browser code (components/map/encoding.py)."""

from __future__ import annotations

import json

from components.map.encoding import decode_line, encode_geometry, encode_line
from components.map.scripts import script_json
from geo.atlas import load_atlas
from tests.conftest import DATA_DIR


def test_every_outline_of_both_divisions_comes_back_exactly():
    atlas = load_atlas(DATA_DIR)
    for division in atlas.divisions:
        for geometry in atlas.in_division(division.id).territories.geometry:
            for polygon, encoded in zip(getattr(geometry, "geoms", [geometry]),
                                        encode_geometry(geometry), strict=True):
                rings = [polygon.exterior, *polygon.interiors]
                for ring, text in zip(rings, encoded, strict=True):
                    assert decode_line(text) == [tuple(round(v, 3) for v in c)
                                                 for c in ring.coords]


def test_the_encoding_never_opens_a_template_tag_and_survives_script_json():
    # A delta of 0.030 is 60 after the zigzag: the plain polyline alphabet writes "{" (123)
    # for its first five bits. Here it is "!".
    coords = [(0.0, 0.0), (0.03, 0.03), (0.06, 0.0), (-1.234, 5.678)]
    text = encode_line(coords)
    assert "{" not in text and "<" not in text and "!" in text
    assert decode_line(json.loads(script_json(text))) == coords
