"""History: migrations from every earlier schema, round trip, export, concurrency basics."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from rmcoach.errors import RmcoachError
from rmcoach.export import export_session
from rmcoach.history import MIGRATIONS, SCHEMA_VERSION, HistoryStore
from rmcoach.transcript import parse_transcript


def schema_at(path: Path, version: int) -> sqlite3.Connection:
    """A database migrated only up to `version`, the way an older rmcoach left it."""
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("BEGIN")
    for number, migration in enumerate(MIGRATIONS[:version], start=1):
        migration(db)
        db.execute(f"PRAGMA user_version = {number}")
    db.execute("COMMIT")
    return db


@pytest.mark.parametrize("start", range(SCHEMA_VERSION))
def test_each_migration_applies_from_the_schema_before_it(tmp_path: Path, start: int) -> None:
    path = tmp_path / "history.db"
    db = schema_at(path, start)
    if start >= 1:
        db.execute(
            "INSERT INTO sessions (started_at, mode, persona, topic) VALUES ('2026-01-01T00:00:00', 'mentor', 'p', 't')"
        )
        db.execute(
            "INSERT INTO turns (session_id, idx, speaker, text, created_at) VALUES (1, 1, 'learner', 'old words', 'x')"
        )
    db.close()
    with HistoryStore(path) as store:
        assert store.schema_version() == SCHEMA_VERSION
        if start >= 1:
            assert [t.text for t in store.turns(1)] == ["old words"]
            store.finish_session(1, {"scores": {"clarity": {"score": 40}}})
            assert store.session(1).scores == {"clarity": 40}


def test_newer_schema_is_refused_clearly(tmp_path: Path) -> None:
    path = tmp_path / "history.db"
    db = sqlite3.connect(path)
    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 5}")
    db.close()
    with pytest.raises(RmcoachError, match="newer rmcoach"):
        HistoryStore(path)


def test_garbage_file_is_refused_clearly(tmp_path: Path) -> None:
    path = tmp_path / "history.db"
    path.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(RmcoachError, match="not a usable rmcoach history database"):
        HistoryStore(path)


def filled_store(path: Path) -> tuple[HistoryStore, int]:
    store = HistoryStore(path)
    sid = store.create_session(
        mode="mentor", persona="cfo-skeptic", topic="generative-ai", goal="one task"
    )
    store.add_turn(
        sid,
        "partner",
        "Twenty minutes. Convince me.",
        move={"intent": "greet", "slots": {}, "reason": "Opening."},
    )
    store.add_turn(
        sid, "learner", "What takes up most of your month?", analysis={"act": "question"}
    )
    store.add_turn(
        sid,
        "partner",
        "The board pack.",
        move={"intent": "reveal", "slots": {}, "reason": "You asked an open question."},
    )
    return store, sid


def test_round_trip_and_wal(tmp_path: Path) -> None:
    store, sid = filled_store(tmp_path / "h.db")
    assert store.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    turns = store.turns(sid)
    assert [(t.idx, t.speaker) for t in turns] == [(1, "partner"), (2, "learner"), (3, "partner")]
    assert turns[1].analysis == {"act": "question"} and turns[2].move["intent"] == "reveal"
    summary = store.session(sid)
    assert summary.status == "active" and summary.turns == 3 and summary.goal == "one task"
    store.finish_session(sid, {"scores": {"clarity": {"score": 71}, "listening": {"score": 64}}})
    assert store.sessions(persona="cfo-skeptic")[0].scores == {"clarity": 71, "listening": 64}
    assert store.sessions(persona="someone-else") == []
    with pytest.raises(RmcoachError, match="no session with id 99"):
        store.session(99)
    store.close()


def test_json_export_is_the_transcript_contract(tmp_path: Path) -> None:
    store, sid = filled_store(tmp_path / "h.db")
    data = json.loads(export_session(store, sid, "json"))
    assert (
        data["mode"] == "mentor"
        and data["persona"] == "cfo-skeptic"
        and data["topic"] == "generative-ai"
    )
    assert [t["speaker"] for t in data["turns"]] == ["partner", "learner", "partner"]
    assert "move" not in data["turns"][1] and data["turns"][2]["move"]["intent"] == "reveal"
    again = parse_transcript(json.dumps(data))
    assert [t.text for t in again.turns] == [t["text"] for t in data["turns"]]


def test_markdown_export_has_transcript_reasons_and_scores(tmp_path: Path) -> None:
    store, sid = filled_store(tmp_path / "h.db")
    store.finish_session(
        sid,
        {
            "scores": {
                "listening": {
                    "score": 64,
                    "components": {"uptake": 0.5},
                    "evidence": [{"turn": 2, "quote": "most of your month", "note": "open"}],
                }
            },
            "advice": [
                {
                    "heading": "Reflect first",
                    "detail": "Say back what you heard.",
                    "turn": 3,
                    "better": "So the board pack eats four days.",
                }
            ],
            "goal_met": False,
        },
    )
    text = export_session(store, sid, "md")
    for expected in (
        "# Rehearsal",
        "**2. You:** What takes up most of your month?",
        "_Why: You asked an open question._",
        "Listening: 64/100",
        "uptake: 50%",
        "\u201cmost of your month\u201d",
        "Reflect first",
        "**Goal met:** not yet",
    ):
        assert expected in text, expected
