"""SQLite store of sessions, turns, analyses and scorecards. All SQL lives here.

One connection per store, WAL journal, foreign keys on, a busy timeout so two
rehearsals in two processes can share one file. The schema version is
`PRAGMA user_version`; migrations are ordered functions applied at open.
Each turn is committed in its own transaction before the partner's reply is shown.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from rmcoach.errors import RmcoachError


def _migrate_1_sessions_and_turns(db: sqlite3.Connection) -> None:
    _run_script(
        db,
        """
        CREATE TABLE sessions (
            id INTEGER PRIMARY KEY,
            started_at TEXT NOT NULL,
            ended_at TEXT,
            mode TEXT NOT NULL CHECK (mode IN ('mentor', 'mentee')),
            persona TEXT NOT NULL,
            topic TEXT NOT NULL,
            difficulty TEXT,
            goal TEXT,
            seed INTEGER NOT NULL DEFAULT 0,
            backend TEXT NOT NULL DEFAULT 'scripted',
            status TEXT NOT NULL DEFAULT 'active'
                CHECK (status IN ('active', 'completed', 'abandoned')),
            state_json TEXT
        );
        CREATE TABLE turns (
            id INTEGER PRIMARY KEY,
            session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
            idx INTEGER NOT NULL,
            speaker TEXT NOT NULL CHECK (speaker IN ('learner', 'partner')),
            text TEXT NOT NULL,
            move_json TEXT,
            analysis_json TEXT,
            created_at TEXT NOT NULL,
            UNIQUE (session_id, idx)
        );
        """,
    )


def _migrate_2_scorecards(db: sqlite3.Connection) -> None:
    _run_script(
        db,
        """
        CREATE TABLE scorecards (
            session_id INTEGER PRIMARY KEY REFERENCES sessions(id) ON DELETE CASCADE,
            created_at TEXT NOT NULL,
            scores_json TEXT NOT NULL,
            scorecard_json TEXT NOT NULL
        );
        CREATE INDEX sessions_by_scenario ON sessions (persona, topic, mode, started_at);
        """,
    )


def _run_script(db: sqlite3.Connection, script: str) -> None:
    """Run statements one by one: executescript() would commit the migration's transaction."""
    for statement in script.split(";"):
        if statement.strip():
            db.execute(statement)


def _migrate_3_turn_source(db: sqlite3.Connection) -> None:
    db.execute("ALTER TABLE turns ADD COLUMN source TEXT")


#: Ordered migrations; index + 1 is the schema version each one produces.
MIGRATIONS: tuple[Callable[[sqlite3.Connection], None], ...] = (
    _migrate_1_sessions_and_turns,
    _migrate_2_scorecards,
    _migrate_3_turn_source,
)
SCHEMA_VERSION = len(MIGRATIONS)


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


@dataclass(frozen=True)
class SessionSummary:
    """One row of `rmcoach history`."""

    id: int
    started_at: str
    ended_at: str | None
    mode: str
    persona: str
    topic: str
    difficulty: str | None
    goal: str | None
    status: str
    turns: int
    scores: dict[str, int] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "started_at": self.started_at,
            "ended_at": self.ended_at,
            "mode": self.mode,
            "persona": self.persona,
            "topic": self.topic,
            "difficulty": self.difficulty,
            "goal": self.goal,
            "status": self.status,
            "turns": self.turns,
            "scores": self.scores,
        }


@dataclass(frozen=True)
class StoredTurn:
    idx: int
    speaker: str
    text: str
    move: dict[str, Any] | None
    analysis: dict[str, Any] | None
    source: str | None


class HistoryStore:
    """The repository for everything rmcoach remembers."""

    def __init__(self, path: Path):
        self.path = path
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            # one connection, usable from the UI thread and worker threads alike: every
            # use goes through self._lock (sqlite itself is built serialized)
            self.db = sqlite3.connect(
                path, timeout=10.0, isolation_level=None, check_same_thread=False
            )
        except (OSError, sqlite3.Error) as exc:
            raise RmcoachError(f"{path}: cannot open the history database: {exc}") from None
        self.db.row_factory = sqlite3.Row
        self._lock = threading.RLock()
        try:
            self.db.execute("PRAGMA foreign_keys = ON")
            self.db.execute("PRAGMA busy_timeout = 10000")
            self.db.execute("PRAGMA journal_mode = WAL")
            self.db.execute("PRAGMA synchronous = NORMAL")
            self._migrate()
        except sqlite3.DatabaseError as exc:
            self.db.close()
            raise RmcoachError(f"{path}: not a usable rmcoach history database: {exc}") from None

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> HistoryStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """One immediate transaction: the writer lock is taken up front, so no deadlocks."""
        with self._lock:
            self.db.execute("BEGIN IMMEDIATE")
            try:
                yield self.db
            except BaseException:
                self.db.execute("ROLLBACK")
                raise
            self.db.execute("COMMIT")

    def _query(self, sql: str, params: tuple[Any, ...] | list[Any] = ()) -> list[sqlite3.Row]:
        with self._lock:
            return self.db.execute(sql, params).fetchall()

    def schema_version(self) -> int:
        return int(self._query("PRAGMA user_version")[0][0])

    def _migrate(self) -> None:
        with self._write() as db:
            version = int(db.execute("PRAGMA user_version").fetchone()[0])
            if version > SCHEMA_VERSION:
                raise RmcoachError(
                    f"{self.path}: history was written by a newer rmcoach "
                    f"(schema {version}, this one knows {SCHEMA_VERSION}); upgrade rmcoach"
                )
            for number, migration in enumerate(MIGRATIONS[version:], start=version + 1):
                migration(db)
                db.execute(f"PRAGMA user_version = {number}")

    # sessions -------------------------------------------------------------------------

    def create_session(
        self,
        *,
        mode: str,
        persona: str,
        topic: str,
        difficulty: str | None = None,
        goal: str | None = None,
        seed: int = 0,
        backend: str = "scripted",
    ) -> int:
        with self._write() as db:
            cursor = db.execute(
                "INSERT INTO sessions (started_at, mode, persona, topic, difficulty, goal, seed, backend)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (now(), mode, persona, topic, difficulty, goal, seed, backend),
            )
            return int(cursor.lastrowid or 0)

    def add_turn(
        self,
        session_id: int,
        speaker: str,
        text: str,
        *,
        move: dict[str, Any] | None = None,
        analysis: dict[str, Any] | None = None,
        source: str | None = None,
        state: dict[str, Any] | None = None,
    ) -> int:
        """Append a turn (and the partner state after it) in one committed transaction."""
        with self._write() as db:
            row = db.execute(
                "SELECT COALESCE(MAX(idx), 0) + 1 FROM turns WHERE session_id = ?", (session_id,)
            ).fetchone()
            idx = int(row[0])
            db.execute(
                "INSERT INTO turns (session_id, idx, speaker, text, move_json, analysis_json, source, created_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (session_id, idx, speaker, text, _dump(move), _dump(analysis), source, now()),
            )
            if state is not None:
                db.execute(
                    "UPDATE sessions SET state_json = ? WHERE id = ?", (_dump(state), session_id)
                )
            return idx

    def finish_session(
        self, session_id: int, scorecard: dict[str, Any], status: str = "completed"
    ) -> None:
        scores = {name: body["score"] for name, body in scorecard.get("scores", {}).items()}
        with self._write() as db:
            db.execute(
                "INSERT OR REPLACE INTO scorecards (session_id, created_at, scores_json, scorecard_json)"
                " VALUES (?, ?, ?, ?)",
                (session_id, now(), _dump(scores), _dump(scorecard)),
            )
            db.execute(
                "UPDATE sessions SET status = ?, ended_at = ? WHERE id = ?",
                (status, now(), session_id),
            )

    def abandon_session(self, session_id: int) -> None:
        with self._write() as db:
            db.execute(
                "UPDATE sessions SET status = 'abandoned', ended_at = ? WHERE id = ? AND status = 'active'",
                (now(), session_id),
            )

    # reading --------------------------------------------------------------------------

    def sessions(
        self,
        *,
        persona: str | None = None,
        topic: str | None = None,
        mode: str | None = None,
        status: str | None = None,
        limit: int | None = None,
    ) -> list[SessionSummary]:
        """Sessions, newest first, optionally filtered."""
        where, params = [], []
        for column, value in (
            ("s.persona", persona),
            ("s.topic", topic),
            ("s.mode", mode),
            ("s.status", status),
        ):
            if value:
                where.append(f"{column} = ?")
                params.append(value)
        sql = (
            "SELECT s.*, (SELECT COUNT(*) FROM turns t WHERE t.session_id = s.id) AS n_turns,"
            " c.scores_json FROM sessions s LEFT JOIN scorecards c ON c.session_id = s.id"
        )
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY s.started_at DESC, s.id DESC"
        if limit:
            sql += f" LIMIT {int(limit)}"
        return [self._summary(row) for row in self._query(sql, params)]

    def session(self, session_id: int) -> SessionSummary:
        rows = [s for s in self.sessions() if s.id == session_id] if session_id > 0 else []
        if not rows:
            raise RmcoachError(f"no session with id {session_id} (see `rmcoach history`)")
        return rows[0]

    def turns(self, session_id: int) -> list[StoredTurn]:
        rows = self._query(
            "SELECT idx, speaker, text, move_json, analysis_json, source FROM turns"
            " WHERE session_id = ? ORDER BY idx",
            (session_id,),
        )
        return [
            StoredTurn(
                idx=row["idx"],
                speaker=row["speaker"],
                text=row["text"],
                move=_load(row["move_json"]),
                analysis=_load(row["analysis_json"]),
                source=row["source"],
            )
            for row in rows
        ]

    def scorecard(self, session_id: int) -> dict[str, Any] | None:
        rows = self._query(
            "SELECT scorecard_json FROM scorecards WHERE session_id = ?", (session_id,)
        )
        return _load(rows[0][0]) if rows else None

    def state(self, session_id: int) -> dict[str, Any] | None:
        rows = self._query("SELECT state_json FROM sessions WHERE id = ?", (session_id,))
        return _load(rows[0][0]) if rows else None

    def _summary(self, row: sqlite3.Row) -> SessionSummary:
        return SessionSummary(
            id=row["id"],
            started_at=row["started_at"],
            ended_at=row["ended_at"],
            mode=row["mode"],
            persona=row["persona"],
            topic=row["topic"],
            difficulty=row["difficulty"],
            goal=row["goal"],
            status=row["status"],
            turns=row["n_turns"],
            scores=_load(row["scores_json"]) or {},
        )


def _dump(value: Any) -> str | None:
    return None if value is None else json.dumps(value, ensure_ascii=False, sort_keys=True)


def _load(text: str | None) -> Any:
    return None if text is None else json.loads(text)
