"""Every download from the command line, made by the functions the app's Downloads call:

    python -m components.exports --format pptx|pdf|png|zip|html|geojson|csv --lang kk|ru|en
        [--division 2022|2018] [--deck FILE.json] [--date YYYY-MM-DD] -o PATH

Without a deck the file is what the Downloads give for the whole map (every command shown,
nothing selected) in that division; the PowerPoint is then the built-in tour. A deck file is
read exactly as the app reads an upload (components/decks/files.py) and shapes the PowerPoint,
the PDF pack and the ZIP of slides. A refusal is one line on stderr and exit code 2; a broken
data directory exits 1. Set SOURCE_DATE_EPOCH for the same bytes on every run."""

from __future__ import annotations

import argparse
import logging
import os
import sys
from datetime import date
from pathlib import Path

from components import exports
from components.i18n import LANGUAGES

PROG = "python -m components.exports"
USAGE_ERROR, DATA_FAILURE = 2, 1
FORMATS = tuple(f.extension for f in exports.FORMATS)
DIVISIONS = ("2022", "2018")  # checked against the data's own list once it is loaded


class Refusal(Exception):
    """A bad argument or deck file: its one-line message."""


class Parser(argparse.ArgumentParser):
    def error(self, message: str):  # argparse's own: usage and message on two lines
        raise Refusal(message)


def parser() -> Parser:
    p = Parser(prog=PROG, description="Make a download of the briefing map without a browser.",
               epilog="Set SOURCE_DATE_EPOCH (seconds since 1970) to date the files' metadata "
                      "by it: the same export made twice is then the same bytes.")
    p.add_argument("--format", required=True, choices=FORMATS, help="the file to make")
    p.add_argument("--lang", required=True, choices=LANGUAGES, help="its language")
    p.add_argument("--division", choices=DIVISIONS,
                   help="the administrative division drawn (default: the data's, 2022)")
    p.add_argument("--deck", type=Path, metavar="FILE.json",
                   help="a deck file (as the app downloads it): pptx, pdf and zip follow it")
    p.add_argument("--date", type=day_of, metavar="YYYY-MM-DD",
                   help="the date the file states (default: today)")
    p.add_argument("-o", "--output", required=True, type=Path, metavar="PATH",
                   help="the file to write, or a directory to write it into under the "
                        "name the Downloads give it")
    return p


def day_of(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}") from None


def read_deck(path: Path, atlas):
    """The deck in `path`, checked as an upload is; a Refusal naming the file otherwise."""
    from components.decks.files import MAX_FILE_BYTES, DeckFileError, read_deck_file

    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)  # one byte more: too large is refused
    except OSError as error:
        raise Refusal(f"cannot read the deck file {str(path)!r}: "
                      f"{error.strerror or error}") from None
    try:
        return read_deck_file(data, atlas)
    except DeckFileError as error:
        raise Refusal(f"the deck file {str(path)!r} is refused: {error.message('en')}") from None


def run(argv: list[str]) -> int:
    args = parser().parse_args(argv)
    if args.deck is not None and args.format not in exports.DECK_FORMATS:
        raise Refusal(f"--deck shapes {', '.join(exports.DECK_FORMATS)} only, "
                      f"not {args.format}")
    if args.deck is not None and args.division is not None:
        raise Refusal("--division with --deck: a deck's steps name their own division")
    from geo.atlas import DATA_DIR, load_atlas_or_error
    from geo.errors import DataError

    data_dir = os.environ.get("KZ_COMMANDS_DATA_DIR", str(DATA_DIR))
    atlas = load_atlas_or_error(data_dir)
    if isinstance(atlas, DataError):
        print(f"{PROG}: the data is broken: {' '.join(str(atlas).split())}", file=sys.stderr)
        return DATA_FAILURE
    division = args.division or atlas.root().division.id
    known = tuple(d.id for d in atlas.divisions)
    if division not in known:
        raise Refusal(f"--division: the data has no division {division!r} "
                      f"(it has {', '.join(known)})")
    atlas = atlas.in_division(division)
    deck = read_deck(args.deck, atlas) if args.deck is not None else None
    fmt = next(f for f in exports.FORMATS if f.extension == args.format)
    day = args.date or date.today()
    output = args.output
    if output.is_dir():
        output = output / exports.export_filename(fmt.kind, args.lang, day, fmt.extension,
                                                  atlas.division.id)
    visible = tuple(c.id for c in atlas.commands)
    data = exports.make(args.format, atlas, args.lang, visible, day, deck=deck)
    try:
        output.write_bytes(data)
    except OSError as error:
        raise Refusal(f"cannot write {str(output)!r}: {error.strerror or error}") from None
    print(output)
    return 0


def main(argv: list[str] | None = None) -> int:
    logging.basicConfig(level=logging.WARNING)
    try:
        return run(sys.argv[1:] if argv is None else argv)
    except Refusal as refusal:
        # One line whatever the message quotes (a path or a value with a line break in it).
        print(f"{PROG}: error: {' '.join(str(refusal).split())}", file=sys.stderr)
        return USAGE_ERROR
    except Exception as error:  # a fault of ours: one line, not a traceback
        print(f"{PROG}: failed: {type(error).__name__}: {' '.join(str(error).split())}",
              file=sys.stderr)
        return DATA_FAILURE


if __name__ == "__main__":
    sys.exit(main())
