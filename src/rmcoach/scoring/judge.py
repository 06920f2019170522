"""Optional LLM judge: a second opinion per score, used only with verbatim evidence.

Runs only when `settings.judge` and an endpoint are configured. Any failure (network,
timeout, malformed JSON) returns None with the reason, and the scorecard stays
rules-only. Quotes the model cannot have copied from a learner turn are dropped.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rmcoach.config import Settings
from rmcoach.content.templates import render
from rmcoach.content.yamlsource import read_text
from rmcoach.paths import shipped_prompts
from rmcoach.scoring.models import Evidence
from rmcoach.transcript import Transcript

TEMPLATE = "judge_rubric.j2"


@dataclass(frozen=True)
class JudgeResult:
    """What the judge said, after validation."""

    model: str
    scores: dict[str, int]
    evidence: dict[str, tuple[Evidence, ...]]
    dropped_quotes: int = 0
    ignored: tuple[str, ...] = field(
        default_factory=tuple
    )  # score names it gave that we do not know


def template_path(settings: Settings) -> Path:
    user = settings.paths.content_dir / "templates" / TEMPLATE
    return user if user.is_file() else shipped_prompts() / "templates" / TEMPLATE


def build_prompt(
    transcript: Transcript,
    components: dict[str, list[str]],
    settings: Settings,
    partner: str,
    topic: str,
) -> str:
    path = template_path(settings)
    turns = [
        {"index": i, "speaker": t.speaker, "text": t.text}
        for i, t in enumerate(transcript.turns, 1)
    ]
    values = {
        "mode": transcript.mode,
        "partner": partner,
        "topic": topic,
        "scores": components,
        "turns": turns,
    }
    return render(read_text(path), values, where=path)


def run_judge(
    transcript: Transcript,
    components: dict[str, list[str]],
    settings: Settings,
    partner: str = "the partner",
    topic: str = "the topic",
) -> tuple[JudgeResult | None, str]:
    """(result, "") on success; (None, reason) on any failure."""
    prompt = build_prompt(transcript, components, settings, partner, topic)
    try:
        from openai import OpenAI

        client = OpenAI(
            base_url=settings.base_url,
            api_key=settings.api_key or "not-needed",
            timeout=settings.timeout,
            max_retries=settings.max_retries,
        )
        reply = client.chat.completions.create(
            model=settings.model or "gpt-4o-mini",
            messages=[
                {"role": "system", "content": prompt},
                {"role": "user", "content": "Grade the learner now. JSON only."},
            ],
            response_format={"type": "json_object"},
            temperature=0,
        )
        content = reply.choices[0].message.content or ""
    except Exception as exc:  # any endpoint failure degrades to rules-only
        return None, f"judge unavailable ({type(exc).__name__}: {str(exc)[:120]})"
    return parse_reply(content, transcript, set(components), settings.model or "gpt-4o-mini")


def parse_reply(
    content: str, transcript: Transcript, known: set[str], model: str
) -> tuple[JudgeResult | None, str]:
    """Validate the judge's JSON: scores 0-100, evidence quotes verbatim in a learner turn."""
    try:
        data = json.loads(_strip_fence(content))
    except json.JSONDecodeError:
        return None, "judge reply was not JSON"
    raw_scores = data.get("scores") if isinstance(data, dict) else None
    if not isinstance(raw_scores, dict):
        return None, "judge reply had no 'scores' object"
    scores: dict[str, int] = {}
    evidence: dict[str, tuple[Evidence, ...]] = {}
    dropped = 0
    ignored = []
    for name, body in raw_scores.items():
        if name not in known:
            ignored.append(str(name))
            continue
        value = body.get("score") if isinstance(body, dict) else body
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value <= 100:
            continue
        scores[name] = round(value)
        kept = []
        items = body.get("evidence", []) if isinstance(body, dict) else []
        for item in items if isinstance(items, list) else []:
            checked = _verbatim(item, transcript)
            if checked is None:
                dropped += 1
            else:
                kept.append(checked)
        evidence[name] = tuple(kept)
    if not scores:
        return None, "judge reply had no usable scores"
    return JudgeResult(model, scores, evidence, dropped, tuple(ignored)), ""


def _verbatim(item: Any, transcript: Transcript) -> Evidence | None:
    if not isinstance(item, dict):
        return None
    turn, quote, note = item.get("turn"), item.get("quote"), item.get("note", "")
    if (
        not isinstance(turn, int)
        or isinstance(turn, bool)
        or not isinstance(quote, str)
        or not quote.strip()
    ):
        return None
    if not 1 <= turn <= len(transcript.turns) or transcript.turns[turn - 1].speaker != "learner":
        return None
    if quote not in transcript.turns[turn - 1].text:
        return None
    return Evidence(turn, quote, f"judge: {note}" if isinstance(note, str) and note else "judge")


def _strip_fence(content: str) -> str:
    text = content.strip()
    if text.startswith("```"):
        text = text.strip("`")
        text = text[text.find("{") :] if "{" in text else text
    return text
