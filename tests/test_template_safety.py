"""Trainer text is rendered only in Jinja2's sandbox: injection payloads run nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from rmcoach.content.persona import load_persona
from rmcoach.content.templates import TemplateRenderError, environment, render
from rmcoach.paths import shipped_prompts

MARKER = Path("/tmp/rmcoach-ssti-marker")

# Known server-side template injection payloads against Jinja2.
PAYLOADS = [
    "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "{{ config.__class__.__init__.__globals__['os'].popen('touch /tmp/rmcoach-ssti-marker').read() }}",
    "{{ self.__init__.__globals__.__builtins__.__import__('os').system('touch /tmp/rmcoach-ssti-marker') }}",
    "{{ cycler.__init__.__globals__.os.popen('touch /tmp/rmcoach-ssti-marker').read() }}",
    "{{ lipsum.__globals__['os'].popen('touch /tmp/rmcoach-ssti-marker').read() }}",
    "{{ request.application.__globals__.__builtins__.__import__('os').popen('id').read() }}",
    "{% for c in [].__class__.__base__.__subclasses__() %}{{ c }}{% endfor %}",
    "{{ term.__class__.__base__.__subclasses__() }}",
    "{{ term|attr('__class__') }}",
    "{{ ().__class__.__bases__[0].__subclasses__()[59]()._module.__builtins__['__import__']('os') }}",
    "{% set x = namespace() %}{{ x.__init__.__globals__ }}",
    "{{ 'a' * 100000000 }}",
]


def test_renderer_is_the_sandbox() -> None:
    from jinja2.sandbox import SandboxedEnvironment

    assert isinstance(environment(), SandboxedEnvironment)


@pytest.mark.parametrize("payload", PAYLOADS)
def test_payload_gives_a_clear_error_and_runs_nothing(payload: str) -> None:
    MARKER.unlink(missing_ok=True)
    try:
        out = render(payload, {"term": "RAG"}, where="persona.yaml", line=7)
    except TemplateRenderError as exc:
        assert str(exc).startswith("persona.yaml:7: template")
    else:
        # a payload the sandbox neutralises may render harmlessly, but never reveals internals
        assert "subclasses" not in out and "<class" not in out and out != "os"
        assert len(out) < 1_000_000
    assert not MARKER.exists()


@pytest.mark.parametrize("payload", PAYLOADS[:5])
def test_payload_in_a_persona_file_is_reported_by_lint(tmp_path: Path, payload: str) -> None:
    data = yaml.safe_load(
        (shipped_prompts() / "personas" / "cfo-skeptic.yaml").read_text(encoding="utf-8")
    )
    data["lines"]["greet"] = [payload]
    path = tmp_path / "cfo-skeptic.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    MARKER.unlink(missing_ok=True)
    with pytest.raises(Exception) as info:
        load_persona(path)
    assert str(path) in str(info.value) and "lines.greet[0]" in str(info.value)
    assert not MARKER.exists()
