"""A retrieved guidance passage, as the coach panel and `kb search` show it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Passage:
    """One chunk of a guidance file (a heading's section), with its retrieval score."""

    id: str  # stable: "<file stem>#<heading slug>"
    title: str  # "<document title> — <heading>"
    text: str
    path: str
    audience: str
    topics: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    score: float = 0.0
    extra: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "text": self.text,
            "path": self.path,
            "audience": self.audience,
            "topics": list(self.topics),
            "tags": list(self.tags),
            "score": round(self.score, 4),
        }
