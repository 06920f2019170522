"""The LLM partner's messages: what the system prompt holds, and how history is sent."""

from __future__ import annotations

from typing import Any

from llm_servers import _shipped_library, llm_settings, partner_inputs
from rmcoach.knowledge.models import Passage
from rmcoach.partner.models import Move
from rmcoach.partner.prompt import (
    HISTORY_TURNS,
    MESSAGE_CHARS,
    OPENING_CUE,
    PartnerPrompt,
    build_prompt,
    example_pairs,
    history_messages,
)
from rmcoach.transcript import Turn

SETTINGS_URL = "http://127.0.0.1:9/v1"


def _prompt(**changes: Any) -> PartnerPrompt:
    return build_prompt(llm_settings(SETTINGS_URL), **(partner_inputs() | changes))


def test_system_prompt_holds_persona_topic_state_facts_and_direction() -> None:
    fact = Passage(
        "kb#x", "Data — where it goes", "Approved tools keep data inside.", "kb.md", "both"
    )
    prompt = _prompt(guidance=[fact])
    system = prompt.system
    persona = partner_inputs()["persona"]
    for expected in (
        persona.name,
        persona.role,
        "Generative AI at work",
        "Precise, dry, fair.",  # personality
        "Short sentences.",  # speaking style
        'They said: "What takes up most of your month?"',  # example dialogue, as pairs
        "trust in them moderate",
        "Approved tools keep data inside.",
        'ask what "RAG" means',  # the move as a stage direction
        "Say that in words I'd use in a budget meeting.",  # the scripted line as a suggestion
    ):
        assert expected in system, expected
    assert "Learner:" not in system and "Partner:" not in system
    for hidden in (persona.creator_notes, persona.debrief_notes):
        assert hidden.strip()[:40] not in system


def test_instructions_hold_the_template_words_only() -> None:
    prompt = _prompt()
    assert "Never write their lines" in prompt.instructions
    assert "Precise, dry, fair." not in prompt.instructions
    assert "budget meeting" not in prompt.instructions


def test_a_flavour_refines_the_direction() -> None:
    move = Move("reveal", {"answer": "We have a memo.", "flavour": "short_answer"}, "closed")
    assert "Answer briefly and plainly" in _prompt(move=move).system


def test_mentee_mode_casts_the_partner_as_the_junior() -> None:
    junior = next(p for p in _shipped_library().personas.values() if p.mode == "mentee")
    prompt = _prompt(persona=junior, mode="mentee")
    assert f"You are {junior.name}" in prompt.system
    assert "You are the junior colleague mentoring a senior executive" in prompt.system


def test_history_roles_order_and_limits() -> None:
    turns = [Turn("partner", "Hello.")]
    turns += [Turn("learner", f"Point {i}.") for i in range(3)]  # merged into one message
    messages = history_messages(turns)
    assert messages[0] == {"role": "user", "content": OPENING_CUE}
    assert messages[1] == {"role": "assistant", "content": "Hello."}
    assert messages[2] == {"role": "user", "content": "Point 0.\n\nPoint 1.\n\nPoint 2."}

    paste = Turn("learner", "x" * 1_000_000)
    assert len(history_messages([paste])[-1]["content"]) <= MESSAGE_CHARS + 10

    long = [Turn("learner" if i % 2 else "partner", f"turn {i}") for i in range(40)]
    sent = history_messages(long)
    assert "turn 39" in sent[-1]["content"] and all("turn 1 " not in m["content"] for m in sent)
    assert len(sent) <= HISTORY_TURNS + 1
    assert history_messages([Turn("partner", "Hi.")])[-1]["role"] == "user"


def test_example_pairs_from_a_character_card_dialogue() -> None:
    dialogue = "<START>\nLearner: A?\nPartner: B.\n<START>\n{{user}}: C?\n{{char}}: D.\nstray"
    assert example_pairs(dialogue) == [{"they": "A?", "you": "B."}, {"they": "C?", "you": "D."}]
