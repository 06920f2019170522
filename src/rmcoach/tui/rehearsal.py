"""The rehearsal: the conversation first, the coach at the side.

The screen owns the session for its lifetime and runs every slow call (a turn, the
closing teach-back) in a worker, so the composer stays live while the partner talks.
"""

from __future__ import annotations

from contextlib import suppress
from typing import TYPE_CHECKING, ClassVar

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, Markdown, Static
from textual.worker import WorkerCancelled, WorkerFailed

from rmcoach.errors import RmcoachError
from rmcoach.tui.coach import CoachPanel
from rmcoach.tui.composer import Composer
from rmcoach.tui.conversation import Conversation, TurnView
from rmcoach.tui.dialogs import MoveNote, WhyScreen

if TYPE_CHECKING:
    from rmcoach.partner.models import Move
    from rmcoach.session import Session, SessionEnd

MODE_LABELS = {"mentor": "teach a senior", "mentee": "be the mentee"}


def concept_label(concept_id: str) -> str:
    return concept_id.replace("-", " ").replace("_", " ").capitalize()


class RehearsalScreen(Screen[None]):
    """One live session: conversation, composer and coach panel."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "stop_reply", "Stop reply"),
        Binding("f2,ctrl+b", "toggle_coach", "Coach"),
        Binding("f3,ctrl+o", "why", "Why?"),
        Binding("f9", "end_session", "End & debrief"),
        Binding("f1", "app.help", "Help"),
    ]

    class Finished(Message):
        """The session ended; the app shows the debrief."""

        def __init__(self, session: Session, end: SessionEnd) -> None:
            super().__init__()
            self.session = session
            self.end = end

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session
        self._notes: list[MoveNote] = []
        self._turn_no = 0
        self._replying: TurnView | None = None
        self._ending = False

    def compose(self) -> ComposeResult:
        persona, topic = self.session.persona, self.session.topic
        bar = (
            f"[b]{persona.name}[/] · {persona.role}   "
            f"[dim]|[/] {MODE_LABELS.get(self.session.mode, self.session.mode)} "
            f"[dim]|[/] {topic.title}"
        )
        yield Static(bar, id="partner-bar")
        with Horizontal(id="body"):
            with Vertical(id="talk"):
                yield Conversation(id="conversation")
                yield Composer(id="composer")
            yield CoachPanel(
                {c.id: concept_label(c.id) for c in topic.concepts},
                # mentor: what the senior has understood; mentee: how plainly each idea
                # has been explained to the executive so far
                understanding_title="Understanding"
                if self.session.mode == "mentor"
                else "What you've learned",
                id="coach",
            )
        yield Footer()

    def on_mount(self) -> None:
        if self.session.transcript:  # a resumed session: show what was already said
            self.run_worker(self._show_earlier(), group="opening")
        else:
            greeting = self.session.open()
            self.run_worker(self._show_opening(greeting.text, greeting.move), group="opening")
        coach = self.query_one(CoachPanel)
        coach.show_state(self.session.state)
        coach.show_elapsed(self.session.elapsed_s)
        self.set_interval(1.0, self._tick)
        self.query_one(Composer).focus()

    async def _show_opening(self, text: str, move: Move) -> None:
        await self._partner_turn(text, move)

    async def _show_earlier(self) -> None:
        from rmcoach.partner.models import Move

        for turn in self.session.transcript:
            if turn.speaker == "partner" and turn.move:
                await self._partner_turn(turn.text, Move(**turn.move))
            else:
                self._turn_no += 1
                await self.query_one(Conversation).add_turn(
                    "learner", "You", turn.text, turn=self._turn_no
                )
        self.notify("Resumed where you left off.")

    def _tick(self) -> None:
        self.query_one(CoachPanel).show_elapsed(self.session.elapsed_s)

    async def _partner_turn(self, text: str, move: Move) -> TurnView:
        self._turn_no += 1
        view = await self.query_one(Conversation).add_turn(
            "partner", self.session.persona.name, text, turn=self._turn_no
        )
        self._notes.append(MoveNote(self._turn_no, text, move.intent, move.reason))
        return view

    # the learner's turn ------------------------------------------------------------------

    async def on_composer_submitted(self, event: Composer.Submitted) -> None:
        if self._ending or self.session.finished:
            self.notify("This session has ended.", severity="warning")
            return
        if self._replying is not None:
            self.session.cancel_reply()
        self._turn_no += 1
        await self.query_one(Conversation).add_turn(
            "learner", "You", event.text, turn=self._turn_no
        )
        self.take_turn(event.text)

    @work(exclusive=True, group="reply")
    async def take_turn(self, text: str) -> None:
        from rmcoach.session import (
            GuidanceFound,
            MoveChosen,
            ReplyDone,
            ReplyFragment,
            TurnAnalysed,
        )

        coach = self.query_one(CoachPanel)
        view: TurnView | None = None
        stream = None
        streamed: list[str] = []
        try:
            async for event in self.session.take_turn(text):
                if isinstance(event, TurnAnalysed):
                    coach.show_scores(event.meters.scores, event.meters.talk_share)
                elif isinstance(event, GuidanceFound):
                    coach.show_guidance(event.passages, event.unavailable)
                elif isinstance(event, MoveChosen):
                    coach.show_state(event.state)
                    view = await self._partner_turn("", event.move)
                    self._replying = view
                    stream = Markdown.get_stream(view.markdown)
                elif isinstance(event, ReplyFragment) and stream is not None:
                    streamed.append(event.text)
                    await stream.write(event.text)
                elif isinstance(event, ReplyDone) and view is not None:
                    if stream is not None:
                        await stream.stop()
                        stream = None
                    await view.markdown.update(event.text)
                    self._said(event.text)
                    if event.source == "cancelled":
                        view.mark("stopped")
                    if event.notice:
                        self.notify(event.notice, timeout=6)
        except RmcoachError as exc:
            self.notify(str(exc), severity="error")
        finally:
            if stream is not None:
                await stream.stop()
                if view is not None:
                    view.mark("stopped")
                    self._said("".join(streamed))
            self._replying = None

    def _said(self, text: str) -> None:
        """Keep the words of the latest partner move for the "Why?" dialog."""
        last = self._notes[-1]
        self._notes[-1] = MoveNote(last.turn, text.strip(), last.intent, last.reason)

    def action_stop_reply(self) -> None:
        if self._replying is None:
            return
        self.session.cancel_reply()
        self.workers.cancel_group(self, "reply")

    # panels and dialogs -------------------------------------------------------------------

    def action_toggle_coach(self) -> None:
        self.toggle_class("-coach-toggled")

    def action_why(self) -> None:
        self.app.push_screen(WhyScreen(self.session.persona.name, self._notes))

    # ending -----------------------------------------------------------------------------

    def action_end_session(self) -> None:
        if self._ending:
            return
        if self.session.transcript and not any(
            t.speaker == "learner" for t in self.session.transcript
        ):
            self.notify("Say something first: there is nothing to score yet.", severity="warning")
            return
        self._ending = True
        self.action_stop_reply()
        self.query_one(Composer).disabled = True
        self.notify("Ending the session…", timeout=2)
        self.finish()

    @work(exclusive=True, group="finish")
    async def finish(self) -> None:
        for worker in [w for w in self.workers if w.group == "reply" and w.node is self]:
            with suppress(WorkerCancelled, WorkerFailed):
                await worker.wait()  # let a stopped reply save what it had
        try:
            end = await self.session.finish()
        except RmcoachError as exc:
            self._ending = False
            self.query_one(Composer).disabled = False
            self.notify(str(exc), severity="error")
            return
        self.post_message(self.Finished(self.session, end))
