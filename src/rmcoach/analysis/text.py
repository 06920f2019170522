"""Sentences, words and readability, offline.

Flesch reading ease needs syllable counts; textstat downloads cmudict at run time
(fails offline), so syllables come from pyphen's bundled hyphenation dictionary.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

_SENTENCE = re.compile(r"[^.!?\n]+(?:[.!?]+[\"')\]]*|$)|[.!?]+", re.MULTILINE)
_WORD = re.compile(r"[A-Za-z0-9]+(?:['’\-][A-Za-z0-9]+)*")
_VOWEL_GROUPS = re.compile(r"[aeiouy]+")


@dataclass(frozen=True)
class Sentence:
    """One sentence of a turn, with its span in the turn text (for verbatim quotes)."""

    text: str
    start: int
    end: int
    words: int

    @property
    def is_question(self) -> bool:
        return self.text.rstrip("\"')] ").endswith("?")


def split_sentences(text: str) -> list[Sentence]:
    """Sentences with spans; a trailing fragment without punctuation is a sentence too."""
    out: list[Sentence] = []
    for m in _SENTENCE.finditer(text):
        raw = m.group(0)
        stripped = raw.strip()
        if not stripped or not _WORD.search(stripped):
            continue
        start = m.start() + (len(raw) - len(raw.lstrip()))
        out.append(Sentence(stripped, start, start + len(stripped), len(_WORD.findall(stripped))))
    return out


def words(text: str) -> list[str]:
    return _WORD.findall(text)


@lru_cache(maxsize=1)
def _dictionary() -> Any:
    import pyphen

    return pyphen.Pyphen(lang="en_US")


@lru_cache(maxsize=20_000)
def syllables(word: str) -> int:
    """Syllables of one word: pyphen's hyphenation points, floored by vowel groups."""
    lower = word.lower()
    if lower.isdigit():
        return max(1, len(lower) // 2)
    by_hyphen = len(_dictionary().positions(lower)) + 1
    groups = len(_VOWEL_GROUPS.findall(lower))
    if lower.endswith("e") and groups > 1 and not lower.endswith(("le", "ee")):
        groups -= 1
    return max(1, by_hyphen, groups)


def flesch(words_list: list[str], sentences: int) -> float:
    """Flesch reading ease clipped to 0-100 (higher is easier); 100 for empty text."""
    if not words_list:
        return 100.0
    syl = sum(syllables(w) for w in words_list)
    score = 206.835 - 1.015 * (len(words_list) / max(1, sentences)) - 84.6 * (syl / len(words_list))
    return max(0.0, min(100.0, score))


def clip_quote(text: str, start: int, end: int, limit: int = 180) -> str:
    """A verbatim slice of `text`, cut at a word boundary when longer than `limit`."""
    piece = text[start:end]
    if len(piece) <= limit:
        return piece
    cut = piece.rfind(" ", 0, limit)
    return piece[: cut if cut > 40 else limit].rstrip()


def stem(word: str) -> str:
    """A crude stem so "reports"/"reporting"/"reported" meet; enough for uptake."""
    w = word.lower().replace("’", "'")
    if w.endswith("'s"):
        w = w[:-2]
    for suffix in ("ing", "ed", "es", "s"):
        if w.endswith(suffix) and len(w) - len(suffix) >= 3 and not w.endswith("ss"):
            return w[: -len(suffix)]
    return w


@lru_cache(maxsize=8192)
def content_stems(text: str, stopwords: frozenset[str]) -> frozenset[str]:
    """Stems of the words that carry content (stopwords and short words dropped)."""
    return frozenset(
        stem(w)
        for w in _WORD.findall(text)
        if len(w) > 2 and w.lower().replace("’", "'") not in stopwords
    )
