"""The LLM realizer: the director's move, voiced by a model, checked by the role guard.

`stream_partner_reply` yields `Fragment`s as the model writes and always ends with one
`Final`. What can go wrong, and what the learner gets:

- The reply breaks the role (guard): it is regenerated once; if the second reply fails
  too, the scripted line is used and the notice says why.
- The endpoint fails (refused, timeout, 429, 5xx, malformed or cut stream, no text):
  retried `settings.max_retries` times (429 waits for Retry-After when that is at most
  RETRY_AFTER_CAP seconds), then the scripted line, with a notice.
- The reply runs on far beyond one turn: reading stops, and it is trimmed to whole
  sentences (notice says so); with no sentence to keep it counts as a guard violation.
- Partial text already streamed is never silently replaced: the Final's `discarded`
  holds it and the notice says it was set aside. The accepted text is always the
  Final's `text` (the UI should show it in place of the fragments).

Every attempt is bounded by `settings.timeout`, and one reply by BUDGET_FACTOR times
that in total, so a slow or dripping server cannot hang a rehearsal.
"""

from __future__ import annotations

import asyncio
import contextlib
import re
from collections.abc import AsyncGenerator, AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from rmcoach.config import Settings
from rmcoach.content.models import Persona, Topic
from rmcoach.errors import ContentError, RmcoachError
from rmcoach.knowledge.models import Passage
from rmcoach.llm_client import EndpointError, StreamEnd, make_client, stream_text
from rmcoach.partner.guard import MAX_REPLY_CHARS, check_reply, clean_reply
from rmcoach.partner.models import Move, PartnerState
from rmcoach.partner.prompt import PartnerPrompt, build_prompt
from rmcoach.transcript import Turn

if TYPE_CHECKING:
    import openai

#: Tokens asked for per reply: a short turn of a few sentences, with room to finish one.
MAX_REPLY_TOKENS = 200
TEMPERATURE = 0.7
#: Stop before the model starts writing the learner's side (the guard checks too).
STOP = ["\nLearner:", "\nUser:", "\nYou:", "\nMentor:"]
#: Longest Retry-After (seconds) worth waiting for inside a live conversation.
RETRY_AFTER_CAP = 10.0
#: Pause before retrying other failures (doubles each time).
BACKOFF = 0.25
#: While streaming, the guard looks again after this many new characters (or a newline),
#: so a reply that goes wrong is abandoned early without re-checking every token.
GUARD_EVERY = 40
#: One reply, all attempts and regeneration included, takes at most this × timeout.
BUDGET_FACTOR = 2.0


@dataclass(frozen=True)
class Fragment:
    """A streamed piece of the reply. `restart`: a new attempt begins; clear what was shown."""

    text: str
    restart: bool = False


@dataclass(frozen=True)
class Final:
    """Always the last event: the accepted text, where it came from, what went wrong."""

    text: str
    source: str  # "llm" | "scripted"
    notice: str | None = None
    discarded: str = ""  # LLM text streamed and then set aside (guard or failure)


@dataclass
class _Generation:
    """The outcome of one generation (with its retries)."""

    text: str = ""
    finish: str | None = None
    overflow: bool = False
    violation: str | None = None
    error: EndpointError | None = None
    streamed: list[str] = field(default_factory=list)  # every attempt's text


async def stream_partner_reply(
    settings: Settings,
    persona: Persona,
    topic: Topic,
    move: Move,
    state: PartnerState,
    transcript: list[Turn],
    guidance: list[Passage],
    scripted_line: str,
    mode: str,
) -> AsyncIterator[Fragment | Final]:
    """Voice `move` through the LLM; never raises, always ends with a Final."""
    try:
        prompt = build_prompt(
            settings, persona, topic, move, state, transcript, guidance, scripted_line, mode
        )
    except RmcoachError as exc:
        yield _scripted(scripted_line, f"The partner prompt template failed ({_short(exc)})")
        return
    learner_text = next((t.text for t in reversed(transcript) if t.speaker == "learner"), "")
    loop = asyncio.get_running_loop()
    deadline = loop.time() + settings.timeout * BUDGET_FACTOR
    shown = [False]
    set_aside: list[str] = []
    client = None
    try:
        client = make_client(settings)
        reasons: list[str] = []
        for _ in range(2):  # the reply, then one regeneration after a guard violation
            gen = _Generation()
            async for fragment in _generate(
                settings, client, prompt, persona, learner_text, deadline, gen, shown
            ):
                yield fragment
            if gen.error is not None:
                set_aside.extend(t for t in gen.streamed if t.strip())
                yield _scripted(scripted_line, _failure_notice(gen.error, set_aside), set_aside)
                return
            text, trimmed = _finish_text(gen, persona)
            violation = gen.violation or check_reply(
                text, persona, learner_text, hidden=[prompt.instructions]
            )
            if violation is None:
                notice = (
                    "The AI reply ran long and was cut to its first sentences." if trimmed else None
                )
                yield Final(
                    text=text, source="llm", notice=notice, discarded="\n\n".join(set_aside)
                )
                return
            reasons.append(violation)
            set_aside.append(text or "".join(gen.streamed))
        yield _scripted(
            scripted_line,
            f"The AI reply was set aside twice ({reasons[-1]}); "
            "the scripted partner answered instead.",
            set_aside,
            complete=True,
        )
    except Exception as exc:  # the guarantee: a rehearsal never dies in the LLM path
        yield _scripted(
            scripted_line, f"The AI partner failed unexpectedly ({type(exc).__name__})", set_aside
        )
    finally:
        if client is not None:
            with contextlib.suppress(Exception):
                await client.close()


async def _generate(
    settings: Settings,
    client: openai.AsyncOpenAI,
    prompt: PartnerPrompt,
    persona: Persona,
    learner_text: str,
    deadline: float,
    gen: _Generation,
    shown: list[bool],
) -> AsyncIterator[Fragment]:
    """Stream one reply, retrying endpoint failures; the outcome is written into `gen`."""
    loop = asyncio.get_running_loop()
    for attempt in range(settings.max_retries + 1):
        remaining = deadline - loop.time()
        if remaining <= 0:
            gen.error = EndpointError("timeout", "The AI endpoint took too long", retryable=False)
            return
        parts: list[str] = []
        end: list[StreamEnd] = []
        restart = shown[0]
        checked = 0
        # The timeout wraps each read, never a `yield`: a timeout must not fire in the
        # consumer's code while this generator is suspended.
        attempt_deadline = loop.time() + min(settings.timeout, remaining)
        try:
            pieces: AsyncGenerator[str, None] = stream_text(
                settings,
                prompt.messages,
                max_tokens=MAX_REPLY_TOKENS,
                stop=STOP,
                temperature=TEMPERATURE,
                client=client,
                end=end,
            )
            async with contextlib.aclosing(pieces):
                while True:
                    try:
                        async with asyncio.timeout_at(attempt_deadline):
                            piece = await anext(pieces)
                    except StopAsyncIteration:
                        break
                    parts.append(piece)
                    yield Fragment(piece, restart=restart)
                    restart, shown[0] = False, True
                    so_far = "".join(parts)
                    if len(so_far) > MAX_REPLY_CHARS * 2:
                        gen.overflow = True
                        break
                    if len(so_far) - checked < GUARD_EVERY and "\n" not in piece:
                        continue
                    checked = len(so_far)
                    gen.violation = check_reply(
                        clean_reply(so_far, persona),
                        persona,
                        learner_text,
                        hidden=[prompt.instructions],
                        partial=True,
                    )
                    if gen.violation:
                        break
            gen.text = "".join(parts)
            gen.finish = end[0].finish_reason if end else None
            gen.streamed.append(gen.text)
            gen.error = None
            return
        except TimeoutError:
            error = EndpointError("timeout", "The AI endpoint timed out", retryable=True)
        except EndpointError as exc:
            error = exc
        gen.streamed.append("".join(parts))
        gen.error = error
        wait = BACKOFF * 2**attempt
        if error.retry_after is not None:
            if error.retry_after > RETRY_AFTER_CAP:
                return
            wait = max(wait, error.retry_after)
        if not error.retryable or attempt == settings.max_retries:
            return
        if loop.time() + wait >= deadline:
            return
        await asyncio.sleep(wait)


def _finish_text(gen: _Generation, persona: Persona) -> tuple[str, bool]:
    """The cleaned reply; over-long or length-capped replies trimmed to whole sentences."""
    text = clean_reply(gen.text, persona)
    if gen.violation:
        return text, False
    if gen.overflow or len(text) > MAX_REPLY_CHARS:
        kept = trim_to_sentences(text, MAX_REPLY_CHARS)
        return (kept, True) if kept else (text, False)
    if gen.finish == "length":
        kept = trim_to_sentences(text, MAX_REPLY_CHARS)
        return (kept or text.rstrip() + "…"), False
    return text, False


_SENTENCE_END = re.compile(r"[.!?…](?:[\"”')\]]*)(?=\s|$)")


def trim_to_sentences(text: str, limit: int) -> str:
    """The longest prefix of whole sentences within `limit` characters ("" if none)."""
    head = text[: limit + 1]
    ends = [m.end() for m in _SENTENCE_END.finditer(head) if m.end() <= limit]
    return head[: ends[-1]].strip() if ends else ""


def _short(exc: RmcoachError) -> str:
    """The first problem of a content error, naming the file but not its whole path."""
    if isinstance(exc, ContentError) and exc.problems:
        problem = exc.problems[0]
        where = Path(str(problem.path)).name + (f":{problem.line}" if problem.line else "")
        return f"{where}: {problem.message}"
    return (str(exc).splitlines() or [type(exc).__name__])[0]


def _failure_notice(error: EndpointError, set_aside: list[str]) -> str:
    what = str(error)
    if error.kind == "rate_limit" and error.retry_after and error.retry_after > RETRY_AFTER_CAP:
        what += f" (asked to wait {error.retry_after:.0f}s)"
    notice = f"{what}; the scripted partner answered instead."
    words = sum(len(t.split()) for t in set_aside)
    if words:
        notice += f" The unfinished AI reply ({words} words) was set aside."
    return notice


def _scripted(
    line: str, notice: str, set_aside: list[str] | None = None, *, complete: bool = False
) -> Final:
    if not complete and not notice.endswith("."):
        notice += "; the scripted partner answered instead."
    return Final(
        text=line, source="scripted", notice=notice, discarded="\n\n".join(set_aside or [])
    )
