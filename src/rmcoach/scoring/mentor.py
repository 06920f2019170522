"""Mentor-mode components: clarity and listening, each 0..1, with verbatim evidence.

Every component is a share or a distance to a target from the rubric, never a raw
count: asking many questions does not raise listening, and a string of closed
questions lowers it (open_questions, reflection_to_question).
"""

from __future__ import annotations

from rmcoach.analysis.lexicon import load_lexicon
from rmcoach.scoring.coded import CodedSession, CodedTurn
from rmcoach.scoring.models import Evidence
from rmcoach.scoring.rubric import Rubric

Components = dict[str, float]


def clip(value: float) -> float:
    return max(0.0, min(1.0, value))


def ramp(value: float, zero_at: float, full_at: float) -> float:
    """0 at `zero_at`, 1 at `full_at`, linear between (either direction)."""
    if full_at == zero_at:
        return 1.0 if value >= full_at else 0.0
    return clip((value - zero_at) / (full_at - zero_at))


def talk_share_component(session: CodedSession, rubric: Rubric) -> float:
    distance = abs(session.talk_share - rubric.target("talk_share"))
    tolerance = rubric.target("talk_share_tolerance")
    return 1.0 - clip(
        (distance - tolerance) / max(1e-6, rubric.target("talk_share_zero_at") - tolerance)
    )


def took_up(turn: CodedTurn, rubric: Rubric) -> bool:
    return len(turn.analysis.uptake_words) >= rubric.target("uptake_min_words") or (
        turn.analysis.act == "reflection" and bool(turn.analysis.uptake_words)
    )


def clarity(session: CodedSession, rubric: Rubric) -> tuple[Components, list[Evidence]]:
    lex = load_lexicon()
    turns = session.turns
    teaching = [t for t in turns if t.analysis.act == "information"] or list(turns)
    n_teach = len(teaching)
    evidence: list[Evidence] = []
    words = sum(t.analysis.words for t in teaching)
    readability = sum(t.analysis.readability * t.analysis.words for t in teaching) / max(1, words)
    sentences = sum(t.analysis.sentences for t in teaching)
    avg_sentence = words / max(1, sentences)
    used: dict[str, CodedTurn] = {}
    unexplained: dict[str, CodedTurn] = {}
    for t in turns:
        for term in t.analysis.jargon_used:
            used.setdefault(term, t)
        for term in t.analysis.jargon_unexplained:
            unexplained.setdefault(term, t)
    explained_share = 1.0 - len(unexplained) / len(used) if used else 1.0
    illustrated = sum(min(2, t.analysis.examples + t.analysis.analogies) for t in teaching)
    checks = sum(
        1.0
        if t.analysis.check_for_understanding == "teach_back"
        else rubric.target("closed_check_credit")
        if t.analysis.check_for_understanding == "closed"
        else 0.0
        for t in turns
    )
    components: Components = {
        "plain_language": ramp(
            readability, rubric.target("readability_low"), rubric.target("readability_high")
        ),
        "jargon_explained": explained_share,
        "examples": clip(illustrated / (rubric.target("examples_per_teaching_turn") * n_teach)),
        "sentence_length": ramp(
            avg_sentence, rubric.target("sentence_words_max"), rubric.target("sentence_words")
        ),
        "structure": clip(
            sum(t.analysis.signposts for t in teaching)
            / (rubric.target("signposts_per_teaching_turn") * n_teach)
        ),
        "checks_for_understanding": clip(checks / max(1e-6, rubric.target("teach_back_checks"))),
    }
    topic = session.topic
    if topic is not None and topic.concepts:
        explained = {c for t in turns for c in t.analysis.concepts_explained}
        mentioned = {c for t in turns for c in t.analysis.concepts_mentioned} - explained
        components["concept_coverage"] = clip(
            (len(explained) + 0.5 * len(mentioned)) / len(topic.concepts)
        )

    for term, t in list(unexplained.items())[:2]:
        evidence.append(
            Evidence(t.index, t.quote(contains=term), f"'{term}' used without a plain explanation")
        )
    for term, t in used.items():
        if term not in unexplained:
            evidence.append(
                Evidence(t.index, t.quote(contains=term), f"'{term}' explained in plain words")
            )
            break
    for t in teaching:
        cues = lex.find("example_cues", t.text) + lex.find("analogy_cues", t.text)
        if cues:
            evidence.append(
                Evidence(t.index, t.quote(contains=cues[0]), "a concrete example or analogy")
            )
            break
    for t in turns:
        if t.analysis.check_for_understanding == "teach_back":
            evidence.append(
                Evidence(t.index, t.quote(("check",)), "a check that invites a teach-back")
            )
            break
    long_turn = max(teaching, key=lambda t: t.analysis.longest_sentence)
    if long_turn.analysis.longest_sentence > rubric.target("sentence_words_max"):
        evidence.append(
            Evidence(
                long_turn.index,
                long_turn.quote(),
                f"a {long_turn.analysis.longest_sentence}-word sentence",
            )
        )
    return components, evidence


def listening(session: CodedSession, rubric: Rubric) -> tuple[Components, list[Evidence]]:
    turns = session.turns
    n = len(turns)
    reflections = [t for t in turns if t.analysis.act == "reflection"]
    complex_ = [t for t in reflections if t.analysis.subtype == "complex"]
    questions = sum(t.analysis.questions for t in turns)
    open_q = sum(t.analysis.open_questions for t in turns)
    responding = [t for t in turns if t.previous_partner]
    with_concern = [t for t in turns if t.open_concern is not None]
    monologue_words = rubric.target("monologue_words")
    monologues = [
        t for t in turns if t.analysis.act == "information" and t.analysis.words > monologue_words
    ]
    longest = max(t.analysis.words for t in turns)

    if questions:
        ratio = clip(len(reflections) / questions / rubric.target("reflection_to_question"))
    else:
        ratio = 1.0 if reflections else 0.0
    components: Components = {
        "reflections": clip(len(reflections) / n / rubric.target("reflections_per_turn")),
        "reflection_to_question": ratio,
        "complex_reflections": clip(
            len(complex_) / len(reflections) / rubric.target("complex_share")
        )
        if reflections
        else 0.0,
        "talk_share": talk_share_component(session, rubric),
        "uptake": sum(took_up(t, rubric) for t in responding) / len(responding)
        if responding
        else 0.0,
        "no_monologue": clip(
            1.0
            - len(monologues) / n * 2
            - max(0.0, longest - 2 * monologue_words) / (4 * monologue_words)
        ),
        "open_questions": clip(open_q / questions / rubric.target("open_question_share"))
        if questions
        else 0.0,
    }
    if with_concern:
        components["concerns_answered"] = sum(
            bool(t.analysis.concern_addressed) for t in with_concern
        ) / len(with_concern)

    evidence: list[Evidence] = []
    best = sorted(reflections, key=lambda t: (t.analysis.subtype != "complex", -t.analysis.uptake))[
        :2
    ]
    for t in best:
        evidence.append(
            Evidence(t.index, t.quote(("reflection",)), f"a {t.analysis.subtype} reflection")
        )
    for t in monologues[:1]:
        evidence.append(
            Evidence(t.index, t.quote(), f"a {t.analysis.words}-word teaching turn (monologue)")
        )
    closed_runs = [
        t for t in turns if t.analysis.act == "question" and t.analysis.subtype == "closed"
    ]
    if len(closed_runs) >= 2 and open_q * 2 < questions:
        t = closed_runs[0]
        evidence.append(
            Evidence(t.index, t.quote(("question",)), "a closed question (yes/no or a fact)")
        )
    for t in with_concern:
        words = t.open_concern.addressed_by if t.open_concern else ()
        hit = next((w for w in words if w.lower() in t.text.lower()), None)
        note = (
            "answers the concern raised"
            if t.analysis.concern_addressed
            else "moves on without answering the concern"
        )
        evidence.append(Evidence(t.index, t.quote(contains=hit), note))
        break
    opens = [t for t in turns if t.analysis.act == "question" and t.analysis.subtype == "open"]
    if opens:
        evidence.append(Evidence(opens[0].index, opens[0].quote(("question",)), "an open question"))
    return components, evidence
