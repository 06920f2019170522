"""Studio start-up: time from process start to an interactive first screen.

    python benchmarks/bench_studio.py [runs]

Each run is a fresh Python process (cold imports, as `rmcoach` would be) with its own
RMCOACH_HOME, driving the real RehearsalService headless with Textual's run_test.
Prints the median and worst of: imports, first screen painted and focused, partner
and topic lists filled, and the delay of one key press while the guidance index loads.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile

PROBE = r"""
import time
t0 = time.perf_counter()
import argparse, asyncio, json
from rmcoach.cli.common import settings_from
from rmcoach.session import RehearsalService
from rmcoach.tui.app import RmcoachApp
imports = time.perf_counter() - t0

async def main():
    app = RmcoachApp(RehearsalService(settings_from(argparse.Namespace())))
    async with app.run_test(size=(80, 24)) as pilot:
        while type(app.screen).__name__ != "StartScreen" or app.focused is None:
            await asyncio.sleep(0.002)
        painted = time.perf_counter() - t0
        while not app.screen.query_one("#personas").option_count:
            await asyncio.sleep(0.002)
        filled = time.perf_counter() - t0
        t = time.perf_counter()
        await pilot.press("down")
        key = time.perf_counter() - t
        await app.workers.wait_for_complete()
    print(json.dumps({"imports": imports, "painted": painted, "filled": filled, "key": key}))

asyncio.run(main())
"""


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    results: list[dict[str, float]] = []
    for _ in range(runs):
        with tempfile.TemporaryDirectory() as home:
            env = os.environ | {"RMCOACH_HOME": home}
            out = subprocess.run(
                [sys.executable, "-c", PROBE], env=env, capture_output=True, text=True, check=True
            )
            results.append(json.loads(out.stdout.strip().splitlines()[-1]))
    print(f"studio start-up, {runs} cold runs (seconds)")
    print(f"{'measure':<44}{'median':>8}{'worst':>8}")
    labels = {
        "imports": "imports (cli, session, textual, tui)",
        "painted": "process start -> first screen focused",
        "filled": "process start -> partner/topic lists filled",
        "key": "one key press while guidance index loads",
    }
    for key, label in labels.items():
        values = [r[key] for r in results]
        print(f"{label:<44}{statistics.median(values):>8.2f}{max(values):>8.2f}")


if __name__ == "__main__":
    main()
