"""The director's vocabulary: a Move (what to do and why) and the partner's state."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from rmcoach.content.models import INTENTS


@dataclass(frozen=True)
class Move:
    """What the partner does next, the values its line needs, and why (one sentence)."""

    intent: str
    slots: dict[str, str] = field(default_factory=dict)
    reason: str = ""

    def __post_init__(self) -> None:
        if self.intent not in INTENTS:
            raise ValueError(f"unknown intent {self.intent!r}")

    def to_dict(self) -> dict[str, Any]:
        return {"intent": self.intent, "slots": dict(self.slots), "reason": self.reason}


@dataclass
class PartnerState:
    """Everything the partner 'feels' about the conversation so far. Mutated by the director."""

    understanding: dict[str, float]  # concept id -> 0..1
    trust: float  # 0..1
    patience: float  # 0..1 (1 = fresh; each long turn wears it down)
    concerns_raised: list[str] = field(default_factory=list)
    concerns_addressed: list[str] = field(default_factory=list)
    open_concern: str | None = None  # raised and not yet answered
    ignored_count: dict[str, int] = field(default_factory=dict)
    pain_points_revealed: list[str] = field(default_factory=list)
    turn: int = 0  # learner turns so far
    jargon_asked: list[str] = field(default_factory=list)
    closed: bool = False
    # added for the director's rules (see partner/rules_mentor.py, rules_mentee.py)
    pain_points_hinted: list[str] = field(default_factory=list)  # short answers given
    closed_streak: int = 0  # closed questions in a row (an interrogation wears patience)
    neutral_streak: int = 0  # learner turns in a row that moved nothing
    questions_asked: int = 0  # learner turns that asked something (mentee: question share)
    concepts_shared: list[str] = field(default_factory=list)  # mentee: concepts the junior covered
    last_term: str | None = None  # mentee: the jargon term the junior used last
    terms_explained: list[str] = field(default_factory=list)  # mentee: terms explained on request
    quiet: bool = False  # mentee: the junior has gone quiet and volunteers nothing
    warm: bool = False  # mentee: thanked and committed; the junior closes warmly

    def to_dict(self) -> dict[str, Any]:
        return {
            "understanding": {k: round(v, 3) for k, v in self.understanding.items()},
            "trust": round(self.trust, 3),
            "patience": round(self.patience, 3),
            "concerns_raised": list(self.concerns_raised),
            "concerns_addressed": list(self.concerns_addressed),
            "open_concern": self.open_concern,
            "pain_points_revealed": list(self.pain_points_revealed),
            "turn": self.turn,
            "closed": self.closed,
            "jargon_asked": list(self.jargon_asked),
            "ignored_count": dict(self.ignored_count),
            "pain_points_hinted": list(self.pain_points_hinted),
            "closed_streak": self.closed_streak,
            "neutral_streak": self.neutral_streak,
            "questions_asked": self.questions_asked,
            "concepts_shared": list(self.concepts_shared),
            "last_term": self.last_term,
            "terms_explained": list(self.terms_explained),
            "quiet": self.quiet,
            "warm": self.warm,
        }
