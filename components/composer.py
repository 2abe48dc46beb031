"""The composer (sidebar, explore mode): the stored decks, a new deck, and the open deck's
steps, each edit stored at once. Streamlit only: the edits are components/deck_view.py's,
the store is components/decks/store.py's.

This tab keeps its copy of the open deck (the draft) in session state: the store is the
truth, the draft is what this page shows and what it last tried to save. Every change saves
the whole draft naming the version it was made on; a save over a newer version (another tab)
is refused by the store and the page shows both, and a store that fails leaves the draft
(what was typed) in the page, to be saved with the next change.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime
from urllib.parse import urlencode

import streamlit as st

from components import deck_view, state
from components.decks.default import default_deck
from components.decks.files import DeckFileError, deck_to_json, read_deck_file
from components.decks.model import DEFAULT_DECK_ID, MAX_NOTES_CHARS, MAX_TITLE_CHARS, Deck, Step
from components.decks.store import StoreUnavailable, VersionConflict
from components.i18n import tr
from components.memo import per_atlas
from components.text import md_escape
from components.view import View
from geo.atlas import Atlas

DRAFT_KEY = "deck_draft"  # this tab's copy of the open deck
STATUS_KEY = "deck_status"  # a Status: what became of the last save
UPLOAD_KEY = "deck_upload"
MAX_ERROR_CHARS = 300  # a store's error as the page quotes it

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Status:
    """What became of this tab's last save: "saved" (at `when`), "failed" (`error`),
    "conflict" (`newer`: the stored version this tab's draft did not start from),
    "refused" (an uploaded file's `error`)."""

    kind: str
    when: str = ""
    error: str = ""
    newer: Deck | None = None


def error_text(error: Exception) -> str:
    """An exception as one short line for the page (escaped where it is shown). A store's
    fault is said without its reason, which names the database's file or host (the log has
    it)."""
    if isinstance(error, StoreUnavailable):
        return tr(state.language(default="en"), "deck_store_unreachable")
    return (str(error) or type(error).__name__).splitlines()[0][:MAX_ERROR_CHARS]


def clock(stamp: str) -> str:
    """"20:41:07" of an ISO 8601 time (the store's), in the server's local time."""
    try:
        return datetime.fromisoformat(stamp).astimezone().strftime("%H:%M:%S")
    except (TypeError, ValueError):
        return datetime.now().strftime("%H:%M:%S")


def load(store, deck_id: str, atlas: Atlas, lang: str) -> Deck | None:
    """A deck by id: the stored one, or the built-in tour for `default` until someone edits
    it. None when there is no such deck. Raises StoreUnavailable."""
    deck = store.load(deck_id)
    if deck is None and deck_id == DEFAULT_DECK_ID:
        return built_in_deck(atlas.root(), lang)
    return deck


@per_atlas(maxsize=8)
def built_in_deck(atlas: Atlas, lang: str) -> Deck:
    """The built-in tour, made once per language (a deck is frozen: every viewer shares it)."""
    return default_deck(atlas, lang)


def draft() -> Deck | None:
    """This tab's copy of the open deck."""
    value = st.session_state.get(DRAFT_KEY)
    return value if isinstance(value, Deck) else None


def status() -> Status | None:
    value = st.session_state.get(STATUS_KEY)
    return value if isinstance(value, Status) else None


def save(store, deck: Deck) -> None:
    """Keep `deck` as this tab's draft and store it, naming the version it was made on."""
    st.session_state[DRAFT_KEY] = deck
    try:
        saved = store.save(deck, expected_version=deck.version)
    except VersionConflict as conflict:
        st.session_state[STATUS_KEY] = Status("conflict", newer=conflict.stored)
        return
    except DeckFileError as error:  # over a limit the file format sets
        st.session_state[STATUS_KEY] = Status("failed", error=error.message(
            state.language(default="en")))
        return
    except StoreUnavailable as error:
        log.warning("saving deck %s failed: %s", deck.id, error)
        st.session_state[STATUS_KEY] = Status("failed", error=error_text(error))
        return
    st.session_state[DRAFT_KEY] = saved
    st.session_state[STATUS_KEY] = Status("saved", when=clock(saved.updated))


def edit(store, change: Callable[[Deck], Deck]) -> None:
    """A button's or field's callback: change this tab's draft and store it at once."""
    deck = draft()
    if deck is None:
        return
    try:
        changed = change(deck)
    except (ValueError, IndexError) as error:  # a stale index, a full deck
        st.session_state[STATUS_KEY] = Status("failed", error=error_text(error))
        return
    save(store, changed)


def _field_changed(store, key: str, index: int, name: str, limit: int) -> None:
    value = str(st.session_state.get(key, ""))[:limit]
    if index < 0:
        edit(store, lambda deck: replace(deck, title=value))
    else:
        edit(store, lambda deck: deck_view.edit_step(deck, index, **{name: value}))


def open_deck(store, atlas: Atlas, deck_id: str) -> None:
    """Open a deck in the composer (the map stays as it is)."""
    view = state.current()
    try:
        deck = load(store, deck_id, atlas, view.lang)
    except StoreUnavailable as error:
        st.session_state[STATUS_KEY] = Status("failed", error=error_text(error))
        return
    if deck is None:
        return
    st.session_state[DRAFT_KEY] = deck
    st.session_state.pop(STATUS_KEY, None)
    state.update(lambda v, _atlas: replace(v, deck=deck.id, deck_step=0), atlas)


def new_deck(store, atlas: Atlas) -> None:
    """A new deck, its first step the view on the map now (a deck has at least one step),
    stored at once and opened."""
    view = state.current()
    created(store, atlas, tr(view.lang, "deck_untitled"), (current_step(view, atlas),))


def created(store, atlas: Atlas, title: str, steps: tuple[Step, ...]) -> None:
    """Store a new deck and open it; a store that fails says so and stores nothing."""
    try:
        deck = store.create(title, steps)
    except DeckFileError as error:
        st.session_state[STATUS_KEY] = Status("refused", error=error.message(
            state.language(default="en")))
        return
    except StoreUnavailable as error:
        st.session_state[STATUS_KEY] = Status("failed", error=error_text(error))
        return
    st.session_state[DRAFT_KEY] = deck
    st.session_state[STATUS_KEY] = Status("saved", when=clock(deck.updated))
    state.update(lambda v, _atlas: replace(v, deck=deck.id, deck_step=0), atlas)


def current_step(view: View, atlas: Atlas) -> Step:
    """The map as the viewer has it now, as a step."""
    return Step(title=deck_view.step_title(view, atlas), view=deck_view.capture(view, atlas))


def close_deck(atlas: Atlas) -> None:
    st.session_state.pop(DRAFT_KEY, None)
    st.session_state.pop(STATUS_KEY, None)
    state.update(lambda v, _atlas: replace(v, deck=None, deck_step=0), atlas)


def add_view(store, atlas: Atlas) -> None:
    """"Add this view as a step": what the map shows now (the session's view, which a click
    on the map has updated even though it did not redraw the sidebar)."""
    step = current_step(state.current(), atlas)
    edit(store, lambda deck: deck_view.add_step(deck, step))


def save_view(store, atlas: Atlas, index: int) -> None:
    """"Save the view to this step"."""
    view = state.current()
    edit(store, lambda deck: deck_view.edit_step(deck, index,
                                                 view=deck_view.capture(view, atlas)))


def open_step(atlas: Atlas, index: int) -> None:
    """"Open this step": the map goes to its view."""
    deck = draft()
    if deck is not None and 0 <= index < len(deck.steps):
        state.update(deck_view.apply_step, atlas, deck, index)


def take_newer() -> None:
    current = status()
    if current is not None and current.newer is not None:
        st.session_state[DRAFT_KEY] = current.newer
        st.session_state[STATUS_KEY] = Status("saved", when=clock(current.newer.updated))


def keep_mine(store) -> None:
    current, mine = status(), draft()
    if current is not None and current.newer is not None and mine is not None:
        save(store, replace(mine, version=current.newer.version))


def upload(store, atlas: Atlas) -> None:
    """A deck file chosen: stored as a new deck once it validates, and opened; a refusal
    says which step and field, and stores nothing."""
    view = state.current()
    file = st.session_state.get(widget_key(UPLOAD_KEY, view.lang))
    if file is None:
        return
    try:
        deck = read_deck_file(file.getvalue(), atlas)
    except DeckFileError as error:
        st.session_state[STATUS_KEY] = Status("refused", error=error.message(view.lang))
        return
    created(store, atlas, deck.title, deck.steps)


def widget_key(name: str, lang: str, *parts: object) -> str:
    """A composer widget's key: per language (as components/state.py keys widgets) and per
    deck and step, so a field never shows another step's text."""
    return "_".join([name, *(str(p) for p in parts), lang])


def seeded(key: str, value: str) -> str:
    """Seed a text field from the draft unless it already shows the draft's text."""
    if st.session_state.get(key) != value:
        st.session_state[key] = value
    return key


def link(view: View, deck_id: str, mode: str, follow: bool = False) -> str:
    """A relative link that presents `deck_id` (`mode`: presenter or briefing)."""
    query = {"deck": deck_id, "mode": mode}
    if follow:
        query["follow"] = "1"
    if view.lang != "en":
        query["lang"] = view.lang
    return "?" + urlencode(query)


def render(store, atlas: Atlas, view: View) -> None:
    """The composer: the decks, or the open deck and its steps."""
    lang = view.lang
    with st.expander(tr(lang, "decks"), expanded=view.deck is not None):
        if store is None:
            st.warning(md_escape(tr(lang, "deck_store_failed", error="—")))
            return
        if view.deck is None:
            render_list(store, atlas, view)
        else:
            render_deck(store, atlas, view)
        render_status(store, lang)
        st.file_uploader(tr(lang, "deck_upload"), type=["json"], max_upload_size=1,
                         key=widget_key(UPLOAD_KEY, lang), on_change=upload,
                         args=(store, atlas))


def render_list(store, atlas: Atlas, view: View) -> None:
    lang = view.lang
    try:
        stored = list(store.list_decks())
    except StoreUnavailable as error:
        st.warning(md_escape(tr(lang, "deck_store_failed", error=error_text(error))))
        stored = []
    ids = [deck.id for deck in stored]
    entries = [(DEFAULT_DECK_ID, tr(lang, "deck_default_title"))] \
        if DEFAULT_DECK_ID not in ids else []
    entries += [(summary.id, summary.title) for summary in stored]
    for deck_id, title in entries:
        st.button(md_escape(title), key=f"deck_open_{deck_id}", width="stretch",
                  on_click=open_deck, args=(store, atlas, deck_id))
    st.button(tr(lang, "deck_new"), key="deck_new", icon=":material/add:", width="stretch",
              on_click=new_deck, args=(store, atlas))


def render_deck(store, atlas: Atlas, view: View) -> None:
    lang = view.lang
    deck = draft()
    current = status()
    clean = current is None or current.kind in ("saved", "refused")
    if deck is None or deck.id != view.deck or clean:
        # A clean draft takes what another tab has stored since; a draft with a change not
        # stored (a failed save, a conflict) stays what this page shows.
        try:
            deck = load(store, view.deck, atlas, lang)
        except StoreUnavailable as error:
            st.warning(md_escape(tr(lang, "deck_store_failed", error=error_text(error))))
            deck = None
            kept = draft()
            deck = kept if kept is not None and kept.id == view.deck else None
        if deck is None:
            st.button(tr(lang, "deck_close"), key="deck_close", on_click=close_deck,
                      args=(atlas,))
            return
        st.session_state[DRAFT_KEY] = deck
    st.text_input(tr(lang, "deck_title"), max_chars=MAX_TITLE_CHARS,
                  key=seeded(widget_key("deck_title", lang, deck.id), deck.title),
                  on_change=_field_changed,
                  args=(store, widget_key("deck_title", lang, deck.id), -1, "title",
                        MAX_TITLE_CHARS))
    st.button(tr(lang, "deck_add_step"), key="deck_add_step", type="primary",
              icon=":material/add_location_alt:", width="stretch", on_click=add_view,
              args=(store, atlas))
    if not deck.steps:
        st.caption(md_escape(tr(lang, "deck_steps_none")))
    for index, step in enumerate(deck.steps):
        render_step(store, atlas, view, deck, index, step)
    present, project = st.columns(2)
    present.link_button(tr(lang, "deck_present"), link(view, deck.id, "presenter"),
                        width="stretch")
    project.link_button(tr(lang, "deck_projector"), link(view, deck.id, "briefing", True),
                        width="stretch")
    st.download_button(tr(lang, "deck_download"), data=deck_to_json(deck),
                       file_name=f"briefing-{deck.id}.json", mime="application/json",
                       on_click="ignore", key="deck_download", width="stretch")
    st.button(tr(lang, "deck_close"), key="deck_close", on_click=close_deck, args=(atlas,),
              width="stretch")


def render_step(store, atlas: Atlas, view: View, deck: Deck, index: int, step: Step) -> None:
    """One step: its title and notes, and what can be done with it."""
    lang = view.lang
    label = tr(lang, "deck_step_label", n=index + 1, title=step.title)
    with st.expander(md_escape(label), expanded=view.deck_step == index):
        for name, value, limit, widget in (("title", step.title, MAX_TITLE_CHARS, st.text_input),
                                           ("notes", step.notes, MAX_NOTES_CHARS, st.text_area)):
            key = seeded(widget_key(f"deck_step_{name}", lang, deck.id, index), value)
            extra = {"help": tr(lang, "deck_step_notes_help")} if name == "notes" else {}
            widget(tr(lang, f"deck_step_{name}"), max_chars=limit, key=key,
                   on_change=_field_changed, args=(store, key, index, name, limit), **extra)
        buttons = (
            ("up", ":material/arrow_upward:",
             lambda d, i=index: deck_view.move_step(d, i, -1), index > 0),
            ("down", ":material/arrow_downward:",
             lambda d, i=index: deck_view.move_step(d, i, 1), index < len(deck.steps) - 1),
            ("duplicate", ":material/content_copy:",
             lambda d, i=index: deck_view.duplicate_step(d, i), True),
            # A deck keeps at least one step (the file format's rule).
            ("delete", ":material/delete:",
             lambda d, i=index: deck_view.delete_step(d, i), len(deck.steps) > 1),
        )
        for row in (buttons[:2], buttons[2:]):
            for column, (name, icon, change, enabled) in zip(st.columns(2), row, strict=True):
                column.button(tr(lang, f"deck_step_{name}"), icon=icon,
                              key=f"deck_step_{name}_{index}", disabled=not enabled,
                              on_click=edit, args=(store, change), width="stretch")
        st.button(tr(lang, "deck_step_open"), key=f"deck_step_open_{index}", width="stretch",
                  on_click=open_step, args=(atlas, index))
        st.button(tr(lang, "deck_step_save_view"), key=f"deck_step_save_view_{index}",
                  width="stretch", on_click=save_view, args=(store, atlas, index))


def render_status(store, lang: str) -> None:
    """"Saved 20:41:07", "Saving failed: …", a refused file, or the two versions of a
    conflict with the choice between them."""
    current = status()
    if current is None:
        return
    if current.kind == "saved":
        st.caption(md_escape(tr(lang, "deck_saved", time=current.when)))
    elif current.kind == "failed":
        st.error(md_escape(tr(lang, "deck_save_failed", error=current.error)))
    elif current.kind == "refused":
        st.error(md_escape(tr(lang, "deck_upload_refused", error=current.error)))
    elif current.kind == "conflict":
        newer, mine = current.newer, draft()
        version = newer.version if newer is not None else "?"
        when = clock(newer.updated) if newer is not None else "?"
        lines = [tr(lang, "deck_conflict", version=version, time=when)]
        for key, deck in (("deck_conflict_theirs", newer), ("deck_conflict_mine", mine)):
            if deck is not None:
                lines.append(tr(lang, key, steps=len(deck.steps),
                                titles="; ".join(s.title for s in deck.steps)))
        st.warning("\n\n".join(md_escape(line) for line in lines))
        take, keep = st.columns(2)
        take.button(tr(lang, "deck_conflict_take"), key="deck_conflict_take",
                    on_click=take_newer, width="stretch")
        keep.button(tr(lang, "deck_conflict_keep"), key="deck_conflict_keep",
                    on_click=keep_mine, args=(store,), width="stretch")
