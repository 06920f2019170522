"""Discover and load all content: shipped files first, user files override by id.

An invalid file is reported (`path:line: what is wrong`) and skipped; every other
file still loads, so one trainer's typo never takes the whole catalogue down.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol, TypeVar

from rmcoach.content.guidance import GuidanceDoc, load_guidance
from rmcoach.content.models import Persona, Topic
from rmcoach.content.persona import load_persona
from rmcoach.content.templates import check_template
from rmcoach.content.topic import load_topic
from rmcoach.content.yamlsource import read_text
from rmcoach.errors import ContentError, Problem, RmcoachError
from rmcoach.paths import shipped_knowledge, shipped_prompts


class _Identified(Protocol):
    @property
    def id(self) -> str: ...

    @property
    def source(self) -> Path | None: ...


T = TypeVar("T", bound=_Identified)


@dataclass(frozen=True)
class ContentRoots:
    """Where content is read from, in increasing precedence."""

    prompts: tuple[Path, ...]
    knowledge: tuple[Path, ...]

    @classmethod
    def default(cls, user_content_dir: Path | None) -> ContentRoots:
        prompts = [shipped_prompts()]
        knowledge = [shipped_knowledge()]
        if user_content_dir is not None:
            prompts.append(user_content_dir)
            knowledge.append(user_content_dir / "knowledge")
        return cls(prompts=tuple(prompts), knowledge=tuple(knowledge))


@dataclass
class ContentLibrary:
    """Every persona, topic, template and guidance file that loaded, plus the problems."""

    roots: ContentRoots
    personas: dict[str, Persona] = field(default_factory=dict)
    topics: dict[str, Topic] = field(default_factory=dict)
    templates: dict[str, Path] = field(default_factory=dict)
    guidance: list[GuidanceDoc] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    overridden: list[tuple[Path, Path]] = field(default_factory=list)

    def persona(self, persona_id: str, mode: str | None = None) -> Persona:
        if persona_id not in self.personas:
            raise RmcoachError(_unknown("persona", persona_id, self.personas))
        persona = self.personas[persona_id]
        if mode and persona.mode != mode:
            raise RmcoachError(
                f"persona {persona_id!r} is for {persona.mode} mode, not {mode} mode "
                f"(see `rmcoach personas --mode {mode}`)"
            )
        return persona

    def topic(self, topic_id: str) -> Topic:
        if topic_id not in self.topics:
            raise RmcoachError(_unknown("topic", topic_id, self.topics))
        return self.topics[topic_id]

    def template(self, name: str) -> Path:
        if name not in self.templates:
            raise RmcoachError(
                f"template {name!r} not found in {', '.join(map(str, self.roots.prompts))}"
            )
        return self.templates[name]


def _unknown(kind: str, wanted: str, known: Iterable[str]) -> str:
    names = sorted(known)
    close = difflib.get_close_matches(wanted, names, n=1)
    hint = f" Did you mean {close[0]!r}?" if close else ""
    return f"unknown {kind} {wanted!r}.{hint} Known: {', '.join(names) or '(none)'}"


def load_library(
    user_content_dir: Path | None = None, roots: ContentRoots | None = None
) -> ContentLibrary:
    """Load everything under the content roots; never raises for a bad file."""
    roots = roots or ContentRoots.default(user_content_dir)
    lib = ContentLibrary(roots=roots)
    _load_kind(lib, [r / "personas" for r in roots.prompts], load_persona, lib.personas)
    _load_kind(lib, [r / "topics" for r in roots.prompts], load_topic, lib.topics)
    for root in roots.prompts:
        for path in sorted((root / "templates").glob("*.j2")):
            try:
                problems = check_template(read_text(path), path, None)
            except ContentError as exc:
                problems = exc.problems
            if problems:
                lib.problems.extend(problems)
                continue
            lib.templates[path.name] = path
    for root in roots.knowledge:
        for path in sorted(root.glob("*.md")):
            if path.name.lower() == "readme.md":
                continue
            try:
                lib.guidance.append(load_guidance(path))
            except ContentError as exc:
                lib.problems.extend(exc.problems)
    _cross_check(lib)
    return lib


def _load_kind(
    lib: ContentLibrary,
    dirs: list[Path],
    loader: Callable[[Path], T],
    into: dict[str, T],
) -> None:
    for folder in dirs:
        found: list[Path] = [*folder.glob("*.yaml"), *folder.glob("*.yml")]
        for path in sorted(found):
            try:
                item = loader(path)
            except ContentError as exc:
                lib.problems.extend(exc.problems)
                continue
            except OSError as exc:
                lib.problems.append(Problem(path, None, f"cannot read: {exc.strerror}"))
                continue
            previous = into.get(item.id)
            if (
                previous is not None
                and previous.source is not None
                and path.parent != previous.source.parent
            ):
                lib.overridden.append((previous.source, path))
            elif previous is not None and previous.source is not None:
                lib.problems.append(
                    Problem(path, 1, f"duplicate id {item.id!r} (also in {previous.source})")
                )
                continue
            into[item.id] = item


def _cross_check(lib: ContentLibrary) -> None:
    for persona in lib.personas.values():
        for topic_id in persona.knowledge:
            if topic_id not in lib.topics:
                lib.problems.append(
                    Problem(
                        persona.source or persona.id,
                        None,
                        f"knowledge names unknown topic {topic_id!r}",
                    )
                )


def lint_paths(paths: Iterable[Path]) -> list[Problem]:
    """Check the given files (or directories) on their own; return every problem."""
    problems: list[Problem] = []
    for path in paths:
        files = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
        for file in files:
            problems.extend(lint_file(file))
    return problems


def lint_file(path: Path) -> list[Problem]:
    """Problems in one content file, by what it looks like (persona, topic, ...)."""
    try:
        if path.suffix in (".yaml", ".yml"):
            kind = (
                "topics" if path.parent.name == "topics" or _looks_like_topic(path) else "personas"
            )
            (load_topic if kind == "topics" else load_persona)(path)
        elif path.suffix == ".j2":
            return check_template(read_text(path), path, None)
        elif path.suffix == ".md":
            if path.name.lower() != "readme.md":
                load_guidance(path)
        else:
            return []
    except ContentError as exc:
        return exc.problems
    except OSError as exc:
        return [Problem(path, None, f"cannot read: {exc.strerror or exc}")]
    return []


def _looks_like_topic(path: Path) -> bool:
    try:
        head = read_text(path)
    except ContentError:
        return False
    return "\nconcepts:" in "\n" + head and "\nlines:" not in "\n" + head
