"""Debrief widgets, shared by the debrief and the read-only history view.

They render the scorecard's dictionary form (`Scorecard.to_dict()`), which is what
both a finished session and a stored one provide.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Label, Markdown, Static

from rmcoach.tui.meters import bar

if TYPE_CHECKING:
    from rmcoach.transcript import Turn

_CONTEXT = 110  # characters of the turn shown either side of an evidence quote


def label(name: str) -> str:
    return name.replace("_", " ").capitalize()


def quote_in_context(turn_text: str, quote: str) -> Text:
    """The turn around the quote, with the quote highlighted; the quote alone if not found."""
    flat = " ".join(turn_text.split())
    start = flat.find(" ".join(quote.split()))
    if start < 0:
        return Text(f"“{quote}”", style="bold reverse")
    end = start + len(" ".join(quote.split()))
    lo, hi = max(0, start - _CONTEXT), min(len(flat), end + _CONTEXT)
    text = Text("…" if lo else "")
    text.append(flat[lo:start])
    text.append(flat[start:end], style="bold reverse")
    text.append(flat[end:hi])
    if hi < len(flat):
        text.append("…")
    return text


class ScoreView(Vertical):
    """One score: the number, its components, and quotes from the learner's turns."""

    def __init__(self, name: str, score: Mapping[str, Any], turns: Sequence[Turn]) -> None:
        super().__init__(classes="score")
        self._score_name = name
        self._score = score
        self._turns = turns

    def compose(self) -> ComposeResult:
        value = int(self._score.get("score", 0))
        yield Static(
            bar(label(self._score_name), value / 100, width=20, label_width=14),
            classes="score-head",
        )
        components = Text()
        for name, part in self._score.get("components", {}).items():
            components.append_text(bar(label(name), float(part), width=10, label_width=28))
            components.append("\n")
        if components:
            components.rstrip()
            yield Static(components, classes="components")
        for item in self._score.get("evidence", []):
            turn_no = int(item.get("turn", 0))
            context = self._turns[turn_no - 1].text if 0 < turn_no <= len(self._turns) else ""
            text = Text(f"Turn {turn_no}: ", style="bold")
            text.append_text(quote_in_context(context, str(item.get("quote", ""))))
            if item.get("note"):
                text.append(f"\n  → {item['note']}", style="italic")
            yield Static(text, classes="evidence")


class AdviceView(Vertical):
    """What to do differently, with a better phrasing to try next time."""

    def __init__(self, advice: Sequence[Mapping[str, Any]]) -> None:
        super().__init__(classes="advice")
        self._advice = advice

    def compose(self) -> ComposeResult:
        yield Label("Try next time", classes="section")
        if not self._advice:
            yield Static(Text("Nothing to change: keep doing what you did.", style="dim"))
        for item in self._advice:
            text = Text(str(item.get("heading", "")), style="bold")
            if item.get("turn"):
                text.append(f"  (turn {item['turn']})", style="dim")
            text.append(f"\n{item.get('detail', '')}")
            if item.get("better"):
                text.append("\nTry: ", style="bold green")
                text.append(f"“{item['better']}”", style="green")
            yield Static(text, classes="advice-item")


class TeachBackView(Vertical):
    """The partner's closing summary, and how well each concept landed."""

    def __init__(
        self,
        who: str,
        text: str,
        understanding: Mapping[str, float] | None = None,
        concept_names: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(classes="teach-back")
        self._who = who
        self._body = text
        self._understanding = understanding or {}
        self._names = concept_names or {}

    def compose(self) -> ComposeResult:
        yield Label(f"What {self._who} took away", classes="section")
        yield Markdown(self._body)
        if self._understanding:
            text = Text()
            for concept, value in self._understanding.items():
                text.append_text(bar(self._names.get(concept, concept), value, label_width=44))
                text.append("\n")
            text.rstrip()
            yield Static(text, classes="understanding")


class ReportView(Vertical):
    """The scorecard: goal, every score with evidence, then advice."""

    def __init__(
        self,
        scorecard: Mapping[str, Any],
        turns: Sequence[Turn],
        goal: str | None,
        goal_met: bool | None,
    ) -> None:
        super().__init__(classes="report")
        self._card = scorecard
        self._turns = turns
        self._goal = goal
        self._goal_met = goal_met

    def compose(self) -> ComposeResult:
        if self._goal:
            verdict = (
                ("not judged", "dim")
                if self._goal_met is None
                else ("met", "bold green")
                if self._goal_met
                else ("not met yet", "bold yellow")
            )
            yield Static(
                Text.assemble(("Goal: ", "bold"), self._goal, " — ", verdict), classes="goal"
            )
        for name, score in self._card.get("scores", {}).items():
            yield ScoreView(name, score, self._turns)
        yield AdviceView(self._card.get("advice", []))
