"""A transcript with every learner turn analysed in context: the input of every score."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rmcoach.analysis import TurnAnalysis, TurnContext, analyze_turn
from rmcoach.analysis.text import clip_quote
from rmcoach.content.models import Concern, Persona, Topic
from rmcoach.errors import RmcoachError
from rmcoach.transcript import Transcript


@dataclass(frozen=True)
class CodedTurn:
    """One learner turn: its 1-based index in the transcript, analysis and context."""

    index: int
    analysis: TurnAnalysis
    previous_partner: str
    open_concern: Concern | None

    @property
    def text(self) -> str:
        return self.analysis.text

    def quote(self, kinds: tuple[str, ...] = (), contains: str | None = None) -> str:
        """A verbatim sentence of the turn: the first of the given kinds (or containing a
        word), else the first sentence."""
        codes = self.analysis.sentence_codes
        for start, end, kind in codes:
            piece = self.text[start:end]
            if (not kinds or kind in kinds) and (
                contains is None or contains.lower() in piece.lower()
            ):
                return clip_quote(self.text, start, end)
        if codes:
            start, end, _ = codes[0]
            return clip_quote(self.text, start, end)
        return clip_quote(self.text, 0, len(self.text))


@dataclass(frozen=True)
class CodedSession:
    """Every learner turn coded, plus the word counts the talk-share needs."""

    mode: str
    turns: tuple[CodedTurn, ...]
    learner_words: int
    partner_words: int
    topic: Topic | None
    persona: Persona | None

    @property
    def talk_share(self) -> float:
        total = self.learner_words + self.partner_words
        return self.learner_words / total if total else 0.0


def code_session(
    transcript: Transcript,
    topic: Topic | None,
    persona: Persona | None,
    analyses: Sequence[TurnAnalysis] | None = None,
) -> CodedSession:
    """Analyse each learner turn with the partner's last line and earlier turns as context.

    `analyses`, one per learner turn in order, are reused when given (a live session
    already analysed each turn for the director: the feedback then explains exactly what
    the partner reacted to, and is not computed twice).
    """
    if not transcript.learner_turns:
        raise RmcoachError("no learner turns to score: the transcript has only partner turns")
    reuse = list(analyses) if analyses is not None else []
    if len(reuse) != len(transcript.learner_turns):
        reuse = []
    coded: list[CodedTurn] = []
    earlier_learner: list[str] = []
    earlier_partner: list[str] = []
    previous = ""
    concern: Concern | None = None
    partner_words = 0
    for index, turn in enumerate(transcript.turns, 1):
        if turn.speaker == "partner":
            previous = turn.text
            partner_words += len(turn.text.split())
            concern = _raised_concern(turn.text, turn.move, persona)
            earlier_partner.append(turn.text)
            continue
        context = TurnContext(
            previous_partner=previous,
            topic=topic,
            persona=persona,
            mode=transcript.mode,
            open_concern=concern,
            earlier_learner=tuple(earlier_learner),
            earlier_partner=tuple(earlier_partner[:-1]),
        )
        analysis = reuse[len(coded)] if reuse else analyze_turn(turn.text, context)
        coded.append(CodedTurn(index, analysis, previous, concern))
        earlier_learner.append(turn.text)
        previous, concern = "", None
    return CodedSession(
        mode=transcript.mode,
        turns=tuple(coded),
        learner_words=sum(t.analysis.words for t in coded),
        partner_words=partner_words,
        topic=topic,
        persona=persona,
    )


def _raised_concern(
    text: str, move: dict[str, object] | None, persona: Persona | None
) -> Concern | None:
    """The persona concern a partner line raises: from the director's move, else by its words."""
    if persona is None:
        return None
    if move and move.get("intent") in ("raise_concern", "push_back"):
        wanted = move.get("concern")
        for concern in persona.concerns:
            if concern.id == wanted:
                return concern
    lowered = " ".join(text.lower().split())
    for concern in persona.concerns:
        for line in (*concern.says, *concern.push_back):
            if " ".join(line.lower().split()) in lowered:
                return concern
    return None
