"""Score weights and targets: prompts/rubric/<mode>.yaml, overridden by persona and topic.

Trainers tune the scorecard here, not in code. Every name is checked: an unknown
component or target is an error naming the file, so a typo never silently counts 0.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from rmcoach.content.models import Persona, Topic
from rmcoach.content.yamlsource import Located, load_yaml
from rmcoach.errors import ContentError, Problem
from rmcoach.paths import shipped_prompts


@dataclass(frozen=True)
class Rubric:
    """Weights per score and component, and named targets, for one mode."""

    mode: str
    weights: dict[str, dict[str, float]]  # score -> component -> weight
    targets: dict[str, float]

    @property
    def components(self) -> set[str]:
        return {c for parts in self.weights.values() for c in parts}

    def target(self, name: str) -> float:
        return self.targets[name]


def rubric_path(mode: str) -> Path:
    return shipped_prompts() / "rubric" / f"{mode}.yaml"


@lru_cache(maxsize=8)
def load_rubric(mode: str, path: Path | None = None) -> Rubric:
    """The base rubric of a mode; raises ContentError with file and line when invalid."""
    path = path or rubric_path(mode)
    if not path.is_file():
        raise ContentError([Problem(path, None, f"no rubric for mode {mode!r}")])
    doc = load_yaml(path)
    problems: list[Problem] = []
    weights = _read_scores(doc, problems)
    targets = _read_numbers(doc, ("targets",), problems, hi=10_000.0)
    for name in doc.data if isinstance(doc.data, dict) else ():
        if name not in ("scores", "targets"):
            problems.append(
                doc.problem((name,), f"unknown field '{name}' (expected scores, targets)")
            )
    if problems:
        raise ContentError(problems)
    return Rubric(mode=mode, weights=weights, targets=targets)


def _read_scores(doc: Located, problems: list[Problem]) -> dict[str, dict[str, float]]:
    scores = doc.data.get("scores") if isinstance(doc.data, dict) else None
    if not isinstance(scores, dict) or not scores:
        problems.append(doc.problem(("scores",), "'scores' must map score names to {weights: ...}"))
        return {}
    out: dict[str, dict[str, float]] = {}
    for name, body in scores.items():
        if not isinstance(body, dict) or set(body) != {"weights"}:
            problems.append(
                doc.problem(("scores", name), f"scores.{name} must hold only 'weights'")
            )
            continue
        out[name] = _read_numbers(doc, ("scores", name, "weights"), problems, hi=10.0)
    return out


def _read_numbers(
    doc: Located, key: tuple[str, ...], problems: list[Problem], hi: float
) -> dict[str, float]:
    value: object = doc.data
    for part in key:
        value = value.get(part) if isinstance(value, dict) else None
    if not isinstance(value, dict):
        problems.append(
            doc.problem(key, f"'{'.'.join(key)}' must be a mapping of names to numbers")
        )
        return {}
    out: dict[str, float] = {}
    for name, number in value.items():
        if (
            isinstance(number, bool)
            or not isinstance(number, (int, float))
            or not 0 <= number <= hi
        ):
            problems.append(
                doc.problem((*key, name), f"'{'.'.join((*key, name))}' must be a number 0-{hi:g}")
            )
            continue
        out[name] = float(number)
    return out


def rubric_problems(
    rubric: Rubric, override: dict[str, object], where: Path | str
) -> list[Problem]:
    """Names in a persona/topic `rubric:` block that the mode's rubric does not know."""
    problems: list[Problem] = []
    known = {"weights": rubric.components, "targets": set(rubric.targets)}
    for section, names in known.items():
        given = override.get(section)
        for name in given if isinstance(given, dict) else ():
            if name not in names:
                hint = ", ".join(sorted(names))
                problems.append(
                    Problem(
                        where,
                        None,
                        f"rubric.{section}.{name}: unknown name for {rubric.mode} mode "
                        f"(known: {hint})",
                    )
                )
    return problems


def effective_rubric(mode: str, persona: Persona | None, topic: Topic | None) -> Rubric:
    """The mode's rubric with the topic's, then the persona's overrides applied (validated)."""
    base = load_rubric(mode)
    weights = {score: dict(parts) for score, parts in base.weights.items()}
    targets = dict(base.targets)
    problems: list[Problem] = []
    for owner in (topic, persona):
        if owner is None or not owner.rubric:
            continue
        problems += rubric_problems(base, owner.rubric, owner.source or owner.id)
        for name, value in _section(owner.rubric, "weights").items():
            for parts in weights.values():
                if name in parts:
                    parts[name] = value
        targets.update({k: v for k, v in _section(owner.rubric, "targets").items() if k in targets})
    if problems:
        raise ContentError(problems)
    return Rubric(mode=mode, weights=weights, targets=targets)


def _section(rubric: dict[str, object], name: str) -> dict[str, float]:
    value = rubric.get(name)
    if not isinstance(value, dict):
        return {}
    return {str(k): float(v) for k, v in value.items() if isinstance(v, (int, float))}
