"""`rmcoach persona import`: Character Card V2/V1 JSON -> a persona that lints and rehearses."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml

from rmcoach.cli import main
from rmcoach.content.cardv2 import import_card, slug
from rmcoach.content.persona import load_persona
from rmcoach.partner.prompt import example_pairs

CARDS = Path(__file__).parent / "data" / "cards"


def personas_dir(home: Path) -> Path:
    return home / "content" / "personas"


@pytest.fixture
def fast_guidance(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RMCOACH_EMBEDDING", "hashing")


def test_v2_card_imports_lints_and_rehearses(
    isolated_home: Path, tmp_path: Path, fast_guidance: None, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["persona", "import", str(CARDS / "coo-harriet-v2.json")]) == 0
    out = capsys.readouterr().out
    path = personas_dir(isolated_home) / "harriet-vance.yaml"
    assert f"Wrote {path}" in out
    report = out.split("Could not map", 1)[1]
    for field in (
        "system_prompt",
        "post_history_instructions",
        "alternate_greetings",
        "extensions",
    ):
        assert field in report.split("Filled with defaults", 1)[0]
    defaults = out.split("Filled with defaults", 1)[1]
    for field in ("concerns", "pain_points", "lines", "difficulties", "speaking_style"):
        assert f"- {field}:" in defaults
    assert main(["lint", str(path)]) == 0
    assert main(["lint"]) == 0

    persona = load_persona(path)
    assert persona.name == "Harriet Vance" and persona.mode == "mentor"
    assert persona.role == "Chief Operating Officer" and persona.pronouns == "she/her"
    assert persona.tags == ("insurance", "operations", "sceptical")
    assert "rekeying before pitching" in persona.creator_notes
    assert "version 1.2" in persona.creator_notes
    text = path.read_text()
    assert not re.search(r"\{\{\s*(char|user)\s*\}\}", text, flags=re.IGNORECASE)
    assert "*looks up" not in persona.first_message
    assert "Fifteen minutes. What have you got for me?" in persona.first_message
    assert "the learner's generation" in persona.personality
    assert "Situation: The learner has fifteen minutes" in persona.personality
    assert example_pairs(persona.example_dialogue) == [
        {
            "they": "It uses machine learning to triage claims.",
            "you": "Machine learning. Meaning what, in claims-handler terms?",
        },
        {
            "they": "What slows your team down most?",
            "you": "Rekeying. Every claim gets typed in twice. "
            "And nobody has fixed it in ten years.",
        },
    ]
    capsys.readouterr()
    script = tmp_path / "turns.txt"
    script.write_text("What takes up most of your week?\nSo the reports eat your Monday.\n")
    assert (
        main(
            [
                "rehearse",
                "--persona",
                "harriet-vance",
                "--topic",
                "generative-ai",
                "--script",
                str(script),
                "--json",
            ]
        )
        == 0
    )
    result = json.loads(capsys.readouterr().out)
    assert result["turns"][0]["text"] == persona.first_message
    assert result["scorecard"]["scores"]


def test_v1_card_as_mentee_with_a_note(
    isolated_home: Path, tmp_path: Path, fast_guidance: None, capsys: pytest.CaptureFixture[str]
) -> None:
    args = [
        "persona",
        "import",
        str(CARDS / "dev-lead-v1.json"),
        "--mode",
        "mentee",
        "--id",
        "dev-lead",
    ]
    assert main(args) == 0
    out = capsys.readouterr().out
    assert "V1 card" in out
    persona = load_persona(personas_dir(isolated_home) / "dev-lead.yaml")
    assert persona.mode == "mentee" and persona.id == "dev-lead"
    assert {"explain", "hedge", "go_quiet"} <= set(persona.lines)
    assert "Learner: What does async mean?" in persona.example_dialogue
    script = tmp_path / "turns.txt"
    script.write_text("What would you change about how we work?\n")
    assert (
        main(
            [
                "rehearse",
                "--persona",
                "dev-lead",
                "--topic",
                "collaboration-tools",
                "--mode",
                "mentee",
                "--script",
                str(script),
            ]
        )
        == 0
    )


def test_unknown_macros_and_template_syntax_are_neutralised(tmp_path: Path) -> None:
    result = import_card(CARDS / "macros-v2.json", tmp_path)
    assert result.persona_id == "dr-degard"
    assert any("{{random:stern,kind}}" in n and "{{time}}" not in n for n in result.notes)
    assert any("{{time}}" in n for n in result.notes)
    assert any("'{%'" in n for n in result.notes)
    data = yaml.safe_load(result.text)
    assert "{{" not in data["first_message"] and "{%" not in data["personality"]
    assert data["summary"] == "A hospital director."
    path = tmp_path / "dr-degard.yaml"
    path.write_text(result.text, encoding="utf-8")
    assert load_persona(path).first_message.startswith("Good morning.")


def test_out_dir_id_and_force(
    isolated_home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out_dir = tmp_path / "review"
    card = str(CARDS / "coo-harriet-v2.json")
    assert main(["persona", "import", card, "--out", str(out_dir), "--id", "coo-harriet"]) == 0
    assert (out_dir / "coo-harriet.yaml").is_file()
    assert "copy the file there" in capsys.readouterr().err
    assert not personas_dir(isolated_home).exists()
    assert main(["persona", "import", card, "--out", str(out_dir), "--id", "coo-harriet"]) == 2
    assert "already exists" in capsys.readouterr().err
    assert (
        main(
            [
                "persona",
                "import",
                card,
                "--out",
                str(out_dir),
                "--id",
                "coo-harriet",
                "--force",
                "--json",
            ]
        )
        == 0
    )
    report = json.loads(capsys.readouterr().out)
    assert report["id"] == "coo-harriet" and report["card_version"] == "V2"
    assert any(u.startswith("system_prompt") for u in report["unmapped"])
    assert main(["persona", "import", card, "--id", "Bad Id"]) == 2
    assert "not a valid persona id" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("broken.json", None, "broken.json:3:1: not valid JSON"),
        ("not-a-card.json", None, "not-a-card.json: not a character card"),
        ("list.json", "[1, 2]", "list.json: not a character card"),
        ("v2-no-data.json", '{"spec": "chara_card_v2"}', "needs a 'data' object"),
        ("v9.json", '{"spec": "chara_card_v9", "data": {}}', "unknown card spec 'chara_card_v9'"),
        (
            "typed.json",
            '{"spec": "chara_card_v2", "data": {"name": "Al Bo", "description": ["x"]}}',
            "card field 'description' must be text, got list",
        ),
        ("noname.json", '{"spec": "chara_card_v2", "data": {"name": ""}}', "the card has no name"),
        (
            "cjk.json",
            '{"spec": "chara_card_v2", "data": {"name": "\\u738b\\u82b3"}}',
            "cannot make an id from the name",
        ),
        ("card.png", None, "no such card file"),
    ],
)
def test_bad_cards_fail_clearly_naming_the_file(
    name: str,
    content: str | None,
    message: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    path = CARDS / name
    if content is not None:
        path = tmp_path / name
        path.write_text(content, encoding="utf-8")
    assert main(["persona", "import", str(path)]) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err


def test_png_card_gets_a_hint(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "card.json"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\xff\xfe")
    assert main(["persona", "import", str(path)]) == 2
    assert "PNG card" in capsys.readouterr().err


def test_slug() -> None:
    assert slug("Margaret Okafor") == "margaret-okafor"
    assert slug("  José  Núñez-Ruiz!! ") == "jose-nunez-ruiz"
    assert len(slug("x " * 80)) <= 64
