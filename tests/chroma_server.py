"""A real Chroma server on loopback for tests: `chroma run` on a free port.

`running_chroma(path)` starts the server the chromadb package installs, waits until
its heartbeat answers, and stops it (by its own pid) on exit. The session-scoped
`chroma_url` fixture shares one server across the tests that need it.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def running_chroma(path: Path, timeout: float = 60.0) -> Iterator[str]:
    """Start `chroma run` on 127.0.0.1 and yield its URL; skip the test if unavailable."""
    exe = shutil.which("chroma")
    if exe is None:
        pytest.skip("the `chroma` command (installed with chromadb) is not on PATH")
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    log = path / "chroma.log"
    path.mkdir(parents=True, exist_ok=True)
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [exe, "run", "--path", str(path / "db"), "--host", "127.0.0.1", "--port", str(port)],
            stdout=out,
            stderr=subprocess.STDOUT,
            env={**os.environ, "ANONYMIZED_TELEMETRY": "False"},
        )
        try:
            _wait(url, proc, timeout, log)
            yield url
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


def _wait(url: str, proc: subprocess.Popen[bytes], timeout: float, log: Path) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"chroma run exited early:\n{log.read_text(errors='replace')}")
        try:
            with urllib.request.urlopen(f"{url}/api/v2/heartbeat", timeout=1) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"chroma run did not answer within {timeout} s:\n{log.read_text()}")


@pytest.fixture(scope="session")
def chroma_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """URL of a Chroma server shared by the whole test session."""
    with running_chroma(tmp_path_factory.mktemp("chroma-server")) as url:
        yield url
