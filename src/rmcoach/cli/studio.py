"""`rmcoach studio` (the default command) and `rmcoach serve` (the studio in a browser)."""

from __future__ import annotations

import argparse
import shlex
import sys

from rmcoach.cli.common import settings_from


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    studio = subparsers.add_parser(
        "studio", help="open the rehearsal studio (the default when no command is given)"
    )
    studio.add_argument(
        "--resume",
        type=int,
        metavar="ID",
        help="continue an interrupted session (see `rmcoach history`)",
    )
    studio.set_defaults(handler=run_studio, resume=None)
    serve = subparsers.add_parser("serve", help="serve the studio to a web browser (textual-serve)")
    serve.add_argument(
        "--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)"
    )
    serve.add_argument("--port", type=int, default=8000, help="port to listen on (default 8000)")
    serve.set_defaults(handler=run_serve)


def run_studio(args: argparse.Namespace) -> int:
    from rmcoach.session import RehearsalService
    from rmcoach.tui.app import RmcoachApp

    # The content library loads lazily, after the first screen is painted.
    service = RehearsalService(settings_from(args))
    try:
        RmcoachApp(service, resume=args.resume).run()
    finally:
        service.close()
    return 0


def run_serve(args: argparse.Namespace) -> int:
    from textual_serve.server import Server

    command = f"{shlex.quote(sys.executable)} -m rmcoach studio"
    print(f"rmcoach: serving the studio on http://{args.host}:{args.port} (Ctrl+C stops)")
    Server(command, host=args.host, port=args.port, title="rmcoach").serve()
    return 0
