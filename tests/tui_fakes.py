"""A small stand-in for RehearsalService with the same API, for TUI tests.

It uses the real content library and the real session dataclasses; only the
pipeline is replaced by fixed, deterministic behaviour, so TUI tests and
snapshots do not change when the director or the scorer are tuned.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rmcoach.analysis.models import TurnAnalysis
from rmcoach.config import Settings, load_settings
from rmcoach.content.library import ContentLibrary, load_library
from rmcoach.content.models import Persona, Topic
from rmcoach.history import SessionSummary
from rmcoach.knowledge.models import Passage
from rmcoach.partner.models import Move, PartnerState
from rmcoach.scoring.models import Advice, Evidence, Score, Scorecard
from rmcoach.session import (
    GuidanceFound,
    Meters,
    MoveChosen,
    PartnerReply,
    ReplyDone,
    ReplyFragment,
    SessionEnd,
    SessionEvent,
    SessionRecord,
    SessionSpec,
    TurnAnalysed,
)
from rmcoach.transcript import Transcript, Turn

REPLY = "Stop there. Where does **the forecast** go if an analyst pastes it in?"


@dataclass
class FakeSession:
    service: FakeService
    spec: SessionSpec
    persona: Persona
    topic: Topic
    id: int
    clock: Callable[[], float]
    fragment_delay: float = 0.0
    transcript: list[Turn] = field(default_factory=list)
    finished: bool = False
    _cancel: bool = False

    def __post_init__(self) -> None:
        self.mode = self.spec.mode
        self.state = PartnerState(
            understanding={c.id: 0.0 for c in self.topic.concepts}, trust=0.4, patience=1.0
        )
        self._started = self.clock()

    @property
    def elapsed_s(self) -> float:
        return self.clock() - self._started

    def open(self) -> PartnerReply:
        move = Move("greet", reason="Opens with the persona's first message.")
        self.transcript.append(Turn("partner", self.persona.first_message.strip(), move.to_dict()))
        return PartnerReply(self.persona.first_message.strip(), move)

    def cancel_reply(self) -> None:
        self._cancel = True

    async def take_turn(self, text: str) -> AsyncIterator[SessionEvent]:
        self._cancel = False
        self.transcript.append(Turn("learner", text))
        learner = sum(1 for t in self.transcript if t.speaker == "learner")
        words = len(text.split())
        analysis = TurnAnalysis(text, "information", None, words, 1, words, float(words), 60.0)
        scores = {"clarity": min(100, 40 + 10 * learner), "listening": min(100, 30 + 15 * learner)}
        yield TurnAnalysed(analysis, Meters(scores, 0.5, self.elapsed_s))
        yield GuidanceFound(
            [
                Passage(
                    "g#1",
                    "Answer the concern first",
                    "Name the worry and answer it before moving on.",
                    "g.md",
                    "learner",
                )
            ]
        )
        first = self.topic.concepts[0].id
        self.state.understanding[first] = min(1.0, self.state.understanding[first] + 0.3)
        self.state.trust = min(1.0, self.state.trust + 0.1)
        self.state.patience = max(0.0, self.state.patience - 0.1)
        move = Move(
            "raise_concern",
            {"concern": "data-leak"},
            reason="You said 'paste': she worries about the forecast leaking.",
        )
        yield MoveChosen(move, self.state)
        streamed: list[str] = []
        try:
            for word in REPLY.split(" "):
                if self._cancel:
                    break
                streamed.append(word)
                yield ReplyFragment(word + " ")
                await asyncio.sleep(self.fragment_delay)
        finally:  # like the real session: a stopped reply keeps what was said
            said = " ".join(streamed)
            self.transcript.append(Turn("partner", said, move.to_dict()))
        yield ReplyDone(said, "scripted" if said == REPLY else "cancelled")

    async def finish(self) -> SessionEnd:
        move = Move("summarize_understanding", reason="Closing: says back what landed.")
        teach_back = (
            "So: **it predicts words**, it does not look things up. "
            "I would still check every figure."
        )
        self.transcript.append(Turn("partner", teach_back, move.to_dict()))
        card = self.service.card(self.transcript)
        self.finished = True
        self.service.saved.append((self, card))
        return SessionEnd(PartnerReply(teach_back, move), card, True)


class FakeService:
    """Same methods as RehearsalService; history kept in memory."""

    def __init__(self, settings: Settings | None = None, *, fragment_delay: float = 0.0) -> None:
        self.settings = settings or load_settings()
        library = load_library(None)
        # The reference content only (plus any mentee personas), so snapshots do not
        # change whenever a trainer adds a persona or topic.
        library.personas = {
            k: p for k, p in library.personas.items() if k == "cfo-skeptic" or p.mode == "mentee"
        }
        library.topics = {k: t for k, t in library.topics.items() if k == "generative-ai"}
        self.library: ContentLibrary = library
        self.saved: list[tuple[FakeSession, Scorecard]] = []
        self.fragment_delay = fragment_delay
        self.prepared = 0

    def personas(self, mode: str) -> list[Persona]:
        return sorted(
            (p for p in self.library.personas.values() if p.mode == mode), key=lambda p: p.name
        )

    def topics(self) -> list[Topic]:
        return sorted(self.library.topics.values(), key=lambda t: t.title)

    def last_scores(self, persona_id: str, topic_id: str, mode: str) -> dict[str, int] | None:
        for summary in self.history(persona_id, topic_id, mode):
            return summary.scores
        return None

    def prepare_knowledge(self) -> str:
        self.prepared += 1
        return "guidance index ready"

    def start(self, spec: SessionSpec, clock: Callable[[], float] = lambda: 0.0) -> FakeSession:
        persona = self.library.persona(spec.persona_id, spec.mode)
        topic = self.library.topic(spec.topic_id)
        return FakeSession(
            self, spec, persona, topic, len(self.saved) + 1, clock, self.fragment_delay
        )

    def card(self, turns: list[Turn]) -> Scorecard:
        learner = [i for i, t in enumerate(turns, 1) if t.speaker == "learner"]
        first = learner[0]
        quote = " ".join(turns[first - 1].text.split()[:3])
        return Scorecard(
            mode="mentor",
            turns=(),
            scores={
                "clarity": Score(
                    40 + 10 * len(learner),
                    {"plain_words": 0.8, "examples": 0.5},
                    (Evidence(first, quote, "Plain start."),),
                ),
                "listening": Score(
                    30 + 15 * len(learner), {"reflections": 0.25, "open_questions": 0.5}, ()
                ),
            },
            advice=(
                Advice(
                    "Answer her concern first",
                    "She asked where the data goes.",
                    first,
                    "Good question: it stays inside our approved tool.",
                ),
            ),
        )

    def history(
        self, persona: str | None = None, topic: str | None = None, mode: str | None = None
    ) -> list[SessionSummary]:
        rows = []
        for session, card in reversed(self.saved):
            spec = session.spec
            if (
                (persona and spec.persona_id != persona)
                or (topic and spec.topic_id != topic)
                or (mode and spec.mode != mode)
            ):
                continue
            rows.append(
                SessionSummary(
                    session.id,
                    f"2025-01-0{session.id}T09:00:00+00:00",
                    None,
                    spec.mode,
                    spec.persona_id,
                    spec.topic_id,
                    spec.difficulty,
                    spec.goal,
                    "completed",
                    len(session.transcript),
                    {n: s.score for n, s in card.scores.items()},
                )
            )
        return rows

    def load(self, session_id: int) -> SessionRecord:
        session, card = self.saved[session_id - 1]
        summary = next(s for s in self.history() if s.id == session_id)
        turns = list(session.transcript)
        return SessionRecord(
            summary,
            Transcript(turns, session.mode, session.persona.id, session.topic.id),
            card.to_dict(),
            [t.move for t in turns],
        )

    def export_path(self, session_id: int, fmt: str) -> Path:
        path = self.settings.paths.data_dir / "exports" / f"rehearsal-{session_id}.{fmt}"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"# Rehearsal {session_id}\n", encoding="utf-8")
        return path

    def close(self) -> None:
        pass


def as_any(service: FakeService) -> Any:
    """The app is typed against RehearsalService; the fake matches it structurally."""
    return service
