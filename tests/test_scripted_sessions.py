"""Scripted realizer and whole offline sessions: real analysis, director and lines."""

from __future__ import annotations

import pytest

from partner_helpers import persona, topic
from rmcoach.analysis import analyze_turn
from rmcoach.analysis.models import TurnContext
from rmcoach.content.models import EXTRA_LINE_KEYS, Persona, Topic
from rmcoach.partner.director import Director
from rmcoach.partner.models import Move
from rmcoach.partner.scripted import ScriptedRealizer

MENTOR_GOOD = [
    "Thanks for the time. What takes up most of your month?",
    "So the board pack eats four days of your best people's time,"
    " reformatting the same commentary.",
    "Think of it like autocomplete on your phone: it predicts the next word, so for example it can"
    " sound confident and still be wrong.",
    "For example, it could write a first draft of the commentary,"
    " and your team would still check it.",
    "How would you explain that to your team, in your own words?",
]
MENTOR_POOR = [
    "It's basically an LLM with RAG and fine-tuning, and tokens in a context window.",
    " ".join(
        ["It", "does", "a", "lot", "of", "things", "for", "everyone", "in", "the", "company"] * 10
    ),
    "Your analysts can paste the forecast straight into ChatGPT.",
    "Anyway, the dashboards are great.",
    "Do you use Teams?",
    "Is Monday better?",
    "Have you tried Copilot?",
]
MENTEE_GOOD = [
    "Thanks for doing this. Please, go ahead.",
    "I'll admit I don't know much about it.",
    "Sorry, what does LLM mean?",
    "So in short, it guesses the next word from patterns rather than looking facts up?",
    "Can you give me an example?",
    "Tell me where I'm wrong here, be honest.",
    "Thank you, that was really helpful. I'll try it on one task this week.",
]
MENTEE_POOR = [
    "Let me tell you how it really works, because I have run divisions for twenty five years"
    " and seen every wave of technology come and go, from the first spreadsheets to the dot"
    " com boom, and none of it changed the basic job, which is judgement and relationships"
    " and knowing your numbers, and I expect this to be exactly the same, frankly, so let"
    " us keep that firmly in mind today.",
    "Honestly this AI stuff is just hype. Kids these days think every gadget is a revolution.",
    "Anyway. Carry on.",
    "We tried something like it in 2015 and it did not work then either, so I suspect the same will"
    " happen here, and I would rather we focused on the basics of the business than chase another"
    " shiny thing the consultants are selling this year.",
]


def run(
    p: Persona,
    t: Topic,
    script: list[str],
    seed: int = 0,
    difficulty: str | None = None,
) -> tuple[list[Move], list[str], Director]:
    """A whole offline session: analysis -> director -> scripted line, plus the closing."""
    director = Director(p, t, difficulty)
    state = director.initial_state()
    realizer = ScriptedRealizer(p, t, seed=seed)
    moves = [director.opening(state)]
    said = [realizer.realize(moves[0], state)]
    learner: list[str] = []
    for text in script:
        concern = next((c for c in p.concerns if c.id == state.open_concern), None)
        context = TurnContext(
            previous_partner=said[-1],
            topic=t,
            persona=p,
            mode=p.mode,
            open_concern=concern,
            earlier_learner=tuple(learner),
            earlier_partner=tuple(said),
        )
        learner.append(text)
        moves.append(director.next_move(state, analyze_turn(text, context)))
        said.append(realizer.realize(moves[-1], state))
    for move in (director.closing(state), director.farewell(state)):
        moves.append(move)
        said.append(realizer.realize(move, state))
    return moves, said, director


def intents(moves: list[Move]) -> list[str]:
    return [m.intent for m in moves]


def test_good_mentor_session_lands_concepts_and_gets_the_story() -> None:
    moves, said, _ = run(persona("cfo-skeptic"), topic(), MENTOR_GOOD)
    assert said[0] == " ".join(persona("cfo-skeptic").first_message.split())
    assert "reveal" in intents(moves) and "acknowledge" in intents(moves)
    assert "board pack" in said[1].lower()
    teach_back = next(m for m in moves[1:-2] if m.intent == "summarize_understanding")
    assert "matching patterns, not checking facts" in teach_back.slots["teach_back"]
    assert all(m.reason for m in moves)


def test_poor_mentor_session_shows_each_failure() -> None:
    moves, _, _ = run(persona("cfo-skeptic"), topic(), MENTOR_POOR)
    got = intents(moves)
    for intent in ("ask_meaning", "interrupt", "raise_concern", "push_back"):
        assert intent in got, (intent, [m.reason for m in moves])
    short = [m for m in moves if m.slots.get("flavour") == "short_answer"]
    assert short, "closed questions should get short answers"
    assert moves[-2].intent == "summarize_understanding" and moves[-1].intent == "close"
    assert "We never got to" in moves[-2].slots["teach_back"]


def test_good_mentee_session_opens_the_junior_up() -> None:
    moves, _, _ = run(persona("junior-overtechnical"), topic(), MENTEE_GOOD)
    flavours = [m.slots.get("flavour") for m in moves]
    assert "example" in flavours and "open_up" in flavours
    assert any("just means" in m.slots.get("answer", "") for m in moves)
    assert moves[-1].slots["tone"] == "warm"


def test_poor_mentee_session_makes_the_junior_go_quiet() -> None:
    moves, said, _ = run(persona("junior-nervous"), topic(), MENTEE_POOR)
    flavours = [m.slots.get("flavour") for m in moves]
    assert "raise_concern" in intents(moves)
    assert flavours.count("go_quiet") >= 2
    assert moves[-1].slots["tone"] == "cool"
    quiet_lines = [
        s for s, m in zip(said, moves, strict=True) if m.slots.get("flavour") == "go_quiet"
    ]
    assert all(len(s.split()) <= 3 for s in quiet_lines)


@pytest.mark.parametrize(
    ("persona_id", "script"),
    [
        ("cfo-skeptic", MENTOR_GOOD),
        ("cfo-skeptic", MENTOR_POOR),
        ("junior-nervous", MENTEE_GOOD),
        ("junior-confident", MENTEE_POOR),
    ],
)
def test_same_seed_same_transcript(persona_id: str, script: list[str]) -> None:
    p, t = persona(persona_id), topic()
    first = run(p, t, script, seed=7)
    second = run(p, t, script, seed=7)
    assert first[1] == second[1]
    assert [m.to_dict() for m in first[0]] == [m.to_dict() for m in second[0]]


def test_different_seeds_may_choose_different_lines() -> None:
    p, t = persona("cfo-skeptic"), topic()
    transcripts = {tuple(run(p, t, MENTOR_POOR, seed=s)[1]) for s in range(6)}
    assert len(transcripts) > 1


def test_no_line_repeats_while_alternatives_remain() -> None:
    p, t = persona("cfo-skeptic"), topic()
    director = Director(p, t)
    state = director.initial_state()
    realizer = ScriptedRealizer(p, t, seed=3)
    move = Move("ask_meaning", {"term": "RAG"}, "")
    lines = [realizer.realize(move, state) for _ in range(len(p.lines["ask_meaning"]))]
    assert len(set(lines)) == len(lines)
    assert realizer.realize(move, state) in lines  # all used: a repeat is allowed now


@pytest.mark.parametrize(
    "persona_id",
    ["junior-nervous", "junior-overtechnical", "junior-deferential", "junior-confident"],
)
def test_whole_sessions_never_repeat_a_line(persona_id: str) -> None:
    for script in (MENTEE_GOOD, MENTEE_POOR):
        _, said, _ = run(persona(persona_id), topic(), script)
        assert len(said) == len(set(said)), said


def test_remember_prevents_repeats_after_resume() -> None:
    p, t = persona("cfo-skeptic"), topic()
    state = Director(p, t).initial_state()
    realizer = ScriptedRealizer(p, t)
    realizer.remember(["Go on.", "Fine. And?"])
    line = realizer.realize(Move("acknowledge", {"flavour": "continue"}), state)
    assert line in p.lines["continue"] and line not in ("Go on.", "Fine. And?")
    greet = realizer.realize(Move("greet", {"name": p.name}), state)
    assert greet != " ".join(p.first_message.split())  # the first message was already said


def test_flavour_falls_back_to_the_intent_lines() -> None:
    p, t = persona("cfo-skeptic"), topic()
    realizer = ScriptedRealizer(p, t)
    assert "hedge" not in p.lines
    assert realizer.line_key(Move("confused", {"flavour": "hedge", "concept": "x"})) == "confused"
    assert realizer.line_key(Move("reveal", {"flavour": "short_answer"})) == "short_answer"


def test_close_lines_run_coolest_first() -> None:
    p, t = persona("junior-confident"), topic()
    state = Director(p, t).initial_state()
    warm = ScriptedRealizer(p, t).realize(Move("close", {"tone": "warm"}), state)
    cool = ScriptedRealizer(p, t).realize(Move("close", {"tone": "cool"}), state)
    assert (cool, warm) == (p.lines["close"][0], p.lines["close"][-1])


def test_every_junior_line_key_is_used_by_some_move() -> None:
    keys_used = set()
    for persona_id in ("junior-nervous", "junior-deferential", "junior-confident"):
        p = persona(persona_id)
        realizer = ScriptedRealizer(p, topic())
        for script in (MENTEE_GOOD, MENTEE_POOR):
            for move in run(p, topic(), script)[0]:
                keys_used.add(realizer.line_key(move))
    assert {"explain", "short_answer", "example", "go_quiet", "open_up", "hedge"} <= keys_used
    assert set(EXTRA_LINE_KEYS) - keys_used <= {"continue"}
