"""Content loading: every validation error names file and line; bad files never block good ones."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from rmcoach.content.guidance import load_guidance
from rmcoach.content.library import ContentRoots, lint_paths, load_library
from rmcoach.content.persona import load_persona
from rmcoach.content.topic import load_topic
from rmcoach.errors import ContentError
from rmcoach.paths import shipped_prompts

REFERENCE_PERSONA = shipped_prompts() / "personas" / "cfo-skeptic.yaml"
REFERENCE_TOPIC = shipped_prompts() / "topics" / "generative-ai.yaml"


def edited(
    tmp_path: Path, source: Path, old: str, new: str, name: str | None = None
) -> tuple[Path, int]:
    """Copy a reference file with one edit; return the path and the edited line number."""
    text = source.read_text(encoding="utf-8")
    assert old in text, old
    line = text[: text.index(old)].count("\n") + 1
    path = tmp_path / (name or source.name)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path, line


def problems_of(loader, path: Path) -> list[str]:
    with pytest.raises(ContentError) as info:
        loader(path)
    return [str(p) for p in info.value.problems]


def test_reference_files_load() -> None:
    persona = load_persona(REFERENCE_PERSONA)
    topic = load_topic(REFERENCE_TOPIC)
    assert persona.level("hard").patience < persona.level("easy").patience
    assert topic.concepts and topic.all_jargon()


PERSONA_CASES = [
    ("mode: mentor", "mode: teacher", "'mode' must be one of mentor, mentee"),
    ("name: Margaret Okafor", "name: ''", "'name' is required"),
    (
        "medium: {patience: 90,",
        "medium: {patience: ninety,",
        "'difficulties.medium.patience' must be a whole number",
    ),
    ("medium: {patience: 90,", "medium: {patience: 5,", "must be between 10 and 2000"),
    ("trust: 0.4}", "trust: 1.4}", "'difficulties.medium.trust' must be between 0 and 1"),
    ("id: cfo-skeptic", "id: CFO Skeptic", "must be 3-64 lowercase letters"),
    ("  interrupt:\n", "  interupt:\n", "unknown field 'lines.interupt'"),
    ('"Sorry, {{ term }}?', '"Sorry, {{ trem }}?', "'trem' is undefined"),
    ('"Sorry, {{ term }}?', '"Sorry, {{ term ?', "template syntax error"),
    ("  - id: cost\n", "  - id: data-leak\n", "duplicate concern id 'data-leak'"),
    ("    triggers: [licence,", "    triggers: [[licence],", "must be non-empty text"),
    ("attitude: sceptical", "attitude_: sceptical", "unknown field 'attitude_'"),
]


@pytest.mark.parametrize(("old", "new", "message"), PERSONA_CASES)
def test_persona_errors_name_file_and_line(
    tmp_path: Path, old: str, new: str, message: str
) -> None:
    path, line = edited(tmp_path, REFERENCE_PERSONA, old, new)
    problems = problems_of(load_persona, path)
    assert any(p.startswith(f"{path}:{line}:") and message in p for p in problems), (line, problems)


def test_missing_intent_lines_are_reported(tmp_path: Path) -> None:
    data = yaml.safe_load(REFERENCE_PERSONA.read_text(encoding="utf-8"))
    del data["lines"]["close"]
    path = tmp_path / "cfo-skeptic.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    problems = problems_of(load_persona, path)
    assert any("needs at least one line for: close" in p for p in problems)


def test_id_must_match_file_name(tmp_path: Path) -> None:
    path = tmp_path / "someone-else.yaml"
    shutil.copy(REFERENCE_PERSONA, path)
    assert any("must match the file name" in p for p in problems_of(load_persona, path))


TOPIC_CASES = [
    ("kind: digital", "kind: gadget", "'kind' must be one of digital, culture", "kind: gadget"),
    # the second concept with the same id is the one reported
    (
        "  - id: prediction\n",
        "  - id: checking\n",
        "duplicate concept id 'checking'",
        "  - id: checking\n    name: Check",
    ),
    (
        "    misconceptions:\n      - So it searches",
        "    misconceptions: []\n    x:\n      - So it searches",
        "unknown field 'concepts[0].x'",
        "    x:",
    ),
]


@pytest.mark.parametrize(("old", "new", "message", "anchor"), TOPIC_CASES)
def test_topic_errors_name_file_and_line(
    tmp_path: Path, old: str, new: str, message: str, anchor: str
) -> None:
    path, _ = edited(tmp_path, REFERENCE_TOPIC, old, new)
    text = path.read_text(encoding="utf-8")
    line = text[: text.index(anchor)].count("\n") + 1
    problems = problems_of(load_topic, path)
    assert any(p.startswith(f"{path}:{line}:") and message in p for p in problems), (line, problems)


def test_invalid_yaml_reports_line(tmp_path: Path) -> None:
    path = tmp_path / "broken.yaml"
    path.write_text("id: broken\nname: [unclosed\nrole: x\n", encoding="utf-8")
    problems = problems_of(load_persona, path)
    assert problems[0].startswith(f"{path}:3:") and "invalid YAML" in problems[0]


def test_non_utf8_file_reports_line(tmp_path: Path) -> None:
    path = tmp_path / "latin.yaml"
    path.write_bytes(b"id: latin\nname: Ren\xe9e\n")
    problems = problems_of(load_persona, path)
    assert problems[0].startswith(f"{path}:2:") and "UTF-8" in problems[0]


def test_guidance_front_matter_errors(tmp_path: Path) -> None:
    path = tmp_path / "g.md"
    path.write_text(
        "---\ntitle: Listening\naudience: everyone\n---\n## Body\nText.\n", encoding="utf-8"
    )
    with pytest.raises(ContentError) as info:
        load_guidance(path)
    assert str(info.value).startswith(f"{path}:3:") and "audience" in str(info.value)
    path.write_text("## No front matter\n", encoding="utf-8")
    with pytest.raises(ContentError, match="front matter"):
        load_guidance(path)


def make_roots(tmp_path: Path) -> tuple[ContentRoots, Path]:
    user = tmp_path / "user"
    (user / "personas").mkdir(parents=True)
    (user / "topics").mkdir()
    roots = ContentRoots(prompts=(shipped_prompts(), user), knowledge=(tmp_path / "none",))
    return roots, user


def test_user_file_overrides_shipped_one(tmp_path: Path) -> None:
    roots, user = make_roots(tmp_path)
    edited(user / "personas", REFERENCE_PERSONA, "name: Margaret Okafor", "name: Maggie Override")
    shutil.move(str(user / "personas" / "cfo-skeptic.yaml"), user / "personas" / "cfo-skeptic.yaml")
    library = load_library(roots=roots)
    assert library.personas["cfo-skeptic"].name == "Maggie Override"
    assert library.overridden and library.overridden[0][1].parent == user / "personas"


def test_bad_file_is_reported_and_others_still_load(tmp_path: Path) -> None:
    roots, user = make_roots(tmp_path)
    (user / "personas" / "half-written.yaml").write_text(
        "id: half-written\nmode: mentor\n", encoding="utf-8"
    )
    library = load_library(roots=roots)
    assert "cfo-skeptic" in library.personas and "half-written" not in library.personas
    assert any(
        str(p).startswith(str(user / "personas" / "half-written.yaml")) for p in library.problems
    )


def test_lint_paths_checks_given_files(tmp_path: Path) -> None:
    good = tmp_path / "personas"
    good.mkdir()
    shutil.copy(REFERENCE_PERSONA, good / "cfo-skeptic.yaml")
    assert lint_paths([good]) == []
    bad = tmp_path / "templates"
    bad.mkdir()
    (bad / "x.j2").write_text("{% if %}", encoding="utf-8")
    assert any("template syntax error" in str(p) for p in lint_paths([bad]))
