"""The shipped junior mentor personas (mentee mode) load, and have what the director needs."""

from __future__ import annotations

import pytest

from partner_helpers import persona
from rmcoach.analysis.lexicon import load_lexicon
from rmcoach.content.library import load_library
from rmcoach.content.models import INTENTS

JUNIORS = ["junior-nervous", "junior-overtechnical", "junior-deferential", "junior-confident"]
MENTEE_KEYS = {"hedge", "explain", "example", "go_quiet", "open_up", "short_answer", "continue"}


@pytest.mark.parametrize("persona_id", JUNIORS)
def test_junior_persona_is_complete(persona_id: str) -> None:
    p = persona(persona_id)
    assert p.mode == "mentee"
    assert set(INTENTS) | MENTEE_KEYS <= set(p.lines)
    assert len(p.pain_points) >= 3 and len(p.concerns) >= 2
    assert len(p.lines["close"]) >= 2 and len(p.lines["go_quiet"]) >= 3
    for level in ("easy", "medium", "hard"):
        assert p.level(level).trust > 0
    assert p.level("hard").trust < p.level("easy").trust
    assert p.level("hard").patience < p.level("easy").patience


@pytest.mark.parametrize("persona_id", JUNIORS)
def test_concern_triggers_are_dismissive_phrases(persona_id: str) -> None:
    dismissive = {d.lower() for d in load_lexicon().lists["dismissive"]}
    for concern in persona(persona_id).concerns:
        assert any(t in dismissive or any(t in d for d in dismissive) for t in concern.triggers)


def test_juniors_cover_the_personalities_and_load_in_the_library() -> None:
    lib = load_library()
    assert not [p for p in lib.problems if "junior-" in str(p.path)]
    mentee = {p.id for p in lib.personas.values() if p.mode == "mentee"}
    assert set(JUNIORS) <= mentee
    tags = {t for pid in JUNIORS for t in persona(pid).tags}
    assert {"nervous", "over-technical", "deferential", "confident"} <= tags
