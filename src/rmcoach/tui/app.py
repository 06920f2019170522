"""The rehearsal studio: a Textual app over `RehearsalService`.

The app owns navigation between screens and turns typed choices into sessions; it
never touches the store, the LLM or files itself: everything goes through the service.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TYPE_CHECKING, ClassVar

from textual import work
from textual.app import App
from textual.binding import Binding, BindingType

from rmcoach.errors import RmcoachError
from rmcoach.tui.commands import StudioCommands
from rmcoach.tui.debrief import DebriefScreen, RecordScreen
from rmcoach.tui.dialogs import HelpScreen
from rmcoach.tui.history import HistoryScreen
from rmcoach.tui.rehearsal import RehearsalScreen
from rmcoach.tui.start import Choice, StartScreen

if TYPE_CHECKING:
    from rmcoach.session import RehearsalService, SessionSpec


class RmcoachApp(App[None]):
    """Start -> rehearsal -> debrief, with history and help a key away."""

    CSS_PATH = "studio.tcss"
    TITLE = "rmcoach"
    COMMANDS: ClassVar = App.COMMANDS | {StudioCommands}
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-wide")]  # noqa: RUF012 (instance attr in App)
    BINDINGS: ClassVar[list[BindingType]] = [Binding("f1", "help", "Help", show=False)]

    def __init__(
        self,
        service: RehearsalService,
        *,
        clock: Callable[[], float] = time.monotonic,
        prepare_knowledge: bool = True,
        resume: int | None = None,
    ) -> None:
        super().__init__()
        self.service = service
        self.clock = clock
        self._prepare = prepare_knowledge
        self._resume = resume

    def on_mount(self) -> None:
        theme = self.service.settings.theme
        if theme in self.available_themes:
            self.theme = theme
        else:
            self.notify(f"Unknown theme {theme!r}; using the default.", severity="warning")
        self.push_screen(StartScreen(self.service))
        if self._prepare:
            self.prepare_knowledge()
        if self._resume is not None:
            try:
                session = self.service.resume(self._resume)
            except RmcoachError as exc:
                self.notify(str(exc), severity="error", timeout=8)
            else:
                self.push_screen(RehearsalScreen(session))

    @work(exclusive=True, group="knowledge", thread=True)
    def prepare_knowledge(self) -> None:
        """Build the guidance index in the background; the first screen is already live."""
        status = self.service.prepare_knowledge()
        if status.lower().startswith("guidance unavailable"):
            self.call_from_thread(self.notify, status, severity="warning", timeout=8)

    # navigation -------------------------------------------------------------------------

    def on_start_screen_chosen(self, event: StartScreen.Chosen) -> None:
        self.begin(_spec(event.choice))

    def begin(self, spec: SessionSpec) -> None:
        try:
            session = self.service.start(spec, clock=self.clock)
        except RmcoachError as exc:
            self.notify(str(exc), severity="error", timeout=8)
            return
        if isinstance(self.screen, StartScreen):
            self.push_screen(RehearsalScreen(session))
        else:
            self.switch_screen(RehearsalScreen(session))

    def on_rehearsal_screen_finished(self, event: RehearsalScreen.Finished) -> None:
        self.switch_screen(DebriefScreen(self.service, event.session, event.end))

    def on_debrief_screen_retry_requested(self, event: DebriefScreen.RetryRequested) -> None:
        self.begin(event.session.spec)

    def action_new_session(self) -> None:
        while len(self.screen_stack) > 2:
            self.pop_screen()
        if not isinstance(self.screen, StartScreen):
            self.switch_screen(StartScreen(self.service))

    def action_history(self) -> None:
        if not isinstance(self.screen, HistoryScreen):
            self.push_screen(HistoryScreen(self.service))

    def action_help(self) -> None:
        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    # palette commands routed to the current screen -------------------------------------

    async def _on_screen(self, kind: type | tuple[type, ...], action: str, missing: str) -> None:
        if isinstance(self.screen, kind):
            await self.screen.run_action(action)
        else:
            self.notify(missing, severity="warning")

    async def action_end_session(self) -> None:
        await self._on_screen(RehearsalScreen, "end_session", "No rehearsal in progress.")

    async def action_export(self) -> None:
        await self._on_screen(
            (DebriefScreen, RecordScreen),
            "export",
            "Open a debrief or a past session to export it.",
        )

    async def action_toggle_coach(self) -> None:
        await self._on_screen(
            RehearsalScreen, "toggle_coach", "The coach panel is part of a rehearsal."
        )

    async def action_why(self) -> None:
        await self._on_screen(RehearsalScreen, "why", "Reasons are shown during a rehearsal.")


def _spec(choice: Choice) -> SessionSpec:
    from rmcoach.session import SessionSpec

    return SessionSpec(
        choice.mode, choice.persona_id, choice.topic_id, choice.difficulty, choice.goal
    )
