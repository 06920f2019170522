"""Word lists from prompts/rubric/lexicon.yaml, compiled once into regexes.

The lists are data a trainer may extend (jargon, signposts, dismissive phrases...);
this module only turns them into fast matchers and caches them for the process.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from rmcoach.content.yamlsource import load_yaml
from rmcoach.errors import ContentError, Problem
from rmcoach.paths import shipped_prompts

#: Lists that must be present in lexicon.yaml (each a list of lowercase phrases).
PHRASE_LISTS: tuple[str, ...] = (
    "definition_after",
    "definition_before",
    "example_cues",
    "analogy_cues",
    "signposts",
    "check_closed",
    "check_teach_back",
    "request_stems",
    "advice_questions",
    "reflection_stems",
    "instruction_after_you",
    "complex_cues",
    "tokens",
    "other_cues",
    "asks_example",
    "summary_cues",
    "dismissive",
    "admits_not_knowing",
    "invites_challenge",
    "thanks",
    "commitment",
    "concrete_cues",
    "acknowledges",
    "information_cues",
    "follow_up",
    "asks_meaning",
)


def phrase_pattern(
    phrases: list[str] | tuple[str, ...], *, anchored: bool = False
) -> re.Pattern[str]:
    """One case-insensitive alternation on word boundaries, longest phrase first."""
    unique = sorted({p.strip().lower() for p in phrases if p.strip()}, key=len, reverse=True)
    body = "|".join(re.escape(p) for p in unique) or r"(?!x)x"
    prefix = r"^\W*" if anchored else r"(?<![\w-])"
    return re.compile(f"{prefix}(?:{body})(?![\\w-])", re.IGNORECASE)


@dataclass(frozen=True, eq=False)
class Lexicon:
    """Compiled matchers for every list, plus the raw lists and stopwords."""

    lists: dict[str, tuple[str, ...]]
    general_jargon: tuple[str, ...]
    stopwords: frozenset[str]
    patterns: dict[str, re.Pattern[str]]
    anchored: dict[str, re.Pattern[str]]

    def find(self, name: str, text: str) -> list[str]:
        """Every phrase of list `name` in `text`, lowercased."""
        return [m.group(0).lower() for m in self.patterns[name].finditer(text)]

    def has(self, name: str, text: str) -> bool:
        return self.patterns[name].search(text) is not None

    def starts(self, name: str, text: str) -> bool:
        """Whether `text` opens with a phrase of list `name`."""
        return self.anchored[name].match(text) is not None


def lexicon_path() -> Path:
    return shipped_prompts() / "rubric" / "lexicon.yaml"


@lru_cache(maxsize=4)
def load_lexicon(path: Path | None = None) -> Lexicon:
    """Read and compile the lexicon once per process (raises ContentError when invalid)."""
    path = path or lexicon_path()
    doc = load_yaml(path)
    data = doc.data
    if not isinstance(data, dict):
        raise ContentError(
            [Problem(path, 1, "the lexicon must be a mapping of list names to phrases")]
        )
    problems: list[Problem] = []
    lists: dict[str, list[str]] = {}
    for name in (*PHRASE_LISTS, "general_jargon"):
        value = data.get(name)
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            problems.append(doc.problem((name,), f"'{name}' must be a list of phrases"))
            continue
        lists[name] = [str(v) for v in value]
    for name in data:
        if name not in lists and name not in ("stopwords", *PHRASE_LISTS, "general_jargon"):
            problems.append(doc.problem((name,), f"unknown list '{name}'"))
    stop = data.get("stopwords")
    if not isinstance(stop, str):
        problems.append(
            doc.problem(("stopwords",), "'stopwords' must be text (words separated by spaces)")
        )
        stop = ""
    if problems:
        raise ContentError(problems)
    return Lexicon(
        lists={name: tuple(p.lower() for p in lists[name]) for name in PHRASE_LISTS},
        general_jargon=tuple(dict.fromkeys(lists["general_jargon"])),
        stopwords=frozenset(stop.lower().split()),
        patterns={name: phrase_pattern(lists[name]) for name in PHRASE_LISTS},
        anchored={name: phrase_pattern(lists[name], anchored=True) for name in PHRASE_LISTS},
    )
