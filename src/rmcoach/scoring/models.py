"""Scorecard data: scores with components, verbatim evidence, advice."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Evidence:
    """A verbatim quote from a turn (1-based index in the transcript) and why it matters."""

    turn: int
    quote: str
    note: str

    def to_dict(self) -> dict[str, Any]:
        return {"turn": self.turn, "quote": self.quote, "note": self.note}


@dataclass(frozen=True)
class Score:
    """One score 0-100 with named components (each 0..1) and evidence."""

    score: int
    components: dict[str, float]
    evidence: tuple[Evidence, ...] = ()
    source: str = "rules"  # "rules" | "rules+judge"

    def to_dict(self) -> dict[str, Any]:
        return {
            "score": self.score,
            "components": {k: round(v, 3) for k, v in self.components.items()},
            "evidence": [e.to_dict() for e in self.evidence],
        }


@dataclass(frozen=True)
class Advice:
    """One thing to do differently, pointing at a turn, with a better phrasing."""

    heading: str
    detail: str
    turn: int | None = None
    better: str | None = None

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"heading": self.heading, "detail": self.detail}
        if self.turn is not None:
            data["turn"] = self.turn
        if self.better:
            data["better"] = self.better
        return data


@dataclass(frozen=True)
class Scorecard:
    """The session's feedback: per-turn codes, scores by name, advice."""

    mode: str
    turns: tuple[dict[str, Any], ...]
    scores: dict[str, Score]
    advice: tuple[Advice, ...]
    goal_met: bool | None = None
    notes: dict[str, Any] = field(default_factory=dict)  # e.g. which parts came from the judge

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "turns": list(self.turns),
            "scores": {name: s.to_dict() for name, s in self.scores.items()},
            "advice": [a.to_dict() for a in self.advice],
        }
        if self.goal_met is not None:
            data["goal_met"] = self.goal_met
        if self.notes:
            data["notes"] = self.notes
        return data
