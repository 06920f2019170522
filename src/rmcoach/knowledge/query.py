"""From a turn's analysis to a retrieval query for the coach panel.

The query names what just happened in the learner's words ("explaining jargon
plainly: API, tokens"), most pressing first, so the top passages answer the moment
rather than the topic in general. The phrases are tuned on benchmarks/bench_kb.py.
"""

from __future__ import annotations

from rmcoach.analysis.models import TurnAnalysis
from rmcoach.content.models import Persona, Topic

#: What the partner is doing next, as the learner would search for help with it.
INTENT_PHRASES: dict[str, str] = {
    "greet": "opening a session: check in, agree goals and the agenda",
    "ask_meaning": "the executive asked what a term means: explain jargon in plain words",
    "interrupt": "the executive interrupted a long lecture: keep turns short",
    "reveal": (
        "the executive shared a pain point: reflect back what you heard, then ask an open question"
    ),
    "raise_concern": "the executive raised an objection: acknowledge the concern before answering",
    "push_back": "the executive pushed back because the concern was not answered",
    "acknowledge": "an idea landed: check understanding with a teach-back",
    "confused": "the executive is confused: use an analogy and a concrete example from their world",
    "summarize_understanding": "the executive summarised: confirm and correct gently",
    "close": "closing the session: summarise, agree one thing to try, measure progress",
}


def build_query(
    topic: Topic | None,
    persona: Persona | None,
    analysis: TurnAnalysis | None,
    move_intent: str | None,
    concern_label: str | None,
) -> str:
    """A short natural-language query; the most specific signal first."""
    parts: list[str] = []
    if concern_label:
        parts.append(f"concern raised: {concern_label}")
    if analysis is not None:
        parts.extend(_analysis_parts(analysis, persona))
    concern_move = move_intent in ("raise_concern", "push_back")
    if move_intent in INTENT_PHRASES and not (concern_label and concern_move):
        parts.append(INTENT_PHRASES[move_intent])
    if topic is not None:
        parts.append(topic.title)
    if not parts:
        parts.append("how to run a good reverse mentoring session")
    return "; ".join(dict.fromkeys(parts))


def _analysis_parts(analysis: TurnAnalysis, persona: Persona | None) -> list[str]:
    parts: list[str] = []
    mentee = persona is not None and persona.mode == "mentee"
    if analysis.jargon_unexplained:
        terms = ", ".join(analysis.jargon_unexplained[:4])
        parts.append(f"explaining jargon plainly to a non-expert: {terms}")
    if analysis.is_monologue:
        parts.append("long turns lecturing: a monologue loses a senior listener")
    if analysis.check_for_understanding == "closed":
        parts.append("check understanding with teach-back instead of 'does that make sense'")
    elif analysis.act == "information" and analysis.words > 60:
        parts.append("missing check for understanding: ask them to explain it back")
    concrete = analysis.examples or analysis.analogies
    if analysis.act == "information" and not concrete and analysis.words > 40:
        parts.append("add a concrete example or analogy from their world")
    if analysis.closed_questions > analysis.open_questions and analysis.questions:
        parts.append("ask open questions instead of closed yes/no questions")
    if analysis.questions > 1:
        parts.append("one question at a time, not stacked questions")
    if analysis.act != "reflection" and analysis.uptake < 0.1 and not mentee:
        parts.append("reflect back what they said before adding your own point")
    if analysis.concern_addressed is False:
        parts.append("the concern was not answered: acknowledge it directly")
    if mentee:
        parts.extend(_mentee_parts(analysis))
    return parts


def _mentee_parts(analysis: TurnAnalysis) -> list[str]:
    """The executive practising being taught: curiosity, examples, summaries, commitment."""
    parts: list[str] = []
    if analysis.dismissive:
        parts.append("being a good mentee: don't dismiss the junior mentor's view, stay curious")
    if not analysis.asks_example and analysis.act == "question":
        parts.append("being a good mentee: ask for a concrete example")
    if not analysis.summarises_back and analysis.words > 60:
        parts.append("being a good mentee: summarise back what you learned")
    if not analysis.commitment:
        parts.append("being a good mentee: commit to try one thing")
    return parts
