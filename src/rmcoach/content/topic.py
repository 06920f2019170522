"""Topic files (YAML): concepts with plain explanations, jargon, analogies, goals."""

from __future__ import annotations

from pathlib import Path

from rmcoach.content.fields import FieldReader
from rmcoach.content.models import Concept, Topic
from rmcoach.content.rubric import read_rubric
from rmcoach.content.yamlsource import Located, load_yaml
from rmcoach.errors import ContentError

TOPIC_FIELDS = ("id", "title", "kind", "summary", "goals", "jargon", "concepts", "rubric")
CONCEPT_FIELDS = ("id", "name", "plain", "jargon", "keywords", "analogies", "misconceptions")


def load_topic(path: Path) -> Topic:
    """Load one topic file; raises ContentError listing every problem with its line."""
    return parse_topic(load_yaml(path))


def parse_topic(doc: Located) -> Topic:
    r = FieldReader(doc)
    if not isinstance(doc.data, dict):
        r.fail((), "a topic file must be a YAML mapping of fields (id: ..., title: ...)")
        raise ContentError(r.problems)
    r.unknown_keys((), TOPIC_FIELDS)
    topic_id = r.identifier(("id",))
    if topic_id and doc.path.suffix in (".yaml", ".yml") and doc.path.stem != topic_id:
        r.fail(("id",), f"id {topic_id!r} must match the file name ({doc.path.stem!r})")
    jargon_raw = r.mapping(("jargon",))
    jargon = {term: r.text(("jargon", term)) for term in jargon_raw}
    concepts: list[Concept] = []
    seen: set[str] = set()
    for key in r.items(("concepts",), required=True):
        r.unknown_keys(key, CONCEPT_FIELDS)
        concept = Concept(
            id=r.identifier((*key, "id")),
            name=r.text((*key, "name")),
            plain=r.text((*key, "plain")),
            jargon=r.text_list((*key, "jargon")),
            keywords=tuple(
                k.lower() for k in r.text_list((*key, "keywords"), required=True, min_items=2)
            ),
            analogies=r.text_list((*key, "analogies")),
            misconceptions=r.text_list((*key, "misconceptions"), required=True, min_items=1),
        )
        if concept.id in seen:
            r.fail((*key, "id"), f"duplicate concept id {concept.id!r}")
        seen.add(concept.id)
        concepts.append(concept)
    if r.get(("concepts",)) is not None and not concepts and isinstance(r.get(("concepts",)), list):
        r.fail(("concepts",), "'concepts' needs at least one concept")
    topic = Topic(
        id=topic_id,
        title=r.text(("title",)),
        kind=r.choice(("kind",), ("digital", "culture")),
        summary=r.text(("summary",)),
        concepts=tuple(concepts),
        goals=r.text_list(("goals",), required=True, min_items=1),
        jargon=jargon,
        rubric=read_rubric(r, ("rubric",)),
        source=doc.path,
    )
    if r.problems:
        raise ContentError(r.problems)
    return topic
