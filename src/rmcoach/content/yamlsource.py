"""YAML with line numbers: every value keeps the line it came from, for error messages."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from rmcoach.errors import ContentError, Problem

Key = tuple[str | int, ...]

#: libyaml's parser when present (about 15x faster); line numbers are the same.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass
class Located:
    """Parsed YAML plus the line of each value, keyed by its path in the document."""

    path: Path
    data: Any
    lines: dict[Key, int] = field(default_factory=dict)

    def line(self, key: Key) -> int | None:
        """Line of `key`, or of its nearest parent that has one."""
        while key:
            if key in self.lines:
                return self.lines[key]
            key = key[:-1]
        return self.lines.get((), 1)

    def problem(self, key: Key, message: str) -> Problem:
        return Problem(self.path, self.line(key), message)


def read_text(path: Path) -> str:
    """Read a UTF-8 file, reporting a decode error with its line."""
    raw = path.read_bytes()
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise ContentError(
            [Problem(path, line, f"not UTF-8 text (byte 0x{raw[exc.start]:02x}); save as UTF-8")]
        ) from None


def load_yaml(path: Path, text: str | None = None) -> Located:
    """Parse `path` (or `text`) keeping line numbers; raise ContentError on bad YAML."""
    source = read_text(path) if text is None else text
    try:
        node = yaml.compose(source, Loader=_LOADER)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        what = exc.problem or exc.context or "invalid YAML"
        raise ContentError([Problem(path, line, f"invalid YAML: {what}")]) from None
    except yaml.YAMLError as exc:
        raise ContentError([Problem(path, None, f"invalid YAML: {exc}")]) from None
    located = Located(path=path, data=None)
    if node is None:
        return located
    located.data = _convert(node, (), located.lines)
    return located


def _convert(node: yaml.Node, key: Key, lines: dict[Key, int]) -> Any:
    lines[key] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            name = str(_scalar(key_node))
            child = (*key, name)
            result[name] = _convert(value_node, child, lines)
            lines[child] = key_node.start_mark.line + 1
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_convert(item, (*key, i), lines) for i, item in enumerate(node.value)]
    return _scalar(node)


@lru_cache(maxsize=1)
def _constructor() -> yaml.constructor.SafeConstructor:
    return yaml.constructor.SafeConstructor()


def _scalar(node: yaml.Node) -> Any:
    if not isinstance(node, yaml.ScalarNode):
        return str(node.value)
    constructor = _constructor()
    try:
        return constructor.construct_object(node, deep=True)
    except yaml.constructor.ConstructorError:
        return str(node.value)  # a tag with no safe meaning (e.g. "=") stays plain text
    finally:
        constructor.constructed_objects.clear()  # no memory of earlier files
