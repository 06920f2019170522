"""Trainer-only material (creator_notes, debrief_notes) never reaches a model or a session.

For every shipped persona, the LLM system prompt is rendered for every move by the same
function `rmcoach persona show` uses, and every scripted line is rendered; no run of
six words from the hidden notes may appear in any of them.
"""

from __future__ import annotations

import json
import re
from dataclasses import replace

import pytest

from rmcoach.cli.persona_preview import build_preview, example_slots, system_prompt
from rmcoach.config import load_settings
from rmcoach.content.library import load_library
from rmcoach.content.models import INTENTS, Persona, Topic

WINDOW = 6
LIBRARY = load_library(None)  # shipped content only
SHIPPED = sorted(LIBRARY.personas)


def windows(text: str, size: int = WINDOW) -> set[str]:
    words = re.findall(r"[a-z0-9']+", text.lower())
    return {" ".join(words[i : i + size]) for i in range(len(words) - size + 1)}


def leaks(hidden: str, spoken: str) -> set[str]:
    """Six-word runs of the hidden text that also occur in the spoken text."""
    return windows(hidden) & windows(spoken)


def topics_for(persona: Persona) -> list[Topic]:
    listed = [LIBRARY.topics[t] for t in persona.knowledge if t in LIBRARY.topics]
    return listed[:2] or [LIBRARY.topics[sorted(LIBRARY.topics)[0]]]


def spoken_text(persona: Persona, topic: Topic) -> list[str]:
    """Every system prompt (all moves, all levels) and every scripted line for one topic."""
    settings = load_settings()
    texts: list[str] = []
    for level in persona.difficulties:
        texts += [system_prompt(settings, persona, topic, intent, level) for intent in INTENTS]
    preview = build_preview(settings, persona, topic)
    texts.append(preview.first_message)
    texts += [line for lines in preview.lines.values() for line in lines]
    for concern in persona.concerns:
        texts += [*concern.says, *concern.push_back]
    for point in persona.pain_points:
        texts += [point.says, point.short]
    return texts


def test_shipped_personas_have_hidden_notes_to_protect() -> None:
    assert len(SHIPPED) >= 4
    assert all(len(windows(LIBRARY.personas[p].creator_notes)) > 3 for p in SHIPPED)


@pytest.mark.parametrize("persona_id", SHIPPED)
def test_no_hidden_material_in_prompts_or_lines(persona_id: str) -> None:
    persona = LIBRARY.personas[persona_id]
    hidden = {"creator_notes": persona.creator_notes, "debrief_notes": persona.debrief_notes}
    for topic in topics_for(persona):
        for text in spoken_text(persona, topic):
            for name, notes in hidden.items():
                found = leaks(notes, text)
                assert not found, (
                    f"{persona_id} {name} leaks into {text[:80]!r}: {sorted(found)[:3]}"
                )


def test_the_check_catches_a_leak() -> None:
    """Control: a persona whose personality quotes its own creator notes is caught."""
    persona = LIBRARY.personas[SHIPPED[0]]
    leaky = replace(persona, personality=persona.personality + " " + persona.creator_notes)
    topic = topics_for(persona)[0]
    prompt = system_prompt(load_settings(), leaky, topic, "acknowledge")
    assert leaks(persona.creator_notes, prompt)


def test_rubric_and_notes_are_only_in_the_hidden_section_of_show() -> None:
    persona = LIBRARY.personas[SHIPPED[0]]
    topic = topics_for(persona)[0]
    data = build_preview(load_settings(), persona, topic).to_dict()
    hidden = data.pop("hidden")
    assert hidden["creator_notes"] == persona.creator_notes
    assert "effective_rubric" in hidden and "weights" in hidden["effective_rubric"]
    rest = json.dumps(data, ensure_ascii=False)
    assert not leaks(persona.creator_notes, rest) and not leaks(persona.debrief_notes, rest)
    assert "effective_rubric" not in rest and "creator_notes" not in rest


def test_example_slots_carry_no_hidden_text() -> None:
    for persona_id in SHIPPED:
        persona = LIBRARY.personas[persona_id]
        slots = " ".join(example_slots(persona, topics_for(persona)[0]).values())
        assert not leaks(persona.creator_notes, slots)
