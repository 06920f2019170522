"""Mentee-mode components (issue 7): the executive being taught by a junior.

curiosity, listening, openness, psychological_safety and commitment, each from
per-turn signs of the analysis; every component 0..1 against a rubric target.
"""

from __future__ import annotations

from rmcoach.analysis.lexicon import load_lexicon
from rmcoach.scoring.coded import CodedSession, CodedTurn
from rmcoach.scoring.mentor import Components, clip, talk_share_component, took_up
from rmcoach.scoring.models import Evidence
from rmcoach.scoring.rubric import Rubric

Scored = dict[str, tuple[Components, list[Evidence]]]


def _first(turns: list[CodedTurn], note: str, kinds: tuple[str, ...] = ()) -> list[Evidence]:
    return [Evidence(t.index, t.quote(kinds), note) for t in turns[:1]]


def mentee_scores(session: CodedSession, rubric: Rubric) -> Scored:
    lex = load_lexicon()
    turns = list(session.turns)
    n = len(turns)
    questions = sum(t.analysis.questions for t in turns)
    open_q = sum(t.analysis.open_questions for t in turns)
    examples = [t for t in turns if t.analysis.asks_example]
    meaning = [t for t in turns if t.analysis.questions and lex.has("asks_meaning", t.text)]
    opens = [t for t in turns if t.analysis.act == "question" and t.analysis.subtype == "open"]
    curiosity: Components = {
        "open_questions": clip(open_q / questions / rubric.target("open_question_share"))
        if questions
        else 0.0,
        "asks_questions": clip(
            sum(1 for t in turns if t.analysis.questions) / n / rubric.target("questions_per_turn")
        ),
        "asks_examples": clip(len(examples) / rubric.target("asks_examples")),
        "asks_meaning": clip(len(meaning) / rubric.target("asks_meaning")),
    }
    curiosity_ev = _first(opens, "an open question", ("question",)) + _first(
        examples, "asks for an example"
    )
    curiosity_ev += _first(meaning, "asks what a term means")

    reflections = [t for t in turns if t.analysis.act == "reflection"]
    summaries = [t for t in turns if t.analysis.summarises_back]
    responding = [t for t in turns if t.previous_partner]
    long_turns = [t for t in turns if t.analysis.words > rubric.target("monologue_words")]
    listening: Components = {
        "reflections": clip(len(reflections) / n / rubric.target("reflections_per_turn")),
        "summaries": clip(len(summaries) / rubric.target("summaries")),
        "uptake": sum(took_up(t, rubric) for t in responding) / len(responding)
        if responding
        else 0.0,
        "talk_share": talk_share_component(session, rubric),
        "no_monologue": clip(1.0 - 2 * len(long_turns) / n),
    }
    listening_ev = _first(summaries, "says back what the junior explained", ("reflection",))
    listening_ev += _first(long_turns, "a long speech: the junior gets less room")

    dismissive = [t for t in turns if t.analysis.dismissive]
    acknowledging = [t for t in turns if t.analysis.acknowledges]
    penalty = clip(1.0 - len(dismissive) * rubric.target("dismissive_penalty"))
    openness: Components = {
        "acknowledges_views": clip(len(acknowledging) / rubric.target("acknowledges")),
        "no_dismissive": penalty,
    }
    openness_ev = [
        Evidence(
            t.index,
            t.quote(contains=t.analysis.dismissive[0]),
            f"dismissive: '{t.analysis.dismissive[0]}'",
        )
        for t in dismissive[:2]
    ]
    openness_ev += _first(acknowledging, "acknowledges a new view")

    invites = [t for t in turns if t.analysis.invites_challenge]
    admits = [t for t in turns if t.analysis.admits_not_knowing]
    thanks = [t for t in turns if t.analysis.thanks]
    safety: Components = {
        "invites_challenge": clip(len(invites) / rubric.target("invites_challenge")),
        "admits_not_knowing": clip(len(admits) / rubric.target("admits_not_knowing")),
        "thanks": clip(len(thanks) / rubric.target("thanks")),
        "no_put_downs": penalty,
    }
    safety_ev = _first(invites, "invites honesty") + _first(admits, "admits not knowing")
    safety_ev += _first(thanks, "thanks the junior")
    safety_ev += [
        Evidence(t.index, t.quote(contains=t.analysis.dismissive[0]), "a put-down")
        for t in dismissive[:1]
    ]

    commits = [t for t in turns if t.analysis.commitment]
    concrete = [t for t in turns if t.analysis.concrete_commitment]
    follow = [t for t in turns if lex.has("follow_up", t.text)]
    commitment: Components = {
        "commits": 1.0 if commits else 0.0,
        "concrete": 1.0 if concrete else 0.0,
        "follow_up": 1.0 if follow else 0.0,
    }
    commitment_ev = _first(concrete or commits, "commits to try something") + _first(
        follow, "offers to follow up"
    )
    return {
        "curiosity": (curiosity, curiosity_ev),
        "listening": (listening, listening_ev),
        "openness": (openness, openness_ev),
        "psychological_safety": (safety, safety_ev),
        "commitment": (commitment, commitment_ev),
    }
