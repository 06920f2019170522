"""Guidance files: Markdown with a YAML front matter block (title, tags, audience, topics)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rmcoach.content.fields import FieldReader
from rmcoach.content.yamlsource import load_yaml, read_text
from rmcoach.errors import ContentError, Problem

AUDIENCES = ("mentor", "mentee", "both")


@dataclass(frozen=True)
class GuidanceDoc:
    """One guidance file: metadata plus the Markdown body and the line it starts on."""

    path: Path
    title: str
    tags: tuple[str, ...]
    audience: str
    topics: tuple[str, ...]
    body: str
    body_line: int


def load_guidance(path: Path) -> GuidanceDoc:
    """Parse front matter and body; raises ContentError with lines on any problem."""
    text = read_text(path)
    lines = text.splitlines()
    if not lines or lines[0].strip() != "---":
        raise ContentError(
            [
                Problem(
                    path,
                    1,
                    "guidance must start with a '---' front matter block (title, tags, audience, topics)",
                )
            ]
        )
    try:
        end = next(i for i in range(1, len(lines)) if lines[i].strip() == "---")
    except StopIteration:
        raise ContentError(
            [Problem(path, 1, "front matter is not closed by a second '---' line")]
        ) from None
    header = "\n".join(lines[1:end])
    doc = load_yaml(path, "\n" * 1 + header)
    r = FieldReader(doc)
    if not isinstance(doc.data, dict):
        r.fail((), "front matter must be a mapping (title: ..., audience: ...)")
        raise ContentError(r.problems)
    r.unknown_keys((), ("title", "tags", "audience", "topics"))
    guidance = GuidanceDoc(
        path=path,
        title=r.text(("title",)),
        tags=r.text_list(("tags",)),
        audience=r.choice(("audience",), AUDIENCES, default="both"),
        topics=r.text_list(("topics",)),
        body="\n".join(lines[end + 1 :]).strip(),
        body_line=end + 2,
    )
    if not guidance.body:
        r.fail((), "guidance has no text after the front matter")
    if r.problems:
        raise ContentError(r.problems)
    return guidance
