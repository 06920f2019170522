"""Rubric overrides (score weights and targets) as data in persona and topic files."""

from __future__ import annotations

from rmcoach.content.fields import FieldReader
from rmcoach.content.yamlsource import Key


def read_rubric(r: FieldReader, key: Key) -> dict[str, object]:
    """`rubric: {weights: {component: number}, targets: {name: number}}`, validated."""
    raw = r.mapping(key)
    if not raw:
        return {}
    r.unknown_keys(key, ("weights", "targets"))
    rubric: dict[str, object] = {}
    for section, hi in (("weights", 10.0), ("targets", 10_000.0)):
        values = r.mapping((*key, section))
        checked: dict[str, float] = {}
        for name in values:
            checked[name] = float(r.number((*key, section, name), lo=0, hi=hi))
        if checked:
            rubric[section] = checked
    return rubric
