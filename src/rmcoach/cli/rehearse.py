"""`rmcoach rehearse`: a whole session without the TUI, from a script of learner turns."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from rmcoach.cli.common import add_json_flag, print_json, settings_from
from rmcoach.errors import RmcoachError


def register(subparsers: argparse._SubParsersAction) -> None:
    rehearse = subparsers.add_parser(
        "rehearse",
        help="run a whole rehearsal from a script of learner turns (no TUI) and score it",
        description=(
            "Each non-empty line of the script is one learner turn; a transcript file "
            "(JSON, JSON Lines or Learner:/Partner: text) contributes its learner turns."
        ),
    )
    rehearse.add_argument("--persona", required=True, help="persona id (see `rmcoach personas`)")
    rehearse.add_argument("--topic", required=True, help="topic id (see `rmcoach topics`)")
    rehearse.add_argument(
        "--mode", choices=("mentor", "mentee"), default=None, help="default: the persona's mode"
    )
    rehearse.add_argument("--script", required=True, help="file of learner turns, or - for stdin")
    rehearse.add_argument(
        "--backend",
        choices=("scripted", "openai"),
        default=None,
        help="partner voice (default: from settings; scripted when no model is set)",
    )
    rehearse.add_argument("--difficulty", choices=("easy", "medium", "hard"), default=None)
    rehearse.add_argument(
        "--goal", default=None, help="the session goal (default: the topic's first goal)"
    )
    rehearse.add_argument(
        "--seed", type=int, default=0, help="seed for the scripted lines (default 0)"
    )
    add_json_flag(rehearse)
    rehearse.set_defaults(handler=cmd_rehearse)


def read_script(source: str) -> list[str]:
    """Learner turns from a script file (or stdin when source is '-')."""
    from rmcoach.transcript import parse_transcript

    if source == "-":
        text, where = sys.stdin.read(), "<stdin>"
    else:
        path = Path(source)
        if not path.is_file():
            raise RmcoachError(f"{source}: no such script file")
        from rmcoach.content.yamlsource import read_text

        text, where = read_text(path), source
    stripped = text.lstrip()
    first = stripped.split(":", 1)[0].strip().lower() if ":" in stripped.split("\n", 1)[0] else ""
    if stripped.startswith("{") or first in ("learner", "partner"):
        transcript = parse_transcript(text, where)
        turns = [t.text for t in transcript.turns if t.speaker == "learner"]
    else:
        turns = [line.strip() for line in text.splitlines() if line.strip()]
    if not turns:
        raise RmcoachError(f"{where}: the script has no learner turns")
    return turns


async def run_rehearsal(service: Any, spec: Any, turns: list[str]) -> dict[str, Any]:
    """Drive one session through the shared pipeline; returns transcript + scorecard."""
    from rmcoach.session import ReplyDone

    session = service.start(spec)
    session.open()
    notices: list[str] = []
    for text in turns:
        async for event in session.take_turn(text):
            if isinstance(event, ReplyDone) and event.notice:
                notices.append(event.notice)
        if session.state.closed:
            break
    end = await session.finish()
    result: dict[str, Any] = session.as_transcript().to_dict()
    result["difficulty"] = spec.difficulty or session.persona.difficulty
    result["seed"] = spec.seed
    result["scorecard"] = end.scorecard.to_dict()
    if notices:
        result["notices"] = notices
    result["session_id"] = session.id
    return result


def cmd_rehearse(args: argparse.Namespace) -> int:
    from rmcoach.session import RehearsalService, SessionSpec

    turns = read_script(args.script)
    service = RehearsalService(settings_from(args))
    try:
        persona = service.library.persona(args.persona)
        topic = service.library.topic(args.topic)
        mode = args.mode or persona.mode
        goal = args.goal or (topic.goals[0] if topic.goals else None)
        spec = SessionSpec(mode, persona.id, topic.id, args.difficulty, goal, args.seed)
        import asyncio

        result = asyncio.run(run_rehearsal(service, spec, turns))
    finally:
        service.close()
    session_id = result.pop("session_id")
    if args.json:
        print_json(result)
    else:
        _print_human(result, persona.name)
    print(f"Saved as session {session_id} (`rmcoach export {session_id}`).", file=sys.stderr)
    return 0


def _print_human(result: dict[str, Any], partner_name: str) -> None:
    for turn in result["turns"]:
        if turn["speaker"] == "learner":
            print(f"You: {turn['text']}\n")
        else:
            move = turn.get("move") or {}
            print(f"{partner_name} [{move.get('intent', '')}]: {turn['text']}")
            if move.get("reason"):
                print(f"    why: {move['reason']}")
            print()
    card = result["scorecard"]
    print("Scorecard")
    for name, body in card["scores"].items():
        print(f"  {name:<22} {body['score']:>3}/100")
    for item in card.get("advice", []):
        print(f"  - {item['heading']}: {item['detail']}")
    for notice in result.get("notices", []):
        print(f"note: {notice}")
