"""The knowledge base the session talks to: index guidance incrementally, search it.

The index is a Chroma collection whose metadata records the embedding model that
built it; a different model means a rebuild, never a mix of vector spaces. Chunks
carry a content hash, so re-indexing re-embeds only what changed.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from rmcoach.errors import Problem
from rmcoach.knowledge.chunking import Chunk, Corpus, knowledge_roots, load_corpus
from rmcoach.knowledge.embedding import Embedder, embedder_for
from rmcoach.knowledge.lexical import Bm25
from rmcoach.knowledge.models import Passage
from rmcoach.knowledge.store import COLLECTION, KnowledgeUnavailable, describe_location, open_client

if TYPE_CHECKING:
    from rmcoach.config import Settings

Progress = Callable[[int, int], None]
SCHEMA = 2  # bump when the stored metadata layout changes: forces a rebuild
_BATCH = 16
#: Ranking = cos(query, passage) + HEADING_WEIGHT * cos(query, heading)
#: + LEXICAL_WEIGHT * BM25 (scaled to the best candidate). Mean-pooled passage vectors
#: blur a section's point; its heading and its exact words sharpen it. Measured in
#: benchmarks/bench_kb.py: a plateau around these values for both embedders.
HEADING_WEIGHT = 0.5
LEXICAL_WEIGHT = 0.2
_HEADING_SUFFIX = "::heading"
QUERY_CACHE = 256  # query embeddings kept per knowledge base


@dataclass
class IndexReport:
    """What one `ensure_index` did."""

    model: str
    added: int = 0
    updated: int = 0
    removed: int = 0
    unchanged: int = 0
    rebuilt: bool = False
    reason: str = ""
    seconds: float = 0.0
    problems: list[Problem] = field(default_factory=list)

    @property
    def chunks(self) -> int:
        return self.added + self.updated + self.unchanged

    @property
    def changed(self) -> bool:
        return bool(self.added or self.updated or self.removed or self.rebuilt)


@dataclass
class _Plan:
    corpus: Corpus
    stale_model: str | None  # the model that built the index, when it is not ours
    upsert: list[Chunk]
    delete: list[str]
    existing: set[str]


@contextmanager
def _guard(action: str) -> Iterator[None]:
    """Turn any store or embedding failure into KnowledgeUnavailable."""
    try:
        yield
    except KnowledgeUnavailable:
        raise
    except Exception as exc:
        raise KnowledgeUnavailable(f"guidance unavailable ({action}): {exc}") from exc


class KnowledgeBase:
    """Guidance retrieval for the coach panel and `rmcoach kb`."""

    def __init__(
        self,
        settings: Settings,
        *,
        embedder: Embedder | None = None,
        lexical_weight: float = LEXICAL_WEIGHT,
        heading_weight: float = HEADING_WEIGHT,
    ):
        self.settings = settings
        self.lexical_weight = lexical_weight
        self.heading_weight = heading_weight
        self._embedder = embedder
        self._client: Any = None
        self._collection: Any = None
        self._lexical: Bm25 | None = None
        self._chunks: dict[str, Chunk] = {}
        self._ready = False
        self._vectors: dict[str, Any] = {}  # recent query embeddings, oldest first

    # -- building -------------------------------------------------------------

    @property
    def embedder(self) -> Embedder:
        if self._embedder is None:
            with _guard("loading the embedding model"):
                self._embedder = embedder_for(self.settings)
        return self._embedder

    def ensure_index(
        self, progress: Progress | None = None, *, rebuild: bool = False
    ) -> IndexReport:
        """Bring the index up to date with the guidance files; cheap when nothing changed."""
        started = time.perf_counter()
        report = IndexReport(model=self.embedder.name)
        with _guard("indexing"):
            if rebuild:
                self._drop_collection()
                report.rebuilt, report.reason = True, "rebuild requested"
            plan = self._plan()
            if plan.stale_model is not None:
                self._drop_collection()
                report.rebuilt = True
                report.reason = f"index was built with {plan.stale_model}"
                plan = self._plan()
            report.problems = plan.corpus.problems
            self._apply(plan, report, progress)
            self._lexical = Bm25({c.id: c.embed_text for c in plan.corpus.chunks})
            self._chunks = {c.id: c for c in plan.corpus.chunks}
        self._ready = True
        report.seconds = time.perf_counter() - started
        return report

    def _drop_collection(self) -> None:
        client = self._client_or_open()
        if COLLECTION in {_name(c) for c in client.list_collections()}:
            client.delete_collection(COLLECTION)
        self._collection = None

    def _plan(self) -> _Plan:
        corpus = load_corpus(knowledge_roots(self.settings.paths.content_dir))
        collection = self._get_collection()
        built_with = (collection.metadata or {}).get("embedding_model")
        schema = (collection.metadata or {}).get("schema")
        if built_with not in (None, self.embedder.name) or schema not in (None, SCHEMA):
            return _Plan(corpus, str(built_with), [], [], set())
        stored = collection.get(include=["metadatas"])
        metas = stored["metadatas"] or []
        hashes = {i: (m or {}).get("hash") for i, m in zip(stored["ids"], metas, strict=False)}
        wanted = {c.id for c in corpus.chunks} | {c.id + _HEADING_SUFFIX for c in corpus.chunks}
        upsert = [
            c
            for c in corpus.chunks
            if hashes.get(c.id) != c.hash or hashes.get(c.id + _HEADING_SUFFIX) != c.hash
        ]
        delete = sorted(set(hashes) - wanted)
        existing = {i for i in hashes if not i.endswith(_HEADING_SUFFIX)}
        return _Plan(corpus, None, upsert, delete, existing)

    def _apply(self, plan: _Plan, report: IndexReport, progress: Progress | None) -> None:
        collection = self._get_collection()
        total = len(plan.upsert)
        if progress:
            progress(0, total)
        for start in range(0, total, _BATCH):
            batch = plan.upsert[start : start + _BATCH]
            texts = [c.embed_text for c in batch] + [c.heading for c in batch]
            collection.upsert(
                ids=[c.id for c in batch] + [c.id + _HEADING_SUFFIX for c in batch],
                embeddings=self.embedder.embed(texts),
                documents=[c.text for c in batch] + [c.heading for c in batch],
                metadatas=[_metadata(c, "text") for c in batch]
                + [_metadata(c, "heading") for c in batch],
            )
            if progress:
                progress(min(start + _BATCH, total), total)
        if plan.delete:
            collection.delete(ids=plan.delete)
        report.added = sum(1 for c in plan.upsert if c.id not in plan.existing)
        report.updated = total - report.added
        report.removed = sum(1 for i in plan.delete if not i.endswith(_HEADING_SUFFIX))
        report.unchanged = len(plan.corpus.chunks) - total

    # -- searching ------------------------------------------------------------

    def search(
        self, query: str, *, topic: str | None = None, mode: str | None = None, k: int = 3
    ) -> list[Passage]:
        """The k passages that best fit the query, for this mode's audience and topic."""
        if not query.strip() or k <= 0:
            return []
        if not self._ready:
            self.ensure_index()
        if not self._chunks:
            return []
        with _guard("searching"):
            vector = self._query_vector(query)
            # distances only: documents and metadata of the winners come from memory
            result = self._get_collection().query(
                query_embeddings=[vector],
                n_results=2 * len(self._chunks),
                where=_where(topic, mode),
                include=["distances"],
            )
            text_sim: dict[str, float] = {}
            heading_sim: dict[str, float] = {}
            for i, dist in zip(result["ids"][0], result["distances"][0], strict=False):
                sim = 1.0 - float(dist) / 2.0  # unit vectors: squared L2 = 2 - 2 cos
                if i.endswith(_HEADING_SUFFIX):
                    heading_sim[i.removesuffix(_HEADING_SUFFIX)] = sim
                else:
                    text_sim[i] = sim
            ranked = self._rank(query, text_sim, heading_sim)[:k]
            return self._passages(ranked)

    def _query_vector(self, query: str) -> Any:
        """The query's embedding; sessions repeat queries often, so recent ones are kept."""
        vector = self._vectors.pop(query, None)
        if vector is None:
            vector = self.embedder.embed([query])[0]
        self._vectors[query] = vector
        while len(self._vectors) > QUERY_CACHE:
            self._vectors.pop(next(iter(self._vectors)))
        return vector

    def _rank(
        self, query: str, text_sim: dict[str, float], heading_sim: dict[str, float]
    ) -> list[tuple[str, float]]:
        """Fuse passage, heading and BM25 signals (exact words like "TikTok" matter)."""
        lexical: dict[str, float] = {}
        if self._lexical is not None and self.lexical_weight:
            lexical = self._lexical.scores(query, list(text_sim))
        top = max(lexical.values(), default=0.0) or 1.0
        total = 1.0 + self.heading_weight + self.lexical_weight
        fused = {
            i: (
                sim
                + self.heading_weight * heading_sim.get(i, 0.0)
                + self.lexical_weight * lexical.get(i, 0.0) / top
            )
            / total
            for i, sim in text_sim.items()
        }
        return sorted(fused.items(), key=lambda item: item[1], reverse=True)

    def _passages(self, ranked: list[tuple[str, float]]) -> list[Passage]:
        """Passages for ranked ids; ids indexed by another process are read from the store."""
        missing = [i for i, _ in ranked if i not in self._chunks]
        stored: dict[str, Passage] = {}
        if missing:
            got = self._get_collection().get(ids=missing, include=["documents", "metadatas"])
            for i, doc, meta in zip(got["ids"], got["documents"], got["metadatas"], strict=False):
                stored[i] = _stored_passage(i, doc, meta)
        passages = []
        for i, score in ranked:
            chunk = self._chunks.get(i)
            passage = _chunk_passage(chunk) if chunk else stored.get(i)
            if passage is not None:
                passages.append(replace(passage, score=score))
        return passages

    # -- reporting ------------------------------------------------------------

    def status(self) -> dict[str, Any]:
        """Model, backend, location, chunk count and whether the index matches the files."""
        backend, location = describe_location(self.settings)
        info: dict[str, Any] = {
            "embedding": self.settings.embedding,
            "model": None,
            "backend": backend,
            "location": location,
            "chunks": 0,
            "files": 0,
            "current": False,
            "pending": 0,
            "problems": [],
            "error": None,
        }
        try:
            info["model"] = self.embedder.name
            with _guard("reading status"):
                plan = self._plan()
                info["chunks"] = len(plan.existing)
        except KnowledgeUnavailable as exc:
            info["error"] = str(exc)
            return info
        info["files"] = len(plan.corpus.files)
        info["problems"] = [str(p) for p in plan.corpus.problems]
        info["pending"] = len(plan.upsert) + len(plan.delete)
        info["current"] = plan.stale_model is None and info["pending"] == 0 and info["chunks"] > 0
        if plan.stale_model is not None:
            info["stale_model"] = plan.stale_model
        return info

    # -- plumbing -------------------------------------------------------------

    def _client_or_open(self) -> Any:
        if self._client is None:
            self._client = open_client(self.settings)
        return self._client

    def _get_collection(self) -> Any:
        if self._collection is None:
            client = self._client_or_open()
            try:  # get first: get_or_create may overwrite the metadata that records the model
                self._collection = client.get_collection(COLLECTION, embedding_function=None)
            except Exception:
                self._collection = client.get_or_create_collection(
                    COLLECTION,
                    metadata={"embedding_model": self.embedder.name, "schema": SCHEMA},
                    embedding_function=None,
                )
        return self._collection


def _name(collection: Any) -> str:
    return collection if isinstance(collection, str) else str(collection.name)


def _metadata(chunk: Chunk, part: str) -> dict[str, Any]:
    meta: dict[str, Any] = {
        "part": part,
        "title": chunk.title,
        "heading": chunk.heading,
        "path": chunk.path,
        "audience": chunk.audience,
        "topics": ",".join(chunk.topics),
        "tags": ",".join(chunk.tags),
        "hash": chunk.hash,
        "topic_any": not chunk.topics,
    }
    for topic in chunk.topics:
        meta[f"topic_{topic}"] = True
    return meta


def _where(topic: str | None, mode: str | None) -> dict[str, Any] | None:
    clauses: list[dict[str, Any]] = []
    if mode:
        clauses.append({"audience": {"$in": [mode, "both"]}})
    if topic:
        clauses.append({"$or": [{f"topic_{topic}": True}, {"topic_any": True}]})
    if not clauses:
        return None
    return clauses[0] if len(clauses) == 1 else {"$and": clauses}


def _split(value: Any) -> tuple[str, ...]:
    return tuple(v for v in str(value or "").split(",") if v)


def _stored_passage(chunk_id: str, document: str, meta: dict[str, Any]) -> Passage:
    return Passage(
        id=chunk_id,
        title=str(meta.get("title", chunk_id)),
        text=document,
        path=str(meta.get("path", "")),
        audience=str(meta.get("audience", "both")),
        topics=_split(meta.get("topics")),
        tags=_split(meta.get("tags")),
        extra={"heading": meta.get("heading", "")},
    )


def _chunk_passage(chunk: Chunk) -> Passage:
    return Passage(
        id=chunk.id,
        title=chunk.title,
        text=chunk.text,
        path=chunk.path,
        audience=chunk.audience,
        topics=chunk.topics,
        tags=chunk.tags,
        extra={"heading": chunk.heading},
    )
