"""The coach panel: live meters, the partner's state and guidance for this moment.

The rehearsal screen passes data down by calling the `show_*` methods; the panel
never reads the session itself.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static

from rmcoach.tui.meters import bar, minutes

if TYPE_CHECKING:
    from rmcoach.knowledge.models import Passage
    from rmcoach.partner.models import PartnerState

_SNIPPET = 160


class CoachPanel(VerticalScroll):
    """Side panel shown next to the conversation (toggle with F2)."""

    def __init__(
        self,
        concept_names: Mapping[str, str],
        *,
        understanding_title: str = "Understanding",
        id: str | None = None,
    ) -> None:
        super().__init__(id=id)
        self._concepts = dict(concept_names)
        self._understanding_title = understanding_title
        self._elapsed = 0.0
        self._talk_share: float | None = None

    def compose(self) -> ComposeResult:
        yield Static("Your turn so far", classes="coach-title")
        yield Static(Text("Meters appear after your first turn.", style="dim"), id="meters")
        yield Static("", id="clock")
        yield Static("Partner", classes="coach-title")
        yield Static("", id="state")
        yield Static("Guidance", classes="coach-title")
        yield Static(Text("Guidance for this moment appears here.", style="dim"), id="guidance")

    def show_scores(self, scores: Mapping[str, int], talk_share: float) -> None:
        """Running scores (clarity and listening, or the mentee scores), 0-100 each."""
        text = Text()
        for name, value in scores.items():
            text.append_text(bar(name.replace("_", " ").capitalize(), value / 100))
            text.append("\n")
        text.rstrip()
        self.query_one("#meters", Static).update(text or Text("—", style="dim"))
        self._talk_share = talk_share
        self._show_clock()

    def show_elapsed(self, seconds: float) -> None:
        self._elapsed = seconds
        self._show_clock()

    def _show_clock(self) -> None:
        share = "—" if self._talk_share is None else f"{round(self._talk_share * 100)}% you"
        self.query_one("#clock", Static).update(
            Text.assemble(
                ("You talked ", "bold"),
                share.removesuffix(" you"),
                ("  Time ", "bold"),
                minutes(self._elapsed),
            )
        )

    def show_state(self, state: PartnerState) -> None:
        text = Text()
        text.append_text(bar("Trust", state.trust))
        text.append("\n")
        text.append_text(bar("Patience", state.patience))
        text.append(f"\n{self._understanding_title}\n", style="bold")
        for concept, value in state.understanding.items():
            text.append_text(bar(self._concepts.get(concept, concept), value))
            text.append("\n")
        if state.open_concern:
            text.append(f"Waiting on: {state.open_concern}", style="italic")
        text.rstrip()
        self.query_one("#state", Static).update(text)

    def show_guidance(self, passages: Sequence[Passage], unavailable: str | None) -> None:
        text = Text()
        if unavailable:
            text.append(unavailable, style="dim italic")
        for passage in passages:
            if text:
                text.append("\n\n")
            text.append(passage.title, style="bold")
            body = " ".join(passage.text.split())
            if len(body) > _SNIPPET:
                body = body[:_SNIPPET].rsplit(" ", 1)[0] + "…"
            text.append(f"\n{body}")
        if not text:
            text.append("No guidance matched this turn.", style="dim")
        self.query_one("#guidance", Static).update(text)
