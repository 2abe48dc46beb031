"""Every data file, broken every way a hand edit can break it: an error naming the file and
the field, never a traceback, and the file on disk untouched."""

from __future__ import annotations

import hashlib
import json

import pytest
import yaml
from streamlit.testing.v1 import AppTest

from geo.atlas import FILES, load_atlas
from geo.errors import DataError
from geo.loaders import MAX_FILE_BYTES
from tests.conftest import ROOT

YAML_FILES = ["commands.yaml", "territories.yaml", "sources.yaml", "overview.yaml",
              "successors.yaml"]
GEOJSON_FILES = ["territories.geojson", "context.geojson"]


def first_list(data: dict) -> list:
    return next(v for v in data.values() if isinstance(v, list | dict))


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
            items.append(dict(items[0]))
        else:  # sources: a mapping, where YAML itself cannot hold a duplicate; break a key
            items["Not A Key!"] = next(iter(items.values()))
        return yaml.safe_dump(data, allow_unicode=True)

    return {
        "empty": lambda text: "",
        "truncated": lambda text: text[: len(text) // 3] + "\n  - [",
        "wrong encoding": None,  # handled as bytes below
        "wrong types": wrong_types,
        "missing keys": missing_key,
        "duplicate ids": duplicate_id,
        "not a mapping": lambda text: "- just\n- a list\n",
        "huge": lambda text: text + "# padding\n" * (MAX_FILE_BYTES // 10 + 1),
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
        "huge": lambda text: text[:-2] + " " * MAX_FILE_BYTES + text[-2:],
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
    assert digest(path) == before


def test_every_data_file_is_in_the_table():
    assert set(YAML_FILES + GEOJSON_FILES) == set(FILES.values())


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
