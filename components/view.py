"""What a viewer has chosen, as one frozen record, and every way it can change.

Pure: no streamlit. `components/state.py` keeps one `View` per session and is the only code
that writes Streamlit's session state; widgets, map clicks, the briefing buttons and the URL
all go through the transitions below. Each transition takes the atlas (for the ids it may
accept) and returns a new View; a value that is not a known id (a stale widget label, a forged
message, a typo in a link) leaves the view as it was instead of raising.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace

from components.decks.model import DEFAULT_DECK_ID
from components.i18n import LANGUAGES
from components.memo import per_atlas
from components.url_state import (
    THEMES,
    Notice,
    ViewState,
    parse_view,
    requested_division,
    to_query,
)
from geo.atlas import Atlas
from geo.measures import lonlat_bounds
from geo.names import Place, find_place, find_successor, search_places

Bounds = tuple[float, float, float, float]  # west, south, east, north
# The longest text the search reads; no place name comes close. Longer text (a paste) is not
# cut silently: the box is cleared and says it was too long (sidebar.render_search).
MAX_SEARCH_CHARS = 100


@dataclass(frozen=True)
class Focus:
    """A request to the map: fit `bounds` and select `command` and `oblast`, once per `token`.

    A click does not make one (the browser has already outlined what was clicked, and the map
    must not move); a choice made outside the map (the sidebar, a briefing step, a link, a new
    language that rebuilds the map) does.
    """

    bounds: Bounds
    token: int
    command: str | None = None
    oblast: str | None = None
    # A request that selects without moving the map (a new division drawn where the map is):
    # `fit` False, and the command to outline when it is not `command` (what was zoomed to).
    fit: bool = True
    selected_command: str | None = None


@dataclass(frozen=True)
class View:
    """Everything a viewer has chosen."""

    lang: str
    command: str | None
    oblast: str | None
    visible: tuple[str, ...]  # commands the filter shows, in the data's order
    briefing: bool
    show_labels: bool
    show_hq: bool
    focus: Focus
    show_frontiers: bool = False
    notices: tuple[Notice, ...] = ()
    # The map component's last value that was acted on, so a rerun does not act on it twice.
    last_click: str | None = None
    search: str = ""  # what the viewer last typed into the search box
    search_too_long: int = 0  # the length of the last text refused as too long, else 0
    division: str = ""  # the division drawn ("": the data's default)
    show_rivers: bool = True
    # A deck (components/decks): the one being composed, or presented in a briefing.
    deck: str | None = None
    deck_step: int = 0  # 0-based step of `deck`
    presenter: bool = False  # the presenter's view (a briefing with notes); `briefing` is True
    follow: bool = False  # a projector: the briefing follows the deck's presenter
    # The link named a deck step that is not applied yet: the deck is in the store, which
    # this pure module does not read (components/deck_view.py applies it).
    deck_pending: bool = False
    theme: str = THEMES[0]  # "light" or "dark" (a dim room: components/theme.py)
    # The open deck's edit key, from its author's link (kept in the URL so a reload or a
    # second tab keeps it); None: the deck is read-only to this viewer. A projector has none.
    deck_key: str | None = None


def command_ids(atlas: Atlas) -> tuple[str, ...]:
    """Every command id, in the data's order."""
    return tuple(c.id for c in atlas.commands)


def territory_commands(atlas: Atlas) -> dict[str, str | None]:
    """Territory code -> command id (None for the lease)."""
    return dict(zip(atlas.territories.index, atlas.territories["command"], strict=True))


@per_atlas(maxsize=64)
def bounds_of(atlas: Atlas, command_id: str | None) -> Bounds:
    """(west, south, east, north) of a command's territory, or of the whole country (made
    once: the country's is a reprojection, and every projector's step and briefing run asked)."""
    if command_id is None or command_id not in atlas.command_index:
        return tuple(float(v) for v in lonlat_bounds(atlas.territories))
    stats = atlas.command_stats.loc[command_id]
    return float(stats["west"]), float(stats["south"]), float(stats["east"]), float(stats["north"])


def is_one_of(value: object, known) -> bool:
    """Whether `value` is one of the ids in `known` (a forged list or number is not)."""
    return isinstance(value, str) and value in known


def focused(view: View, atlas: Atlas, command: str | None, oblast: str | None = None) -> View:
    """`view` with `command` and `oblast` selected and the map asked to fit them."""
    token = view.focus.token + 1
    return replace(view, command=command, oblast=oblast,
                   focus=Focus(bounds_of(atlas, command), token, command, oblast))


def division_ids(atlas: Atlas) -> tuple[str, ...]:
    """Every division's id, in the data's order."""
    return tuple(d.id for d in atlas.divisions)


def atlas_of(view: View, atlas: Atlas) -> Atlas:
    """The atlas of the division `view` draws (every surface takes it from here)."""
    return atlas.in_division(view.division) if view.division else atlas.root()


def from_url(params: Mapping[str, str | list[str]], atlas: Atlas) -> View:
    """A session's first view: what its link says, and notices for what it could not use."""
    ids = command_ids(atlas)
    atlas = atlas.in_division(requested_division(params, division_ids(atlas))
                              or atlas.root().division.id)
    parsed, notices = parse_view(params, ids, territory_commands(atlas),
                                 later_unit=lambda text: later_unit_of(atlas, text),
                                 division_ids=division_ids(atlas))
    visible = parsed.visible if parsed.visible is not None else ids
    briefing = parsed.mode in ("briefing", "presenter")
    presenter = parsed.mode == "presenter"
    # The presenter of no named deck presents the built-in tour.
    deck = parsed.deck or (DEFAULT_DECK_ID if presenter else None)
    return View(lang=parsed.lang, command=parsed.command, oblast=parsed.oblast,
                visible=tuple(visible), briefing=briefing,
                # Oblast names are on by default for a room, off for a small laptop map.
                show_labels=briefing,
                show_hq=True,
                focus=Focus(bounds_of(atlas, parsed.command), 1, parsed.command, parsed.oblast),
                notices=tuple(notices), division=atlas.division.id,
                deck=deck, deck_step=(parsed.step or 1) - 1, presenter=presenter,
                follow=parsed.follow and deck is not None and briefing and not presenter,
                # A composer's bare `?deck=<id>` opens the deck and leaves the map as the link
                # has it; a step named, or a briefing, shows the step.
                deck_pending=deck is not None and (briefing or parsed.step is not None),
                theme=parsed.theme or THEMES[0],
                deck_key=parsed.key if deck is not None and not parsed.follow else None)


def from_history(view: View, atlas: Atlas, params: Mapping[str, str | list[str]]) -> View:
    """The view of an address the browser went Back or Forward to: what its URL says (the
    selection, filter, language and mode of that moment), with this session's layers, search
    text and last map click kept, and the map asked to show it. The view itself when the URL
    already says what it shows (the same run asks twice)."""
    target = from_url(params, atlas)
    if to_url(target, atlas) == to_url(view, atlas):
        return view
    return replace(target, show_labels=view.show_labels or (target.briefing and not view.briefing),
                   # What the viewer saw at that address: a briefing's step number and the
                   # selection and filter of that moment (a click during a step is in the
                   # address), not the step as stored. Applying the stored step here made the
                   # page's second look at the address (the map's fragment, in the same run)
                   # see another view, keep the address's selection and leave the step to be
                   # applied by the viewer's next action, undoing it.
                   deck_pending=False,
                   show_hq=view.show_hq, show_frontiers=view.show_frontiers,
                   show_rivers=view.show_rivers,
                   last_click=view.last_click, search=view.search,
                   focus=replace(target.focus, token=view.focus.token + 1))


def later_unit_of(atlas: Atlas, text: str) -> tuple[str, str] | None:
    """(unit code, territory) of a unit formed after the source's division, named by its code
    or any of its names in any script (`abai`, `Абай`, `Shymkent`), or None."""
    unit = find_successor(atlas, text)
    return (unit.code, unit.territory) if unit is not None else None


def to_url(view: View, atlas: Atlas) -> dict[str, str]:
    """The view as query parameters (the URL contract)."""
    mode = "presenter" if view.presenter else "briefing" if view.briefing else None
    state = ViewState(view.lang, view.command, view.oblast, view.visible, mode,
                      view.division or None, view.deck,
                      # The composer's map is the viewer's own: only a briefing names a step.
                      view.deck_step + 1 if view.deck and view.briefing else None,
                      view.follow, theme=view.theme,
                      key=view.deck_key if view.deck and not view.follow else None)
    return to_query(state, command_ids(atlas), atlas.root().division.id)


# --- Transitions: each returns a new view, or the same one for a value it does not know. ---

def set_language(view: View, atlas: Atlas, lang: object) -> View:
    """A new language rebuilds the map's frame, so it is asked to show the selection again."""
    if not is_one_of(lang, LANGUAGES) or lang == view.lang:
        return view
    return focused(replace(view, lang=lang), atlas, view.command, view.oblast)


def set_division(view: View, atlas: Atlas, division: object) -> View:
    """Draw another division. The map stays where it is; the selection stays where it still
    exists (Karaganda is Karaganda in both), and a region the other division does not draw
    selects the territory that held it (Abai: East Kazakhstan in 2018), with a notice."""
    current = atlas_of(view, atlas).division.id
    if not is_one_of(division, division_ids(atlas)) or division == current:
        return view
    target = atlas.in_division(division)
    oblast, notices = view.oblast, tuple(n for n in view.notices if n.key != "notice_later_unit")
    if oblast is not None and oblast not in target.territories.index:
        unit = next((u for u in target.successors if u.code == oblast), None)
        oblast = unit.territory if unit is not None else None
        if unit is not None:
            notices += (Notice("notice_later_unit", {"unit": unit.code}),)
    command = target.territories.loc[oblast, "command"] if oblast is not None else view.command
    # The browser draws the other division where the map is: it selects, but fits nothing.
    focus = replace(view.focus, token=view.focus.token + 1, oblast=oblast, fit=False,
                    selected_command=command)
    return replace(view, division=target.division.id, oblast=oblast, command=command,
                   focus=focus, notices=notices)


def choose_command(view: View, atlas: Atlas, command: object) -> View:
    """Select a command (or None: the whole country) and move the map to it."""
    if command is not None and not is_one_of(command, atlas.command_index):
        return view
    return focused(view, atlas, command)


def choose_territory(view: View, atlas: Atlas, code: object) -> View:
    """Select a territory from outside the map (a link, a search): fit its command."""
    commands = territory_commands(atlas)
    if not is_one_of(code, commands):
        return view
    return focused(view, atlas, commands[code], code)


def click_territory(view: View, atlas: Atlas, code: object) -> View:
    """A click on the map selects a territory and its command; the map stays where it is."""
    commands = territory_commands(atlas)
    if not is_one_of(code, commands):
        return view
    return replace(view, oblast=code, command=commands[code])


def click_headquarters(view: View, atlas: Atlas, command: object) -> View:
    """A click on an HQ star selects its command; the map stays where it is."""
    if not is_one_of(command, atlas.command_index):
        return view
    return replace(view, oblast=None, command=command)


def back_to_overview(view: View, atlas: Atlas) -> View:
    """Nothing selected, the whole country in view."""
    return focused(view, atlas, None)


def set_visible(view: View, atlas: Atlas, chosen: object) -> View:
    """The commands the filter shows, kept in the data's order; only the viewer empties it."""
    if not isinstance(chosen, Iterable) or isinstance(chosen, (str, bytes)):
        return view
    chosen = list(chosen)
    ids = command_ids(atlas)
    if not all(is_one_of(c, ids) for c in chosen):
        return view
    return replace(view, visible=tuple(c for c in ids if c in chosen))


def show_command(view: View, atlas: Atlas, shown: object, command: str) -> View:
    """Show or hide one command (its filter checkbox); the others stay as they are."""
    if not isinstance(shown, bool) or not is_one_of(command, atlas.command_index):
        return view
    others = [c for c in view.visible if c != command]
    return set_visible(view, atlas, [*others, command] if shown else others)


def set_briefing(view: View, atlas: Atlas, on: object) -> View:
    """Enter or leave briefing mode; the selection stays. Entering turns the oblast names on."""
    if not isinstance(on, bool):
        return view
    return replace(view, briefing=on, show_labels=view.show_labels or on)


def set_theme(view: View, atlas: Atlas, dark: object) -> View:
    """The dark theme on (True, or "dark") or off; the map restyles where it is."""
    if isinstance(dark, bool):
        dark = THEMES[1] if dark else THEMES[0]
    if not is_one_of(dark, THEMES):
        return view
    return replace(view, theme=dark)


def set_labels(view: View, atlas: Atlas, on: object) -> View:
    """Show or hide the oblast labels."""
    return replace(view, show_labels=on) if isinstance(on, bool) else view


def set_headquarters(view: View, atlas: Atlas, on: object) -> View:
    """Show or hide the HQ markers."""
    return replace(view, show_hq=on) if isinstance(on, bool) else view


def set_rivers(view: View, atlas: Atlas, on: object) -> View:
    """Show or hide the rivers (the lakes are always drawn: they are part of the land)."""
    return replace(view, show_rivers=on) if isinstance(on, bool) else view


def set_frontiers(view: View, atlas: Atlas, on: object) -> View:
    """Show or hide the frontier layer (each stretch of border in its command's colour)."""
    return replace(view, show_frontiers=on) if isinstance(on, bool) else view


def briefing_steps(atlas: Atlas, visible: Iterable[str] | None = None
                   ) -> tuple[str | None, ...]:
    """The step-through: the overview (None), then each command the filter shows (`visible`;
    None: every command), in the data's order; a loop."""
    shown = command_ids(atlas) if visible is None else tuple(visible)
    return (None, *(c for c in command_ids(atlas) if c in shown))


def briefing_step(view: View, atlas: Atlas) -> int:
    """Where the briefing is: the selected command's step, or the overview (also for a
    command the filter hides, which is no step of this briefing)."""
    order = briefing_steps(atlas, view.visible)
    return order.index(view.command) if view.command in order else 0


def step(view: View, atlas: Atlas, offset: int) -> View:
    """Move `offset` steps through what the filter shows; the filter stays as it is."""
    order = briefing_steps(atlas, view.visible)
    command = order[(briefing_step(view, atlas) + offset) % len(order)]
    return focused(view, atlas, command)


def search(view: View, atlas: Atlas, text: object) -> View:
    """The search box's text: remember it and select its best match, as Enter does in a map's
    search; text that matches nothing changes nothing but the text. Text longer than
    MAX_SEARCH_CHARS is refused, not cut: the last result goes and the box says why."""
    if not isinstance(text, str):
        return view
    text = text.strip()
    if len(text) > MAX_SEARCH_CHARS:
        return replace(view, search="", search_too_long=len(text))
    view = replace(view, search=text, search_too_long=0)
    matches = search_places(atlas, view.search, limit=1)
    return select_place(view, atlas, matches[0].place) if matches else view


def choose_place(view: View, atlas: Atlas, kind: object, code: object) -> View:
    """A search result chosen from the list: the place of `kind` with `code`."""
    place = find_place(atlas, kind, code)
    return view if place is None else select_place(view, atlas, place)


def select_place(view: View, atlas: Atlas, place: Place) -> View:
    """What a click on the place does, and the map moves to it: a territory, a city in one or a
    later unit selects that territory (a later unit with the notice its link gives); an HQ or a
    command selects the command. A command hidden by the filter is shown again: the viewer
    asked to see it."""
    notices = tuple(n for n in view.notices if n.key != "notice_later_unit")
    if place.kind == "successor":
        notices += (Notice("notice_later_unit", {"unit": place.code}),)
    view = replace(view, notices=notices)
    if place.command is not None and place.command not in view.visible:
        view = set_visible(view, atlas, (*view.visible, place.command))
    if place.kind in ("hq", "command"):
        return choose_command(view, atlas, place.command)
    return choose_territory(view, atlas, place.territory)


def dismiss_notices(view: View, atlas: Atlas) -> View:
    """Hide the notices about the link."""
    return replace(view, notices=())


def outside_the_map(view: View) -> tuple:
    """What the page around the map and its panel (the sidebar, the page's title and style) is
    drawn from. A click on the map changes none of it, so a click reruns only the map and the
    panel; an action that changes it reruns the whole page."""
    if view.follow:  # a projector draws no sidebar: a step changes only its map and panel
        return (view.lang, view.briefing, view.follow, view.deck, view.theme)
    return (view.lang, view.briefing, view.visible, view.focus.command, view.show_labels,
            view.show_hq, view.show_frontiers, view.division, view.show_rivers, view.deck,
            view.deck_step, view.presenter, view.follow, view.theme)
