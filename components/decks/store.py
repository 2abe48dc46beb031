"""The decks on the server: SQLite by default, PostgreSQL by URL. Pure: no streamlit.

    store = open_store(url)   # url None: $KZ_DATABASE_URL if set, else SQLite in the data dir
    store.list_decks()                  -> [DeckSummary(id, title, steps, version, updated)]
    store.load(deck_id)                 -> Deck | None
    store.create(title, steps)          -> Deck (a new id, version 1)
    store.save(deck, expected_version)  -> Deck (its new version)
    store.delete(deck_id, expected_version)
    store.set_position(deck_id, step_index, started_at) -> Position
    store.position(deck_id)             -> Position(step_index, started_at, updated_at, seq)
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
- **Position**: the presenter's step and start time (seconds since the epoch) per deck id,
  with a sequence number that grows at each move; one indexed row, read by the projectors
  that follow (a read costs a few microseconds on SQLite in WAL mode). The default deck's
  position is stored although the deck is not.
- **Schema**: the table `schema_version` says the layout; an older database is migrated on
  first use (v1, the first layout: decks without versions or step counts, no positions).
- **Faults** raise `StoreUnavailable` (show "saving failed"; what the page holds stays): the
  SQLite file removed or made read-only (no write bit) while in use, the database unreachable.
  A PostgreSQL server that went away is reconnected to at the next call. A file replaced (a
  backup restored) is reopened.
"""

from __future__ import annotations

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

SCHEMA_VERSION = 2
DB_FILE = "decks.sqlite3"
DECK_ID = re.compile(r"[a-z0-9-]{1,40}")
APP_DIR = Path(__file__).resolve().parents[2]  # beside app.py

# Today's layout (v2). Types both databases take: SQLite reads DOUBLE PRECISION and BIGINT
# by affinity.
SCHEMA = (
    "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)",
    "CREATE TABLE IF NOT EXISTS decks (id TEXT PRIMARY KEY, title TEXT NOT NULL,"
    " body TEXT NOT NULL, steps INTEGER NOT NULL, version BIGINT NOT NULL,"
    " updated TEXT NOT NULL)",
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


class DeckSummary(NamedTuple):
    id: str
    title: str
    steps: int
    version: int
    updated: str  # ISO 8601 UTC


class Position(NamedTuple):
    step_index: int
    started_at: float | None  # seconds since the epoch; None: not started
    updated_at: float  # seconds since the epoch
    seq: int  # grows by one at each move: a follower acts on a new seq, not on a new step


def data_dir() -> Path:
    """Where the SQLite file lives: $KZ_DATA_DIR, or `var/` beside app.py."""
    return Path(os.environ.get("KZ_DATA_DIR") or APP_DIR / "var")


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


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds")


def checked_body(title: str, steps: Iterable[Step]) -> tuple[str, tuple[Step, ...]]:
    """The deck's stored JSON, after the deck file's own checks (limits, characters), so
    whatever is stored reads back. Raises DeckFileError."""
    steps = tuple(steps)
    body = deck_to_json(Deck(id="", title=title, steps=steps))
    parse_deck(body)
    return body.decode("utf-8"), steps


class Store:
    """The decks and positions in one database (see the module's docstring). Thread-safe:
    one connection, used by one call at a time."""

    def __init__(self, dialect: Dialect) -> None:
        self.dialect = dialect
        self._lock = threading.RLock()

    # -- decks ---------------------------------------------------------------------------

    def list_decks(self) -> list[DeckSummary]:
        """Every stored deck, the last saved first."""
        rows = self._read("SELECT id, title, steps, version, updated FROM decks"
                          " ORDER BY updated DESC, id")
        return [DeckSummary(*row) for row in rows]

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

    def create(self, title: str, steps: Iterable[Step]) -> Deck:
        """A new deck with a new id, stored at version 1. Raises DeckFileError for a title,
        notes or steps over the limits."""
        body, steps = checked_body(title, steps)
        updated = now_iso()
        while True:
            deck_id = new_id()
            inserted = self._write(lambda run, i=deck_id: run(
                "INSERT INTO decks (id, title, body, steps, version, updated)"
                " VALUES (?, ?, ?, ?, 1, ?) ON CONFLICT (id) DO NOTHING",
                i, title, body, len(steps), updated))
            if inserted:
                return Deck(id=deck_id, title=title, steps=steps, version=1, updated=updated)
            # The id was taken (one chance in 2^64), or a retried INSERT finds its own row.
            mine = Deck(id=deck_id, title=title, steps=steps, version=1, updated=updated)
            if self.load(deck_id) == mine:
                return mine

    def save(self, deck: Deck, expected_version: int) -> Deck:
        """Store `deck` over version `expected_version` (0: not stored yet) and return it
        with its new version. Raises VersionConflict if the stored version is another."""
        if not valid_id(deck.id):
            raise ValueError(f"no deck id: {deck.id!r}")
        body, steps = checked_body(deck.title, deck.steps)
        updated = now_iso()
        if expected_version == 0:
            done = self._write(lambda run: run(
                "INSERT INTO decks (id, title, body, steps, version, updated)"
                " VALUES (?, ?, ?, ?, 1, ?) ON CONFLICT (id) DO NOTHING",
                deck.id, deck.title, body, len(steps), updated))
        else:
            done = self._write(lambda run: run(
                "UPDATE decks SET title = ?, body = ?, steps = ?, version = version + 1,"
                " updated = ? WHERE id = ? AND version = ?",
                deck.title, body, len(steps), updated, deck.id, expected_version))
        if not done:
            raise VersionConflict(deck.id, expected_version, self.load(deck.id))
        return replace(deck, steps=steps, version=expected_version + 1, updated=updated)

    def delete(self, deck_id: str, expected_version: int) -> None:
        """Delete the deck (and its position) if it is still at `expected_version`; a deck
        already gone is no error. Raises VersionConflict if it was saved meanwhile."""
        if not valid_id(deck_id):
            return

        def both(run):
            deleted = run("DELETE FROM decks WHERE id = ? AND version = ?",
                          deck_id, expected_version)
            if deleted:
                run("DELETE FROM positions WHERE deck_id = ?", deck_id)
            return deleted

        if not self._write(both):
            stored = self.load(deck_id)
            if stored is not None:
                raise VersionConflict(deck_id, expected_version, stored)

    # -- the presenter's position ----------------------------------------------------------

    def set_position(self, deck_id: str, step_index: int,
                     started_at: float | None) -> Position:
        """Where the presenter of `deck_id` is: step `step_index` (0-based), the briefing
        started at `started_at` (seconds since the epoch, or None)."""
        if not valid_id(deck_id):
            raise ValueError(f"no deck id: {deck_id!r}")
        if type(step_index) is not int or step_index < 0:
            raise ValueError(f"no step index: {step_index!r}")
        row: list = []
        self._write(lambda run: row.extend(run(
            "INSERT INTO positions (deck_id, step_index, started_at, updated_at, seq)"
            " VALUES (?, ?, ?, ?, 1) ON CONFLICT (deck_id) DO UPDATE SET"
            " step_index = excluded.step_index, started_at = excluded.started_at,"
            " updated_at = excluded.updated_at, seq = positions.seq + 1"
            " RETURNING step_index, started_at, updated_at, seq",
            deck_id, step_index, started_at, time.time(), fetch=True)))
        return Position(*row[0])

    def position(self, deck_id: str) -> Position | None:
        """The presenter's last position in `deck_id`, or None if never set."""
        if not valid_id(deck_id):
            return None
        rows = self._read("SELECT step_index, started_at, updated_at, seq FROM positions"
                          " WHERE deck_id = ?", deck_id)
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
            elif version == 1:
                migrate_1_to_2(conn, self)

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
    conn.execute(dialect.sql("UPDATE schema_version SET version = ?"), (SCHEMA_VERSION,))


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
    MIGRATION_LOCK = 23_2023  # advisory lock: replicas starting together migrate once

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
