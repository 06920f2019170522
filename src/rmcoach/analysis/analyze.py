"""analyze_turn: every feature of one learner turn, in one pass, offline and fast."""

from __future__ import annotations

import re

from rmcoach.analysis.acts import classify
from rmcoach.analysis.lexicon import Lexicon, load_lexicon
from rmcoach.analysis.models import TurnAnalysis, TurnContext
from rmcoach.analysis.terms import TopicTerms, explained_at, explained_terms, terms_for
from rmcoach.analysis.text import content_stems, flesch, split_sentences, words

_YOU = re.compile(r"\byou(?:r|rs|'re|'ve|'d|'ll)?\b", re.IGNORECASE)


def analyze_turn(text: str, context: TurnContext | None = None) -> TurnAnalysis:
    """Code one learner turn (MITI 4 act) and measure its clarity and listening features."""
    context = context or TurnContext()
    lex = load_lexicon()
    terms = terms_for(context.topic, lex)
    sentences = split_sentences(text)
    word_list = words(text)
    acts = classify(sentences, context.previous_partner, lex)
    lengths = [s.words for s in sentences] or [0]

    used, explained, unexplained = _jargon(text, context, terms, lex)
    examples = len(lex.find("example_cues", text))
    analogies = len(lex.find("analogy_cues", text))
    mentioned = tuple(c.id for c in terms.concepts if c.keywords.search(text))
    concept_explained = mentioned if (examples or analogies or explained) else ()

    if lex.has("check_teach_back", text):
        check = "teach_back"
    elif lex.has("check_closed", text):
        check = "closed"
    else:
        check = "none"

    question_codes = [c for c in acts.codes if c.kind in ("question", "check")]
    partner = (
        content_stems(context.previous_partner, lex.stopwords)
        if context.previous_partner
        else frozenset()
    )
    shared = content_stems(text, lex.stopwords) & partner
    concern = None
    if context.open_concern is not None:
        concern = any(_phrase(p).search(text) for p in context.open_concern.addressed_by)

    commitment = lex.has("commitment", text)
    return TurnAnalysis(
        text=text,
        act=acts.act,
        subtype=acts.subtype,
        words=len(word_list),
        sentences=len(sentences),
        longest_sentence=max(lengths),
        avg_sentence_words=round(sum(lengths) / max(1, len(sentences)), 2),
        readability=round(flesch(word_list, len(sentences)), 1),
        jargon_used=used,
        jargon_explained=explained,
        jargon_unexplained=unexplained,
        concepts_mentioned=mentioned,
        concepts_explained=concept_explained,
        examples=examples,
        analogies=analogies,
        signposts=len(lex.find("signposts", text)),
        check_for_understanding=check,
        questions=len(question_codes),
        open_questions=sum(1 for c in question_codes if c.subtype == "open"),
        closed_questions=sum(1 for c in question_codes if c.subtype == "closed"),
        uptake=round(len(shared) / len(partner), 3) if partner else 0.0,
        uptake_words=tuple(sorted(shared)),
        concern_addressed=concern,
        asks_about_partner=any(_YOU.search(c.sentence.text) for c in question_codes),
        asks_example=lex.has("asks_example", text) and bool(question_codes or "?" in text),
        summarises_back=acts.act == "reflection" or lex.starts("summary_cues", _first(text)),
        dismissive=tuple(dict.fromkeys(lex.find("dismissive", text))),
        admits_not_knowing=lex.has("admits_not_knowing", text),
        invites_challenge=lex.has("invites_challenge", text),
        thanks=lex.has("thanks", text),
        commitment=commitment,
        acknowledges=lex.has("acknowledges", text),
        concrete_commitment=commitment and lex.has("concrete_cues", text),
        sentence_codes=tuple((c.sentence.start, c.sentence.end, c.kind) for c in acts.codes),
        notes=acts.notes,
    )


def _jargon(
    text: str, context: TurnContext, terms: TopicTerms, lex: Lexicon
) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    """Terms used, explained (here or in an earlier learner turn), and left unexplained."""
    spans = terms.jargon_spans(text)
    if not spans:
        return (), (), ()
    before: set[str] = set()
    for earlier in context.earlier_learner:
        before |= explained_terms(earlier, terms, lex)
    used: dict[str, bool] = {}
    for term, start, end in spans:
        ok = term in before or explained_at(text, start, end, lex)
        used[term] = used.get(term, False) or ok
    explained = tuple(t for t, ok in used.items() if ok)
    unexplained = tuple(t for t, ok in used.items() if not ok)
    return tuple(used), explained, unexplained


def _first(text: str) -> str:
    return text.lstrip()[:80]


_PHRASES: dict[str, re.Pattern[str]] = {}


def _phrase(phrase: str) -> re.Pattern[str]:
    pattern = _PHRASES.get(phrase)
    if pattern is None:
        pattern = re.compile(rf"(?<![\w-]){re.escape(phrase)}(?![\w-])", re.IGNORECASE)
        _PHRASES[phrase] = pattern
    return pattern
