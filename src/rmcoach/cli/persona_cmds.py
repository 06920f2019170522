"""`rmcoach persona new|show|try|import`: trainers build and check personas without code.

new    writes a commented, working persona file to the user content folder
show   prints what a session would use: LLM system prompt, scripted lines, numbers,
       and (separately) the hidden trainer material
try    a dry run from a script of learner turns, not saved to history, showing the
       rule behind every partner move
import converts a Character Card V2 (or V1) JSON file into a persona file
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rmcoach.cli.common import add_json_flag, library_for, print_json, settings_from
from rmcoach.config import Settings
from rmcoach.content.models import LEVELS, MODES, Persona, Topic
from rmcoach.errors import ContentError, RmcoachError
from rmcoach.paths import Paths

if TYPE_CHECKING:
    from rmcoach.content.library import ContentLibrary

#: The move whose full system prompt `persona show` prints; the others are shown as changes.
SHOWN_INTENT = "acknowledge"


def register(subparsers: argparse._SubParsersAction) -> None:
    persona = subparsers.add_parser(
        "persona",
        help="create, preview, dry-run and import personas (for trainers)",
        description="Build a persona without code: new -> edit -> show -> try -> rehearse.",
    )
    persona.set_defaults(handler=lambda args: _help(persona))
    actions = persona.add_subparsers(dest="action", metavar="ACTION")

    new = actions.add_parser("new", help="write a commented persona file to fill in")
    new.add_argument("id", help="short name, e.g. head-of-ops (lowercase letters, digits, hyphens)")
    new.add_argument(
        "--mode",
        choices=MODES,
        default="mentor",
        help="mentor: the learner teaches this senior (default); "
        "mentee: this junior teaches the learner",
    )
    new.add_argument("--force", action="store_true", help="overwrite an existing file")
    new.set_defaults(handler=cmd_new)

    show = actions.add_parser("show", help="print what a session would use, hidden notes apart")
    show.add_argument("id", help="persona id (see `rmcoach personas`)")
    show.add_argument(
        "--difficulty", choices=LEVELS, default=None, help="default: the persona's own level"
    )
    show.add_argument("--topic", default=None, help="default: the first topic under 'knowledge'")
    add_json_flag(show)
    show.set_defaults(handler=cmd_show)

    trial = actions.add_parser(
        "try", help="dry run from a script: every partner move with its reason (not saved)"
    )
    trial.add_argument("id", help="persona id (see `rmcoach personas`)")
    trial.add_argument(
        "--script",
        required=True,
        help="file with one learner turn per line (or a transcript), - for stdin",
    )
    trial.add_argument("--topic", default=None, help="default: the first topic under 'knowledge'")
    trial.add_argument(
        "--difficulty", choices=LEVELS, default=None, help="default: the persona's own level"
    )
    trial.add_argument(
        "--seed", type=int, default=0, help="seed for the scripted lines (default 0)"
    )
    add_json_flag(trial)
    trial.set_defaults(handler=cmd_try)

    card = actions.add_parser(
        "import", help="convert a Character Card V2/V1 JSON file to a persona"
    )
    card.add_argument("card", type=Path, help="the card's .json file")
    card.add_argument(
        "--out", type=Path, default=None, help="folder to write to (default: your personas folder)"
    )
    card.add_argument("--mode", choices=MODES, default="mentor", help="default: mentor")
    card.add_argument(
        "--id",
        dest="persona_id",
        default=None,
        help="persona id (default: made from the card's name)",
    )
    card.add_argument("--force", action="store_true", help="overwrite an existing file")
    add_json_flag(card)
    card.set_defaults(handler=cmd_import)


def _help(parser: argparse.ArgumentParser) -> int:
    parser.print_help()
    return 0


def personas_dir(settings: Settings) -> Path:
    """Where a trainer's own personas live (they override shipped ones with the same id)."""
    return settings.paths.content_dir / "personas"


# new ------------------------------------------------------------------------------------


def cmd_new(args: argparse.Namespace) -> int:
    from rmcoach.content.scaffold import check_id, skeleton

    check_id(args.id)
    settings = settings_from(args)
    path = personas_dir(settings) / f"{args.id}.yaml"
    _refuse_overwrite(path, args.force)
    shipped = _shipped_ids(settings)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(skeleton(args.id, args.mode, str(path)), encoding="utf-8")
    print(f"Wrote a new {args.mode}-mode persona: {path}")
    if args.id in shipped:
        print(
            f"Note: it replaces the shipped persona {args.id!r} for you (delete the file to undo)."
        )
    _next_steps(args.id, path, edit=True)
    return 0


def _refuse_overwrite(path: Path, force: bool) -> None:
    if path.exists() and not force:
        raise RmcoachError(
            f"{path} already exists; add --force to overwrite it (your edits in it would be lost)"
        )


def _shipped_ids(settings: Settings) -> set[str]:
    from rmcoach.paths import shipped_prompts

    return {p.stem for p in (shipped_prompts() / "personas").glob("*.y*ml")}


def _next_steps(persona_id: str, path: Path, edit: bool) -> None:
    steps = (
        [
            f"Open {path} in a text editor and change the example values "
            "(a comment explains every field)."
        ]
        if edit
        else []
    )
    steps += [
        f"rmcoach lint {path}    check the file (names the line of any mistake)",
        f"rmcoach persona show {persona_id}    see exactly what the partner will say",
        f"rmcoach persona try {persona_id} --script turns.txt    watch which rules fire",
        f"rmcoach rehearse --persona {persona_id} --topic generative-ai --script turns.txt",
        "rmcoach    (the rehearsal studio: pick the persona on the start screen)",
    ]
    print("\nNext steps:")
    for i, step in enumerate(steps, 1):
        print(f"  {i}. {step}")


# show -----------------------------------------------------------------------------------


def load_persona_and_topic(
    library: ContentLibrary, persona_id: str, topic_id: str | None
) -> tuple[Persona, Topic]:
    """The persona (with its file's problems when it failed to load) and the topic to use."""
    from rmcoach.cli.persona_preview import default_topic

    if persona_id not in library.personas:
        broken = [p for p in library.problems if Path(str(p.path)).stem == persona_id]
        if broken:
            raise ContentError(broken)
    persona = library.persona(persona_id)
    if topic_id:
        return persona, library.topic(topic_id)
    if not library.topics:
        raise RmcoachError("no topics are installed; run `rmcoach lint` to see why")
    return persona, default_topic(persona, library.topics)


def cmd_show(args: argparse.Namespace) -> int:
    from rmcoach.cli.persona_preview import build_preview

    settings = settings_from(args)
    persona, topic = load_persona_and_topic(library_for(settings), args.id, args.topic)
    preview = build_preview(settings, persona, topic, args.difficulty)
    if args.json:
        print_json(preview.to_dict())
    else:
        _print_preview(preview.to_dict(), persona, topic)
    return 0


def _print_preview(data: dict[str, Any], persona: Persona, topic: Topic) -> None:
    out = _Out()
    out.line(f"{persona.name} ({persona.id}) · {persona.role} · {persona.mode} mode")
    out.line(f"File: {data['source']}")
    out.line(f"Preview for topic {topic.id!r} ({topic.title}) at {data['difficulty']} difficulty.")

    out.heading(f"Difficulty: {data['difficulty']}")
    level = data["level"]
    learner = "learner" if persona.mode == "mentor" else "executive"
    out.line(
        f"patience           {level['patience']} words in one {learner} turn before "
        f"{'interrupting' if persona.mode == 'mentor' else 'feeling lectured'}"
    )
    out.line(
        f"jargon_tolerance   {level['jargon_tolerance']} unexplained term(s) let pass per turn"
    )
    out.line(
        f"concern_intensity  {level['concern_intensity']:g} (0-1: how hard concerns are pressed)"
    )
    out.line(f"trust              {level['trust']:g} at the start (0-1)")
    out.line("All levels:")
    for name, d in data["difficulties"].items():
        out.line(
            f"  {name:<7} patience {d['patience']:>4}, jargon_tolerance {d['jargon_tolerance']}, "
            f"concern_intensity {d['concern_intensity']:g}, trust {d['trust']:g}"
        )

    out.heading("Concerns (raised when the learner says a trigger)")
    for c in data["concerns"]:
        out.line(f"{c['id']}: {c['label']}")
        out.line(f"  triggers:     {', '.join(c['triggers'])}")
        for line in c["says"]:
            out.line(f"  says:         {line}")
        out.line(f"  answered by:  {', '.join(c['addressed_by'])}")
        for line in c["push_back"]:
            out.line(f"  push back:    {line}")
    if not data["concerns"]:
        out.line("(none)")

    out.heading("Pain points (shared when asked a good open question)")
    for p in data["pain_points"]:
        out.line(f"{p['id']}: {p['label']} (keywords: {', '.join(p['keywords']) or 'none'})")
        out.line(f"  open question:   {' '.join(p['says'].split())}")
        out.line(f"  closed question: {p['short']}")
    if not data["pain_points"]:
        out.line("(none)")

    out.heading("Scripted lines (the offline partner), filled with example values")
    slots = data["example_slots"]
    out.line(
        "Example values: "
        + "; ".join(f"{k} = {v!r}" for k, v in slots.items() if k in ("term", "concept", "answer"))
    )
    out.line("first_message:")
    out.line(f"  {data['first_message']}")
    for key, lines in data["lines"].items():
        out.line(f"{key}:")
        for line in lines:
            out.line(f"  - {line}")

    prompts = data["system_prompts"]
    base = prompts[SHOWN_INTENT]
    out.heading("LLM system prompt (used when a model is configured)")
    out.line(f"As sent for the partner's reply to a first learner turn ({SHOWN_INTENT!r} move).")
    out.line("Guidance passages found for each turn are added at run time, under")
    out.line('"Things you happen to know".')
    out.line("")
    for line in base.splitlines():
        out.line("| " + line)
    out.line("")
    out.line("For the other moves only these lines change:")
    base_lines = set(base.splitlines())
    for intent, text in prompts.items():
        if intent == SHOWN_INTENT:
            continue
        changed = [line for line in text.splitlines() if line.strip() and line not in base_lines]
        out.line(f"{intent}:")
        for line in changed or ["(no change)"]:
            out.line(f"  | {line}")

    hidden = data["hidden"]
    out.heading("Hidden material: never sent to a model, never shown in a session")
    out.line("creator_notes:")
    out.line(f"  {' '.join(hidden['creator_notes'].split()) or '(none)'}")
    out.line("debrief_notes:")
    out.line(f"  {' '.join(hidden['debrief_notes'].split()) or '(none)'}")
    own = hidden["rubric"]
    out.line("rubric in this file: " + (_flat(own) if own else "(none: the mode's defaults apply)"))
    rubric = hidden["effective_rubric"]
    out.line(f"effective rubric ({persona.mode} mode, with topic and persona overrides):")
    for score, weights in rubric["weights"].items():
        out.line(f"  {score} weights: " + ", ".join(f"{k} {v:g}" for k, v in weights.items()))
    out.line("  targets: " + ", ".join(f"{k} {v:g}" for k, v in rubric["targets"].items()))


def _flat(rubric: dict[str, Any]) -> str:
    return "; ".join(
        f"{section}: " + ", ".join(f"{k} {v:g}" for k, v in values.items())
        for section, values in rubric.items()
    )


class _Out:
    """Plain text sections for a terminal or a pipe."""

    def heading(self, text: str) -> None:
        print(f"\n== {text} ==")

    def line(self, text: str) -> None:
        print(text)


# try ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DryRunPaths(Paths):
    """The user's paths with the history database moved to a scratch folder."""

    scratch: Path = Path()

    @property
    def history_db(self) -> Path:
        return self.scratch / "history.db"


def dry_run_settings(settings: Settings, scratch: Path) -> Settings:
    """Scripted partner, history in `scratch`; guidance index and content as usual."""
    paths = DryRunPaths(settings.paths.config_dir, settings.paths.data_dir, scratch=scratch)
    return replace(settings.with_overrides(backend="scripted"), paths=paths)


def cmd_try(args: argparse.Namespace) -> int:
    from rmcoach.cli.rehearse import read_script, run_rehearsal
    from rmcoach.session import RehearsalService, SessionSpec

    turns = read_script(args.script)
    settings = settings_from(args)
    library = library_for(settings)
    persona, topic = load_persona_and_topic(library, args.id, args.topic)
    goal = topic.goals[0] if topic.goals else None
    spec = SessionSpec(persona.mode, persona.id, topic.id, args.difficulty, goal, args.seed)
    with tempfile.TemporaryDirectory(prefix="rmcoach-try-") as scratch:
        service = RehearsalService(dry_run_settings(settings, Path(scratch)), library)
        try:
            import asyncio

            result = asyncio.run(run_rehearsal(service, spec, turns))
        finally:
            service.close()
    result.pop("session_id", None)
    result["saved"] = False
    if args.json:
        print_json(result)
    else:
        _print_try(result, persona, topic, len(turns))
    return 0


def _print_try(result: dict[str, Any], persona: Persona, topic: Topic, script_turns: int) -> None:
    print(
        f"Dry run: {persona.name} ({persona.id}), topic {topic.id!r}, "
        f"{result['difficulty']} difficulty. Scripted partner; nothing is saved.\n"
    )
    codes = [t for t in result["scorecard"].get("turns", []) if t.get("speaker") == "learner"]
    learner = 0
    for turn in result["turns"]:
        if turn["speaker"] == "learner":
            code = codes[learner] if learner < len(codes) else {}
            learner += 1
            act = code.get("act") or ""
            kind = f"{act}/{code['subtype']}" if code.get("subtype") else act
            print(f"[{learner}] You: {turn['text']}")
            if kind:
                print(
                    f"    analysed as: {kind}, {code.get('words', len(turn['text'].split()))} words"
                )
            continue
        move = turn.get("move") or {}
        print(f"    rule: {move.get('intent', '?')} - {move.get('reason', '')}")
        print(f"    {persona.name}: {turn['text']}\n")
    if learner < script_turns:
        print(f"(The partner closed the session after {learner} of {script_turns} turns.)\n")
    print("Scores")
    for name, body in result["scorecard"]["scores"].items():
        print(f"  {name:<22} {body['score']:>3}/100")
    for item in result["scorecard"].get("advice", []):
        print(f"  - {item['heading']}: {item['detail']}")
    for notice in result.get("notices", []):
        print(f"note: {notice}")


# import ---------------------------------------------------------------------------------


def cmd_import(args: argparse.Namespace) -> int:
    from rmcoach.content.cardv2 import import_card

    if not args.card.is_file():
        raise RmcoachError(f"{args.card}: no such card file")
    settings = settings_from(args)
    home = personas_dir(settings)
    out_dir = args.out or home
    if args.persona_id:
        from rmcoach.content.scaffold import check_id

        check_id(args.persona_id)
    result = import_card(args.card, out_dir, mode=args.mode, persona_id=args.persona_id)
    path = out_dir / f"{result.persona_id}.yaml"
    _refuse_overwrite(path, args.force)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(result.text, encoding="utf-8")
    if args.json:
        print_json(
            {
                "id": result.persona_id,
                "path": str(path),
                "card_version": result.version,
                "unmapped": result.unmapped,
                "defaulted": result.defaulted,
                "notes": result.notes,
            }
        )
        return 0
    print(f"Imported {result.name!r} ({result.version} card) as persona {result.persona_id!r}")
    print(f"Wrote {path}")
    _report("Could not map (left out)", result.unmapped)
    _report("Filled with defaults (review these)", result.defaulted)
    _report("Notes", result.notes)
    if out_dir.resolve() != home.resolve():
        print(
            f"\nrmcoach reads personas from {home}; copy the file there to rehearse with it.",
            file=sys.stderr,
        )
    _next_steps(result.persona_id, path, edit=True)
    return 0


def _report(title: str, items: list[str]) -> None:
    if items:
        print(f"\n{title}:")
        for item in items:
            print(f"  - {item}")
