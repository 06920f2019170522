"""Mentor mode: how a simulated senior reacts to the way a learner teaches.

Every turn, first the state moves (trust, patience, understanding, the concern the
partner is waiting on), then the rules are tried in priority order and the first
that fires decides the move:

 1. end of session / teach-back request -> summarize_understanding
 2. turn longer than the current patience -> interrupt
 3. an open concern not answered        -> push_back
 4. a concern's trigger words            -> raise_concern (sharper at low trust)
 5. unexplained jargon past tolerance    -> ask_meaning
 6. a question about the partner's work  -> reveal (open: the story; closed: a short answer)
 7. a concept explained with example     -> acknowledge naming it
 8. a concept mentioned with jargon      -> confused
 9. a guarded partner, nothing happening -> raise_concern unprompted (a tough persona presses)
10. otherwise                            -> acknowledge with a "continue" line

Trust rises only on concrete good behaviour (reflections, uptake, open questions about
the partner, concepts explained, concerns answered), never with the passing of turns,
so a tough persona stays tough until the learner earns it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rmcoach.analysis.models import TurnAnalysis
from rmcoach.content.models import Concept, Concern, Difficulty, PainPoint, Persona, Topic
from rmcoach.partner.models import Move, PartnerState
from rmcoach.partner.rulebook import Rulebook, clamp
from rmcoach.partner.rules_config import MentorRules
from rmcoach.partner.teachback import mentor_teach_back
from rmcoach.partner.wording import find_phrases, listing, quote


@dataclass
class Turn:
    """What this learner turn did to the state, computed before any rule is tried."""

    a: TurnAnalysis
    limit: int  # the patience (words) this turn was measured against
    worn: bool  # patience was already below fresh before this turn
    open_concern: Concern | None = None  # the concern waiting for an answer
    addressed_by: list[str] = field(default_factory=list)
    interrogation: bool = False  # the closed-question streak reached its limit
    trust_before: float = 0.0


def _echoed(phrase: str, a: TurnAnalysis) -> bool:
    """A reflection that says back the partner's own words does not trigger its concerns."""
    if a.act != "reflection" or not a.uptake_words:
        return False
    return all(any(w.startswith(u[:4]) for u in a.uptake_words) for w in phrase.split())


class MentorRulebook(Rulebook[MentorRules, Turn]):
    """The rules for a senior partner; numbers from the persona's level and mentor.yaml."""

    def __init__(
        self, persona: Persona, topic: Topic, level: Difficulty, rules: MentorRules, max_turns: int
    ) -> None:
        super().__init__(persona, topic, level, rules, max_turns)
        self._order = (
            self._teach_back,
            self._interrupt,
            self._push_back,
            self._raise_concern,
            self._ask_meaning,
            self._question,
            self._acknowledge,
            self._confused,
            self._press,
        )

    # state -----------------------------------------------------------------------------

    def _update(self, state: PartnerState, a: TurnAnalysis) -> Turn:
        t, p, u = self.rules.trust, self.rules.patience, self.rules.understanding
        state.turn += 1
        turn = Turn(
            a=a,
            limit=max(1, round(self.level.patience * state.patience)),
            worn=state.patience < 1.0,
            trust_before=state.trust,
        )
        gain = 0.0
        concern = self._concern(state.open_concern)
        if concern is not None:
            turn.open_concern = concern
            turn.addressed_by = find_phrases(a.text, concern.addressed_by)
            answered = (
                a.concern_addressed if a.concern_addressed is not None else bool(turn.addressed_by)
            )
            if answered:
                state.concerns_addressed.append(concern.id)
                state.open_concern = None
                gain += t["concern_addressed"]
        if a.act == "reflection":
            gain += t["complex_reflection"] if a.subtype == "complex" else t["reflection"]
        if a.uptake >= t["uptake_min"]:
            gain += t["uptake"]
        if a.act == "question" and a.subtype == "open" and a.asks_about_partner:
            gain += t["open_question"]
        explained = [c for c in a.concepts_explained if c in state.understanding]
        if explained:
            gain += t["concept_explained"]
        for cid in explained:
            state.understanding[cid] = clamp(state.understanding[cid] + u["explained"])
        for cid in a.concepts_mentioned:
            if cid in state.understanding and cid not in explained:
                level = state.understanding[cid]
                if level < u["mentioned_cap"]:
                    state.understanding[cid] = min(u["mentioned_cap"], level + u["mentioned"])
        if a.act == "question":
            state.questions_asked += 1
        closed = a.act == "question" and a.subtype == "closed"
        state.closed_streak = state.closed_streak + 1 if closed else 0
        if closed and state.closed_streak >= p["closed_streak"]:
            turn.interrogation = True
            state.patience = max(p["floor"], state.patience - p["closed_streak_wear"])
        good = (
            a.act in ("question", "reflection")
            or bool(explained)
            or (state.open_concern is None and concern is not None)
        )
        if a.words > turn.limit:
            state.patience = max(p["floor"], state.patience - p["wear"])
            gain += t["monologue"]
        elif good and not turn.interrogation and a.words <= turn.limit * p["short_turn"]:
            state.patience = clamp(state.patience + p["recover"])
        state.trust = clamp(state.trust + gain)
        return turn

    def _concern(self, concern_id: str | None) -> Concern | None:
        return next((c for c in self.persona.concerns if c.id == concern_id), None)

    # rules, in priority order ----------------------------------------------------------

    def _teach_back(self, state: PartnerState, turn: Turn) -> Move | None:
        if turn.a.check_for_understanding == "teach_back":
            why = f"you asked {self.obj} to say it back in {self.poss} own words"
        elif state.turn >= self.max_turns:
            why = f"the session reached its {self.max_turns}-turn limit"
            state.closed = True
        else:
            return None
        return self.summary(state, why)

    def summary(self, state: PartnerState, why: str) -> Move:
        text, landed = mentor_teach_back(self.topic, state, self.rules)
        return self._move(
            "summarize_understanding",
            f"Said back what {self.subj} understood because {why}: {landed}.",
            teach_back=text,
        )

    def _interrupt(self, state: PartnerState, turn: Turn) -> Move | None:
        if turn.a.words <= turn.limit:
            return None
        worn = " (worn down by an earlier long turn)" if turn.worn else ""
        return self._move(
            "interrupt",
            f"Interrupted: your turn ran {turn.a.words} words, past "
            f"{self.poss} patience of {turn.limit}{worn}.",
        )

    def _push_back(self, state: PartnerState, turn: Turn) -> Move | None:
        concern = turn.open_concern
        if concern is None or state.open_concern != concern.id:
            return None
        state.trust = clamp(state.trust + self.rules.trust["concern_ignored"])
        count = state.ignored_count.get(concern.id, 0) + 1
        state.ignored_count[concern.id] = count
        lines = (*concern.push_back, *concern.says)
        dropped = ""
        if count >= self.rules.concerns["max_push_backs"]:
            state.open_concern = None
            dropped = f", and {self.subj} will not ask again"
        return self._move(
            "push_back",
            f"Pushed back on {concern.label}: your turn did not answer it (no word like "
            f"{listing(list(concern.addressed_by[:3]))}), so trust fell to "
            f"{state.trust:.2f}{dropped}.",
            concern=lines[(count - 1) % len(lines)],
        )

    def _raise_concern(self, state: PartnerState, turn: Turn) -> Move | None:
        for concern in self.persona.concerns:
            if concern.id in state.concerns_raised:
                continue
            hits = [
                h for h in find_phrases(turn.a.text, concern.triggers) if not _echoed(h, turn.a)
            ]
            if not hits:
                continue
            if find_phrases(turn.a.text, concern.addressed_by):
                # named and answered in the same breath: nothing to raise, and it earns trust
                state.concerns_raised.append(concern.id)
                state.concerns_addressed.append(concern.id)
                state.trust = clamp(state.trust + self.rules.trust["concern_addressed"])
                continue
            return self._raise(state, concern, f"you said {listing(hits[:2])}")
        return None

    def _raise(self, state: PartnerState, concern: Concern, why: str) -> Move:
        sharpness = self.level.concern_intensity * (1.0 - state.trust)
        index = min(len(concern.says) - 1, int(sharpness * len(concern.says)))
        intensity = "mild" if sharpness < 0.3 else "firm" if sharpness < 0.55 else "sharp"
        state.concerns_raised.append(concern.id)
        state.open_concern = concern.id
        return self._move(
            "raise_concern",
            f"Raised {concern.label} ({intensity}, trust {state.trust:.2f}): {why}.",
            concern=concern.says[index],
            intensity=intensity,
        )

    def _ask_meaning(self, state: PartnerState, turn: Turn) -> Move | None:
        unexplained = list(turn.a.jargon_unexplained)
        if len(unexplained) <= self.level.jargon_tolerance:
            return None
        asked = {t.lower() for t in state.jargon_asked}
        fresh = [t for t in unexplained if t.lower() not in asked]
        if not fresh:
            return None
        term = fresh[0]
        state.jargon_asked.append(term)
        tolerance = self.level.jargon_tolerance
        extra = f" ({len(unexplained)} unexplained terms; {self.poss} tolerance is {tolerance})"
        return self._move(
            "ask_meaning",
            f"Asked what '{term}' means: you used it without explaining it{extra}.",
            term=term,
        )

    def _question(self, state: PartnerState, turn: Turn) -> Move | None:
        a = turn.a
        if a.act != "question" or not a.asks_about_partner:
            return None
        if a.subtype == "open":
            point = self._pain_point(state, a.text, skip_hinted=False)
            if point is None:
                return None
            need = self.rules.reveal["first_trust"] + self.rules.reveal["step"] * len(
                state.pain_points_revealed
            )
            if state.trust >= need:
                state.pain_points_revealed.append(point.id)
                return self._move(
                    "reveal",
                    f"Shared {point.label}: you asked an open question about "
                    f"{self.poss} work ('{quote(a.text)}').",
                    pain_point=" ".join(point.says.split()),
                )
            why = (
                f"Gave only a short answer on {point.label}: trust {state.trust:.2f} is below "
                f"the {need:.2f} needed before that story."
            )
            return self._short(state, point, why)
        point = self._pain_point(state, a.text, skip_hinted=True)
        if point is None:
            return None
        streak = (
            f"; that is {state.closed_streak} closed questions in a row, "
            f"and {self.poss} patience wears"
            if turn.interrogation
            else ""
        )
        why = (
            f"Gave only a short answer: '{quote(a.text)}' is a closed question, "
            f"so no more than asked{streak}."
        )
        return self._short(state, point, why)

    def _short(self, state: PartnerState, point: PainPoint, why: str) -> Move:
        if point.id not in state.pain_points_hinted:
            state.pain_points_hinted.append(point.id)
        return self._move(
            "reveal", why, pain_point=point.short, answer=point.short, flavour="short_answer"
        )

    def _pain_point(self, state: PartnerState, text: str, skip_hinted: bool) -> PainPoint | None:
        left = [p for p in self.persona.pain_points if p.id not in state.pain_points_revealed]
        if skip_hinted:
            left = [p for p in left if p.id not in state.pain_points_hinted] or left
        named = [p for p in left if find_phrases(text, p.keywords)]
        return next(iter(named or left), None)

    def _acknowledge(self, state: PartnerState, turn: Turn) -> Move | None:
        explained = [c for c in turn.a.concepts_explained if c in state.understanding]
        if not explained:
            return None
        concept = self.topic.concept(explained[0])
        how = (
            "an analogy" if turn.a.analogies else "an example" if turn.a.examples else "plain words"
        )
        return self._move(
            "acknowledge",
            f"Acknowledged '{concept.name}': you explained it with {how}; "
            f"understanding is now {state.understanding[concept.id]:.2f}.",
            concept=concept.name,
        )

    def _confused(self, state: PartnerState, turn: Turn) -> Move | None:
        if not turn.a.jargon_unexplained:
            return None
        concept = self._mentioned(state, turn)
        if concept is None:
            return None
        return self._move(
            "confused",
            f"Confused about '{concept.name}': you touched it with unexplained "
            f"{listing(list(turn.a.jargon_unexplained[:2]))} and no example.",
            concept=concept.name,
        )

    def _mentioned(self, state: PartnerState, turn: Turn) -> Concept | None:
        for cid in turn.a.concepts_mentioned:
            explained = cid in turn.a.concepts_explained
            level = state.understanding.get(cid)
            if (
                level is not None
                and not explained
                and level < self.rules.understanding["understood"]
            ):
                return self.topic.concept(cid)
        return None

    def _press(self, state: PartnerState, turn: Turn) -> Move | None:
        press = self.rules.press
        if state.trust >= press["below_trust"] or state.neutral_streak < press["after_neutral"]:
            return None
        concern = next(
            (c for c in self.persona.concerns if c.id not in state.concerns_raised), None
        )
        if concern is None:
            return None
        return self._raise(
            state,
            concern,
            f"trust is only {state.trust:.2f} and your last "
            f"{state.neutral_streak} turns gave {self.obj} nothing, "
            f"so {self.subj} pressed {self.poss} own worry",
        )

    def _fallback(self, state: PartnerState, turn: Turn) -> Move:
        concept = self._mentioned(state, turn)
        gained = state.trust - turn.trust_before
        if turn.open_concern is not None and turn.open_concern.id in state.concerns_addressed[-1:]:
            reason = (
                f"Accepted your answer on {turn.open_concern.label}: you mentioned "
                f"{listing(turn.addressed_by[:2]) or 'it'}; trust rose to {state.trust:.2f}."
            )
        elif concept is not None:
            reason = (
                f"Noted '{concept.name}' (understanding {state.understanding[concept.id]:.2f}): "
                f"plain words, but no example or analogy yet."
            )
        elif gained > 0:
            reason = (
                f"Let you go on: your turn listened ({turn.a.act}), "
                f"and trust rose to {state.trust:.2f}."
            )
        else:
            reason = (
                f"Let you go on: your turn ({turn.a.act}, {turn.a.words} words) gave {self.obj} "
                f"nothing new to react to, so trust stays at {state.trust:.2f}."
            )
        name = concept.name if concept else self.topic.title
        return self._move("acknowledge", reason, concept=name, flavour="continue")
