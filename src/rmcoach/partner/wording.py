"""Small text helpers the rules share: pronouns for reasons, phrase matching, quoting."""

from __future__ import annotations

import re
from functools import lru_cache

from rmcoach.content.models import Persona, Topic

_POSSESSIVE = {"she": "her", "he": "his", "they": "their"}


def pronouns(persona: Persona) -> tuple[str, str, str]:
    """(subject, object, possessive) from a persona's `pronouns` field ("she/her")."""
    parts = [p.strip().lower() for p in persona.pronouns.split("/") if p.strip()]
    subject = parts[0] if parts else "they"
    obj = parts[1] if len(parts) > 1 else {"she": "her", "he": "him"}.get(subject, "them")
    return subject, obj, _POSSESSIVE.get(subject, obj)


@lru_cache(maxsize=1024)
def _phrase(phrase: str) -> re.Pattern[str]:
    return re.compile(r"(?<![\w-])" + re.escape(phrase.lower()) + r"(?![\w-])")


def find_phrases(text: str, phrases: tuple[str, ...]) -> list[str]:
    """The phrases that occur in `text` as whole words (case-insensitive), in list order."""
    low = text.lower()
    return [p for p in phrases if _phrase(p).search(low)]


def quote(text: str, words: int = 8) -> str:
    """The first few words of a turn, for a reason ('What takes up most ...')."""
    parts = text.split()
    short = " ".join(parts[:words])
    return short + ("..." if len(parts) > words else "")


def listing(items: list[str]) -> str:
    """'a', 'a' and 'b', 'a', 'b' and 'c' with each item quoted."""
    quoted = [f"'{i}'" for i in items]
    if len(quoted) <= 1:
        return "".join(quoted)
    return ", ".join(quoted[:-1]) + " and " + quoted[-1]


def base_slots(persona: Persona, topic: Topic) -> dict[str, str]:
    """Slots every move carries, so any line (and an LLM stage direction) can use them."""
    return {
        "name": persona.name,
        "role": persona.role,
        "topic": topic.title,
        "goal": topic.goals[0] if topic.goals else topic.title,
    }


def first_sentence(text: str) -> str:
    """The first sentence of a paragraph (topic texts are written as short paragraphs)."""
    text = " ".join(text.split())
    match = re.match(r"(.+?[.!?])(\s|$)", text)
    return match.group(1) if match else text


def strip_like(analogy: str) -> str:
    """'like a train carriage' -> 'a train carriage', so lines can say 'it's like {{ answer }}'."""
    return re.sub(r"^(it's |it is )?like\s+", "", analogy.strip(), flags=re.IGNORECASE)
