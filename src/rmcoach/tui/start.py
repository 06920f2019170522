"""The start screen: who to rehearse with, on what, how hard, and towards which goal."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widgets import (
    Button,
    Footer,
    Header,
    Input,
    Label,
    OptionList,
    RadioButton,
    RadioSet,
    Select,
    Static,
)
from textual.widgets.option_list import Option

from rmcoach.content.models import LEVELS

if TYPE_CHECKING:
    from rmcoach.content.models import Persona, Topic
    from rmcoach.session import RehearsalService

MODES = (("mentor", "Teach a senior"), ("mentee", "Be the mentee"))


@dataclass(frozen=True)
class Choice:
    """Everything the learner picked; the app turns it into a session."""

    mode: str
    persona_id: str
    topic_id: str
    difficulty: str
    goal: str | None


class StartScreen(Screen[None]):
    """Fully keyboard-driven: arrows choose, Tab moves on, Enter starts."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "start", "Start", priority=False),
        Binding("f4", "app.history", "History"),
        Binding("f1", "app.help", "Help"),
    ]

    class Chosen(Message):
        def __init__(self, choice: Choice) -> None:
            super().__init__()
            self.choice = choice

    def __init__(self, service: RehearsalService, mode: str = "mentor") -> None:
        super().__init__()
        self.service = service
        self._mode = mode
        self._personas: list[Persona] = []
        self._topics: list[Topic] = []

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="start-form"):
            with RadioSet(id="mode"):
                for mode, text in MODES:
                    yield RadioButton(text, value=mode == self._mode, name=mode)
            with Horizontal(id="pickers"):
                with Vertical(classes="picker"):
                    yield Label("Partner", classes="section")
                    yield OptionList(id="personas")
                with Vertical(classes="picker"):
                    yield Label("Topic", classes="section")
                    yield OptionList(id="topics")
            with Horizontal(id="level-row"):
                yield Label("Difficulty", classes="inline-label")
                with RadioSet(id="difficulty"):
                    for level in LEVELS:
                        yield RadioButton(level, name=level)
            yield Label("Goal", classes="section")
            yield Select[str]([], prompt="Suggested goals", id="goal-suggestions", compact=True)
            yield Input(
                placeholder="Your goal for this session (optional)", id="goal", compact=True
            )
            yield Static("", id="last-scores")
            with Horizontal(id="start-row"):
                yield Button("Start rehearsal", variant="primary", id="start", compact=True)
                yield Static("↑↓ choose · Tab next field · Enter starts", id="start-hint")
        yield Footer()

    def on_mount(self) -> None:
        self.title = "rmcoach"
        self.sub_title = "rehearsal studio"
        self.query_one("#personas", OptionList).focus()
        self.load_catalogue()

    @work(exclusive=True, group="catalogue", thread=True)
    def load_catalogue(self) -> None:
        """Read and validate the content files off the UI thread (about 1 s on 2 cores)."""
        topics = self.service.topics()
        self.service.personas(self._mode)
        self.app.call_from_thread(self._show_catalogue, topics)

    def _show_catalogue(self, found: list[Topic]) -> None:
        self._topics = found
        topics = self.query_one("#topics", OptionList)
        topics.add_options(
            Option(Text.assemble((t.title, "bold"), f"\n{t.kind}"), id=t.id) for t in self._topics
        )
        if self._topics:
            topics.highlighted = 0
        self._load_personas()
        problems = len(self.service.library.problems)
        if problems:
            self.notify(
                f"{problems} content file problem(s) skipped; run `rmcoach lint` for details.",
                severity="warning",
                timeout=8,
            )

    # choices ----------------------------------------------------------------------------

    def _load_personas(self) -> None:
        self._personas = self.service.personas(self._mode)
        personas = self.query_one("#personas", OptionList)
        personas.clear_options()
        personas.add_options(
            Option(
                Text.assemble(
                    (p.name, "bold"), f" · {p.role}\n", (f"{p.attitude} · {p.difficulty}", "dim")
                ),
                id=p.id,
            )
            for p in self._personas
        )
        if self._personas:
            personas.highlighted = 0

    @property
    def persona(self) -> Persona | None:
        index = self.query_one("#personas", OptionList).highlighted
        return self._personas[index] if index is not None and self._personas else None

    @property
    def topic(self) -> Topic | None:
        index = self.query_one("#topics", OptionList).highlighted
        return self._topics[index] if index is not None and self._topics else None

    @on(RadioSet.Changed, "#mode")
    def _mode_changed(self, event: RadioSet.Changed) -> None:
        self._mode = event.pressed.name or "mentor"
        self._load_personas()

    @on(OptionList.OptionHighlighted, "#personas")
    def _persona_changed(self) -> None:
        persona = self.persona
        if persona is not None:
            level = self.query_one("#difficulty", RadioSet)
            for button in level.query(RadioButton):
                button.value = button.name == persona.difficulty
        self._show_last_scores()

    @on(OptionList.OptionHighlighted, "#topics")
    def _topic_changed(self) -> None:
        topic = self.topic
        goals = list(topic.goals) if topic else []
        self.query_one("#goal-suggestions", Select).set_options((g, g) for g in goals)
        self.query_one("#goal", Input).value = goals[0] if goals else ""
        self._show_last_scores()

    @on(Select.Changed, "#goal-suggestions")
    def _goal_picked(self, event: Select.Changed) -> None:
        if isinstance(event.value, str):
            self.query_one("#goal", Input).value = event.value

    def _show_last_scores(self) -> None:
        persona, topic = self.persona, self.topic
        target = self.query_one("#last-scores", Static)
        if persona is None or topic is None:
            target.update(Text("No personas for this mode yet.", style="yellow"))
            return
        scores = self.service.last_scores(persona.id, topic.id, self._mode)
        if not scores:
            target.update(Text(f"First rehearsal with {persona.name} on this topic.", style="dim"))
            return
        parts = "   ".join(f"{name.replace('_', ' ')} {value}" for name, value in scores.items())
        target.update(Text.assemble(("Last time: ", "bold"), parts))

    # starting ---------------------------------------------------------------------------

    @on(OptionList.OptionSelected)
    @on(Input.Submitted, "#goal")
    @on(Button.Pressed, "#start")
    def action_start(self) -> None:
        persona, topic = self.persona, self.topic
        if persona is None or topic is None:
            self.notify("Pick a partner and a topic first.", severity="warning")
            return
        pressed = self.query_one("#difficulty", RadioSet).pressed_button
        difficulty = (pressed.name if pressed else None) or persona.difficulty
        goal = self.query_one("#goal", Input).value.strip() or None
        self.post_message(self.Chosen(Choice(self._mode, persona.id, topic.id, difficulty, goal)))
