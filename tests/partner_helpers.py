"""Helpers shared by the director and scripted-realizer tests."""

from __future__ import annotations

from typing import Any

from rmcoach.analysis.models import TurnAnalysis
from rmcoach.content.models import Persona, Topic
from rmcoach.content.persona import load_persona
from rmcoach.content.topic import load_topic
from rmcoach.paths import shipped_prompts


def persona(persona_id: str) -> Persona:
    return load_persona(shipped_prompts() / "personas" / f"{persona_id}.yaml")


def topic(topic_id: str = "generative-ai") -> Topic:
    return load_topic(shipped_prompts() / "topics" / f"{topic_id}.yaml")


def ta(
    text: str, act: str = "information", subtype: str | None = None, **fields: Any
) -> TurnAnalysis:
    """A TurnAnalysis built by hand: only the fields a case cares about are set."""
    words = fields.pop("words", len(text.split()))
    return TurnAnalysis(
        text=text,
        act=act,
        subtype=subtype,
        words=words,
        sentences=1,
        longest_sentence=words,
        avg_sentence_words=float(words),
        readability=60.0,
        **fields,
    )


def long_text(words: int) -> str:
    return " ".join(["budget"] + ["word"] * (words - 1))
