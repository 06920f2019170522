"""`rmcoach score FILE`: the scorecard of a transcript (JSON, JSON Lines or plain text)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from rmcoach.cli.common import add_json_flag, library_for, print_json, settings_from, warn_problems
from rmcoach.errors import RmcoachError


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "score",
        help="score a transcript on clarity and listening (or the mentee scores)",
        description=(
            "Score a transcript file: JSON {mode, persona, topic, turns}, JSON Lines of "
            "{speaker, text}, or plain text with 'Learner:' / 'Partner:' prefixes."
        ),
    )
    parser.add_argument("file", type=Path, metavar="FILE", help="transcript to score")
    parser.add_argument("--persona", metavar="ID", help="persona id (overrides the file's)")
    parser.add_argument("--topic", metavar="ID", help="topic id (overrides the file's)")
    parser.add_argument("--goal", help="a session goal to check (keyword heuristic)")
    add_json_flag(parser)
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from rmcoach.scoring import scorecard
    from rmcoach.transcript import read_transcript

    path: Path = args.file
    if not path.is_file():
        raise RmcoachError(f"{path}: no such file")
    transcript = read_transcript(path)
    settings = settings_from(args)
    persona_id = args.persona or transcript.persona
    topic_id = args.topic or transcript.topic
    persona = topic = None
    if persona_id or topic_id:
        library = library_for(settings)
        warn_problems(library)
        persona = library.persona(persona_id) if persona_id else None
        topic = library.topic(topic_id) if topic_id else None
    card = scorecard(transcript, topic, persona, settings, goal=args.goal)
    if args.json:
        print_json(card.to_dict())
    else:
        print(render_text(card.to_dict(), path))
    return 0


def render_text(card: dict[str, Any], path: Path) -> str:
    """The scorecard for a person: scores, components, evidence, advice."""
    lines = [f"Scorecard for {path.name}", ""]
    for name, score in card["scores"].items():
        lines.append(f"{name.replace('_', ' ').capitalize():<22} {score['score']:>3}/100")
        for component, value in score["components"].items():
            bar = "#" * round(value * 10)
            lines.append(f"  {component:<26} {value:4.2f} {bar}")
        for ev in score["evidence"]:
            lines.append(f'  turn {ev["turn"]}: "{ev["quote"]}" ({ev["note"]})')
        lines.append("")
    lines.append("What to try next")
    for n, item in enumerate(card["advice"], 1):
        where = f" (turn {item['turn']})" if "turn" in item else ""
        lines.append(f"{n}. {item['heading']}{where}")
        lines.append(f"   {item['detail']}")
        if item.get("better"):
            lines.append(f'   Try: "{item["better"]}"')
    if "goal_met" in card:
        lines += ["", f"Goal met: {'yes' if card['goal_met'] else 'not yet'}"]
    judge = card.get("notes", {}).get("judge")
    if judge:
        lines += [
            "",
            f"LLM judge: {'used, ' + judge['model'] if judge.get('used') else judge.get('reason')}",
        ]
    return "\n".join(lines)
