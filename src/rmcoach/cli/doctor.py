"""`rmcoach doctor`: effective settings, content, history and guidance index; non-zero if broken."""

from __future__ import annotations

import argparse
from dataclasses import dataclass, field
from typing import Any

from rmcoach.cli.common import add_json_flag, library_for, print_json
from rmcoach.config import Settings, load_settings
from rmcoach.errors import RmcoachError


@dataclass
class Report:
    """Sections of checks; any `broken` entry makes doctor exit 1."""

    sections: dict[str, dict[str, Any]] = field(default_factory=dict)
    broken: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def register(subparsers: argparse._SubParsersAction) -> None:
    doctor = subparsers.add_parser(
        "doctor", help="check settings, content, history and the guidance index"
    )
    add_json_flag(doctor)
    doctor.set_defaults(handler=cmd_doctor)


def cmd_doctor(args: argparse.Namespace) -> int:
    report = Report()
    try:
        settings = load_settings()
    except RmcoachError as exc:
        report.broken.append(f"settings: {exc}")
        _print(report, args.json)
        return 1
    _settings(report, settings)
    _content(report, settings)
    _history(report, settings)
    _knowledge(report, settings)
    _print(report, args.json)
    return 1 if report.broken else 0


def _settings(report: Report, settings: Settings) -> None:
    def src(name: str) -> str:
        return settings.sources.get(name, "default")

    backend = (
        "LLM via OpenAI-compatible endpoint"
        if settings.llm_enabled
        else "scripted partner (offline)"
    )
    report.sections["settings"] = {
        "config file": f"{settings.paths.config_file}{'' if settings.paths.config_file.exists() else ' (not present; defaults used)'}",
        "partner voice": backend,
        "backend": f"{settings.backend} ({src('backend')})",
        "model": f"{settings.model or '(not set)'} ({src('model')})",
        "base url": f"{settings.base_url or '(SDK default)'} ({src('base_url')})",
        "api key": f"{settings.masked_key} ({src('api_key')})",
        "timeout": f"{settings.timeout:g} s, {settings.max_retries} retries",
        "llm judge": "on" if settings.judge and settings.llm_enabled else "off",
        "user content": str(settings.paths.content_dir),
    }
    if settings.backend == "openai" and not settings.model:
        report.broken.append("settings: backend is openai but no model is set (RMCOACH_MODEL)")


def _content(report: Report, settings: Settings) -> None:
    library = library_for(settings)
    mentor = sum(p.mode == "mentor" for p in library.personas.values())
    mentee = sum(p.mode == "mentee" for p in library.personas.values())
    report.sections["content"] = {
        "shipped": str(library.roots.prompts[0]),
        "personas": f"{mentor} mentor-mode, {mentee} mentee-mode",
        "topics": str(len(library.topics)),
        "templates": ", ".join(sorted(library.templates)) or "(none)",
        "guidance files": str(len(library.guidance)),
        "user overrides": str(len(library.overridden)),
    }
    for problem in library.problems:
        report.broken.append(f"content: {problem}")
    if not library.personas or not library.topics:
        report.broken.append("content: no personas or no topics found")


def _history(report: Report, settings: Settings) -> None:
    from rmcoach.history import HistoryStore

    path = settings.paths.history_db
    try:
        with HistoryStore(path) as store:
            sessions = store.sessions()
            report.sections["history"] = {
                "database": str(path),
                "schema version": str(store.schema_version()),
                "sessions": f"{len(sessions)} ({sum(s.status == 'active' for s in sessions)} interrupted)",
            }
    except RmcoachError as exc:
        report.broken.append(f"history: {exc}")


def _knowledge(report: Report, settings: Settings) -> None:
    try:
        from rmcoach.knowledge import knowledge_status

        status = knowledge_status(settings)
    except RmcoachError as exc:
        report.broken.append(f"knowledge: {exc}")
        return
    except ImportError as exc:  # a broken install, e.g. chromadb missing
        report.broken.append(f"knowledge: cannot load the guidance store ({exc})")
        return
    report.sections["knowledge"] = {
        k: str(v) for k, v in status.items() if k not in ("broken", "warnings")
    }
    report.broken += [f"knowledge: {b}" for b in status.get("broken", [])]
    report.warnings += [f"knowledge: {w}" for w in status.get("warnings", [])]


def _print(report: Report, as_json: bool) -> None:
    if as_json:
        print_json(
            {
                "ok": not report.broken,
                **report.sections,
                "broken": report.broken,
                "warnings": report.warnings,
            }
        )
        return
    for title, rows in report.sections.items():
        print(title.capitalize())
        width = max(map(len, rows), default=0)
        for key, value in rows.items():
            print(f"  {key:<{width}}  {value}")
        print()
    for warning in report.warnings:
        print(f"warning: {warning}")
    for item in report.broken:
        print(f"BROKEN: {item}")
    print("All good." if not report.broken else f"{len(report.broken)} problem(s) found.")
