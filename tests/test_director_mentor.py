"""Mentor-mode director: one case per rule, with trust, patience and difficulty effects."""

from __future__ import annotations

import pytest

from partner_helpers import long_text, persona, ta, topic
from rmcoach.partner.director import Director
from rmcoach.partner.models import PartnerState


def fresh(difficulty: str = "medium") -> tuple[Director, PartnerState]:
    director = Director(persona("cfo-skeptic"), topic(), difficulty)
    return director, director.initial_state()


def one_sentence(reason: str) -> bool:
    body = reason.rstrip(".")
    return reason.endswith(".") and ". " not in body.replace("...", "")


def test_initial_state_from_persona_level() -> None:
    director, state = fresh("hard")
    assert state.trust == 0.25 and state.patience == 1.0
    assert set(state.understanding) == {c.id for c in topic().concepts}
    assert all(v == 0 for v in state.understanding.values())
    assert director.opening(state).intent == "greet"


# (difficulty, analysis, expected intent, words that must appear in the reason)
CASES = [
    (
        "medium",
        ta("It's an LLM with RAG on top.", jargon_unexplained=("LLM", "RAG")),
        "ask_meaning",
        ["'LLM'", "without explaining"],
    ),
    (
        "hard",
        ta("It's an LLM.", jargon_unexplained=("LLM",)),
        "ask_meaning",
        ["'LLM'", "tolerance is 0"],
    ),
    ("medium", ta(long_text(95)), "interrupt", ["95 words", "patience of 90"]),
    ("hard", ta(long_text(65)), "interrupt", ["65 words", "patience of 60"]),
    (
        "medium",
        ta("What takes up most of your month?", "question", "open", asks_about_partner=True),
        "reveal",
        ["open question", "board pack"],
    ),
    (
        "medium",
        ta("Do you use Teams?", "question", "closed", asks_about_partner=True),
        "reveal",
        ["short answer", "closed question"],
    ),
    (
        "medium",
        ta("Your analysts could paste it into ChatGPT."),
        "raise_concern",
        ["'paste'", "leaking"],
    ),
    (
        "medium",
        ta(
            "Like autocomplete on your phone, it predicts the next word.",
            analogies=1,
            concepts_mentioned=("prediction",),
            concepts_explained=("prediction",),
        ),
        "acknowledge",
        ["It predicts words", "analogy"],
    ),
    (
        "medium",
        ta(
            "The model guesses from training data.",
            jargon_unexplained=("training data",),
            concepts_mentioned=("prediction",),
        ),
        "confused",
        ["It predicts words", "'training data'"],
    ),
    (
        "medium",
        ta(
            "How would you explain it to your team?",
            "question",
            "open",
            check_for_understanding="teach_back",
        ),
        "summarize_understanding",
        ["say it back"],
    ),
    ("medium", ta("Right."), "acknowledge", ["Let you go on"]),
]


@pytest.mark.parametrize(("difficulty", "analysis", "intent", "words"), CASES)
def test_rule_table(difficulty: str, analysis, intent: str, words: list[str]) -> None:
    director, state = fresh(difficulty)
    move = director.next_move(state, analysis)
    assert move.intent == intent, move.reason
    for word in words:
        assert word in move.reason
    assert one_sentence(move.reason), move.reason
    assert {"name", "role", "topic", "goal"} <= set(move.slots)


def test_jargon_within_tolerance_passes_on_medium_not_hard() -> None:
    turn = ta("We would run a pilot.", jargon_unexplained=("pilot",))
    medium, m_state = fresh("medium")
    hard, h_state = fresh("hard")
    assert medium.next_move(m_state, turn).intent != "ask_meaning"
    assert hard.next_move(h_state, turn).slots["term"] == "pilot"


def test_jargon_already_asked_moves_to_the_next_term() -> None:
    director, state = fresh("hard")
    first = director.next_move(state, ta("LLM and RAG.", jargon_unexplained=("LLM", "RAG")))
    second = director.next_move(state, ta("LLM and RAG.", jargon_unexplained=("LLM", "RAG")))
    assert (first.slots["term"], second.slots["term"]) == ("LLM", "RAG")


def test_patience_wears_with_each_long_turn_and_recovers_on_short_good_turns() -> None:
    director, state = fresh("medium")
    director.next_move(state, ta(long_text(95)))
    assert state.patience == pytest.approx(0.8)
    second = director.next_move(state, ta(long_text(80)))  # under 90, over the worn 72
    assert second.intent == "interrupt"
    assert "patience of 72" in second.reason and "worn down" in second.reason
    assert state.patience == pytest.approx(0.6)
    director.next_move(
        state, ta("What worries you most?", "question", "open", asks_about_partner=True)
    )
    assert state.patience == pytest.approx(0.65)


def test_a_string_of_closed_questions_lowers_patience() -> None:
    director, state = fresh("medium")
    for text in ("Do you use Teams?", "Do you use Excel?"):
        director.next_move(state, ta(text, "question", "closed", asks_about_partner=True))
    assert state.patience == 1.0
    move = director.next_move(
        state, ta("Do you use Word?", "question", "closed", asks_about_partner=True)
    )
    assert state.patience == pytest.approx(0.9)
    assert "3 closed questions in a row" in move.reason


def test_closed_question_reveals_less_than_open() -> None:
    director, state = fresh("medium")
    board_pack = persona("cfo-skeptic").pain_points[0]
    closed = director.next_move(
        state, ta("Is the commentary slow?", "question", "closed", asks_about_partner=True)
    )
    assert closed.slots["flavour"] == "short_answer" and closed.slots["answer"] == board_pack.short
    assert state.pain_points_revealed == [] and state.pain_points_hinted == ["board-pack"]
    opened = director.next_move(
        state,
        ta(
            "Tell me about the commentary in your week?",
            "question",
            "open",
            asks_about_partner=True,
        ),
    )
    assert opened.slots["pain_point"] == " ".join(board_pack.says.split())
    assert state.pain_points_revealed == ["board-pack"]


def test_pain_point_named_in_the_question_is_the_one_revealed() -> None:
    director, state = fresh("medium")
    move = director.next_move(
        state,
        ta(
            "What are you allowed to do under your policy?",
            "question",
            "open",
            asks_about_partner=True,
        ),
    )
    assert "no clear AI policy" in move.reason


def test_hard_persona_keeps_deeper_stories_until_trust_is_earned() -> None:
    director, state = fresh("hard")
    ask = ta("What takes up your week?", "question", "open", asks_about_partner=True)
    assert "flavour" not in director.next_move(state, ask).slots  # 0.28 >= 0.20
    assert "flavour" not in director.next_move(state, ask).slots  # 0.31 >= 0.30
    third = director.next_move(state, ask)  # 0.34 < 0.40
    assert third.slots["flavour"] == "short_answer" and "below the 0.40" in third.reason


def test_concern_intensity_depends_on_trust_and_difficulty() -> None:
    turn = ta("Just paste the forecast into ChatGPT.")
    says = persona("cfo-skeptic").concerns[0].says
    easy, e_state = fresh("easy")
    hard, h_state = fresh("hard")
    assert easy.next_move(e_state, turn).slots["concern"] == says[0]
    hard_move = hard.next_move(h_state, turn)
    assert hard_move.slots["concern"] == says[-1] and hard_move.slots["intensity"] == "sharp"


def test_ignored_concern_gets_push_back_and_costs_trust_then_is_dropped() -> None:
    director, state = fresh("medium")
    director.next_move(state, ta("Paste it into ChatGPT."))
    before = state.trust
    push = director.next_move(state, ta("Let's talk about dashboards."))
    assert push.intent == "push_back" and state.trust == pytest.approx(before - 0.1)
    assert "did not answer" in push.reason
    again = director.next_move(state, ta("And slides."))
    assert again.intent == "push_back" and "will not ask again" in again.reason
    assert state.open_concern is None
    assert again.slots["concern"] != push.slots["concern"]


def test_answered_concern_raises_trust() -> None:
    director, state = fresh("medium")
    director.next_move(state, ta("Paste it into ChatGPT."))
    before = state.trust
    move = director.next_move(state, ta("Only the approved enterprise version, under contract."))
    assert move.intent == "acknowledge" and "Accepted your answer" in move.reason
    assert state.concerns_addressed == ["data-leak"] and state.trust > before


def test_analysis_verdict_on_the_concern_wins_over_word_match() -> None:
    director, state = fresh("medium")
    director.next_move(state, ta("Paste it into ChatGPT."))
    move = director.next_move(state, ta("It is not approved, sadly.", concern_addressed=False))
    assert move.intent == "push_back"


def test_reflection_does_not_trigger_a_concern_and_raises_trust() -> None:
    director, state = fresh("medium")
    move = director.next_move(
        state,
        ta(
            "So the board pack eats four days.",
            "reflection",
            "complex",
            uptake=0.4,
            uptake_words=("board", "pack", "four"),
        ),
    )
    assert move.intent == "acknowledge"
    assert state.trust == pytest.approx(0.4 + 0.08 + 0.04)


def test_understanding_rises_with_explanation_not_with_mentions() -> None:
    director, state = fresh("medium")
    for _ in range(5):
        director.next_move(
            state, ta("It predicts the next word.", concepts_mentioned=("prediction",))
        )
    assert state.understanding["prediction"] == pytest.approx(0.5)  # capped without an example
    director.next_move(
        state,
        ta(
            "Like autocomplete.",
            analogies=1,
            concepts_mentioned=("prediction",),
            concepts_explained=("prediction",),
        ),
    )
    assert state.understanding["prediction"] == 1.0


def test_teach_back_is_right_where_understood_wrong_where_poor_and_names_gaps() -> None:
    director, state = fresh("medium")
    t = topic()
    state.understanding.update({"prediction": 0.9, "good-uses": 0.2})
    move = director.closing(state)
    text = move.slots["teach_back"]
    assert " ".join(t.concept("prediction").plain.split()) in text
    assert t.concept("good-uses").misconceptions[0] in text
    assert 'We never got to "Check what it says before you rely on it"' in text
    assert "1 of 5 concepts landed" in move.reason


def test_session_end_triggers_teach_back_and_closes() -> None:
    director = Director(persona("cfo-skeptic"), topic(), "medium", max_turns=2)
    state = director.initial_state()
    director.next_move(state, ta("Hello."))
    move = director.next_move(state, ta("Hello again."))
    assert move.intent == "summarize_understanding" and state.closed
    assert "2-turn limit" in move.reason


def test_hard_persona_stays_hard_over_six_neutral_turns() -> None:
    director, state = fresh("hard")
    moves = [director.next_move(state, ta(f"Here is point {i}.")) for i in range(6)]
    assert state.trust <= 0.25 and state.patience == 1.0
    intents = [m.intent for m in moves]
    assert "raise_concern" in intents  # a guarded partner presses its own worry
    pressed = moves[intents.index("raise_concern")]
    assert "unprompted" not in pressed.reason and "pressed her own worry" in pressed.reason
    assert all(m.intent in ("acknowledge", "raise_concern", "push_back") for m in moves)
    assert not any(m.intent == "acknowledge" and "flavour" not in m.slots for m in moves)


def test_medium_persona_does_not_press() -> None:
    director, state = fresh("medium")
    moves = [director.next_move(state, ta(f"Here is point {i}.")) for i in range(6)]
    assert {m.intent for m in moves} == {"acknowledge"}


def test_farewell_tone_follows_trust() -> None:
    director, state = fresh("hard")
    assert director.farewell(state).slots["tone"] == "cool"
    state.trust = 0.9
    assert director.farewell(state).slots["tone"] == "warm" and state.closed


def test_a_concern_answered_in_the_same_turn_is_not_raised() -> None:
    """Naming a trigger and answering it at once pre-empts the concern and earns trust."""
    from rmcoach.analysis import TurnContext, analyze_turn
    from rmcoach.content import load_library
    from rmcoach.partner.director import Director

    library = load_library()
    persona, topic = library.personas["cfo-skeptic"], library.topics["generative-ai"]
    director = Director(persona, topic)
    state = director.initial_state()
    before = state.trust
    text = "If an analyst wanted to paste the forecast in, it would only go into the approved company version, under contract."
    move = director.next_move(state, analyze_turn(text, TurnContext(topic=topic, persona=persona)))
    assert move.intent != "raise_concern"
    assert "data-leak" in state.concerns_addressed and state.open_concern is None
    assert state.trust > before
