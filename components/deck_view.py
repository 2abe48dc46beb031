"""Decks meet the view: a step shown on the map, the map captured as a step, and the edits a
composer makes to a deck. Pure: no streamlit, no store (components/decks/store.py keeps the
decks; components/composer.py and components/presenter.py draw them).

A step's view is applied over the viewer's: what the step fixes (division, selection, filter,
layers, bounds, a language if it names one) replaces the viewer's; the rest (the search text,
the last click) stays. A value the data does not know (a command removed since the deck was
saved) falls back to the overview rather than raising: a deck outlives its data.
"""

from __future__ import annotations

from dataclasses import replace
from html import escape

from components import content
from components import view as views
from components.decks.model import DEFAULT_DECK_ID, MAX_STEPS, Deck, Step, StepView
from components.decks.store import built_in_room, valid_key
from components.i18n import LANGUAGES, tr
from components.url_state import Notice
from components.view import Focus, View
from geo.atlas import Atlas

BOUNDS_DECIMALS = 4  # about 10 m: more says nothing a map can show


def step_index(deck: Deck, index: int) -> int:
    """`index` as a step of `deck`, looped: the clicker goes from the last step to the first,
    as the built-in tour does (and a press at the end is never lost in the keys' queue)."""
    return index % len(deck.steps) if deck.steps else 0


def apply_step(view: View, atlas: Atlas, deck: Deck, index: int) -> View:
    """`view` showing step `index` of `deck` (looped), the map asked to fit the step's bounds
    (or its selection's fit)."""
    root = atlas.root()
    index = step_index(deck, index)
    view = replace(view, deck=deck.id, deck_step=index, deck_pending=False)
    if not deck.steps:
        return view
    wanted = deck.steps[index].view
    division = (wanted.division if views.is_one_of(wanted.division, views.division_ids(root))
                else root.division.id)
    drawn = root.in_division(division)
    commands = views.territory_commands(drawn)
    oblast = wanted.oblast if views.is_one_of(wanted.oblast, commands) else None
    command = (commands[oblast] if oblast is not None
               else wanted.command if views.is_one_of(wanted.command, drawn.command_index)
               else None)
    ids = views.command_ids(root)
    visible = ids if wanted.visible is None else tuple(c for c in ids if c in wanted.visible)
    bounds = wanted.bounds if wanted.bounds is not None else views.bounds_of(drawn, command)
    return replace(view, lang=wanted.lang if wanted.lang in LANGUAGES else view.lang,
                   division=division, command=command, oblast=oblast, visible=visible,
                   show_labels=wanted.show_labels, show_hq=wanted.show_hq,
                   show_rivers=wanted.show_rivers, show_frontiers=wanted.show_frontiers,
                   focus=Focus(tuple(bounds), view.focus.token + 1, command, oblast))


def move(view: View, atlas: Atlas, deck: Deck, offset: int) -> View:
    """Previous (-1) or Next (+1) through `deck`."""
    return apply_step(view, atlas, deck, view.deck_step + offset)


def open_linked(view: View, atlas: Atlas, deck: Deck | None, stored_step: int | None) -> View:
    """The view a link's deck asks for, once the deck is read: its step (a presenter's stored
    position first: a presenter who reloads picks up where the room is), or a notice when the
    deck does not exist or has no such step."""
    if not view.deck_pending:
        return view
    if deck is None:
        notice = Notice("notice_deck_unknown", {"deck": view.deck or ""})
        return replace(view, deck=None, deck_step=0, deck_pending=False, presenter=False,
                       follow=False, deck_key=None, notices=(*view.notices, notice))
    index = view.deck_step
    if stored_step is not None and (view.presenter or view.follow):
        index = stored_step
    notices = view.notices
    if not 0 <= index < max(len(deck.steps), 1):
        notices += (Notice("notice_step_unknown", {"step": str(index + 1),
                                                   "total": str(len(deck.steps))}),)
        index = 0
    return replace(apply_step(view, atlas, deck, index), notices=notices)


def own_room(view: View, atlas: Atlas, new_key: str) -> View:
    """A presenter of the built-in tour (`?deck=default&mode=presenter`) in a room of their
    own: the deck becomes the room their key makes (`default-…`, still the built-in tour), the
    key goes into their link (a reload keeps the room), and no other presenter of the tour
    moves their projectors. The link's own key if it has one, else `new_key`."""
    if not (view.presenter and view.deck == DEFAULT_DECK_ID):
        return view
    key = view.deck_key if valid_key(view.deck_key) else new_key
    return replace(view, deck=built_in_room(key), deck_key=key)


def no_room_to_follow(view: View, atlas: Atlas) -> View:
    """A projector link of the built-in tour itself (`?deck=default&follow=1`): no one drives
    that room (each presenter of the tour has a room of their own), so the projector would
    wait for ever. It is shown as a plain briefing, with a notice saying which link to open."""
    if not (view.follow and view.deck == DEFAULT_DECK_ID):
        return view
    return replace(view, follow=False,
                   notices=(*view.notices, Notice("notice_follow_built_in", {})))


def without_key(view: View, atlas: Atlas, notice_key: str | None = None) -> View:
    """`view` without its deck's key (a key that does not open the deck is not kept in the
    link); a presenter without the key sees the deck as a plain briefing, from its link's
    step, and `notice_key` says why."""
    notices = view.notices
    if notice_key is not None:
        notices += (Notice(notice_key, {}),)
    return replace(view, deck_key=None, presenter=False, notices=notices)


def capture(view: View, atlas: Atlas) -> StepView:
    """The viewer's map as a step's view: its division, selection, filter, layers, and the
    bounds of the selection's fit (the map does not report its own bounds: a pan would rerun
    the script). The language is left to the viewer."""
    drawn = views.atlas_of(view, atlas)
    ids = views.command_ids(atlas)
    bounds = views.bounds_of(drawn, view.command)
    return StepView(division=drawn.division.id, command=view.command, oblast=view.oblast,
                    visible=None if tuple(view.visible) == ids else tuple(view.visible),
                    show_labels=view.show_labels, show_hq=view.show_hq,
                    show_rivers=view.show_rivers, show_frontiers=view.show_frontiers,
                    bounds=tuple(round(float(b), BOUNDS_DECIMALS) for b in bounds))


def step_title(view: View, atlas: Atlas) -> str:
    """A new step's title, from what it shows: the territory, the command or the overview."""
    drawn = views.atlas_of(view, atlas)
    if view.oblast is not None:
        return content.territory_row(drawn, view.oblast, view.lang).name
    if view.command is not None:
        return content.command_label(drawn, view.command, view.lang)
    return tr(view.lang, "deck_overview_step")


# --- Edits: each returns a new deck (the composer stores it at once). ---

def add_step(deck: Deck, step: Step) -> Deck:
    """`step` appended (a deck holds at most MAX_STEPS)."""
    if len(deck.steps) >= MAX_STEPS:
        raise ValueError(f"a deck holds at most {MAX_STEPS} steps")
    return replace(deck, steps=(*deck.steps, step))


def edit_step(deck: Deck, index: int, **changes) -> Deck:
    """Step `index` with `changes` (title, notes, view)."""
    steps = list(deck.steps)
    steps[index] = replace(steps[index], **changes)
    return replace(deck, steps=tuple(steps))


def move_step(deck: Deck, index: int, offset: int) -> Deck:
    """Step `index` moved `offset` places (up: -1), kept within the deck."""
    target = min(max(index + offset, 0), len(deck.steps) - 1)
    steps = list(deck.steps)
    steps.insert(target, steps.pop(index))
    return replace(deck, steps=tuple(steps))


def duplicate_step(deck: Deck, index: int) -> Deck:
    """A copy of step `index` right after it."""
    if len(deck.steps) >= MAX_STEPS:
        raise ValueError(f"a deck holds at most {MAX_STEPS} steps")
    return replace(deck, steps=(*deck.steps[:index + 1], *deck.steps[index:]))


def delete_step(deck: Deck, index: int) -> Deck:
    """Deck without step `index`."""
    return replace(deck, steps=deck.steps[:index] + deck.steps[index + 1:])


def insert_step(deck: Deck, index: int, step: Step) -> Deck:
    """`step` put back at `index` (a deleted step's place; the end if the deck has since
    become shorter)."""
    if len(deck.steps) >= MAX_STEPS:
        raise ValueError(f"a deck holds at most {MAX_STEPS} steps")
    index = min(max(index, 0), len(deck.steps))
    return replace(deck, steps=(*deck.steps[:index], step, *deck.steps[index:]))


def notes_html(notes: str) -> str:
    """Talking points as HTML: every line escaped, line breaks kept, runs of "- " lines as
    a list."""
    blocks: list[str] = []
    items: list[str] = []
    lines: list[str] = []

    def flush_items() -> None:
        if items:
            blocks.append("<ul>" + "".join(f"<li>{item}</li>" for item in items) + "</ul>")
            items.clear()

    def flush_lines() -> None:
        if lines:
            blocks.append("<p>" + "<br>".join(lines) + "</p>")
            lines.clear()

    for line in notes.splitlines():
        stripped = line.strip()
        if stripped.startswith(("- ", "* ", "• ")):
            flush_lines()
            items.append(escape(stripped[2:].strip()))
        elif not stripped:
            flush_items()
            flush_lines()
        else:
            flush_items()
            lines.append(escape(stripped))
    flush_items()
    flush_lines()
    return "".join(blocks)
