"""Unit tests of analyze_turn: each feature on small, hand-checked cases."""

from __future__ import annotations

import pytest

from rmcoach.analysis import TurnContext, analyze_turn
from rmcoach.analysis.text import flesch, split_sentences, syllables, words
from rmcoach.content.library import load_library
from rmcoach.content.models import Concern, Topic

BOARD = "Honestly? The board pack. Four days a month, my best people reformatting commentary."


@pytest.fixture(scope="module")
def genai() -> Topic:
    return load_library(None).topic("generative-ai")


def act(text: str, partner: str = BOARD) -> tuple[str, str | None]:
    a = analyze_turn(text, TurnContext(previous_partner=partner))
    return a.act, a.subtype


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("What takes up most of your week?", ("question", "open")),
        ("How do you picture your team using it?", ("question", "open")),
        ("Tell me more about that.", ("question", "open")),
        ("Do you use Teams?", ("question", "closed")),
        ("How many people build the pack?", ("question", "closed")),
        ("Right. So what do you use now?", ("question", "open")),
        ("Could you walk me through last month's pack?", ("question", "open")),
        ("So the board pack is what eats your month?", ("reflection", "simple")),
        ("The board pack eats four days a month.", ("reflection", "simple")),
        (
            "Four days of your best people doing copy and paste, "
            "when you'd rather they did analysis.",
            ("reflection", "complex"),
        ),
        ("Have you thought about using Copilot for the commentary?", ("information", None)),
        (
            "Copilot can draft it in a minute, and an analyst checks the figures.",
            ("information", None),
        ),
        ("That's a great point.", ("other", None)),
        ("Good morning, and thanks for having me.", ("other", None)),
    ],
)
def test_acts(text: str, expected: tuple[str, str | None]) -> None:
    assert act(text) == expected


def test_reflection_needs_a_partner_line() -> None:
    assert act("The board pack eats four days a month.", partner="")[0] != "reflection"


def test_question_mark_reflection_is_noted() -> None:
    a = analyze_turn(
        "So the board pack is what eats your month?", TurnContext(previous_partner=BOARD)
    )
    assert a.notes and "reflection" in a.notes[0]


def test_long_explanation_with_a_tag_question_is_information() -> None:
    text = (
        "It predicts the next likely word from everything it has read, so it sounds sure even "
        "when it is wrong, which is why every number it gives you "
        "needs checking. Does that make sense?"
    )
    a = analyze_turn(text, TurnContext(previous_partner=BOARD))
    assert (a.act, a.check_for_understanding) == ("information", "closed")


def test_jargon_explained_and_unexplained(genai: Topic) -> None:
    ctx = TurnContext(topic=genai)
    a = analyze_turn("It uses RAG, which means it looks things up first, on top of an LLM.", ctx)
    assert a.jargon_explained == ("RAG",)
    assert a.jargon_unexplained == ("LLM",)


@pytest.mark.parametrize(
    "text",
    [
        "Think of an LLM as autocomplete that has read everything.",
        "An LLM (a program that predicts the next word) writes the draft.",
        "The LLM — that is, the program underneath — writes the draft.",
    ],
)
def test_definition_cues(genai: Topic, text: str) -> None:
    assert analyze_turn(text, TurnContext(topic=genai)).jargon_explained == ("LLM",)


def test_jargon_explained_in_an_earlier_turn_counts(genai: Topic) -> None:
    earlier = ("RAG, which means it looks things up in your own documents first.",)
    a = analyze_turn(
        "So with RAG it cites our policy.", TurnContext(topic=genai, earlier_learner=earlier)
    )
    assert a.jargon_unexplained == () and a.jargon_explained == ("RAG",)


def test_general_jargon_without_topic_and_acronyms_case_sensitive() -> None:
    a = analyze_turn("We call the API from the backend. The rag was on the floor.")
    assert set(a.jargon_unexplained) == {"API", "backend"}


def test_concepts_examples_analogies(genai: Topic) -> None:
    text = (
        "It guesses the next word; it's like autocomplete on "
        "your phone. For example, it ends emails."
    )
    a = analyze_turn(text, TurnContext(topic=genai))
    assert "prediction" in a.concepts_mentioned and "prediction" in a.concepts_explained
    assert a.examples >= 1 and a.analogies >= 1
    plain = analyze_turn("It guesses the next word.", TurnContext(topic=genai))
    assert "prediction" in plain.concepts_mentioned and plain.concepts_explained == ()


def test_readability_and_sentences() -> None:
    easy = analyze_turn("It writes a draft. You check it. Then you send it.")
    hard = analyze_turn(
        "Organisational transformation necessitates comprehensive infrastructural modernisation "
        "initiatives incorporating sophisticated probabilistic computational methodologies."
    )
    assert easy.readability > 80 > hard.readability
    assert (easy.sentences, easy.longest_sentence) == (3, 4)
    assert syllables("autocomplete") >= 4 and syllables("draft") == 1
    assert flesch([], 0) == 100.0


def test_sentence_spans_are_verbatim() -> None:
    text = "First point.  Second one?\nThird"
    for s in split_sentences(text):
        assert text[s.start : s.end] == s.text
    assert words("don't stop-start") == ["don't", "stop-start"]


def test_signposts_and_checks() -> None:
    a = analyze_turn("First, the headline. Second, the cost. Does that make sense?")
    assert a.signposts >= 2 and a.check_for_understanding == "closed"
    b = analyze_turn("How would you explain this to your team on Monday?")
    assert b.check_for_understanding == "teach_back" and b.act == "question"


def test_uptake_and_stacked_questions() -> None:
    a = analyze_turn(
        "Is it the board pack? Do you do it monthly? Who reformats it?",
        TurnContext(previous_partner=BOARD),
    )
    assert a.questions == 3 and a.closed_questions == 2 and a.open_questions == 1
    assert "board" in a.uptake_words and a.uptake > 0
    assert a.asks_about_partner


def test_concern_addressed() -> None:
    concern = Concern(
        "leak", "data leaking", ("paste",), ("Where does it go?",), ("approved", "contract")
    )
    yes = analyze_turn(
        "Only the approved version, under contract.", TurnContext(open_concern=concern)
    )
    no = analyze_turn("It also writes great summaries.", TurnContext(open_concern=concern))
    none = analyze_turn("It also writes great summaries.")
    assert (yes.concern_addressed, no.concern_addressed, none.concern_addressed) == (
        True,
        False,
        None,
    )


def test_mentee_signs() -> None:
    a = analyze_turn(
        "I have to admit I don't know how it works. Can you show me an example? "
        "Be honest, what am I missing? Thank you. I'll try it on Monday's report."
    )
    assert a.admits_not_knowing and a.asks_example and a.invites_challenge and a.thanks
    assert a.commitment and a.concrete_commitment
    b = analyze_turn("Kids these days. That's hype, it's just a fad.")
    assert "kids these days" in b.dismissive and "that's hype" in b.dismissive
    assert not b.thanks and not b.commitment
    c = analyze_turn(
        "I hadn't thought of that. So you're saying it drafts and I check?",
        TurnContext(previous_partner="It drafts the text and you check it before it goes out."),
    )
    assert c.acknowledges and c.summarises_back
