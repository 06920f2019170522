"""The studio over the real RehearsalService: offline (scripted) and through a real
OpenAI-compatible server on loopback (llama.cpp, issue 3)."""

from __future__ import annotations

from textual.widgets import DataTable

from llm_servers import llm_settings
from rmcoach.config import Settings, load_settings
from rmcoach.session import RehearsalService
from rmcoach.tui.app import RmcoachApp
from rmcoach.tui.conversation import TurnView
from rmcoach.tui.debrief import DebriefScreen
from rmcoach.tui.history import HistoryScreen
from rmcoach.tui.rehearsal import RehearsalScreen
from rmcoach.tui.report import ScoreView
from rmcoach.tui.start import StartScreen


def studio(settings: Settings) -> tuple[RmcoachApp, RehearsalService]:
    service = RehearsalService(settings)
    return RmcoachApp(service, clock=lambda: 0.0, prepare_knowledge=False), service


async def choose_cfo(app: RmcoachApp) -> None:
    start = app.screen
    assert isinstance(start, StartScreen)
    personas = [p.id for p in start.service.personas("mentor")]
    start.query_one("#personas").highlighted = personas.index("cfo-skeptic")  # type: ignore[attr-defined]
    topics = [t.id for t in start.service.topics()]
    start.query_one("#topics").highlighted = topics.index("generative-ai")  # type: ignore[attr-defined]


async def test_offline_rehearsal_with_the_real_service() -> None:
    app, service = studio(load_settings())
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await choose_cfo(app)
        await pilot.press("enter")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, RehearsalScreen)
        for turn in (
            "What takes up most of your week at the moment?",
            "So the board pack eats your week. It predicts words, like autocomplete; you check it.",
        ):
            await pilot.press(*turn, "enter")
            await app.workers.wait_for_complete()
            await pilot.pause()
        speakers = [v.speaker for v in screen.query(TurnView)]
        assert speakers == ["partner", "learner", "partner", "learner", "partner"]
        assert all(v.markdown.source.strip() for v in screen.query(TurnView))
        assert "Clarity" in str(screen.query_one("#meters").render())
        await pilot.press("f9")
        await app.workers.wait_for_complete()
        await pilot.pause()
        debrief = app.screen
        assert isinstance(debrief, DebriefScreen)
        assert {v._score_name for v in debrief.query(ScoreView)} >= {"clarity", "listening"}
        await pilot.press("f4")
        await pilot.pause()
        history = app.screen
        assert isinstance(history, HistoryScreen)
        assert history.query_one(DataTable).row_count == 1
    service.close()


async def test_reply_streams_from_the_local_llm_server(llama_server: str) -> None:
    app, service = studio(llm_settings(llama_server))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await choose_cfo(app)
        await pilot.press("enter")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, RehearsalScreen)
        await pilot.press(*"What takes up most of your week?", "enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        reply = list(screen.query(TurnView))[-1]
        assert reply.speaker == "partner"
        assert reply.markdown.source.strip() == screen.session.transcript[-1].text
    service.close()
