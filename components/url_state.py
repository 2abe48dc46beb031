"""The URL contract (command, oblast, commands, lang, mode, division, theme; a deck's deck,
step, follow and key): parse and write, no streamlit."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

from components.i18n import DEFAULT_LANGUAGE, LANGUAGES

PARAMETERS = ("command", "oblast", "commands", "lang", "mode", "division", "deck", "step",
              "follow", "theme", "key")
MODES = ("briefing", "presenter")
THEMES = ("light", "dark")  # components/theme.py; light, the default, is left out of links
DECK_ID = re.compile(r"[a-z0-9-]{1,40}")  # as components/decks/model.py's Deck.id
# A deck's edit key (components/decks/store.py KEY): kept as written, never quoted back.
DECK_KEY = re.compile(r"[A-Za-z0-9_-]{20,100}")
MAX_STEP = 100  # a deck's most steps (components/decks/model.py MAX_STEPS)
# A link is read only if it is plausible: the app's own longest link is under 250 characters
# and 10 parameters. Anything bigger is ignored whole, with one notice, so a hostile link costs
# no more than a normal one.
MAX_QUERY_CHARS = 2048
MAX_PARAMETERS = 11
MAX_COMMAND_PARTS = 16  # `commands=` parts read; four ids are all the data has
MAX_NOTICES = 5  # shown at most, the last one saying how many more there were
MAX_VALUE_SHOWN = 40  # a notice quotes at most this much of a bad value
# Only these characters are ever quoted back: a link's text must not speak in the app's voice
# ("Briefing moved – use laptop 7") or turn the notice's text around (U+202E).
QUOTABLE = re.compile(r"[a-z0-9,-]+")


@dataclass(frozen=True)
class ViewState:
    """What a URL can say about the view."""

    lang: str = DEFAULT_LANGUAGE
    command: str | None = None
    oblast: str | None = None
    visible: tuple[str, ...] | None = None  # None: every command shown
    mode: str | None = None
    division: str | None = None  # None: the default division
    deck: str | None = None  # a deck's id (whether it exists is the store's to say)
    step: int | None = None  # 1-based step of `deck`; None: the first (or the room's)
    follow: bool = False  # a projector following the deck's presenter
    theme: str | None = None  # None: the light theme
    key: str | None = None  # the deck's edit key (its author's links carry it)


@dataclass(frozen=True)
class Notice:
    """Something in the URL was ignored; `key` is an i18n string, `values` fill it."""

    key: str
    values: dict[str, str] = field(default_factory=dict)


def quotable(value: str) -> str | None:
    """The value as a notice may quote it, or None when it must not be quoted at all.

    Control and format characters (e.g. U+202E) are dropped; what is left is quoted only if it
    is nothing but `[a-z0-9,-]`, cut to MAX_VALUE_SHOWN characters.
    """
    kept = "".join(c for c in str(value)[:MAX_QUERY_CHARS]
                   if unicodedata.category(c) not in ("Cc", "Cf")).strip().lower()
    if not QUOTABLE.fullmatch(kept):
        return None
    return kept if len(kept) <= MAX_VALUE_SHOWN else kept[:MAX_VALUE_SHOWN] + "…"


def first_value(raw: str | list[str] | None) -> str | None:
    """Streamlit gives the last value of a repeated parameter; a plain mapping may give a list."""
    if isinstance(raw, list):
        return str(raw[-1]) if raw else None
    return None if raw is None else str(raw)


def query_size(params: Mapping[str, str | list[str]]) -> tuple[int, int]:
    """About how long the query string is (characters, decoded) and how many values it has."""
    chars = count = 0
    for name, raw in params.items():
        for value in raw if isinstance(raw, list) else [raw]:
            chars += len(str(name)) + len(str(value)) + 2  # `&name=value`
            count += 1
    return chars, count


def bounded(notices: list[Notice]) -> list[Notice]:
    """Repeats dropped, then at most MAX_NOTICES: the first ones and "and N more"."""
    unique = list({(n.key, tuple(sorted(n.values.items()))): n for n in notices}.values())
    if len(unique) <= MAX_NOTICES:
        return unique
    shown = unique[:MAX_NOTICES - 1]
    return [*shown, Notice("notice_more", {"count": str(len(unique) - len(shown))})]


def requested_division(params: Mapping[str, str | list[str]],
                       division_ids: Iterable[str]) -> str | None:
    """The division a link asks for, if it is one of `division_ids` (the oblast codes to read
    depend on it, so it is read first)."""
    raw = first_value(params.get("division"))
    value = raw.strip().lower() if raw is not None else None
    return value if value in set(division_ids) else None


def parse_view(params: Mapping[str, str | list[str]], command_ids: Iterable[str],
               territory_command: Mapping[str, str | None],
               later_unit: Callable[[str], tuple[str, str] | None] | None = None,
               division_ids: Iterable[str] = (),
               ) -> tuple[ViewState, list[Notice]]:
    """Read the view from query parameters; what cannot be understood becomes a Notice.

    `territory_command` and `later_unit` are those of the division the link asks for
    (`requested_division`). `later_unit` maps an `oblast` value that is no territory of that
    division (a region formed since, such as `abai` in 2018) to (its code, the territory that
    holds it), or None."""
    command_ids = list(command_ids)
    notices: list[Notice] = []

    def pick(param: str, allowed) -> str | None:
        """The parameter's value if it is one of `allowed` (any case, spaces trimmed)."""
        raw = first_value(params.get(param))
        if raw is None:
            return None
        if raw.strip().lower() in allowed:
            return raw.strip().lower()
        unknown(param, raw)
        return None

    def unknown(param: str, value: str) -> None:
        shown = quotable(value)
        notices.append(Notice("notice_unknown_value", {"param": param, "value": shown})
                       if shown else Notice("notice_unknown_value_unquoted", {"param": param}))

    chars, count = query_size(params)
    if chars > MAX_QUERY_CHARS or count > MAX_PARAMETERS:
        # Read nothing but the language (so the one notice is in the viewer's language).
        raw = first_value(params.get("lang"))
        lang = raw.strip().lower() if raw and raw.strip().lower() in LANGUAGES else None
        return (ViewState(lang=lang or DEFAULT_LANGUAGE),
                [Notice("notice_url_too_long", {"limit": str(MAX_QUERY_CHARS)})])

    for name in params:
        if name not in PARAMETERS:
            shown = quotable(name)
            notices.append(Notice("notice_unknown_param", {"param": shown}) if shown
                           else Notice("notice_unknown_param_unquoted"))

    lang = pick("lang", LANGUAGES) or DEFAULT_LANGUAGE
    command = pick("command", command_ids)
    raw_oblast = first_value(params.get("oblast"))
    found = None
    if raw_oblast is not None and raw_oblast.strip().lower() not in territory_command \
            and later_unit is not None:
        found = later_unit(raw_oblast[:MAX_VALUE_SHOWN * 2])
    if found is not None:
        unit, oblast = found
        notices.append(Notice("notice_later_unit", {"unit": unit}))
    else:
        oblast = pick("oblast", territory_command)
    if oblast is not None:
        own = territory_command[oblast]
        if command is not None and own != command:
            notices.append(Notice("notice_mismatch", {"oblast": oblast, "command": command}))
        command = own

    visible = None
    raw = first_value(params.get("commands"))
    if raw is not None:
        # The query's own cap bounds the split; the parts read are capped again.
        parts = [p.strip().lower() for p in raw.split(",") if p.strip()]
        if len(parts) > MAX_COMMAND_PARTS:
            parts = parts[:MAX_COMMAND_PARTS]
            notices.append(Notice("notice_commands_cut", {"count": str(MAX_COMMAND_PARTS)}))
        known = [p for p in parts if p in command_ids]
        for part in dict.fromkeys(parts):
            if part not in command_ids:
                unknown("commands", part)
        if raw.strip() and not parts:  # only separators, e.g. ",,,"
            unknown("commands", raw)
        if raw.strip() == "" or known:
            # Keep the data's order and drop repeats, so equal filters give equal URLs.
            visible = tuple(c for c in command_ids if c in known)
        # A list of nothing but unknown ids says nothing usable: every command stays shown.

    mode = pick("mode", MODES)
    division = pick("division", set(division_ids))
    theme = pick("theme", THEMES)

    deck = None
    raw = first_value(params.get("deck"))
    if raw is not None:
        if DECK_ID.fullmatch(raw.strip().lower()):
            deck = raw.strip().lower()
        else:
            unknown("deck", raw)
    step = None
    raw = first_value(params.get("step"))
    if raw is not None:
        text = raw.strip()
        # ASCII digits only ("٣" is a digit to Python), read only when short.
        if len(text) <= 4 and text.isascii() and text.isdigit() and 1 <= int(text) <= MAX_STEP:
            step = int(text)
        else:
            unknown("step", raw)
    follow = False
    raw = first_value(params.get("follow"))
    if raw is not None:
        if raw.strip() == "1":
            follow = True
        else:
            unknown("follow", raw)

    key = None
    raw = first_value(params.get("key"))
    if raw is not None:
        if DECK_KEY.fullmatch(raw.strip()):
            key = raw.strip()  # letters' case is the key's
        else:  # never quoted: it may be most of someone's key (a link cut short in a mail)
            notices.append(Notice("notice_key_damaged", {}))

    return (ViewState(lang, command, oblast, visible, mode, division, deck, step, follow,
                      theme=None if theme == THEMES[0] else theme, key=key),
            bounded(notices))


def to_query(state: ViewState, command_ids: Iterable[str],
             default_division: str | None = None) -> dict[str, str]:
    """The query parameters for a view; defaults are left out so links stay short."""
    query: dict[str, str] = {}
    if state.division and state.division != default_division:
        query["division"] = state.division
    if state.command:
        query["command"] = state.command
    if state.oblast:
        query["oblast"] = state.oblast
    if state.visible is not None and tuple(state.visible) != tuple(command_ids):
        query["commands"] = ",".join(state.visible)
    if state.lang != DEFAULT_LANGUAGE:
        query["lang"] = state.lang
    if state.mode:
        query["mode"] = state.mode
    if state.theme and state.theme != THEMES[0]:
        query["theme"] = state.theme
    if state.deck:
        query["deck"] = state.deck
        if state.step is not None:
            query["step"] = str(state.step)
        if state.follow:
            query["follow"] = "1"
        elif state.key:  # a projector's link never carries a key
            query["key"] = state.key
    return query
