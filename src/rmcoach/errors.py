"""Errors that carry a location, so users see `path:line: what is wrong`."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one file, at one place in it."""

    path: Path | str
    line: int | None
    message: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else f"{self.path}"
        return f"{where}: {self.message}"


class RmcoachError(Exception):
    """An error meant for the user: printed as is, without a traceback."""


class ContentError(RmcoachError):
    """A content file is invalid; carries every problem found in it."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


class ConfigError(RmcoachError):
    """The settings file or an environment variable holds a bad value."""
