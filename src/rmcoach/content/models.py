"""Typed content: what a persona and a topic are, once validated."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

#: What the partner can do next (see partner.director). Scripted lines are keyed by these.
INTENTS: tuple[str, ...] = (
    "greet",
    "ask_meaning",
    "interrupt",
    "reveal",
    "raise_concern",
    "push_back",
    "acknowledge",
    "confused",
    "summarize_understanding",
    "close",
)
#: Extra scripted-line keys a persona may define: short answers to closed questions,
#: neutral continuations, and the mentee-mode junior's reactions.
EXTRA_LINE_KEYS: tuple[str, ...] = (
    "short_answer",
    "continue",
    "go_quiet",
    "open_up",
    "hedge",
    "explain",
    "example",
)
MODES: tuple[str, ...] = ("mentor", "mentee")
LEVELS: tuple[str, ...] = ("easy", "medium", "hard")
KNOWLEDGE_LEVELS: tuple[str, ...] = ("none", "low", "medium", "high")


@dataclass(frozen=True)
class Difficulty:
    """Numbers that make a persona easier or harder to talk to."""

    patience: int  # words the partner tolerates in one learner turn
    jargon_tolerance: int  # unexplained terms let pass in one turn
    concern_intensity: float  # 0..1, how hard concerns are pressed
    trust: float  # 0..1, starting trust


@dataclass(frozen=True)
class Concern:
    """Something the partner worries about, raised when the learner says a trigger."""

    id: str
    label: str
    triggers: tuple[str, ...]
    says: tuple[str, ...]  # what the partner says when raising it
    addressed_by: tuple[str, ...]  # words that show the learner answered it
    push_back: tuple[str, ...] = ()  # what the partner says when it is ignored


@dataclass(frozen=True)
class PainPoint:
    """Something the partner struggles with, revealed only to a good question."""

    id: str
    label: str
    says: str  # the full reveal, for an open question
    short: str  # the terse version, for a closed question
    keywords: tuple[str, ...] = ()


@dataclass(frozen=True)
class Persona:
    """A simulated counterpart: a senior (mentor mode) or a junior (mentee mode)."""

    id: str
    mode: str
    name: str
    role: str
    organisation: str
    age_band: str
    attitude: str
    summary: str
    personality: str
    speaking_style: str
    knowledge: dict[str, str]
    difficulty: str
    difficulties: dict[str, Difficulty]
    first_message: str
    concerns: tuple[Concern, ...]
    pain_points: tuple[PainPoint, ...]
    lines: dict[str, tuple[str, ...]]
    example_dialogue: str = ""
    pronouns: str = "they/them"
    tags: tuple[str, ...] = ()
    creator_notes: str = ""  # never sent to a model, never shown in a session
    debrief_notes: str = ""  # trainer notes for the debrief; never sent to a model
    rubric: dict[str, object] = field(default_factory=dict)  # score weights and targets
    source: Path | None = None

    def level(self, difficulty: str | None = None) -> Difficulty:
        """The numbers for a difficulty level (the persona's default when None)."""
        return self.difficulties[difficulty or self.difficulty]


@dataclass(frozen=True)
class Concept:
    """One idea a topic teaches, with the words around it."""

    id: str
    name: str
    plain: str  # a plain explanation a senior non-expert would follow
    jargon: tuple[str, ...]
    keywords: tuple[str, ...]  # plain words that show the concept is being explained
    analogies: tuple[str, ...]
    misconceptions: tuple[str, ...]


@dataclass(frozen=True)
class Topic:
    """A subject a learner teaches: digital tool or culture."""

    id: str
    title: str
    kind: str  # "digital" | "culture"
    summary: str
    concepts: tuple[Concept, ...]
    goals: tuple[str, ...]
    jargon: dict[str, str]  # term -> plain meaning, beyond the concepts' own
    rubric: dict[str, object] = field(default_factory=dict)
    source: Path | None = None

    def all_jargon(self) -> dict[str, str]:
        """Every term of the topic with a plain meaning (concept jargon included)."""
        terms = dict(self.jargon)
        for concept in self.concepts:
            for term in concept.jargon:
                terms.setdefault(term, concept.plain)
        return terms

    def concept(self, concept_id: str) -> Concept:
        for concept in self.concepts:
            if concept.id == concept_id:
                return concept
        raise KeyError(concept_id)
