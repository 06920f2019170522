"""Three to five things to do differently, each pointing at a turn with a better phrasing.

Candidates come from the components; the ones with the largest weighted shortfall
win. The better phrasing is built from the learner's own turn, the partner's words
(reflections) or the topic's plain meanings and analogies, never a canned essay.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from rmcoach.analysis.lexicon import load_lexicon
from rmcoach.analysis.terms import terms_for
from rmcoach.analysis.text import split_sentences
from rmcoach.scoring.coded import CodedSession, CodedTurn
from rmcoach.scoring.models import Advice
from rmcoach.scoring.rubric import Rubric

_SWAPS = {
    "i": "you",
    "i'm": "you're",
    "i've": "you've",
    "i'd": "you'd",
    "i'll": "you'll",
    "me": "you",
    "my": "your",
    "mine": "yours",
    "myself": "yourself",
    "we": "you",
    "we're": "you're",
    "we've": "you've",
    "our": "your",
    "ours": "yours",
    "us": "you",
    "am": "are",
}
_TOKEN = re.compile(r"[A-Za-z']+|[^A-Za-z']+")
_DO_YOU = re.compile(r"^(?:so\s+)?(?:do|did|does) you (.+?)\??$", re.IGNORECASE)

Candidate = tuple[str, Callable[[CodedSession], Advice | None]]


def say_back(partner: str) -> str:
    """The partner's longest statement in second person: raw material for a reflection."""
    sentences = [s.text for s in split_sentences(partner) if s.words >= 5 and not s.is_question]
    if not sentences:
        return ""
    line = max(sentences, key=len)
    words = [
        _SWAPS.get(tok.lower(), tok) if tok[0].isalpha() else tok for tok in _TOKEN.findall(line)
    ]
    text = "".join(words).strip().rstrip(".!")
    return text[:1].lower() + text[1:]


def _turn(session: CodedSession, test: Callable[[CodedTurn], bool]) -> CodedTurn | None:
    return next((t for t in session.turns if test(t)), None)


def _jargon(session: CodedSession) -> Advice | None:
    t = _turn(session, lambda t: bool(t.analysis.jargon_unexplained))
    if t is None:
        return None
    term = t.analysis.jargon_unexplained[0]
    meaning = terms_for(session.topic, load_lexicon()).meanings.get(term, "")
    better = (
        f"{term}, which means {meaning.strip().rstrip('.')}"
        if meaning
        else f"{term} (say what it means in everyday words)"
    )
    return Advice(
        "Explain each term the first time you use it",
        f"Turn {t.index} uses '{term}' with no plain explanation; "
        "a senior listener will not ask twice.",
        t.index,
        better,
    )


def _reflect(session: CodedSession) -> Advice | None:
    t = _turn(
        session, lambda t: t.analysis.act != "reflection" and len(t.previous_partner.split()) >= 6
    )
    if t is None:
        return None
    return Advice(
        "Say back what you heard before you add anything",
        f"In turn {t.index} you moved on without showing you heard the partner. "
        "A reflection earns the right to teach.",
        t.index,
        f"So {say_back(t.previous_partner)}.",
    )


def _deepen(session: CodedSession) -> Advice | None:
    t = _turn(
        session,
        lambda t: (
            t.analysis.act == "reflection"
            and t.analysis.subtype == "simple"
            and bool(say_back(t.previous_partner))
        ),
    )
    if t is None:
        return None
    return Advice(
        "Add the meaning under the words",
        f"Turn {t.index} repeats the partner's words; "
        "a complex reflection names what it means for them.",
        t.index,
        f"It sounds like {say_back(t.previous_partner)}, "
        "and what matters to you is getting it right.",
    )


def _open(session: CodedSession) -> Advice | None:
    t = _turn(session, lambda t: t.analysis.act == "question" and t.analysis.subtype == "closed")
    if t is None:
        return None
    question = t.quote(("question",))
    match = _DO_YOU.match(question.strip())
    better = (
        f"How do you {match.group(1)} today?"
        if match
        else "Tell me more about how that works for you today."
    )
    return Advice(
        "Ask open questions, not a string of closed ones",
        f"Turn {t.index} asks for a yes/no or a fact; "
        "an open question lets the partner tell you what matters.",
        t.index,
        better,
    )


def _monologue(session: CodedSession, limit: float) -> Advice | None:
    longest = max(session.turns, key=lambda t: t.analysis.words)
    if longest.analysis.words <= limit * 0.6:
        return None
    first = longest.quote()
    return Advice(
        "Lead with the headline, then stop",
        f"Turn {longest.index} runs to {longest.analysis.words} words. "
        "Give the one point, then hand back.",
        longest.index,
        f"{first} Which part of that would be most useful to go into?",
    )


def _teach_back(session: CodedSession) -> Advice | None:
    t = _turn(session, lambda t: t.analysis.check_for_understanding == "closed") or _turn(
        session,
        lambda t: t.analysis.act == "information" and t.analysis.check_for_understanding == "none",
    )
    if t is None:
        return None
    return Advice(
        "Check understanding with a teach-back",
        f"After turn {t.index}, ask the partner to put it in their own words; "
        "'does that make sense?' only ever gets a yes.",
        t.index,
        "How would you explain this to your team on Monday?",
    )


def _signpost(session: CodedSession) -> Advice | None:
    t = _turn(session, lambda t: t.analysis.act == "information" and not t.analysis.signposts)
    if t is None:
        return None
    return Advice(
        "Signpost where you are going",
        f"Turn {t.index} starts teaching without saying what is coming; "
        "a senior listener follows better with a map.",
        t.index,
        f"The short version first. {t.quote(('information',))}",
    )


def _their_world(session: CodedSession) -> Advice | None:
    t = session.turns[0]
    if t.analysis.act == "question" and t.analysis.asks_about_partner:
        return None
    return Advice(
        "Start from their world, not your material",
        f"Turn {t.index} is where the partner decides whether this is about them. "
        "Ask about their week before you teach.",
        t.index,
        "Before I explain anything: what takes up most of your week at the moment?",
    )


def _link_back(session: CodedSession) -> Advice | None:
    """Stretch goal even for a good session: a reflection that links to something earlier."""
    later = [t for t in session.turns if t.previous_partner][1:]
    first = next(
        (say_back(t.previous_partner) for t in session.turns if say_back(t.previous_partner)), ""
    )
    if not later or not first:
        return None
    t = later[-1]
    return Advice(
        "Link back to what they said earlier",
        f"In turn {t.index}, connect to the partner's own words from the start: "
        "it shows you kept listening.",
        t.index,
        f"Earlier you said {first}; this is where that comes in.",
    )


def _example(session: CodedSession) -> Advice | None:
    t = _turn(
        session,
        lambda t: (
            t.analysis.act == "information" and not (t.analysis.examples or t.analysis.analogies)
        ),
    )
    if t is None:
        return None
    analogy = ""
    if session.topic is not None:
        ids = t.analysis.concepts_mentioned or tuple(c.id for c in session.topic.concepts)
        for concept in session.topic.concepts:
            if concept.id in ids and concept.analogies:
                analogy = concept.analogies[0]
                break
    better = f"Think of it as {analogy}." if analogy else "For example, take your own week: ..."
    return Advice(
        "Give a concrete example or an analogy",
        f"Turn {t.index} explains in the abstract; "
        "an example from the partner's own world makes it stick.",
        t.index,
        better,
    )


def _concern(session: CodedSession) -> Advice | None:
    t = _turn(session, lambda t: t.open_concern is not None and not t.analysis.concern_addressed)
    if t is None or t.open_concern is None:
        return None
    concern = t.open_concern
    words = ", ".join(concern.addressed_by[:3])
    return Advice(
        "Answer the concern before you move on",
        f"The partner raised {concern.label} and turn {t.index} moved on. "
        f"Answer it in their terms ({words}).",
        t.index,
        f"Fair question. On {concern.label}: here is what keeps that safe ...",
    )


def _sentences(session: CodedSession, limit: float) -> Advice | None:
    t = max(session.turns, key=lambda t: t.analysis.longest_sentence)
    if t.analysis.longest_sentence <= limit * 0.75:
        return None
    long_one = max(split_sentences(t.text), key=lambda s: s.words)
    head, _, tail = long_one.text.partition(", ")
    better = f"{head}. {tail[:1].upper()}{tail[1:]}" if tail else long_one.text
    return Advice(
        "One idea per sentence",
        f"Turn {t.index} has a {t.analysis.longest_sentence}-word sentence; split it.",
        t.index,
        better,
    )


def _ask_example(session: CodedSession) -> Advice | None:
    t = _turn(
        session, lambda t: len(t.previous_partner.split()) >= 12 and not t.analysis.asks_example
    )
    if t is None:
        return None
    return Advice(
        "Ask for an example",
        f"After the explanation before turn {t.index}, ask to see it in practice.",
        t.index,
        "Can you show me an example of how you'd use that in a normal week?",
    )


def _ask_meaning(session: CodedSession) -> Advice | None:
    terms = terms_for(session.topic, load_lexicon())
    for t in session.turns:
        spans = terms.jargon_spans(t.previous_partner)
        if spans and t.analysis.questions == 0:
            term = spans[0][0]
            return Advice(
                "Ask what a term means",
                f"The junior said '{term}' just before turn {t.index}; a good mentee asks.",
                t.index,
                f"Sorry, what does {term} mean, in plain words?",
            )
    return None


def _summarise(session: CodedSession) -> Advice | None:
    t = _turn(
        session, lambda t: not t.analysis.summarises_back and len(t.previous_partner.split()) >= 8
    )
    if t is None:
        return None
    return Advice(
        "Summarise back what you learned",
        f"In turn {t.index}, say back what the junior explained.",
        t.index,
        f"Let me check I've got this: {say_back(t.previous_partner)}. Is that right?",
    )


def _dismissive(session: CodedSession) -> Advice | None:
    t = _turn(session, lambda t: bool(t.analysis.dismissive))
    if t is None:
        return None
    return Advice(
        "Drop the dismissive phrase",
        f"Turn {t.index} says '{t.analysis.dismissive[0]}'; the junior will say less from here on.",
        t.index,
        "That's new to me. What makes it worth the time, in your experience?",
    )


def _invite(session: CodedSession) -> Advice | None:
    t = _turn(session, lambda t: not t.analysis.invites_challenge)
    if t is None:
        return None
    return Advice(
        "Invite the junior to be honest",
        f"In turn {t.index}, make it safe to disagree with you.",
        t.index,
        "Be honest with me: what am I getting wrong here?",
    )


def _commit(session: CodedSession) -> Advice | None:
    if any(t.analysis.concrete_commitment for t in session.turns):
        return None
    t = session.turns[-1]
    return Advice(
        "End with one concrete thing to try",
        f"Turn {t.index} ends without a commitment.",
        t.index,
        "Thank you. I'll try that on Monday's report and tell you how it went next week.",
    )


def advise(
    session: CodedSession, rubric: Rubric, components: dict[str, dict[str, float]]
) -> tuple[Advice, ...]:
    """3-5 items, the largest weighted shortfalls first."""
    limit = rubric.targets.get("monologue_words", 120)
    sentence_max = rubric.targets.get("sentence_words_max", 32)
    if session.mode == "mentee":
        candidates: list[Candidate] = [
            ("asks_examples", _ask_example),
            ("asks_meaning", _ask_meaning),
            ("summaries", _summarise),
            ("no_dismissive", _dismissive),
            ("invites_challenge", _invite),
            ("concrete", _commit),
            ("open_questions", _open),
            ("no_monologue", lambda s: _monologue(s, limit)),
        ]
    else:
        candidates = [
            ("jargon_explained", _jargon),
            ("reflections", _reflect),
            ("complex_reflections", _deepen),
            ("open_questions", _open),
            ("no_monologue", lambda s: _monologue(s, limit)),
            ("checks_for_understanding", _teach_back),
            ("examples", _example),
            ("concerns_answered", _concern),
            ("sentence_length", lambda s: _sentences(s, sentence_max)),
            ("structure", _signpost),
            ("uptake", _their_world),
            ("complex_reflections", _link_back),
        ]
    flat = {name: value for parts in components.values() for name, value in parts.items()}
    weights = {name: w for parts in rubric.weights.values() for name, w in parts.items()}
    ranked: list[tuple[float, Advice]] = []
    seen: set[str] = set()
    for name, make in candidates:
        item = make(session)
        if item is None or item.heading in seen:
            continue
        seen.add(item.heading)
        shortfall = (1.0 - flat.get(name, 1.0)) * weights.get(name, 1.0)
        ranked.append((shortfall, item))
    ranked.sort(key=lambda pair: -pair[0])
    chosen = [item for shortfall, item in ranked if shortfall > 0.05][:5]
    for _, item in ranked:
        if len(chosen) >= 3:
            break
        if item not in chosen:
            chosen.append(item)
    return tuple(chosen)
