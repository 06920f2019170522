"""`rmcoach personas`, `rmcoach topics`, `rmcoach lint`: what content there is, and is it valid."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from rmcoach.cli.common import add_json_flag, library_for, print_json, settings_from, warn_problems


def register(subparsers: argparse._SubParsersAction) -> None:
    personas = subparsers.add_parser("personas", help="list partner personas")
    personas.add_argument(
        "--mode", choices=("mentor", "mentee"), help="only personas for this mode"
    )
    add_json_flag(personas)
    personas.set_defaults(handler=cmd_personas)

    topics = subparsers.add_parser("topics", help="list topics and their concepts")
    add_json_flag(topics)
    topics.set_defaults(handler=cmd_topics)

    lint = subparsers.add_parser(
        "lint", help="check personas, topics, templates and guidance; exit 1 on any error"
    )
    lint.add_argument(
        "paths", nargs="*", type=Path, help="files or folders (default: shipped and user content)"
    )
    add_json_flag(lint)
    lint.set_defaults(handler=cmd_lint)


def cmd_personas(args: argparse.Namespace) -> int:
    library = library_for(settings_from(args))
    personas = sorted(library.personas.values(), key=lambda p: (p.mode, p.id))
    if args.mode:
        personas = [p for p in personas if p.mode == args.mode]
    if args.json:
        print_json(
            [
                {
                    "id": p.id,
                    "mode": p.mode,
                    "name": p.name,
                    "role": p.role,
                    "attitude": p.attitude,
                    "difficulty": p.difficulty,
                    "summary": p.summary,
                    "topics": sorted(p.knowledge),
                    "source": str(p.source),
                }
                for p in personas
            ]
        )
    else:
        for mode in ("mentor", "mentee"):
            group = [p for p in personas if p.mode == mode]
            if not group:
                continue
            heading = (
                "Seniors you teach (mentor mode)"
                if mode == "mentor"
                else "Juniors who teach you (mentee mode)"
            )
            print(heading)
            for p in group:
                print(f"  {p.id:<24} {p.name}, {p.role} [{p.attitude}, {p.difficulty}]")
                print(f"  {'':<24} {p.summary}")
            print()
    warn_problems(library)
    return 0


def cmd_topics(args: argparse.Namespace) -> int:
    library = library_for(settings_from(args))
    topics = sorted(library.topics.values(), key=lambda t: (t.kind, t.id))
    if args.json:
        print_json(
            [
                {
                    "id": t.id,
                    "title": t.title,
                    "kind": t.kind,
                    "summary": t.summary,
                    "concepts": [{"id": c.id, "name": c.name} for c in t.concepts],
                    "goals": list(t.goals),
                    "source": str(t.source),
                }
                for t in topics
            ]
        )
    else:
        for kind, heading in (("digital", "Digital tools"), ("culture", "Culture")):
            group = [t for t in topics if t.kind == kind]
            if group:
                print(heading)
                for t in group:
                    print(f"  {t.id:<28} {t.title} ({len(t.concepts)} concepts)")
                print()
    warn_problems(library)
    return 0


def cmd_lint(args: argparse.Namespace) -> int:
    from rmcoach.content.library import lint_paths

    if args.paths:
        missing = [p for p in args.paths if not p.exists()]
        problems = [f"{p}: no such file or folder" for p in missing]
        problems += [str(p) for p in lint_paths(p for p in args.paths if p.exists())]
        checked = "given files"
    else:
        library = library_for(settings_from(args))
        problems = [str(p) for p in library.problems]
        checked = (
            f"{len(library.personas)} personas, {len(library.topics)} topics, "
            f"{len(library.templates)} templates, {len(library.guidance)} guidance files"
        )
    if args.json:
        print_json({"ok": not problems, "problems": problems})
    else:
        for line in problems:
            print(line, file=sys.stderr)
        status = f"{len(problems)} problem(s)" if problems else "all valid"
        print(f"Checked {checked}: {status}.")
    return 1 if problems else 0
