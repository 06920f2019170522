"""Field readers that collect every problem in a file instead of stopping at the first."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from rmcoach.content.yamlsource import Key, Located
from rmcoach.errors import Problem

ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]{1,62}[a-z0-9]$")


class FieldReader:
    """Reads typed fields out of a Located document, recording problems with lines."""

    def __init__(self, doc: Located):
        self.doc = doc
        self.problems: list[Problem] = []

    def fail(self, key: Key, message: str) -> None:
        self.problems.append(self.doc.problem(key, message))

    def get(self, key: Key) -> Any:
        value: Any = self.doc.data
        for part in key:
            if isinstance(value, dict) and isinstance(part, str):
                value = value.get(part)
            elif isinstance(value, list) and isinstance(part, int) and part < len(value):
                value = value[part]
            else:
                return None
        return value

    @staticmethod
    def label(key: Key) -> str:
        out = ""
        for part in key:
            out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else part)
        return out or "document"

    def unknown_keys(self, key: Key, allowed: Iterable[str]) -> None:
        value = self.get(key)
        if not isinstance(value, dict):
            return
        allowed = set(allowed)
        for name in value:
            if name not in allowed:
                hint = ", ".join(sorted(allowed))
                self.fail(
                    (*key, name),
                    f"unknown field '{self.label((*key, name))}' (expected one of: {hint})",
                )

    def text(self, key: Key, *, required: bool = True, default: str = "") -> str:
        value = self.get(key)
        if value is None or value == "":
            if required:
                self.fail(key, f"'{self.label(key)}' is required")
            return default
        if isinstance(value, bool) or not isinstance(value, (str, int, float)):
            self.fail(key, f"'{self.label(key)}' must be text, got {type(value).__name__}")
            return default
        return str(value).strip()

    def identifier(self, key: Key) -> str:
        value = self.text(key)
        if value and not ID_PATTERN.match(value):
            self.fail(
                key,
                f"'{self.label(key)}' must be 3-64 lowercase letters, digits or hyphens, got {value!r}",
            )
        return value

    def choice(self, key: Key, choices: Iterable[str], *, default: str | None = None) -> str:
        options = tuple(choices)
        value = self.text(key, required=default is None, default=default or "")
        if value and value not in options:
            self.fail(
                key, f"'{self.label(key)}' must be one of {', '.join(options)}, got {value!r}"
            )
            return default or options[0]
        return value

    def number(
        self, key: Key, *, lo: float, hi: float, default: float | None = None, integer: bool = False
    ) -> float:
        value = self.get(key)
        if value is None:
            if default is None:
                self.fail(key, f"'{self.label(key)}' is required")
                return lo
            return default
        ok = isinstance(value, int) if integer else isinstance(value, (int, float))
        if isinstance(value, bool) or not ok:
            kind = "a whole number" if integer else "a number"
            self.fail(key, f"'{self.label(key)}' must be {kind}, got {value!r}")
            return default if default is not None else lo
        if not lo <= value <= hi:
            self.fail(key, f"'{self.label(key)}' must be between {lo:g} and {hi:g}, got {value!r}")
            return default if default is not None else lo
        return value

    def text_list(self, key: Key, *, required: bool = False, min_items: int = 0) -> tuple[str, ...]:
        value = self.get(key)
        if value is None:
            if required:
                self.fail(key, f"'{self.label(key)}' is required (a list of text)")
            return ()
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list):
            self.fail(key, f"'{self.label(key)}' must be a list of text")
            return ()
        items: list[str] = []
        for i, item in enumerate(value):
            if (
                isinstance(item, bool)
                or not isinstance(item, (str, int, float))
                or str(item).strip() == ""
            ):
                self.fail((*key, i), f"'{self.label((*key, i))}' must be non-empty text")
                continue
            items.append(str(item).strip())
        if len(items) < min_items:
            self.fail(key, f"'{self.label(key)}' needs at least {min_items} item(s)")
        return tuple(items)

    def mapping(self, key: Key, *, required: bool = False) -> dict[str, Any]:
        value = self.get(key)
        if value is None:
            if required:
                self.fail(key, f"'{self.label(key)}' is required")
            return {}
        if not isinstance(value, dict):
            self.fail(key, f"'{self.label(key)}' must be a mapping of names to values")
            return {}
        return value

    def items(self, key: Key, *, required: bool = False) -> list[Key]:
        """Keys of the mappings in a list field (each item must be a mapping)."""
        value = self.get(key)
        if value is None:
            if required:
                self.fail(key, f"'{self.label(key)}' is required (a list)")
            return []
        if not isinstance(value, list):
            self.fail(key, f"'{self.label(key)}' must be a list")
            return []
        keys: list[Key] = []
        for i, item in enumerate(value):
            if isinstance(item, dict):
                keys.append((*key, i))
            else:
                self.fail((*key, i), f"'{self.label((*key, i))}' must be a mapping")
        return keys
