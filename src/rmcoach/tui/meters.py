"""Small text bars: one concern, rendering a labelled value between 0 and 1."""

from __future__ import annotations

from rich.text import Text


def bar(
    label: str, value: float, *, width: int = 12, label_width: int = 12, suffix: str = ""
) -> Text:
    """`label ███████░░░░░ 58` as Rich text; colour follows the value."""
    value = max(0.0, min(1.0, value))
    filled = round(value * width)
    style = "green" if value >= 0.67 else "yellow" if value >= 0.4 else "red"
    text = Text(f"{label[:label_width]:<{label_width}} ")
    text.append("█" * filled, style=style)
    text.append("░" * (width - filled), style="dim")
    text.append(f" {suffix or round(value * 100)}")
    return text


def minutes(seconds: float) -> str:
    """Elapsed time as m:ss."""
    whole = max(0, int(seconds))
    return f"{whole // 60}:{whole % 60:02d}"
