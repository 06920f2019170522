"""Trainer content: personas, topics, templates and guidance, loaded and validated."""

from rmcoach.content.library import ContentLibrary, load_library
from rmcoach.content.models import (
    INTENTS,
    Concept,
    Concern,
    Difficulty,
    PainPoint,
    Persona,
    Topic,
)

__all__ = [
    "INTENTS",
    "Concept",
    "Concern",
    "ContentLibrary",
    "Difficulty",
    "PainPoint",
    "Persona",
    "Topic",
    "load_library",
]
