"""The composer (sidebar, explore mode): the stored decks, a new deck, and the open deck's
steps, each edit stored at once. Streamlit only: the edits are components/deck_view.py's,
the store is components/decks/store.py's.

This tab keeps its copy of the open deck (the draft) in session state: the store is the
truth, the draft is what this page shows and what it last tried to save. Every change saves
the whole draft naming the version it was made on; a save over a newer version (another tab)
is refused by the store and the page shows both, and a store that fails leaves the draft
(what was typed) in the page, to be saved with the next change.

Who may edit: a deck is made with a secret edit key (components/decks/store.py), which its
author's links carry (`key=`); this session keeps the keys it has seen (its keyring) and
lists those decks, the built-in tour, and the decks stored before keys that no one has
claimed. Without the key a deck is read-only here: it can be viewed, presented as a plain
briefing, downloaded or copied (the copy is the copier's own). The built-in tour is always
edited as a copy.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime
from urllib.parse import urlencode

import streamlit as st

from components import deck_view, state
from components.decks.default import default_deck
from components.decks.files import DeckFileError, deck_to_json, read_deck_file
from components.decks.model import DEFAULT_DECK_ID, MAX_NOTES_CHARS, MAX_TITLE_CHARS, Deck, Step
from components.decks.store import (
    NotYourDeck,
    QuotaExceeded,
    StoreUnavailable,
    VersionConflict,
    is_built_in,
    new_key,
    valid_key,
)
from components.i18n import tr
from components.memo import per_atlas
from components.sidebar import keep_open
from components.text import md_escape
from components.view import View
from geo.atlas import Atlas

DRAFT_KEY = "deck_draft"  # this tab's copy of the open deck
STATUS_KEY = "deck_status"  # a Status: what became of the last save
UPLOAD_KEY = "deck_upload"
KEYRING_KEY = "deck_keys"  # {deck id: edit key} this session holds
CREATED_KEY = "deck_created_at"  # when this session created decks (time.time())
COMPOSER_KEY = "decks_open"  # the composer's expander
COMPOSER_DECK_KEY = "decks_open_deck"  # the deck open when the composer was last drawn
MAX_ERROR_CHARS = 300  # a store's error as the page quotes it
MAX_KEYS = 50  # a session's keyring (the decks it lists as its own)
MAX_CREATED_PER_HOUR = 20  # new decks (new, copy, upload) a session makes in an hour

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Status:
    """What became of this tab's last save: "saved" (at `when`), "failed" (`error`),
    "conflict" (`newer`: the stored version this tab's draft did not start from),
    "refused" (an uploaded file's `error`); a "saved" deletion keeps the step (`deleted`)."""

    kind: str
    when: str = ""
    error: str = ""
    newer: Deck | None = None
    # A step the save deleted, its deck and its place: the status offers to put it back (a
    # click on Delete, next to Duplicate, lost a step's notes for good).
    deleted: tuple[str, int, Step] | None = None


def error_text(error: Exception) -> str:
    """An exception as one short line for the page (escaped where it is shown). A store's
    fault is said without its reason, which names the database's file or host (the log has
    it)."""
    lang = state.language(default="en")
    if isinstance(error, StoreUnavailable):
        return tr(lang, "deck_store_unreachable")
    if isinstance(error, NotYourDeck):
        return tr(lang, "deck_not_yours")
    if isinstance(error, QuotaExceeded):
        return tr(lang, error.key, limit=error.limit)
    return (str(error) or type(error).__name__).splitlines()[0][:MAX_ERROR_CHARS]


def clock(stamp: str) -> str:
    """"20:41:07" of an ISO 8601 time (the store's), in the server's local time."""
    try:
        return datetime.fromisoformat(stamp).astimezone().strftime("%H:%M:%S")
    except (TypeError, ValueError):
        return datetime.now().strftime("%H:%M:%S")


def load(store, deck_id: str, atlas: Atlas, lang: str) -> Deck | None:
    """A deck by id: the stored one, or the built-in tour for `default` (the one stored
    under that id before edit keys, if any) and for each presenter's room of it
    (`default-…`, under the room's id). None when there is no such deck. Raises
    StoreUnavailable."""
    if is_built_in(deck_id):
        deck = store.load(DEFAULT_DECK_ID) or built_in_deck(atlas.root(), lang)
        return deck if deck_id == DEFAULT_DECK_ID else replace(deck, id=deck_id)
    return store.load(deck_id)


def keyring() -> dict[str, str]:
    """The edit keys this session holds: {deck id: key}."""
    value = st.session_state.get(KEYRING_KEY)
    if not isinstance(value, dict):
        value = st.session_state[KEYRING_KEY] = {}
    return value


def remember_key(deck_id: str, key: str) -> None:
    """Keep `key` as this session's key of `deck_id` (the newest MAX_KEYS)."""
    keys = keyring()
    keys.pop(deck_id, None)
    keys[deck_id] = key
    while len(keys) > MAX_KEYS:
        keys.pop(next(iter(keys)))


def key_of(deck_id: str | None) -> str | None:
    """This session's key of `deck_id`, from the link or the keyring."""
    view = state.current()
    if deck_id is not None and view.deck == deck_id and valid_key(view.deck_key):
        return view.deck_key
    return keyring().get(deck_id) if deck_id is not None else None


def access(store, deck: Deck) -> str:
    """What this session may do with `deck`: "built_in" (the tour: present it, copy it),
    "edit" (its key is held), "open" (stored before keys, no one's yet: anyone edits it,
    and may claim it) or "read" (view, present as a briefing, download, copy). Raises
    StoreUnavailable."""
    if is_built_in(deck.id):
        return "built_in"
    key = key_of(deck.id)
    if store.is_open(deck.id):
        return "open"
    if store.can_edit(deck.id, key):
        remember_key(deck.id, key)
        return "edit"
    return "read"


def may_drive(store, view: View) -> bool:
    """Whether this viewer's link drives the room of the deck it opens (its key is the deck's,
    or the deck is open; a built-in tour's room: the key it was made from). A store that
    cannot be read leaves a keyed presenter presenting (the room's write then says it failed)."""
    try:
        allowed = store is not None and store.may_drive(view.deck, view.deck_key)
    except StoreUnavailable:
        return valid_key(view.deck_key)
    if allowed and view.deck_key:
        remember_key(view.deck, view.deck_key)
    return allowed


def key_unchecked(view: View) -> bool:
    """Whether the link's key is not yet known to open its deck in this session."""
    return bool(view.deck and view.deck_key) and keyring().get(view.deck) != view.deck_key


def creations_left() -> bool:
    """Whether this session may make another deck this hour."""
    now = time.time()
    recent = [t for t in st.session_state.get(CREATED_KEY, []) if now - t < 3600]
    st.session_state[CREATED_KEY] = recent
    return len(recent) < MAX_CREATED_PER_HOUR


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
        saved = store.save(deck, expected_version=deck.version, key=key_of(deck.id))
    except NotYourDeck as error:  # the draft stays in the page: copy it, or find the link
        st.session_state[STATUS_KEY] = Status("failed", error=error_text(error))
        return
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


def delete_step(store, index: int, step: Step) -> None:
    """Delete step `index`, the `step` the page showed there (a second click, arriving after
    the first's run, finds another step there: nothing is deleted), and keep it in the
    status so that it can be put back."""
    deck = draft()
    if deck is None or not 0 <= index < len(deck.steps) or deck.steps[index] != step:
        return
    edit(store, lambda d: deck_view.delete_step(d, index))
    current = status()
    if current is not None and current.kind == "saved":
        st.session_state[STATUS_KEY] = replace(current, deleted=(deck.id, index, step))


def undo_delete(store, deleted: tuple[str, int, Step]) -> None:
    """Put a deleted step back where it was: once, and only into its own deck (Back may have
    opened another since)."""
    current, deck = status(), draft()
    if current is None or current.deleted != deleted or deck is None or deck.id != deleted[0]:
        return
    _deck_id, index, step = deleted
    edit(store, lambda d: deck_view.insert_step(d, index, step))


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
    key = keyring().get(deck.id)
    state.update(lambda v, _atlas: replace(v, deck=deck.id, deck_step=0, deck_key=key), atlas)


def new_deck(store, atlas: Atlas) -> None:
    """A new deck, its first step the view on the map now (a deck has at least one step),
    stored at once and opened."""
    view = state.current()
    created(store, atlas, tr(view.lang, "deck_untitled"), (current_step(view, atlas),))


def created(store, atlas: Atlas, title: str, steps: tuple[Step, ...]) -> bool:
    """Store a new deck with a new edit key, and open it (its key in the link); a store that
    fails or refuses (a quota) says so and stores nothing, and what the page shows stays."""
    if not creations_left():
        st.session_state[STATUS_KEY] = Status("quota", error=tr(
            state.language(default="en"), "deck_quota_session", limit=MAX_CREATED_PER_HOUR))
        return False
    key = new_key()
    try:
        deck = store.create(title, steps, key=key)
    except DeckFileError as error:
        st.session_state[STATUS_KEY] = Status("refused", error=error.message(
            state.language(default="en")))
        return False
    except QuotaExceeded as error:
        st.session_state[STATUS_KEY] = Status("quota", error=error_text(error))
        return False
    except StoreUnavailable as error:
        st.session_state[STATUS_KEY] = Status("failed", error=error_text(error))
        return False
    st.session_state[CREATED_KEY] = [*st.session_state.get(CREATED_KEY, []), time.time()]
    remember_key(deck.id, key)
    st.session_state[DRAFT_KEY] = deck
    st.session_state[STATUS_KEY] = Status("saved", when=clock(deck.updated))
    state.update(lambda v, _atlas: replace(v, deck=deck.id, deck_step=0, deck_key=key), atlas)
    return True


def copy_deck(store, atlas: Atlas) -> None:
    """"Edit a copy": the open deck (the built-in tour, or someone else's) stored as a new
    deck of this session's, and opened."""
    deck = draft()
    if deck is None:
        return
    lang = state.current().lang
    title = tr(lang, "deck_copy_title", title=deck.title)[:MAX_TITLE_CHARS]
    created(store, atlas, title, deck.steps)


def claim(store, atlas: Atlas) -> None:
    """"Claim": an open deck (stored before keys) gets a key, this session's."""
    deck, key = draft(), new_key()
    if deck is None:
        return
    try:
        claimed = store.claim(deck.id, key)
    except StoreUnavailable as error:
        st.session_state[STATUS_KEY] = Status("failed", error=error_text(error))
        return
    if not claimed:  # someone else claimed it first
        st.session_state[STATUS_KEY] = Status("failed", error=error_text(NotYourDeck(deck.id)))
        return
    remember_key(deck.id, key)
    state.update(lambda v, _atlas: replace(v, deck_key=key), atlas)


def current_step(view: View, atlas: Atlas) -> Step:
    """The map as the viewer has it now, as a step."""
    return Step(title=deck_view.step_title(view, atlas), view=deck_view.capture(view, atlas))


def close_deck(atlas: Atlas) -> None:
    st.session_state.pop(DRAFT_KEY, None)
    st.session_state.pop(STATUS_KEY, None)
    state.update(lambda v, _atlas: replace(v, deck=None, deck_step=0, deck_key=None), atlas)


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


def link(view: View, deck_id: str, mode: str | None, follow: bool = False,
         key: str | None = None) -> str:
    """A relative link to `deck_id` (`mode`: presenter, briefing, or None: the composer);
    `key` only in its author's edit and presenter links, never a projector's or a share."""
    query = {"deck": deck_id}
    if mode:
        query["mode"] = mode
    if follow:
        query["follow"] = "1"
    elif key:
        query["key"] = key
    if view.lang != "en":
        query["lang"] = view.lang
    return "?" + urlencode(query)


def render(store, atlas: Atlas, view: View) -> None:
    """The composer: the decks, or the open deck and its steps."""
    lang = view.lang
    # Drawn when opened (a rerun), not while closed (issue 22: total blocking time). A deck
    # opened (a link, a button) opens it; otherwise it stays as the viewer left it: closing a
    # deck leaves the list of decks in view. Nothing typed is lost when it closes: every
    # field is stored in the draft as it changes, and seeds the field again when it opens.
    newly_open = view.deck is not None and st.session_state.get(COMPOSER_DECK_KEY) != view.deck
    st.session_state[COMPOSER_DECK_KEY] = view.deck
    keep_open(COMPOSER_KEY, True if newly_open else None)
    with st.expander(tr(lang, "decks"), expanded=view.deck is not None, key=COMPOSER_KEY,
                     on_change="rerun") as box:
        if not box.open:
            return
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
    """The built-in tour, this session's own decks (those it holds the key of) and the decks
    stored before keys that no one has claimed yet; not everyone's."""
    lang = view.lang
    try:
        stored = list(store.list_decks(ids=list(keyring()), open_ones=True))
    except StoreUnavailable as error:
        st.warning(md_escape(tr(lang, "deck_store_failed", error=error_text(error))))
        stored = []
    entries = [(DEFAULT_DECK_ID, tr(lang, "deck_default_title"))]
    entries += [(summary.id, tr(lang, "deck_open_label", title=summary.title)
                 if summary.open else summary.title)
                for summary in stored if summary.id != DEFAULT_DECK_ID]
    for deck_id, title in entries:
        st.button(md_escape(title), key=f"deck_open_{deck_id}", width="stretch",
                  on_click=open_deck, args=(store, atlas, deck_id))
    st.button(tr(lang, "deck_new"), key="deck_new", icon=":material/add:", width="stretch",
              on_click=new_deck, args=(store, atlas))
    st.caption(md_escape(tr(lang, "deck_list_own")))


def render_deck(store, atlas: Atlas, view: View) -> None:
    lang = view.lang
    deck = draft()
    current = status()
    clean = current is None or current.kind in ("saved", "refused", "quota")
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
    try:
        may = access(store, deck)
    except StoreUnavailable as error:
        st.warning(md_escape(tr(lang, "deck_store_failed", error=error_text(error))))
        may = "edit" if key_of(deck.id) else "read"
    if may in ("edit", "open"):
        render_editor(store, atlas, view, deck, may)
    else:
        render_read_only(store, atlas, view, deck, may)
    st.download_button(tr(lang, "deck_download"), data=deck_to_json(deck),
                       file_name=f"briefing-{deck.id}.json", mime="application/json",
                       on_click="ignore", key="deck_download", width="stretch")
    st.button(tr(lang, "deck_close"), key="deck_close", on_click=close_deck, args=(atlas,),
              width="stretch")


def render_editor(store, atlas: Atlas, view: View, deck: Deck, may: str) -> None:
    """The deck's title and steps to edit, and its author's links: edit and present (with the
    key), projector and share (without)."""
    lang = view.lang
    if may == "open":
        st.warning(md_escape(tr(lang, "deck_open_warning")))
        st.button(tr(lang, "deck_claim"), key="deck_claim", icon=":material/key:",
                  width="stretch", on_click=claim, args=(store, atlas))
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
    # One link a row: side by side, their names were cut ("Көрсету …") in a narrow sidebar.
    key = key_of(deck.id) if may == "edit" else None
    st.link_button(tr(lang, "deck_present"), link(view, deck.id, "presenter", key=key),
                   width="stretch", icon=":material/co_present:")
    st.link_button(tr(lang, "deck_projector"), link(view, deck.id, "briefing", True),
                   width="stretch", icon=":material/connected_tv:",
                   help=tr(lang, "deck_projector_help"))
    st.link_button(tr(lang, "deck_share"), link(view, deck.id, "briefing"),
                   width="stretch", icon=":material/share:", help=tr(lang, "deck_share_help"))
    if key:
        st.link_button(tr(lang, "deck_edit_link"), link(view, deck.id, None, key=key),
                       width="stretch", icon=":material/key:",
                       help=tr(lang, "deck_edit_link_help"))
        st.caption(md_escape(tr(lang, "deck_keep_edit_link")))


def render_read_only(store, atlas: Atlas, view: View, deck: Deck, may: str) -> None:
    """A deck this session may not edit: its steps to look at (each shown on the map), a
    plain briefing of it, its projector, and a copy to edit. The built-in tour's presenter
    link gives each presenter a room of their own."""
    lang = view.lang
    if may == "built_in":
        st.caption(md_escape(tr(lang, "deck_built_in_note")))
    else:
        st.info(md_escape(tr(lang, "deck_read_only")))
        if view.deck_key:  # a key in the link, but not this deck's
            st.warning(md_escape(tr(lang, "deck_key_wrong")))
    st.markdown(f"**{md_escape(deck.title)}**")
    for index, step in enumerate(deck.steps):
        st.button(md_escape(tr(lang, "deck_step_label", n=index + 1, title=step.title)),
                  key=f"deck_step_open_{index}", width="stretch", on_click=open_step,
                  args=(atlas, index), help=tr(lang, "deck_step_open"))
    st.button(tr(lang, "deck_copy"), key="deck_copy", icon=":material/content_copy:",
              width="stretch", on_click=copy_deck, args=(store, atlas), type="primary")
    if may == "built_in":  # each presenter's room: its projector link is in the presenter view
        st.link_button(tr(lang, "deck_present"), link(view, DEFAULT_DECK_ID, "presenter"),
                       width="stretch", icon=":material/co_present:")
        st.link_button(tr(lang, "deck_present_briefing"), link(view, DEFAULT_DECK_ID, "briefing"),
                       width="stretch", icon=":material/slideshow:")
    else:
        st.link_button(tr(lang, "deck_present_briefing"), link(view, deck.id, "briefing"),
                       width="stretch", icon=":material/slideshow:")
        st.link_button(tr(lang, "deck_projector"), link(view, deck.id, "briefing", True),
                       width="stretch", icon=":material/connected_tv:",
                       help=tr(lang, "deck_projector_help"))


def render_room_links(view: View) -> None:
    """Under the presenter's notes: the projector's link of this room (no key in it)."""
    if view.presenter and view.deck:
        st.link_button(tr(view.lang, "deck_projector"), link(view, view.deck, "briefing", True),
                       key="presenter_projector_link", help=tr(view.lang, "deck_projector_help"))


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
        )
        # One to a row: two to a row, 76 px each, cut every label to a letter or two (kk
        # «Жоғары» and «Жою» both read "Ж…").
        for name, icon, change, enabled in buttons:
            st.button(tr(lang, f"deck_step_{name}"), icon=icon, key=f"deck_step_{name}_{index}",
                      disabled=not enabled, on_click=edit, args=(store, change), width="stretch")
        # A deck keeps at least one step (the file format's rule). Undone from the status.
        st.button(tr(lang, "deck_step_delete"), icon=":material/delete:",
                  key=f"deck_step_delete_{index}", disabled=len(deck.steps) <= 1,
                  on_click=delete_step, args=(store, index, step), width="stretch")
        st.button(tr(lang, "deck_step_open"), key=f"deck_step_open_{index}", width="stretch",
                  on_click=open_step, args=(atlas, index))
        st.button(tr(lang, "deck_step_save_view"), key=f"deck_step_save_view_{index}",
                  width="stretch", on_click=save_view, args=(store, atlas, index))


def render_status(store, lang: str) -> None:
    """"Saved 20:41:07" (with a deleted step's offer to put it back), "Saving failed: …", a
    refused file, or the two versions of a conflict with the choice between them."""
    current = status()
    if current is None:
        return
    if current.kind == "saved":
        st.caption(md_escape(tr(lang, "deck_saved", time=current.when)))
        deck = draft()
        if current.deleted is not None and deck is not None and deck.id == current.deleted[0]:
            _deck_id, index, step = current.deleted
            st.caption(md_escape(tr(lang, "deck_step_deleted", n=index + 1, title=step.title)))
            st.button(tr(lang, "deck_step_undelete"), icon=":material/undo:",
                      key="deck_step_undelete", on_click=undo_delete,
                      args=(store, current.deleted), width="stretch")
    elif current.kind == "failed":
        st.error(md_escape(tr(lang, "deck_save_failed", error=current.error)))
    elif current.kind == "refused":
        st.error(md_escape(tr(lang, "deck_upload_refused", error=current.error)))
    elif current.kind == "quota":
        st.error(md_escape(current.error))
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
