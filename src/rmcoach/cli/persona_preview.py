"""What a session would use for a persona, built by the session's own code, for `persona show`.

The system prompts come from partner.prompt.build_prompt with the director's starting
state and one Move per intent, and the scripted lines from the scripted realizer, so
the preview cannot drift from a real session. Hidden material (creator notes, debrief
notes, rubric) is collected separately and never passed to either.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from rmcoach.config import Settings
from rmcoach.content.models import EXTRA_LINE_KEYS, INTENTS, Persona, Topic
from rmcoach.content.templates import SLOT_NAMES, render

#: The slots each intent's move carries (beyond name, role, topic and goal).
INTENT_SLOTS: dict[str, tuple[str, ...]] = {
    "ask_meaning": ("term",),
    "reveal": ("pain_point", "answer"),
    "raise_concern": ("concern",),
    "push_back": ("concern",),
    "acknowledge": ("concept",),
    "confused": ("concept",),
    "summarize_understanding": ("teach_back",),
}


@dataclass
class Preview:
    """Everything `persona show` prints, as plain data (also its --json output)."""

    persona: Persona
    topic: Topic
    difficulty: str
    slots: dict[str, str]
    prompts: dict[str, str]  # intent -> the full system prompt for that move
    first_message: str
    lines: dict[str, list[str]]  # line key -> rendered lines
    rubric: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        p = self.persona
        level = p.level(self.difficulty)
        return {
            "id": p.id,
            "mode": p.mode,
            "name": p.name,
            "source": str(p.source) if p.source else None,
            "topic": self.topic.id,
            "difficulty": self.difficulty,
            "difficulties": {
                name: {
                    "patience": d.patience,
                    "jargon_tolerance": d.jargon_tolerance,
                    "concern_intensity": d.concern_intensity,
                    "trust": d.trust,
                }
                for name, d in p.difficulties.items()
            },
            "level": {
                "patience": level.patience,
                "jargon_tolerance": level.jargon_tolerance,
                "concern_intensity": level.concern_intensity,
                "trust": level.trust,
            },
            "example_slots": dict(self.slots),
            "system_prompts": dict(self.prompts),
            "first_message": self.first_message,
            "lines": {k: list(v) for k, v in self.lines.items()},
            "concerns": [
                {
                    "id": c.id,
                    "label": c.label,
                    "triggers": list(c.triggers),
                    "says": list(c.says),
                    "addressed_by": list(c.addressed_by),
                    "push_back": list(c.push_back),
                }
                for c in p.concerns
            ],
            "pain_points": [
                {
                    "id": pp.id,
                    "label": pp.label,
                    "says": pp.says,
                    "short": pp.short,
                    "keywords": list(pp.keywords),
                }
                for pp in p.pain_points
            ],
            "hidden": {
                "note": "never sent to a model, never shown in a session",
                "creator_notes": p.creator_notes,
                "debrief_notes": p.debrief_notes,
                "rubric": dict(p.rubric),
                "effective_rubric": self.rubric,
            },
        }


def default_topic(persona: Persona, topics: dict[str, Topic]) -> Topic:
    """The first topic the persona lists under `knowledge`, else the first topic by id."""
    for topic_id in persona.knowledge:
        if topic_id in topics:
            return topics[topic_id]
    return topics[sorted(topics)[0]]


def example_slots(persona: Persona, topic: Topic) -> dict[str, str]:
    """Realistic values for every slot, taken from the persona's and topic's own text."""
    from rmcoach.partner.wording import base_slots

    concept = topic.concepts[0] if topic.concepts else None
    concern = persona.concerns[0] if persona.concerns else None
    pain = persona.pain_points[0] if persona.pain_points else None
    slots = {name: f"<{name}>" for name in (*SLOT_NAMES, "push_back")}
    slots.update(base_slots(persona, topic))
    slots["term"] = next(iter(topic.all_jargon()), slots["term"])
    if concept is not None:
        slots["concept"] = concept.name
        slots["teach_back"] = " ".join(concept.plain.split())
    if concern is not None:
        slots["concern"] = concern.says[0]
        slots["push_back"] = (concern.push_back or concern.says)[-1]
    if pain is not None:
        slots["pain_point"] = " ".join(pain.says.split())
        slots["answer"] = pain.short
    return slots


def system_prompt(
    settings: Settings,
    persona: Persona,
    topic: Topic,
    intent: str,
    difficulty: str | None = None,
    slots: dict[str, str] | None = None,
) -> str:
    """The LLM system prompt a session would send for a move with this intent, at the start."""
    from rmcoach.partner.director import Director
    from rmcoach.partner.models import Move
    from rmcoach.partner.prompt import build_prompt
    from rmcoach.partner.scripted import ScriptedRealizer
    from rmcoach.partner.wording import base_slots

    director = Director(persona, topic, difficulty)
    state = director.initial_state()
    values = for_key(intent, slots or example_slots(persona, topic))
    move_slots = {
        **base_slots(persona, topic),
        **{k: values[k] for k in INTENT_SLOTS.get(intent, ())},
    }
    move = Move(intent, move_slots, "preview")
    line = ScriptedRealizer(persona, topic).realize(move, state)
    return build_prompt(settings, persona, topic, move, state, [], [], line, persona.mode).system


def scripted_lines(persona: Persona, slots: dict[str, str]) -> dict[str, list[str]]:
    """Every scripted line, rendered with the example slots, intents first."""
    where = persona.source or persona.id
    keys = [k for k in (*INTENTS, *EXTRA_LINE_KEYS) if k in persona.lines]
    return {
        k: [render(line, for_key(k, slots), where=where) for line in persona.lines[k]] for k in keys
    }


def for_key(key: str, slots: dict[str, str]) -> dict[str, str]:
    """The example slots as a move of this kind carries them (a push-back says its own line)."""
    if key == "push_back":
        return {**slots, "concern": slots["push_back"]}
    return slots


def build_preview(
    settings: Settings, persona: Persona, topic: Topic, difficulty: str | None = None
) -> Preview:
    """All of the above for one persona, topic and difficulty."""
    from rmcoach.scoring.rubric import effective_rubric

    level = difficulty or persona.difficulty
    slots = example_slots(persona, topic)
    prompts = {
        intent: system_prompt(settings, persona, topic, intent, level, slots) for intent in INTENTS
    }
    rubric = effective_rubric(persona.mode, persona, topic)
    return Preview(
        persona=persona,
        topic=topic,
        difficulty=level,
        slots=slots,
        prompts=prompts,
        first_message=render(persona.first_message, slots, where=persona.source or persona.id),
        lines=scripted_lines(persona, slots),
        rubric={"weights": rubric.weights, "targets": rubric.targets},
    )
