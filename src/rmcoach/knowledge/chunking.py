"""Guidance files to passages: one chunk per `##` section, front matter carried along.

A chunk's id is "<file stem>#<heading slug>", so it stays the same when other
sections move; its hash covers everything that is embedded or filtered on, so
incremental indexing re-embeds exactly the chunks whose meaning changed.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

from rmcoach.content.guidance import GuidanceDoc, load_guidance
from rmcoach.errors import ContentError, Problem
from rmcoach.paths import shipped_knowledge

_HEADING = re.compile(r"^##\s+(.+?)\s*#*\s*$")
_FENCE = re.compile(r"^\s*(```|~~~)")


@dataclass(frozen=True)
class Chunk:
    """One passage ready to index: text, metadata and a content hash."""

    id: str
    title: str  # "<document title> — <heading>"
    heading: str
    text: str
    path: str
    audience: str
    topics: tuple[str, ...]
    tags: tuple[str, ...]
    hash: str = field(default="", compare=False)

    @property
    def embed_text(self) -> str:
        """What the embedder sees: the titles carry much of a short passage's meaning."""
        return f"{self.title}. {self.text}"


@dataclass
class Corpus:
    """Every chunk found, plus the files that could not be read."""

    chunks: list[Chunk]
    files: list[Path]
    problems: list[Problem]


def slugify(heading: str) -> str:
    """A stable, URL-like slug: lower case, ascii letters and digits joined by '-'."""
    slug = re.sub(r"['’]", "", heading.lower())
    slug = re.sub(r"[^a-z0-9]+", "-", slug).strip("-")
    return slug or "section"


def knowledge_roots(content_dir: Path | None) -> list[Path]:
    """Shipped guidance first, then the user's (later roots override earlier ones)."""
    roots = [shipped_knowledge()]
    if content_dir is not None:
        roots.append(content_dir / "knowledge")
    return roots


def discover(roots: list[Path]) -> list[Path]:
    """Guidance files by name; a later root's file replaces an earlier one of the same name."""
    by_name: dict[str, Path] = {}
    for root in roots:
        if root.is_dir():
            for path in sorted(root.glob("*.md")):
                by_name[path.name] = path
    return [by_name[name] for name in sorted(by_name)]


def chunk_doc(doc: GuidanceDoc) -> list[Chunk]:
    """Split one guidance file at its `##` headings (text before the first is an overview)."""
    sections: list[tuple[str, list[str]]] = [("Overview", [])]
    in_fence = False
    for line in doc.body.splitlines():
        if _FENCE.match(line):
            in_fence = not in_fence
        match = None if in_fence else _HEADING.match(line)
        if match:
            sections.append((match.group(1).strip(), []))
        else:
            sections[-1][1].append(line)
    stem = doc.path.stem
    chunks: list[Chunk] = []
    seen: dict[str, int] = {}
    for heading, lines in sections:
        text = "\n".join(lines).strip()
        if not text:
            continue
        slug = slugify(heading)
        seen[slug] = seen.get(slug, 0) + 1
        if seen[slug] > 1:
            slug = f"{slug}-{seen[slug]}"
        chunks.append(
            _with_hash(
                Chunk(
                    id=f"{stem}#{slug}",
                    title=f"{doc.title} — {heading}",
                    heading=heading,
                    text=text,
                    path=str(doc.path),
                    audience=doc.audience,
                    topics=doc.topics,
                    tags=doc.tags,
                )
            )
        )
    return chunks


def _with_hash(chunk: Chunk) -> Chunk:
    digest = hashlib.sha256()
    topics, tags = ",".join(chunk.topics), ",".join(chunk.tags)
    for part in (chunk.title, chunk.text, chunk.audience, topics, tags):
        digest.update(part.encode("utf-8"))
        digest.update(b"\0")
    return Chunk(**{**chunk.__dict__, "hash": digest.hexdigest()[:16]})


def load_corpus(roots: list[Path]) -> Corpus:
    """Chunk every guidance file; invalid files are reported and skipped."""
    chunks: list[Chunk] = []
    problems: list[Problem] = []
    files = discover(roots)
    for path in files:
        try:
            chunks.extend(chunk_doc(load_guidance(path)))
        except ContentError as exc:
            problems.extend(exc.problems)
    return Corpus(chunks=chunks, files=files, problems=problems)
