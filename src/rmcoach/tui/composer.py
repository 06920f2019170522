"""The learner's multi-line input: Enter sends, Ctrl+J (or Shift+Enter) breaks the line.

Up on the first line and Down on the last line walk through the turns already sent,
like a shell. The widget only edits text; it posts `Composer.Submitted` upwards.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual import events
from textual.message import Message
from textual.widgets import TextArea


class Composer(TextArea):
    """Multi-line input with send-on-Enter and recall of earlier turns."""

    @dataclass
    class Submitted(Message):
        """The learner sent a turn."""

        text: str

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(
            id=id,
            soft_wrap=True,
            show_line_numbers=False,
            tab_behavior="focus",
            placeholder="Say something to your partner. Enter sends, Ctrl+J adds a line.",
        )
        self._sent: list[str] = []
        self._recall: int | None = None  # index into _sent while browsing history
        self._draft = ""

    async def _on_key(self, event: events.Key) -> None:
        if event.key == "enter":
            event.stop()
            event.prevent_default()
            self._submit()
            return
        if event.key in ("ctrl+j", "shift+enter"):
            event.stop()
            event.prevent_default()
            self.insert("\n")
            return
        await super()._on_key(event)

    def _submit(self) -> None:
        text = self.text.strip()
        if not text:
            return
        self._sent.append(text)
        self._recall = None
        self._draft = ""
        self.clear()
        self.post_message(self.Submitted(text))

    def action_cursor_up(self, select: bool = False) -> None:
        if select or self.cursor_location[0] > 0 or not self._sent:
            super().action_cursor_up(select)
            return
        if self._recall is None:
            self._draft = self.text
            self._recall = len(self._sent)
        if self._recall > 0:
            self._recall -= 1
            self._show(self._sent[self._recall], at_end=False)

    def action_cursor_down(self, select: bool = False) -> None:
        last_row = self.document.line_count - 1
        if select or self._recall is None or self.cursor_location[0] < last_row:
            super().action_cursor_down(select)
            return
        self._recall += 1
        if self._recall >= len(self._sent):
            self._recall = None
            self._show(self._draft, at_end=True)
        else:
            self._show(self._sent[self._recall], at_end=True)

    def _show(self, text: str, *, at_end: bool) -> None:
        self.load_text(text)
        self.move_cursor(self.document.end if at_end else (0, 0))
