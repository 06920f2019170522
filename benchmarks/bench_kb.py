"""Knowledge base: retrieval quality, index build and re-index time, query latency.

    python benchmarks/bench_kb.py [--server]

Quality: recall@3 and MRR on benchmarks/data/kb_queries.jsonl for each embedder
(MiniLM int8 ONNX, hashing) and ranking (dense only, + heading, + BM25), on the
"dev" split (the ranking weights and query phrases were tuned looking at it) and the
held-out "test" split. Speed: full index build, re-index with nothing changed and
with one file changed (a user override of a shipped file), warm query p50/p95.
With --server the speed rows are repeated against a `chroma run` server on loopback.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from rmcoach.config import Settings, load_settings
from rmcoach.knowledge import KnowledgeBase
from rmcoach.knowledge.evaluation import LabelledQuery, evaluate, load_queries
from rmcoach.paths import shipped_knowledge

DATA = Path(__file__).resolve().parent / "data"
ROOT = Path(__file__).resolve().parent.parent


def settings_for(home: Path, embedding: str, chroma_url: str | None = None) -> Settings:
    env = {"RMCOACH_HOME": str(home), "RMCOACH_EMBEDDING": embedding}
    if chroma_url:
        env["RMCOACH_CHROMA_URL"] = chroma_url
    return load_settings(environ=env)


def table(title: str, header: list[str], rows: list[list[str]]) -> None:
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]
    print(f"\n{title}")
    print("  ".join(h.ljust(w) for h, w in zip(header, widths, strict=True)))
    print("  ".join("-" * w for w in widths))
    for row in rows:
        print("  ".join(str(c).ljust(w) for c, w in zip(row, widths, strict=True)))


def quality(queries: list[LabelledQuery]) -> None:
    rankings = {"dense": (0.0, 0.0), "dense+heading": (0.5, 0.0), "hybrid (default)": (0.5, 0.2)}
    rows = []
    for embedding in ("minilm", "hashing"):
        with tempfile.TemporaryDirectory() as home:
            base = KnowledgeBase(settings_for(Path(home), embedding))
            base.ensure_index()
            for name, (heading, lexical) in rankings.items():
                base.heading_weight, base.lexical_weight = heading, lexical
                row = [base.embedder.name, name]
                for split in ("dev", "test"):
                    subset = [q for q in queries if q.split == split]
                    result = evaluate(base.search, subset)
                    row += [f"{result.recall:.3f}", f"{result.mrr:.3f}"]
                rows.append(row)
    n_dev = sum(q.split == "dev" for q in queries)
    header = ["embedder", "ranking", f"R@3 dev({n_dev})", "MRR dev"]
    header += [f"R@3 test({len(queries) - n_dev})", "MRR test"]
    table("Retrieval quality (recall@3, MRR)", header, rows)


def speed(queries: list[LabelledQuery], embedding: str, chroma_url: str | None) -> list[str]:
    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp)
        settings = settings_for(home, embedding, chroma_url)
        base = KnowledgeBase(settings)
        build = base.ensure_index(rebuild=True)
        started = time.perf_counter()
        KnowledgeBase(settings).ensure_index()
        unchanged = time.perf_counter() - started
        override = settings.paths.content_dir / "knowledge" / "teach-back.md"
        override.parent.mkdir(parents=True)
        text = (shipped_knowledge() / "teach-back.md").read_text(encoding="utf-8")
        override.write_text(text + "\nA sentence added by a trainer.\n", encoding="utf-8")
        changed = KnowledgeBase(settings).ensure_index()
        warm = KnowledgeBase(settings)
        warm.ensure_index()
        for q in queries[:5]:
            warm.search(q.query, topic=q.topic, mode=q.mode)
        times = []
        for _ in range(3):
            for q in queries:
                t = time.perf_counter()
                warm.search(q.query, topic=q.topic, mode=q.mode)
                times.append((time.perf_counter() - t) * 1000)
        times.sort()
        p95 = times[int(0.95 * (len(times) - 1))]
        return [
            warm.embedder.name,
            "server" if chroma_url else "embedded",
            f"{build.seconds:.2f} s ({build.chunks})",
            f"{unchanged * 1000:.0f} ms",
            f"{changed.seconds * 1000:.0f} ms ({changed.updated} re-embedded)",
            f"{statistics.median(times):.1f} ms",
            f"{p95:.1f} ms",
        ]


@contextmanager
def chroma_server() -> Iterator[str]:
    sys.path.insert(0, str(ROOT / "tests"))
    from chroma_server import running_chroma

    with tempfile.TemporaryDirectory() as path, running_chroma(Path(path)) as url:
        yield url


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--server", action="store_true", help="also time a Chroma server")
    args = parser.parse_args(argv)
    os.environ.pop("RMCOACH_CHROMA_URL", None)
    queries = load_queries(DATA / "kb_queries.jsonl")
    quality(queries)
    rows = [speed(queries, e, None) for e in ("minilm", "hashing")]
    if args.server:
        with chroma_server() as url:
            rows.append(speed(queries, "minilm", url))
    header = ["embedder", "store", "build", "re-index same", "re-index 1 file", "q p50", "q p95"]
    table("Index and query speed (warm, in process)", header, rows)
    print(f"\nqueries: {len(queries)}; corpus: {shipped_knowledge()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
