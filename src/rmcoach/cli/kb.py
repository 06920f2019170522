"""`rmcoach kb`: build the guidance index, search it, show its state."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from rmcoach.cli.common import add_json_flag, print_json, settings_from


def register(subparsers: argparse._SubParsersAction) -> None:
    kb = subparsers.add_parser("kb", help="index and search the guidance knowledge base")
    commands = kb.add_subparsers(dest="kb_command", metavar="SUBCOMMAND", required=True)

    index = commands.add_parser("index", help="bring the guidance index up to date")
    index.add_argument("--rebuild", action="store_true", help="drop the index and embed everything")
    add_json_flag(index)
    index.set_defaults(handler=cmd_index)

    search = commands.add_parser("search", help="find guidance passages for a situation")
    search.add_argument("query", help='what is happening, e.g. "worried about data leaks"')
    search.add_argument("--topic", help="only passages for this topic id (and general ones)")
    search.add_argument("--mode", choices=("mentor", "mentee"), help="audience of the passages")
    search.add_argument("-k", type=int, default=3, help="number of passages (default 3)")
    add_json_flag(search)
    search.set_defaults(handler=cmd_search)

    status = commands.add_parser("status", help="embedding model, store and index state")
    add_json_flag(status)
    status.set_defaults(handler=cmd_status)


def knowledge_status(settings: Any) -> dict[str, Any]:
    """The rows `rmcoach doctor` prints for the knowledge base."""
    from rmcoach.knowledge import knowledge_status as status

    return status(settings)


class _Bar:
    """A plain progress bar on stderr, drawn only when stderr is a terminal."""

    def __init__(self, label: str, width: int = 30):
        self.label, self.width = label, width
        self.enabled = sys.stderr.isatty()

    def __call__(self, done: int, total: int) -> None:
        if not self.enabled or total == 0:
            return
        filled = self.width * done // total
        bar = "#" * filled + "-" * (self.width - filled)
        sys.stderr.write(f"\r{self.label} [{bar}] {done}/{total}")
        if done >= total:
            sys.stderr.write("\n")
        sys.stderr.flush()


def cmd_index(args: argparse.Namespace) -> int:
    from rmcoach.knowledge import KnowledgeBase

    settings = settings_from(args)
    report = KnowledgeBase(settings).ensure_index(_Bar("embedding"), rebuild=args.rebuild)
    for problem in report.problems:
        print(f"rmcoach: skipped {problem}", file=sys.stderr)
    if args.json:
        print_json(
            {
                "model": report.model,
                "chunks": report.chunks,
                "added": report.added,
                "updated": report.updated,
                "removed": report.removed,
                "unchanged": report.unchanged,
                "rebuilt": report.rebuilt,
                "reason": report.reason,
                "seconds": round(report.seconds, 3),
                "problems": [str(p) for p in report.problems],
            }
        )
        return 0
    what = "rebuilt" if report.rebuilt else "updated" if report.changed else "already current"
    reason = f" ({report.reason})" if report.reason else ""
    print(f"Guidance index {what}{reason}: {report.chunks} passages with {report.model}")
    print(
        f"  {report.added} added, {report.updated} re-embedded, {report.removed} removed, "
        f"{report.unchanged} unchanged in {report.seconds:.2f} s"
    )
    return 0


def cmd_search(args: argparse.Namespace) -> int:
    from rmcoach.knowledge import KnowledgeBase

    settings = settings_from(args)
    passages = KnowledgeBase(settings).search(
        args.query, topic=args.topic, mode=args.mode, k=max(1, args.k)
    )
    if args.json:
        print_json([p.to_dict() for p in passages])
        return 0
    if not passages:
        print("No guidance found.")
        return 0
    for rank, passage in enumerate(passages, 1):
        print(f"{rank}. {passage.title}  [{passage.id}, score {passage.score:.2f}]")
        for line in passage.text.splitlines():
            print(f"   {line}")
        print()
    return 0


def cmd_status(args: argparse.Namespace) -> int:
    from rmcoach.knowledge import KnowledgeBase

    settings = settings_from(args)
    if args.json:
        print_json(KnowledgeBase(settings).status())
        return 0
    rows = knowledge_status(settings)
    for key, value in rows.items():
        if key not in ("broken", "warnings"):
            print(f"{key:<17} {value}")
    for line in rows["warnings"]:
        print(f"warning: {line}", file=sys.stderr)
    for line in rows["broken"]:
        print(f"broken: {line}", file=sys.stderr)
    return 1 if rows["broken"] else 0
