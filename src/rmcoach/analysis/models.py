"""What one learner turn did: the shared result used by the director, scorecard and TUI."""

from __future__ import annotations

from dataclasses import dataclass, field

from rmcoach.content.models import Concern, Persona, Topic

ACTS: tuple[str, ...] = ("question", "reflection", "information", "other")
SUBTYPES: dict[str, tuple[str, ...]] = {
    "question": ("open", "closed"),
    "reflection": ("simple", "complex"),
}


@dataclass(frozen=True)
class TurnContext:
    """What the analysis may look at besides the turn itself."""

    previous_partner: str = ""  # the partner's last line (reflections restate it)
    topic: Topic | None = None
    persona: Persona | None = None
    mode: str = "mentor"
    open_concern: Concern | None = None  # a concern the partner raised and is waiting on
    earlier_learner: tuple[str, ...] = ()  # the learner's earlier turns (jargon explained before)
    earlier_partner: tuple[
        str, ...
    ] = ()  # the partner's earlier turns (links to earlier = complex)


@dataclass(frozen=True)
class TurnAnalysis:
    """Every feature of one learner turn. Pure data; produced by analysis.analyze_turn."""

    text: str
    act: str  # question | reflection | information | other
    subtype: str | None  # open | closed | simple | complex | None
    words: int
    sentences: int
    longest_sentence: int  # words
    avg_sentence_words: float
    readability: float  # Flesch reading ease, 0-100 (higher is easier)
    # clarity
    jargon_used: tuple[str, ...] = ()
    jargon_explained: tuple[str, ...] = ()
    jargon_unexplained: tuple[str, ...] = ()
    concepts_mentioned: tuple[str, ...] = ()  # concept ids touched
    concepts_explained: tuple[str, ...] = ()  # concept ids explained plainly with example/analogy
    examples: int = 0
    analogies: int = 0
    signposts: int = 0
    check_for_understanding: str = "none"  # none | closed ("does that make sense?") | teach_back
    # listening
    questions: int = 0  # question sentences in the turn (stacked when > 1)
    open_questions: int = 0
    closed_questions: int = 0
    uptake: float = 0.0  # 0..1: share of the partner's content words picked up
    uptake_words: tuple[str, ...] = ()
    concern_addressed: bool | None = None  # None when no concern was open
    asks_about_partner: bool = False  # question about the partner's work, needs, week
    # mentee-mode signs (the learner is the executive)
    asks_example: bool = False
    summarises_back: bool = False
    dismissive: tuple[str, ...] = ()  # dismissive phrases used ("kids these days")
    admits_not_knowing: bool = False
    invites_challenge: bool = False
    thanks: bool = False
    commitment: bool = False  # agrees to try something concrete
    # added by the analysis (issue 4/7); everything above is the shared contract
    acknowledges: bool = False  # acknowledges a new view ("I hadn't thought of that")
    concrete_commitment: bool = False  # the commitment names when or what ("this week")
    #: (start, end, kind) of each sentence in `text`; kind is how it was coded
    #: (question, reflection, information, other, token, check, advice)
    sentence_codes: tuple[tuple[int, int, str], ...] = ()
    # free-form notes for explanations in the UI ("'?' at the end but restates her words")
    notes: tuple[str, ...] = field(default_factory=tuple)

    @property
    def is_monologue(self) -> bool:
        """A long information turn: the pattern that loses a senior listener."""
        return self.act == "information" and self.words > 120
