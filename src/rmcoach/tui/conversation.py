"""The conversation pane: one Markdown per turn, pinned to the newest line."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Label, Markdown


class TurnView(Vertical):
    """One utterance: who said it, then the text as Markdown."""

    def __init__(self, speaker: str, name: str, text: str = "", *, turn: int | None = None) -> None:
        super().__init__(classes=f"turn -{speaker}")
        self.speaker = speaker
        self._who = name
        self._body = text
        self.turn = turn

    def compose(self) -> ComposeResult:
        yield Label(self._who, classes="who")
        yield Markdown(self._body)

    @property
    def markdown(self) -> Markdown:
        return self.query_one(Markdown)

    def mark(self, note: str) -> None:
        """Add a short note after the speaker's name (e.g. 'interrupted')."""
        self.query_one(".who", Label).update(f"{self._who}  [dim]· {note}[/]")


class Conversation(VerticalScroll):
    """Scrolls with the conversation; stays at the bottom until the user scrolls up."""

    can_focus = True

    def on_mount(self) -> None:
        self.anchor()

    async def add_turn(
        self, speaker: str, name: str, text: str = "", *, turn: int | None = None
    ) -> TurnView:
        view = TurnView(speaker, name, text, turn=turn)
        await self.mount(view)
        return view
