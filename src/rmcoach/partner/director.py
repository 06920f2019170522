"""The director: decides what the partner does next and why, never the words.

One Director per session. It picks the rulebook for the persona's mode (mentor:
a senior reacting to a learner's teaching, rules_mentor.py; mentee: a junior
teaching an executive, rules_mentee.py), keeps the numbers from the persona's
difficulty level, and returns Moves whose `reason` says in one sentence which rule
fired on which words. Deterministic: the same analyses give the same moves.
"""

from __future__ import annotations

from rmcoach.analysis.models import TurnAnalysis
from rmcoach.content.models import Persona, Topic
from rmcoach.partner.models import Move, PartnerState
from rmcoach.partner.rules_config import mentee_rules, mentor_rules
from rmcoach.partner.rules_mentee import MenteeRulebook
from rmcoach.partner.rules_mentor import MentorRulebook
from rmcoach.partner.wording import base_slots, pronouns


class Director:
    """Per-session decision maker; all session state lives in the PartnerState it is given."""

    def __init__(
        self, persona: Persona, topic: Topic, difficulty: str | None = None, max_turns: int = 14
    ) -> None:
        self.persona = persona
        self.topic = topic
        self.difficulty = difficulty or persona.difficulty
        self.level = persona.level(self.difficulty)
        self.max_turns = max_turns
        self.rulebook: MentorRulebook | MenteeRulebook
        if persona.mode == "mentee":
            self.rulebook = MenteeRulebook(persona, topic, self.level, mentee_rules(), max_turns)
        else:
            self.rulebook = MentorRulebook(persona, topic, self.level, mentor_rules(), max_turns)

    def initial_state(self) -> PartnerState:
        """Understanding 0 for every concept; trust and fresh patience from the persona's level."""
        return PartnerState(
            understanding={c.id: 0.0 for c in self.topic.concepts},
            trust=self.level.trust,
            patience=1.0,
        )

    def opening(self, state: PartnerState) -> Move:
        """The first line: the realizer speaks the persona's first_message."""
        return Move(
            "greet",
            base_slots(self.persona, self.topic),
            f"Opened the session as {self.persona.name} ({self.difficulty} difficulty: "
            f"patience {self.level.patience} words, trust {self.level.trust:.2f}).",
        )

    def next_move(self, state: PartnerState, analysis: TurnAnalysis) -> Move:
        """React to one learner turn; mutates `state` (trust, patience, understanding, ...)."""
        return self.rulebook.decide(state, analysis)

    def closing(self, state: PartnerState) -> Move:
        """End of session: the teach-back (mentor) or the junior's recap (mentee)."""
        return self.rulebook.summary(state, "the session ended")

    def farewell(self, state: PartnerState) -> Move:
        """The last line; the scripted realizer picks a warmer close line at higher trust."""
        state.closed = True
        subject = pronouns(self.persona)[0]
        close = self.rulebook.rules.close
        tone = (
            "warm"
            if state.warm or state.trust >= close["warm_trust"]
            else "cool"
            if state.trust < close["cool_trust"]
            else "neutral"
        )
        return Move(
            "close",
            {**base_slots(self.persona, self.topic), "tone": tone},
            f"Closed the session: trust ended at {state.trust:.2f}, "
            f"so {subject} left on a {tone} note.",
        )
