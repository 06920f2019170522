"""scorecard(): per-turn codes, scores by name with evidence, advice, optional judge."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from rmcoach.analysis.lexicon import load_lexicon
from rmcoach.analysis.models import TurnAnalysis
from rmcoach.analysis.text import content_stems
from rmcoach.config import Settings
from rmcoach.content.models import Persona, Topic
from rmcoach.scoring.advice import advise
from rmcoach.scoring.coded import CodedSession, code_session
from rmcoach.scoring.mentee import mentee_scores
from rmcoach.scoring.mentor import clarity, listening
from rmcoach.scoring.models import Evidence, Score, Scorecard
from rmcoach.scoring.rubric import Rubric, effective_rubric
from rmcoach.transcript import Transcript

_MAX_EVIDENCE = 5
_WORD = re.compile(r"\S+")


def scorecard(
    transcript: Transcript,
    topic: Topic | None,
    persona: Persona | None,
    settings: Settings | None = None,
    goal: str | None = None,
    analyses: Sequence[TurnAnalysis] | None = None,
) -> Scorecard:
    """Score a session. Raises RmcoachError when there is no learner turn to score.

    `analyses` (one per learner turn) are the live session's own, reused as they are.
    """
    session = code_session(transcript, topic, persona, analyses)
    rubric = effective_rubric(transcript.mode, persona, topic)
    if transcript.mode == "mentee":
        parts = mentee_scores(session, rubric)
    else:
        parts = {"clarity": clarity(session, rubric), "listening": listening(session, rubric)}
    scores = {name: _score(name, comps, ev, rubric) for name, (comps, ev) in parts.items()}
    notes: dict[str, Any] = {}
    if settings is not None and settings.judge and settings.llm_enabled:
        scores, notes["judge"] = _with_judge(transcript, scores, rubric, settings, persona, topic)
    goal = goal or (
        transcript.extra.get("goal") if isinstance(transcript.extra.get("goal"), str) else None
    )
    return Scorecard(
        mode=transcript.mode,
        turns=tuple(_turn_rows(transcript, session)),
        scores=scores,
        advice=advise(session, rubric, {n: s.components for n, s in scores.items()}),
        goal_met=goal_met(goal, transcript) if goal else None,
        notes=notes,
    )


def _score(
    name: str, components: dict[str, float], evidence: list[Evidence], rubric: Rubric
) -> Score:
    weights = rubric.weights.get(name, {})
    used = {c: v for c, v in components.items() if weights.get(c, 0) > 0}
    total = sum(weights[c] for c in used)
    value = sum(weights[c] * v for c, v in used.items()) / total if total else 0.0
    unique = list({(e.turn, e.quote): e for e in evidence}.values())[:_MAX_EVIDENCE]
    return Score(score=round(100 * value), components=components, evidence=tuple(unique))


def _turn_rows(transcript: Transcript, session: CodedSession) -> list[dict[str, Any]]:
    coded = {t.index: t.analysis for t in session.turns}
    rows = []
    for index, turn in enumerate(transcript.turns, 1):
        a = coded.get(index)
        rows.append(
            {
                "index": index,
                "speaker": turn.speaker,
                "text": turn.text,
                "act": a.act if a else None,
                "subtype": a.subtype if a else None,
                "jargon_unexplained": list(a.jargon_unexplained) if a else [],
                "words": a.words if a else len(_WORD.findall(turn.text)),
            }
        )
    return rows


def goal_met(goal: str, transcript: Transcript) -> bool:
    """Keyword heuristic: at least half of the goal's content words appear in the session.

    Crude on purpose and documented as such: it says whether the conversation touched
    what the goal names (e.g. "try", "approved tool", "this week"), not whether the
    partner was persuaded.
    """
    stop = load_lexicon().stopwords
    wanted = content_stems(goal, stop)
    if not wanted:
        return False
    said = content_stems(" ".join(t.text for t in transcript.turns), stop)
    return len(wanted & said) * 2 >= len(wanted)


def _with_judge(
    transcript: Transcript,
    scores: dict[str, Score],
    rubric: Rubric,
    settings: Settings,
    persona: Persona | None,
    topic: Topic | None,
) -> tuple[dict[str, Score], dict[str, Any]]:
    from rmcoach.scoring.judge import run_judge

    components = {name: sorted(s.components) for name, s in scores.items()}
    result, reason = run_judge(
        transcript,
        components,
        settings,
        partner=f"{persona.name}, {persona.role}" if persona else "the partner",
        topic=topic.title if topic else "the topic",
    )
    if result is None:
        return scores, {"used": False, "reason": f"{reason}; scores are from the rules only"}
    weight = rubric.targets.get("judge_weight", 0.3)
    combined: dict[str, Score] = {}
    for name, rules in scores.items():
        if name not in result.scores:
            combined[name] = rules
            continue
        judged = result.scores[name]
        evidence = (*rules.evidence, *result.evidence.get(name, ()))[: _MAX_EVIDENCE + 2]
        combined[name] = Score(
            score=round((1 - weight) * rules.score + weight * judged),
            components={**rules.components, "judge": judged / 100},
            evidence=evidence,
            source="rules+judge",
        )
    note = {
        "used": True,
        "model": result.model,
        "weight": weight,
        "scores": dict(result.scores),
        "rules_scores": {n: s.score for n, s in scores.items()},
        "combined": sorted(result.scores),
        "dropped_quotes": result.dropped_quotes,
    }
    return combined, note
