"""Nothing lost: a SIGKILL mid-session loses no completed turn; two processes share history."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from rmcoach.config import load_settings
from rmcoach.history import HistoryStore
from rmcoach.session import RehearsalService

TURNS = [
    "Thanks for making the time. What takes up most of your month right now?",
    "So the board pack eats four days, and your best people spend it reformatting.",
    "Think of it like autocomplete on your phone, grown up: it predicts the next words.",
    "How would you explain that to your finance team in your own words?",
]

DRIVER = textwrap.dedent(
    """
    import asyncio, sys, time
    from rmcoach.config import load_settings
    from rmcoach.session import RehearsalService, SessionSpec, ReplyDone, TurnAnalysed

    turns = sys.argv[1].split("||")
    hang_after = int(sys.argv[2])

    async def main():
        service = RehearsalService(load_settings())
        session = service.start(SessionSpec("mentor", "cfo-skeptic", "generative-ai", seed=3))
        session.open()
        print("SESSION", session.id, flush=True)
        for i, text in enumerate(turns, 1):
            async for event in session.take_turn(text):
                if isinstance(event, TurnAnalysed) and i > hang_after:
                    print("LEARNER_SAVED", i, flush=True)
                    time.sleep(600)  # killed here, before the partner answers
                if isinstance(event, ReplyDone):
                    print("TURN_DONE", i, flush=True)
        if hang_after >= len(turns):
            end = await session.finish()
            print("FINISHED", flush=True)

    asyncio.run(main())
    """
)


def start_driver(home: Path, turns: list[str], hang_after: int) -> subprocess.Popen[str]:
    env = {**os.environ, "RMCOACH_HOME": str(home)}
    return subprocess.Popen(
        [sys.executable, "-c", DRIVER, "||".join(turns), str(hang_after)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )


def read_until(proc: subprocess.Popen[str], marker: str, timeout: float = 120) -> list[str]:
    lines: list[str] = []
    deadline = time.monotonic() + timeout
    assert proc.stdout is not None
    while time.monotonic() < deadline:
        line = proc.stdout.readline()
        if not line:
            break
        lines.append(line.strip())
        if line.startswith(marker):
            return lines
    proc.kill()
    raise AssertionError(
        f"never saw {marker!r}; got {lines}; stderr: {proc.stderr.read() if proc.stderr else ''}"
    )


def test_sigkill_mid_session_loses_no_completed_turn(isolated_home: Path) -> None:
    proc = start_driver(isolated_home, TURNS, hang_after=3)
    lines = read_until(proc, "LEARNER_SAVED")
    session_id = int(next(line.split()[1] for line in lines if line.startswith("SESSION")))
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)

    with HistoryStore(load_settings().paths.history_db) as store:
        turns = store.turns(session_id)
        assert store.session(session_id).status == "active"
    # greeting + 3 complete exchanges + the 4th learner turn, committed before the kill
    assert [t.speaker for t in turns] == ["partner"] + ["learner", "partner"] * 3 + ["learner"]
    assert [t.text for t in turns if t.speaker == "learner"] == TURNS
    assert all(t.analysis for t in turns if t.speaker == "learner")

    service = RehearsalService(load_settings())
    card = service.close_interrupted(session_id)
    assert set(card.scores) == {"clarity", "listening"}
    assert service.store.session(session_id).status == "completed"
    service.close()


async def test_interrupted_session_can_be_resumed(isolated_home: Path) -> None:
    proc = start_driver(isolated_home, TURNS[:2], hang_after=1)
    lines = read_until(proc, "LEARNER_SAVED")
    session_id = int(next(line.split()[1] for line in lines if line.startswith("SESSION")))
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)

    service = RehearsalService(load_settings())
    session = service.resume(session_id)
    assert session.state.turn >= 1
    events = [event async for event in session.take_turn(TURNS[2])]
    assert events[-1].text
    end = await session.finish()
    assert end.scorecard.scores["clarity"].score >= 0
    stored = service.store.turns(session_id)
    assert [t.text for t in stored if t.speaker == "learner"] == [*TURNS[:2], TURNS[2]]
    service.close()


def test_two_processes_write_the_same_history(isolated_home: Path) -> None:
    many = TURNS * 4
    procs = [start_driver(isolated_home, many, hang_after=len(many)) for _ in range(2)]
    for proc in procs:
        out, err = proc.communicate(timeout=300)
        assert proc.returncode == 0, err
        assert "FINISHED" in out
    db_path = load_settings().paths.history_db
    with HistoryStore(db_path) as store:
        sessions = store.sessions()
        assert len(sessions) == 2 and all(s.status == "completed" for s in sessions)
        for summary in sessions:
            turns = store.turns(summary.id)
            assert [t.idx for t in turns] == list(range(1, len(turns) + 1))
            assert sum(t.speaker == "learner" for t in turns) == len(many)
    check = sqlite3.connect(db_path).execute("PRAGMA integrity_check").fetchone()[0]
    assert check == "ok"


@pytest.mark.parametrize("size", [1_000_000])
async def test_a_huge_paste_is_kept_whole_and_answered(isolated_home: Path, size: int) -> None:
    from rmcoach.session import ReplyDone, SessionSpec

    service = RehearsalService(load_settings())
    session = service.start(SessionSpec("mentor", "cfo-skeptic", "generative-ai"))
    session.open()
    text = ("word " * (size // 5)).strip()
    events = [event async for event in session.take_turn(text)]
    assert isinstance(events[-1], ReplyDone)
    stored = service.store.turns(session.id)
    assert stored[1].text == text
    service.close()
