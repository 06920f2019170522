"""What the partner says back at a teach-back: the learner's mirror of what landed.

Mentor mode: concept by concept, the senior repeats the plain explanation where
understanding is high, a misconception from the topic file where it is low, and
"we never got to X" where the concept was never touched. Mentee mode: the junior
recaps what it covered, and where it hid behind jargon.
"""

from __future__ import annotations

from rmcoach.content.models import Topic
from rmcoach.content.templates import render
from rmcoach.partner.models import PartnerState
from rmcoach.partner.rules_config import MenteeRules, MentorRules


def mentor_teach_back(topic: Topic, state: PartnerState, rules: MentorRules) -> tuple[str, str]:
    """(teach-back text, one-clause summary of what landed) from the understanding scores."""
    parts: list[str] = []
    landed: list[str] = []
    wrong: list[str] = []
    missed: list[str] = []
    for concept in topic.concepts:
        level = state.understanding.get(concept.id, 0.0)
        if level >= rules.understanding["understood"]:
            key, answer = "understood", " ".join(concept.plain.split())
            landed.append(concept.name)
        elif level > 0 and concept.misconceptions:
            key, answer = "misunderstood", concept.misconceptions[0]
            wrong.append(concept.name)
        else:
            key, answer = "untouched", ""
            missed.append(concept.name)
        parts.append(render(rules.teach_back[key], {"concept": concept.name, "answer": answer}))
    summary = f"{len(landed)} of {len(topic.concepts)} concepts landed"
    if wrong:
        summary += f", {len(wrong)} came back as a misconception"
    if missed:
        summary += f", {len(missed)} never came up"
    return " ".join(p for p in parts if p), summary


def mentee_recap(topic: Topic, state: PartnerState, rules: MenteeRules) -> tuple[str, str]:
    """(recap text, one-clause summary) of what the junior covered and how plainly."""
    parts: list[str] = []
    covered = 0
    for concept in topic.concepts:
        level = state.understanding.get(concept.id, 0.0)
        if level >= rules.understanding["covered"]:
            key = "covered"
            covered += 1
        elif level > 0:
            key = "jargon"
        else:
            key = "untouched"
        parts.append(render(rules.recap[key], {"concept": concept.name, "answer": "", "term": ""}))
    summary = f"{covered} of {len(topic.concepts)} concepts covered plainly"
    return " ".join(p for p in parts if p), summary
