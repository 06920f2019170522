"""Snapshots of every screen at 80x24 and 120x40 (update with --snapshot-update).

Deterministic: the fake service's fixed content and replies, a clock frozen at 0,
no cursor blink, no toasts.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from textual.pilot import Pilot

from rmcoach.tui.app import RmcoachApp
from rmcoach.tui.composer import Composer
from tui_fakes import FakeService, as_any

SIZES = [(80, 24), (120, 40)]


async def _settle(pilot: Pilot[Any]) -> None:
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    for composer in pilot.app.screen.query(Composer):
        composer.cursor_blink = False
    pilot.app.clear_notifications()
    await pilot.pause()


async def _rehearse(pilot: Pilot[Any]) -> None:
    await pilot.press("enter")
    await _settle(pilot)
    await pilot.press(*"Would you paste the forecast into it?", "enter")
    await _settle(pilot)


async def start(pilot: Pilot[Any]) -> None:
    await _settle(pilot)


async def rehearsal(pilot: Pilot[Any]) -> None:
    await _rehearse(pilot)
    await pilot.press("f2")  # narrow: open the coach; wide: hide it
    await _settle(pilot)


async def why(pilot: Pilot[Any]) -> None:
    await _rehearse(pilot)
    await pilot.press("f3")
    await _settle(pilot)


async def debrief(pilot: Pilot[Any]) -> None:
    await _rehearse(pilot)
    await pilot.press("f9")
    await _settle(pilot)


async def history(pilot: Pilot[Any]) -> None:
    await debrief(pilot)
    await pilot.press("f4")
    await _settle(pilot)


async def record(pilot: Pilot[Any]) -> None:
    await history(pilot)
    await pilot.press("enter")
    await _settle(pilot)


async def help_screen(pilot: Pilot[Any]) -> None:
    await pilot.press("f1")
    await _settle(pilot)


STEPS: list[Callable[[Pilot[Any]], Awaitable[None]]] = [
    start,
    rehearsal,
    why,
    debrief,
    history,
    record,
    help_screen,
]


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("step", STEPS, ids=lambda f: f.__name__)
def test_screen(
    snap_compare: Any, step: Callable[[Pilot[Any]], Awaitable[None]], size: tuple[int, int]
) -> None:
    app = RmcoachApp(as_any(FakeService()), clock=lambda: 0.0)
    assert snap_compare(app, terminal_size=size, run_before=step)
