"""The rehearsal pipeline, UI-agnostic: one service for the TUI, the CLI and the tests.

A learner turn goes: analysis -> guidance -> director -> realizer -> history. The
learner's turn (with its analysis) is committed before the partner's reply is
produced, and the partner's reply is committed before it is reported as done, so a
crash never loses a completed turn.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import subprocess
import sys
import threading
import time
from collections.abc import AsyncIterator, Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from rmcoach.analysis.models import TurnAnalysis, TurnContext
from rmcoach.config import Settings
from rmcoach.content.library import ContentLibrary, load_library
from rmcoach.content.models import Concern, Persona, Topic
from rmcoach.errors import RmcoachError
from rmcoach.history import HistoryStore, SessionSummary
from rmcoach.knowledge.models import Passage
from rmcoach.partner.models import Move, PartnerState
from rmcoach.paths import resolve_paths
from rmcoach.scoring.models import Scorecard
from rmcoach.transcript import Transcript, Turn

#: Learner turns longer than this are cut for analysis (the full text is still saved).
ANALYSIS_CHAR_LIMIT = 20_000


@dataclass(frozen=True)
class SessionSpec:
    """What the learner chose on the start screen (or on the command line)."""

    mode: str
    persona_id: str
    topic_id: str
    difficulty: str | None = None
    goal: str | None = None
    seed: int = 0


@dataclass(frozen=True)
class PartnerReply:
    text: str
    move: Move
    source: str = "scripted"
    notice: str | None = None


@dataclass(frozen=True)
class Meters:
    """Running figures for the coach panel, recomputed after every learner turn."""

    scores: dict[str, int]
    talk_share: float
    elapsed_s: float


@dataclass(frozen=True)
class TurnAnalysed:
    analysis: TurnAnalysis
    meters: Meters


@dataclass(frozen=True)
class GuidanceFound:
    passages: list[Passage]
    unavailable: str | None = None


@dataclass(frozen=True)
class MoveChosen:
    move: Move
    state: PartnerState


@dataclass(frozen=True)
class ReplyFragment:
    """A streamed piece of the reply; `restart` means a new attempt: clear what was shown."""

    text: str
    restart: bool = False


@dataclass(frozen=True)
class ReplyDone:
    text: str
    source: str
    notice: str | None = None


SessionEvent = TurnAnalysed | GuidanceFound | MoveChosen | ReplyFragment | ReplyDone


@dataclass(frozen=True)
class SessionEnd:
    teach_back: PartnerReply
    scorecard: Scorecard
    goal_met: bool | None
    farewell: PartnerReply | None = None


@dataclass(frozen=True)
class SessionRecord:
    """A stored session, read-only."""

    summary: SessionSummary
    transcript: Transcript
    scorecard: dict[str, Any] | None
    moves: list[dict[str, Any] | None] = field(default_factory=list)


class Session:
    """One rehearsal in progress."""

    def __init__(
        self,
        service: RehearsalService,
        spec: SessionSpec,
        persona: Persona,
        topic: Topic,
        session_id: int,
        clock: Callable[[], float] = time.monotonic,
    ):
        from rmcoach.partner.director import Director
        from rmcoach.partner.scripted import ScriptedRealizer

        self.service = service
        self.spec = spec
        self.persona = persona
        self.topic = topic
        self.mode = spec.mode
        self.id = session_id
        self.director = Director(persona, topic, spec.difficulty)
        self.state: PartnerState = self.director.initial_state()
        self.realizer = ScriptedRealizer(persona, topic, seed=spec.seed)
        self.transcript: list[Turn] = []
        self.analyses: list[TurnAnalysis] = []
        self.guidance: list[Passage] = []
        self._clock = clock
        self._started = clock()
        self._cancel = False
        self.finished = False

    # the conversation -------------------------------------------------------------------

    def open(self) -> PartnerReply:
        """The partner's first line (the persona's first message), saved to history."""
        move = self.director.opening(self.state)
        text = self.realizer.realize(move, self.state)
        return self._save_partner(text, move, "scripted", None)

    def cancel_reply(self) -> None:
        """Stop the reply in progress; what was streamed so far is kept."""
        self._cancel = True

    @property
    def elapsed_s(self) -> float:
        return self._clock() - self._started

    async def take_turn(self, text: str) -> AsyncIterator[SessionEvent]:
        """Run one learner turn through the pipeline, yielding events as they happen."""
        text = text.strip()
        if not text:
            raise RmcoachError("an empty turn has nothing to analyse; type something first")
        if self.finished:
            raise RmcoachError("this session has ended; start a new one")
        self._cancel = False
        context = self._context()
        analysis = await asyncio.to_thread(_analyze, text[:ANALYSIS_CHAR_LIMIT], context)
        self.transcript.append(Turn("learner", text))
        self.analyses.append(analysis)
        self.service.store.add_turn(self.id, "learner", text, analysis=_analysis_dict(analysis))
        yield TurnAnalysed(analysis, self.meters())

        move = self.director.next_move(self.state, analysis)
        yield GuidanceFound(*await self._retrieve(analysis, move))
        yield MoveChosen(move, self.state)

        scripted_line = self.realizer.realize(move, self.state)
        async for event in self._speak(move, scripted_line):
            yield event

    async def finish(self) -> SessionEnd:
        """Close the session: the partner's teach-back and goodbye, then the scorecard (saved)."""
        if self.finished:
            raise RmcoachError("this session has already ended")
        last = self.transcript[-1] if self.transcript else None
        if (
            last
            and last.speaker == "partner"
            and last.move
            and last.move.get("intent") == "summarize_understanding"
        ):
            # the learner just asked for the teach-back: it is the closing one, not said twice
            teach_back = PartnerReply(last.text, Move(**last.move), "scripted")
        else:
            teach_back = await self._say(self.director.closing(self.state))
        farewell = (
            None if self.state.closed else await self._say(self.director.farewell(self.state))
        )
        scorecard = self.service.score(
            self.as_transcript(), self.topic, self.persona, self.spec.goal, analyses=self.analyses
        )
        self.service.store.finish_session(self.id, scorecard.to_dict())
        self.finished = True
        return SessionEnd(teach_back, scorecard, scorecard.goal_met, farewell)

    async def _say(self, move: Move) -> PartnerReply:
        """Speak one move outside a learner turn (teach-back, goodbye) and save it."""
        done: ReplyDone | None = None
        async for event in self._speak(move, self.realizer.realize(move, self.state)):
            if isinstance(event, ReplyDone):
                done = event
        assert done is not None
        return PartnerReply(done.text, move, done.source, done.notice)

    def as_transcript(self) -> Transcript:
        return Transcript(
            turns=list(self.transcript),
            mode=self.mode,
            persona=self.persona.id,
            topic=self.topic.id,
        )

    def meters(self) -> Meters:
        """Running scores over the conversation so far, for the coach panel."""
        learner_words = sum(len(t.text.split()) for t in self.transcript if t.speaker == "learner")
        all_words = sum(len(t.text.split()) for t in self.transcript) or 1
        scores: dict[str, int] = {}
        if any(t.speaker == "learner" for t in self.transcript):
            card = self.service.score(
                self.as_transcript(),
                self.topic,
                self.persona,
                None,
                judge=False,
                analyses=self.analyses,
            )
            scores = {name: s.score for name, s in card.scores.items()}
        return Meters(scores=scores, talk_share=learner_words / all_words, elapsed_s=self.elapsed_s)

    # internals --------------------------------------------------------------------------

    def _context(self) -> TurnContext:
        previous = next((t.text for t in reversed(self.transcript) if t.speaker == "partner"), "")
        concern = _concern(self.persona, self.state.open_concern)
        return TurnContext(
            previous_partner=previous,
            topic=self.topic,
            persona=self.persona,
            mode=self.mode,
            open_concern=concern,
            earlier_learner=tuple(t.text for t in self.transcript if t.speaker == "learner"),
            earlier_partner=tuple(t.text for t in self.transcript if t.speaker == "partner"),
        )

    async def _retrieve(
        self, analysis: TurnAnalysis, move: Move
    ) -> tuple[list[Passage], str | None]:
        concern = _concern(self.persona, self.state.open_concern)
        try:
            passages = await asyncio.to_thread(
                self.service.search_guidance,
                self.topic,
                self.persona,
                analysis,
                move.intent,
                concern.label if concern else None,
                self.mode,
            )
        except RmcoachError as exc:
            return [], f"Guidance is unavailable right now ({exc})."
        self.guidance = passages
        return passages, None

    async def _speak(self, move: Move, scripted_line: str) -> AsyncIterator[SessionEvent]:
        settings = self.service.settings
        if not settings.llm_enabled:
            yield ReplyFragment(scripted_line)
            self._save_partner(scripted_line, move, "scripted", None)
            yield ReplyDone(scripted_line, "scripted")
            return
        from rmcoach.partner.llm import Final, Fragment, stream_partner_reply

        streamed: list[str] = []
        final: Final | None = None
        try:
            async for event in stream_partner_reply(
                settings,
                self.persona,
                self.topic,
                move,
                self.state,
                list(self.transcript),
                self.guidance,
                scripted_line,
                self.mode,
            ):
                if isinstance(event, Fragment):
                    if event.restart:
                        streamed.clear()
                    streamed.append(event.text)
                    yield ReplyFragment(event.text, event.restart)
                    if self._cancel:
                        break
                else:
                    final = event
        finally:
            if final is None:
                partial = "".join(streamed).strip() or scripted_line
                self._save_partner(
                    partial, move, "cancelled", "Reply stopped; what was said so far is kept."
                )
        if final is None:
            partial = "".join(streamed).strip() or scripted_line
            yield ReplyDone(partial, "cancelled", "Reply stopped; what was said so far is kept.")
            return
        self._save_partner(final.text, move, final.source, final.notice)
        yield ReplyDone(final.text, final.source, final.notice)

    def _save_partner(self, text: str, move: Move, source: str, notice: str | None) -> PartnerReply:
        self.transcript.append(Turn("partner", text, move.to_dict()))
        self.service.store.add_turn(
            self.id, "partner", text, move=move.to_dict(), source=source, state=self.state.to_dict()
        )
        return PartnerReply(text, move, source, notice)


class RehearsalService:
    """The one object the TUI and the CLI talk to: content, sessions, history, guidance."""

    def __init__(self, settings: Settings, library: ContentLibrary | None = None):
        self.settings = settings
        self._library = library
        self._store: HistoryStore | None = None
        self._kb: Any = None
        self._kb_lock = threading.Lock()

    @property
    def library(self) -> ContentLibrary:
        if self._library is None:
            self._library = load_library(self.settings.paths.content_dir)
        return self._library

    @property
    def store(self) -> HistoryStore:
        if self._store is None:
            self._store = HistoryStore(self.settings.paths.history_db)
        return self._store

    def close(self) -> None:
        if self._store is not None:
            self._store.close()
            self._store = None

    # catalogue --------------------------------------------------------------------------

    def personas(self, mode: str) -> list[Persona]:
        return sorted(
            (p for p in self.library.personas.values() if p.mode == mode), key=lambda p: p.name
        )

    def topics(self) -> list[Topic]:
        return sorted(self.library.topics.values(), key=lambda t: (t.kind, t.title))

    def last_scores(self, persona_id: str, topic_id: str, mode: str) -> dict[str, int] | None:
        for summary in self.store.sessions(
            persona=persona_id, topic=topic_id, mode=mode, status="completed"
        ):
            if summary.scores:
                return summary.scores
        return None

    # sessions ---------------------------------------------------------------------------

    def start(self, spec: SessionSpec, clock: Callable[[], float] = time.monotonic) -> Session:
        persona = self.library.persona(spec.persona_id, spec.mode)
        topic = self.library.topic(spec.topic_id)
        if spec.difficulty and spec.difficulty not in persona.difficulties:
            raise RmcoachError(f"difficulty must be one of {', '.join(persona.difficulties)}")
        session_id = self.store.create_session(
            mode=spec.mode,
            persona=persona.id,
            topic=topic.id,
            difficulty=spec.difficulty or persona.difficulty,
            goal=spec.goal,
            seed=spec.seed,
            backend="llm" if self.settings.llm_enabled else "scripted",
        )
        return Session(self, spec, persona, topic, session_id, clock)

    def resume(self, session_id: int) -> Session:
        """Continue an interrupted session from its stored turns and partner state."""
        summary = self.store.session(session_id)
        if summary.status != "active":
            raise RmcoachError(
                f"session {session_id} is {summary.status}; only an active session can be resumed"
            )
        spec = SessionSpec(
            summary.mode, summary.persona, summary.topic, summary.difficulty, summary.goal
        )
        session = Session(
            self,
            spec,
            self.library.persona(summary.persona),
            self.library.topic(summary.topic),
            session_id,
        )
        for stored in self.store.turns(session_id):
            session.transcript.append(Turn(stored.speaker, stored.text, stored.move))
        state = self.store.state(session_id)
        if state:
            _restore_state(session.state, state)
        session.realizer.remember([t.text for t in session.transcript if t.speaker == "partner"])
        return session

    def close_interrupted(self, session_id: int) -> Scorecard:
        """Score an interrupted session as it stands and mark it completed."""
        record = self.load(session_id)
        if not any(t.speaker == "learner" for t in record.transcript.turns):
            self.store.abandon_session(session_id)
            raise RmcoachError(
                f"session {session_id} has no learner turns to score; marked abandoned"
            )
        topic = self.library.topics.get(record.summary.topic)
        persona = self.library.personas.get(record.summary.persona)
        card = self.score(record.transcript, topic, persona, record.summary.goal)
        self.store.finish_session(session_id, card.to_dict())
        return card

    def score(
        self,
        transcript: Transcript,
        topic: Topic | None,
        persona: Persona | None,
        goal: str | None,
        judge: bool = True,
        analyses: list[TurnAnalysis] | None = None,
    ) -> Scorecard:
        from rmcoach.scoring import scorecard

        settings = self.settings if judge else None
        return scorecard(
            transcript, topic, persona, settings=settings, goal=goal, analyses=analyses
        )

    # history ----------------------------------------------------------------------------

    def history(
        self, persona: str | None = None, topic: str | None = None, mode: str | None = None
    ) -> list[SessionSummary]:
        return self.store.sessions(persona=persona, topic=topic, mode=mode)

    def load(self, session_id: int) -> SessionRecord:
        from rmcoach.export import stored_transcript

        summary = self.store.session(session_id)
        transcript = stored_transcript(self.store, session_id)
        return SessionRecord(
            summary=summary,
            transcript=transcript,
            scorecard=self.store.scorecard(session_id),
            moves=[t.move for t in transcript.turns],
        )

    def export(self, session_id: int, fmt: str) -> str:
        from rmcoach.export import export_session

        return export_session(self.store, session_id, fmt)

    def export_path(self, session_id: int, fmt: str) -> Path:
        """Write the export into the user data dir and return its path."""
        folder = self.settings.paths.data_dir / "exports"
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"rehearsal-{session_id}.{fmt}"
        path.write_text(self.export(session_id, fmt), encoding="utf-8")
        return path

    # guidance ---------------------------------------------------------------------------

    def _knowledge(self) -> Any:
        with self._kb_lock:
            if self._kb is None:
                from rmcoach.knowledge import KnowledgeBase

                self._kb = KnowledgeBase(self.settings)
            return self._kb

    def prepare_knowledge(self) -> str:
        """Build or update the guidance index (slow only the first time); call from a thread.

        The build runs in a child process when it can: Chroma's bindings hold the GIL
        while they write, which would freeze a UI running in this process. The index is
        then opened here, which is cheap once it is current.
        """
        if self.settings.paths == resolve_paths():
            # any failure here shows up in the in-process build below, with its message
            with contextlib.suppress(OSError, subprocess.SubprocessError):
                subprocess.run(
                    [sys.executable, "-m", "rmcoach", "kb", "index"],
                    capture_output=True,
                    timeout=900,
                    check=False,
                    env={**os.environ, "RMCOACH_EMBEDDING": self.settings.embedding},
                )
        try:
            report = self._knowledge().ensure_index()
        except RmcoachError as exc:
            return f"Guidance unavailable: {exc}"
        return str(report)

    def search_guidance(
        self,
        topic: Topic | None,
        persona: Persona | None,
        analysis: TurnAnalysis | None,
        intent: str | None,
        concern_label: str | None,
        mode: str,
        k: int = 3,
    ) -> list[Passage]:
        from rmcoach.knowledge import build_query

        kb = self._knowledge()
        query = build_query(topic, persona, analysis, intent, concern_label)
        return list(kb.search(query, topic=topic.id if topic else None, mode=mode, k=k))


def _analyze(text: str, context: TurnContext) -> TurnAnalysis:
    from rmcoach.analysis import analyze_turn

    return analyze_turn(text, context)


def _analysis_dict(analysis: TurnAnalysis) -> dict[str, Any]:
    data = asdict(analysis)
    data.pop("text", None)
    return data


def _concern(persona: Persona, concern_id: str | None) -> Concern | None:
    return next((c for c in persona.concerns if c.id == concern_id), None) if concern_id else None


def _restore_state(state: PartnerState, saved: dict[str, Any]) -> None:
    for name, value in saved.items():
        current = getattr(state, name, None)
        if isinstance(current, dict) and isinstance(value, dict):
            current.update(value)  # keeps the topic's concept order
        elif hasattr(state, name):
            setattr(state, name, value)
