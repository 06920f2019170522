"""Settings: one typed object from defaults < config file < environment < flags.

The LLM settings follow the openai SDK's conventions (`OPENAI_API_KEY`,
`OPENAI_BASE_URL`) plus `RMCOACH_MODEL`. With none of them set, rmcoach uses the
offline scripted partner.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any, Literal

from rmcoach.errors import ConfigError
from rmcoach.paths import Paths, resolve_paths

Backend = Literal["auto", "scripted", "openai"]
Embedding = Literal["auto", "minilm", "hashing", "endpoint"]

BACKENDS: tuple[str, ...] = ("auto", "scripted", "openai")
EMBEDDINGS: tuple[str, ...] = ("auto", "minilm", "hashing", "endpoint")


@dataclass(frozen=True)
class Settings:
    """Everything configurable, with its documented default."""

    paths: Paths
    #: "auto" uses the LLM when a model is configured, else the scripted partner.
    backend: str = "auto"
    #: OpenAI-compatible endpoint; None means the SDK default (api.openai.com).
    base_url: str | None = None
    api_key: str | None = None
    #: Chat model name; setting it (with a key or base URL) enables the LLM voice.
    model: str | None = None
    #: Seconds before an LLM request is abandoned.
    timeout: float = 30.0
    #: Retries of a failed LLM request before falling back to scripted lines.
    max_retries: int = 1
    #: Use the LLM as a second judge in the scorecard when an endpoint is configured.
    judge: bool = False
    #: "auto": MiniLM int8 when installed, else hashing; "endpoint" uses /embeddings.
    embedding: str = "auto"
    #: Model name for endpoint embeddings.
    embedding_model: str = "text-embedding-3-small"
    #: A Chroma server (http://host:port); None means the embedded store.
    chroma_url: str | None = None
    #: Textual theme name.
    theme: str = "textual-dark"
    #: Where each setting came from (field -> "default" | file | env var | "flag").
    sources: dict[str, str] = field(default_factory=dict, compare=False)

    @property
    def llm_enabled(self) -> bool:
        """Whether partner replies go through the LLM endpoint."""
        if self.backend == "scripted":
            return False
        if self.backend == "openai":
            return True
        return bool(self.model) and bool(self.api_key or self.base_url)

    @property
    def masked_key(self) -> str:
        """The API key as safe to print: never more than its last four characters."""
        if not self.api_key:
            return "(not set)"
        tail = self.api_key[-4:] if len(self.api_key) >= 12 else ""
        return f"****{tail}"

    def with_overrides(self, **overrides: Any) -> Settings:
        """Apply command-line flags (highest precedence); None values are ignored."""
        given = {k: v for k, v in overrides.items() if v is not None}
        for name, value in given.items():
            _check_choice(name, value, "command line")
        sources = dict(self.sources) | {k: "flag" for k in given}
        return replace(self, **given, sources=sources)


# file key (section.key) -> field name
_FILE_KEYS: dict[str, str] = {
    "llm.backend": "backend",
    "llm.base_url": "base_url",
    "llm.api_key": "api_key",
    "llm.model": "model",
    "llm.timeout": "timeout",
    "llm.max_retries": "max_retries",
    "llm.judge": "judge",
    "knowledge.embedding": "embedding",
    "knowledge.embedding_model": "embedding_model",
    "knowledge.chroma_url": "chroma_url",
    "ui.theme": "theme",
}

#: Every environment variable rmcoach reads for settings (name -> Settings field).
ENVIRONMENT: dict[str, str] = {
    "RMCOACH_BACKEND": "backend",
    "OPENAI_BASE_URL": "base_url",
    "OPENAI_API_KEY": "api_key",
    "RMCOACH_MODEL": "model",
    "RMCOACH_TIMEOUT": "timeout",
    "RMCOACH_MAX_RETRIES": "max_retries",
    "RMCOACH_JUDGE": "judge",
    "RMCOACH_EMBEDDING": "embedding",
    "RMCOACH_EMBEDDING_MODEL": "embedding_model",
    "RMCOACH_CHROMA_URL": "chroma_url",
    "RMCOACH_THEME": "theme",
}

_TYPES: dict[str, type] = {f.name: f.type for f in fields(Settings)}  # type: ignore[misc]


def _coerce(name: str, raw: Any, where: str) -> Any:
    kind = _TYPES[name]
    try:
        if kind in ("float", float):
            value: Any = float(raw)
            if value <= 0:
                raise ValueError
            return value
        if kind in ("int", int):
            value = int(raw)
            if value < 0:
                raise ValueError
            return value
        if kind in ("bool", bool):
            if isinstance(raw, bool):
                return raw
            text = str(raw).strip().lower()
            if text in ("1", "true", "yes", "on"):
                return True
            if text in ("0", "false", "no", "off", ""):
                return False
            raise ValueError
    except (TypeError, ValueError):
        raise ConfigError(f"{where}: {name} must be a {_kind_name(kind)}, got {raw!r}") from None
    if not isinstance(raw, str):
        raise ConfigError(f"{where}: {name} must be text, got {raw!r}")
    value = raw.strip() or None
    _check_choice(name, value, where)
    return value


def _kind_name(kind: Any) -> str:
    return {"float": "positive number", "int": "whole number >= 0", "bool": "true/false"}.get(
        str(getattr(kind, "__name__", kind)), str(kind)
    )


def _check_choice(name: str, value: Any, where: str) -> None:
    choices = {"backend": BACKENDS, "embedding": EMBEDDINGS}.get(name)
    if choices and value is not None and value not in choices:
        raise ConfigError(f"{where}: {name} must be one of {', '.join(choices)}, got {value!r}")


def _read_file(path: Path) -> dict[str, Any]:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: not valid TOML: {exc}") from None
    values: dict[str, Any] = {}
    for section, body in data.items():
        if not isinstance(body, dict):
            raise ConfigError(f"{path}: [{section}] must be a table of settings")
        for key, raw in body.items():
            dotted = f"{section}.{key}"
            if dotted not in _FILE_KEYS:
                known = ", ".join(sorted(_FILE_KEYS))
                raise ConfigError(f"{path}: unknown setting {dotted!r} (known: {known})")
            name = _FILE_KEYS[dotted]
            values[name] = _coerce(name, raw, f"{path}: {dotted}")
    return values


def load_settings(
    environ: os._Environ[str] | dict[str, str] | None = None, **flags: Any
) -> Settings:
    """Build the effective settings. Raises ConfigError naming the file or variable."""
    env = os.environ if environ is None else environ
    paths = resolve_paths(env)
    sources: dict[str, str] = {}
    values: dict[str, Any] = {}
    for name, value in _read_file(paths.config_file).items():
        values[name] = value
        sources[name] = str(paths.config_file)
    for var, name in ENVIRONMENT.items():
        if var in env and env[var] != "":
            values[name] = _coerce(name, env[var], f"environment variable {var}")
            sources[name] = var
    settings = Settings(paths=paths, sources=sources, **values)
    return settings.with_overrides(**flags)
