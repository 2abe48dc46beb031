"""Cities of republican significance as points (data/places.yaml)."""

from __future__ import annotations

import copy

import pytest
import yaml
from shapely.geometry import Point

from geo.atlas import load_atlas
from geo.errors import DataError
from geo.schema import LANGUAGES
from geo.validate import CENTRE_TOLERANCE_KM, km_outside


def edit_places(data_dir, change):
    path = data_dir / "places.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data["places"])
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")


@pytest.mark.parametrize("division", ["2018", "2022"])
def test_the_three_cities_are_loaded(atlas, division):
    atlas = atlas.in_division(division)
    by_code = {p.code: p for p in atlas.places}
    assert set(by_code) == {"astana", "almaty", "shymkent"}
    assert all(p.name.get(lang) for p in atlas.places for lang in LANGUAGES)
    # Shymkent is a city with an outline of its own in both divisions (cut out of Turkistan
    # oblast), not a unit formed after the source's division: successors.yaml no longer has it.
    shymkent = by_code["shymkent"]
    assert shymkent.territory == "shymkent"
    row = atlas.territories.loc["shymkent"]
    assert row["kind"] == "city" and (row["command"], row["via_oblast"]) == ("ontustik",
                                                                              "turkistan")
    assert atlas.origin("shymkent") is None
    assert all(u.code != "shymkent" for u in atlas.successors + atlas.later_regions)
    assert not atlas.territories.loc["turkistan", "geometry"].contains(
        Point(shymkent.lon, shymkent.lat))
    # Each point lies in its own city's outline, within the loader's 5 km.
    for place in atlas.places:
        outline = atlas.territories.loc[place.territory, "geometry"]
        assert atlas.territories.loc[place.territory, "kind"] == "city"
        assert km_outside(outline, place.lon, place.lat) <= CENTRE_TOLERANCE_KM, place.code
    # Astana and Almaty: the same point as their territories' administrative centres.
    for code in ("astana", "almaty"):
        row = atlas.territories.loc[f"{code}-city"]
        assert (by_code[code].lat, by_code[code].lon) == (row["centre_lat"], row["centre_lon"])
        assert atlas.sources[by_code[code].coordinates_source].kind == "public"


@pytest.mark.parametrize(("change", "field", "words"), [
    (lambda p: p[2].update(territory="atlantis"), "territory", "unknown territory"),
    (lambda p: p[2].update(lat=51.0), "lat", "outside 'shymkent'"),
    (lambda p: p[2].update(territory="zhambyl"), "lat", "outside 'zhambyl'"),
    # The point sits in the hole Shymkent leaves in Turkistan oblast, over 5 km from it.
    (lambda p: p[2].update(territory="turkistan"), "lat", "outside 'turkistan'"),
    # The link to successors.yaml is gone: a stale `successor` is a typo, not ignored.
    (lambda p: p[2].update(successor="shymkent"), "successor", "unknown key"),
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


def test_a_place_must_lie_in_a_territory_of_every_division(data_copy):
    # A point in Semey, named after Abai region: right in 2022, but 2018 has no Abai.
    edit_places(data_copy, lambda p: p[0].update(territory="abai", lat=50.4111, lon=80.2275))
    with pytest.raises(DataError) as caught:
        load_atlas(data_copy)
    error = caught.value
    assert error.file.endswith("places.yaml")
    assert (error.entry, error.field) == ("places[0] (astana)", "territory")
    assert "unknown territory 'abai'" in error.problem
