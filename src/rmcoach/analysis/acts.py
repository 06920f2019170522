"""The primary MITI 4 act of a learner turn: question, reflection, information, other.

Each sentence is coded first, then the turn's primary act is the one doing the most
work (LISTENING.md). The rulings for hard cases are written down in
benchmarks/README.md; in short:

- a "?" sentence in statement form ("So the board pack is what eats your week?")
  that gives the partner's words back is a reflection;
- a request in statement form ("Tell me more") is an open question;
- advice phrased as a question ("Have you thought about using Teams?") is information;
- a token lead-in ("Right. So what do you use now?") does not change the act;
- a check for understanding after an explanation leaves the turn information;
- a reflection of six words or more carries a turn that ends with a question;
- a question after a long explanation (25+ words) is a tag on an information turn.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rmcoach.analysis.lexicon import Lexicon
from rmcoach.analysis.text import Sentence, content_stems

_LEAD = re.compile(
    r"^(?:(?:right|ok|okay|yes|yeah|yep|sure|mm+|hmm+|ah|oh|well|and|but|great|good|"
    r"got it|i see|fine|alright|all right|no|interesting|understood|brilliant|oof|ha)\b[,.!]?\s+)+",
    re.IGNORECASE,
)
_SO = re.compile(r"^so\b[,]?\s+", re.IGNORECASE)
_WH = re.compile(r"^(?:what|how|why|where|when|who|whom|whose|which)\b", re.IGNORECASE)
_WH_CLOSED = re.compile(
    r"^(?:how (?:many|much|often|long|old|soon)|what time|what day|which one|which of)\b",
    re.IGNORECASE,
)
_AUX = re.compile(
    r"^(?:do|does|did|is|are|was|were|am|can|could|would|will|shall|should|have|has|had|"
    r"may|might|must|isn't|aren't|don't|doesn't|didn't|won't|wouldn't|can't|couldn't|"
    r"haven't|hasn't|shouldn't|any|anything|anyone)\b",
    re.IGNORECASE,
)
_POLITE_OPEN = re.compile(
    r"^(?:can|could|would|will) you "
    r"(?:tell|describe|walk|talk|take|explain|say more|share|give|show|"
    r"paint|help me understand)\b",
    re.IGNORECASE,
)
_YOU = re.compile(r"^(?:so\s+)?you(?:'re|'ve|'d|'ll| are| have)?\s+(.*)$", re.IGNORECASE)
_CHOICE = re.compile(r"\bor\b", re.IGNORECASE)


@dataclass(frozen=True)
class SentenceCode:
    """How one sentence of the turn was coded."""

    sentence: Sentence
    kind: str  # question | reflection | information | other | token | check | advice
    subtype: str | None = None  # open | closed for questions and checks


@dataclass(frozen=True)
class ActResult:
    act: str
    subtype: str | None
    codes: tuple[SentenceCode, ...]
    notes: tuple[str, ...]


def _strip_lead(text: str) -> str:
    return _LEAD.sub("", text).strip()


def _question_subtype(body: str) -> str:
    core = _SO.sub("", body)
    if _POLITE_OPEN.match(core):
        return "open"
    if _WH.match(core):
        if _WH_CLOSED.match(core) or (_CHOICE.search(core) and "," in core):
            return "closed"
        return "open"
    return "closed"


_SECOND = re.compile(r"\byou(?:r|rs|'re|'ve|'d)?\b", re.IGNORECASE)
_CLAUSE = re.compile(r"[,;:—–]\s*")


def reflection_score(body: str, partner: frozenset[str], lex: Lexicon) -> int:
    """How much a sentence gives the partner's own words or meaning back (>= 2: reflection).

    Points for a reflection opening ("So you...", "It sounds like"), for speaking about
    the partner ("you", "your"), for reusing the partner's content words, and for naming
    a feeling or meaning; minus points for the markers of teaching (instructions,
    definitions, examples, "it can", "most people").
    """
    if not partner:
        return 0
    score = 0
    you = _YOU.match(body)
    instruction = bool(you and lex.starts("instruction_after_you", you.group(1)))
    if lex.starts("reflection_stems", body) and not instruction:
        score += 2
    elif _SECOND.search(body) and not instruction:
        score += 1
    shared = content_stems(body, lex.stopwords) & partner
    score += min(3, len(shared))
    if shared and len(shared) * 2 >= len(partner):
        score += 1
    if lex.has("complex_cues", body):
        score += 1
    if instruction or lex.has("information_cues", body):
        score -= 2
    return score


def _last_clause(text: str) -> str:
    """The clause after the last comma ("Before I start, what do you use?"), unless it is
    a short tag ("..., is that right?"), which leaves the sentence's form to its start."""
    parts = [p for p in _CLAUSE.split(text) if p.strip()]
    if len(parts) < 2 or len(parts[-1].split()) <= 3:
        return ""
    return parts[-1].strip()


def _clauses_start(name: str, text: str, lex: Lexicon) -> bool:
    """Whether the sentence or one of its comma-separated clauses opens with a phrase."""
    return any(lex.starts(name, part) for part in _CLAUSE.split(text) if part)


def code_sentence(s: Sentence, partner: frozenset[str], lex: Lexicon) -> SentenceCode:
    """Code one sentence; `partner` holds the content stems of the partner's last line."""
    body = _strip_lead(s.text)
    if not body or (s.words <= 3 and lex.starts("tokens", body) and not s.is_question):
        return SentenceCode(s, "token")
    if lex.has("check_teach_back", body):
        return SentenceCode(s, "check", "open")
    if s.is_question:
        if lex.starts("check_closed", body) or (s.words <= 6 and lex.has("check_closed", body)):
            return SentenceCode(s, "check", "closed")
        core = _SO.sub("", body)
        if lex.starts("advice_questions", core):
            return SentenceCode(s, "advice")
        if _WH.match(core) or _AUX.match(core) or _POLITE_OPEN.match(core):
            return SentenceCode(s, "question", _question_subtype(body))
        last = _last_clause(core)
        if last and (_WH.match(last) or _AUX.match(last) or _POLITE_OPEN.match(last)):
            return SentenceCode(s, "question", _question_subtype(last))
        if _clauses_start("request_stems", core, lex):
            return SentenceCode(s, "question", "open")
        if reflection_score(body, partner, lex) >= 2:
            return SentenceCode(s, "reflection")
        return SentenceCode(s, "question", "closed")
    if _clauses_start("request_stems", body, lex):
        return SentenceCode(s, "question", "open")
    if s.words <= 12 and _clauses_start("other_cues", s.text, lex):
        return SentenceCode(s, "other")
    if reflection_score(body, partner, lex) >= 2:
        return SentenceCode(s, "reflection")
    if lex.starts("other_cues", body):
        return SentenceCode(s, "other")
    if s.words <= 3 and not _YOU.match(body):
        return SentenceCode(s, "other")
    return SentenceCode(s, "information")


def classify(sentences: list[Sentence], partner_text: str, lex: Lexicon) -> ActResult:
    """The turn's primary act and subtype from its coded sentences."""
    partner = content_stems(partner_text, lex.stopwords) if partner_text else frozenset()
    codes = tuple(code_sentence(s, partner, lex) for s in sentences)
    words: dict[str, int] = {}
    for c in codes:
        kind = "information" if c.kind == "advice" else c.kind
        words[kind] = words.get(kind, 0) + c.sentence.words
    refl, ques, info = (
        words.get("reflection", 0),
        words.get("question", 0),
        words.get("information", 0),
    )
    notes: list[str] = []
    if any(c.kind == "reflection" and c.sentence.is_question for c in codes):
        notes.append("ends in '?' but gives the partner's words back: coded as a reflection")
    if any(c.kind == "advice" for c in codes):
        notes.append("a suggestion phrased as a question: coded as information")
    if refl and (not ques or refl >= 6) and refl >= info:
        return ActResult(
            "reflection", _reflection_subtype(codes, partner_text, lex), codes, tuple(notes)
        )
    if ques and not (info >= 25 and info > ques):
        subtype = (
            "open" if any(c.subtype == "open" for c in codes if c.kind == "question") else "closed"
        )
        return ActResult("question", subtype, codes, tuple(notes))
    if info and info <= 8 and not any(_teaches(c, lex) for c in codes if c.kind == "information"):
        return ActResult("other", None, codes, tuple(notes))  # short and content-free: small talk
    if info or refl:
        return ActResult("information", None, codes, tuple(notes))
    checks = [c for c in codes if c.kind == "check"]
    if checks:
        subtype = "open" if any(c.subtype == "open" for c in checks) else "closed"
        return ActResult("question", subtype, codes, tuple(notes))
    return ActResult("other", None, codes, tuple(notes))


def _teaches(code: SentenceCode, lex: Lexicon) -> bool:
    """Whether a short sentence carries teaching content rather than small talk."""
    text = code.sentence.text
    return (
        code.kind == "advice"
        or any(ch.isdigit() for ch in text)
        or lex.has("information_cues", text)
    )


def _reflection_subtype(codes: tuple[SentenceCode, ...], partner_text: str, lex: Lexicon) -> str:
    """Complex when it adds meaning the partner did not say: feeling, link, summary, length."""
    parts = [c.sentence for c in codes if c.kind == "reflection"]
    said = {cue for cue in lex.find("complex_cues", partner_text)}
    added = [cue for s in parts for cue in lex.find("complex_cues", s.text) if cue not in said]
    total = sum(s.words for s in parts)
    if added or len(parts) > 1 or total >= 16:
        return "complex"
    return "simple"
