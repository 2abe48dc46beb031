"""The decks on the server: SQLite by default, PostgreSQL by URL. Pure: no streamlit.

    store = open_store(url)   # url None: $KZ_DATABASE_URL if set, else SQLite in the data dir
    store.list_decks(ids=None, open_ones=False)
                                        -> [DeckSummary(id, title, steps, version, updated,
                                                        open)]
    store.load(deck_id)                 -> Deck | None
    store.create(title, steps, key)     -> Deck (a new id, version 1)
    store.save(deck, expected_version, key)  -> Deck (its new version)
    store.delete(deck_id, expected_version, key)
    store.can_edit(deck_id, key)        -> bool
    store.claim(deck_id, key)           -> bool (a deck stored before keys gets this key)
    store.may_drive(room, key)          -> bool
    store.set_position(room, step_index, started_at, key) -> Position
    store.position(room)                -> Position(step_index, started_at, updated_at, seq)
                                           | None

- **Where**: SQLite's file `decks.sqlite3` in `$KZ_DATA_DIR` (default `var/` beside app.py),
  created with its folder on first use; `sqlite:///path/to/file` names another file; a
  `postgresql://…` URL (or `$KZ_DATABASE_URL`) uses PostgreSQL through psycopg 3, so that
  several replicas serving one room share the decks and the presenter's position. The same
  SQL runs on both; only the parameter style and how a transaction locks differ (`Dialect`).
- **Versions**: every stored deck has a version, 1 when created and one more at each save. A
  save names the version it edited (`expected_version`) and is one conditional UPDATE
  (`… WHERE id = ? AND version = ?`), so of two saves over one version exactly one wins and
  the other raises `VersionConflict` carrying the stored deck: two tabs never silently lose a
  change. `expected_version` 0 stores a deck that is not stored yet under its own id (the
  generated deck `default`, once edited). Deleting names the version too.
- **Keys**: a deck is made with a secret edit key (`new_key()`, from its author's session);
  the store keeps only its SHA-256 (`key_hash`) and compares with `hmac.compare_digest`.
  Saving, deleting and moving the deck's room need the key: `NotYourDeck` otherwise. A deck
  stored before keys existed (schema v2; `key_hash` NULL) is *open*: anyone may edit it and
  drive its room, as before, until someone claims it (`claim`, or the operator's
  `python -m components.decks.store claim <id>`, which prints a new key once). A deck
  created without a key (tests, operators' scripts) is open too; the app always gives one.
- **Rooms**: the presenter's step and start time (seconds since the epoch) per *room*, with a
  sequence number that grows at each move; one indexed row, read by the projectors that
  follow (a read costs a few microseconds on SQLite in WAL mode). A stored deck's room is
  its id, driven with its key. The built-in tour (`default`, not stored) has no one room:
  each presenter's key makes a room of its own, `default-` and 20 hex digits of the key's
  hash (`built_in_room`), so two presenters of the tour never move each other's projectors,
  and no one can drive a room without the key it was made from. The room `default` itself
  is driven by no one.
- **Quotas**: at most `max_decks` decks in the store and `max_per_hour` created in the last
  hour ($KZ_MAX_DECKS, $KZ_MAX_DECKS_PER_HOUR): `QuotaExceeded` past them. A deck holds at
  most 100 steps (the file format's limit).
- **Schema**: the table `schema_version` says the layout; an older database is migrated on
  first use (v1, the first layout: decks without versions or step counts, no positions;
  v2: decks without keys or creation times).
- **Faults** raise `StoreUnavailable` (show "saving failed"; what the page holds stays): the
  SQLite file removed or made read-only (no write bit) while in use, the database unreachable.
  A PostgreSQL server that went away is reconnected to at the next call. A file replaced (a
  backup restored) is reopened.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import re
import secrets
import sqlite3
import stat
import threading
import time
from base64 import b32encode
from collections.abc import Callable, Iterable
from contextlib import contextmanager
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import NamedTuple

from components.decks.files import DeckFileError, deck_to_json, parse_deck
from components.decks.model import Deck, Step

SCHEMA_VERSION = 3
DB_FILE = "decks.sqlite3"
DECK_ID = re.compile(r"[a-z0-9-]{1,40}")
APP_DIR = Path(__file__).resolve().parents[2]  # beside app.py
DEFAULT_DECK_ID = "default"  # components/decks/model.py's: the built-in tour, never stored new
# An edit key as links carry it: token_urlsafe's alphabet; 32 characters (192 bits) made.
KEY = re.compile(r"[A-Za-z0-9_-]{20,100}")
KEY_BYTES = 24
BUILT_IN_ROOM = re.compile(r"default-[0-9a-f]{20}")
MAX_DECKS = 1000  # in one store ($KZ_MAX_DECKS)
MAX_DECKS_PER_HOUR = 200  # created in the store in the last hour ($KZ_MAX_DECKS_PER_HOUR)
MAX_LISTED_IDS = 100  # ids a list asks for at most (a session's own decks)

# Today's layout (v3). Types both databases take: SQLite reads DOUBLE PRECISION and BIGINT
# by affinity. `positions.deck_id` is the room (a deck's id, or a built-in tour's room).
SCHEMA = (
    "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)",
    "CREATE TABLE IF NOT EXISTS decks (id TEXT PRIMARY KEY, title TEXT NOT NULL,"
    " body TEXT NOT NULL, steps INTEGER NOT NULL, version BIGINT NOT NULL,"
    " updated TEXT NOT NULL, key_hash TEXT, created TEXT)",
    "CREATE TABLE IF NOT EXISTS positions (deck_id TEXT PRIMARY KEY,"
    " step_index INTEGER NOT NULL, started_at DOUBLE PRECISION,"
    " updated_at DOUBLE PRECISION NOT NULL, seq BIGINT NOT NULL)",
)
# v1 → v2: a version and a step count per deck, and the presenter's positions.
MIGRATE_1_TO_2 = (
    "ALTER TABLE decks ADD COLUMN version BIGINT NOT NULL DEFAULT 1",
    "ALTER TABLE decks ADD COLUMN steps INTEGER NOT NULL DEFAULT 0",
    SCHEMA[2],
)
# v2 → v3: an edit key's hash per deck (NULL: stored before keys, open to anyone until
# claimed) and when it was created (for the hourly quota; a migrated deck: its last save).
MIGRATE_2_TO_3 = (
    "ALTER TABLE decks ADD COLUMN key_hash TEXT",
    "ALTER TABLE decks ADD COLUMN created TEXT",
    "UPDATE decks SET created = updated",
)


class StoreError(Exception):
    """Something the decks' store refused or could not do."""

    key = "deck_saving_failed"  # what the page says (components/locales)


class StoreUnavailable(StoreError):
    """The database cannot be read or written now; `reason` says why (for the log)."""

    def __init__(self, reason: str) -> None:
        self.reason = reason
        super().__init__(f"the decks' database is unavailable: {reason}")


class VersionConflict(StoreError):
    """A save or delete over a version that is no longer the stored one. `stored` is the
    deck as stored now (None: deleted meanwhile)."""

    key = "deck_version_conflict"

    def __init__(self, deck_id: str, expected: int, stored: Deck | None) -> None:
        self.stored = stored
        now = f"version {stored.version}" if stored else "deleted"
        super().__init__(f"deck {deck_id!r}: expected version {expected}, stored is {now}")


class NotYourDeck(StoreError):
    """A save, delete or room move without the deck's edit key (or the room's)."""

    key = "deck_not_yours"

    def __init__(self, deck_id: str) -> None:
        # Never the key in the message: it reaches logs.
        super().__init__(f"deck {deck_id!r}: no edit key, or not this deck's")


class QuotaExceeded(StoreError):
    """A new deck past the store's limits; `key` and `limit` say which, in the page."""

    def __init__(self, key: str, limit: int) -> None:
        self.key = key
        self.limit = limit
        super().__init__(f"no more decks: {key} ({limit})")


class DeckSummary(NamedTuple):
    id: str
    title: str
    steps: int
    version: int
    updated: str  # ISO 8601 UTC
    open: bool = False  # stored before keys and not claimed: anyone may edit it


class Position(NamedTuple):
    step_index: int
    started_at: float | None  # seconds since the epoch; None: not started
    updated_at: float  # seconds since the epoch
    seq: int  # grows by one at each move: a follower acts on a new seq, not on a new step


def data_dir() -> Path:
    """Where the SQLite file lives: $KZ_DATA_DIR, or `var/` beside app.py."""
    return Path(os.environ.get("KZ_DATA_DIR") or APP_DIR / "var")


def env_limit(name: str, default: int) -> int:
    """A limit the operator may set in the environment (a whole number ≥ 0)."""
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    if not value.isdigit():
        raise ValueError(f"${name} must be a whole number, not {value[:20]!r}")
    return int(value)


def open_store(url: str | None = None) -> Store:
    """The store at `url`: `postgresql://…` (or `postgres://…`), `sqlite:///<path>`, or None:
    $KZ_DATABASE_URL if set, else SQLite in `data_dir()`. Connects on first use."""
    url = url or os.environ.get("KZ_DATABASE_URL") or None
    if url is None:
        return Store(SqliteDialect(data_dir() / DB_FILE))
    if url.startswith(("postgresql://", "postgres://")):
        return Store(PostgresDialect(url))
    if url.startswith("sqlite:///"):
        return Store(SqliteDialect(Path(url.removeprefix("sqlite:///"))))
    # Only the scheme: a URL may carry a password.
    raise ValueError(f"unknown database URL scheme {url.split(':', 1)[0]!r}: "
                     "use postgresql://… or sqlite:///…")


def valid_id(deck_id: object) -> bool:
    """Whether `deck_id` could be a deck's id (a link may say anything)."""
    return isinstance(deck_id, str) and DECK_ID.fullmatch(deck_id) is not None


def new_id() -> str:
    """13 letters and digits, 64 random bits: short enough for a link, not to be guessed."""
    return b32encode(secrets.token_bytes(8)).decode("ascii").rstrip("=").lower()


def new_key() -> str:
    """A deck's (or a presenter's room's) secret edit key, for links: 192 random bits."""
    return secrets.token_urlsafe(KEY_BYTES)


def valid_key(key: object) -> bool:
    """Whether `key` could be an edit key (a link may say anything)."""
    return isinstance(key, str) and KEY.fullmatch(key) is not None


def key_hash(key: str) -> str:
    """What the store keeps of a key: its SHA-256, hex."""
    return hashlib.sha256(key.encode("ascii")).hexdigest()


def key_matches(stored_hash: str | None, key: object) -> bool:
    """Whether `key` is the one `stored_hash` was made from, compared in constant time (a
    malformed key is hashed as something else, not answered faster)."""
    if not stored_hash:
        return False
    given = key_hash(key) if valid_key(key) else key_hash("-" * 20)
    return hmac.compare_digest(stored_hash, given) and valid_key(key)


def built_in_room(key: str) -> str:
    """The room of the built-in tour that `key` drives: `default-` and 20 hex digits (80
    bits) of a hash of the key (kept apart from the decks' key hashes), so the room's id says
    nothing of the key, and each presenter's key makes a room of its own."""
    if not valid_key(key):
        raise ValueError("not an edit key")
    return "default-" + hashlib.sha256(b"kz-room:" + key.encode("ascii")).hexdigest()[:20]


def is_built_in(deck_id: object) -> bool:
    """Whether `deck_id` names the built-in tour: `default`, or one presenter's room of it."""
    return deck_id == DEFAULT_DECK_ID or (isinstance(deck_id, str)
                                          and BUILT_IN_ROOM.fullmatch(deck_id) is not None)


def now_iso() -> str:
    # Microseconds: "the last saved first" orders by this text, and two saves within one
    # millisecond happen (CI saw a tie break by id). Older millisecond stamps still sort
    # right: "+" sorts before any digit.
    return datetime.now(UTC).isoformat(timespec="microseconds")


def checked_body(title: str, steps: Iterable[Step]) -> tuple[str, tuple[Step, ...]]:
    """The deck's stored JSON, after the deck file's own checks (limits, characters), so
    whatever is stored reads back. Raises DeckFileError."""
    steps = tuple(steps)
    body = deck_to_json(Deck(id="", title=title, steps=steps))
    parse_deck(body)
    return body.decode("utf-8"), steps


class Store:
    """The decks and rooms in one database (see the module's docstring). Thread-safe: one
    connection, used by one call at a time."""

    def __init__(self, dialect: Dialect, max_decks: int | None = None,
                 max_per_hour: int | None = None) -> None:
        self.dialect = dialect
        self._lock = threading.RLock()
        self.max_decks = max_decks if max_decks is not None else env_limit("KZ_MAX_DECKS",
                                                                           MAX_DECKS)
        self.max_per_hour = max_per_hour if max_per_hour is not None else env_limit(
            "KZ_MAX_DECKS_PER_HOUR", MAX_DECKS_PER_HOUR)

    # -- decks ---------------------------------------------------------------------------

    def list_decks(self, ids: Iterable[str] | None = None,
                   open_ones: bool = False) -> list[DeckSummary]:
        """The stored decks, the last saved first: every one (ids None: the operator's
        view), or those of `ids` (a session's own, at most MAX_LISTED_IDS) and, with
        `open_ones`, those stored before keys and not claimed yet."""
        columns = ("SELECT id, title, steps, version, updated, key_hash IS NULL FROM decks")
        order = " ORDER BY updated DESC, id"
        if ids is None:
            rows = self._read(columns + order)
        else:
            wanted = list(dict.fromkeys(i for i in ids if valid_id(i)))[:MAX_LISTED_IDS]
            where = []
            if wanted:
                where.append(f"id IN ({', '.join('?' * len(wanted))})")
            if open_ones:
                where.append("key_hash IS NULL")
            if not where:
                return []
            rows = self._read(f"{columns} WHERE {' OR '.join(where)}{order}", *wanted)
        return [DeckSummary(*row[:5], open=bool(row[5])) for row in rows]

    def load(self, deck_id: str) -> Deck | None:
        """The stored deck `deck_id`, or None."""
        if not valid_id(deck_id):
            return None
        rows = self._read("SELECT body, version, updated FROM decks WHERE id = ?", deck_id)
        if not rows:
            return None
        body, version, updated = rows[0]
        try:
            deck = parse_deck(body.encode("utf-8"))
        except DeckFileError as error:  # edited by hand in the database?
            raise StoreUnavailable(f"deck {deck_id!r} is unreadable: {error}") from None
        return replace(deck, id=deck_id, version=int(version), updated=updated)

    def create(self, title: str, steps: Iterable[Step], key: str | None = None) -> Deck:
        """A new deck with a new id, stored at version 1, editable with `key` (None: open to
        anyone, as decks stored before keys). Raises DeckFileError for a title, notes or
        steps over the limits, QuotaExceeded past the store's limits."""
        if key is not None and not valid_key(key):
            raise ValueError("not an edit key")
        body, steps = checked_body(title, steps)
        updated = now_iso()
        hashed = key_hash(key) if key is not None else None
        hour_ago = datetime.fromtimestamp(time.time() - 3600, UTC).isoformat(
            timespec="milliseconds")

        def insert(run, deck_id):
            self.dialect.serialize(run)  # two replicas counting at once count one by one
            total = run("SELECT COUNT(*) FROM decks", fetch=True)[0][0]
            if total >= self.max_decks:
                raise QuotaExceeded("deck_quota_store", self.max_decks)
            recent = run("SELECT COUNT(*) FROM decks WHERE created > ?", hour_ago,
                         fetch=True)[0][0]
            if recent >= self.max_per_hour:
                raise QuotaExceeded("deck_quota_hour", self.max_per_hour)
            return run("INSERT INTO decks (id, title, body, steps, version, updated, key_hash,"
                       " created) VALUES (?, ?, ?, ?, 1, ?, ?, ?) ON CONFLICT (id) DO NOTHING",
                       deck_id, title, body, len(steps), updated, hashed, updated)

        while True:
            deck_id = new_id()
            inserted = self._write(lambda run, i=deck_id: insert(run, i))
            mine = Deck(id=deck_id, title=title, steps=steps, version=1, updated=updated)
            if inserted:
                return mine
            # The id was taken (one chance in 2^64), or a retried INSERT finds its own row.
            if self.load(deck_id) == mine and self.can_edit(deck_id, key):
                return mine

    def save(self, deck: Deck, expected_version: int, key: str | None = None) -> Deck:
        """Store `deck` over version `expected_version` (0: not stored yet, under its own
        id, editable with `key`) and return it with its new version. Raises NotYourDeck
        without the deck's key (an open deck needs none), VersionConflict if the stored
        version is another."""
        if not valid_id(deck.id):
            raise ValueError(f"no deck id: {deck.id!r}")
        body, steps = checked_body(deck.title, deck.steps)
        updated = now_iso()
        if expected_version == 0:
            if is_built_in(deck.id) or not valid_key(key):
                raise NotYourDeck(deck.id)  # the built-in tour is edited as a copy
            done = self._write(lambda run: run(
                "INSERT INTO decks (id, title, body, steps, version, updated, key_hash,"
                " created) VALUES (?, ?, ?, ?, 1, ?, ?, ?) ON CONFLICT (id) DO NOTHING",
                deck.id, deck.title, body, len(steps), updated, key_hash(key), updated))
        else:
            def update(run):
                self.allowed(run, deck.id, key)
                return run("UPDATE decks SET title = ?, body = ?, steps = ?,"
                           " version = version + 1, updated = ? WHERE id = ? AND version = ?",
                           deck.title, body, len(steps), updated, deck.id, expected_version)
            done = self._write(update)
        if not done:
            raise VersionConflict(deck.id, expected_version, self.load(deck.id))
        return replace(deck, steps=steps, version=expected_version + 1, updated=updated)

    def delete(self, deck_id: str, expected_version: int, key: str | None = None) -> None:
        """Delete the deck (and its room) if it is still at `expected_version`; a deck
        already gone is no error. Raises NotYourDeck without its key, VersionConflict if it
        was saved meanwhile."""
        if not valid_id(deck_id):
            return

        def both(run):
            if not run("SELECT 1 FROM decks WHERE id = ?", deck_id, fetch=True):
                return True  # already gone
            self.allowed(run, deck_id, key)
            deleted = run("DELETE FROM decks WHERE id = ? AND version = ?",
                          deck_id, expected_version)
            if deleted:
                run("DELETE FROM positions WHERE deck_id = ?", deck_id)
            return deleted

        if not self._write(both):
            stored = self.load(deck_id)
            if stored is not None:
                raise VersionConflict(deck_id, expected_version, stored)

    def allowed(self, run, deck_id: str, key: str | None) -> None:
        """Inside a write: raise NotYourDeck unless `key` edits `deck_id` (its row locked
        until the write ends, so a claim cannot slip in between)."""
        rows = run("SELECT key_hash FROM decks WHERE id = ?" + self.dialect.for_update,
                   deck_id, fetch=True)
        if rows and rows[0][0] is not None and not key_matches(rows[0][0], key):
            raise NotYourDeck(deck_id)

    def can_edit(self, deck_id: str, key: str | None) -> bool:
        """Whether `key` edits the stored deck `deck_id` (an open deck: any key, or none).
        False for a deck not stored, and for the built-in tour."""
        if not valid_id(deck_id) or is_built_in(deck_id):
            return False
        rows = self._read("SELECT key_hash FROM decks WHERE id = ?", deck_id)
        return bool(rows) and (rows[0][0] is None or key_matches(rows[0][0], key))

    def is_open(self, deck_id: str) -> bool:
        """Whether the stored deck `deck_id` was stored before keys and is not claimed."""
        if not valid_id(deck_id):
            return False
        rows = self._read("SELECT key_hash IS NULL FROM decks WHERE id = ?", deck_id)
        return bool(rows) and bool(rows[0][0])

    def claim(self, deck_id: str, key: str) -> bool:
        """Give an open deck (stored before keys) the edit key `key`; from then on only that
        key edits it and drives its room. False if it is not open (claimed meanwhile,
        gone, or the built-in tour)."""
        if not valid_key(key) or not valid_id(deck_id) or is_built_in(deck_id):
            return False
        return bool(self._write(lambda run: run(
            "UPDATE decks SET key_hash = ? WHERE id = ? AND key_hash IS NULL",
            key_hash(key), deck_id)))

    # -- the presenter's room ----------------------------------------------------------------

    def may_drive(self, room: str, key: str | None) -> bool:
        """Whether `key` moves the projectors of `room`: a stored deck's (its edit key; an
        open deck's: anyone), or a built-in tour's room made from this very key."""
        if not valid_id(room) or room == DEFAULT_DECK_ID:
            return False
        if BUILT_IN_ROOM.fullmatch(room):
            return valid_key(key) and hmac.compare_digest(built_in_room(key), room)
        return self.can_edit(room, key)

    def set_position(self, room: str, step_index: int, started_at: float | None,
                     key: str | None = None) -> Position:
        """Where the presenter of `room` is: step `step_index` (0-based), the briefing
        started at `started_at` (seconds since the epoch, or None). Raises NotYourDeck
        unless `key` drives the room (`may_drive`)."""
        if not valid_id(room):
            raise ValueError(f"no room: {room!r}")
        if type(step_index) is not int or step_index < 0:
            raise ValueError(f"no step index: {step_index!r}")
        if not self.may_drive(room, key):
            raise NotYourDeck(room)
        row: list = []
        self._write(lambda run: row.extend(run(
            "INSERT INTO positions (deck_id, step_index, started_at, updated_at, seq)"
            " VALUES (?, ?, ?, ?, 1) ON CONFLICT (deck_id) DO UPDATE SET"
            " step_index = excluded.step_index, started_at = excluded.started_at,"
            " updated_at = excluded.updated_at, seq = positions.seq + 1"
            " RETURNING step_index, started_at, updated_at, seq",
            room, step_index, started_at, time.time(), fetch=True)))
        return Position(*row[0])

    def position(self, room: str) -> Position | None:
        """The presenter's last position in `room`, or None if never set."""
        if not valid_id(room):
            return None
        rows = self._read("SELECT step_index, started_at, updated_at, seq FROM positions"
                          " WHERE deck_id = ?", room)
        return Position(*rows[0]) if rows else None

    def close(self) -> None:
        with self._lock:
            self.dialect.close()

    # -- running SQL -----------------------------------------------------------------------

    def _read(self, sql: str, *params) -> list[tuple]:
        with self._lock:
            return self.dialect.run(lambda conn: self.dialect.fetch(conn, sql, params),
                                    write=False)

    def _write(self, work: Callable) -> object:
        """`work(run)` in one transaction; `run(sql, *params, fetch=False)` gives the rows
        changed (or the rows returned, with fetch)."""
        with self._lock:
            def transaction(conn):
                with self.dialect.transaction(conn):
                    return work(lambda sql, *params, fetch=False:
                                self.dialect.execute(conn, sql, params, fetch))
            return self.dialect.run(transaction, write=True)


# -- the two databases ---------------------------------------------------------------------

class Dialect:
    """What differs between SQLite and PostgreSQL: connecting, parameters, transactions,
    errors. `run(work, write)` calls `work(connection)` on a live connection and turns the
    database's errors into StoreUnavailable."""

    param = "?"
    for_update = ""  # a read that locks its row until the write ends (SQLite: the whole file)

    def serialize(self, run) -> None:
        """Inside a write: wait for any other replica's create (SQLite's writes are one at a
        time already)."""

    def sql(self, text: str) -> str:
        """Our SQL is written with `?`; PostgreSQL's driver takes `%s` (no `?` or `%` appears
        in it otherwise)."""
        return text if self.param == "?" else text.replace("?", self.param)

    def fetch(self, conn, sql: str, params) -> list[tuple]:
        return list(conn.execute(self.sql(sql), params).fetchall())

    def execute(self, conn, sql: str, params, fetch: bool):
        cursor = conn.execute(self.sql(sql), params)
        return cursor.fetchall() if fetch else cursor.rowcount

    def migrate(self, conn) -> None:
        """Bring the database to SCHEMA_VERSION: create it, or migrate an older one."""
        with self.transaction(conn, schema=True):
            for statement in SCHEMA[:1]:
                conn.execute(statement)
            rows = conn.execute("SELECT version FROM schema_version").fetchall()
            version = rows[0][0] if rows else 0
            if version > SCHEMA_VERSION:
                raise StoreUnavailable(f"the database's schema version {version} is newer "
                                       f"than this app's {SCHEMA_VERSION}")
            if version == 0:
                for statement in SCHEMA[1:]:
                    conn.execute(statement)
                conn.execute(self.sql("INSERT INTO schema_version (version) VALUES (?)"),
                             (SCHEMA_VERSION,))
            else:
                if version == 1:
                    migrate_1_to_2(conn, self)
                if version <= 2:
                    migrate_2_to_3(conn, self)
                conn.execute(self.sql("UPDATE schema_version SET version = ?"),
                             (SCHEMA_VERSION,))

    def close(self) -> None:
        raise NotImplementedError

    def run(self, work, write: bool):
        raise NotImplementedError

    @contextmanager
    def transaction(self, conn, schema: bool = False):
        raise NotImplementedError
        yield


def migrate_1_to_2(conn, dialect: Dialect) -> None:
    """v1 → v2 inside the caller's transaction: every deck gets version 1 and its count of
    steps (read from its body), and the positions table is made."""
    for statement in MIGRATE_1_TO_2:
        conn.execute(statement)
    for deck_id, body in conn.execute("SELECT id, body FROM decks").fetchall():
        try:
            count = len(parse_deck(body.encode("utf-8")).steps)
        except DeckFileError:
            count = 0  # kept as it is: load() says it is unreadable, nothing is dropped
        conn.execute(dialect.sql("UPDATE decks SET steps = ? WHERE id = ?"), (count, deck_id))


def migrate_2_to_3(conn, dialect: Dialect) -> None:
    """v2 → v3 inside the caller's transaction: every deck stored so far gets no key (open:
    anyone may edit it, as before, until it is claimed; nobody is locked out of their work)
    and its last save as its creation time."""
    for statement in MIGRATE_2_TO_3:
        conn.execute(statement)


class SqliteDialect(Dialect):
    """One SQLite file in WAL mode (readers never wait for the writer)."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._conn: sqlite3.Connection | None = None
        self._identity: tuple[int, int] | None = None

    def _check_file(self, write: bool) -> None:
        """Refuse a file that went away or lost its write bits while in use (an open
        connection would go on writing to a removed file, and root ignores the bits), and
        reopen a file that was replaced."""
        if self._identity is None:
            return
        try:
            info = os.stat(self.path)
        except OSError:
            self.close()
            raise StoreUnavailable(f"{self.path} is missing") from None
        if (info.st_dev, info.st_ino) != self._identity:
            self.close()  # replaced, e.g. a backup restored: open the new one
        elif write and not info.st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH):
            raise StoreUnavailable(f"{self.path} is read-only")

    def _connect(self) -> sqlite3.Connection:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        # Autocommit; each write is an explicit BEGIN IMMEDIATE … COMMIT.
        conn = sqlite3.connect(self.path, timeout=5, isolation_level=None,
                               check_same_thread=False)
        try:
            conn.execute("PRAGMA journal_mode=WAL")
            self.migrate(conn)
        except BaseException:
            conn.close()
            raise
        info = os.stat(self.path)
        self._identity = (info.st_dev, info.st_ino)
        return conn

    def run(self, work, write: bool):
        try:
            self._check_file(write)
            if self._conn is None:
                self._conn = self._connect()
            return work(self._conn)
        except (sqlite3.Error, OSError) as error:
            self.close()
            raise StoreUnavailable(f"{self.path}: {error}") from error

    @contextmanager
    def transaction(self, conn, schema: bool = False):
        conn.execute("BEGIN IMMEDIATE")  # the write lock now, not at the first write
        try:
            yield
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")

    def close(self) -> None:
        if self._conn is not None:
            try:
                self._conn.close()
            except sqlite3.Error:
                pass
        self._conn = None


class PostgresDialect(Dialect):
    """A PostgreSQL server through psycopg 3; one connection, reconnected when it broke."""

    param = "%s"
    for_update = " FOR UPDATE"
    MIGRATION_LOCK = 23_2023  # advisory lock: replicas starting together migrate once
    CREATE_LOCK = 23_2024  # advisory lock: creates counted against the quota one at a time

    def serialize(self, run) -> None:
        run("SELECT pg_advisory_xact_lock(?)", self.CREATE_LOCK, fetch=True)

    def __init__(self, url: str) -> None:
        self.url = url
        self._conn = None

    def _connect(self):
        import psycopg

        conn = psycopg.connect(self.url, autocommit=True, connect_timeout=3)
        try:
            self.migrate(conn)
        except BaseException:
            conn.close()
            raise
        return conn

    def run(self, work, write: bool):
        import psycopg

        # A connection that broke (the server restarted) fails at its next use: then one
        # more try on a new connection. A new connection that fails means the server is down.
        # (Should a write's COMMIT have reached the server just before the connection broke,
        # its retry finds the version moved on and raises VersionConflict carrying that very
        # deck: nothing is saved twice or lost.)
        for attempt in (1, 2):
            fresh = self._conn is None
            try:
                if fresh:
                    self._conn = self._connect()
                return work(self._conn)
            except (psycopg.OperationalError, psycopg.InterfaceError) as error:
                self.close()
                if fresh or attempt == 2:
                    raise StoreUnavailable(f"PostgreSQL: {error}".strip()) from error
            except psycopg.Error as error:
                raise StoreUnavailable(f"PostgreSQL: {error}".strip()) from error
        raise AssertionError("unreachable")

    @contextmanager
    def transaction(self, conn, schema: bool = False):
        with conn.transaction():
            if schema:
                conn.execute("SELECT pg_advisory_xact_lock(%s)", (self.MIGRATION_LOCK,))
            yield

    def close(self) -> None:
        if self._conn is not None:
            try:
                self._conn.close()
            except Exception:  # a broken connection may fail to close; it is gone either way
                pass
        self._conn = None


# -- the operator's command line -----------------------------------------------------------------

def main(argv: list[str] | None = None) -> int:
    """`python -m components.decks.store list|claim ID`: the decks in the store the app would
    open ($KZ_DATABASE_URL or $KZ_DATA_DIR), and a key for a deck stored before keys (printed
    once: only its hash is kept)."""
    import argparse
    import sys

    parser = argparse.ArgumentParser(prog="python -m components.decks.store",
                                     description="The briefing decks' store, for operators.")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("list", help="every stored deck; 'open' ones have no edit key yet")
    claim = commands.add_parser("claim", help="give an open deck an edit key, printed once")
    claim.add_argument("deck_id")
    args = parser.parse_args(argv)
    try:
        store = open_store(None)
        if args.command == "list":
            for deck in store.list_decks():
                print(f"{deck.id}\t{'open' if deck.open else 'keyed'}\tv{deck.version}\t"
                      f"{deck.steps} steps\t{deck.updated}\t{deck.title}")
            return 0
        key = new_key()
        if not store.claim(args.deck_id, key):
            print(f"deck {args.deck_id!r} is not an open deck (no such deck, the built-in "
                  "tour, or it has a key already)", file=sys.stderr)
            return 1
        print(f"edit key of {args.deck_id} (shown once; give the author the link):\n"
              f"  ?deck={args.deck_id}&key={key}")
        return 0
    except (StoreError, ValueError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    raise SystemExit(main())
