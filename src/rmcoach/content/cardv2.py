"""Character Card V2 (and V1) JSON -> an rmcoach persona file, with a report of the gaps.

Cards come from the role-play community and describe a character, not a training
partner: they have no concerns, pain points, difficulty numbers or per-intent lines.
The import keeps what maps (name, voice, opening, example dialogue, tags, creator
notes), fills the rest from the `rmcoach persona new` skeleton of the chosen mode (its
neutral, professional defaults), and says exactly what it dropped and what it filled,
so a trainer knows what to review. The result is validated before it is written.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from rmcoach.content.fields import ID_PATTERN
from rmcoach.content.persona import parse_persona
from rmcoach.content.scaffold import check_id, skeleton
from rmcoach.content.yamlsource import load_yaml
from rmcoach.errors import ContentError, RmcoachError

#: Card fields with no place in a persona; the report names each one the card filled.
UNMAPPED_FIELDS: dict[str, str] = {
    "system_prompt": "rmcoach writes its own system prompt (prompts/templates/partner_system.j2)",
    "post_history_instructions": "rmcoach sends no instructions after the history",
    "alternate_greetings": "a persona has one first_message",
    "extensions": "no place for application-specific data in a persona",
    "avatar": "personas have no picture",
}
#: Old (Pygmalion/TavernAI) names of V1 fields.
_V1_ALIASES = {
    "char_name": "name",
    "char_persona": "personality",
    "world_scenario": "scenario",
    "char_greeting": "first_mes",
    "example_dialogue": "mes_example",
}
_CARD_TEXT = (
    "name",
    "description",
    "personality",
    "scenario",
    "first_mes",
    "mes_example",
    "creator_notes",
)
#: What a card never says, per mode, in a neutral professional voice.
NEUTRAL: dict[str, dict[str, str]] = {
    "mentor": {
        "pronouns": "they/them",
        "role": "Senior leader",
        "attitude": "neutral",
        "summary": "A senior leader learning about a new way of working.",
        "personality": "Experienced and busy. Open to new ideas when they are explained plainly "
        "and tied to real work; asks what things cost and what could go wrong.",
        "speaking_style": "Plain, professional sentences. Asks for an example when something is "
        "abstract and says so when a term is unclear.",
    },
    "mentee": {
        "pronouns": "they/them",
        "role": "Junior colleague",
        "attitude": "keen",
        "summary": "A junior colleague explaining something they know well to a senior.",
        "personality": "Knows the subject well and wants to help. Opens up when asked real "
        "questions; goes quiet when talked over.",
        "speaking_style": "Friendly and clear. Short answers until trust builds; checks whether "
        "the explanation is landing.",
    },
}
_MACRO = re.compile(r"\{\{\s*([^{}]*?)\s*\}\}")
_JINJA_OPEN = re.compile(r"\{[%#]")


@dataclass
class CardImport:
    """The persona file's text and what the trainer should know about it."""

    persona_id: str
    name: str
    text: str
    version: str  # "V2", "V1" or "V3"
    unmapped: list[str] = field(default_factory=list)  # "field: why"
    defaulted: list[str] = field(default_factory=list)  # "field: what was used"
    notes: list[str] = field(default_factory=list)


def read_card(path: Path) -> tuple[dict[str, Any], str, list[str]]:
    """(card fields, spec version, notes) from a JSON file; clear errors naming the file."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise RmcoachError(f"{path}: cannot read: {exc.strerror or exc}") from None
    try:
        doc = json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError:
        hint = " (a PNG card? export it as JSON first)" if raw.startswith(b"\x89PNG") else ""
        raise RmcoachError(f"{path}: not UTF-8 text{hint}") from None
    except json.JSONDecodeError as exc:
        raise RmcoachError(f"{path}:{exc.lineno}:{exc.colno}: not valid JSON: {exc.msg}") from None
    if not isinstance(doc, dict):
        raise RmcoachError(f"{path}: not a character card (the JSON must be an object)")
    spec = doc.get("spec")
    if spec in ("chara_card_v2", "chara_card_v3"):
        data = doc.get("data")
        if not isinstance(data, dict):
            raise RmcoachError(
                f"{path}: a {spec} card needs a 'data' object with the character's fields"
            )
        notes = (
            []
            if spec == "chara_card_v2"
            else [
                "read as a V2 card: V3-only fields (assets, group greetings, ...) are not imported"
            ]
        )
        return data, "V2" if spec == "chara_card_v2" else "V3", notes
    if spec is not None:
        raise RmcoachError(f"{path}: unknown card spec {spec!r} (expected chara_card_v2)")
    card = {_V1_ALIASES.get(str(k), str(k)): v for k, v in doc.items()}
    if "name" in card and any(k in card for k in ("description", "personality", "first_mes")):
        return card, "V1", ["V1 card (no 'spec' field): read its top-level fields as V2 data"]
    raise RmcoachError(
        f'{path}: not a character card (expected "spec": "chara_card_v2" with a \'data\' '
        "object, or a V1 card with 'name' and 'description')"
    )


def import_card(
    path: Path, out_dir: Path, *, mode: str = "mentor", persona_id: str | None = None
) -> CardImport:
    """Convert the card at `path` into persona text for `out_dir/<id>.yaml` (not written)."""
    card, version, notes = read_card(path)
    name = _text(card.get("name"), path, "name")
    if not name:
        raise RmcoachError(f"{path}: the card has no name")
    pid = persona_id or slug(name)
    if persona_id is None and not ID_PATTERN.match(pid):
        raise RmcoachError(
            f"{path}: cannot make an id from the name {name!r}; choose one with --id"
        )
    check_id(pid)
    result = CardImport(persona_id=pid, name=name, text="", version=version, notes=notes)
    fields_ = {k: _text(card.get(k), path, k) for k in _CARD_TEXT}
    base = yaml.safe_load(skeleton(pid, mode))
    persona = _persona(pid, mode, name, fields_, card, base, result, path.name)
    result.text = _header(path.name, version) + yaml.dump(
        persona, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=88
    )
    target = out_dir / f"{pid}.yaml"
    try:
        parse_persona(load_yaml(target, result.text))
    except ContentError as exc:  # a bug in the mapping, not the trainer's fault
        raise RmcoachError(f"{path}: the converted persona does not validate:\n{exc}") from None
    return result


def slug(name: str) -> str:
    """'Margaret Okafor' -> 'margaret-okafor' (ASCII, hyphens, at most 64 characters)."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")[:64].strip("-")


def _persona(
    pid: str,
    mode: str,
    name: str,
    f: dict[str, str],
    card: dict[str, Any],
    base: dict[str, Any],
    result: CardImport,
    filename: str,
) -> dict[str, Any]:
    speech = _Placeholders(name, user="you", notes=result.notes, spoken=True)
    prose = _Placeholders(name, user="the learner", notes=result.notes)
    description, scenario, traits = (
        prose.fill(f[k]) for k in ("description", "scenario", "personality")
    )
    persona: dict[str, Any] = {"id": pid, "mode": mode, "name": name}

    def default(key: str, value: Any, shown: str = "") -> None:
        persona[key] = value
        result.defaulted.append(f"{key}: {shown or repr(value)}")

    guessed = _guess(" ".join((description, traits, scenario)), description)
    for key in ("pronouns", "role", "organisation"):
        if key in guessed:
            persona[key] = guessed[key]
            result.notes.append(
                f"{key} {guessed[key]!r} was guessed from the description; check it"
            )
        elif key != "organisation":
            default(key, NEUTRAL[mode][key])
    default("attitude", NEUTRAL[mode]["attitude"])
    personality = " ".join(
        p
        for p in (
            description,
            f"Personality: {_sentence(traits)}" if traits else "",
            f"Situation: {_sentence(scenario)}" if scenario else "",
        )
        if p
    )
    if personality:
        persona["summary"] = _first_sentence(description or personality)
        persona["personality"] = personality
    else:
        default("summary", NEUTRAL[mode]["summary"])
        default("personality", NEUTRAL[mode]["personality"])
    default("speaking_style", NEUTRAL[mode]["speaking_style"])
    default("difficulty", base["difficulty"])
    default("difficulties", base["difficulties"], "the skeleton's easy/medium/hard numbers")
    first = speech.fill(f["first_mes"])
    if first:
        persona["first_message"] = first
    else:
        default("first_message", _tidy(base["first_message"]))
    default("concerns", _tidy(base["concerns"]), ", ".join(c["label"] for c in base["concerns"]))
    default(
        "pain_points",
        _tidy(base["pain_points"]),
        ", ".join(p["label"] for p in base["pain_points"]),
    )
    default("lines", base["lines"], f"neutral lines for every intent ({mode} skeleton)")
    dialogue = _dialogue(f["mes_example"], name, speech)
    if dialogue:
        persona["example_dialogue"] = dialogue
    tags = [
        str(t).strip()
        for t in card.get("tags") or []
        if isinstance(t, (str, int)) and str(t).strip()
    ]
    if tags:
        persona["tags"] = tags
    credit = ", ".join(
        x
        for x in (
            f"by {_text(card.get('creator'), None, 'creator')}" if card.get("creator") else "",
            f"version {_text(card.get('character_version'), None, 'character_version')}"
            if card.get("character_version")
            else "",
        )
        if x
    )
    origin = f"Imported from the character card {filename}{' (' + credit + ')' if credit else ''}."
    persona["creator_notes"] = "\n\n".join(n for n in (prose.fill(f["creator_notes"]), origin) if n)
    _unmapped(card, result)
    return persona


def _unmapped(card: dict[str, Any], result: CardImport) -> None:
    for key, why in UNMAPPED_FIELDS.items():
        value = card.get(key)
        if value in (None, "", [], {}):
            continue
        detail = (
            f" (keys: {', '.join(sorted(map(str, value)))})"
            if isinstance(value, dict)
            else (f" ({len(value)} greeting(s))" if isinstance(value, list) else "")
        )
        result.unmapped.append(f"{key}{detail}: {why}")
    known = {*_CARD_TEXT, *UNMAPPED_FIELDS, "tags", "creator", "character_version"}
    for key in sorted(k for k in card if k not in known and card[k] not in (None, "", [], {})):
        result.unmapped.append(f"{key}: not part of a persona")


_PRONOUNS = {
    "she/her": ("she", "her", "hers", "herself"),
    "he/him": ("he", "him", "his", "himself"),
}
_ROLE = re.compile(
    r"\b(?:is|as) (?:the|a|an) ((?:[A-Z][\w&-]*)(?: (?:of |and |for )?[A-Z][\w&-]*){0,5})"
    r"(?: (?:of|at|in|for) ((?:the |a |an )?[^.;,]{3,80}))?"
)


def _guess(prose: str, description: str) -> dict[str, str]:
    """Pronouns (from all the card's prose), role and organisation (from the description)
    when the card states them plainly."""
    guessed: dict[str, str] = {}
    words = re.findall(r"[a-z]+", prose.lower())
    counts = {p: sum(words.count(w) for w in forms) for p, forms in _PRONOUNS.items()}
    best = max(counts, key=lambda p: counts[p])
    if counts[best] >= 2 and all(n == 0 for p, n in counts.items() if p != best):
        guessed["pronouns"] = best
    match = _ROLE.search(description)
    if match and (" " in match.group(1) or match.group(2)):
        guessed["role"] = match.group(1).strip()
        if match.group(2):
            guessed["organisation"] = match.group(2).strip()
    return guessed


class _Placeholders:
    """Replace a card's {{char}}/{{user}} (and <BOT>/<USER>); drop other macros, with a note.

    In spoken text (`spoken=True`) the learner is addressed as "you": a vocative
    ("Fifteen minutes, {{user}}.") is dropped rather than turned into "you", and
    role-play narration between asterisks is removed, since a partner only speaks.
    """

    def __init__(self, name: str, user: str, notes: list[str], spoken: bool = False):
        self.name, self.user, self.notes, self.spoken = name, user, notes, spoken

    def note(self, text: str) -> None:
        if text not in self.notes:
            self.notes.append(text)

    def fill(self, text: str) -> str:
        if not text:
            return ""
        user = r"(?:\{\{\s*user\s*\}\}|<USER>)"
        if self.spoken:
            text = re.sub(r",\s*" + user + r"(?=\s*[.!?,;])", "", text, flags=re.IGNORECASE)
            text = re.sub(
                r"(^|[.!?]\s+)" + user + r",\s*(\w)",
                lambda m: m.group(1) + m.group(2).upper(),
                text,
                flags=re.IGNORECASE,
            )
            if re.search(r"\*[^*\n]+\*", text):
                text = re.sub(r"\*[^*\n]+\*", " ", text)
                self.note("removed role-play narration between asterisks (*...*) from spoken lines")
        possessive = "your" if self.user == "you" else f"{self.user}'s"
        text = re.sub(user + "'s", possessive, text, flags=re.IGNORECASE)
        text = re.sub(r"\{\{\s*char\s*\}\}|<BOT>", lambda _: self.name, text, flags=re.IGNORECASE)
        if self.spoken and re.search(user, text, flags=re.IGNORECASE):
            self.note(
                '{{user}} in spoken text became "you": check that first_message and '
                "example_dialogue read naturally"
            )
        text = re.sub(user, self.user, text, flags=re.IGNORECASE)
        dropped = sorted({m.group(0) for m in _MACRO.finditer(text)})
        if dropped:
            self.note(f"removed card macros rmcoach does not know: {', '.join(dropped)}")
            text = _MACRO.sub("", text)
        if _JINJA_OPEN.search(text):
            text = _JINJA_OPEN.sub(lambda m: m.group(0)[0] + " " + m.group(0)[1], text)
            self.note("spaced out '{%' / '{#' so the text is not read as a template")
        text = re.sub(r"[ \t]+", " ", text)
        return re.sub(r" +([.,!?;])", r"\1", text).strip()


def _dialogue(source: str, name: str, speech: _Placeholders) -> str:
    """mes_example -> `<START>` blocks of `Learner:` / `Partner:` lines."""
    if not source.strip():
        return ""
    user = re.compile(r"^\s*(\{\{\s*user\s*\}\}|<USER>|you)\s*:\s*", re.IGNORECASE)
    char = re.compile(
        r"^\s*(\{\{\s*char\s*\}\}|<BOT>|" + re.escape(name) + r")\s*:\s*", re.IGNORECASE
    )
    blocks: list[str] = []
    for block in re.split(r"<START>", source, flags=re.IGNORECASE):
        lines: list[str] = []
        for line in block.splitlines():
            if not line.strip():
                continue
            who = "Learner: " if user.match(line) else "Partner: " if char.match(line) else ""
            text = speech.fill((user if who == "Learner: " else char).sub("", line, count=1))
            if who and not (lines and lines[-1].startswith(who)):
                lines.append(who + text)
            elif lines:  # a continuation, or the same speaker again: one turn
                lines[-1] += " " + text
        lines = [line for line in lines if line.split(":", 1)[1].strip()]
        if lines:
            blocks.append("<START>\n" + "\n".join(lines))
    return "\n".join(blocks) + "\n" if blocks else ""


def _first_sentence(text: str, limit: int = 200) -> str:
    text = " ".join(text.split())
    match = re.match(r"(.+?[.!?])(\s|$)", text)
    first = match.group(1) if match else text
    return first if len(first) <= limit else first[: limit - 3].rsplit(" ", 1)[0] + "..."


def _sentence(text: str) -> str:
    """A card's trait list or scenario as a sentence: capital first, full stop last."""
    text = " ".join(text.split())
    text = text[:1].upper() + text[1:]
    return text if text[-1:] in ".!?" else text + "."


def _tidy(value: Any) -> Any:
    """Skeleton values with YAML's folded-paragraph newlines squashed to single lines."""
    if isinstance(value, str):
        return " ".join(value.split())
    if isinstance(value, list):
        return [_tidy(v) for v in value]
    if isinstance(value, dict):
        return {k: _tidy(v) for k, v in value.items()}
    return value


def _text(value: Any, path: Path | None, key: str) -> str:
    if value is None:
        return ""
    if isinstance(value, (str, int, float)) and not isinstance(value, bool):
        return str(value).replace("\r\n", "\n").strip()
    where = f"{path}: " if path else ""
    raise RmcoachError(f"{where}card field '{key}' must be text, got {type(value).__name__}")


def _header(filename: str, version: str) -> str:
    return (
        f"# Imported from the character card {filename} ({version}) by `rmcoach persona import`.\n"
        "# The card had no concerns, pain points, difficulty numbers or scripted lines: those\n"
        "# below are neutral defaults; review them. `rmcoach persona new` writes a persona\n"
        "# with a comment explaining every field. creator_notes is for trainers only:\n"
        "# never sent to a model, never shown in a session.\n"
    )


class _Dumper(yaml.SafeDumper):
    """Readable YAML: `|` blocks for multi-line text, `>` for long text, short lists inline."""


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    style = "|" if "\n" in value else ">" if len(value) > 80 else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


def _represent_list(dumper: yaml.SafeDumper, value: list[Any]) -> yaml.Node:
    inline = all(isinstance(v, str) and len(v) < 40 for v in value) and sum(map(len, value)) < 70
    return dumper.represent_sequence("tag:yaml.org,2002:seq", value, flow_style=inline)


def _represent_dict(dumper: yaml.SafeDumper, value: dict[str, Any]) -> yaml.Node:
    inline = all(isinstance(v, (int, float)) for v in value.values())
    return dumper.represent_mapping("tag:yaml.org,2002:map", value.items(), flow_style=inline)


_Dumper.add_representer(str, _represent_str)
_Dumper.add_representer(list, _represent_list)
_Dumper.add_representer(dict, _represent_dict)
