"""The session store: SQLite, one file, every turn saved as it happens.

Where: ``--db PATH``, else ``$CUIKUAN_DB``, else ``cuikuan.db`` in the user's data directory
(platformdirs). WAL journal, a busy timeout so that a workshop's browsers (one process each) can
write at once, and a schema version with migrations from the first release on.

A session row is written when a conversation starts; each turn is its own short transaction, so
killing the app (even with kill -9) loses nothing that was shown. A session is *open* until it
ends; `resume` rebuilds it by replaying the trainee's turns with the same seed (the simulation is
deterministic) and checks that the debtor says the same again.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sqlite3
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable

SCHEMA_VERSION = 2

# Each migration takes the database from version i to i + 1. Never edit a released one: add.
MIGRATIONS: list[str] = [
    # 0 -> 1: the first release
    """
    CREATE TABLE sessions (
        id TEXT PRIMARY KEY,
        scenario TEXT NOT NULL,
        trainee TEXT NOT NULL DEFAULT '',
        lang TEXT NOT NULL,
        seed INTEGER NOT NULL,
        mode TEXT NOT NULL DEFAULT 'practice',
        today TEXT NOT NULL,
        started TEXT NOT NULL,
        ended TEXT,
        status TEXT,
        score INTEGER,
        result TEXT
    );
    CREATE TABLE turns (
        session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
        n INTEGER NOT NULL,
        speaker TEXT NOT NULL,
        text TEXT NOT NULL,
        labels TEXT NOT NULL,
        state TEXT,
        meters TEXT,
        saved TEXT NOT NULL,
        PRIMARY KEY (session_id, n)
    );
    CREATE INDEX sessions_started ON sessions(started);
    """,
    # 1 -> 2: cohorts for workshops, where the session came from, and the scenario file
    """
    ALTER TABLE sessions ADD COLUMN cohort TEXT NOT NULL DEFAULT '';
    ALTER TABLE sessions ADD COLUMN source TEXT NOT NULL DEFAULT 'app';
    ALTER TABLE sessions ADD COLUMN scenario_path TEXT;
    CREATE INDEX sessions_cohort ON sessions(cohort, started);
    CREATE INDEX sessions_trainee ON sessions(trainee, started);
    """,
]
assert len(MIGRATIONS) == SCHEMA_VERSION


class StoreError(Exception):
    """The database cannot be used: the message says why and what to do."""


def default_path() -> Path:
    env = os.environ.get("CUIKUAN_DB")
    if env:
        return Path(env)
    import platformdirs

    return Path(platformdirs.user_data_dir("cuikuan", appauthor=False)) / "cuikuan.db"


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")


@dataclass
class SessionRow:
    id: str
    scenario: str
    trainee: str
    cohort: str
    lang: str
    seed: int
    mode: str
    today: str
    started: str
    ended: str | None
    status: str | None
    score: int | None
    result: dict | None
    turns: int
    source: str
    scenario_path: str | None

    def summary(self) -> dict[str, Any]:
        """The contract of `history --json`."""
        return {"id": self.id, "scenario": self.scenario, "trainee": self.trainee, "cohort": self.cohort,
                "started": self.started, "turns": self.turns, "score": self.score,
                "status": self.status if self.ended else (self.status or "open")}


class Store:
    def __init__(self, path: Path | str | None = None, timeout: float = 30.0):
        self.path = Path(path) if path else default_path()
        try:
            if str(self.path) != ":memory:":
                self.path.parent.mkdir(parents=True, exist_ok=True)
            self.db = sqlite3.connect(str(self.path), timeout=timeout, isolation_level=None)
            self.db.row_factory = sqlite3.Row
            self.db.execute("PRAGMA busy_timeout = %d" % int(timeout * 1000))
            self.db.execute("PRAGMA foreign_keys = ON")
            mode = self.db.execute("PRAGMA journal_mode = WAL").fetchone()[0]
            if mode.lower() not in ("wal", "memory"):
                self.db.execute("PRAGMA journal_mode = DELETE")
            self.migrate()
        except sqlite3.DatabaseError as exc:
            raise StoreError(_explain(self.path, exc)) from None
        except OSError as exc:
            raise StoreError(f"{self.path}: cannot open the session database: {exc.strerror}") from None

    # -- schema --------------------------------------------------------------------------------

    def version(self) -> int:
        return self.db.execute("PRAGMA user_version").fetchone()[0]

    def migrate(self) -> None:
        current = self.version()
        if current > SCHEMA_VERSION:
            raise StoreError(f"{self.path}: the database was written by a newer cuikuan (schema {current}, "
                             f"this one knows {SCHEMA_VERSION}); upgrade cuikuan or use another --db")
        for v in range(current, SCHEMA_VERSION):
            self.db.execute("BEGIN IMMEDIATE")
            try:
                if self.version() == v:  # another process may have migrated meanwhile
                    for statement in _statements(MIGRATIONS[v]):
                        self.db.execute(statement)
                    self.db.execute(f"PRAGMA user_version = {v + 1}")
                self.db.execute("COMMIT")
            except BaseException:
                self.db.execute("ROLLBACK")
                raise

    def close(self) -> None:
        self.db.close()

    # -- writing -------------------------------------------------------------------------------

    def start(self, scenario: str, lang: str, seed: int, today: dt.date, *, trainee: str = "", cohort: str = "",
              mode: str = "practice", source: str = "app", scenario_path: str | None = None) -> str:
        sid = uuid.uuid4().hex[:12]
        self._write("INSERT INTO sessions (id, scenario, trainee, cohort, lang, seed, mode, today, started, source,"
                    " scenario_path) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                    (sid, scenario, trainee, cohort, lang, seed, mode, today.isoformat(), _now(), source, scenario_path))
        return sid

    def add_turn(self, session_id: str, n: int, speaker: str, text: str, labels: Iterable[str],
                 state: str | None = None, meters: dict | None = None) -> None:
        self._write("INSERT OR REPLACE INTO turns (session_id, n, speaker, text, labels, state, meters, saved)"
                    " VALUES (?,?,?,?,?,?,?,?)",
                    (session_id, n, speaker, text, json.dumps(list(labels)), state,
                     json.dumps(meters) if meters is not None else None, _now()))

    def finish(self, session_id: str, result: dict[str, Any]) -> None:
        self._write("UPDATE sessions SET ended = ?, status = ?, score = ?, result = ? WHERE id = ?",
                    (_now(), result.get("outcome", {}).get("status"), result.get("score"),
                     json.dumps(result, ensure_ascii=False, default=str), session_id))

    def save_result(self, result: dict[str, Any], *, trainee: str = "", cohort: str = "", source: str = "run",
                    mode: str = "exam") -> str:
        """Save a finished session or a scored transcript in one go (`run --save`, `score --save`)."""
        today = dt.date.fromisoformat(result.get("today") or dt.date.today().isoformat())
        sid = self.start(result.get("scenario") or "transcript", result.get("language") or "zh",
                         int(result.get("seed") or 0), today, trainee=trainee, cohort=cohort, mode=mode, source=source)
        with self._tx():
            for t in result.get("turns", []):
                self.db.execute("INSERT INTO turns (session_id, n, speaker, text, labels, state, meters, saved)"
                                " VALUES (?,?,?,?,?,?,?,?)",
                                (sid, t["n"], t["speaker"], t["text"], json.dumps(t.get("acts") or t.get("moves") or []),
                                 t.get("state"), json.dumps(t["meters"]) if t.get("meters") else None, _now()))
        self.finish(sid, result)
        return sid

    def _write(self, sql: str, params: tuple) -> None:
        try:
            with self._tx():
                self.db.execute(sql, params)
        except sqlite3.DatabaseError as exc:
            raise StoreError(_explain(self.path, exc)) from None

    class _Tx:
        def __init__(self, db):
            self.db = db

        def __enter__(self):
            self.db.execute("BEGIN IMMEDIATE")

        def __exit__(self, kind, exc, tb):
            self.db.execute("COMMIT" if kind is None else "ROLLBACK")
            return False

    def _tx(self):
        return Store._Tx(self.db)

    # -- reading -------------------------------------------------------------------------------

    def sessions(self, *, trainee: str | None = None, cohort: str | None = None, limit: int | None = None,
                 open_only: bool = False) -> list[SessionRow]:
        where, params = [], []
        if trainee is not None:
            where.append("s.trainee = ?")
            params.append(trainee)
        if cohort is not None:
            where.append("s.cohort = ?")
            params.append(cohort)
        if open_only:
            where.append("s.ended IS NULL")
        sql = ("SELECT s.*, (SELECT COUNT(*) FROM turns t WHERE t.session_id = s.id) AS nturns FROM sessions s"
               + (" WHERE " + " AND ".join(where) if where else "") + " ORDER BY s.started DESC, s.rowid DESC")
        if limit:
            sql += f" LIMIT {int(limit)}"
        try:
            return [_row(r) for r in self.db.execute(sql, params)]
        except sqlite3.DatabaseError as exc:
            raise StoreError(_explain(self.path, exc)) from None

    def get(self, session_id: str) -> SessionRow | None:
        """The session with this id, or the one id that starts with it."""
        prefix = session_id.replace("\\", "").replace("%", "").replace("_", "")
        try:
            found = self.db.execute(
                "SELECT s.*, (SELECT COUNT(*) FROM turns t WHERE t.session_id = s.id) AS nturns FROM sessions s"
                " WHERE s.id LIKE ? LIMIT 2", (prefix + "%",)).fetchall() if prefix else []
        except sqlite3.DatabaseError as exc:
            raise StoreError(_explain(self.path, exc)) from None
        rows = [_row(r) for r in found]
        if len(rows) > 1:
            raise StoreError(f"`{session_id}` matches more than one session; give more of the id")
        return rows[0] if rows else None

    def turns(self, session_id: str) -> list[dict[str, Any]]:
        out = []
        for r in self.db.execute("SELECT * FROM turns WHERE session_id = ? ORDER BY n", (session_id,)):
            out.append({"n": r["n"], "speaker": r["speaker"], "text": r["text"], "labels": json.loads(r["labels"]),
                        "state": r["state"], "meters": json.loads(r["meters"]) if r["meters"] else None})
        return out


def _row(r: sqlite3.Row) -> SessionRow:
    keys = r.keys()
    return SessionRow(r["id"], r["scenario"], r["trainee"], r["cohort"] if "cohort" in keys else "", r["lang"],
                      r["seed"], r["mode"], r["today"], r["started"], r["ended"], r["status"], r["score"],
                      json.loads(r["result"]) if r["result"] else None, r["nturns"],
                      r["source"] if "source" in keys else "app", r["scenario_path"] if "scenario_path" in keys else None)


def _statements(script: str) -> list[str]:
    return [s.strip() for s in script.split(";") if s.strip()]


def _explain(path: Path, exc: Exception) -> str:
    text = str(exc)
    if "not a database" in text or "malformed" in text or "file is encrypted" in text:
        return f"{path}: this file is not a cuikuan session database (or it is damaged): {text}. " \
               f"Move it aside, or use another file with --db or CUIKUAN_DB"
    if "readonly" in text or "read-only" in text:
        return f"{path}: the session database is read-only ({text}); sessions cannot be saved. " \
               f"Make it writable, or use another file with --db or CUIKUAN_DB"
    if "unable to open" in text:
        return f"{path}: cannot open the session database ({text}); check the folder exists and is writable"
    if "locked" in text or "busy" in text:
        return f"{path}: the session database stayed locked too long ({text}); try again"
    return f"{path}: session database error: {text}"


class Recorder:
    """Autosave for a live session: every turn as it is shown. If the database cannot be used,
    the conversation goes on unsaved and ``problem`` says why (shown once by the caller)."""

    def __init__(self, path: Path | str | None = None, *, trainee: str = "", cohort: str = "", mode: str = "practice",
                 source: str = "app", enabled: bool = True):
        self.trainee, self.cohort, self.mode, self.source = trainee, cohort, mode, source
        self.store: Store | None = None
        self.problem: str | None = None
        self.session_id: str | None = None
        self.saved = 0
        if enabled:
            try:
                self.store = Store(path)
            except StoreError as exc:
                self.problem = str(exc)

    def begin(self, session, resume_id: str | None = None) -> None:
        if not self.store:
            return
        try:
            if resume_id:
                self.session_id = resume_id
                self.saved = max((t["n"] for t in self.store.turns(resume_id)), default=0)
            else:
                sc = session.scenario
                self.session_id = self.store.start(sc.id, session.lang, session.seed, session.today,
                                                   trainee=self.trainee, cohort=self.cohort, mode=self.mode,
                                                   source=self.source, scenario_path=str(sc.path.resolve()))
                self.saved = 0
            self.record(session)
        except StoreError as exc:
            self._fail(exc)

    def record(self, session) -> None:
        """Save every turn of the session not saved yet."""
        if not self.store or not self.session_id:
            return
        try:
            for t in session.turns:
                if t.n > self.saved:
                    self.store.add_turn(self.session_id, t.n, t.speaker, t.text, t.labels, t.state, t.meters)
                    self.saved = t.n
        except StoreError as exc:
            self._fail(exc)

    def finish(self, result: dict) -> None:
        if not self.store or not self.session_id:
            return
        try:
            self.store.finish(self.session_id, result)
        except StoreError as exc:
            self._fail(exc)

    def _fail(self, exc: Exception) -> None:
        self.problem = str(exc)
        self.store = None
