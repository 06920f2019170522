"""The offline realizer: the persona's own scripted lines, filled through the sandbox.

A move's line set is `slots["flavour"]` when the persona has lines under that key
(short_answer, continue, go_quiet, open_up, hedge, explain, example), else the move's
intent. Among the lines of that set it picks, with a seeded random generator, one whose
rendered text has not been said in this session; only when every alternative has been
used does a line repeat. Close lines are listed coolest first: a warm move takes the
last, a cool one the first.
"""

from __future__ import annotations

import random
from collections.abc import Iterable

from rmcoach.content.models import Persona, Topic
from rmcoach.content.templates import SLOT_NAMES, render
from rmcoach.partner.models import Move, PartnerState


class ScriptedRealizer:
    """Turns a Move into one of the persona's lines; deterministic for a given seed."""

    def __init__(self, persona: Persona, topic: Topic, seed: int = 0) -> None:
        self.persona = persona
        self.topic = topic
        # a string seed is hashed with SHA-512, so the sequence is stable across runs
        self._rng = random.Random(f"{seed}:{persona.id}:{topic.id}")
        self._said: set[str] = set()
        self._greeted = False

    def remember(self, texts: Iterable[str]) -> None:
        """Mark lines as already said (a resumed session must not repeat them)."""
        for text in texts:
            self._said.add(text.strip())
            self._greeted = True

    def line_key(self, move: Move) -> str:
        """Which line set speaks this move (the flavour when the persona has it)."""
        flavour = move.slots.get("flavour", "")
        return flavour if flavour in self.persona.lines else move.intent

    def realize(self, move: Move, state: PartnerState) -> str:
        """The words for `move`; also remembers them, so they are not said again."""
        values: dict[str, str] = {name: "" for name in SLOT_NAMES}
        values.update(move.slots)
        if move.intent == "greet" and not self._greeted:
            text = self._render(self.persona.first_message, values)
        else:
            options = [
                self._render(line, values)
                for line in self.persona.lines.get(self.line_key(move), ())
            ]
            text = self._pick(move, options)
        self._greeted = True
        self._said.add(text)
        return text

    def _pick(self, move: Move, options: list[str]) -> str:
        if move.intent == "close" and move.slots.get("tone") in ("warm", "cool"):
            return options[-1] if move.slots["tone"] == "warm" else options[0]
        fresh = [o for o in dict.fromkeys(options) if o not in self._said]
        return self._rng.choice(fresh or options)

    def _render(self, source: str, values: dict[str, str]) -> str:
        return render(source, values, where=self.persona.source or self.persona.id)
