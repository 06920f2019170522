"""The one place trainer text is rendered: a Jinja2 sandbox with strict undefined names.

Trainer files are data, never code: `SandboxedEnvironment` refuses attribute tricks
(`__class__`, `__globals__`, ...) and `StrictUndefined` turns a misspelt slot into a
clear error instead of an empty string.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

from jinja2 import StrictUndefined, TemplateError, TemplateSyntaxError
from jinja2.exceptions import SecurityError
from jinja2.sandbox import SandboxedEnvironment

from rmcoach.errors import ContentError, Problem

#: Every slot a scripted line may use; `check_slots` flags any other name.
SLOT_NAMES: tuple[str, ...] = (
    "name",
    "role",
    "topic",
    "term",
    "concept",
    "concern",
    "pain_point",
    "answer",
    "teach_back",
    "goal",
)


class TemplateRenderError(ContentError):
    """A template failed to compile or render."""


#: Largest string or number a template may build with `*` or `**` (memory bombs).
MAX_PRODUCT = 100_000


class TrainerSandbox(SandboxedEnvironment):
    """The Jinja2 sandbox, plus limits on `*` and `**` so a line cannot exhaust memory."""

    intercepted_binops = frozenset(["*", "**"])

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        if operator == "**":
            if isinstance(right, (int, float)) and abs(right) > 64:
                raise SecurityError("exponent too large in a template")
            return left**right
        for a, b in ((left, right), (right, left)):
            if (
                isinstance(a, (str, list, tuple))
                and isinstance(b, int)
                and len(a) * b > MAX_PRODUCT
            ):
                raise SecurityError("repetition too large in a template")
        return left * right


@lru_cache(maxsize=1)
def environment() -> SandboxedEnvironment:
    env = TrainerSandbox(
        undefined=StrictUndefined,
        autoescape=False,
        keep_trailing_newline=False,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    return env


@lru_cache(maxsize=2048)
def _compile(source: str) -> Any:
    return environment().from_string(source)


def check_template(source: str, where: Path | str, line: int | None) -> list[Problem]:
    """Problems with a template's syntax (empty list when it compiles)."""
    try:
        _compile(source)
    except TemplateSyntaxError as exc:
        at = (line or 1) + (exc.lineno or 1) - 1 if line else exc.lineno
        return [Problem(where, at, f"template syntax error: {exc.message}")]
    return []


def check_slots(source: str, where: Path | str, line: int | None) -> list[Problem]:
    """Problems with a scripted line: syntax, or a slot name that does not exist.

    Parsing (not compiling) and listing the names the line uses is enough to lint it,
    and is several times faster than rendering every line with sample values.
    """
    from jinja2 import nodes

    try:
        tree = environment().parse(source)
    except TemplateSyntaxError as exc:
        at = (line or 1) + (exc.lineno or 1) - 1 if line else exc.lineno
        return [Problem(where, at, f"template syntax error: {exc.message}")]
    problems: list[Problem] = []
    for node in tree.find_all((nodes.Getattr, nodes.Getitem)):
        if isinstance(node, nodes.Getattr):
            attr: object = node.attr
        else:
            attr = getattr(getattr(node, "arg", None), "value", "")
        if isinstance(attr, str) and attr.startswith("_"):
            problems.append(
                Problem(where, line, f"template refused: access to '{attr}' is not allowed")
            )
    stored = {n.name for n in tree.find_all(nodes.Name) if n.ctx in ("store", "param")}
    used = {n.name for n in tree.find_all(nodes.Name) if n.ctx == "load"}
    for name in sorted(used - stored - set(SLOT_NAMES)):
        problems.append(
            Problem(
                where, line, f"'{name}' is undefined (slots you can use: {', '.join(SLOT_NAMES)})"
            )
        )
    return problems


def render(
    source: str, values: dict[str, Any], where: Path | str = "<template>", line: int | None = None
) -> str:
    """Render trainer text in the sandbox; any failure becomes a located ContentError."""
    try:
        return str(_compile(source).render(**values)).strip()
    except TemplateSyntaxError as exc:
        raise TemplateRenderError(
            [Problem(where, line or exc.lineno, f"template syntax error: {exc.message}")]
        ) from None
    except TemplateError as exc:
        raise TemplateRenderError([Problem(where, line, f"template error: {exc}")]) from None
    except Exception as exc:  # sandbox refusals and anything a payload may raise
        raise TemplateRenderError([Problem(where, line, f"template refused: {exc}")]) from None


def render_file(path: Path, values: dict[str, Any]) -> str:
    """Render a `.j2` template file from disk."""
    from rmcoach.content.yamlsource import read_text

    return render(read_text(path), values, where=path, line=None)
