"""Trainer content: personas, topics, templates and guidance, loaded and validated."""

from typing import TYPE_CHECKING, Any

from rmcoach.content.models import (
    INTENTS,
    Concept,
    Concern,
    Difficulty,
    PainPoint,
    Persona,
    Topic,
)

if TYPE_CHECKING:
    from rmcoach.content.library import ContentLibrary, load_library


def __getattr__(name: str) -> Any:
    """The loader (Jinja2, YAML) is imported on first use, so `rmcoach --help` stays light."""
    if name in ("ContentLibrary", "load_library"):
        from rmcoach.content import library

        return getattr(library, name)
    raise AttributeError(f"module 'rmcoach.content' has no attribute {name!r}")


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
