"""An interrupted session reopens in the studio with what was said, and carries on."""

from __future__ import annotations

from rmcoach.config import load_settings
from rmcoach.session import RehearsalService, SessionSpec
from rmcoach.tui.app import RmcoachApp
from rmcoach.tui.conversation import TurnView
from rmcoach.tui.rehearsal import RehearsalScreen


async def test_studio_resumes_an_interrupted_session() -> None:
    service = RehearsalService(load_settings())
    session = service.start(SessionSpec("mentor", "cfo-skeptic", "generative-ai"))
    session.open()
    _ = [event async for event in session.take_turn("What takes up most of your month?")]
    session_id = session.id
    service.close()  # the process "dies" here: the session stays active

    service = RehearsalService(load_settings())
    app = RmcoachApp(service, clock=lambda: 0.0, prepare_knowledge=False, resume=session_id)
    async with app.run_test(size=(120, 40)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, RehearsalScreen)
        assert [v.speaker for v in screen.query(TurnView)] == ["partner", "learner", "partner"]
        await pilot.press(*"So the board pack is what eats your month.", "enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert len(screen.query(TurnView)) == 5
    stored = service.store.turns(session_id)
    assert [t.speaker for t in stored] == ["partner", "learner", "partner", "learner", "partner"]
    service.close()


async def test_resuming_a_finished_session_is_refused_with_a_notice() -> None:
    service = RehearsalService(load_settings())
    session = service.start(SessionSpec("mentor", "cfo-skeptic", "generative-ai"))
    session.open()
    _ = [event async for event in session.take_turn("What takes up most of your month?")]
    await session.finish()
    app = RmcoachApp(service, clock=lambda: 0.0, prepare_knowledge=False, resume=session.id)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert not isinstance(app.screen, RehearsalScreen)
        assert any("only an active session can be resumed" in n.message for n in app._notifications)
    service.close()
