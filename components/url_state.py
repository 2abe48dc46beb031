"""The URL contract (command, oblast, commands, lang, mode): parse and write, no streamlit."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from components.i18n import DEFAULT_LANGUAGE, LANGUAGES

PARAMETERS = ("command", "oblast", "commands", "lang", "mode")
MODES = ("briefing",)
MAX_VALUE_SHOWN = 60  # a notice quotes at most this much of a bad value


@dataclass(frozen=True)
class ViewState:
    """What a URL can say about the view."""

    lang: str = DEFAULT_LANGUAGE
    command: str | None = None
    oblast: str | None = None
    visible: tuple[str, ...] | None = None  # None: every command shown
    mode: str | None = None


@dataclass(frozen=True)
class Notice:
    """Something in the URL was ignored; `key` is an i18n string, `values` fill it."""

    key: str
    values: dict[str, str] = field(default_factory=dict)


def shorten(value: str) -> str:
    """A bad value, cut short enough to quote in a notice."""
    return value if len(value) <= MAX_VALUE_SHOWN else value[:MAX_VALUE_SHOWN] + "…"


def first_value(raw: str | list[str] | None) -> str | None:
    """Streamlit gives the last value of a repeated parameter; a plain mapping may give a list."""
    if isinstance(raw, list):
        return raw[-1] if raw else None
    return raw


def parse_view(params: Mapping[str, str | list[str]], command_ids: Iterable[str],
               territory_command: Mapping[str, str | None]) -> tuple[ViewState, list[Notice]]:
    """Read the view from query parameters; what cannot be understood becomes a Notice."""
    command_ids = list(command_ids)
    notices: list[Notice] = []

    def unknown(param: str, value: str) -> None:
        notices.append(Notice("notice_unknown_value", {"param": param, "value": shorten(value)}))

    for name in params:
        if name not in PARAMETERS:
            notices.append(Notice("notice_unknown_param", {"param": shorten(str(name))}))

    def pick(param: str, allowed) -> str | None:
        """The parameter's value if it is one of `allowed` (any case, spaces trimmed)."""
        raw = first_value(params.get(param))
        if raw is None:
            return None
        if raw.strip().lower() in allowed:
            return raw.strip().lower()
        unknown(param, raw)
        return None

    lang = pick("lang", LANGUAGES) or DEFAULT_LANGUAGE
    command = pick("command", command_ids)
    oblast = pick("oblast", territory_command)
    if oblast is not None:
        own = territory_command[oblast]
        if command is not None and own != command:
            notices.append(Notice("notice_mismatch", {"oblast": oblast, "command": command}))
        command = own

    visible = None
    raw = first_value(params.get("commands"))
    if raw is not None:
        parts = [p.strip().lower() for p in raw.split(",") if p.strip()]
        known = [p for p in parts if p in command_ids]
        for part in parts:
            if part not in command_ids:
                unknown("commands", part)
        if raw.strip() and not parts:  # only separators, e.g. ",,,"
            unknown("commands", raw)
        if raw.strip() == "" or known:
            # Keep the data's order and drop repeats, so equal filters give equal URLs.
            visible = tuple(c for c in command_ids if c in known)
        # A list of nothing but unknown ids says nothing usable: every command stays shown.

    mode = pick("mode", MODES)

    return ViewState(lang, command, oblast, visible, mode), notices


def to_query(state: ViewState, command_ids: Iterable[str]) -> dict[str, str]:
    """The query parameters for a view; defaults are left out so links stay short."""
    query: dict[str, str] = {}
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
    return query
