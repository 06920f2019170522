"""Measurements that run inside one fresh Python process each, for benchmarks/run.py.

    python benchmarks/speed_workers.py KIND '{"json": "arguments"}'

run.py starts one process per measurement, with its own temporary RMCOACH_HOME, so
imports are cold where that matters, one measurement's caches never help another, and
the process's own peak RSS is that measurement's peak memory. The last line of stdout
is a JSON object of raw figures (seconds, counts, bytes). Profile any of them with
`pyinstrument benchmarks/speed_workers.py KIND '...'` (see benchmarks/README.md).

Only the standard library is imported at module level: the "tui" probe times the
interpreter's start-up plus rmcoach's own imports.
"""

from __future__ import annotations

import asyncio
import json
import os
import random
import resource
import sys
import time
from pathlib import Path
from typing import Any

DATA = Path(__file__).resolve().parent / "data"
#: The persona, topic and mode every offline measurement rehearses.
SPEC = ("mentor", "cfo-skeptic", "generative-ai")


def peak_rss(who: int = resource.RUSAGE_SELF) -> int:
    """Peak resident set size in bytes (Linux reports kilobytes) of this process, or
    with RUSAGE_CHILDREN of the largest child it waited for (`rmcoach kb index`)."""
    return resource.getrusage(who).ru_maxrss * 1024


def utterances() -> list[dict[str, str]]:
    """Hand-written learner utterances with the partner line before each (the dev set)."""
    with (DATA / "dev_acts.jsonl").open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def learner_text(words: int, seed: int) -> str:
    """A learner turn of exactly `words` words, stitched from real utterances."""
    pool = [u["text"] for u in utterances()]
    random.Random(seed).shuffle(pool)
    out: list[str] = []
    for sentence in pool * (1 + words // 200):
        out.extend(sentence.split())
        if len(out) >= words:
            break
    text = " ".join(out[:words])
    return text if text.endswith((".", "?", "!")) else text + "."


async def drain(events: Any) -> list[tuple[float, Any]]:
    """Consume a turn's events, stamping each with perf_counter."""
    return [(time.perf_counter(), event) async for event in events]


def service() -> Any:
    from rmcoach.config import load_settings
    from rmcoach.session import RehearsalService

    return RehearsalService(load_settings())


# ---------------------------------------------------------------- offline turns


async def _turns(sizes: list[int], reps: int, context_turns: int) -> dict[str, Any]:
    """Each measured turn is the (context_turns+1)-th of a fresh session, index warm."""
    from rmcoach.session import SessionSpec

    svc = service()
    svc.prepare_knowledge()
    spec = SessionSpec(*SPEC)
    short = [u["text"] for u in utterances()]
    result: dict[str, Any] = {"embedder": svc._knowledge().embedder.name}
    for size in sizes:
        times: list[float] = []
        for rep in range(reps + 2):  # two warm-up turns per size
            session = svc.start(spec)
            session.open()
            for i in range(context_turns):
                await drain(session.take_turn(short[(rep * 7 + i) % len(short)]))
            started = time.perf_counter()
            await drain(session.take_turn(learner_text(size, rep)))
            if rep >= 2:
                times.append(time.perf_counter() - started)
        result[str(size)] = times
    return result


def turns(args: dict[str, Any]) -> dict[str, Any]:
    return asyncio.run(_turns(args["sizes"], args["reps"], args.get("context_turns", 3)))


# ---------------------------------------------------------------- 100-turn session


async def _session(n_turns: int) -> dict[str, Any]:
    """A whole offline session of real utterances, then the scorecard: memory and growth."""
    from rmcoach.session import SessionSpec

    svc = service()
    started = time.perf_counter()
    svc.prepare_knowledge()
    index_s = time.perf_counter() - started
    session = svc.start(SessionSpec(*SPEC))
    session.open()
    pool = [u["text"] for u in utterances()]
    times: list[float] = []
    for i in range(n_turns):
        t = time.perf_counter()
        await drain(session.take_turn(pool[i % len(pool)]))
        times.append(time.perf_counter() - t)
    t = time.perf_counter()
    await session.finish()
    return {
        "index_s": index_s,
        "turn_s": times,
        "finish_s": time.perf_counter() - t,
        "total_s": time.perf_counter() - started,
    }


def session(args: dict[str, Any]) -> dict[str, Any]:
    return asyncio.run(_session(args["turns"]))


# ---------------------------------------------------------------- scorer


def synthetic_transcript(learner_turns: int) -> Any:
    """Partner line, learner utterance, repeated: the dev set's real exchanges."""
    from rmcoach.transcript import Transcript, Turn

    pool = utterances()
    out: list[Turn] = []
    for i in range(learner_turns):
        item = pool[i % len(pool)]
        out += [Turn("partner", item["partner"]), Turn("learner", item["text"])]
    return Transcript(turns=out, mode=SPEC[0], persona=SPEC[1], topic=SPEC[2])


def scorer(args: dict[str, Any]) -> dict[str, Any]:
    """Seconds per scorecard (no judge) for transcripts of each size."""
    from rmcoach.content.library import load_library
    from rmcoach.scoring import scorecard

    library = load_library(None)
    persona, topic = library.persona(SPEC[1], SPEC[0]), library.topic(SPEC[2])
    result: dict[str, Any] = {}
    for size in args["sizes"]:
        transcript = synthetic_transcript(size)
        scorecard(transcript, topic, persona)  # warm-up
        times = []
        for _ in range(args["reps"]):
            t = time.perf_counter()
            scorecard(transcript, topic, persona)
            times.append(time.perf_counter() - t)
        result[str(size)] = times
    return result


# ---------------------------------------------------------------- knowledge base


def variant(text: str, seed: int) -> str:
    """The same passage with its sentences reordered and a marker word, so each copy differs."""
    sentences = [s.strip() for s in text.replace("\n", " ").split(". ") if s.strip()]
    random.Random(seed).shuffle(sentences)
    return f"Variant {seed}. " + ". ".join(sentences)


def write_corpus(target: Path, passages: int) -> int:
    """`passages` guidance sections in files shaped like the shipped ones; returns files written."""
    from rmcoach.knowledge.chunking import load_corpus
    from rmcoach.paths import shipped_knowledge

    source = load_corpus([shipped_knowledge()]).chunks
    by_file: dict[str, list[Any]] = {}
    for chunk in source:
        by_file.setdefault(Path(chunk.path).stem, []).append(chunk)
    target.mkdir(parents=True, exist_ok=True)
    written = files = 0
    copy = 0
    while written < passages:
        for stem, chunks in by_file.items():
            if written >= passages:
                break
            take = chunks[: passages - written]
            first = take[0]
            head = [
                "---",
                f"title: {json.dumps(first.title.split(' — ')[0] + f' ({copy})')}",
                f"tags: {json.dumps(list(first.tags))}",
                f"audience: {first.audience}",
                f"topics: {json.dumps(list(first.topics))}",
                "---",
                "",
            ]
            body = [f"## {c.heading} {copy}\n\n{variant(c.text, copy)}\n" for c in take]
            (target / f"{stem}-{copy:03d}.md").write_text("\n".join(head + body), encoding="utf-8")
            written += len(take)
            files += 1
        copy += 1
    return files


def kb(args: dict[str, Any]) -> dict[str, Any]:
    """Build, re-index one changed file, and query a corpus of exactly N synthetic passages.

    The shipped guidance is pointed at an empty folder (a monkeypatch of
    rmcoach.knowledge.chunking.shipped_knowledge in this process only), so the corpus is
    the generated files alone and its size is exact.
    """
    import rmcoach.knowledge.chunking as chunking
    from rmcoach.config import load_settings
    from rmcoach.knowledge import KnowledgeBase
    from rmcoach.knowledge.evaluation import load_queries

    settings = load_settings()
    folder = settings.paths.content_dir / "knowledge"
    files = write_corpus(folder, args["passages"])
    empty = settings.paths.config_dir / "no-shipped-guidance"
    empty.mkdir(parents=True, exist_ok=True)
    chunking.shipped_knowledge = lambda: empty

    base = KnowledgeBase(settings)
    base.embedder.embed(["warm the model up"])  # model load is not index build
    t = time.perf_counter()
    built = base.ensure_index()
    build_s = time.perf_counter() - t
    changed = sorted(folder.glob("*.md"))[0]
    reindex: list[float] = []
    for rep in range(args["reps"]):
        with changed.open("a", encoding="utf-8") as fh:
            fh.write(f"\nA sentence a trainer added, edit {rep}.\n")
        t = time.perf_counter()
        base.ensure_index()
        reindex.append(time.perf_counter() - t)
    queries = load_queries(DATA / "kb_queries.jsonl")
    for q in queries[:5]:
        base.search(q.query, topic=q.topic, mode=q.mode)
    query_s: list[float] = []
    for _ in range(args["query_rounds"]):
        for q in queries:
            t = time.perf_counter()
            base.search(q.query, topic=q.topic, mode=q.mode)
            query_s.append(time.perf_counter() - t)
    return {
        "passages": built.chunks,
        "files": files,
        "embedder": base.embedder.name,
        "build_s": build_s,
        "reindex_s": reindex,
        "query_s": query_s,
    }


# ---------------------------------------------------------------- TUI


async def _greeting_shown(app: Any) -> float:
    """perf_counter when the rehearsal screen shows the partner's first line."""
    from textual.widgets import Markdown

    from rmcoach.tui.conversation import TurnView
    from rmcoach.tui.rehearsal import RehearsalScreen

    while True:
        if isinstance(app.screen, RehearsalScreen):
            views = [v for v in app.screen.query(TurnView) if v.speaker == "partner"]
            # the TurnView may be mounted before its Markdown child is composed
            body = views[0].query(Markdown) if views else None
            if body and body.first().children:
                return time.perf_counter()
        await asyncio.sleep(0.001)


async def _tui(process_start: float) -> dict[str, Any]:
    from rmcoach.config import load_settings
    from rmcoach.session import RehearsalService
    from rmcoach.tui.app import RmcoachApp
    from rmcoach.tui.start import StartScreen

    app = RmcoachApp(RehearsalService(load_settings()))
    result: dict[str, Any] = {}
    async with app.run_test(size=(120, 40)) as pilot:
        while not isinstance(app.screen, StartScreen) or app.focused is None:
            await asyncio.sleep(0.001)
        result["first_screen_s"] = time.time() - process_start
        while not app.screen.query_one("#personas").option_count:
            await asyncio.sleep(0.001)
        result["catalogue_s"] = time.time() - process_start
        # poll from a task while the key is pressed: Pilot.press returns only after
        # waiting for the screen to go idle, which is later than the greeting shows
        t = time.perf_counter()
        shown = asyncio.create_task(_greeting_shown(app))
        await pilot.press("enter")
        result["open_rehearsal_s"] = await shown - t
        await app.workers.wait_for_complete()
    return result


def tui(args: dict[str, Any]) -> dict[str, Any]:
    """Seconds from `process_start` (time.time() in the parent just before it started us)."""
    return asyncio.run(_tui(args["process_start"]))


def prepare(args: dict[str, Any]) -> dict[str, Any]:
    """Build the guidance index in this RMCOACH_HOME (for a 'second launch' TUI probe)."""
    t = time.perf_counter()
    status = service().prepare_knowledge()
    return {"seconds": time.perf_counter() - t, "status": status}


# ---------------------------------------------------------------- LLM path


def llm(args: dict[str, Any]) -> dict[str, Any]:
    from llm_probe import measure  # benchmarks/llm_probe.py

    return measure(args)


WORKERS = {
    "turns": turns,
    "session": session,
    "scorer": scorer,
    "kb": kb,
    "tui": tui,
    "prepare": prepare,
    "llm": llm,
}


def main() -> None:
    kind, raw = sys.argv[1], sys.argv[2] if len(sys.argv) > 2 else "{}"
    args = json.loads(raw)
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    result = WORKERS[kind](args)
    result["peak_rss"] = peak_rss()
    result["peak_rss_children"] = peak_rss(resource.RUSAGE_CHILDREN)
    result["pid"] = os.getpid()
    print(json.dumps(result))


if __name__ == "__main__":
    main()
