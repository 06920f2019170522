"""Scorecard: good vs poor sessions in both modes, evidence, advice, rubric, contract."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rmcoach.content.library import load_library
from rmcoach.content.models import Persona, Topic
from rmcoach.errors import ContentError, RmcoachError
from rmcoach.scoring import Scorecard, scorecard
from rmcoach.transcript import Transcript, Turn

LIB = load_library(None)
GENAI: Topic = LIB.topic("generative-ai")
CFO: Persona = LIB.persona("cfo-skeptic")
DEV = [
    json.loads(line)
    for line in (Path(__file__).resolve().parent.parent / "benchmarks/data/dev_acts.jsonl").open()
]


def session(*pairs: tuple[str, str], mode: str = "mentor") -> Transcript:
    turns = []
    for partner, learner in pairs:
        turns += [Turn("partner", partner), Turn("learner", learner)]
    return Transcript(turns=turns, mode=mode)


P1 = "Half my team uses these AI tools and I can't tell whether that's clever or reckless."
P2 = "Honestly? The board pack. Four days a month, my best people reformatting the same commentary."
P3 = "Stop there. If an analyst pastes our unpublished forecast into that thing, where does it go?"
P4 = "Right. So it drafts and someone checks. I could live with that."

GOOD_LISTENER = session(
    (P1, "What have you seen them use it for so far?"),
    (
        P2,
        "So four days of your best people go on reformatting, "
        "when you'd rather they did the analysis.",
    ),
    (
        P3,
        "You're worried the forecast leaves the building. Only the approved company version, under "
        "contract, is allowed, and nothing typed there is used for training.",
    ),
    (
        P4,
        "It sounds like a first draft you still sign off is acceptable to you. "
        "How would you explain that rule to your analysts?",
    ),
)
LECTURER = session(
    (P1, "Do you use an LLM?"),
    (
        P2,
        "Is it monthly? "
        + " ".join(
            [
                "Generative AI is a transformative capability that leverages large "
                "language models trained on massive corpora to generate "
                "content, and with RAG, fine-tuning and "
                "agentic workflows the enterprise can unlock productivity across every function."
            ]
            * 4
        ),
    ),
    (P3, "Do you have a policy? Does legal know? Is IT involved?"),
    (P4, "Are you going to roll it out to everyone?"),
)


def test_good_listener_outscores_lecturer_on_listening_by_a_wide_margin() -> None:
    good = scorecard(GOOD_LISTENER, GENAI, CFO)
    poor = scorecard(LECTURER, GENAI, CFO)
    assert good.scores["listening"].score - poor.scores["listening"].score >= 35
    assert good.scores["clarity"].score > poor.scores["clarity"].score
    assert poor.scores["listening"].components["no_monologue"] <= 0.5
    assert poor.scores["listening"].components["open_questions"] == 0.0


def test_asking_more_questions_does_not_raise_listening() -> None:
    few = session(
        (P1, "What have you seen them use it for?"), (P2, "So the board pack eats four days.")
    )
    many = session(
        (P1, "Do you use it? Does your team? Is it allowed? Do you like it?"),
        (P2, "Is it every month? Is it the same commentary? Are templates fixed?"),
    )
    assert (
        scorecard(few, None, None).scores["listening"].score
        > scorecard(many, None, None).scores["listening"].score
    )


def test_jargon_wall_scores_lower_clarity_than_plain_explanation() -> None:
    plain = session(
        (
            P1,
            "It writes by guessing the next likely word, like autocomplete on your phone. "
            "For example, it can draft your board commentary. You still check every number.",
        )
    )
    wall = session(
        (
            P1,
            "It's an LLM doing next-token prediction with RAG and fine-tuning, so hallucination "
            "is mitigated via grounding in the context window.",
        )
    )
    good, bad = scorecard(plain, GENAI, None), scorecard(wall, GENAI, None)
    assert good.scores["clarity"].score - bad.scores["clarity"].score >= 25
    assert bad.scores["clarity"].components["jargon_explained"] == 0.0
    assert any("without a plain explanation" in e.note for e in bad.scores["clarity"].evidence)


GOOD_MENTEE = session(
    (
        "Um, so, I could show you how I use Copilot for meeting notes, if that's okay?",
        "I'd love that. I have to admit I've never used it. Can "
        "you show me an example from last week?",
    ),
    (
        "Sure. I paste the transcript in, and it gives me the "
        "actions and who owns them, in about a minute.",
        "So you paste the transcript and it gives you the actions "
        "with owners. I hadn't thought of that. "
        "What's a transcript in Teams, exactly?",
    ),
    (
        "It's the written record Teams makes while we talk. You switch it on at the start.",
        "That's useful. Be honest with me: what do people your "
        "age think I get wrong about these tools?",
    ),
    (
        "Maybe... that you say it's hype before trying it?",
        "Fair point, you're right. Thank you. I'll try it on Monday's "
        "leadership meeting and report back to you next week.",
    ),
    mode="mentee",
)
POOR_MENTEE = session(
    (
        "Um, so, I could show you how I use Copilot for meeting notes, if that's okay?",
        "Let me tell you how meetings worked when I started. "
        + "We took notes by hand and we managed fine. " * 12,
    ),
    (
        "Sure. It writes the actions for you.",
        "Kids these days want a machine to do everything. That's hype.",
    ),
    ("Okay.", "Do you use it every day?"),
    ("Yes.", "Right. Well, we've always done it this way. Anything else?"),
    mode="mentee",
)
MENTEE_SCORES = ("curiosity", "listening", "openness", "psychological_safety", "commitment")


@pytest.mark.parametrize("name", MENTEE_SCORES)
def test_good_mentee_outscores_poor_on_every_score(name: str) -> None:
    good, poor = scorecard(GOOD_MENTEE, GENAI, None), scorecard(POOR_MENTEE, GENAI, None)
    assert good.scores[name].score - poor.scores[name].score >= 30, (
        good.scores[name],
        poor.scores[name],
    )
    assert good.scores[name].evidence, name
    _assert_verbatim(good, GOOD_MENTEE)


def test_mentee_scores_carry_only_mentee_names() -> None:
    assert tuple(scorecard(GOOD_MENTEE, None, None).scores) == MENTEE_SCORES
    assert any(
        "dismissive" in e.note
        for e in scorecard(POOR_MENTEE, None, None).scores["openness"].evidence
    )


def _assert_verbatim(card: Scorecard, transcript: Transcript) -> None:
    for score in card.scores.values():
        for ev in score.evidence:
            assert ev.quote and ev.quote in transcript.turns[ev.turn - 1].text
            assert transcript.turns[ev.turn - 1].speaker == "learner"


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(st.sampled_from(DEV), min_size=1, max_size=12), st.sampled_from(["mentor", "mentee"])
)
def test_evidence_is_verbatim_and_advice_points_at_learner_turns(
    items: list[dict[str, str]], mode: str
) -> None:
    transcript = session(*[(i["partner"], i["text"]) for i in items], mode=mode)
    card = scorecard(transcript, GENAI, CFO if mode == "mentor" else None)
    _assert_verbatim(card, transcript)
    assert 1 <= len(card.advice) <= 5
    for item in card.advice:
        assert item.turn is not None and transcript.turns[item.turn - 1].speaker == "learner"
        assert item.better
    for s in card.scores.values():
        assert 0 <= s.score <= 100 and all(0.0 <= v <= 1.0 for v in s.components.values())


def test_advice_has_three_to_five_items_on_a_real_session() -> None:
    for card in (scorecard(GOOD_LISTENER, GENAI, CFO), scorecard(LECTURER, GENAI, CFO)):
        assert 3 <= len(card.advice) <= 5


def test_turn_rows_follow_the_contract() -> None:
    data = scorecard(LECTURER, GENAI, CFO).to_dict()
    assert set(data) == {"turns", "scores", "advice"}
    assert [r["index"] for r in data["turns"]] == list(range(1, 9))
    partner, learner = data["turns"][0], data["turns"][1]
    assert (
        partner["act"] is None
        and partner["subtype"] is None
        and partner["jargon_unexplained"] == []
    )
    assert learner == {
        "index": 2,
        "speaker": "learner",
        "text": "Do you use an LLM?",
        "act": "question",
        "subtype": "closed",
        "jargon_unexplained": ["LLM"],
        "words": 5,
    }
    assert set(data["scores"]) == {"clarity", "listening"}
    assert all(isinstance(s["score"], int) for s in data["scores"].values())


def test_only_partner_turns_is_a_clear_error() -> None:
    with pytest.raises(RmcoachError, match="no learner turns to score"):
        scorecard(Transcript(turns=[Turn("partner", "Hello?")]), None, None)


def test_concern_answered_or_ignored() -> None:
    ignored = session((P3, "It also writes lovely summaries of long documents for you."))
    answered = session(
        (P3, "Only to the approved company version, under contract; it stays inside.")
    )
    assert scorecard(ignored, None, CFO).scores["listening"].components["concerns_answered"] == 0.0
    assert scorecard(answered, None, CFO).scores["listening"].components["concerns_answered"] == 1.0
    assert "concerns_answered" not in scorecard(answered, None, None).scores["listening"].components
    assert any(
        a.heading.startswith("Answer the concern") for a in scorecard(ignored, None, CFO).advice
    )


def test_persona_rubric_overrides_weights_and_targets() -> None:
    base = scorecard(LECTURER, GENAI, CFO).scores["listening"]
    only_talk = dataclasses.replace(
        CFO,
        rubric={
            "weights": {
                "reflections": 0,
                "reflection_to_question": 0,
                "complex_reflections": 0,
                "uptake": 0,
                "concerns_answered": 0,
                "no_monologue": 0,
                "open_questions": 0,
            },
            "targets": {"talk_share": 0.9},
        },
    )
    card = scorecard(LECTURER, GENAI, only_talk).scores["listening"]
    assert card.score == round(100 * card.components["talk_share"]) and card.score != base.score


def test_unknown_rubric_name_is_reported_with_its_file() -> None:
    bad = dataclasses.replace(CFO, rubric={"weights": {"reflektions": 2}})
    with pytest.raises(ContentError, match=r"cfo-skeptic\.yaml.*rubric\.weights\.reflektions"):
        scorecard(LECTURER, GENAI, bad)


def test_goal_met_keyword_heuristic() -> None:
    goal = "Agree one low-risk task the executive will try with an approved AI tool this week."
    met = session(
        (
            P4,
            "So let's agree one low-risk task: you try the "
            "approved tool on the board pack this week.",
        )
    )
    assert scorecard(met, GENAI, CFO, goal=goal).goal_met is True
    assert scorecard(LECTURER, GENAI, CFO, goal=goal).goal_met is False
    assert scorecard(LECTURER, GENAI, CFO).goal_met is None
