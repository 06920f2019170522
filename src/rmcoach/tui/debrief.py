"""After the session: scores with evidence, advice, the goal, the partner's teach-back.

`DebriefScreen` follows a live session; `RecordScreen` shows a stored one read-only.
Both are built from the same report widgets.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, Label, Static

from rmcoach.errors import RmcoachError
from rmcoach.tui.conversation import TurnView
from rmcoach.tui.rehearsal import MODE_LABELS, concept_label
from rmcoach.tui.report import ReportView, TeachBackView

if TYPE_CHECKING:
    from rmcoach.session import RehearsalService, Session, SessionEnd, SessionRecord


@dataclass(frozen=True)
class Retry:
    """Run the same scenario again (same persona, topic, mode, difficulty, goal)."""

    session_id: int


class DebriefScreen(Screen[None]):
    """The scorecard of the session just finished."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("e", "export", "Export"),
        Binding("r", "retry", "Retry"),
        Binding("n", "app.new_session", "New session"),
        Binding("f4", "app.history", "History"),
        Binding("f1", "app.help", "Help"),
    ]

    class RetryRequested(Message):
        def __init__(self, session: Session) -> None:
            super().__init__()
            self.session = session

    def __init__(self, service: RehearsalService, session: Session, end: SessionEnd) -> None:
        super().__init__()
        self.service = service
        self.session = session
        self.end = end

    def compose(self) -> ComposeResult:
        persona, topic = self.session.persona, self.session.topic
        yield Static(
            f"[b]Debrief[/] · {persona.name} · "
            f"{MODE_LABELS.get(self.session.mode, self.session.mode)} · {topic.title}",
            id="partner-bar",
        )
        with VerticalScroll(id="debrief"):
            yield ReportView(
                self.end.scorecard.to_dict(),
                self.session.transcript,
                self.session.spec.goal,
                self.end.goal_met,
            )
            yield TeachBackView(
                persona.name,
                self.end.teach_back.text,
                self.session.state.understanding,
                {c.id: f"{concept_label(c.id)}: {c.name}" for c in topic.concepts},
            )
        yield Static("", id="export-path")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#debrief").focus()

    def action_export(self) -> None:
        export_markdown(self, self.service, self.session.id)

    def action_retry(self) -> None:
        self.post_message(self.RetryRequested(self.session))


class RecordScreen(Screen[None]):
    """A stored session, read-only: transcript first, then its scorecard."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "app.pop_screen", "Back"),
        Binding("e", "export", "Export"),
        Binding("f1", "app.help", "Help"),
    ]

    def __init__(self, service: RehearsalService, record: SessionRecord, persona_name: str) -> None:
        super().__init__()
        self.service = service
        self.record = record
        self._who = persona_name

    def compose(self) -> ComposeResult:
        summary = self.record.summary
        yield Static(
            f"[b]Session {summary.id}[/] · {summary.started_at[:16].replace('T', ' ')} · "
            f"{self._who} · {MODE_LABELS.get(summary.mode, summary.mode)} · {summary.topic}",
            id="partner-bar",
        )
        with VerticalScroll(id="debrief"):
            yield Label("Transcript", classes="section")
            for number, turn in enumerate(self.record.transcript.turns, 1):
                name = "You" if turn.speaker == "learner" else self._who
                yield TurnView(turn.speaker, f"{number}. {name}", turn.text, turn=number)
            card: dict[str, Any] | None = self.record.scorecard
            if card:
                yield ReportView(
                    card, self.record.transcript.turns, summary.goal, card.get("goal_met")
                )
            else:
                yield Static("This session was not scored (it ended early).", classes="dim")
        yield Static("", id="export-path")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#debrief").focus()

    def action_export(self) -> None:
        export_markdown(self, self.service, self.record.summary.id)


def export_markdown(screen: Screen[None], service: RehearsalService, session_id: int) -> None:
    """Write the Markdown export and show where it went.

    Runs on the UI thread: the history connection belongs to it and an export takes ms.
    """
    try:
        path = service.export_path(session_id, "md")
    except (OSError, RmcoachError) as exc:
        screen.notify(f"Export failed: {exc}", severity="error")
        return
    screen.query_one("#export-path", Static).update(f"Exported to [b]{path}[/]")
    screen.notify(f"Exported to {path}")
