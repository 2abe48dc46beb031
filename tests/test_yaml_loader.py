"""The YAML loader (geo/loaders.py): libyaml's speed, the pure loader's data and errors."""

from __future__ import annotations

import pytest
import yaml

from geo import loaders
from geo.errors import DataError
from geo.loaders import NoAliasLoader, load_yaml, read_yaml
from tests.conftest import DATA_DIR

YAML_PATHS = sorted(DATA_DIR.glob("*.yaml"))

# Broken or unusual documents: load_yaml must do exactly what the pure loader does.
SNIPPETS = {
    "unclosed flow": "commands: [\n  - id: astana\n",
    "bad indentation": "a:\n  b: 1\n c: 2\n",
    "tab indent": "a:\n\tb: 1\n",
    "unclosed quote": 'a: "open\nb: 2\n',
    "stray colon": "a: b: c\n",
    "alias": "extra: &a [1]\nagain: *a\n",
    "alias in a list": "x:\n  - &c {id: 1}\n  - *c\n",
    "merge key": "base: &x {a: 1}\nother:\n  <<: *x\n  b: 2\n",
    "undefined alias": "a: *nowhere\n",
    "anchor without alias": "a: &x 1\nb: [&y 2, 3]\n",
    "merge without alias": "a:\n  <<: {x: 1}\n  y: 2\n",
    "duplicate keys": "a: 1\na: 2\n",
    "two documents": "a: 1\n---\nb: 2\n",
    "control character": "a: b\x07c\n",
    "unhashable key": "? [a]\n: 1\n",
    "bad tag": "a: !!python/object:os.system x\n",
    "nested deep": "a: " + "[" * 120 + "]" * 120 + "\n",
    "nested too deeply": "a: " + "[" * 5_000 + "]" * 5_000 + "\n",
    "timestamps and numbers": "d: 2024-01-02\nt: 2001-12-14t21:59:43.10-05:00\nn: 0x1F\no: 0o17\n"
                              "f: 1_000.5\nb: yes\nz: ~\ninf: .inf\n",
}


def outcome(text: str, loader) -> tuple:
    """What loading gives: ("data", value) or ("error", type, problem, line, column)."""
    try:
        return ("data", loader(text))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        return ("error", type(exc).__name__, getattr(exc, "problem", None) or str(exc),
                mark and (mark.line, mark.column))
    except RecursionError:
        return ("recursion",)


def pure(text: str):
    return yaml.load(text, Loader=NoAliasLoader)


def test_libyaml_is_there():
    """The fast path is the one this deployment takes (PyYAML's wheels include libyaml)."""
    assert yaml.__with_libyaml__ and loaders._FAST_LOADER is yaml.CSafeLoader


@pytest.mark.parametrize("path", YAML_PATHS, ids=[p.name for p in YAML_PATHS])
def test_every_data_file_loads_as_with_the_pure_loader(path):
    text = path.read_text(encoding="utf-8")
    assert loaders._plain(text)  # taken the fast way
    assert load_yaml(text) == pure(text)
    assert read_yaml(path, root=DATA_DIR) == pure(text)


@pytest.mark.parametrize("name", SNIPPETS)
def test_a_broken_or_unusual_document_gives_what_the_pure_loader_gives(name):
    text = SNIPPETS[name]
    assert outcome(text, load_yaml) == outcome(text, pure)


@pytest.mark.parametrize("name", SNIPPETS)
def test_without_libyaml_the_pure_loader_is_used(monkeypatch, name):
    monkeypatch.setattr(loaders, "_FAST_LOADER", None)
    text = SNIPPETS[name]
    assert outcome(text, load_yaml) == outcome(text, pure)


def read_error(path) -> tuple[str, str, str]:
    with pytest.raises(DataError) as caught:
        read_yaml(path)
    return caught.value.entry, caught.value.field, caught.value.problem


@pytest.mark.parametrize("name", ["unclosed flow", "bad indentation", "unclosed quote",
                                  "stray colon", "alias", "alias in a list", "merge key",
                                  "undefined alias", "nested too deeply", "control character"])
def test_read_yaml_names_the_same_line_as_before(tmp_path, monkeypatch, name):
    path = tmp_path / "commands.yaml"
    path.write_text("formed: 2003\n" + SNIPPETS[name], encoding="utf-8")
    fast = read_error(path)
    monkeypatch.setattr(loaders, "_FAST_LOADER", None)  # the loader as it was
    assert fast == read_error(path)
    assert "malformed YAML" in fast[2]
    if name not in ("control character", "nested too deeply"):  # these have no line
        assert fast[0].startswith("line ")


def test_alias_error_message_and_line(tmp_path):
    path = tmp_path / "commands.yaml"
    path.write_text("formed: 2003\nextra: &a [1]\nagain: *a\n", encoding="utf-8")
    assert read_error(path) == ("line 3, column 8", "-",
                                "malformed YAML: aliases are not allowed (*a)")


def test_syntax_error_line(tmp_path):
    path = tmp_path / "commands.yaml"
    path.write_text("formed: 2003\na:\n  b: 1\n c: 2\n", encoding="utf-8")
    entry, _, problem = read_error(path)
    assert entry == "line 4, column 2" and problem.startswith("malformed YAML: ")


def test_an_anchor_without_an_alias_is_fine(tmp_path):
    path = tmp_path / "commands.yaml"
    path.write_text("formed: 2003\nlist: &l [1, 2]\nname: &n Астана\n", encoding="utf-8")
    assert read_yaml(path) == {"formed": 2003, "list": [1, 2], "name": "Астана"}
