"""What the mentor and mentee rulebooks share: the persona's numbers and the rule loop.

A rulebook first moves the state for the turn (`_update`), then tries its rules in
priority order; the first that returns a Move decides, otherwise `_fallback` does.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Generic, TypeVar

from rmcoach.analysis.models import TurnAnalysis
from rmcoach.content.models import Difficulty, Persona, Topic
from rmcoach.partner.models import Move, PartnerState
from rmcoach.partner.wording import base_slots, pronouns

RulesT = TypeVar("RulesT")
TurnT = TypeVar("TurnT")


def clamp(value: float, lo: float = 0.0, hi: float = 1.0) -> float:
    """Bound to [lo, hi] and round, so 0.35 + 0.10 meets a 0.45 threshold."""
    return round(max(lo, min(hi, value)), 6)


class Rulebook(Generic[RulesT, TurnT]):
    """Persona numbers, slots every move carries, and the first-rule-wins loop."""

    def __init__(
        self, persona: Persona, topic: Topic, level: Difficulty, rules: RulesT, max_turns: int
    ) -> None:
        self.persona = persona
        self.topic = topic
        self.level = level
        self.rules = rules
        self.max_turns = max_turns
        self.subj, self.obj, self.poss = pronouns(persona)
        self.slots = base_slots(persona, topic)
        self._order: tuple[Callable[[PartnerState, TurnT], Move | None], ...] = ()

    def decide(self, state: PartnerState, a: TurnAnalysis) -> Move:
        """React to one learner turn; mutates `state`."""
        turn = self._update(state, a)
        for rule in self._order:
            move = rule(state, turn)
            if move is not None:
                state.neutral_streak = 0
                return move
        state.neutral_streak += 1
        return self._fallback(state, turn)

    def summary(self, state: PartnerState, why: str) -> Move:
        """The end-of-session move (teach-back or recap)."""
        raise NotImplementedError

    def _update(self, state: PartnerState, a: TurnAnalysis) -> TurnT:
        raise NotImplementedError

    def _fallback(self, state: PartnerState, turn: TurnT) -> Move:
        raise NotImplementedError

    def _move(self, intent: str, reason: str, **slots: str) -> Move:
        return Move(intent, {**self.slots, **slots}, reason)
