"""The director's shared numbers, read from prompts/director/*.yaml.

Persona files hold what differs per persona (patience, jargon tolerance, starting
trust); these files hold the rates every persona shares, so a trainer can tune how
fast trust is earned without touching code. Every field is required and range-checked.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from rmcoach.content.fields import FieldReader
from rmcoach.content.templates import render
from rmcoach.content.yamlsource import Key, load_yaml
from rmcoach.errors import ContentError
from rmcoach.paths import shipped_prompts


@dataclass(frozen=True)
class Rates:
    """A named group of numbers (trust deltas, patience wear, ...)."""

    values: dict[str, float]

    def __getitem__(self, name: str) -> float:
        return self.values[name]


@dataclass(frozen=True)
class MentorRules:
    trust: Rates
    patience: Rates
    understanding: Rates
    reveal: Rates
    concerns: Rates
    press: Rates
    close: Rates
    teach_back: dict[str, str]


@dataclass(frozen=True)
class MenteeRules:
    trust: Rates
    patience: Rates
    dominance: Rates
    reveal: Rates
    understanding: Rates
    close: Rates
    thresholds: Rates  # quiet_trust, hedge_trust, interrupt_trust, push_back_trust
    jargon_habit: int
    jargon_habit_by_tag: dict[str, int]
    term_meaning: str
    recap: dict[str, str]


_MENTOR_GROUPS: dict[str, tuple[str, ...]] = {
    "trust": (
        "reflection",
        "complex_reflection",
        "uptake",
        "uptake_min",
        "open_question",
        "concept_explained",
        "concern_addressed",
        "concern_ignored",
        "monologue",
    ),
    "patience": ("wear", "floor", "recover", "short_turn", "closed_streak", "closed_streak_wear"),
    "understanding": ("explained", "mentioned", "mentioned_cap", "understood"),
    "reveal": ("first_trust", "step"),
    "concerns": ("max_push_backs",),
    "press": ("below_trust", "after_neutral"),
    "close": ("warm_trust", "cool_trust"),
}
_MENTEE_GROUPS: dict[str, tuple[str, ...]] = {
    "trust": (
        "asks_meaning",
        "summarises_back",
        "asks_example",
        "invites_challenge",
        "admits_not_knowing",
        "reflection",
        "open_question",
        "thanks_commitment",
        "concern_addressed",
        "dismissive",
        "lecture",
        "concern_ignored",
    ),
    "patience": ("wear", "floor"),
    "dominance": ("min_turns", "question_share", "min_words"),
    "reveal": ("first_trust", "step"),
    "understanding": ("jargon", "hedged", "plain", "example", "covered"),
    "close": ("warm_trust", "cool_trust"),
}
_MENTEE_THRESHOLDS = ("quiet_trust", "hedge_trust", "interrupt_trust", "push_back_trust")
_TEMPLATE_SAMPLE = {"concept": "<concept>", "answer": "<answer>", "term": "<term>"}


def _rates(r: FieldReader, key: Key, names: tuple[str, ...]) -> Rates:
    r.mapping(key, required=True)
    r.unknown_keys(key, names)
    return Rates({n: float(r.number((*key, n), lo=-1, hi=1000)) for n in names})


def _templates(r: FieldReader, key: Key, names: tuple[str, ...]) -> dict[str, str]:
    r.mapping(key, required=True)
    r.unknown_keys(key, names)
    out = {n: r.text((*key, n)) for n in names}
    for name, source in out.items():
        _check(r, (*key, name), source)
    return out


def _check(r: FieldReader, key: Key, source: str) -> None:
    try:
        render(source, _TEMPLATE_SAMPLE, where=r.doc.path, line=r.doc.line(key))
    except ContentError as exc:
        r.problems.extend(exc.problems)


def load_mentor_rules(path: Path) -> MentorRules:
    r = FieldReader(load_yaml(path))
    r.unknown_keys((), (*_MENTOR_GROUPS, "teach_back"))
    groups = {g: _rates(r, (g,), names) for g, names in _MENTOR_GROUPS.items()}
    rules = MentorRules(
        **groups,
        teach_back=_templates(r, ("teach_back",), ("understood", "misunderstood", "untouched")),
    )
    if r.problems:
        raise ContentError(r.problems)
    return rules


def load_mentee_rules(path: Path) -> MenteeRules:
    r = FieldReader(load_yaml(path))
    r.unknown_keys(
        (), (*_MENTEE_GROUPS, *_MENTEE_THRESHOLDS, "jargon_habit", "term_meaning", "recap")
    )
    groups = {g: _rates(r, (g,), names) for g, names in _MENTEE_GROUPS.items()}
    thresholds = Rates({n: float(r.number((n,), lo=0, hi=1)) for n in _MENTEE_THRESHOLDS})
    r.unknown_keys(("jargon_habit",), ("default", "by_tag"))
    by_tag = r.mapping(("jargon_habit", "by_tag"))
    term_meaning = r.text(("term_meaning",))
    _check(r, ("term_meaning",), term_meaning)
    rules = MenteeRules(
        **groups,
        thresholds=thresholds,
        jargon_habit=int(r.number(("jargon_habit", "default"), lo=0, hi=20, integer=True)),
        jargon_habit_by_tag={
            str(tag): int(r.number(("jargon_habit", "by_tag", tag), lo=0, hi=20, integer=True))
            for tag in by_tag
        },
        term_meaning=term_meaning,
        recap=_templates(r, ("recap",), ("covered", "jargon", "untouched")),
    )
    if r.problems:
        raise ContentError(r.problems)
    return rules


@lru_cache(maxsize=4)
def mentor_rules(path: Path | None = None) -> MentorRules:
    """The shipped mentor-mode numbers (cached; files are read once per process)."""
    return load_mentor_rules(path or shipped_prompts() / "director" / "mentor.yaml")


@lru_cache(maxsize=4)
def mentee_rules(path: Path | None = None) -> MenteeRules:
    """The shipped mentee-mode numbers (cached)."""
    return load_mentee_rules(path or shipped_prompts() / "director" / "mentee.yaml")
