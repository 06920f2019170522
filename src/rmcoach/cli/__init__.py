"""The `rmcoach` command: parse arguments, call the library, print.

Each command lives in its own module with `register(subparsers)`; modules import
nothing heavy at module level so `rmcoach --help` stays instant.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence

from rmcoach import __version__
from rmcoach.errors import ConfigError, ContentError, RmcoachError

#: Command modules under rmcoach.cli, in the order `--help` lists them.
COMMAND_MODULES: tuple[str, ...] = (
    "content_cmds",
    "history_cmds",
    "doctor",
    "kb",
    "rehearse",
    "persona_cmds",
    "score",
    "studio",
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="rmcoach",
        description=(
            "Rehearse reverse-mentoring conversations against a simulated executive "
            "(or junior mentor) and get honest feedback on clarity and listening. "
            "Run with no command to open the rehearsal studio."
        ),
    )
    parser.add_argument("--version", action="version", version=f"rmcoach {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        importlib.import_module(f"rmcoach.cli.{name}").register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the console script; returns the exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    handler = getattr(args, "handler", None)
    if handler is None:
        if "studio" in _registered(parser):
            args = parser.parse_args(["studio"])
            handler = args.handler
        else:
            parser.print_help()
            return 0
    try:
        return int(handler(args) or 0)
    except ContentError as exc:
        print(f"rmcoach: {exc}", file=sys.stderr)
        return 2
    except (ConfigError, RmcoachError) as exc:
        print(f"rmcoach: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("rmcoach: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except Exception as exc:  # a bug: say so plainly; the traceback only on request
        if os.environ.get("RMCOACH_DEBUG"):
            raise
        print(
            f"rmcoach: unexpected error: {type(exc).__name__}: {exc}\n"
            "This is a bug in rmcoach. Run again with RMCOACH_DEBUG=1 to see the details.",
            file=sys.stderr,
        )
        return 1


def _registered(parser: argparse.ArgumentParser) -> set[str]:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return set(action.choices)
    return set()
