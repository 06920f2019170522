"""Bad input never crashes a loader: property-based tests plus the classic nasty files.

Every loader either returns a value or raises ContentError whose problems name the
file (and, where the file has lines, the line). Nothing else may escape.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rmcoach.content.guidance import load_guidance
from rmcoach.content.persona import load_persona
from rmcoach.content.templates import check_template
from rmcoach.content.topic import load_topic
from rmcoach.errors import ContentError
from rmcoach.paths import shipped_prompts
from rmcoach.transcript import parse_transcript, read_transcript

FAST = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)

yaml_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**6), 10**6),
    st.floats(allow_nan=False),
    st.text(max_size=40),
)
yaml_values = st.recursive(
    yaml_scalars,
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=4)
    ),
    max_leaves=20,
)
REFERENCE = yaml.safe_load(
    (shipped_prompts() / "personas" / "cfo-skeptic.yaml").read_text(encoding="utf-8")
)
REFERENCE_TOPIC = yaml.safe_load(
    (shipped_prompts() / "topics" / "generative-ai.yaml").read_text(encoding="utf-8")
)


def assert_located(exc: ContentError, path: Path) -> None:
    assert exc.problems
    for problem in exc.problems:
        assert str(problem).startswith(str(path)), problem


def load_or_located(loader, path: Path) -> None:
    try:
        loader(path)
    except ContentError as exc:
        assert_located(exc, path)


@FAST
@given(text=st.text(max_size=400))
def test_persona_loader_survives_any_text(tmp_path: Path, text: str) -> None:
    path = tmp_path / "any.yaml"
    path.write_text(text, encoding="utf-8")
    load_or_located(load_persona, path)


@FAST
@given(field=st.sampled_from(sorted(REFERENCE)), value=yaml_values)
def test_persona_loader_survives_any_field_value(tmp_path: Path, field: str, value: object) -> None:
    data = dict(REFERENCE)
    data[field] = value
    path = tmp_path / "cfo-skeptic.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    load_or_located(load_persona, path)


@FAST
@given(field=st.sampled_from(sorted(REFERENCE_TOPIC)), value=yaml_values)
def test_topic_loader_survives_any_field_value(tmp_path: Path, field: str, value: object) -> None:
    data = dict(REFERENCE_TOPIC)
    data[field] = value
    path = tmp_path / "generative-ai.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    load_or_located(load_topic, path)


@FAST
@given(header=st.text(max_size=200), body=st.text(max_size=200))
def test_guidance_loader_survives_any_front_matter(tmp_path: Path, header: str, body: str) -> None:
    path = tmp_path / "guide.md"
    path.write_text(f"---\n{header}\n---\n{body}", encoding="utf-8")
    load_or_located(load_guidance, path)


@FAST
@given(source=st.text(max_size=200))
def test_template_check_survives_any_text(source: str) -> None:
    for problem in check_template(source, "t.j2", None):
        assert str(problem).startswith("t.j2")


@FAST
@given(text=st.text(max_size=400))
def test_transcript_parser_survives_any_text(text: str) -> None:
    try:
        transcript = parse_transcript(text, "t.json")
    except ContentError as exc:
        assert all(str(p).startswith("t.json") for p in exc.problems)
    else:
        assert transcript.turns and all(t.text for t in transcript.turns)


@FAST
@given(
    turns=st.lists(
        st.fixed_dictionaries({"speaker": st.text(max_size=8), "text": yaml_scalars}), max_size=5
    )
)
def test_transcript_parser_survives_odd_turn_objects(turns: list[dict[str, object]]) -> None:
    import json

    try:
        parse_transcript(json.dumps({"turns": turns}), "t.json")
    except ContentError as exc:
        assert exc.problems


def test_non_utf8_transcript_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "t.txt"
    path.write_bytes(b"Learner: hello\nPartner: caf\xe9\n")
    with pytest.raises(ContentError, match=r"t\.txt:2: not UTF-8"):
        read_transcript(path)


def test_control_characters_are_removed_not_fatal() -> None:
    transcript = parse_transcript("Learner: hello\x1b[31m there\x07\nPartner: ok\x00")
    assert transcript.turns[0].text == "hello[31m there"
    assert transcript.turns[1].text == "ok"


def test_empty_turns_are_dropped_and_all_empty_is_an_error() -> None:
    assert (
        len(
            parse_transcript(
                '{"turns": [{"speaker": "learner", "text": "  "}, {"speaker": "partner", "text": "hi"}]}'
            ).turns
        )
        == 1
    )
    with pytest.raises(ContentError, match="no turns with text"):
        parse_transcript('{"turns": [{"speaker": "learner", "text": ""}]}')


def test_jsonl_error_names_the_line() -> None:
    with pytest.raises(ContentError, match=r"t.jsonl:2: invalid JSON"):
        parse_transcript('{"speaker": "learner", "text": "a"}\n{"speaker": \n', "t.jsonl")


def test_plain_text_without_prefixes_names_the_line() -> None:
    with pytest.raises(ContentError, match=r"t.txt:1: expected a line starting with 'Learner:'"):
        parse_transcript("hello there\nLearner: hi", "t.txt")
