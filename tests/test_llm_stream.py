"""The LLM path against the real llama.cpp OpenAI-compatible server on loopback."""

from __future__ import annotations

import subprocess
import sys
import time

import pytest

from llm_servers import collect, llm_settings
from rmcoach.llm_client import StreamEnd, stream_text
from rmcoach.partner import llm

#: Generous: CI machines have two cores and the prompt is processed on the CPU.
TIMEOUT = 60.0

MESSAGES = [
    {"role": "system", "content": "You are a finance director. Answer in one short sentence."},
    {"role": "user", "content": "What takes up most of your month?"},
]


@pytest.mark.llm_server
async def test_stream_text_yields_several_fragments(llama_server: str) -> None:
    settings = llm_settings(llama_server, timeout=TIMEOUT)
    end: list[StreamEnd] = []
    fragments = [f async for f in stream_text(settings, MESSAGES, max_tokens=60, end=end)]
    assert len(fragments) > 1
    assert "".join(fragments).strip()
    assert all(isinstance(f, str) and f for f in fragments)
    assert end and end[0].finish_reason in ("stop", "length")


@pytest.mark.llm_server
async def test_stream_text_honours_stop_and_max_tokens(llama_server: str) -> None:
    settings = llm_settings(llama_server, timeout=TIMEOUT)
    end: list[StreamEnd] = []
    text = "".join(
        [f async for f in stream_text(settings, MESSAGES, max_tokens=8, stop=["\n"], end=end)]
    )
    assert "\n" not in text
    assert len(text.split()) <= 10
    assert end[0].finish_reason in ("stop", "length")


@pytest.mark.llm_server
async def test_partner_reply_end_to_end(llama_server: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(llm, "TEMPERATURE", 0.0)  # greedy: the same reply every run
    settings = llm_settings(llama_server, timeout=TIMEOUT)
    started = time.perf_counter()
    fragments, final = await collect(settings)
    assert final.source == "llm", final
    assert final.notice is None
    assert len(fragments) > 1
    streamed = "".join(f.text for f in fragments)
    assert final.text and final.text in streamed.strip()
    assert time.perf_counter() - started < settings.timeout


def test_llm_modules_do_not_import_openai_at_import_time() -> None:
    code = (
        "import sys, rmcoach.partner.llm, rmcoach.llm_client, rmcoach.partner.guard;"
        "print('openai' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
