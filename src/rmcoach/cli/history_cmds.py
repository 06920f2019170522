"""`rmcoach history`, `rmcoach export`, `rmcoach resume`: what was rehearsed before."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from rmcoach.cli.common import add_json_flag, print_json, settings_from
from rmcoach.export import FORMATS
from rmcoach.history import HistoryStore


def register(subparsers: argparse._SubParsersAction) -> None:
    history = subparsers.add_parser("history", help="list past rehearsals with their scores")
    history.add_argument("--persona", help="only sessions with this persona")
    history.add_argument("--topic", help="only sessions on this topic")
    history.add_argument("--mode", choices=("mentor", "mentee"))
    history.add_argument("--limit", type=int, default=None, help="at most N sessions")
    add_json_flag(history)
    history.set_defaults(handler=cmd_history)

    export = subparsers.add_parser("export", help="export a session as Markdown or JSON")
    export.add_argument("id", type=int, help="session id (see `rmcoach history`)")
    export.add_argument("--format", choices=FORMATS, default="md")
    export.add_argument("-o", "--output", type=Path, help="write to this file instead of stdout")
    export.set_defaults(handler=cmd_export)

    close = subparsers.add_parser(
        "close", help="score an interrupted session as it stands and mark it completed"
    )
    close.add_argument("id", type=int)
    add_json_flag(close)
    close.set_defaults(handler=cmd_close)


def cmd_history(args: argparse.Namespace) -> int:
    settings = settings_from(args)
    with HistoryStore(settings.paths.history_db) as store:
        sessions = store.sessions(
            persona=args.persona, topic=args.topic, mode=args.mode, limit=args.limit
        )
    if args.json:
        print_json([s.to_dict() for s in sessions])
        return 0
    if not sessions:
        print("No rehearsals yet. Run `rmcoach` to start one.")
        return 0
    print(
        f"{'id':>4}  {'started':<19}  {'mode':<6}  {'persona':<22}  {'topic':<26}  {'status':<11}  scores"
    )
    interrupted = [s.id for s in sessions if s.status == "active"]
    for s in sessions:
        scores = ", ".join(f"{k} {v}" for k, v in s.scores.items()) or "-"
        started = s.started_at.replace("T", " ")[:19]
        print(
            f"{s.id:>4}  {started:<19}  {s.mode:<6}  {s.persona:<22}  {s.topic:<26}  {'interrupted' if s.status == 'active' else s.status:<11}  {scores}"
        )
    if interrupted:
        ids = ", ".join(map(str, interrupted))
        print(
            f"\nInterrupted: {ids}. Continue one with `rmcoach studio --resume ID`, "
            "or score it as it stands with `rmcoach close ID`."
        )
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from rmcoach.export import export_session

    settings = settings_from(args)
    with HistoryStore(settings.paths.history_db) as store:
        text = export_session(store, args.id, args.format)
    if args.output:
        args.output.write_text(text, encoding="utf-8")
        print(f"Wrote {args.output}", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return 0


def cmd_close(args: argparse.Namespace) -> int:
    from rmcoach.session import RehearsalService

    service = RehearsalService(settings_from(args))
    try:
        card = service.close_interrupted(args.id)
    finally:
        service.close()
    if args.json:
        print_json(card.to_dict())
    else:
        for name, score in card.scores.items():
            print(f"{name}: {score.score}/100")
        print(f"Session {args.id} closed.")
    return 0
