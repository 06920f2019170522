"""rmcoach speed: one command, one table of median, p95 and peak memory against budgets.

    python benchmarks/run.py [--quick] [--only cli,tui,turn,llm,scorer,kb,memory]

Every measurement runs in a fresh process with its own temporary RMCOACH_HOME (the
user's real data is never read or written) and no network but loopback. --quick uses
fewer repetitions and sizes so CI finishes in a few minutes; it reports, it never
fails on time. The machine's load average is printed with the numbers: figures taken
under load are slower than the code is.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rmcoach.config import ENVIRONMENT  # every variable that would point a run elsewhere

HERE = Path(__file__).resolve().parent
WORKERS = HERE / "speed_workers.py"
SECTIONS = ("cli", "tui", "turn", "llm", "scorer", "kb", "memory")
MB = 1024 * 1024


@dataclass(frozen=True)
class Budget:
    """A limit on one statistic of a row: `stat` is "median", "p95" or "memory"."""

    stat: str
    op: str  # "<" or ">="
    limit: float
    text: str

    def met(self, row: Row) -> bool:
        value = {"median": row.median, "p95": row.p95, "memory": row.memory}[self.stat]
        assert value is not None
        return value < self.limit if self.op == "<" else value >= self.limit


@dataclass(frozen=True)
class Row:
    """One line of the table; `unit` is "s" (seconds) or "/s" (turns per second)."""

    name: str
    median: float | None = None
    p95: float | None = None
    memory: int | None = None
    budget: Budget | None = None
    unit: str = "s"
    verdict: str | None = None  # forced verdict ("n/a", "error"); else from the budget

    def cells(self) -> list[str]:
        verdict = self.verdict or (
            "info" if self.budget is None else ("ok" if self.budget.met(self) else "MISS")
        )
        memory = f"{self.memory / MB:.0f} MB" if self.memory else "-"
        budget = self.budget.text if self.budget else "-"
        return [self.name, self._fmt(self.median), self._fmt(self.p95), memory, budget, verdict]

    def _fmt(self, value: float | None) -> str:
        if value is None:
            return "-"
        if self.unit == "/s":
            return f"{value:,.0f} turns/s"
        return f"{value * 1000:.1f} ms" if value < 1 else f"{value:.2f} s"


def p95(values: list[float]) -> float:
    """Nearest-rank 95th percentile (with fewer than 20 values it is the maximum)."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)]


def timing_row(name: str, values: list[float], memory: int | None, budget: Budget | None) -> Row:
    return Row(name, statistics.median(values), p95(values), memory, budget)


# ---------------------------------------------------------------- processes


@contextmanager
def temp_home() -> Iterator[dict[str, str]]:
    """An environment whose RMCOACH_HOME is a new temporary folder, LLM settings cleared."""
    with tempfile.TemporaryDirectory(prefix="rmcoach-bench-") as home:
        env = {k: v for k, v in os.environ.items() if k not in ENVIRONMENT}
        yield env | {"RMCOACH_HOME": home}


def worker(kind: str, args: dict[str, Any], env: dict[str, str]) -> dict[str, Any]:
    """Run one measurement in a fresh process; its last stdout line is the JSON result."""
    done = subprocess.run(
        [sys.executable, str(WORKERS), kind, json.dumps(args)],
        env=env,
        capture_output=True,
        text=True,
        timeout=1800,
        check=False,
    )
    if done.returncode != 0:
        tail = done.stderr.strip().splitlines()[-1:] or ["(no output)"]
        raise RuntimeError(f"{kind} worker failed: {tail[0]}")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def peak(result: dict[str, Any]) -> int:
    """The larger peak RSS of the worker and any child it waited for: the service builds
    the guidance index in a `rmcoach kb index` child process."""
    return max(int(result["peak_rss"]), int(result.get("peak_rss_children", 0)))


def timed_command(argv: list[str], env: dict[str, str]) -> tuple[float, int]:
    """Wall time and peak RSS (bytes) of one child process, from wait4's rusage."""
    with tempfile.TemporaryFile() as out:
        started = time.perf_counter()
        process = subprocess.Popen(argv, env=env, stdout=out, stderr=out)
        _, status, usage = os.wait4(process.pid, 0)
        elapsed = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        if process.returncode:
            out.seek(0)
            raise RuntimeError(f"{' '.join(argv[-2:])} failed: {out.read()[-300:]!r}")
    return elapsed, usage.ru_maxrss * 1024


# ---------------------------------------------------------------- sections


def rmcoach_command() -> tuple[list[str], str]:
    script = Path(sys.executable).parent / "rmcoach"
    if script.is_file():
        return [str(script)], "rmcoach"
    return [sys.executable, "-m", "rmcoach"], "python -m rmcoach"


def cli(quick: bool) -> list[Row]:
    reps = 5 if quick else 15
    script, label = rmcoach_command()
    commands = [
        ("CLI cold start: python -m rmcoach --help", [sys.executable, "-m", "rmcoach", "--help"]),
        (f"CLI cold start: {label} personas", [*script, "personas"]),
    ]
    rows = []
    with temp_home() as env:
        for name, argv in commands:
            timed_command(argv, env)  # warm the OS file cache; not counted
            runs = [timed_command(argv, env) for _ in range(reps)]
            budget = Budget("median", "<", 0.3, "median < 0.3 s") if "--help" in argv else None
            rows.append(timing_row(name, [t for t, _ in runs], max(m for _, m in runs), budget))
    return rows


def tui(quick: bool) -> list[Row]:
    reps = 3 if quick else 7
    first = Budget("median", "<", 1.0, "median < 1.0 s")
    rows = []
    for prebuilt in (False, True):
        runs = []
        for _ in range(reps):
            with temp_home() as env:
                if prebuilt:
                    worker("prepare", {}, env)
                runs.append(worker("tui", {"process_start": time.time()}, env))
        memory = max(peak(r) for r in runs)
        when = "index already built" if prebuilt else "first launch, index builds"
        rows.append(
            timing_row(
                f"TUI first screen ({when})", [r["first_screen_s"] for r in runs], memory, first
            )
        )
        if prebuilt:
            opened = [r["open_rehearsal_s"] for r in runs]
            rows.append(timing_row("TUI open rehearsal (Enter -> greeting)", opened, memory, None))
    return rows


def turn(quick: bool) -> list[Row]:
    sizes = [10, 100] if quick else [10, 100, 1000]
    with temp_home() as env:
        result = worker("turns", {"sizes": sizes, "reps": 10 if quick else 40}, env)
    budget = Budget("p95", "<", 0.05, "p95 < 50 ms")
    return [
        timing_row(
            f"offline turn, {size:,} words",
            result[str(size)],
            peak(result),
            budget if size == 100 else None,
        )
        for size in sizes
    ]


def llm(quick: bool) -> list[Row]:
    with temp_home() as env:
        result = worker("llm", {"reps": 3 if quick else 10}, env)
    if "skipped" in result:
        return [Row(f"LLM overhead: n/a ({result['skipped']})", verdict="n/a")]
    over = [s - r for s, r in zip(result["after_move"], result["server"], strict=True)]
    whole = [s - r for s, r in zip(result["session"], result["server"], strict=True)]
    mem = result["peak_rss"]  # the client only: its children include the llama.cpp server
    note = "" if result["same_prompt"] else " (prompts differed!)"
    return [
        timing_row("llama.cpp server TTFT, raw httpx (info)" + note, result["server"], None, None),
        timing_row(
            "LLM overhead: move -> 1st fragment - server TTFT",
            over,
            mem,
            Budget("median", "<", 0.02, "median < 20 ms"),
        ),
        timing_row("LLM turn: take_turn -> 1st fragment - server TTFT", whole, mem, None),
    ]


def scorer(quick: bool) -> list[Row]:
    sizes = [10, 100] if quick else [10, 100, 1000]
    with temp_home() as env:
        result = worker("scorer", {"sizes": sizes, "reps": 5 if quick else 10}, env)
    budget = Budget("median", ">=", 2000, "median >= 2,000/s")
    rows = []
    for size in sizes:
        times = result[str(size)]
        rate = [size / t for t in times]
        rows.append(
            Row(
                f"scorer, {size:,}-turn transcript (no judge)",
                statistics.median(rate),
                size / p95(times),
                peak(result),
                budget,
                unit="/s",
            )
        )
    return rows


def kb(quick: bool) -> list[Row]:
    sizes = [30, 300] if quick else [30, 300, 3000]
    rows = []
    for size in sizes:
        with temp_home() as env:
            args = {"passages": size, "reps": 3 if quick else 5, "query_rounds": 1 if quick else 3}
            r = worker("kb", args, env)
        mem = peak(r)
        label = f"KB {r['passages']:,} passages"
        query_budget = Budget("p95", "<", 0.03, "p95 < 30 ms") if size == 300 else None
        rows += [
            Row(f"{label}: build", r["build_s"], None, mem),
            timing_row(f"{label}: re-index, 1 file changed", r["reindex_s"], mem, None),
            timing_row(f"{label}: query (p50 | p95)", r["query_s"], mem, query_budget),
        ]
    return rows


def memory(quick: bool) -> list[Row]:
    budget = Budget("memory", "<", 400 * MB, "peak < 400 MB")
    rows = []
    for prebuilt in (True, False):
        with temp_home() as env:
            if prebuilt:
                worker("prepare", {}, env)
            r = worker("session", {"turns": 100}, env)
        when = "index already built" if prebuilt else "first run, builds index"
        rows.append(Row(f"100-turn offline session ({when})", memory=peak(r), budget=budget))
        if prebuilt:
            times = r["turn_s"]
            rows.append(timing_row("  its turns 1-10 (latency)", times[:10], None, None))
            rows.append(timing_row("  its turns 91-100 (latency)", times[-10:], None, None))
    return rows


RUNNERS: dict[str, Callable[[bool], list[Row]]] = {
    "cli": cli,
    "tui": tui,
    "turn": turn,
    "llm": llm,
    "scorer": scorer,
    "kb": kb,
    "memory": memory,
}


# ---------------------------------------------------------------- output


def render(rows: list[Row]) -> str:
    header = ["name", "median", "p95", "peak memory", "budget", "verdict"]
    cells = [r.cells() for r in rows]
    widths = [max(len(c[i]) for c in [header, *cells]) for i in range(len(header))]

    def line(values: list[str]) -> str:
        padded = [
            v.ljust(w) if i == 0 else v.rjust(w)
            for i, (v, w) in enumerate(zip(values, widths, strict=True))
        ]
        return "| " + " | ".join(padded) + " |"

    rule = "|" + "|".join("-" * (w + 2) for w in widths) + "|"
    return "\n".join([line(header), rule, *(line(c) for c in cells)])


def load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"{one:.2f} {five:.2f} {fifteen:.2f}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer repetitions and sizes (CI)")
    parser.add_argument(
        "--only", default=",".join(SECTIONS), help=f"comma-separated subset of {','.join(SECTIONS)}"
    )
    args = parser.parse_args(argv)
    chosen = [s.strip() for s in args.only.split(",") if s.strip()]
    unknown = sorted(set(chosen) - set(SECTIONS))
    if unknown:
        parser.error(f"unknown section(s) {', '.join(unknown)}; choose from {', '.join(SECTIONS)}")
    before = load()
    started = time.perf_counter()
    rows: list[Row] = []
    for name in SECTIONS:
        if name not in chosen:
            continue
        print(f"running {name} ...", file=sys.stderr, flush=True)
        try:
            rows += RUNNERS[name](args.quick)
        except (RuntimeError, subprocess.TimeoutExpired, KeyError, ValueError) as exc:
            rows.append(Row(f"{name}: {exc}"[:90], verdict="error"))
    mode = "quick" if args.quick else "full"
    print(
        f"rmcoach speed ({mode}) · Python {platform.python_version()} · {os.cpu_count()} CPUs · "
        f"load average before {before}, after {load()} · {time.perf_counter() - started:.0f} s"
    )
    print(render(rows))
    print(
        "\nEach row ran in a fresh process with a temporary RMCOACH_HOME. Peak memory: the peak\n"
        "RSS of that process or of the `rmcoach kb index` child it started to build the\n"
        "guidance index, whichever is larger. With fewer than 20 repetitions p95 is the\n"
        "maximum. KB rows: generated corpora of exactly N passages (variants of the shipped\n"
        "guidance); the shipped folder is pointed at an empty one by monkeypatching\n"
        "rmcoach.knowledge.chunking.shipped_knowledge inside the benchmark process only."
    )
    return 1 if any(r.verdict == "error" for r in rows) else 0


if __name__ == "__main__":
    sys.exit(main())
