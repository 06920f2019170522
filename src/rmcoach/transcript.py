"""Transcripts: the JSON contract of DESIGN.md, plus plain text and JSON Lines input."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rmcoach.errors import ContentError, Problem

SPEAKERS = ("learner", "partner")
MODES = ("mentor", "mentee")
_PREFIXES = {"learner:": "learner", "partner:": "partner"}


@dataclass(frozen=True)
class Turn:
    """One utterance. `move` is the director's move for partner turns (rehearse output)."""

    speaker: str
    text: str
    move: dict[str, Any] | None = None


@dataclass
class Transcript:
    """A conversation between the learner and the partner."""

    turns: list[Turn]
    mode: str = "mentor"
    persona: str | None = None
    topic: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def learner_turns(self) -> list[tuple[int, Turn]]:
        """(1-based index, turn) of each learner turn."""
        return [(i, t) for i, t in enumerate(self.turns, 1) if t.speaker == "learner"]

    def to_dict(self) -> dict[str, Any]:
        turns = []
        for t in self.turns:
            item: dict[str, Any] = {"speaker": t.speaker, "text": t.text}
            if t.move is not None:
                item["move"] = t.move
            turns.append(item)
        data: dict[str, Any] = {"mode": self.mode}
        if self.persona:
            data["persona"] = self.persona
        if self.topic:
            data["topic"] = self.topic
        data["turns"] = turns
        return data


def read_transcript(path: Path) -> Transcript:
    """Read any accepted format; raises ContentError naming the file and line."""
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise ContentError(
            [Problem(path, line, "not UTF-8 text; save the transcript as UTF-8")]
        ) from None
    return parse_transcript(text, path)


def parse_transcript(text: str, where: Path | str = "<transcript>") -> Transcript:
    stripped = text.strip()
    if not stripped:
        raise ContentError([Problem(where, 1, "the transcript is empty")])
    if stripped.startswith("{") and "\n{" not in stripped:
        return _from_json(stripped, where)
    if stripped.startswith("{"):
        return _from_jsonl(text, where)
    return _from_text(text, where)


def _from_json(text: str, where: Path | str) -> Transcript:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ContentError([Problem(where, exc.lineno, f"invalid JSON: {exc.msg}")]) from None
    if not isinstance(data, dict):
        raise ContentError([Problem(where, 1, "a JSON transcript must be an object with 'turns'")])
    if "turns" not in data and "speaker" in data:
        return _from_jsonl(text, where)
    turns_raw = data.get("turns")
    if not isinstance(turns_raw, list):
        raise ContentError([Problem(where, 1, "'turns' must be a list of {speaker, text} objects")])
    problems: list[Problem] = []
    turns = [
        t
        for i, item in enumerate(turns_raw)
        if (t := _turn(item, where, None, f"turns[{i}]", problems))
    ]
    mode = data.get("mode") or "mentor"
    if mode not in MODES:
        problems.append(Problem(where, None, f"'mode' must be mentor or mentee, got {mode!r}"))
    for name in ("persona", "topic"):
        if data.get(name) is not None and not isinstance(data.get(name), str):
            problems.append(Problem(where, None, f"'{name}' must be text"))
    if problems:
        raise ContentError(problems)
    return _finish(
        Transcript(turns=turns, mode=mode, persona=data.get("persona"), topic=data.get("topic")),
        where,
    )


def _from_jsonl(text: str, where: Path | str) -> Transcript:
    problems: list[Problem] = []
    turns: list[Turn] = []
    for lineno, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
        except json.JSONDecodeError as exc:
            problems.append(Problem(where, lineno, f"invalid JSON: {exc.msg}"))
            continue
        turn = _turn(item, where, lineno, "turn", problems)
        if turn:
            turns.append(turn)
    if problems:
        raise ContentError(problems)
    return _finish(Transcript(turns=turns), where)


def _turn(
    item: Any, where: Path | str, line: int | None, label: str, problems: list[Problem]
) -> Turn | None:
    if not isinstance(item, dict):
        problems.append(
            Problem(where, line, f"{label} must be an object with 'speaker' and 'text'")
        )
        return None
    speaker, text = item.get("speaker"), item.get("text")
    if speaker not in SPEAKERS:
        problems.append(
            Problem(where, line, f"{label}.speaker must be 'learner' or 'partner', got {speaker!r}")
        )
        return None
    if not isinstance(text, str):
        problems.append(Problem(where, line, f"{label}.text must be text"))
        return None
    move = item.get("move") if isinstance(item.get("move"), dict) else None
    return Turn(speaker=speaker, text=_clean(text), move=move)


def _from_text(text: str, where: Path | str) -> Transcript:
    turns: list[Turn] = []
    problems: list[Problem] = []
    for lineno, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        head, _, rest = line.partition(":")
        speaker = _PREFIXES.get(head.strip().lower() + ":")
        if speaker:
            turns.append(Turn(speaker=speaker, text=_clean(rest)))
        elif turns:
            last = turns[-1]
            turns[-1] = Turn(last.speaker, f"{last.text}\n{_clean(line)}")
        else:
            problems.append(
                Problem(where, lineno, "expected a line starting with 'Learner:' or 'Partner:'")
            )
    if problems:
        raise ContentError(problems[:1])
    return _finish(Transcript(turns=turns), where)


def _clean(text: str) -> str:
    """Drop control characters (keeping newlines and tabs) that would garble a terminal."""
    return "".join(ch for ch in text if ch in "\n\t" or (ch >= " " and ch != "\x7f")).strip()


def _finish(transcript: Transcript, where: Path | str) -> Transcript:
    transcript.turns = [t for t in transcript.turns if t.text]
    if not transcript.turns:
        raise ContentError([Problem(where, 1, "the transcript has no turns with text")])
    return transcript
