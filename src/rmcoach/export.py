"""Export a stored session as Markdown (for people) or JSON (the transcript contract)."""

from __future__ import annotations

import json
from typing import Any

from rmcoach.history import HistoryStore
from rmcoach.transcript import Transcript, Turn

FORMATS = ("md", "json")


def stored_transcript(store: HistoryStore, session_id: int) -> Transcript:
    """The session's transcript, partner turns carrying their director move."""
    summary = store.session(session_id)
    turns = [
        Turn(t.speaker, t.text, t.move if t.speaker == "partner" else None)
        for t in store.turns(session_id)
    ]
    return Transcript(turns=turns, mode=summary.mode, persona=summary.persona, topic=summary.topic)


def export_session(store: HistoryStore, session_id: int, fmt: str) -> str:
    """Render one session; `json` is exactly the transcript file `rmcoach score` reads."""
    transcript = stored_transcript(store, session_id)
    if fmt == "json":
        return json.dumps(transcript.to_dict(), ensure_ascii=False, indent=2) + "\n"
    return to_markdown(store, session_id, transcript)


def to_markdown(store: HistoryStore, session_id: int, transcript: Transcript) -> str:
    summary = store.session(session_id)
    scorecard = store.scorecard(session_id)
    seat = (
        "teaching a senior (mentor mode)"
        if summary.mode == "mentor"
        else "being mentored (mentee mode)"
    )
    lines = [
        f"# Rehearsal {summary.id}: {summary.persona} on {summary.topic}",
        "",
        f"- Started: {summary.started_at}",
        f"- Seat: {seat}",
        f"- Difficulty: {summary.difficulty or 'default'}",
        f"- Status: {summary.status}",
    ]
    if summary.goal:
        lines.append(f"- Goal: {summary.goal}")
    lines += ["", "## Transcript", ""]
    for index, turn in enumerate(transcript.turns, 1):
        who = "You" if turn.speaker == "learner" else "Partner"
        body = turn.text.replace("\n", "\n> ")
        lines.append(f"**{index}. {who}:** {body}")
        if turn.move and turn.move.get("reason"):
            lines.append(f"  \n  _Why: {turn.move['reason']}_")
        lines.append("")
    if scorecard:
        lines += _scorecard_markdown(scorecard)
    return "\n".join(lines).rstrip() + "\n"


def _scorecard_markdown(scorecard: dict[str, Any]) -> list[str]:
    lines = ["## Scorecard", ""]
    for name, body in scorecard.get("scores", {}).items():
        lines.append(f"### {name.replace('_', ' ').capitalize()}: {body['score']}/100")
        lines.append("")
        for component, value in body.get("components", {}).items():
            lines.append(f"- {component.replace('_', ' ')}: {round(100 * value)}%")
        for ev in body.get("evidence", []):
            lines.append(f"- Turn {ev['turn']}: \u201c{ev['quote']}\u201d: {ev['note']}")
        lines.append("")
    if "goal_met" in scorecard:
        lines += [f"**Goal met:** {'yes' if scorecard['goal_met'] else 'not yet'}", ""]
    advice = scorecard.get("advice", [])
    if advice:
        lines += ["## Advice", ""]
        for item in advice:
            where = f" (turn {item['turn']})" if item.get("turn") else ""
            lines.append(f"- **{item['heading']}**{where}: {item['detail']}")
            if item.get("better"):
                lines.append(f"  Try: \u201c{item['better']}\u201d")
        lines.append("")
    return lines
