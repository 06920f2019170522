"""Modal dialogs: the key help (F1) and the partner's reasons ("Why?")."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList, Static
from textual.widgets.option_list import Option

KEYS: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = (
    (
        "Everywhere",
        (
            ("F1", "this help"),
            ("Ctrl+P", "command palette: new session, end, export, coach, theme, history"),
            ("Tab / Shift+Tab", "move between fields"),
            ("Ctrl+Q", "quit"),
        ),
    ),
    (
        "Start",
        (
            ("↑ ↓", "choose a partner or topic"),
            ("Enter", "start the rehearsal (from a list, the goal or the button)"),
            ("F4", "history"),
        ),
    ),
    (
        "Rehearsal",
        (
            ("Enter", "send your turn"),
            ("Ctrl+J", "new line in your turn (Shift+Enter where the terminal allows)"),
            ("↑ ↓", "on the first/last line: recall earlier turns"),
            ("Esc", "stop the partner's reply (what was said is kept)"),
            ("F2 / Ctrl+B", "show or hide the coach panel"),
            ("F3 / Ctrl+O", "why did the partner do that? (any turn)"),
            ("F9", "end the session and see the debrief"),
        ),
    ),
    (
        "Debrief and history",
        (
            ("E", "export to Markdown"),
            ("R", "retry the same scenario"),
            ("N", "new session"),
            ("F4", "history; Enter opens a session"),
            ("Esc", "back"),
        ),
    ),
)


class HelpScreen(ModalScreen[None]):
    """Every key, grouped by screen."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape,f1,q", "dismiss", "Close")]

    def compose(self) -> ComposeResult:
        text = Text()
        for section, keys in KEYS:
            text.append(f"{section}\n", style="bold underline")
            for key, what in keys:
                text.append(f"  {key:<16}", style="bold")
                text.append(f"{what}\n")
            text.append("\n")
        text.rstrip()
        with Vertical(classes="dialog"):
            yield Label("Keys", classes="dialog-title")
            yield Static(text)
            yield Label("Esc closes", classes="dialog-hint")


@dataclass(frozen=True)
class MoveNote:
    """A partner turn and the director's reason for it."""

    turn: int
    text: str
    intent: str
    reason: str


class WhyScreen(ModalScreen[None]):
    """The reason behind each partner move; the latest is selected."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape,f3,q", "dismiss", "Close")]

    def __init__(self, who: str, notes: Sequence[MoveNote]) -> None:
        super().__init__()
        self._who = who
        self._notes = list(notes)

    def compose(self) -> ComposeResult:
        options = [
            Option(
                Text.assemble(
                    (f"{n.turn:>2} ", "dim"),
                    (n.intent.replace("_", " "), "bold"),
                    f"  {_short(n.text)}",
                )
            )
            for n in self._notes
        ]
        with Vertical(classes="dialog why"):
            yield Label(f"Why did {self._who} say that?", classes="dialog-title")
            yield OptionList(*options, id="moves")
            yield Static("", id="reason")
            yield Label("↑ ↓ pick a turn · Esc closes", classes="dialog-hint")

    def on_mount(self) -> None:
        moves = self.query_one(OptionList)
        if self._notes:
            moves.highlighted = len(self._notes) - 1
        else:
            self.query_one("#reason", Static).update("No partner moves yet.")
        moves.focus()

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        note = self._notes[event.option_index]
        self.query_one("#reason", Static).update(
            Text.assemble((f"Turn {note.turn}: ", "bold"), note.reason or "No reason was recorded.")
        )


def _short(text: str, width: int = 48) -> str:
    flat = " ".join(text.replace("*", "").replace("`", "").split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"
