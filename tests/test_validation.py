"""Layer 1b: each validation rule, fed a broken copy of the data, names file, entry and field."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import shapely
from shapely.geometry import mapping, shape

from geo.atlas import load_atlas
from geo.errors import DataError
from tests.conftest import edit_yaml


def load_error(data_dir: Path) -> DataError:
    with pytest.raises(DataError) as caught:
        load_atlas(data_dir)
    return caught.value


def command_index(data: dict, command_id: str) -> dict:
    return next(c for c in data["commands"] if c["id"] == command_id)


def edit_geojson(path: Path, change) -> None:
    data = json.loads(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(json.dumps(data), encoding="utf-8")


def feature_of(data: dict, code: str) -> dict:
    return next(f for f in data["features"] if f["properties"]["code"] == code)


def test_real_data_loads(data_copy):
    assert len(load_atlas(data_copy).commands) == 4


def test_unknown_oblast_code(data_copy):
    edit_yaml(data_copy / "commands.yaml",
              lambda d: command_index(d, "batys")["oblasts"].append("atlantis"))
    error = load_error(data_copy)
    assert error.file.endswith("commands.yaml")
    assert (error.entry, error.field) == ("commands[2] (batys)", "oblasts[4]")
    assert "unknown oblast 'atlantis'" in str(error)


def test_oblast_assigned_twice(data_copy):
    edit_yaml(data_copy / "commands.yaml",
              lambda d: command_index(d, "ontustik")["oblasts"].append("pavlodar"))
    error = load_error(data_copy)
    assert (error.entry, error.field) == ("commands[3] (ontustik)", "oblasts[4]")
    assert "already assigned to 'shygys'" in error.problem


def test_oblast_assigned_to_no_command(data_copy):
    edit_yaml(data_copy / "commands.yaml",
              lambda d: command_index(d, "shygys")["oblasts"].remove("pavlodar"))
    error = load_error(data_copy)
    assert error.file.endswith("commands.yaml") and error.field == "oblasts"
    assert "'pavlodar' is not assigned to any command" in error.problem


def test_city_listed_as_an_oblast(data_copy):
    edit_yaml(data_copy / "commands.yaml",
              lambda d: command_index(d, "astana")["oblasts"].append("astana-city"))
    assert "is a city, not an oblast" in load_error(data_copy).problem


def test_hq_outside_its_command(data_copy):
    def move_hq(data):
        command_index(data, "shygys")["hq"].update(lat=42.9016, lon=71.3769)  # Taraz
    edit_yaml(data_copy / "commands.yaml", move_hq)
    error = load_error(data_copy)
    assert (error.entry, error.field) == ("commands[1] (shygys)", "hq")
    assert "outside the command's own territory" in error.problem


def test_missing_language(data_copy):
    edit_yaml(data_copy / "commands.yaml",
              lambda d: command_index(d, "batys")["mission"].pop("ru"))
    error = load_error(data_copy)
    assert (error.entry, error.field) == ("commands[2] (batys)", "mission.ru")
    assert "Field required" in error.problem


def test_empty_translation(data_copy):
    edit_yaml(data_copy / "territories.yaml",
              lambda d: d["territories"][0]["name"].update(kk="  "))
    error = load_error(data_copy)
    assert error.file.endswith("territories.yaml")
    assert (error.entry, error.field) == ("territories[0] (akmola)", "name.kk")


@pytest.mark.parametrize("colour", ["blue", "#12345", "#GGGGGG", 255])
def test_bad_colour(data_copy, colour):
    edit_yaml(data_copy / "commands.yaml",
              lambda d: command_index(d, "astana").update(colour=colour))
    error = load_error(data_copy)
    assert (error.entry, error.field) == ("commands[0] (astana)", "colour")


def test_unknown_key_is_a_typo(data_copy):
    edit_yaml(data_copy / "commands.yaml",
              lambda d: command_index(d, "astana").update(missoin="x"))
    error = load_error(data_copy)
    assert error.field == "missoin" and "unknown key" in error.problem


def test_unknown_source_key(data_copy):
    edit_yaml(data_copy / "commands.yaml",
              lambda d: command_index(d, "batys")["mission"].update(source="rumour"))
    error = load_error(data_copy)
    assert (error.entry, error.field) == ("commands[2] (batys)", "mission.source")


def test_duplicate_command_id(data_copy):
    edit_yaml(data_copy / "commands.yaml",
              lambda d: command_index(d, "batys").update(id="astana"))
    error = load_error(data_copy)
    assert error.field == "id" and "duplicate" in error.problem


def test_invalid_geometry(data_copy):
    def bowtie(data):
        feature_of(data, "pavlodar")["geometry"] = {
            "type": "Polygon", "coordinates": [[[76, 52], [78, 54], [78, 52], [76, 54], [76, 52]]]}
    edit_geojson(data_copy / "territories.geojson", bowtie)
    error = load_error(data_copy)
    assert error.file.endswith("territories.geojson")
    assert (error.entry, error.field) == ("features[12] (pavlodar)", "geometry")
    assert "Self-intersection" in error.problem


def test_coordinates_out_of_range(data_copy):
    def far_away(data):
        feature_of(data, "pavlodar")["geometry"] = mapping(shapely.box(176, 52, 190, 54))
    edit_geojson(data_copy / "territories.geojson", far_away)
    error = load_error(data_copy)
    assert error.field == "geometry.coordinates" and "out of lon/lat range" in error.problem


def test_overlapping_geometry(data_copy):
    def grow(data):
        feature = feature_of(data, "pavlodar")
        feature["geometry"] = mapping(shape(feature["geometry"]).buffer(0.5))
    edit_geojson(data_copy / "territories.geojson", grow)
    error = load_error(data_copy)
    assert error.file.endswith("territories.geojson") and error.field == "geometry"
    assert "pavlodar" in error.entry and "overlap by" in error.problem


def test_geometry_for_a_territory_not_in_the_table(data_copy):
    edit_geojson(data_copy / "territories.geojson",
                 lambda d: feature_of(d, "pavlodar")["properties"].update(code="atlantis"))
    error = load_error(data_copy)
    assert (error.entry, error.field) == ("features[12] (atlantis)", "properties.code")


def test_malformed_yaml(data_copy):
    (data_copy / "commands.yaml").write_text("commands: [\n  - id: astana\n", encoding="utf-8")
    error = load_error(data_copy)
    assert error.file.endswith("commands.yaml")
    assert error.entry.startswith("line ") and "malformed YAML" in error.problem


def test_malformed_geojson(data_copy):
    path = data_copy / "territories.geojson"
    path.write_text(path.read_text(encoding="utf-8")[:5000], encoding="utf-8")  # truncated
    error = load_error(data_copy)
    assert error.file.endswith("territories.geojson") and "malformed GeoJSON" in error.problem
    assert error.entry.startswith("line 1, column")


def test_missing_file(data_copy):
    (data_copy / "overview.yaml").unlink()
    error = load_error(data_copy)
    assert error.file.endswith("overview.yaml") and error.problem == "file not found"


def test_empty_file(data_copy):
    (data_copy / "sources.yaml").write_text("", encoding="utf-8")
    assert load_error(data_copy).problem == "file is empty"


def test_wrong_encoding(data_copy):
    path = data_copy / "territories.yaml"
    path.write_bytes(path.read_text(encoding="utf-8").encode("utf-16"))
    assert load_error(data_copy).problem == "not UTF-8 text"


def test_wrong_type(data_copy):
    edit_yaml(data_copy / "commands.yaml",
              lambda d: command_index(d, "astana")["hq"].update(lat="north"))
    error = load_error(data_copy)
    assert (error.entry, error.field) == ("commands[0] (astana)", "hq.lat")
    assert "'north'" in error.problem


def test_broken_files_are_left_untouched(data_copy):
    path = data_copy / "commands.yaml"
    path.write_text("commands: [", encoding="utf-8")
    load_error(data_copy)
    assert path.read_text(encoding="utf-8") == "commands: ["
