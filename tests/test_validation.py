"""Layer 1b: each validation rule, fed a broken copy of the data, names file, entry and field."""

from __future__ import annotations

import copy
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


DIVISIONS = ["2018", "2022"]


def boundaries(data_dir: Path, division: str) -> Path:
    return data_dir / f"territories_{division}.geojson"


@pytest.mark.parametrize("division", DIVISIONS)
def test_invalid_geometry(data_copy, division):
    def bowtie(data):
        feature_of(data, "pavlodar")["geometry"] = {
            "type": "Polygon", "coordinates": [[[76, 52], [78, 54], [78, 52], [76, 54], [76, 52]]]}
    edit_geojson(boundaries(data_copy, division), bowtie)
    error = load_error(data_copy)
    assert error.file.endswith(f"territories_{division}.geojson")
    assert (error.entry, error.field) == ("features[12] (pavlodar)", "geometry")
    assert "Self-intersection" in error.problem


@pytest.mark.parametrize("division", DIVISIONS)
def test_coordinates_out_of_range(data_copy, division):
    def far_away(data):
        feature_of(data, "pavlodar")["geometry"] = mapping(shapely.box(176, 52, 190, 54))
    edit_geojson(boundaries(data_copy, division), far_away)
    error = load_error(data_copy)
    assert error.file.endswith(f"territories_{division}.geojson")
    assert error.field == "geometry.coordinates" and "out of lon/lat range" in error.problem


@pytest.mark.parametrize("division", DIVISIONS)
def test_overlapping_geometry(data_copy, division):
    def grow(data):
        feature = feature_of(data, "pavlodar")
        feature["geometry"] = mapping(shape(feature["geometry"]).buffer(0.5))
    edit_geojson(boundaries(data_copy, division), grow)
    error = load_error(data_copy)
    assert error.file.endswith(f"territories_{division}.geojson") and error.field == "geometry"
    assert "pavlodar" in error.entry and "overlap by" in error.problem


@pytest.mark.parametrize("division", DIVISIONS)
def test_geometry_for_a_territory_not_in_the_table(data_copy, division):
    edit_geojson(boundaries(data_copy, division),
                 lambda d: feature_of(d, "pavlodar")["properties"].update(code="atlantis"))
    error = load_error(data_copy)
    assert error.file.endswith(f"territories_{division}.geojson")
    assert (error.entry, error.field) == ("features[12] (atlantis)", "properties.code")


def test_a_region_drawn_in_a_division_it_does_not_belong_to(data_copy):
    # Abai exists from 2022 on: an outline for it in the 2018 file is refused.
    edit_geojson(boundaries(data_copy, "2018"),
                 lambda d: feature_of(d, "pavlodar")["properties"].update(code="abai"))
    error = load_error(data_copy)
    assert error.file.endswith("territories_2018.geojson")
    assert (error.entry, error.field) == ("features[12] (abai)", "properties.code")
    assert "no territory 'abai'" in error.problem


@pytest.mark.parametrize(("division", "index", "code"),
                         [("2018", 12, "pavlodar"), ("2022", 19, "ulytau")])
def test_a_territory_without_an_outline_in_its_division(data_copy, division, index, code):
    edit_geojson(boundaries(data_copy, division),
                 lambda d: d["features"].remove(feature_of(d, code)))
    error = load_error(data_copy)
    assert error.file.endswith("territories.yaml")
    assert (error.entry, error.field) == (f"territories[{index}] ({code})", "code")
    assert f"no boundary for it in territories_{division}.geojson" in error.problem


def test_malformed_yaml(data_copy):
    (data_copy / "commands.yaml").write_text("commands: [\n  - id: astana\n", encoding="utf-8")
    error = load_error(data_copy)
    assert error.file.endswith("commands.yaml")
    assert error.entry.startswith("line ") and "malformed YAML" in error.problem


@pytest.mark.parametrize("division", DIVISIONS)
def test_malformed_geojson(data_copy, division):
    path = boundaries(data_copy, division)
    path.write_text(path.read_text(encoding="utf-8")[:5000], encoding="utf-8")  # truncated
    error = load_error(data_copy)
    assert error.file.endswith(f"territories_{division}.geojson")
    assert "malformed GeoJSON" in error.problem
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


# --- divisions (data/divisions.yaml) and the territories' `divisions` ----------------------------

@pytest.mark.parametrize(("change", "entry", "field", "words"), [
    (lambda d: d.update(default="2030"), "(top level)", "default", "not a division"),
    (lambda d: d.update(source_division="2030"), "(top level)", "source_division",
     "not a division"),
    (lambda d: d["divisions"][0].update(source="rumour"), "divisions[0] (2022)", "source",
     "unknown source 'rumour'"),
    (lambda d: d["divisions"][0].update(id="22"), "divisions[0] (22)", "id", "pattern"),
    (lambda d: d["divisions"][1].update(id="2022"), "divisions[1] (2022)", "id", "duplicate"),
    (lambda d: d["divisions"][0]["title"].pop("kk"), "divisions[0] (2022)", "title.kk",
     "required"),
    (lambda d: d["divisions"][1].update(until="yesterday"), "divisions[1] (2018)", "until",
     "date"),
    (lambda d: d["divisions"].pop(1), "(top level)", "source_division", "not a division"),
])
def test_a_broken_division_names_the_file_entry_and_field(data_copy, change, entry, field,
                                                          words):
    edit_yaml(data_copy / "divisions.yaml", change)
    error = load_error(data_copy)
    assert error.file.endswith("divisions.yaml")
    assert (error.entry, error.field) == (entry, field)
    assert words in error.problem


def test_a_division_without_its_boundary_file(data_copy):
    (data_copy / "territories_2018.geojson").unlink()
    error = load_error(data_copy)
    assert error.file.endswith("territories_2018.geojson") and error.problem == "file not found"


@pytest.mark.parametrize(("change", "entry", "field", "words"), [
    (lambda d: d["territories"][0].update(divisions=["2018", "2030"]), "territories[0] (akmola)",
     "divisions[1]", "unknown division '2030'"),
    (lambda d: d["territories"][0].update(divisions=[]), "territories[0] (akmola)",
     "divisions", "at least 1"),
    (lambda d: d["territories"][0].update(pcode="11"), "territories[0] (akmola)", "pcode",
     "pattern"),
    (lambda d: d["territories"][2]["centre_in"]["2022"].update(coordinates_source="rumour"),
     "territories[2] (almaty)", "centre_in.2022.coordinates_source", "unknown source"),
    (lambda d: d["territories"][17].update(
        centre_in={"2018": copy.deepcopy(d["territories"][2]["centre_in"]["2022"])}),
     "territories[17] (abai)", "centre_in.2018", "not in division '2018'"),
    (lambda d: d["territories"][19].update(coordinates_source="rumour"),
     "territories[19] (ulytau)", "coordinates_source", "unknown source"),
    (lambda d: d["territories"].append(copy.deepcopy(d["territories"][0])),
     "territories[20] (akmola)", "code", "duplicate"),
])
def test_a_territorys_divisions_are_checked(data_copy, change, entry, field, words):
    edit_yaml(data_copy / "territories.yaml", change)
    error = load_error(data_copy)
    assert error.file.endswith("territories.yaml")
    assert (error.entry, error.field) == (entry, field)
    assert words in error.problem


def move_konaev_to_kostanay(data_dir: Path) -> DataError:
    # Almaty oblast's 2022 centre (Konaev) put in Kostanay: its 2018 centre is still right.
    edit_yaml(data_dir / "territories.yaml",
              lambda d: d["territories"][2]["centre_in"]["2022"].update(lat=53.2, lon=63.6))
    return load_error(data_dir)


def test_a_centre_that_moved_is_checked_in_its_own_division(data_copy):
    error = move_konaev_to_kostanay(data_copy)
    assert error.file.endswith("territories.yaml")
    assert error.entry == "territories[2] (almaty)"
    assert "lat 53.2, lon 63.6" in error.problem and "outside its own territory" in error.problem


def test_a_centre_that_moved_is_named_by_its_own_field(data_copy):
    # The value to fix is centre_in.2022.lat, not centre_lat (Taldykorgan, which is right).
    assert move_konaev_to_kostanay(data_copy).field == "centre_in.2022.lat"


# --- regions formed after the source's division (data/successors.yaml) -------------------------

@pytest.mark.parametrize(("territory", "why"), [
    ("atlantis", "unknown"),
    ("abai", "a region of 2022 only"),
    ("zhetisu", "a region of 2022 only"),
    ("astana-city", "a city of 2018, not an oblast"),
    ("shymkent", "a city of 2018, not an oblast"),
])
def test_a_successor_must_come_from_an_oblast_of_the_source_division(data_copy, territory, why):
    edit_yaml(data_copy / "successors.yaml",
              lambda d: d["successors"][2].update(territory=territory))  # Ulytau
    error = load_error(data_copy)
    assert error.file.endswith("successors.yaml"), (why, str(error))
    assert (error.entry, error.field) == ("successors[2] (ulytau)", "territory"), why
    assert repr(territory) in error.problem


def test_a_successor_must_lie_in_the_oblast_it_names(data_copy):
    # Zhetisu was separated from Almaty oblast, far from Atyrau: taking Atyrau's command
    # (batys) would be a derivation the boundaries do not support.
    edit_yaml(data_copy / "successors.yaml",
              lambda d: d["successors"][1].update(territory="atyrau"))
    error = load_error(data_copy)
    assert error.file.endswith("successors.yaml"), str(error)
    assert (error.entry, error.field) == ("successors[1] (zhetisu)", "territory")


def test_a_successor_that_was_a_territory_of_the_source_division_is_refused(data_copy):
    edit_yaml(data_copy / "successors.yaml",
              lambda d: d["successors"][0].update(code="pavlodar"))
    error = load_error(data_copy)
    assert error.file.endswith("successors.yaml")
    assert (error.entry, error.field) == ("successors[0] (pavlodar)", "code")
    assert "not formed later" in error.problem


@pytest.mark.parametrize("key", ["rumour", "derived-successor"])
def test_a_successors_evidence_must_be_a_public_source(data_copy, key):
    edit_yaml(data_copy / "successors.yaml",
              lambda d: d["successors"][0].update(evidence=["obvk-2024", key]))
    error = load_error(data_copy)
    assert error.file.endswith("successors.yaml")
    assert (error.entry, error.field) == ("successors[0] (abai)", "evidence[1]")
    assert "not a public source" in error.problem


def test_a_later_region_cannot_be_assigned_in_commands_yaml(data_copy):
    # The source text names the 2018 oblasts; a later region's command is derived, never stated.
    edit_yaml(data_copy / "commands.yaml",
              lambda d: command_index(d, "shygys")["oblasts"].append("abai"))
    error = load_error(data_copy)
    assert error.file.endswith("commands.yaml")
    assert (error.entry, error.field) == ("commands[1] (shygys)", "oblasts[2]")
    assert "unknown oblast 'abai'" in error.problem


# --- the lease (territories.yaml `lease`, context.geojson) ------------------------------------

@pytest.mark.parametrize("within", ["pavlodar", "atlantis", "ulytau"])
def test_a_lease_outside_the_territory_it_names_is_refused(data_copy, within):
    edit_yaml(data_copy / "territories.yaml", lambda d: d["lease"].update(within=within))
    error = load_error(data_copy)
    assert error.file.endswith("territories.yaml")
    assert (error.entry, error.field) == ("lease", "within")
    assert repr(within) in error.problem


@pytest.mark.parametrize("change", [
    lambda d: d["features"].remove(feature_of(d, "baikonur")),
    lambda d: feature_of(d, "baikonur")["properties"].update(kind="country"),
    lambda d: d["features"].append({**copy.deepcopy(feature_of(d, "baikonur")),
                                    "properties": {"code": "second", "kind": "lease"}}),
], ids=["missing", "not a lease", "two leases"])
def test_the_lease_outline_must_be_in_the_context_once(data_copy, change):
    edit_geojson(data_copy / "context.geojson", change)
    error = load_error(data_copy)
    assert error.file.endswith("context.geojson")
    assert (error.entry, error.field) == ("features", "properties.kind")
    assert "'lease'" in error.problem


def test_a_context_without_kinds_is_a_named_error_not_a_crash(data_copy):
    def strip(data):
        for feature in data["features"]:
            feature["properties"].pop("kind")
    edit_geojson(data_copy / "context.geojson", strip)
    error = load_error(data_copy)  # a KeyError would fail here, as an error of the test
    assert error.file.endswith("context.geojson") and error.field == "properties.kind"


# --- lakes and rivers (data/water.yaml, data/water.geojson) -----------------------------------

@pytest.mark.parametrize(("change", "entry", "field", "words"), [
    (lambda d: d["lakes"][0].update(name_source="rumour"), "lakes[0] (balkhash)",
     "name_source", "unknown source 'rumour'"),
    (lambda d: d["lakes"][0].pop("ne_id"), "lakes[0] (balkhash)", "ne_id", "required"),
    (lambda d: d["rivers"][0]["name"].update(kk=" "), "rivers[0] (irtysh)", "name.kk", ""),
    (lambda d: d["lakes"].append({**copy.deepcopy(d["lakes"][0]), "code": "atlantis"}),
     "lakes[12] (atlantis)", "code", "no feature in water.geojson"),
    (lambda d: d["lakes"].append(copy.deepcopy(d["lakes"][0])), "lakes[12] (balkhash)", "code",
     "duplicate"),
])
def test_a_broken_water_entry_names_the_file_entry_and_field(data_copy, change, entry, field,
                                                             words):
    edit_yaml(data_copy / "water.yaml", change)
    error = load_error(data_copy)
    assert error.file.endswith("water.yaml")
    assert (error.entry, error.field) == (entry, field)
    assert words in error.problem


def test_water_features_are_checked_against_water_yaml(data_copy):
    edit_geojson(data_copy / "water.geojson",
                 lambda d: feature_of(d, "irtysh")["properties"].update(kind="lake"))
    error = load_error(data_copy)
    assert error.file.endswith("water.geojson")
    assert error.entry.endswith("(irtysh)") and error.field == "properties.kind"
    assert "'river'" in error.problem


def test_a_river_drawn_as_a_polygon_is_refused(data_copy):
    edit_geojson(data_copy / "water.geojson", lambda d: feature_of(d, "irtysh").update(
        geometry=mapping(shapely.box(76, 52, 77, 53))))
    error = load_error(data_copy)
    assert error.file.endswith("water.geojson")
    assert error.entry.endswith("(irtysh)") and error.field == "geometry.type"


def test_a_water_feature_with_no_entry_is_refused(data_copy):
    edit_geojson(data_copy / "water.geojson",
                 lambda d: feature_of(d, "balkhash")["properties"].update(code="atlantis"))
    error = load_error(data_copy)
    assert error.file.endswith("water.geojson")
    assert error.entry.endswith("(atlantis)") and error.field == "properties.code"
    assert "no entry in water.yaml" in error.problem


def test_an_entry_is_numbered_as_in_the_file_whatever_the_division(data_copy):
    # Abai (2022 only) moved to the top of territories.yaml: a fault found while loading 2018
    # must still give Pavlodar's index in the file (13), not in the 2018 list (12).
    def abai_first(data):
        abai = next(t for t in data["territories"] if t["code"] == "abai")
        data["territories"].remove(abai)
        data["territories"].insert(0, abai)
    edit_yaml(data_copy / "territories.yaml", abai_first)
    edit_geojson(boundaries(data_copy, "2018"),
                 lambda d: d["features"].remove(feature_of(d, "pavlodar")))
    error = load_error(data_copy)
    assert error.file.endswith("territories.yaml")
    assert (error.entry, error.field) == ("territories[13] (pavlodar)", "code")
