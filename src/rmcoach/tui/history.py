"""Past sessions: a filterable table, a progress plot, and read-only replay."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Select, Static

from rmcoach.errors import RmcoachError
from rmcoach.tui.debrief import RecordScreen

if TYPE_CHECKING:
    from rmcoach.history import SessionSummary
    from rmcoach.session import RehearsalService

PLOTTED = ("clarity", "listening")


class HistoryScreen(Screen[None]):
    """Every session so far, newest first; Enter opens one."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "app.pop_screen", "Back"),
        Binding("n", "app.new_session", "New session"),
        Binding("f1", "app.help", "Help"),
    ]

    def __init__(self, service: RehearsalService) -> None:
        super().__init__()
        self.service = service
        self._rows: list[SessionSummary] = []
        self._names = {
            p.id: p.name for mode in ("mentor", "mentee") for p in service.personas(mode)
        }
        self._titles = {t.id: t.title for t in service.topics()}

    def compose(self) -> ComposeResult:
        from textual_plotext import PlotextPlot  # plotext costs 0.15 s; only this screen needs it

        yield Static("[b]History[/] · your rehearsals, newest first", id="partner-bar")
        with Horizontal(id="filters"):
            yield Select[str](
                sorted((n, i) for i, n in self._names.items()),
                prompt="All partners",
                id="persona-filter",
                compact=True,
            )
            yield Select[str](
                sorted((t, i) for i, t in self._titles.items()),
                prompt="All topics",
                id="topic-filter",
                compact=True,
            )
        yield DataTable(id="sessions", cursor_type="row", zebra_stripes=True)
        yield PlotextPlot(id="progress")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns(
            "#", "When", "Partner", "Topic", "Clarity", "Listening", "Turns", "Mode", "Status"
        )
        self.refresh_rows()
        table.focus()

    @on(Select.Changed)
    def refresh_rows(self) -> None:
        persona = self.query_one("#persona-filter", Select).value
        topic = self.query_one("#topic-filter", Select).value
        self._rows = self.service.history(
            persona=persona if isinstance(persona, str) else None,
            topic=topic if isinstance(topic, str) else None,
        )
        table = self.query_one(DataTable)
        table.clear()
        for row in self._rows:
            table.add_row(
                str(row.id),
                row.started_at[:16].replace("T", " "),
                self._names.get(row.persona, row.persona),
                self._titles.get(row.topic, row.topic),
                _score(row.scores.get("clarity")),
                _score(row.scores.get("listening")),
                str(row.turns),
                row.mode,
                row.status,
                key=str(row.id),
            )
        self._plot()

    def _plot(self) -> None:
        scored = [r for r in reversed(self._rows) if any(name in r.scores for name in PLOTTED)]
        from textual_plotext import PlotextPlot

        widget = self.query_one(PlotextPlot)
        plt = widget.plt
        plt.clear_data()
        plt.title("Clarity and listening over time")
        plt.ylim(0, 100)
        if scored:
            xs = [float(x) for x in range(1, len(scored) + 1)]
            for name in PLOTTED:
                points = [
                    (x, r.scores[name]) for x, r in zip(xs, scored, strict=True) if name in r.scores
                ]
                if points:
                    plt.plot(
                        [p[0] for p in points], [p[1] for p in points], label=name, marker="hd"
                    )
            plt.xticks(xs, [str(r.id) for r in scored])
            plt.xlabel("session")
        widget.refresh()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        if event.row_key.value is not None:
            self.open_session(int(event.row_key.value))

    def open_session(self, session_id: int) -> None:
        """Load on the UI thread: the history connection belongs to it, and reads take ms."""
        try:
            record = self.service.load(session_id)
        except RmcoachError as exc:
            self.notify(str(exc), severity="error")
            return
        name = self._names.get(record.summary.persona, record.summary.persona)
        self.app.push_screen(RecordScreen(self.service, record, name))


def _score(value: int | None) -> str:
    return "—" if value is None else str(value)
