"""`rmcoach persona new|show|try` as a trainer runs them, through the CLI entry point."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml

from rmcoach.cli import main
from rmcoach.config import load_settings
from rmcoach.content.library import load_library
from rmcoach.content.models import EXTRA_LINE_KEYS, INTENTS
from rmcoach.content.persona import PERSONA_FIELDS, load_persona
from rmcoach.content.scaffold import skeleton
from rmcoach.scoring.rubric import effective_rubric

TURNS = [
    "What takes up most of your week at the moment?",
    "So the weekly reports eat your Monday morning.",
    "You could paste the reports into the tool and it would summarise them.",
    "We would use the company version, which stays inside our systems and is not stored.",
]


def persona_path(home: Path, persona_id: str) -> Path:
    return home / "content" / "personas" / f"{persona_id}.yaml"


def script(tmp_path: Path, turns: list[str] = TURNS) -> Path:
    path = tmp_path / "turns.txt"
    path.write_text("\n".join(turns) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def fast_guidance(monkeypatch: pytest.MonkeyPatch) -> None:
    """Hashing embeddings: the guidance index builds in a moment (retrieval is not tested here)."""
    monkeypatch.setenv("RMCOACH_EMBEDDING", "hashing")


# new -------------------------------------------------------------------------------------


@pytest.mark.parametrize("mode", ["mentor", "mentee"])
def test_new_writes_a_commented_skeleton_that_lints(
    mode: str, isolated_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["persona", "new", "head-of-ops", "--mode", mode]) == 0
    path = persona_path(isolated_home, "head-of-ops")
    out = capsys.readouterr().out
    assert str(path) in out
    for step in (
        "persona show head-of-ops",
        "persona try head-of-ops",
        "rehearse --persona head-of-ops",
    ):
        assert step in out
    persona = load_persona(path)
    assert persona.mode == mode and persona.id == "head-of-ops"
    assert main(["lint", str(path)]) == 0
    assert main(["lint"]) == 0  # the whole library, cross-checks included


@pytest.mark.parametrize("mode", ["mentor", "mentee"])
def test_skeleton_explains_every_field_and_every_line_key(mode: str) -> None:
    text = skeleton("head-of-ops", mode)
    comments = "\n".join(line for line in text.splitlines() if line.lstrip().startswith("#"))
    for name in PERSONA_FIELDS:
        assert re.search(rf"#.*\b{name}\b", comments), f"no comment explains {name!r}"
    for number in ("patience", "jargon_tolerance", "concern_intensity", "trust"):
        assert re.search(rf"#\s+{number}\s+\S", comments), number
    keys = set(yaml.safe_load(text)["lines"])
    assert set(INTENTS) <= keys
    for key in keys:
        assert key in INTENTS or key in EXTRA_LINE_KEYS
        assert re.search(rf"#\s+{key}\b", comments), f"no comment explains lines.{key}"
    assert "never sent to a language model, never shown in a session" in comments.lower()


@pytest.mark.parametrize("mode", ["mentor", "mentee"])
def test_skeleton_rubric_example_is_valid_when_uncommented(mode: str, tmp_path: Path) -> None:
    text = skeleton("head-of-ops", mode)
    text = re.sub(r"^# (rubric:|  weights:|  targets:)", r"\1", text, flags=re.MULTILINE)
    path = tmp_path / "head-of-ops.yaml"
    path.write_text(text, encoding="utf-8")
    persona = load_persona(path)
    assert persona.rubric["weights"] and persona.rubric["targets"]
    rubric = effective_rubric(mode, persona, None)
    for name, value in persona.rubric["targets"].items():
        assert rubric.targets[name] == value


def test_new_refuses_to_overwrite_without_force(
    isolated_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["persona", "new", "head-of-ops"]) == 0
    path = persona_path(isolated_home, "head-of-ops")
    path.write_text(path.read_text() + "\n# my edits\n", encoding="utf-8")
    capsys.readouterr()
    assert main(["persona", "new", "head-of-ops", "--mode", "mentee"]) == 2
    err = capsys.readouterr().err
    assert "already exists" in err and "--force" in err and "Traceback" not in err
    assert "# my edits" in path.read_text()
    assert main(["persona", "new", "head-of-ops", "--mode", "mentee", "--force"]) == 0
    assert load_persona(path).mode == "mentee"


@pytest.mark.parametrize("bad", ["Head_Of_Ops", "ab", "lead-", "a b c", "x" * 70])
def test_new_rejects_bad_ids_with_a_clear_message(
    bad: str, isolated_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["persona", "new", bad]) == 2
    err = capsys.readouterr().err
    assert "not a valid persona id" in err and "lowercase" in err
    assert not (isolated_home / "content" / "personas").exists()


def test_new_persona_rehearses(
    isolated_home: Path, tmp_path: Path, fast_guidance: None, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["persona", "new", "head-of-ops"]) == 0
    capsys.readouterr()
    args = [
        "--persona",
        "head-of-ops",
        "--topic",
        "generative-ai",
        "--script",
        str(script(tmp_path)),
    ]
    assert main(["rehearse", *args, "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    intents = [t["move"]["intent"] for t in result["turns"] if t["speaker"] == "partner"]
    assert "reveal" in intents and "raise_concern" in intents


# show ------------------------------------------------------------------------------------


def test_show_prints_every_section_with_hidden_material_apart(
    isolated_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["persona", "show", "cfo-skeptic", "--topic", "generative-ai"]) == 0
    out = capsys.readouterr().out
    headings = re.findall(r"^== (.+) ==$", out, flags=re.MULTILINE)
    assert [h.split(":")[0].split(" (")[0] for h in headings] == [
        "Difficulty",
        "Concerns",
        "Pain points",
        "Scripted lines",
        "LLM system prompt",
        "Hidden material",
    ]
    hidden_at = out.index("== Hidden material: never sent to a model, never shown in a session ==")
    persona = load_library().persona("cfo-skeptic")
    for notes in (persona.creator_notes, persona.debrief_notes):
        assert out.index(" ".join(notes.split())) > hidden_at
    assert "effective rubric" in out[hidden_at:] and "talk_share" in out[hidden_at:]
    assert "| You are Margaret Okafor" in out
    assert "Sorry, hallucination? Say that in words" in out or "ask_meaning:" in out
    assert "patience           90 words" in out


def test_show_json_has_a_prompt_per_intent_and_difficulty_changes_it(
    isolated_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["persona", "show", "cfo-skeptic", "--json", "--difficulty", "hard"]) == 0
    hard = json.loads(capsys.readouterr().out)
    assert main(["persona", "show", "cfo-skeptic", "--json", "--difficulty", "easy"]) == 0
    easy = json.loads(capsys.readouterr().out)
    assert set(hard["system_prompts"]) == set(INTENTS)
    assert hard["level"]["patience"] == 60 and easy["level"]["patience"] == 150
    assert "trust in them low" in hard["system_prompts"]["acknowledge"]
    assert "trust in them moderate" in easy["system_prompts"]["acknowledge"]
    assert hard["topic"] == "generative-ai"  # the first topic under knowledge
    term = hard["example_slots"]["term"]
    assert f'what "{term}" means' in hard["system_prompts"]["ask_meaning"]
    assert hard["hidden"]["note"] == "never sent to a model, never shown in a session"
    assert set(hard["lines"]) >= set(INTENTS)
    assert "{{" not in json.dumps(hard["lines"])


def test_show_reports_a_broken_persona_with_file_and_line(
    isolated_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["persona", "new", "head-of-ops"]) == 0
    path = persona_path(isolated_home, "head-of-ops")
    path.write_text(path.read_text().replace("patience: 100", "patience: lots"), encoding="utf-8")
    capsys.readouterr()
    assert main(["persona", "show", "head-of-ops"]) == 2
    err = capsys.readouterr().err
    line = next(
        i for i, text in enumerate(path.read_text().splitlines(), 1) if "patience: lots" in text
    )
    assert f"{path}:{line}:" in err and "patience" in err


def test_show_unknown_persona_and_topic(
    isolated_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["persona", "show", "cfo-skeptik"]) == 2
    assert "Did you mean 'cfo-skeptic'" in capsys.readouterr().err
    assert main(["persona", "show", "cfo-skeptic", "--topic", "nope-topic"]) == 2
    assert "unknown topic" in capsys.readouterr().err


# try -------------------------------------------------------------------------------------


def test_try_shows_each_rule_and_saves_nothing(
    isolated_home: Path, tmp_path: Path, fast_guidance: None, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["persona", "new", "head-of-ops"]) == 0
    capsys.readouterr()
    assert main(["persona", "try", "head-of-ops", "--script", str(script(tmp_path))]) == 0
    out = capsys.readouterr().out
    assert "nothing is saved" in out
    assert "[1] You: What takes up most of your week" in out
    assert re.search(r"rule: reveal - Shared .+open question", out)
    assert re.search(r"rule: raise_concern - Raised .+'paste'", out)
    assert "analysed as: question/open" in out
    assert "Scores" in out and "listening" in out
    assert not load_settings().paths.history_db.exists()
    assert main(["history", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == []


def test_try_json_and_difficulty_change_which_rules_fire(
    isolated_home: Path, tmp_path: Path, fast_guidance: None, capsys: pytest.CaptureFixture[str]
) -> None:
    long_turn = (
        "Let me walk you through how the whole thing works from the start, because "
        "there is quite a lot to it and I want you to have the full picture. " * 3
    ).strip()
    path = script(tmp_path, [long_turn])
    intents = {}
    for level in ("easy", "hard"):
        assert (
            main(
                [
                    "persona",
                    "try",
                    "cfo-skeptic",
                    "--script",
                    str(path),
                    "--difficulty",
                    level,
                    "--json",
                    "--seed",
                    "3",
                ]
            )
            == 0
        )
        result = json.loads(capsys.readouterr().out)
        assert result["saved"] is False and result["difficulty"] == level
        assert "session_id" not in result
        intents[level] = result["turns"][2]["move"]["intent"]
    words = len(long_turn.split())
    assert 60 < words <= 150
    assert intents == {"easy": intents["easy"], "hard": "interrupt"}
    assert intents["easy"] != "interrupt"


def test_try_needs_a_script(isolated_home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["persona", "try", "cfo-skeptic", "--script", "no-such-file.txt"]) == 2
    assert "no such script file" in capsys.readouterr().err


def test_persona_without_action_prints_help(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["persona"]) == 0
    out = capsys.readouterr().out
    for action in ("new", "show", "try", "import"):
        assert action in out
