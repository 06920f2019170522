"""Nothing leaked: no connection leaves the machine; the API key appears in no output."""

from __future__ import annotations

import ipaddress
import json
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from rmcoach.cli import main

CANARY = "sk-canary-1234567890-DO-NOT-LEAK-abcd"


class NetworkAttempt(AssertionError):
    pass


def _is_local(host: object) -> bool:
    if host in ("localhost", None, ""):
        return True
    try:
        return ipaddress.ip_address(str(host).strip("[]")).is_loopback
    except ValueError:
        return False


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """Fail on any attempt to reach a non-loopback address (and record it)."""
    attempts: list[object] = []
    real_connect = socket.socket.connect
    real_getaddrinfo = socket.getaddrinfo

    def guarded_connect(self: socket.socket, address: object) -> None:
        if self.family in (socket.AF_INET, socket.AF_INET6) and not _is_local(address[0]):  # type: ignore[index]
            attempts.append(address)
            raise NetworkAttempt(f"network connection attempted to {address}")
        return real_connect(self, address)  # type: ignore[arg-type]

    def guarded_getaddrinfo(host: object, *args: object, **kwargs: object):  # type: ignore[no-untyped-def]
        if not _is_local(host):
            attempts.append(host)
            raise NetworkAttempt(f"name lookup attempted for {host}")
        return real_getaddrinfo(host, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(socket.socket, "connect", guarded_connect)
    monkeypatch.setattr(socket, "getaddrinfo", guarded_getaddrinfo)
    return attempts


def write_script(tmp_path: Path) -> Path:
    script = tmp_path / "script.txt"
    script.write_text(
        "What takes up most of your month?\n"
        "So the board pack costs you four days, and that's the real pain.\n"
        "We would only use the approved company version, under contract, so nothing is used for training.\n"
        "How would you explain this to your team in your own words?\n",
        encoding="utf-8",
    )
    return script


def test_whole_rehearsal_with_indexing_opens_no_outside_connection(
    tmp_path: Path, no_network: list[object], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["kb", "index"]) == 0
    capsys.readouterr()
    assert (
        main(
            [
                "rehearse",
                "--persona",
                "cfo-skeptic",
                "--topic",
                "generative-ai",
                "--script",
                str(write_script(tmp_path)),
                "--json",
            ]
        )
        == 0
    )
    out = json.loads(capsys.readouterr().out)
    assert out["scorecard"]["scores"]["listening"]["score"] >= 0
    assert no_network == []


def test_chroma_telemetry_is_off(isolated_home: Path) -> None:
    from rmcoach.config import load_settings
    from rmcoach.knowledge.store import open_client

    client = open_client(load_settings())
    assert client.get_settings().anonymized_telemetry is False


def run(args: list[str], home: Path, extra_env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "RMCOACH_HOME": str(home), **extra_env}
    return subprocess.run(
        [sys.executable, "-m", "rmcoach", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )


def test_api_key_never_appears_in_any_output(tmp_path: Path, isolated_home: Path) -> None:
    refused_port = _free_port()
    env = {
        "OPENAI_API_KEY": CANARY,
        "OPENAI_BASE_URL": f"http://127.0.0.1:{refused_port}/v1",
        "RMCOACH_MODEL": "any-model",
        "RMCOACH_TIMEOUT": "2",
        "RMCOACH_MAX_RETRIES": "0",
    }
    outputs = []
    rehearse = run(
        [
            "rehearse",
            "--persona",
            "cfo-skeptic",
            "--topic",
            "generative-ai",
            "--script",
            str(write_script(tmp_path)),
            "--json",
        ],
        isolated_home,
        env,
    )
    assert rehearse.returncode == 0, rehearse.stderr
    outputs += [rehearse.stdout, rehearse.stderr]
    assert json.loads(rehearse.stdout)["notices"], "the endpoint failure should be noticed"
    for args in (
        ["doctor"],
        ["doctor", "--json"],
        ["history", "--json"],
        ["export", "1", "--format", "md"],
        ["export", "1", "--format", "json"],
        ["score", "--json", str(write_script(tmp_path))],
    ):
        result = run(args, isolated_home, env)
        outputs += [result.stdout, result.stderr]
    files = [p for p in isolated_home.rglob("*") if p.is_file()]
    assert any(p.name == "history.db" for p in files)
    for text in outputs:
        assert CANARY not in text and CANARY[-10:] not in text
    for path in files:
        assert CANARY.encode() not in path.read_bytes(), path


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])
