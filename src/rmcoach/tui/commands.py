"""Command palette entries (Ctrl+P) for the studio's own actions."""

from __future__ import annotations

from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider

COMMANDS: tuple[tuple[str, str, str], ...] = (
    ("New session", "new_session", "Back to the start screen"),
    ("End session", "end_session", "Finish the rehearsal and see the debrief"),
    ("Export to Markdown", "export", "Write this session (or debrief) to a Markdown file"),
    ("Toggle coach panel", "toggle_coach", "Show or hide the coach at the side"),
    ("Why did the partner say that?", "why", "The reason behind each partner move"),
    ("Theme", "change_theme", "Pick a colour theme"),
    ("History", "history", "Past sessions and progress"),
    ("Help", "help", "Every key"),
)


class StudioCommands(Provider):
    """Runs app actions; the app routes each to the screen that can do it."""

    async def discover(self) -> Hits:
        for name, action, help_text in COMMANDS:
            yield DiscoveryHit(name, partial(self.app.run_action, f"app.{action}"), help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, action, help_text in COMMANDS:
            score = matcher.match(name)
            if score > 0:
                yield Hit(
                    score,
                    matcher.highlight(name),
                    partial(self.app.run_action, f"app.{action}"),
                    help=help_text,
                )
