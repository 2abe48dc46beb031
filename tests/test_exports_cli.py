"""Every download from the command line (`python -m components.exports`): the seven formats in
kk, ru and en and both divisions give the Downloads' files (byte for byte, the HTML map up to
folium's random element ids), a deck file shapes the PowerPoint, the PDF and the ZIP as an
upload would, and every refusal is one line on stderr with exit code 2."""

from __future__ import annotations

import functools
import json
import re
import subprocess
import sys
import zipfile
from datetime import date

import pytest

from components import exports, sidebar, state
from components import view as views
from components.decks.files import MAX_FILE_BYTES, deck_to_json, read_deck_file
from components.decks.model import Deck, Step, StepView
from components.exports.__main__ import main
from geo.atlas import load_atlas
from tests.conftest import DATA_DIR, ROOT

DAY = date(2026, 12, 4)
EPOCH = "1764806400"
ATLAS = load_atlas(DATA_DIR)
LANGS = ("kk", "ru", "en")
DIVISIONS = ("2022", "2018")
HEAVY = ("pptx", "pdf", "zip")  # a map per step: seconds each on this machine
LIGHT = ("png", "html", "geojson", "csv")
# Each heavy format in two languages and both divisions, every language twice, everyday;
# the rest of the matrix in the slow run.
EVERYDAY_HEAVY = {("pptx", "kk", "2022"), ("pptx", "ru", "2018"), ("pdf", "en", "2022"),
                  ("pdf", "kk", "2018"), ("zip", "ru", "2018"), ("zip", "en", "2022")}
CASES = [pytest.param(fmt, lang, division, marks=() if fmt in LIGHT
                      or (fmt, lang, division) in EVERYDAY_HEAVY else pytest.mark.slow)
         for fmt in (*HEAVY, *LIGHT) for lang in LANGS for division in DIVISIONS]
# folium names each element of the map by a random hex id.
FOLIUM_ID = re.compile(r"(?<![0-9a-f])[0-9a-f]{32}(?![0-9a-f])")


def downloads_file(fmt: str, lang: str, division: str) -> bytes:
    """What the sidebar's Download button gives a viewer who opened the map in this language
    and division (every command shown, nothing selected)."""
    box = state.ViewBox()
    box.view = views.from_url({"lang": lang, "division": division}, ATLAS)
    return sidebar.export_of_shown_view(fmt, ATLAS, box, DAY)


def canonical_html(data: bytes) -> str:
    """The HTML map with folium's random ids numbered in order of appearance."""
    names: dict[str, str] = {}
    return FOLIUM_ID.sub(lambda m: names.setdefault(m.group(0), f"id{len(names)}"),
                         data.decode("utf-8"))


def test_the_command_line_offers_every_download_format():
    assert {f.extension for f in exports.FORMATS} == {*HEAVY, *LIGHT}


@pytest.mark.parametrize(("fmt", "lang", "division"), CASES)
def test_the_command_line_gives_the_downloads_file(fmt, lang, division, tmp_path, monkeypatch,
                                                   capsys):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    assert main(["--format", fmt, "--lang", lang, "--division", division,
                 "--date", DAY.isoformat(), "-o", str(tmp_path)]) == 0
    [made] = tmp_path.iterdir()
    kind = next(f.kind for f in exports.FORMATS if f.extension == fmt)
    assert made.name == exports.export_filename(kind, lang, DAY, fmt, division)
    assert capsys.readouterr().out.strip() == str(made)
    expected = downloads_file(fmt, lang, division)
    if fmt == "html":
        assert canonical_html(made.read_bytes()) == canonical_html(expected)
    else:
        assert made.read_bytes() == expected


def test_the_canonical_html_still_tells_two_maps_apart():
    """The canonical HTML comparison above cannot hide a real difference: two maps in two
    languages differ after it."""
    assert canonical_html(downloads_file("html", "kk", "2022")) != canonical_html(
        downloads_file("html", "ru", "2022"))


def deck_file(tmp_path, deck: Deck):
    path = tmp_path / "deck.json"
    path.write_bytes(deck_to_json(deck))
    return path


SMALL_DECK = Deck("", "Батыс: қысқа шолу", (
    Step("«Батыс»", "- Штаб: Атырау", StepView(command="batys")),
    Step("Атырау, 2018", "", StepView(division="2018", oblast="atyrau")),
))


@functools.cache
def small_deck_made(fmt: str) -> bytes:
    deck = read_deck_file(deck_to_json(SMALL_DECK), ATLAS)
    return exports.make(fmt, ATLAS, "kk", tuple(c.id for c in ATLAS.commands), DAY, deck=deck)


@pytest.mark.parametrize("fmt", HEAVY)
def test_a_deck_file_shapes_the_pptx_pdf_and_zip_as_an_upload_would(fmt, tmp_path,
                                                                    monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    out = tmp_path / f"out.{fmt}"
    assert main(["--format", fmt, "--lang", "kk", "--deck", str(deck_file(tmp_path, SMALL_DECK)),
                 "--date", DAY.isoformat(), "-o", str(out)]) == 0
    assert out.read_bytes() == small_deck_made(fmt)
    if fmt == "zip":
        assert zipfile.ZipFile(out).namelist() == ["01_batys.png", "02_atyrau.png"]


def run_cli(*args: str, env_epoch: bool = True) -> subprocess.CompletedProcess:
    """The real entry point, in a process of its own."""
    env = {"PATH": "/usr/bin:/bin", "HOME": "/tmp", "PYTHONPATH": str(ROOT)}
    if env_epoch:
        env["SOURCE_DATE_EPOCH"] = EPOCH
    return subprocess.run([sys.executable, "-m", "components.exports", *args], cwd=ROOT,
                          env=env, capture_output=True, text=True, timeout=300)


def test_the_real_command_makes_a_deck_zip(tmp_path):
    out = tmp_path / "steps.zip"
    done = run_cli("--format", "zip", "--lang", "kk", "--deck", str(deck_file(tmp_path,
                                                                               SMALL_DECK)),
                   "--date", DAY.isoformat(), "-o", str(out))
    assert (done.returncode, done.stderr) == (0, "")
    assert out.read_bytes() == small_deck_made("zip")


def hostile_decks(tmp_path):
    """Deck files an upload refuses, and what the refusal must name."""
    good = json.loads(deck_to_json(SMALL_DECK))
    unknown = json.loads(deck_to_json(SMALL_DECK))
    unknown["steps"][1]["view"]["command"] = "nord"
    typed = json.loads(deck_to_json(SMALL_DECK))
    typed["steps"][0]["title"] = ["<script>"]
    files = {
        "not json": (b"{\"format\": ", "not JSON"),
        "unknown command": (json.dumps(unknown).encode(), "Step 2, view.command"),
        "wrong type": (json.dumps(typed).encode(), "Step 1, title"),
        "too large": (b" " * MAX_FILE_BYTES + json.dumps(good).encode(), "256 KB"),
        "deep": (b"[" * 10_000 + b"]" * 10_000, "levels deep"),
        "utf-16": ('{"title": "Қ"}'.encode("utf-16"), "UTF-8"),
    }
    made = {}
    for name, (data, expected) in files.items():
        path = tmp_path / f"{name.replace(' ', '_')}.json"
        path.write_bytes(data)
        made[name] = (path, expected)
    return made


def refusal_line(done_stderr: str) -> str:
    lines = done_stderr.splitlines()
    assert len(lines) == 1, done_stderr
    assert "Traceback" not in done_stderr
    assert lines[0].startswith("python -m components.exports: error: ")
    return lines[0]


def test_every_refused_deck_file_is_one_line_and_exit_code_2(tmp_path, capsys):
    for name, (path, expected) in hostile_decks(tmp_path).items():
        code = main(["--format", "pptx", "--lang", "en", "--deck", str(path), "-o",
                     str(tmp_path / "out.pptx")])
        captured = capsys.readouterr()
        assert code == 2, name
        line = refusal_line(captured.err)
        assert str(path) in line and expected.lower() in line.lower(), (name, line)
        assert not (tmp_path / "out.pptx").exists()


@pytest.mark.parametrize(("args", "expected"), [
    (["--format", "docx", "--lang", "kk", "-o", "x"], "argument --format: invalid choice"),
    (["--format", "pdf", "--lang", "de", "-o", "x"], "argument --lang: invalid choice"),
    (["--format", "pdf", "--lang", "kk", "--division", "2019", "-o", "x"],
     "argument --division: invalid choice"),
    (["--format", "pdf", "--lang", "kk"], "required: -o/--output"),
    (["--lang", "kk", "-o", "x"], "required: --format"),
    (["--format", "pdf", "--lang", "kk", "--date", "4.12.2026", "-o", "x"],
     "argument --date: not a date"),
    (["--format", "csv", "--lang", "kk", "--deck", "d.json", "-o", "x"],
     "--deck shapes pptx, pdf, zip only, not csv"),
    (["--format", "pdf", "--lang", "kk", "--deck", "d.json", "--division", "2018", "-o", "x"],
     "--division with --deck"),
    (["--format", "pdf", "--lang", "kk", "--deck", "/no/such/deck.json", "-o", "x"],
     "cannot read the deck file '/no/such/deck.json': No such file or directory"),
    (["--format", "pdf", "--lang", "kk", "--deck", "/tmp", "-o", "x"],
     "cannot read the deck file '/tmp': Is a directory"),
    (["--format", "csv", "--lang", "kk", "-o", "/no/such/dir/out.csv"],
     "cannot write '/no/such/dir/out.csv': No such file or directory"),
    (["--format", "pdf", "--lang", "kk", "--bogus", "-o", "x"], "unrecognized arguments"),
])
def test_bad_arguments_are_one_line_and_exit_code_2(args, expected, capsys):
    assert main(args) == 2
    captured = capsys.readouterr()
    assert expected in refusal_line(captured.err)
    assert captured.out == ""


def test_the_real_command_refuses_in_one_line_without_a_traceback(tmp_path):
    done = run_cli("--format", "pptx", "--lang", "kk", "--deck",
                   str(hostile_decks(tmp_path)["unknown command"][0]), "-o", str(tmp_path))
    assert done.returncode == 2
    assert "nord" in refusal_line(done.stderr)
    assert list(tmp_path.glob("*.pptx")) == []
    done = run_cli("--format", "pptx")
    assert done.returncode == 2
    assert "required" in refusal_line(done.stderr)


def test_a_broken_data_directory_is_one_line_naming_the_file(data_copy, tmp_path,
                                                             monkeypatch, capsys):
    (data_copy / "commands.yaml").write_text("commands: [", encoding="utf-8")
    monkeypatch.setenv("KZ_COMMANDS_DATA_DIR", str(data_copy))
    assert main(["--format", "csv", "--lang", "kk", "-o", str(tmp_path)]) == 1
    lines = capsys.readouterr().err.splitlines()
    assert len(lines) == 1 and "commands.yaml" in lines[0]


def test_help_names_every_format_and_language():
    done = run_cli("--help")
    assert done.returncode == 0
    for word in (*HEAVY, *LIGHT, *LANGS, "--deck", "--division", "SOURCE_DATE_EPOCH"):
        assert word in done.stdout, word
