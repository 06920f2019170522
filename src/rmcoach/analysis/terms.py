"""Jargon and concept matchers for one topic (topic lexicon + the general jargon list).

Acronyms ("API", "RAG") match case-sensitively so everyday words ("rag") do not count;
other terms match case-insensitively. A term counts as explained when a definition
cue sits right next to it ("RAG, which means ...", "think of an LLM as ...",
"RAG (the tool looks things up first)").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from rmcoach.analysis.lexicon import Lexicon
from rmcoach.content.models import Topic

_ACRONYM = re.compile(r"^[A-Z0-9][A-Z0-9\-]{0,5}s?$")


@dataclass(frozen=True)
class ConceptMatcher:
    """Finds one concept of a topic: by its keywords and its own jargon."""

    id: str
    keywords: re.Pattern[str]


@dataclass(frozen=True, eq=False)
class TopicTerms:
    """Compiled jargon and concept matchers for a topic (or for no topic)."""

    canonical: dict[str, str]  # lowercase term -> term as written in the content
    meanings: dict[str, str]  # term -> plain meaning ("" for general jargon)
    exact: re.Pattern[str]  # acronyms, case-sensitive
    loose: re.Pattern[str]  # other terms, case-insensitive
    concepts: tuple[ConceptMatcher, ...]

    def jargon_spans(self, text: str) -> list[tuple[str, int, int]]:
        """(term, start, end) of each jargon occurrence, in text order."""
        hits = [(m.group(0), m.start(), m.end()) for m in self.exact.finditer(text)]
        hits += [(m.group(0), m.start(), m.end()) for m in self.loose.finditer(text)]
        hits.sort(key=lambda h: h[1])
        out: list[tuple[str, int, int]] = []
        last_end = -1
        for raw, start, end in hits:
            if start < last_end:
                continue
            term = self.canonical.get(raw.lower()) or self.canonical.get(raw.lower().rstrip("s"))
            if term:
                out.append((term, start, end))
                last_end = end
        return out


def _alternation(terms: list[str], flags: int) -> re.Pattern[str]:
    ordered = sorted(set(terms), key=len, reverse=True)
    body = "|".join(re.escape(t) for t in ordered) or r"(?!x)x"
    return re.compile(rf"(?<![\w-])(?:{body})s?(?![\w-])", flags)


def build_terms(topic: Topic | None, lexicon: Lexicon) -> TopicTerms:
    meanings: dict[str, str] = {term: "" for term in lexicon.general_jargon}
    concepts: list[ConceptMatcher] = []
    if topic is not None:
        meanings.update(topic.all_jargon())
        for concept in topic.concepts:
            words = [*concept.keywords, *concept.jargon]
            pattern = _alternation([w.lower() for w in words], re.IGNORECASE)
            concepts.append(ConceptMatcher(concept.id, pattern))
    canonical = {term.lower(): term for term in meanings}
    acronyms = [t for t in meanings if _ACRONYM.match(t)]
    others = [t.lower() for t in meanings if not _ACRONYM.match(t)]
    return TopicTerms(
        canonical=canonical,
        meanings=meanings,
        exact=_alternation(acronyms, 0),
        loose=_alternation(others, re.IGNORECASE),
        concepts=tuple(concepts),
    )


_CACHE: dict[int, tuple[Topic | None, TopicTerms]] = {}


def terms_for(topic: Topic | None, lexicon: Lexicon) -> TopicTerms:
    """Compiled matchers for `topic`, built once per Topic object."""
    key = id(topic) ^ id(lexicon)
    cached = _CACHE.get(key)
    if cached is not None and cached[0] is topic:
        return cached[1]
    if len(_CACHE) > 64:
        _CACHE.clear()
    terms = build_terms(topic, lexicon)
    _CACHE[key] = (topic, terms)
    return terms


_AFTER_GAP = re.compile(r"^[\s,;:—–\-]*(?:\(|—|–|:)")


def explained_at(text: str, start: int, end: int, lexicon: Lexicon) -> bool:
    """Whether the term at text[start:end] comes with a definition cue next to it."""
    after = text[end : end + 60]
    if _AFTER_GAP.match(after) and len(after.strip(" ,;:—–-(")) > 10:
        return True  # "RAG (the tool ...)", "RAG: the tool ...", "RAG — that is ..."
    head = after.lstrip(" ,;—–-")
    if lexicon.starts("definition_after", head[:40]):
        return True
    return _before_pattern(lexicon).search(text[max(0, start - 40) : start]) is not None


@lru_cache(maxsize=4)
def _before_pattern(lexicon: Lexicon) -> re.Pattern[str]:
    """A definition cue just before a term: "think of an LLM as", "what we call RAG"."""
    cues = sorted(lexicon.lists["definition_before"], key=len, reverse=True)
    body = "|".join(re.escape(c) for c in cues)
    return re.compile(rf"(?<![\w-])(?:{body})\s+(?:(?:an?|the|this|it|a\s+\w+)\s+)?[\"'“]?$", re.I)


@lru_cache(maxsize=8192)
def _explained_in(text: str, terms: TopicTerms, lexicon: Lexicon) -> frozenset[str]:
    return frozenset(
        term
        for term, start, end in terms.jargon_spans(text)
        if explained_at(text, start, end, lexicon)
    )


def explained_terms(text: str, terms: TopicTerms, lexicon: Lexicon) -> frozenset[str]:
    """Terms explained somewhere in `text` (cached: earlier turns are asked about often)."""
    return _explained_in(text, terms, lexicon)
