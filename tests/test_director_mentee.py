"""Mentee-mode director: the junior's reactions to an executive's conduct, one case per rule."""

from __future__ import annotations

import pytest

from partner_helpers import long_text, persona, ta, topic
from rmcoach.partner.director import Director
from rmcoach.partner.models import PartnerState


def fresh(persona_id: str, difficulty: str = "medium") -> tuple[Director, PartnerState]:
    director = Director(persona(persona_id), topic(), difficulty)
    return director, director.initial_state()


GO_ON = ta("Go on, please.", "other")


def test_early_explanations_lean_on_jargon_and_overtechnical_one_more() -> None:
    for persona_id, habit in (("junior-confident", 2), ("junior-overtechnical", 3)):
        director, state = fresh(persona_id)
        moves = [director.next_move(state, GO_ON) for _ in range(4)]
        flavours = [m.slots["flavour"] for m in moves]
        assert flavours == ["explain"] * habit + ["short_answer"] * (4 - habit), persona_id
        assert moves[0].slots["term"] == topic().concepts[0].jargon[0]
        assert "jargon until you ask" in moves[0].reason


def test_asking_what_a_term_means_gets_a_plain_answer_and_ends_the_jargon() -> None:
    director, state = fresh("junior-overtechnical")
    director.next_move(state, GO_ON)
    before = state.trust
    move = director.next_move(state, ta("Sorry, what does LLM mean?", "question", "open"))
    assert move.intent == "reveal" and move.slots["flavour"] == "short_answer"
    assert move.slots["answer"].startswith("LLM just means the tool has read")
    assert state.trust == pytest.approx(before + 0.10 + 0.03)
    assert "you asked what it means" in move.reason
    nxt = director.next_move(state, GO_ON)
    assert (
        nxt.slots["flavour"] == "short_answer" and "now that you asked about jargon" in nxt.reason
    )


def test_short_follow_up_without_the_term_refers_to_the_last_term() -> None:
    director, state = fresh("junior-confident")
    director.next_move(state, GO_ON)
    move = director.next_move(state, ta("What does that mean?", "question", "open"))
    assert move.slots["term"] == "LLM"


def test_deferential_junior_hedges_until_challenge_is_invited() -> None:
    director, state = fresh("junior-deferential")
    hedge = director.next_move(state, GO_ON)
    assert (hedge.intent, hedge.slots["flavour"]) == ("confused", "hedge")
    assert "inviting challenge helps" in hedge.reason
    invited = director.next_move(
        state, ta("Tell me where I'm wrong, be honest.", "other", invites_challenge=True)
    )
    assert invited.intent == "reveal" and "invited challenge" in invited.reason
    assert state.trust == pytest.approx(0.45)
    assert director.next_move(state, GO_ON).slots["flavour"] == "explain"  # no longer hedging


def test_summary_back_or_request_for_example_gets_an_example() -> None:
    for analysis in (
        ta("So it guesses the next word?", "reflection", "simple", summarises_back=True),
        ta("Can you give me an example?", "question", "open", asks_example=True),
    ):
        director, state = fresh("junior-confident")
        director.next_move(state, GO_ON)
        move = director.next_move(state, analysis)
        assert (move.intent, move.slots["flavour"]) == ("reveal", "example")
        assert not move.slots["answer"].lower().startswith("like ")
        assert state.understanding["prediction"] == 1.0


def test_lecturing_makes_a_quiet_junior_go_quiet_and_stay_quiet() -> None:
    director, state = fresh("junior-nervous")
    move = director.next_move(state, ta(long_text(95)))
    assert move.slots["flavour"] == "go_quiet" and "past his patience of 90" in move.reason
    assert state.quiet and state.trust < 0.32
    assert director.next_move(state, GO_ON).slots["flavour"] == "go_quiet"
    back = director.next_move(state, ta("What do you make of it?", "question", "open"))
    assert back.slots.get("flavour") != "go_quiet" and not state.quiet


def test_a_confident_junior_cuts_into_a_lecture() -> None:
    director, state = fresh("junior-confident")
    move = director.next_move(state, ta(long_text(130)))
    assert move.intent == "interrupt" and "130 words" in move.reason


def test_dominating_with_few_questions_counts_as_lecturing() -> None:
    director, state = fresh("junior-overtechnical")
    for _ in range(2):
        director.next_move(state, ta("We did this before.", "information"))
    move = director.next_move(state, ta(long_text(50), "information"))
    assert move.slots["flavour"] == "go_quiet" and "only 0 of your 3 turns" in move.reason


def test_dismissive_words_drop_trust_and_the_junior_says_less() -> None:
    director, state = fresh("junior-nervous")
    move = director.next_move(
        state, ta("Honestly, kids these days think it's magic.", dismissive=("kids these days",))
    )
    assert move.intent == "raise_concern" and "'kids these days'" in move.reason
    assert state.trust == pytest.approx(0.17) and state.quiet
    ignored = director.next_move(state, ta("Anyway."))
    assert ignored.slots["flavour"] == "go_quiet" and "without taking back" in ignored.reason


def test_a_confident_junior_stands_its_ground_once() -> None:
    director, state = fresh("junior-confident")
    director.next_move(state, ta("That's just hype.", dismissive=("that's hype",)))
    move = director.next_move(state, ta("Anyway."))
    assert move.intent == "push_back" and "Stood her ground" in move.reason


def test_taking_the_remark_back_restores_some_trust() -> None:
    director, state = fresh("junior-nervous")
    director.next_move(state, ta("That's just hype.", dismissive=("that's hype",)))
    low = state.trust
    director.next_move(state, ta("Sorry, that was unfair. Tell me more?", "question", "open"))
    assert state.trust > low and state.concerns_addressed == ["hype-dismissal"]


def test_thanks_and_commitment_open_the_junior_up_and_close_warmly() -> None:
    director, state = fresh("junior-nervous")
    move = director.next_move(
        state,
        ta("Thank you. I'll try it on one task this week.", "other", thanks=True, commitment=True),
    )
    assert (move.intent, move.slots["flavour"]) == ("acknowledge", "open_up")
    assert state.warm and director.farewell(state).slots["tone"] == "warm"


def test_open_question_about_the_junior_reveals_what_they_wish_leaders_knew() -> None:
    director, state = fresh("junior-confident")
    move = director.next_move(
        state,
        ta(
            "What do your meetings look like in a week?",
            "question",
            "open",
            asks_about_partner=True,
        ),
    )
    assert move.intent == "reveal" and "meetings standing in for work" in move.reason
    closed = director.next_move(
        state, ta("Do you like the office?", "question", "closed", asks_about_partner=True)
    )
    assert closed.slots["flavour"] == "short_answer" and "closed question" in closed.reason


def test_the_executives_own_jargon_gets_asked_about() -> None:
    director, state = fresh("junior-nervous", "hard")
    move = director.next_move(
        state, ta("What's the KPI?", "question", "open", jargon_unexplained=("KPI",))
    )
    assert move.intent == "ask_meaning" and move.slots["term"] == "KPI"


def test_recap_at_the_end_names_what_was_covered_and_what_was_not() -> None:
    director, state = fresh("junior-confident")
    director.next_move(state, GO_ON)  # jargon share
    director.next_move(
        state, ta("Can you give me an example?", "question", "open", asks_example=True)
    )
    director.next_move(state, GO_ON)  # second share, with jargon
    move = director.closing(state)
    assert move.intent == "summarize_understanding"
    assert 'We covered "It predicts words' in move.slots["teach_back"]
    assert "in too much jargon" in move.slots["teach_back"]
    assert 'We never got to "Check what it says' in move.slots["teach_back"]
