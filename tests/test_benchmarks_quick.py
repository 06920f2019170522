"""The speed benchmark runs and prints its table; it never asserts how fast anything is."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

RUN = Path(__file__).resolve().parent.parent / "benchmarks" / "run.py"
NUMBER = re.compile(r"^[\d,.]+ (ms|s|turns/s|MB)$")


def _table(stdout: str) -> list[list[str]]:
    rows = [line for line in stdout.splitlines() if line.startswith("| ")]
    return [[cell.strip() for cell in row.strip("|").split("|")] for row in rows]


def test_quick_run_prints_one_row_per_measure_with_numbers() -> None:
    done = subprocess.run(
        [sys.executable, str(RUN), "--quick", "--only", "cli,scorer"],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    header, *rows = _table(done.stdout)
    assert header == ["name", "median", "p95", "peak memory", "budget", "verdict"]
    names = [row[0] for row in rows]
    assert any("--help" in n for n in names) and any("personas" in n for n in names)
    assert [n for n in names if n.startswith("scorer")] == [
        "scorer, 10-turn transcript (no judge)",
        "scorer, 100-turn transcript (no judge)",
    ]
    for row in rows:
        assert all(NUMBER.match(cell) for cell in row[1:4]), row
        assert row[5] in ("ok", "MISS", "info"), row
    assert "load average" in done.stdout


def test_unknown_section_is_refused_with_the_choices() -> None:
    done = subprocess.run(
        [sys.executable, str(RUN), "--only", "cli,warp"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 2
    assert "warp" in done.stderr and "scorer" in done.stderr
