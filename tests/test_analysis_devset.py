"""Regression floors on the labelled dev set (benchmarks/data): measured minus a margin.

Measured (benchmarks/bench_analysis.py): macro-F1 0.896 on the dev split, 0.794 on the
held-out test split, subtype accuracy 0.98, clarity pair ranking 36/36. The floors
sit about 0.08 below, so a regression fails and noise does not.
"""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType

import pytest

from rmcoach.analysis import ACTS, SUBTYPES

BENCH = Path(__file__).resolve().parent.parent / "benchmarks"


@pytest.fixture(scope="module")
def bench() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_analysis", BENCH / "bench_analysis.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


def test_dev_set_is_well_formed() -> None:
    items = [
        json.loads(line) for line in (BENCH / "data" / "dev_acts.jsonl").open(encoding="utf-8")
    ]
    assert len(items) >= 320
    for item in items:
        assert item["act"] in ACTS and item["partner"] and item["text"]
        assert item["subtype"] in (SUBTYPES.get(item["act"]) or (None,))
        assert item["split"] in ("dev", "test")
    test_share = sum(i["split"] == "test" for i in items) / len(items)
    assert 0.25 <= test_share <= 0.35
    assert {(i["act"], i["subtype"]) for i in items} == {
        ("question", "open"),
        ("question", "closed"),
        ("reflection", "simple"),
        ("reflection", "complex"),
        ("information", None),
        ("other", None),
    }
    pairs = [
        json.loads(line) for line in (BENCH / "data" / "clarity_pairs.jsonl").open(encoding="utf-8")
    ]
    assert len(pairs) >= 32 and all(p["clear"] != p["unclear"] for p in pairs)


def test_dev_split_floor(bench: ModuleType) -> None:
    report = bench.evaluate_acts("dev")
    assert report.macro_f1 >= 0.81
    assert report.subtype_accuracy >= 0.90


def test_held_out_split_floor(bench: ModuleType) -> None:
    report = bench.evaluate_acts("test")
    assert report.macro_f1 >= 0.71
    for act in ACTS:
        assert report.prf(act)[2] >= 0.45, act


def test_clear_explanations_outscore_unclear(bench: ModuleType) -> None:
    won, total, misses = bench.pair_ranking()
    assert won / total >= 0.92, misses
