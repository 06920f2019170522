"""Accuracy and speed of the turn analysis and scorecard, printed as plain tables.

    python benchmarks/bench_analysis.py

Acts: per-act precision / recall / F1, macro-F1, confusion matrix and subtype accuracy
on benchmarks/data/dev_acts.jsonl, for the "dev" split (rules were written looking at
it) and the held-out "test" split. Clarity: share of clarity_pairs.jsonl where the
clear explanation scores higher than the unclear one. Speed: one 60-turn session
analysed and scored, and 5,000 utterances analysed.
"""

from __future__ import annotations

import json
import statistics
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rmcoach.analysis import ACTS, TurnContext, analyze_turn
from rmcoach.content.library import load_library
from rmcoach.content.models import Topic
from rmcoach.scoring import scorecard
from rmcoach.transcript import Transcript, Turn

DATA = Path(__file__).resolve().parent / "data"


def load_jsonl(name: str) -> list[dict[str, Any]]:
    with (DATA / name).open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def topics() -> dict[str, Topic]:
    return dict(load_library(None).topics)


@dataclass
class ActReport:
    """Per-act counts and derived metrics for one split."""

    n: int
    confusion: dict[str, dict[str, int]]
    subtype_right: int
    subtype_total: int

    def prf(self, act: str) -> tuple[float, float, float]:
        tp = self.confusion[act][act]
        predicted = sum(self.confusion[gold][act] for gold in ACTS)
        actual = sum(self.confusion[act].values())
        p = tp / predicted if predicted else 0.0
        r = tp / actual if actual else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return p, r, f

    @property
    def macro_f1(self) -> float:
        return statistics.mean(self.prf(a)[2] for a in ACTS)

    @property
    def accuracy(self) -> float:
        return sum(self.confusion[a][a] for a in ACTS) / max(1, self.n)

    @property
    def subtype_accuracy(self) -> float:
        return self.subtype_right / max(1, self.subtype_total)


def evaluate_acts(split: str | None = None) -> ActReport:
    """Score the act classifier on one split ("dev", "test") or on everything (None)."""
    known = topics()
    items = [i for i in load_jsonl("dev_acts.jsonl") if split is None or i.get("split") == split]
    confusion = {gold: dict.fromkeys(ACTS, 0) for gold in ACTS}
    right = total = 0
    for item in items:
        ctx = TurnContext(
            previous_partner=item["partner"], topic=known.get(item.get("topic") or "")
        )
        got = analyze_turn(item["text"], ctx)
        confusion[item["act"]][got.act] += 1
        if item["act"] == got.act and item.get("subtype"):
            total += 1
            right += got.subtype == item["subtype"]
    return ActReport(len(items), confusion, right, total)


def clarity_of(text: str, topic: Topic | None) -> int:
    """Clarity score of one explanation given as a single learner turn."""
    transcript = Transcript(
        turns=[Turn("partner", "Can you explain that to me?"), Turn("learner", text)]
    )
    return scorecard(transcript, topic, None).scores["clarity"].score


def pair_ranking() -> tuple[int, int, list[str]]:
    """(clear ranked above unclear, pairs, concepts of the misses)."""
    known = topics()
    pairs = load_jsonl("clarity_pairs.jsonl")
    misses = []
    for pair in pairs:
        topic = known.get(pair.get("topic") or "")
        if clarity_of(pair["clear"], topic) <= clarity_of(pair["unclear"], topic):
            misses.append(pair["concept"])
    return len(pairs) - len(misses), len(pairs), misses


def timing() -> tuple[float, float]:
    """Milliseconds for a 60-turn session (analysed + scored), seconds for 5,000 utterances."""
    known = topics()
    items = load_jsonl("dev_acts.jsonl")
    topic = known.get("generative-ai")
    turns: list[Turn] = []
    for item in items[:30]:
        turns += [Turn("partner", item["partner"]), Turn("learner", item["text"])]
    session = Transcript(turns=turns, topic="generative-ai")
    scorecard(session, topic, None)  # warm the caches (word lists, dictionary)
    start = time.perf_counter()
    scorecard(session, topic, None)
    session_ms = (time.perf_counter() - start) * 1000
    corpus = [items[i % len(items)] for i in range(5000)]
    start = time.perf_counter()
    for n, item in enumerate(corpus):
        # vary the text so no per-text cache can help
        analyze_turn(
            f"{item['text']} ({n})", TurnContext(previous_partner=item["partner"], topic=topic)
        )
    corpus_s = time.perf_counter() - start
    return session_ms, corpus_s


def _table(rows: list[list[str]]) -> str:
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    return "\n".join("  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)) for r in rows)


def print_acts(name: str, report: ActReport) -> None:
    print(f"\n== Acts, {name} split ({report.n} utterances) ==")
    rows = [["act", "precision", "recall", "F1", "support"]]
    for act in ACTS:
        p, r, f = report.prf(act)
        rows.append(
            [act, f"{p:.2f}", f"{r:.2f}", f"{f:.2f}", str(sum(report.confusion[act].values()))]
        )
    print(_table(rows))
    print(
        f"macro-F1 {report.macro_f1:.3f}   accuracy {report.accuracy:.3f}   "
        f"subtype accuracy (when the act is right) {report.subtype_accuracy:.3f}"
    )
    print("\nconfusion (rows gold, columns predicted)")
    print(_table([["", *ACTS]] + [[g, *(str(report.confusion[g][p]) for p in ACTS)] for g in ACTS]))


def main() -> int:
    for split in ("dev", "test", None):
        print_acts(split or "all", evaluate_acts(split))
    won, total, misses = pair_ranking()
    print(f"\n== Clarity pairs ==\nclear scored above unclear: {won}/{total} = {won / total:.1%}")
    if misses:
        print("misses: " + ", ".join(misses))
    session_ms, corpus_s = timing()
    print("\n== Speed ==")
    print(
        _table(
            [
                ["what", "time", "target"],
                ["60-turn session, analysed + scored", f"{session_ms:.1f} ms", "< 100 ms"],
                ["5,000 utterances analysed", f"{corpus_s:.2f} s", "< 10 s"],
            ]
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
