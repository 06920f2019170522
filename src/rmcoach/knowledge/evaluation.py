"""Retrieval quality on a labelled query set: recall@k and MRR (bench_kb.py and tests)."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from rmcoach.knowledge.models import Passage

Search = Callable[..., list[Passage]]


@dataclass(frozen=True)
class LabelledQuery:
    """A query with the passage ids that should come back, and optional filters."""

    query: str
    relevant: tuple[str, ...]
    mode: str | None = None
    topic: str | None = None
    split: str = "dev"  # "dev": looked at while tuning; "test": held out


@dataclass(frozen=True)
class Quality:
    recall: float  # mean share of relevant passages found in the top k
    mrr: float  # mean reciprocal rank of the first relevant passage (within 10)
    misses: tuple[str, ...]  # queries whose top k held none of their passages


def load_queries(path: Path) -> list[LabelledQuery]:
    """One JSON object a line: {"query", "relevant": [ids], "mode"?, "topic"?, "split"?}."""
    queries = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            row = json.loads(line)
            queries.append(
                LabelledQuery(
                    row["query"],
                    tuple(row["relevant"]),
                    row.get("mode"),
                    row.get("topic"),
                    row.get("split", "dev"),
                )
            )
    return queries


def evaluate(search: Search, queries: list[LabelledQuery], k: int = 3) -> Quality:
    """Run every query through `search(query, topic=, mode=, k=)` and score the ranking."""
    recall = mrr = 0.0
    misses: list[str] = []
    for q in queries:
        ids = [p.id for p in search(q.query, topic=q.topic, mode=q.mode, k=10)]
        found = set(ids[:k]) & set(q.relevant)
        recall += len(found) / len(q.relevant)
        first = next((rank for rank, i in enumerate(ids, 1) if i in q.relevant), None)
        mrr += 1.0 / first if first else 0.0
        if not found:
            misses.append(q.query)
    n = len(queries) or 1
    return Quality(recall / n, mrr / n, tuple(misses))
