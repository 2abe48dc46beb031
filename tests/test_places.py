"""Cities of republican significance as points (data/places.yaml)."""

from __future__ import annotations

import copy

import pytest
import yaml
from shapely.geometry import Point

from geo.atlas import load_atlas
from geo.errors import DataError
from geo.schema import LANGUAGES


def edit_places(data_dir, change):
    path = data_dir / "places.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data["places"])
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")


def test_the_three_cities_are_loaded(atlas):
    by_code = {p.code: p for p in atlas.places}
    assert set(by_code) == {"astana", "almaty", "shymkent"}
    assert all(p.name.get(lang) for p in atlas.places for lang in LANGUAGES)
    # Shymkent has no outline of its own: its point is in Turkistan oblast, and it is the
    # city that successors.yaml says was formed in 2018 there.
    shymkent = by_code["shymkent"]
    assert shymkent.territory == "turkistan" and shymkent.successor == "shymkent"
    unit = next(u for u in atlas.successors if u.code == "shymkent")
    assert unit.territory == "turkistan" and unit.formed.year == 2018
    territory = atlas.territories.loc["turkistan", "geometry"]

    assert territory.contains(Point(shymkent.lon, shymkent.lat))
    # Astana and Almaty: the same point as their territories' administrative centres.
    for code in ("astana", "almaty"):
        row = atlas.territories.loc[f"{code}-city"]
        assert (by_code[code].lat, by_code[code].lon) == (row["centre_lat"], row["centre_lon"])
        assert atlas.sources[by_code[code].coordinates_source].kind == "public"


@pytest.mark.parametrize(("change", "field", "words"), [
    (lambda p: p[2].update(territory="atlantis"), "territory", "unknown territory"),
    (lambda p: p[2].update(lat=51.0), "lat", "outside 'turkistan'"),
    (lambda p: p[2].update(territory="zhambyl"), "lat", "outside 'zhambyl'"),
    (lambda p: p[0].update(successor="abai"), "successor", "not a city"),
    (lambda p: p[1].update(coordinates_source="nowhere"), "coordinates_source", "unknown source"),
    (lambda p: p.append(copy.deepcopy(p[0])), "code", "duplicate"),
    (lambda p: p[0].update(kind="village"), "kind", "city"),
    (lambda p: p[0]["name"].pop("kk"), "name.kk", "required"),
])
def test_a_broken_place_names_the_file_entry_and_field(data_copy, change, field, words):
    edit_places(data_copy, change)
    with pytest.raises(DataError) as caught:
        load_atlas(data_copy)
    error = caught.value
    assert error.file.endswith("places.yaml")
    assert error.entry.startswith("places[")
    assert error.field == field
    assert words in error.problem


def test_a_successor_in_another_territory_is_refused(data_copy):
    # A point moved into Zhambyl while successors.yaml keeps Shymkent in Turkistan.
    edit_places(data_copy, lambda p: p[2].update(territory="zhambyl", lat=42.9, lon=71.37))
    with pytest.raises(DataError, match="successors.yaml.*'turkistan'") as caught:
        load_atlas(data_copy)
    assert caught.value.field == "territory"
