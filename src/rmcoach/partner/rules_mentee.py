"""Mentee mode: a simulated junior mentor who reacts to how an executive listens.

The junior works through the topic's concepts in order. How it shares them depends
on trust: below `quiet_trust` (or after being lectured) it volunteers nothing; below
`hedge_trust` it hedges and defers; otherwise its first explanations lean on a jargon
term (more for an over-technical junior) until the executive asks what a term means.

Rules in priority order (the first that fires decides the move):

 1. end of session                        -> summarize_understanding (the junior's recap)
 2. dismissive words                      -> raise_concern (deflated reply); trust drops; quiet
 3. that remark not taken back next turn  -> push_back (a confident junior) or go quiet
 4. a turn past patience, or dominating   -> interrupt (a confident junior) or go quiet
 5. thanks + a commitment to try          -> acknowledge/open_up; closes warmly
 6. "what does <term> mean?"              -> reveal/short_answer: the term in plain words
 7. the executive's own unexplained jargon -> ask_meaning
 8. summary back or a request for example -> reveal/example (an analogy); opens up
 9. invites challenge / admits not knowing -> reveal a pain point (what it wishes leaders knew)
10. a question about the junior            -> reveal (open) or short_answer (closed)
11. otherwise                              -> share the next concept (explain / hedge /
                                              plain short_answer / go_quiet), or continue
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rmcoach.analysis.models import TurnAnalysis
from rmcoach.content.models import Concept, Concern, Difficulty, PainPoint, Persona, Topic
from rmcoach.content.templates import render
from rmcoach.partner.models import Move, PartnerState
from rmcoach.partner.rulebook import Rulebook, clamp
from rmcoach.partner.rules_config import MenteeRules
from rmcoach.partner.teachback import mentee_recap
from rmcoach.partner.wording import (
    find_phrases,
    first_sentence,
    listing,
    quote,
    strip_like,
)

_MEANING_CUES = ("mean", "means", "meant", "what is", "what's", "what are", "explain", "stand for")
_ASK_BACK = ("question", "reflection")


@dataclass
class Turn:
    """What this executive turn did, computed before any rule is tried."""

    a: TurnAnalysis
    limit: int
    dismissive: list[str] = field(default_factory=list)
    concern: Concern | None = None  # the concern the dismissive words hit
    open_concern: Concern | None = None  # the remark waiting to be taken back
    taken_back: bool = False
    asked_term: str | None = None  # the junior's term the executive asked about
    lectured: str = ""  # why the turn counts as lecturing ("" when it does not)


class MenteeRulebook(Rulebook[MenteeRules, Turn]):
    """The rules for a junior partner; numbers from the persona's level and mentee.yaml."""

    def __init__(
        self, persona: Persona, topic: Topic, level: Difficulty, rules: MenteeRules, max_turns: int
    ) -> None:
        super().__init__(persona, topic, level, rules, max_turns)
        self.jargon = topic.all_jargon()
        self.habit = max(
            [rules.jargon_habit_by_tag.get(t, rules.jargon_habit) for t in persona.tags]
            or [rules.jargon_habit]
        )
        self._order = (
            self._end,
            self._dismissed,
            self._not_taken_back,
            self._lecture,
            self._thanks,
            self._term_asked,
            self._exec_jargon,
            self._example,
            self._challenge,
            self._question,
        )

    # state -----------------------------------------------------------------------------

    def _update(self, state: PartnerState, a: TurnAnalysis) -> Turn:
        t, th = self.rules.trust, self.rules.thresholds
        state.turn += 1
        turn = Turn(a=a, limit=max(1, round(self.level.patience * state.patience)))
        triggers = [(c, find_phrases(a.text, c.triggers)) for c in self.persona.concerns]
        hits = [(c, h) for c, h in triggers if h]
        turn.dismissive = list(dict.fromkeys([*a.dismissive, *(w for _, h in hits for w in h)]))
        turn.concern = hits[0][0] if hits else None
        open_concern = next((c for c in self.persona.concerns if c.id == state.open_concern), None)
        if open_concern is not None and not turn.dismissive:
            turn.open_concern = open_concern
            said = (
                a.concern_addressed
                if a.concern_addressed is not None
                else bool(find_phrases(a.text, open_concern.addressed_by))
            )
            turn.taken_back = bool(said)
        turn.asked_term = self._asked_term(state, a)
        gain = 0.0
        for flag, amount in (
            (turn.asked_term is not None, t["asks_meaning"]),
            (a.summarises_back, t["summarises_back"]),
            (a.asks_example, t["asks_example"]),
            (a.invites_challenge, t["invites_challenge"]),
            (a.admits_not_knowing, t["admits_not_knowing"]),
            (a.act == "reflection", t["reflection"]),
            (a.act == "question" and a.subtype == "open", t["open_question"]),
            (a.thanks and a.commitment, t["thanks_commitment"]),
            (turn.taken_back, t["concern_addressed"]),
            (bool(turn.dismissive), t["dismissive"]),
        ):
            if flag:
                gain += amount
        if a.act == "question" or a.questions:
            state.questions_asked += 1
        dom = self.rules.dominance
        share = state.questions_asked / state.turn
        if a.words > turn.limit:
            turn.lectured = (
                f"your turn ran {a.words} words, past {self.poss} patience of {turn.limit}"
            )
            state.patience = max(
                self.rules.patience["floor"], state.patience - self.rules.patience["wear"]
            )
        elif (
            state.turn >= dom["min_turns"]
            and share < dom["question_share"]
            and a.act == "information"
            and a.words >= dom["min_words"]
        ):
            turn.lectured = (
                f"you asked something in only {state.questions_asked} of your "
                f"{state.turn} turns and this one told {self.obj} {a.words} words"
            )
        if turn.lectured:
            gain += t["lecture"]
            state.quiet = True
        elif (
            a.act in _ASK_BACK
            or a.asks_example
            or a.invites_challenge
            or (a.thanks and a.commitment)
        ):
            state.quiet = False
        if turn.taken_back:
            state.quiet = False
        state.trust = clamp(state.trust + gain)
        if th["quiet_trust"] > state.trust:
            state.quiet = True
        return turn

    def _asked_term(self, state: PartnerState, a: TurnAnalysis) -> str | None:
        if not (a.act == "question" or a.questions or "?" in a.text):
            return None
        if not find_phrases(a.text, _MEANING_CUES):
            return None
        used = [state.last_term] if state.last_term else []
        named = find_phrases(a.text, tuple(t.lower() for t in (*used, *self.jargon)))
        if named:
            return next(t for t in (*used, *self.jargon) if t.lower() == named[0])
        return state.last_term if a.words <= 8 else None

    def _quiet(self, state: PartnerState, reason: str) -> Move:
        return self._move("acknowledge", reason, concept=self._name(state), flavour="go_quiet")

    def _current(self, state: PartnerState) -> Concept | None:
        shared = state.concepts_shared
        return self.topic.concept(shared[-1]) if shared else None

    # rules, in priority order ----------------------------------------------------------

    def _end(self, state: PartnerState, turn: Turn) -> Move | None:
        if state.turn < self.max_turns:
            return None
        state.closed = True
        return self.summary(state, f"the session reached its {self.max_turns}-turn limit")

    def summary(self, state: PartnerState, why: str) -> Move:
        text, covered = mentee_recap(self.topic, state, self.rules)
        return self._move(
            "summarize_understanding",
            f"Recapped what {self.subj} covered because {why}: {covered}.",
            teach_back=text,
        )

    def _dismissed(self, state: PartnerState, turn: Turn) -> Move | None:
        if not turn.dismissive:
            return None
        why = (
            f"you said {listing(turn.dismissive[:2])}, so trust fell to {state.trust:.2f} "
            f"and {self.subj} says less"
        )
        if turn.concern is None:
            return self._quiet(state, f"Went quiet: {why}.")
        concern = turn.concern
        sharpness = self.level.concern_intensity * (1.0 - state.trust)
        index = min(len(concern.says) - 1, int(sharpness * len(concern.says)))
        if concern.id not in state.concerns_raised:
            state.concerns_raised.append(concern.id)
        state.open_concern = concern.id
        return self._move(
            "raise_concern", f"Deflated by {concern.label}: {why}.", concern=concern.says[index]
        )

    def _not_taken_back(self, state: PartnerState, turn: Turn) -> Move | None:
        concern = turn.open_concern
        if concern is None:
            return None
        state.open_concern = None
        if turn.taken_back:
            state.concerns_addressed.append(concern.id)
            return None
        state.trust = clamp(state.trust + self.rules.trust["concern_ignored"])
        state.ignored_count[concern.id] = state.ignored_count.get(concern.id, 0) + 1
        why = f"you moved on without taking back {concern.label}; trust is {state.trust:.2f}"
        if state.trust >= self.rules.thresholds["push_back_trust"] and concern.push_back:
            return self._move(
                "push_back", f"Stood {self.poss} ground: {why}.", concern=concern.push_back[0]
            )
        state.quiet = True
        return self._quiet(state, f"Went quiet: {why}.")

    def _lecture(self, state: PartnerState, turn: Turn) -> Move | None:
        if not turn.lectured:
            return None
        if state.trust >= self.rules.thresholds["interrupt_trust"]:
            state.quiet = False
            return self._move(
                "interrupt",
                f"Cut in: {turn.lectured}; trust {state.trust:.2f} is high "
                f"enough for {self.obj} to say so.",
            )
        return self._quiet(
            state, f"Went quiet: {turn.lectured}, so {self.subj} gives shorter answers."
        )

    def _thanks(self, state: PartnerState, turn: Turn) -> Move | None:
        if not (turn.a.thanks and turn.a.commitment):
            return None
        state.warm = True
        return self._move(
            "acknowledge",
            f"Opened up: you thanked {self.obj} and committed to try "
            f"something ('{quote(turn.a.text)}'); trust rose to {state.trust:.2f}.",
            concept=self._name(state),
            flavour="open_up",
        )

    def _term_asked(self, state: PartnerState, turn: Turn) -> Move | None:
        term = turn.asked_term
        if term is None:
            return None
        meaning = self._meaning(term)
        state.terms_explained.append(term)
        state.last_term = None
        answer = render(self.rules.term_meaning, {"term": term, "answer": meaning, "concept": ""})
        return self._move(
            "reveal",
            f"Explained '{term}' plainly: you asked what it means, and trust "
            f"rose to {state.trust:.2f}.",
            term=term,
            answer=answer,
            pain_point=answer,
            concept=self._name(state),
            flavour="short_answer",
        )

    def _meaning(self, term: str) -> str:
        for name, meaning in self.jargon.items():
            if name.lower() == term.lower():
                text = first_sentence(" ".join(meaning.split())).rstrip(".")
                return text[:1].lower() + text[1:] if text[1:2].islower() else text
        return term

    def _exec_jargon(self, state: PartnerState, turn: Turn) -> Move | None:
        known = {t.lower() for t in self.jargon}
        asked = {t.lower() for t in state.jargon_asked}
        theirs = [t for t in turn.a.jargon_unexplained if t.lower() not in known]
        fresh = [t for t in theirs if t.lower() not in asked]
        if len(theirs) <= self.level.jargon_tolerance or not fresh:
            return None
        state.jargon_asked.append(fresh[0])
        return self._move(
            "ask_meaning",
            f"Asked what '{fresh[0]}' means: you used it without explaining "
            f"it ({len(theirs)} such terms; {self.poss} tolerance is "
            f"{self.level.jargon_tolerance}).",
            term=fresh[0],
        )

    def _example(self, state: PartnerState, turn: Turn) -> Move | None:
        a = turn.a
        concept = self._current(state)
        if concept is None or not (a.summarises_back or a.asks_example) or not concept.analogies:
            return None
        state.understanding[concept.id] = self.rules.understanding["example"]
        why = "summarised back what you heard" if a.summarises_back else "asked for an example"
        return self._move(
            "reveal",
            f"Gave an example of '{concept.name}' and opened up: you {why}; "
            f"trust rose to {state.trust:.2f}.",
            concept=concept.name,
            answer=strip_like(concept.analogies[state.turn % len(concept.analogies)]),
            flavour="example",
        )

    def _challenge(self, state: PartnerState, turn: Turn) -> Move | None:
        a = turn.a
        if not (a.invites_challenge or a.admits_not_knowing):
            return None
        point = self._pain_point(state, a.text)
        if point is None or state.trust < self._gate(state):
            return None
        state.pain_points_revealed.append(point.id)
        why = "invited challenge" if a.invites_challenge else "admitted not knowing"
        return self._move(
            "reveal",
            f"Told you {point.label}: you {why} ('{quote(a.text)}').",
            pain_point=" ".join(point.says.split()),
        )

    def _question(self, state: PartnerState, turn: Turn) -> Move | None:
        a = turn.a
        if a.act != "question" or not a.asks_about_partner:
            return None
        point = self._pain_point(state, a.text)
        if point is None:
            return None
        if a.subtype == "open" and state.trust >= self._gate(state) and not state.quiet:
            state.pain_points_revealed.append(point.id)
            return self._move(
                "reveal",
                f"Told you {point.label}: you asked an open question about "
                f"{self.poss} experience ('{quote(a.text)}').",
                pain_point=" ".join(point.says.split()),
            )
        if point.id not in state.pain_points_hinted:
            state.pain_points_hinted.append(point.id)
        why = (
            "it was a closed question"
            if a.subtype == "closed"
            else f"trust {state.trust:.2f} is below the {self._gate(state):.2f} needed for "
            "that story"
        )
        return self._move(
            "reveal",
            f"Gave only a short answer: {why}.",
            answer=point.short,
            pain_point=point.short,
            flavour="short_answer",
        )

    def _gate(self, state: PartnerState) -> float:
        return self.rules.reveal["first_trust"] + self.rules.reveal["step"] * len(
            state.pain_points_revealed
        )

    def _pain_point(self, state: PartnerState, text: str) -> PainPoint | None:
        left = [p for p in self.persona.pain_points if p.id not in state.pain_points_revealed]
        named = [p for p in left if find_phrases(text, p.keywords)]
        return next(iter(named or left), None)

    def _name(self, state: PartnerState) -> str:
        concept = self._current(state)
        return concept.name if concept else self.topic.title

    def _fallback(self, state: PartnerState, turn: Turn) -> Move:
        """Rule 11: the junior carries on teaching, in the manner trust allows."""
        th, u = self.rules.thresholds, self.rules.understanding
        concept = next((c for c in self.topic.concepts if c.id not in state.concepts_shared), None)
        if state.quiet:
            return self._quiet(
                state,
                f"Kept it short: trust is {state.trust:.2f} and {self.subj} has "
                f"gone quiet; an open question or a summary back would bring {self.obj} back.",
            )
        if concept is None:
            return self._move(
                "acknowledge",
                f"Let you lead: {self.subj} has covered every concept, so "
                f"{self.subj} follows your turn.",
                concept=self._name(state),
                flavour="continue",
            )
        state.concepts_shared.append(concept.id)
        plain = " ".join(concept.plain.split())
        if state.trust < th["hedge_trust"]:
            state.understanding[concept.id] = u["hedged"]
            return self._move(
                "confused",
                f"Hedged on '{concept.name}': trust {state.trust:.2f} is below "
                f"{th['hedge_trust']:.2f}, so {self.subj} defers; inviting challenge helps.",
                concept=concept.name,
                answer=first_sentence(plain),
                flavour="hedge",
            )
        if (
            len(state.concepts_shared) <= self.habit
            and not state.terms_explained
            and concept.jargon
        ):
            term = concept.jargon[0]
            state.last_term = term
            state.understanding[concept.id] = u["jargon"]
            return self._move(
                "reveal",
                f"Explained '{concept.name}' leaning on '{term}': early "
                f"explanations carry jargon until you ask what a term means.",
                concept=concept.name,
                term=term,
                answer=first_sentence(plain),
                flavour="explain",
            )
        state.understanding[concept.id] = u["plain"]
        return self._move(
            "reveal",
            f"Explained '{concept.name}' plainly: {self.subj} moves to the next "
            f"concept{' now that you asked about jargon' if state.terms_explained else ''}.",
            concept=concept.name,
            answer=plain,
            pain_point=plain,
            flavour="short_answer",
        )
