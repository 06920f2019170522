"""The shipped personas and topics: they load cleanly and are complete enough to rehearse with.

These are checks on the content itself (what a trainer ships), not on the loader: a
persona that loads but has a reveal line without its story, or a concern whose
trigger also counts as its answer, is broken for a learner even though it is valid.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Any

import pytest
import yaml
from jinja2 import meta

from rmcoach.content import INTENTS, ContentLibrary, Persona, Topic, load_library
from rmcoach.content.templates import environment

#: Slots every line may use (the director fills them on every move).
BASE_SLOTS = frozenset({"name", "role", "topic", "goal"})
#: Slots the director fills for each kind of line, beyond BASE_SLOTS.
INTENT_SLOTS: dict[str, frozenset[str]] = {
    "ask_meaning": frozenset({"term"}),
    "reveal": frozenset({"pain_point"}),
    "short_answer": frozenset({"answer", "pain_point"}),
    "raise_concern": frozenset({"concern"}),
    "push_back": frozenset({"concern"}),
    "acknowledge": frozenset({"concept"}),
    "confused": frozenset({"concept"}),
    "continue": frozenset({"concept"}),
    "summarize_understanding": frozenset({"teach_back"}),
}
#: Lines that carry content the director hands over: without the slot, it is lost.
REQUIRED_SLOT = {
    "ask_meaning": "term",
    "reveal": "pain_point",
    "short_answer": "answer",
    "raise_concern": "concern",
    "push_back": "concern",
    "summarize_understanding": "teach_back",
}
#: Line sets a mentor persona needs several of, so a session does not repeat itself.
VARIED = ("ask_meaning", "interrupt", "acknowledge", "confused", "continue")


@lru_cache(maxsize=1)
def _library() -> ContentLibrary:
    return load_library()


def _mentors() -> list[Persona]:
    return [p for p in _library().personas.values() if p.mode == "mentor"]


def _raw(path: Path | None) -> Any:
    assert path is not None
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def _slots(line: str) -> set[str]:
    return set(meta.find_undeclared_variables(environment().parse(line)))


def _contains(phrase: str, inside: str) -> bool:
    """Whether `phrase` occurs in `inside` as whole words, as the director matches them."""
    pattern = r"(?<![\w-])" + re.escape(phrase.lower()) + r"(?![\w-])"
    return re.search(pattern, inside.lower()) is not None


MENTOR_IDS = sorted(p.id for p in _mentors())
TOPIC_IDS = sorted(_library().topics)


def test_library_has_no_problems() -> None:
    assert [str(p) for p in _library().problems] == []


def test_enough_mentor_personas_and_topics() -> None:
    topics = _library().topics.values()
    assert len(MENTOR_IDS) >= 6
    assert len(TOPIC_IDS) >= 8
    assert sum(t.kind == "digital" for t in topics) >= 4
    assert sum(t.kind == "culture" for t in topics) >= 4


def test_mentor_personas_offer_a_range_of_starting_points() -> None:
    mentors = _mentors()
    assert {"easy", "hard"} <= {p.difficulty for p in mentors}
    assert len({p.attitude for p in mentors}) >= 5


@pytest.mark.parametrize("persona_id", sorted(_library().personas))
def test_every_persona_has_lines_for_every_intent(persona_id: str) -> None:
    persona = _library().personas[persona_id]
    missing = [i for i in INTENTS if not persona.lines.get(i)]
    assert missing == []


@pytest.mark.parametrize("persona_id", sorted(_library().personas))
def test_persona_knowledge_names_real_topics(persona_id: str) -> None:
    persona = _library().personas[persona_id]
    assert set(persona.knowledge) <= set(TOPIC_IDS)


@pytest.mark.parametrize("persona_id", sorted(_library().personas))
def test_concern_words_are_lowercase_in_the_file(persona_id: str) -> None:
    # The loader lowercases, so check what the trainer wrote: a capitalised trigger
    # is a sign it was written as prose, not as a phrase a learner would say.
    raw = _raw(_library().personas[persona_id].source)
    for concern in raw.get("concerns") or []:
        for field in ("triggers", "addressed_by"):
            words = concern[field]
            assert words, f"{concern['id']}: no {field}"
            for word in words:
                assert isinstance(word, str) and word.strip(), f"{concern['id']}.{field}: {word!r}"
                assert word == word.lower().strip(), f"{concern['id']}.{field}: {word!r}"


@pytest.mark.parametrize("persona_id", MENTOR_IDS)
def test_mentor_persona_shape(persona_id: str) -> None:
    persona = _library().personas[persona_id]
    assert 2 <= len(persona.concerns) <= 4
    assert len(persona.pain_points) >= 3
    assert persona.knowledge
    assert "<START>" in persona.example_dialogue and "Partner:" in persona.example_dialogue
    assert persona.creator_notes and persona.debrief_notes
    for concern in persona.concerns:
        assert concern.push_back, f"{concern.id}: no push_back lines"
    for point in persona.pain_points:
        assert len(point.says) > 2 * len(point.short), (
            f"{point.id}: the reveal should be the full story"
        )
        assert point.keywords, f"{point.id}: no keywords"


@pytest.mark.parametrize("persona_id", MENTOR_IDS)
def test_mentor_lines_are_varied(persona_id: str) -> None:
    persona = _library().personas[persona_id]
    for key in VARIED:
        assert len(set(persona.lines.get(key, ()))) >= 3, f"{key}: fewer than 3 lines"
    assert persona.lines.get("short_answer"), "no short_answer lines"


@pytest.mark.parametrize("persona_id", MENTOR_IDS)
def test_mentor_lines_use_the_slots_their_move_fills(persona_id: str) -> None:
    persona = _library().personas[persona_id]
    for key, lines in persona.lines.items():
        allowed = BASE_SLOTS | INTENT_SLOTS.get(key, frozenset())
        for line in lines:
            used = _slots(line)
            assert used <= allowed, f"{key}: {line!r} uses {sorted(used - allowed)}"
            # concept names are written as capitalised sentences, so they start one
            for match in re.finditer(r"\{\{\s*concept\s*\}\}", line):
                before = line[: match.start()].rstrip()
                assert before == "" or before[-1] in ".?!", (
                    f"{key}: {line!r} puts a concept mid-sentence"
                )
            if key in REQUIRED_SLOT:
                assert REQUIRED_SLOT[key] in used, (
                    f"{key}: {line!r} drops {{{{ {REQUIRED_SLOT[key]} }}}}"
                )


@pytest.mark.parametrize("persona_id", MENTOR_IDS)
def test_concern_triggers_are_distinct_and_do_not_answer_themselves(persona_id: str) -> None:
    persona = _library().personas[persona_id]
    owner: dict[str, str] = {}
    for concern in persona.concerns:
        for trigger in concern.triggers:
            assert owner.setdefault(trigger, concern.id) == concern.id, (
                f"{trigger!r} raises two concerns"
            )
            # repeating the trigger must not count as answering the concern it raised
            clash = [a for a in concern.addressed_by if _contains(a, trigger)]
            assert clash == [], f"{concern.id}: trigger {trigger!r} also answers it ({clash})"


@pytest.mark.parametrize("persona_id", MENTOR_IDS)
def test_concerns_can_be_answered_in_plain_words(persona_id: str) -> None:
    # An answer made of a topic's jargon makes the partner ask what it means instead
    # of accepting it: a trap for the learner who did answer.
    jargon = {term.lower() for t in _library().topics.values() for term in t.all_jargon()}
    for concern in _library().personas[persona_id].concerns:
        assert set(concern.addressed_by).isdisjoint(jargon), (
            f"{concern.id}: {sorted(set(concern.addressed_by) & jargon)} are jargon"
        )


@pytest.mark.parametrize("topic_id", TOPIC_IDS)
def test_topic_shape(topic_id: str) -> None:
    topic: Topic = _library().topics[topic_id]
    assert len(topic.concepts) >= 4
    assert len(topic.goals) >= 2
    assert topic.jargon
    for concept in topic.concepts:
        assert concept.name[0].isupper(), f"{concept.id}: name should read as a sentence"
        assert concept.misconceptions, f"{concept.id}: no misconception"
        for wrong in concept.misconceptions:
            # the partner says these back in a teach-back, as its own (wrong) summary
            assert wrong.startswith("So "), f"{concept.id}: {wrong!r} should start 'So ...'"
        assert len(concept.keywords) >= 6, f"{concept.id}: fewer than 6 keywords"


@pytest.mark.parametrize("topic_id", TOPIC_IDS)
def test_topic_keywords_are_plain_words_not_jargon(topic_id: str) -> None:
    # Keywords show a concept being explained plainly; a keyword that is itself a
    # jargon term would reward the very habit the partner is meant to stop.
    topic = _library().topics[topic_id]
    jargon = {term.lower() for term in topic.all_jargon()}
    raw = _raw(topic.source)
    for concept, raw_concept in zip(topic.concepts, raw["concepts"], strict=True):
        assert set(concept.keywords).isdisjoint(jargon), (
            f"{concept.id}: {set(concept.keywords) & jargon}"
        )
        for word in raw_concept["keywords"]:
            assert word == word.lower(), f"{concept.id}: keyword {word!r} is not lowercase"
