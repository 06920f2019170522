"""Persona files (YAML): parse and validate into a Persona, reporting every problem."""

from __future__ import annotations

from pathlib import Path

from rmcoach.content.fields import FieldReader
from rmcoach.content.models import (
    EXTRA_LINE_KEYS,
    INTENTS,
    KNOWLEDGE_LEVELS,
    LEVELS,
    MODES,
    Concern,
    Difficulty,
    PainPoint,
    Persona,
)
from rmcoach.content.rubric import read_rubric
from rmcoach.content.templates import check_slots
from rmcoach.content.yamlsource import Located, load_yaml
from rmcoach.errors import ContentError

PERSONA_FIELDS = (
    "id",
    "mode",
    "name",
    "pronouns",
    "role",
    "organisation",
    "age_band",
    "attitude",
    "summary",
    "personality",
    "speaking_style",
    "knowledge",
    "difficulty",
    "difficulties",
    "first_message",
    "concerns",
    "pain_points",
    "lines",
    "example_dialogue",
    "tags",
    "creator_notes",
    "debrief_notes",
    "rubric",
)
#: Intents every persona must have lines for; the others fall back to these.
REQUIRED_INTENTS = INTENTS


def load_persona(path: Path) -> Persona:
    """Load one persona file; raises ContentError listing every problem with its line."""
    return parse_persona(load_yaml(path))


def parse_persona(doc: Located) -> Persona:
    r = FieldReader(doc)
    if not isinstance(doc.data, dict):
        r.fail((), "a persona file must be a YAML mapping of fields (id: ..., name: ...)")
        raise ContentError(r.problems)
    r.unknown_keys((), PERSONA_FIELDS)
    persona_id = r.identifier(("id",))
    if persona_id and doc.path.suffix in (".yaml", ".yml") and doc.path.stem != persona_id:
        r.fail(("id",), f"id {persona_id!r} must match the file name ({doc.path.stem!r})")
    difficulties = _difficulties(r)
    default_level = r.choice(("difficulty",), LEVELS, default="medium")
    persona = Persona(
        id=persona_id,
        mode=r.choice(("mode",), MODES),
        name=r.text(("name",)),
        pronouns=r.text(("pronouns",), required=False, default="they/them"),
        role=r.text(("role",)),
        organisation=r.text(("organisation",), required=False),
        age_band=r.text(("age_band",), required=False),
        attitude=r.text(("attitude",)),
        summary=r.text(("summary",)),
        personality=r.text(("personality",)),
        speaking_style=r.text(("speaking_style",)),
        knowledge=_knowledge(r),
        difficulty=default_level,
        difficulties=difficulties,
        first_message=r.text(("first_message",)),
        concerns=_concerns(r),
        pain_points=_pain_points(r),
        lines=_lines(r),
        example_dialogue=r.text(("example_dialogue",), required=False),
        tags=r.text_list(("tags",)),
        creator_notes=r.text(("creator_notes",), required=False),
        debrief_notes=r.text(("debrief_notes",), required=False),
        rubric=read_rubric(r, ("rubric",)),
        source=doc.path,
    )
    _check_template(r, ("first_message",), persona.first_message)
    if r.problems:
        raise ContentError(r.problems)
    return persona


def _difficulties(r: FieldReader) -> dict[str, Difficulty]:
    raw = r.mapping(("difficulties",), required=True)
    r.unknown_keys(("difficulties",), LEVELS)
    levels: dict[str, Difficulty] = {}
    for level in LEVELS:
        key = ("difficulties", level)
        if level not in raw:
            if raw:
                r.fail(
                    ("difficulties",), f"'difficulties.{level}' is required (easy, medium and hard)"
                )
            continue
        if not isinstance(raw[level], dict):
            r.fail(key, f"'difficulties.{level}' must be a mapping")
            continue
        r.unknown_keys(key, ("patience", "jargon_tolerance", "concern_intensity", "trust"))
        levels[level] = Difficulty(
            patience=int(r.number((*key, "patience"), lo=10, hi=2000, integer=True)),
            jargon_tolerance=int(r.number((*key, "jargon_tolerance"), lo=0, hi=20, integer=True)),
            concern_intensity=float(r.number((*key, "concern_intensity"), lo=0, hi=1)),
            trust=float(r.number((*key, "trust"), lo=0, hi=1)),
        )
    return levels


def _knowledge(r: FieldReader) -> dict[str, str]:
    raw = r.mapping(("knowledge",))
    out: dict[str, str] = {}
    for topic_id in raw:
        out[topic_id] = r.choice(("knowledge", topic_id), KNOWLEDGE_LEVELS, default="low")
    return out


def _concerns(r: FieldReader) -> tuple[Concern, ...]:
    concerns: list[Concern] = []
    seen: set[str] = set()
    for key in r.items(("concerns",)):
        r.unknown_keys(key, ("id", "label", "triggers", "says", "addressed_by", "push_back"))
        concern = Concern(
            id=r.identifier((*key, "id")),
            label=r.text((*key, "label")),
            triggers=tuple(
                t.lower() for t in r.text_list((*key, "triggers"), required=True, min_items=1)
            ),
            says=r.text_list((*key, "says"), required=True, min_items=1),
            addressed_by=tuple(
                t.lower() for t in r.text_list((*key, "addressed_by"), required=True, min_items=1)
            ),
            push_back=r.text_list((*key, "push_back")),
        )
        if concern.id in seen:
            r.fail((*key, "id"), f"duplicate concern id {concern.id!r}")
        seen.add(concern.id)
        for i, line in enumerate(concern.says):
            _check_template(r, (*key, "says", i), line)
        for i, line in enumerate(concern.push_back):
            _check_template(r, (*key, "push_back", i), line)
        concerns.append(concern)
    return tuple(concerns)


def _pain_points(r: FieldReader) -> tuple[PainPoint, ...]:
    points: list[PainPoint] = []
    for key in r.items(("pain_points",)):
        r.unknown_keys(key, ("id", "label", "says", "short", "keywords"))
        points.append(
            PainPoint(
                id=r.identifier((*key, "id")),
                label=r.text((*key, "label")),
                says=r.text((*key, "says")),
                short=r.text((*key, "short")),
                keywords=tuple(k.lower() for k in r.text_list((*key, "keywords"))),
            )
        )
    return tuple(points)


def _lines(r: FieldReader) -> dict[str, tuple[str, ...]]:
    raw = r.mapping(("lines",), required=True)
    r.unknown_keys(("lines",), (*INTENTS, *EXTRA_LINE_KEYS))
    lines: dict[str, tuple[str, ...]] = {}
    for intent in raw:
        items = r.text_list(("lines", intent), min_items=1)
        for i, line in enumerate(items):
            _check_template(r, ("lines", intent, i), line)
        lines[intent] = items
    if raw:
        missing = [i for i in REQUIRED_INTENTS if i not in raw]
        if missing:
            r.fail(("lines",), f"'lines' needs at least one line for: {', '.join(missing)}")
    return lines


def _check_template(r: FieldReader, key: tuple[str | int, ...], source: str) -> None:
    if "{" not in source:
        return  # plain text: no Jinja2 syntax to check (most lines; keeps loading fast)
    for problem in check_slots(source, r.doc.path, r.doc.line(key)):
        r.fail(key, f"'{r.label(key)}': {problem.message}")
