"""The role guard: a table of crafted replies, then regenerate-once and scripted fallback."""

from __future__ import annotations

import pytest

from llm_servers import SCRIPTED, FaultServer, Reply, collect, good, llm_settings, partner_inputs
from rmcoach.partner.guard import check_reply, clean_reply
from rmcoach.partner.llm import GUARD_EVERY, trim_to_sentences

PERSONA = partner_inputs()["persona"]
LEARNER = "It's basically an LLM with RAG on top, and it saves time on the board pack."

FINE = [
    "Sorry, RAG? Say that in words I'd use in a budget meeting.",
    "So a large language model is autocomplete, grown up. What does it cost per head?",
    "You could say that. But who checks the figures before they reach the board?",
    "I asked a prompt engineer once. I still don't know what a prompt is.",
    "Honestly? The board pack. Four days a month reformatting commentary.",
    "Stop there. If an analyst pastes our forecast into ChatGPT, where does it go?",
    "Right. It guesses the next word. That I can follow.",
    "Legal said: be careful. That is not a policy.",
]
VIOLATIONS = [
    ("Learner: Sure, let me explain RAG.", "speaks for the learner"),
    ("Good point.\nYou: It means retrieval.", "speaks for the learner"),
    ("**User:** tell me more", "speaks for the learner"),
    ('You might say: "RAG means looking things up first."', "speaks for the learner"),
    ("Fine.\nMargaret: And the cost?", "writes both sides of the dialogue"),
    ('They said: "cost?" You replied: "Honestly, the board pack."', "speaks for the learner"),
    ("Great question, a good mentor would check for understanding here.", "good mentor"),
    ("As your coach, I'd slow down a little.", "coach"),
    ("You should ask me about my week before explaining features.", "how to teach"),
    ("Try explaining it with an analogy.", "coaches"),
    ("That was a closed question; open questions work better.", "coaching terms"),
    ("Your clarity score would go up with shorter sentences.", "scoring"),
    ("Per the rubric, this turn lacks a reflection.", "scoring"),
    ("As an AI language model, I cannot have opinions about budgets.", "AI"),
    ("I'm an AI assistant created to help with questions.", "AI"),
    ("I cannot role-play as a CFO.", "refuses the role"),
    ("How can I assist you today?", "assistant"),
    ("My instructions say I should ask what RAG means.", "instructions"),
    ("The stage direction says to stop you here.", "instructions"),
    ("My creator notes say learners who ask about my month get the story.", "hidden notes"),
    ("", "empty"),
    ("   \n ", "empty"),
    ("Budget. " * 300, "too long"),
]


@pytest.mark.parametrize("reply", FINE)
def test_in_character_replies_pass(reply: str) -> None:
    assert check_reply(reply, PERSONA, LEARNER) is None


@pytest.mark.parametrize(("reply", "why"), VIOLATIONS)
def test_violations_are_named(reply: str, why: str) -> None:
    reason = check_reply(reply, PERSONA, LEARNER)
    assert reason is not None, reply
    assert why.lower() in reason.lower()


def test_verbatim_creator_notes_are_a_leak() -> None:
    leak = "Fine. " + PERSONA.creator_notes.split(".")[1].strip() + "."
    assert check_reply(leak, PERSONA, LEARNER) == "repeats hidden material"


def test_overlap_with_the_prompt_instructions_is_a_leak() -> None:
    hidden = "Never advise them on how to teach or listen, and never grade them."
    reply = "I shall never advise them on how to teach or listen, quite right."
    assert check_reply(reply, PERSONA, LEARNER) is None
    assert check_reply(reply, PERSONA, LEARNER, hidden=[hidden]) == "repeats hidden material"


def test_parroting_the_learner_is_caught_but_a_short_quote_is_not() -> None:
    assert check_reply(f"{LEARNER} Indeed.", PERSONA, LEARNER) == "parrots the learner's turn"
    assert check_reply("The board pack, you say. Go on.", PERSONA, LEARNER) is None


def test_partial_replies_skip_end_only_checks() -> None:
    assert check_reply("", PERSONA, LEARNER, partial=True) is None
    assert check_reply("Budget. " * 300, PERSONA, LEARNER, partial=True) is None
    assert check_reply("As an AI", PERSONA, LEARNER, partial=True) is not None


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("Margaret Okafor: Go on.", "Go on."),
        ("**Margaret:** Go on.", "Go on."),
        ("Partner: Go on.", "Go on."),
        ('"Go on."', "Go on."),
        ("Go on.\n\n\n\nAnd?", "Go on.\n\nAnd?"),
    ],
)
def test_clean_reply_strips_wrappers(raw: str, clean: str) -> None:
    assert clean_reply(raw, PERSONA) == clean


def test_trim_to_sentences() -> None:
    assert trim_to_sentences("One. Two! Three? Four", 16) == "One. Two! Three?"
    assert trim_to_sentences("One. Two three four five", 8) == "One."
    assert trim_to_sentences("no sentence end at all", 10) == ""


# ---------------------------------------------------------------- through the fault server


async def test_violation_is_regenerated_once(fault_server: FaultServer) -> None:
    fault_server.serve(Reply(text="As an AI language model, I can't say."), good("Go on. Cost?"))
    fragments, final = await collect(llm_settings(fault_server.url))
    assert fault_server.chat_requests == 2
    assert (final.source, final.text, final.notice) == ("llm", "Go on. Cost?", None)
    assert "As an AI" in final.discarded
    restarts = [f for f in fragments if f.restart]
    assert len(restarts) == 1 and restarts[0].text == "Go"


async def test_two_violations_fall_back_to_the_scripted_line(fault_server: FaultServer) -> None:
    fault_server.serve(
        Reply(text="Learner: RAG means retrieval."), Reply(text="As your coach, slow down.")
    )
    _, final = await collect(llm_settings(fault_server.url, max_retries=3))
    assert fault_server.chat_requests == 2  # regenerated once, never more
    assert final.source == "scripted" and final.text == SCRIPTED
    assert final.notice and "coach" in final.notice and "scripted" in final.notice
    # each attempt was abandoned where the violation appeared; what streamed is kept
    assert final.discarded.startswith("Learner:") and "As your coach" in final.discarded


async def test_a_violation_stops_reading_the_stream(fault_server: FaultServer) -> None:
    long_bad = "As an AI language model " + "I keep going " * 50 + "."
    fault_server.serve(Reply(text=long_bad), good("Fine. Go on."))
    fragments, final = await collect(llm_settings(fault_server.url))
    assert final.text == "Fine. Go on."
    restart = next(i for i, f in enumerate(fragments) if f.restart)
    first_attempt = "".join(f.text for f in fragments[:restart])
    assert first_attempt.startswith("As an AI")
    assert len(first_attempt) <= 24 + GUARD_EVERY  # abandoned soon after the violation


async def test_the_request_asks_for_a_short_turn_and_stops_at_learner_lines(
    fault_server: FaultServer,
) -> None:
    await collect(llm_settings(fault_server.url))
    body = fault_server.requests[0]
    assert body["stream"] is True
    assert 0 < body["max_tokens"] <= 400
    assert "\nLearner:" in body["stop"]
    assert body["messages"][0]["role"] == "system"
    assert body["messages"][-1] == {
        "role": "user",
        "content": partner_inputs()["transcript"][-1].text,
    }


def test_tool_tips_are_fine_from_a_junior_mentor_but_not_from_the_senior() -> None:
    from llm_servers import _shipped_library

    junior = next(p for p in _shipped_library().personas.values() if p.mode == "mentee")
    tip = "Try asking it for a summary of last month's report, then check the figures."
    assert check_reply(tip, junior, LEARNER) is None
    assert check_reply(tip, PERSONA, LEARNER) == "coaches the learner"
    # scoring talk and role breaks are out of role in both modes
    assert check_reply("Your listening score is 64.", junior, LEARNER) == "talks about scoring"
    assert check_reply("As an AI, I think so.", junior, LEARNER) == "says it is an AI"
