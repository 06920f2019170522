"""The role guard: an LLM reply must stay the partner's own, in-character turn.

Peers' simulated personas fail in four known ways: they write the user's lines,
coach the user, drop character ("as an AI..."), or leak hidden trainer material.
`check_reply` names the first such violation in a reply (or returns None). The
patterns aim at the conversation about the conversation, not at the topic: a CFO
learning about generative AI may well say "language model" or "prompt", so those words
alone are not violations; "as an AI language model" is.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from rmcoach.content.models import Persona

#: A reply longer than this is not "one short turn" (characters / words).
MAX_REPLY_CHARS = 1000
MAX_REPLY_WORDS = 170
#: This many consecutive words shared with hidden text count as a leak.
LEAK_NGRAM = 7
#: A reply holding the learner's whole turn (at least this many words) parrots it.
ECHO_MIN_WORDS = 8

_SPEAKER_LABELS = (
    r"learner|you|user|human|me|mentor|mentee|student|trainee|junior|colleague|assistant|ai"
)
_LEARNER_LINE = re.compile(rf"(?im)^[\s>*_\-\[(]*(?:{_SPEAKER_LABELS})[\s*_\])]*:")
_WRITES_LINE = re.compile(
    r"(?i)\b(?:you (?:could|might|should|can|may want to) (?:say|reply|respond|answer|tell me)"
    r"\s*(?::|\"|“|something like)|your (?:next )?(?:line|reply|response) (?:is|could be|should be)"
    r"|(?:now )?you say[:,]|say something like"
    r"|\byou (?:said|replied|reply|answered|asked|say)\s*:)"
)
_COACHING = [
    (re.compile(p, re.I), why)
    for p, why in (
        (r"\bas (?:your|a) (?:coach|trainer|mentoring coach)\b", "talks as the learner's coach"),
        (
            r"\b(?:a )?good (?:mentor|mentee|teacher|coach|communicator|listener)"
            r" (?:would|should|might|always)\b",
            "tells the learner what a good mentor would do",
        ),
        (
            r"\bgreat question[,.!]? (?:a good|that's what|that is what|this is what|mentors?)\b",
            "praises the learner's technique",
        ),
        (
            r"\b(?:open|closed)[- ]ended questions?\b|\b(?:open|closed) questions?\b",
            "uses coaching terms",
        ),
        (r"\b(?:simple|complex) reflections?\b|\breflective listening\b", "uses coaching terms"),
        (
            r"\brubric\b|\bscorecard\b|\b(?:clarity|listening) score\b|\byour score\b",
            "talks about scoring",
        ),
        (
            r"\b(?:your|the learner's) (?:teaching|mentoring|listening|explaining) "
            r"(?:skills?|technique|style|performance)\b",
            "evaluates the learner's skills",
        ),
        (
            r"\bfeedback on your (?:teaching|mentoring|explanation|listening|approach)\b",
            "gives feedback",
        ),
    )
]
#: Teaching tips. In mentee mode the partner is the junior mentor, who may rightly say
#: "try asking it for a summary" about the tool, so these apply in mentor mode only.
_TEACHING_TIPS = [
    (re.compile(p, re.I), why)
    for p, why in (
        (
            r"\byou (?:should|could|might want to|may want to|need to) (?:try )?"
            r"(?:ask(?:ing)? (?:me|more|open|better|about my)"
            r"|explain(?:ing)? (?:it|this|that|things)"
            r"|rephras|use (?:an|more) (?:analog|example)|give (?:me )?(?:an|more) examples?"
            r"|check (?:for|my) understanding|slow down|listen more|reflect)",
            "tells the learner how to teach",
        ),
        (
            r"\btry (?:asking|explaining|rephrasing|using an analogy|to explain)\b",
            "coaches the learner",
        ),
        (r"\bnext time,? (?:try|you (?:should|could|might))\b", "coaches the learner"),
    )
]
_BREAKS = [
    (re.compile(p, re.I), why)
    for p, why in (
        (
            r"\b(?:as|i am|i'm|being|i'm just|i am just) an? (?:ai|artificial intelligence"
            r"|(?:large )?language model|llm|chatbot|bot|virtual assistant|ai assistant"
            r"|ai model"
            r"|assistant(?=[\s,.!]*(?:$|and|i|here|created|trained|developed|designed)))\b",
            "says it is an AI",
        ),
        (r"\bas an ai\b", "says it is an AI"),
        (
            r"\bi (?:cannot|can't|can not|won't|am unable to|am not able to|will not) "
            r"(?:role-?play|pretend|stay in character|continue (?:this|the) role|play this role)",
            "refuses the role",
        ),
        (r"\bi (?:was|have been) (?:trained|created|developed) by\b", "talks about being trained"),
        (
            r"\bmy (?:training data|knowledge cutoff|training cut-?off)\b",
            "talks about its training",
        ),
        (
            r"\bi don't have (?:personal )?(?:feelings|emotions|a body|personal experiences)\b",
            "talks like a machine",
        ),
        (r"\bhow (?:can|may) i assist you\b", "talks like an assistant"),
        (
            r"\b(?:this|our) (?:role-?play|rehearsal)\b|\bin this role-?play\b",
            "mentions the role-play",
        ),
    )
]
_LEAKS = [
    (re.compile(p, re.I), why)
    for p, why in (
        (
            r"\bmy (?:instructions|system prompt|prompt|script|persona"
            r"|character (?:notes|sheet))\b",
            "mentions its instructions",
        ),
        (r"\bsystem prompt\b|\bstage direction\b", "mentions its instructions"),
        (r"\b(?:creator|debrief|hidden|trainer|secret)(?:'s)? notes?\b", "mentions hidden notes"),
        (
            r"\bi (?:was|have been|am) (?:told|instructed|asked|directed) to\b",
            "mentions its instructions",
        ),
    )
]
_WORD = re.compile(r"[a-z0-9']+")


def check_reply(
    reply: str,
    persona: Persona,
    learner_text: str,
    *,
    hidden: Iterable[str] = (),
    partial: bool = False,
) -> str | None:
    """The first role violation in `reply`, as a short reason; None when it is fine.

    `hidden` adds private text (the system prompt's own instructions) to the leak check,
    on top of the persona's creator and debrief notes and rubric. With `partial=True`
    (a reply still streaming) only the pattern checks run; emptiness, length and the
    overlap checks (leak, echo) wait for the end: the caller trims an over-long stream
    to whole sentences before the final check.
    """
    text = reply.strip()
    if partial and not text:
        return None
    if not text:
        return "empty reply"
    if not partial and (len(text) > MAX_REPLY_CHARS or len(text.split()) > MAX_REPLY_WORDS):
        return "reply far too long for one turn"
    if _LEARNER_LINE.search(text) or _WRITES_LINE.search(text):
        return "speaks for the learner"
    if _other_speaker_line(text, persona):
        return "writes both sides of the dialogue"
    tips = _TEACHING_TIPS if persona.mode == "mentor" else []
    for patterns in (_BREAKS, _COACHING, tips, _LEAKS):
        for pattern, why in patterns:
            if pattern.search(text):
                return why
    if partial:  # the costlier overlap checks run once, on the whole reply
        return None
    secrets = [persona.creator_notes, persona.debrief_notes, _flatten(persona.rubric), *hidden]
    if _shares_ngram(text, secrets, LEAK_NGRAM):
        return "repeats hidden material"
    if _echoes(text, learner_text):
        return "parrots the learner's turn"
    return None


def clean_reply(reply: str, persona: Persona) -> str:
    """Strip what models add around a turn: a name prefix, wrapping quotes, blank lines."""
    text = reply.strip()
    prefix = re.compile(
        rf"^\**(?:{re.escape(persona.name)}|{re.escape(persona.name.split()[0])}|partner)\**\s*:\**\s*",
        re.I,
    )
    text = prefix.sub("", text, count=1).strip()
    if len(text) >= 2 and text[0] in '"“' and text[-1] in '"”' and text.count('"') <= 2:
        text = text[1:-1].strip()
    return re.sub(r"\n{3,}", "\n\n", text)


def _other_speaker_line(text: str, persona: Persona) -> bool:
    """A later line labelled with the partner's own name or "Partner:" means a scripted dialogue."""
    names = {persona.name.lower(), persona.name.split()[0].lower(), "partner"}
    for line in text.splitlines()[1:]:
        head, sep, _ = line.partition(":")
        if sep and head.strip(" *_>").lower() in names:
            return True
    return False


def _words(text: str) -> list[str]:
    return _WORD.findall(text.lower().replace("’", "'"))


def _shares_ngram(text: str, sources: Iterable[str], n: int) -> bool:
    words = _words(text)
    if len(words) < n:
        return False
    mine = {tuple(words[i : i + n]) for i in range(len(words) - n + 1)}
    for source in sources:
        theirs = _words(source)
        if any(tuple(theirs[i : i + n]) in mine for i in range(len(theirs) - n + 1)):
            return True
    return False


def _echoes(text: str, learner_text: str) -> bool:
    learner = _words(learner_text)
    if len(learner) < ECHO_MIN_WORDS:
        return False
    return " ".join(learner) in " ".join(_words(text))


def _flatten(value: object) -> str:
    """Rubric values (nested dicts and lists) as one text, for the leak check."""
    if isinstance(value, dict):
        return "\n".join(f"{k} {_flatten(v)}" for k, v in value.items())
    if isinstance(value, (list, tuple)):
        return "\n".join(_flatten(v) for v in value)
    return str(value)
