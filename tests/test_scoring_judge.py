"""The optional LLM judge against a real loopback HTTP server with crafted replies."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path
from typing import Any, ClassVar

import pytest

from rmcoach.config import Settings, load_settings
from rmcoach.scoring import scorecard
from rmcoach.transcript import Transcript, Turn

TRANSCRIPT = Transcript(
    turns=[
        Turn("partner", "Honestly? The board pack. Four days a month reformatting commentary."),
        Turn("learner", "So the board pack eats four days a month. What would you do with them?"),
        Turn("partner", "Analysis, for once."),
        Turn(
            "learner",
            "It can draft the commentary; you check it. How would you explain that to your team?",
        ),
    ]
)


class _Handler(BaseHTTPRequestHandler):
    replies: ClassVar[list[Any]] = []
    prompts: ClassVar[list[str]] = []

    def do_POST(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        type(self).prompts.append(body["messages"][0]["content"])
        reply = type(self).replies.pop(0)
        if isinstance(reply, int):
            self.send_response(reply)
            self.end_headers()
            return
        payload = {
            "id": "x",
            "object": "chat.completion",
            "created": 0,
            "model": "judge-test",
            "choices": [
                {
                    "index": 0,
                    "finish_reason": "stop",
                    "message": {"role": "assistant", "content": reply},
                }
            ],
        }
        data = json.dumps(payload).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def server() -> Iterator[tuple[str, type[_Handler]]]:
    handler = type("Handler", (_Handler,), {"replies": [], "prompts": []})
    httpd = HTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/v1", handler
    httpd.shutdown()
    httpd.server_close()


def _settings(base_url: str, tmp_path: Path, judge: bool = True) -> Settings:
    env = {
        "RMCOACH_HOME": str(tmp_path),
        "OPENAI_BASE_URL": base_url,
        "OPENAI_API_KEY": "test-key",
        "RMCOACH_MODEL": "judge-test",
        "RMCOACH_JUDGE": "1" if judge else "0",
        "RMCOACH_MAX_RETRIES": "0",
        "RMCOACH_TIMEOUT": "5",
    }
    return load_settings(env)


def test_judge_scores_are_combined_and_non_verbatim_quotes_dropped(
    server: Any, tmp_path: Path
) -> None:
    url, handler = server
    handler.replies.append(
        json.dumps(
            {
                "scores": {
                    "clarity": {
                        "score": 90,
                        "evidence": [
                            {
                                "turn": 4,
                                "quote": "It can draft the commentary; you check it.",
                                "note": "plain",
                            },
                            {
                                "turn": 4,
                                "quote": "It writes the whole board paper for you.",
                                "note": "invented",
                            },
                        ],
                    },
                    "listening": {
                        "score": 80,
                        "evidence": [
                            {"turn": 1, "quote": "Honestly?", "note": "partner turn, not allowed"},
                        ],
                    },
                    "charisma": {"score": 100},
                }
            }
        )
    )
    rules = scorecard(TRANSCRIPT, None, None)
    card = scorecard(TRANSCRIPT, None, None, _settings(url, tmp_path))
    judge = card.notes["judge"]
    assert (
        judge["used"]
        and judge["dropped_quotes"] == 2
        and judge["scores"] == {"clarity": 90, "listening": 80}
    )
    clarity = card.scores["clarity"]
    assert clarity.source == "rules+judge" and clarity.components["judge"] == 0.9
    assert clarity.score == round(0.7 * rules.scores["clarity"].score + 0.3 * 90)
    quotes = [e.quote for e in clarity.evidence]
    assert "It can draft the commentary; you check it." in quotes
    assert "It writes the whole board paper for you." not in quotes
    assert not any(e.note.startswith("judge") for e in card.scores["listening"].evidence)
    assert "[4] learner: It can draft the commentary" in handler.prompts[0]


@pytest.mark.parametrize(
    "reply", [500, "this is not json", json.dumps({"scores": {"clarity": {"score": 900}}})]
)
def test_any_judge_failure_leaves_a_rules_only_scorecard(
    server: Any, tmp_path: Path, reply: Any
) -> None:
    url, handler = server
    handler.replies.append(reply)
    card = scorecard(TRANSCRIPT, None, None, _settings(url, tmp_path))
    rules = scorecard(TRANSCRIPT, None, None)
    assert {n: s.score for n, s in card.scores.items()} == {
        n: s.score for n, s in rules.scores.items()
    }
    assert all(s.source == "rules" for s in card.scores.values())
    assert card.notes["judge"]["used"] is False and "rules only" in card.notes["judge"]["reason"]


def test_judge_not_called_unless_asked(server: Any, tmp_path: Path) -> None:
    url, handler = server
    card = scorecard(TRANSCRIPT, None, None, _settings(url, tmp_path, judge=False))
    assert card.notes == {} and handler.prompts == []


def test_unreachable_endpoint_is_a_note_not_an_error(tmp_path: Path) -> None:
    card = scorecard(TRANSCRIPT, None, None, _settings("http://127.0.0.1:9/v1", tmp_path))
    assert card.notes["judge"]["used"] is False
