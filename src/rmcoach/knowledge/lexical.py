"""BM25 over the guidance passages: the exact-word signal that embeddings blur.

The corpus is a few dozen passages, so the statistics are rebuilt in memory when
the index is checked; scoring a query against all of them takes microseconds.
"""

from __future__ import annotations

import math
import re
from collections import Counter

_STOP_WORDS = (
    "a an and are as at be but by do does for from has have how i if in into is it its "
    "me my not of on or our so that the their them they this to too was we what when "
    "where which who why will with you your"
)
_STOP = frozenset(_STOP_WORDS.split())


def terms(text: str) -> list[str]:
    """Lower-case word stems (a light suffix strip), stop words removed."""
    words = re.findall(r"[a-z0-9]+", text.lower())
    return [_stem(w) for w in words if w not in _STOP and len(w) > 1]


def _stem(word: str) -> str:
    for suffix in ("ing", "ers", "ies", "ed", "es", "er", "ly", "s"):
        if len(word) > len(suffix) + 3 and word.endswith(suffix):
            return word[: -len(suffix)]
    return word


class Bm25:
    """Okapi BM25 (k1=1.2, b=0.75) over a fixed set of documents keyed by id."""

    def __init__(self, documents: dict[str, str], k1: float = 1.2, b: float = 0.75):
        self.k1, self.b = k1, b
        self._tf = {doc_id: Counter(terms(text)) for doc_id, text in documents.items()}
        self._len = {doc_id: sum(tf.values()) for doc_id, tf in self._tf.items()}
        self._avg = (sum(self._len.values()) / len(self._len)) if self._len else 1.0
        df: Counter[str] = Counter()
        for tf in self._tf.values():
            df.update(tf.keys())
        n = len(self._tf)
        self._idf = {t: math.log(1 + (n - f + 0.5) / (f + 0.5)) for t, f in df.items()}

    def scores(self, query: str, ids: list[str]) -> dict[str, float]:
        """BM25 score of each given document id for the query (unknown ids score 0)."""
        query_terms = set(terms(query))
        result: dict[str, float] = {}
        for doc_id in ids:
            tf = self._tf.get(doc_id)
            if tf is None:
                result[doc_id] = 0.0
                continue
            norm = self.k1 * (1 - self.b + self.b * self._len[doc_id] / self._avg)
            result[doc_id] = sum(
                self._idf[t] * tf[t] * (self.k1 + 1) / (tf[t] + norm)
                for t in query_terms
                if t in tf
            )
        return result
