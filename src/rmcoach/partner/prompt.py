"""The LLM partner's messages: a system prompt from a trainer template, then the history.

The template (`prompts/templates/partner_system.j2`, overridable in the user content
directory) is rendered in the Jinja2 sandbox and only receives plain values built
here. The Persona object itself is never passed in, so no template, however written,
can reach creator_notes, debrief_notes or the rubric.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rmcoach.config import Settings
from rmcoach.content.models import Persona, Topic
from rmcoach.content.templates import render_file
from rmcoach.knowledge.models import Passage
from rmcoach.partner.models import Move, PartnerState
from rmcoach.paths import shipped_prompts
from rmcoach.transcript import Turn

TEMPLATE_NAME = "partner_system.j2"
#: Turns of history sent with each request (the newest ones).
HISTORY_TURNS = 12
#: One history message is cut to this many characters (a 1 MB paste must not reach the model).
MESSAGE_CHARS = 2000
#: Guidance passages offered as background, and the characters kept of each.
MAX_FACTS = 3
FACT_CHARS = 400
MAX_SENTENCES = 4
#: Understanding at or above this counts as "understood" in the state summary.
UNDERSTOOD = 0.6
#: The cue sent when the partner speaks first (nothing from the learner yet).
OPENING_CUE = "(The conversation begins. Say your first line.)"


@dataclass(frozen=True)
class PartnerPrompt:
    """What goes to the endpoint, plus the template's own wording for the leak check."""

    messages: list[dict[str, str]]
    system: str
    instructions: str  # the system prompt minus every persona/topic/state value


def template_path(settings: Settings) -> Path:
    """The user's override of the template if there is one, else the shipped file."""
    user = settings.paths.content_dir / "templates" / TEMPLATE_NAME
    return user if user.is_file() else shipped_prompts() / "templates" / TEMPLATE_NAME


def build_prompt(
    settings: Settings,
    persona: Persona,
    topic: Topic,
    move: Move,
    state: PartnerState,
    transcript: list[Turn],
    guidance: list[Passage],
    scripted_line: str,
    mode: str,
) -> PartnerPrompt:
    """System prompt + history as chat messages (learner = user, partner = assistant).

    Raises ContentError (TemplateRenderError) when the template is broken.
    """
    values = _values(persona, topic, move, state, guidance, scripted_line, mode)
    system = render_file(template_path(settings), values)
    messages = [{"role": "system", "content": system}, *history_messages(transcript)]
    return PartnerPrompt(
        messages=messages, system=system, instructions=_instructions(system, values)
    )


def history_messages(transcript: list[Turn]) -> list[dict[str, str]]:
    """The newest turns as alternating user/assistant messages, ending with the learner."""
    messages: list[dict[str, str]] = []
    for turn in transcript[-HISTORY_TURNS:]:
        role = "user" if turn.speaker == "learner" else "assistant"
        text = turn.text.strip()
        if not text:
            continue
        if len(text) > MESSAGE_CHARS:
            text = text[:MESSAGE_CHARS].rstrip() + " [...]"
        if messages and messages[-1]["role"] == role:
            messages[-1]["content"] += "\n\n" + text
        else:
            messages.append({"role": role, "content": text})
    if messages and messages[0]["role"] == "assistant":
        messages.insert(0, {"role": "user", "content": OPENING_CUE})
    if not messages or messages[-1]["role"] != "user":
        messages.append({"role": "user", "content": OPENING_CUE if not messages else "(Go on.)"})
    return messages


def _values(
    persona: Persona,
    topic: Topic,
    move: Move,
    state: PartnerState,
    guidance: list[Passage],
    scripted_line: str,
    mode: str,
) -> dict[str, Any]:
    names = {c.id: c.name for c in topic.concepts}
    concerns = {c.id: c.label for c in persona.concerns}
    pains = {p.id: p.label for p in persona.pain_points}
    return {
        "persona": {
            "name": persona.name,
            "role": persona.role,
            "organisation": persona.organisation,
            "pronouns": persona.pronouns,
            "personality": _squash(persona.personality),
            "speaking_style": _squash(persona.speaking_style),
        },
        "topic": {"title": topic.title, "summary": _squash(topic.summary)},
        "mode": mode,
        "trust": _level(state.trust),
        "patience": _level(state.patience),
        "understood": [names.get(c, c) for c, v in state.understanding.items() if v >= UNDERSTOOD],
        "still_unclear": [
            names.get(c, c) for c, v in state.understanding.items() if 0 < v < UNDERSTOOD
        ],
        "open_concern": concerns.get(state.open_concern or "", state.open_concern or ""),
        "revealed": [pains.get(p, p) for p in state.pain_points_revealed],
        "examples": example_pairs(persona.example_dialogue),
        "facts": [
            {"title": p.title, "text": _squash(p.text)[:FACT_CHARS]} for p in guidance[:MAX_FACTS]
        ],
        "intent": move.intent,
        "slots": {k: str(v) for k, v in move.slots.items()},
        "line": _squash(scripted_line),
        "max_sentences": MAX_SENTENCES,
    }


def example_pairs(dialogue: str) -> list[dict[str, str]]:
    """Character-card example dialogue (`<START>` blocks of `Learner:`/`Partner:` lines) as
    (they, you) pairs, so the prompt shows the voice without "Learner:" lines to imitate."""
    pairs: list[dict[str, str]] = []
    for block in re.split(r"<START>", dialogue or ""):
        they = ""
        for line in block.splitlines():
            head, sep, rest = line.partition(":")
            who = head.strip().lower()
            if not sep:
                continue
            if who in ("learner", "{{user}}", "user"):
                they = rest.strip()
            elif who in ("partner", "{{char}}", "char") and they:
                pairs.append({"they": they, "you": rest.strip()})
                they = ""
    return pairs


def _instructions(system: str, values: dict[str, Any]) -> str:
    """The template's own words: the system prompt with every supplied value cut out."""
    text = system
    for value in sorted(_strings(values), key=len, reverse=True):
        if len(value) > 3:
            text = text.replace(value, "\n")
    return text


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, (list, tuple)):
        return [s for v in value for s in _strings(v)]
    return []


def _level(value: float) -> str:
    return "low" if value < 0.35 else "moderate" if value < 0.65 else "high"


def _squash(text: str) -> str:
    return " ".join(text.split())
